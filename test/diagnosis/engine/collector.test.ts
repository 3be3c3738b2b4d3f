/** The reference case end to end: a Chinese collector's zip (CP936 folder names, GBK systeminfo) holding
 * two bank terminals whose CBS.log shows 0x80073712 → both diagnosed, the shared cause named, KB5011503
 * applicable to build 17763. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as iconv from 'iconv-lite';
import { diagnoseCase } from '../../../src/diagnosis/diagnose';
import { renderReport } from '../../../src/diagnosis/report';
import { loadKnowledge } from '../../../src/knowledge/index';
import { makeZip, tempDir } from '../bundle/zip-writer';

const cp936 = (s: string): Buffer => iconv.encode(s, 'cp936');
const row = (ts: string, level: string, comp: string, msg: string): string =>
  `${ts}, ${level.padEnd(22)}${comp.padEnd(7)}${msg}`;

function systeminfo(host: string): Buffer {
  return iconv.encode(
    [
      '',
      `主机名:           ${host}`,
      'OS 名称:          Microsoft Windows 10 企业版 LTSC',
      'OS 版本:          10.0.17763 暂缺 Build 17763',
      'OS 制造商:        Microsoft Corporation',
      'OS 配置:          成员工作站',
      '系统区域设置:     zh-cn;中文(中国)',
      '修补程序:         安装了 2 个修补程序。',
      '                  [01]: KB5005112',
      '                  [02]: KB5010351',
      '',
    ].join('\r\n'),
    'gbk',
  );
}

// The reference case's CBS.log lines (reference-case.md), in the file's real layout, after healthy noise.
function cbsLog(): string {
  const noise: string[] = [];
  for (let i = 0; i < 400; i++) {
    noise.push(
      row(
        '2022-05-19 11:40:01',
        'Info',
        'CBS',
        `Session: 30928548_30493985${String(i).padStart(2, '0')} initialized by client WindowsUpdateAgent.`,
      ),
    );
    noise.push(
      row(
        '2022-05-19 11:40:01',
        'Info',
        'CBS',
        'Failed to internally open package. [HRESULT = 0x800f0805 - CBS_E_INVALID_PACKAGE]',
      ),
    );
  }
  return (
    [
      row(
        '2022-05-19 11:40:00',
        'Info',
        'CBS',
        'Loaded Servicing Stack v10.0.17763.2560 with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.17763.2560_none_7bfc3bdb3f4a5c2e\\cbscore.dll',
      ),
      ...noise,
      row(
        '2022-05-19 11:49:08',
        'Info',
        'CBS',
        'Exec: Processing started.  Client: WindowsUpdateAgent, Session: 30928548_3049398512, Package: Package_for_KB5011503~31bf3856ad364e35~amd64~~17763.2686.1.8',
      ),
      row(
        '2022-05-19 11:49:09',
        'Error',
        'CSI',
        '0000002f@2022/5/19:03:49:09.532 (F) onecore\\base\\wcp\\componentstore\\csd_manifest.cpp(1108): Error STATUS_SXS_COMPONENT_STORE_CORRUPT originated in function CCSDirect::GetComponentManifest expression: (null)',
      ),
      '[gle=0x80004005]',
      row(
        '2022-05-19 11:49:09',
        'Info',
        'CBS',
        'Failed to get enumerator for missing components. [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
      ),
      row(
        '2022-05-19 11:49:09',
        'Error',
        'CBS',
        'Failed to complete component closure [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
      ),
    ].join('\r\n') + '\r\n'
  );
}

describe('a Chinese collector zip with two terminals (the reference case)', () => {
  let dir: string;
  let zipPath: string;

  beforeAll(async () => {
    dir = await tempDir();
    zipPath = path.join(dir, '日志收集.zip');
    const zip = await makeZip([
      { name: cp936('日志/终端01/系统信息/systeminfo.txt'), data: systeminfo('TERMINAL01') },
      { name: cp936('日志/终端01/更新日志/CBS/CBS.log'), data: cbsLog() },
      { name: cp936('日志/终端02/系统信息/systeminfo.txt'), data: systeminfo('TERMINAL02') },
      { name: cp936('日志/终端02/更新日志/CBS/CBS.log'), data: cbsLog() },
      { name: cp936('日志/说明.txt'), data: iconv.encode('收集工具输出\r\n', 'gbk') },
    ]);
    await fs.writeFile(zipPath, zip);
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('finds both machines, the same decisive 0x80073712, the shared cause and KB applicability', async () => {
    const result = await diagnoseCase([zipPath], { kb: 'KB5011503' });
    expect(result.machines.map((m) => [m.machine, m.hostName, m.osBuild])).toEqual([
      // Named by host (systeminfo), never by the folder they sit in.
      ['TERMINAL01', 'TERMINAL01', '17763'],
      ['TERMINAL02', 'TERMINAL02', '17763'],
    ]);
    for (const m of result.machines) {
      expect(m.primary).toMatchObject({
        ruleId: 'cbs-component-store-corrupt',
        causeId: 'component-store-corruption',
        errorCode: '0x80073712',
        symbolicName: 'ERROR_SXS_COMPONENT_STORE_CORRUPT',
      });
      const last = m.primary!.evidence[m.primary!.evidence.length - 1];
      expect(last).toMatchObject({
        file: expect.stringMatching(/CBS\.log$/),
        line: 806,
        timestamp: '2022-05-19 11:49:09',
      });
      expect(last.text).toContain('Failed to complete component closure');
      expect(m.kb).toMatchObject({ kb: 'KB5011503', from: 'option', applicability: { verdict: 'applies' } });
      expect(m.facts.installedKbs).toEqual(['KB5005112', 'KB5010351']);
      expect(m.missingLogs).toEqual(['windowsupdate', 'eventlog']);
    }
    expect(result.commonCause).toEqual({
      errorCode: '0x80073712',
      causeId: 'component-store-corruption',
      machines: ['TERMINAL01', 'TERMINAL02'],
    });
    expect(result.primary?.errorCode).toBe('0x80073712');
  });

  it('takes the KB being installed from the logs when none is given', async () => {
    const result = await diagnoseCase([zipPath]);
    expect(result.machines[0].kb).toMatchObject({
      kb: 'KB5011503',
      from: 'logs',
      applicability: { verdict: 'applies' },
    });
  });

  it('renders the report in Chinese with the code, the cause, the evidence and the shared cause', async () => {
    const result = await diagnoseCase([zipPath], { kb: 'KB5011503' });
    const text = renderReport(result, 'zh-CN', loadKnowledge());
    expect(text).toContain('共同原因: 0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT');
    expect(text).toContain('TERMINAL01');
    expect(text).toMatch(/CBS\.log:806 {2}2022-05-19 11:49:09 {2}.*Failed to complete component closure/);
    expect(text).toContain('更新 KB5011503（用户提供）'.replace('（', ' (').replace('）', ')'));
    expect(text).toContain('缺少的日志: WindowsUpdate.log, 事件日志（系统、安装）');
  });
});
