/** CBS.log parser: prefix columns, CSI heads, multi-line records, summaries, WER and installer lines. */
import { cbsParser } from '../../../src/diagnosis/parsers/cbs';

const parse = (text: string, line = 1) => cbsParser().parse({ line, text }, 'CBS.log');

describe('cbs parser', () => {
  it('splits the fixed prefix into timestamp, level, component and message', () => {
    const r = parse(
      '2022-05-19 11:49:09, Error                 CBS    Failed to complete component closure [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
      7,
    );
    expect(r).toMatchObject({
      file: 'CBS.log',
      format: 'cbs',
      line: 7,
      timestamp: '2022-05-19 11:49:09',
      level: 'Error',
      component: 'CBS',
      message:
        'Failed to complete component closure [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
      codes: ['0x80073712'],
      names: ['ERROR_SXS_COMPONENT_STORE_CORRUPT'],
    });
  });

  it('reads the message id in the level field and the CSI sequence, UTC stamp and (F) flag', () => {
    const r = parse(
      '2020-11-02 21:35:18, Error      [0x01805c] CSI    000000f4@2020/11/2:13:35:18.123 (F) Failed execution of queue item Installer: Task Scheduler ({81a34a10}) with HRESULT HRESULT_FROM_WIN32(2).[gle=0x80004005]',
    );
    expect(r.level).toBe('Error');
    expect(r.component).toBe('CSI');
    expect(r.fields).toMatchObject({
      msgId: '0x01805c',
      seq: '000000f4',
      utc: '2020/11/2:13:35:18.123',
      failure: true,
    });
    expect(r.codes).toEqual(['0x80070002', '0x80004005']);
  });

  it('keeps continuation lines of a multi-line CSI record in the message', () => {
    const r = parse(
      "2020-11-02 21:35:02, Info                  CSI    000000e9 Begin executing advanced installer phase 38 index 79 (sequence 1418)\n    Old component: [l:0]''\n    Installer name: 'Task Scheduler'\n    Completion status: HRESULT_FROM_WIN32(ERROR_MOD_NOT_FOUND)",
    );
    expect(r.fields.installer).toBe('Task Scheduler');
    expect(r.fields.completionStatus).toBe('HRESULT_FROM_WIN32(ERROR_MOD_NOT_FOUND)');
    expect(r.names).toContain('ERROR_MOD_NOT_FOUND');
    expect(r.message.split('\n')).toHaveLength(4);
  });

  it('reads the advanced-installer error summary (TAB-separated)', () => {
    const r = parse(
      '2018-12-08 18:38:11, Error                 CSI    00000057 (F) Installer: Network Drivers\tBinary Name: NetSetupAI.dll\tErrorCode: 800106d9\tPhase: 31\tMode: Delta\tComponent: NONE[gle=0x80004005]',
    );
    expect(r.fields).toMatchObject({
      installer: 'Network Drivers',
      binary: 'NetSetupAI.dll',
      installerError: '0x800106d9',
      phase: 31,
      failure: true,
    });
    expect(r.codes).toEqual(['0x800106d9', '0x80004005']);
  });

  it('reads the un-timestamped 6.2 DISM summary block as part of its record', () => {
    const r = parse(
      '2014-03-07 10:11:12, Info                  CBS    Checking System Update Readiness.\nSummary:\nOperation: Detect and Repair \nOperation result: 0x800f081f\nTotal Detected Corruption:\t3\n\tCSI Payload Corruption:\t3\nTotal Repaired Corruption:\t0\n(p)\tCSI Payload Corrupt\t\t\tamd64_microsoft-windows-x_31bf3856ad364e35_6.2.9200.16384_none_1\\a.dll\nRepair failed: Missing replacement payload.',
    );
    expect(r.fields).toMatchObject({
      operationResult: '0x800f081f',
      detectedCorruption: 3,
      repairedCorruption: 0,
    });
    expect(r.codes).toEqual(['0x800f081f']);
  });

  it('reads WER failure reports', () => {
    const r = parse(
      '2022-05-19 11:49:11, Info                  CBS    WER: Generating failure report for package: Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.2686.1.8, status: 0x80073712, failure source: Execute, start state: Staged, target state: Installed, client id: WindowsUpdateAgent',
    );
    expect(r.fields).toMatchObject({
      package: 'Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.2686.1.8',
      status: '0x80073712',
      failureSource: 'Execute',
      startState: 'Staged',
      targetState: 'Installed',
      client: 'WindowsUpdateAgent',
      rollupBuild: '17763.2686',
    });
  });

  it('marks SFC lines, sessions, the servicing stack version and KB numbers', () => {
    expect(
      parse(
        '2019-02-11 12:36:55, Info                  CSI    00000008 [SR] Beginning Verify and Repair transaction',
      ).fields.sfc,
    ).toBe(true);
    expect(
      parse(
        '2015-02-23 21:47:29, Info                  CBS    Session: 30429148_986313153 initialized by client WindowsUpdateAgent.',
      ).fields,
    ).toMatchObject({
      session: '30429148_986313153',
      client: 'WindowsUpdateAgent',
    });
    expect(
      parse(
        '2022-05-19 11:40:01, Info                  CBS    Loaded Servicing Stack v10.0.17763.2680 with Core: C:\\Windows\\winsxs\\amd64_x\\cbscore.dll',
      ).fields.stackVersion,
    ).toBe('10.0.17763.2680');
    expect(
      parse(
        '2022-05-19 11:40:02, Info                  CBS    Exec: Processing started.  Client: WindowsUpdateAgent, Session: 30928548_3049398512, Package: Package_for_KB5011503~31bf3856ad364e35~amd64~~17763.2686.1.8',
      ).fields.kb,
    ).toBe('KB5011503');
  });

  it('takes a line whose columns were collapsed by a paste', () => {
    const r = parse(
      '2018-12-08 18:38:11, Error CBS Startup: Failed to process advanced operation queue, startupPhase: 0. [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]',
    );
    expect(r).toMatchObject({ level: 'Error', component: 'CBS', codes: ['0x800f0922'] });
    expect(r.message.startsWith('Startup: Failed')).toBe(true);
  });

  it('knows record starts: timestamped lines, including anonymised stamps, and nothing else', () => {
    const p = cbsParser();
    expect(
      p.isRecordStart('2023-05-17 08:24:08, Info                  CBS    Starting TiWorker initialization.'),
    ).toBe(true);
    expect(p.isRecordStart('YYYY-MM-DD HH:MM:SS, Error                 CBS    Failed to ...')).toBe(true);
    expect(p.isRecordStart('[gle=0x80004005]')).toBe(false);
    expect(p.isRecordStart(' Expected: {l:32 ml:33 b:4a5e}.')).toBe(false);
    expect(p.isRecordStart('Summary:')).toBe(false);
  });
});
