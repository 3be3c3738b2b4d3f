/** WindowsUpdate.log parsers: decoded ETW (slashes, dashes, hex ids) and the classic tab/space layout. */
import {
  windowsUpdateClassicParser,
  windowsUpdateParser,
} from '../../../src/diagnosis/parsers/windowsupdate';

describe('windowsupdate (decoded ETW) parser', () => {
  const p = windowsUpdateParser();
  it('splits timestamp, PID, TID, component and message; *FAILED* is an error', () => {
    const r = p.parse(
      {
        line: 3,
        text: '2023/05/22 08:14:20.0778595 7160  3404  Misc            *FAILED* [80096010] Error: verifying trust for C:\\Windows\\SoftwareDistribution\\Download\\x.cab',
      },
      'WindowsUpdate.log',
    );
    expect(r).toMatchObject({
      timestamp: '2023/05/22 08:14:20.0778595',
      component: 'Misc',
      level: 'Error',
      codes: ['0x80096010'],
    });
    expect(r.fields).toMatchObject({ pid: '7160', tid: '3404', failed: true, failedCode: '0x80096010' });
  });

  it('accepts the dashes variant and reads exit codes, titles and server URLs', () => {
    expect(p.isRecordStart('2021-09-02 20:56:37.3260259 1234  5678  Agent           x')).toBe(true);
    const ok = p.parse(
      {
        line: 1,
        text: '2020/11/19 15:25:46.9997442 3304  9020  Agent           * END * Finding updates CallerId = Update;ScanForUpdates, Id = 5618, Exit code = 0x00000000 (cV = xS24Yd5ZFEOijniv.1.0.1.0.0.2.1)',
      },
      'w',
    );
    expect(ok.codes).toEqual([]);
    expect(ok.fields).toMatchObject({ exitCode: '0x00000000' });
    expect(ok.success).toBe(true);
    expect(
      p.parse(
        {
          line: 2,
          text: '2022/03/10 10:00:01.0000001 1184  7280  Agent           Title = 2022-03 Cumulative Update for Windows 10 Version 1809 for x64-based Systems (KB5011503)',
        },
        'w',
      ).fields,
    ).toMatchObject({ kb: 'KB5011503' });
    expect(
      p.parse(
        {
          line: 3,
          text: '2019/06/05 11:07:40.9876520 21136 16428   ProtocolTalker  ServiceId = {3DA21691-E39D-4DA6-8A4B-B43877BCB1B7}, Server URL = http://wsus.company.net:8530/ClientWebService/client.asmx',
        },
        'w',
      ).fields.serverUrl,
    ).toBe('http://wsus.company.net:8530/ClientWebService/client.asmx');
  });

  it('does not take classic lines as record starts', () => {
    expect(p.isRecordStart('2010-01-05 18:52:06:747 808 aac Misc WARNING: x')).toBe(false);
  });
});

describe('windowsupdate-classic parser', () => {
  const p = windowsUpdateClassicParser();
  it('reads the tab-separated layout with padded PIDs and FATAL/WARNING levels', () => {
    const r = p.parse(
      {
        line: 1,
        text: '2022-11-13\t11:15:01:303\t 848\tfd4\tMisc\tWARNING: WinHttp: SendRequestUsingProxy failed for <https://fe2.update.microsoft.com/v6/>. error 0x80072efe',
      },
      'WindowsUpdate.log',
    );
    expect(r).toMatchObject({
      timestamp: '2022-11-13 11:15:01:303',
      component: 'Misc',
      level: 'Warning',
      codes: ['0x80072efe'],
    });
    expect(r.fields).toMatchObject({ pid: '848', tid: 'fd4' });
  });

  it('reads the space-separated article copy', () => {
    const r = p.parse(
      {
        line: 6,
        text: '2010-01-05 18:52:06:747 808 aac Setup FATAL: IsUpdateRequired failed with error 0x8024402c',
      },
      'w',
    );
    expect(r).toMatchObject({ component: 'Setup', level: 'Error', codes: ['0x8024402c'] });
    expect(r.fields.fatal).toBe(true);
  });

  it('reads WSUS and proxy configuration lines', () => {
    expect(
      p.parse(
        { line: 1, text: '2022-11-13\t11:15:05:100\t1048\tfd4\tAgent\t  * WSUS server: http://wsus01:8530' },
        'w',
      ).fields.wsusServer,
    ).toBe('http://wsus01:8530');
    expect(
      p.parse({ line: 2, text: '2022-11-13\t11:15:05:100\t1048\tfd4\tMisc\t  * Access type: No proxy' }, 'w')
        .fields.proxy,
    ).toBe('No proxy');
  });
});
