/** Host names from every source that carries one, and from the names collectors give their uploads. */
import {
  cleanHostName,
  hostClaimsOf,
  hostFromFolderName,
  hostFromUploadName,
  hostKey,
} from '../../../src/diagnosis/facts/index';
import { detectFormat } from '../../../src/diagnosis/detect';

const claims = (path: string, text: string) => hostClaimsOf(path, detectFormat(path, text), text);

describe('hostClaimsOf', () => {
  it('reads systeminfo in English, Chinese and CSV', async () => {
    expect(
      await claims('systeminfo.txt', '\r\nHost Name:                 TERM-01\r\nOS Name:   Windows\r\n'),
    ).toEqual([{ name: 'TERM-01', source: 'systeminfo' }]);
    expect(
      await claims('系统信息.txt', '\r\n主机名:           TERM-0231\r\nOS 名称:          Windows\r\n'),
    ).toEqual([{ name: 'TERM-0231', source: 'systeminfo' }]);
    expect(await claims('si.csv', '"Host Name","OS Name"\r\n"TERM-03","Windows"\r\n')).toEqual([
      { name: 'TERM-03', source: 'systeminfo' },
    ]);
  });

  it('reads ipconfig /all in English and Chinese', async () => {
    expect(
      await claims(
        'out.log',
        '\r\nWindows IP Configuration\r\n\r\n   Host Name . . . . . . . . . . . . : PC-07\r\n',
      ),
    ).toEqual([{ name: 'PC-07', source: 'ipconfig' }]);
    expect(
      await claims(
        'net.txt',
        '\r\nWindows IP 配置\r\n\r\n   主机名  . . . . . . . . . . . . . : TERM-0232\r\n',
      ),
    ).toEqual([{ name: 'TERM-0232', source: 'ipconfig' }]);
  });

  it('reads gpresult text (RSOP header, Computer name) and the RSoP XML', async () => {
    const en =
      'Microsoft (R) Windows (R) Operating System Group Policy Result tool v2.0\r\n\r\nRSOP data for BANK\\teller on TERM-05 : Logging Mode\r\n';
    expect(await claims('gpresult.txt', en)).toEqual([{ name: 'TERM-05', source: 'gpresult' }]);
    const zh = '组策略结果\r\nBANK\\teller01 在 TERM-06 上的 RSOP 数据: 日志记录模式\r\n';
    expect(await claims('gpresult.txt', zh)).toEqual([{ name: 'TERM-06', source: 'gpresult' }]);
    const z = 'Group Policy Result\r\n    Computer name:   BANK\\TERM-08$\r\n';
    expect(await claims('gp.txt', z)).toEqual([{ name: 'TERM-08', source: 'gpresult' }]);
    const xml =
      '<?xml version="1.0" encoding="utf-16"?>\r\n<Rsop xmlns="http://www.microsoft.com/GroupPolicy/Rsop">\r\n<ReadTime>2022-05-19T03:50:00Z</ReadTime>\r\n<ComputerResults>\r\n<Version>1</Version>\r\n<Name>BANK\\TERM-09</Name>\r\n<Domain>bank.local</Domain>\r\n</ComputerResults>\r\n</Rsop>';
    expect(await claims('gpresult.xml', xml)).toEqual([{ name: 'TERM-09', source: 'gpresult' }]);
  });

  it('reads event exports: XML <Computer>, text Computer:, CSV column', async () => {
    const xml =
      '<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-WindowsUpdateClient"/><EventID>20</EventID><Computer>TERM-10.bank.local</Computer></System></Event></Events>';
    expect(await claims('System.xml', xml)).toEqual([{ name: 'TERM-10', source: 'eventlog' }]);
    const text =
      'Event[0]:\r\n  Log Name: System\r\n  Source: Microsoft-Windows-WindowsUpdateClient\r\n  Event ID: 20\r\n  Computer: TERM-11\r\n';
    expect(await claims('events.txt', text)).toEqual([{ name: 'TERM-11', source: 'eventlog' }]);
    const zh = 'Event[0]:\r\n  日志名称: System\r\n  计算机: TERM-12\r\n';
    expect(await claims('events.txt', zh)).toEqual([{ name: 'TERM-12', source: 'eventlog' }]);
    const csv =
      '"Message","Id","Level","ProviderName","LogName","MachineName","TimeCreated"\r\n"Installation Failure","20","2","Microsoft-Windows-WindowsUpdateClient","System","TERM-13.bank.local","5/19/2022 11:49:10 AM"\r\n';
    expect(detectFormat('export.csv', csv)).toBe('eventlog');
    expect(await claims('export.csv', csv)).toEqual([{ name: 'TERM-13', source: 'eventlog' }]);
  });

  it('reads registry exports of ComputerName (.reg and reg query)', async () => {
    const reg =
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName]\r\n"ComputerName"="TERM-14"\r\n';
    expect(await claims('1/export.reg', reg)).toEqual([{ name: 'TERM-14', source: 'registry' }]);
    const query =
      '\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName\r\n    ComputerName    REG_SZ    TERM-15\r\n';
    expect(await claims('computername.txt', query)).toEqual([{ name: 'TERM-15', source: 'registry' }]);
  });

  it('reads our collector’s manifest.json', async () => {
    const manifest = '{\n  "schema": "update-case-bot/collector-manifest/1",\n  "machineName": "TERM-16"\n}';
    expect(await claims('manifest.json', manifest)).toEqual([{ name: 'TERM-16', source: 'manifest' }]);
    expect(await claims('manifest.json', '{"machineName": "TERM-16"}')).toEqual([]);
  });

  it('claims nothing for logs and for values that are no host names', async () => {
    expect(await claims('CBS.log', '2022-05-19 11:49:09, Info                  CBS    Starting\r\n')).toEqual(
      [],
    );
    expect(await claims('systeminfo.txt', 'Host Name:                 N/A\r\nOS Name: x\r\n')).toEqual([]);
  });
});

describe('host names', () => {
  it('are cleaned of domains, account marks and quotes; non-names are refused', () => {
    expect(cleanHostName('BANK\\TERM-01$')).toBe('TERM-01');
    expect(cleanHostName('term-01.bank.local')).toBe('term-01');
    expect(cleanHostName('10.1.2.3')).toBeUndefined();
    expect(cleanHostName('N/A')).toBeUndefined();
    expect(cleanHostName('two words')).toBeUndefined();
    expect(hostKey('term-01.bank.local')).toBe(hostKey('TERM-01'));
  });

  it('come from the collectors’ upload names', () => {
    expect(hostFromUploadName('CMGE_Log_TERM-0231.zip')).toBe('TERM-0231');
    expect(hostFromUploadName('CMGE_Log_TERM-0231 (1).zip')).toBe('TERM-0231');
    expect(hostFromUploadName('DiagLogs-BRANCH-PC-7-20220519T115000Z.zip')).toBe('BRANCH-PC-7');
    expect(hostFromUploadName('TERM-0250-20220519-115000.zip')).toBe('TERM-0250');
    expect(hostFromUploadName('TSS_TERM-0260_220519-115000_DND_SETUPReport.zip')).toBe('TERM-0260');
    expect(hostFromUploadName('CMGE_Log.zip')).toBeUndefined();
    expect(hostFromUploadName('WindowsUpdate.log')).toBeUndefined();
    expect(hostFromUploadName('日志.zip')).toBeUndefined();
  });

  it('come from folder names only when they read as hosts', () => {
    expect(hostFromFolderName('TERM-01')).toBe('TERM-01');
    expect(hostFromFolderName('CMGE_Log_TERM-02.zip')).toBe('TERM-02');
    for (const category of [
      '系统日志',
      '更新日志',
      'Logs',
      'CBS',
      'System',
      'Network',
      'EventLogs',
      '45',
      '(45) cbs',
    ])
      expect(hostFromFolderName(category)).toBeUndefined();
  });
});
