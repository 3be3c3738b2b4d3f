/** detectFormat on the real samples in /work/shared/samples/logs (labels.json gives each one's type), on
 * collector outputs in English and Chinese, and by name when content says nothing. */
import { existsSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { detectFormat, DETECT_HEAD_CHARS } from '../../../src/diagnosis/detect';
import { sniffEncoding } from '../../../src/diagnosis/text';
import type { LogFormat } from '../../../src/diagnosis/types';

const SAMPLES = '/work/shared/samples/logs';
const LABEL_TO_FORMAT: Array<[RegExp, LogFormat]> = [
  [/^DISM\.log/, 'dism'],
  [/^CBS\.log/, 'cbs'],
  [/^WindowsUpdate\.log \(classic/, 'windowsupdate-classic'],
  [/^WindowsUpdate\.log/, 'windowsupdate'],
  [/^setup(act|err)\.log/, 'panther'],
  [/^ReportingEvents/, 'reportingevents'],
];

const labels: Array<{ file: string; logType: string }> = existsSync(path.join(SAMPLES, 'labels.json'))
  ? JSON.parse(readFileSync(path.join(SAMPLES, 'labels.json'), 'utf8'))
  : [];

async function head(file: string): Promise<string> {
  const bytes = (await fs.readFile(file)).subarray(0, DETECT_HEAD_CHARS * 2);
  return iconv.decode(bytes, sniffEncoding(bytes));
}

describe('detectFormat on the labelled samples', () => {
  test('there are samples to test', () => {
    expect(labels.length).toBeGreaterThan(0);
  });

  test.each(labels.map((l) => [l.file, l.logType]))('%s (%s)', async (file, logType) => {
    const expected = LABEL_TO_FORMAT.find(([re]) => re.test(logType))?.[1];
    expect(expected).toBeDefined();
    const text = await head(path.join(SAMPLES, file));
    expect(detectFormat(file, text)).toBe(expected);
    expect(detectFormat('upload-1234.txt', text)).toBe(expected); // content alone
    expect(detectFormat('notes/dism.log', text)).toBe(expected); // content beats a misleading name
  });
});

describe('detectFormat on collector outputs and other logs', () => {
  test.each<[string, LogFormat]>([
    [
      '\r\nHost Name:                 PC-01\r\nOS Name:                   Microsoft Windows 10 Pro\r\n',
      'systeminfo',
    ],
    ['\r\n主机名:           PC-01\r\nOS 名称:          Microsoft Windows 10 专业版\r\n', 'systeminfo'],
    [
      '"Host Name","OS Name","OS Version"\r\n"PC-01","Microsoft Windows 10 Pro","10.0.19045 N/A Build 19045"\r\n',
      'systeminfo',
    ],
    ['\r\nWindows IP Configuration\r\n\r\n   Host Name . . . . . . . . . . . . : PC-01\r\n', 'ipconfig'],
    ['\r\nWindows IP 配置\r\n\r\n   主机名  . . . . . . . . . . . . . : PC-01\r\n', 'ipconfig'],
    ['\r\nCurrent WinHTTP proxy settings:\r\n\r\n    Direct access (no proxy server).\r\n', 'winhttp-proxy'],
    ['\r\n当前的 WinHTTP 代理服务器设置:\r\n\r\n    直接访问(没有代理服务器)。\r\n', 'winhttp-proxy'],
    ['\r\nMicrosoft (R) Windows (R) Operating System Group Policy Result tool v2.0\r\n', 'gpresult'],
    [
      '<?xml version="1.0" encoding="utf-16"?>\r\n<Rsop xmlns:xsd="http://www.w3.org/2001/XMLSchema">\r\n',
      'gpresult',
    ],
    [
      '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\r\n    WUServer    REG_SZ    http://wsus.contoso.test:8530\r\n',
      'gpresult',
    ],
    [
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate]\r\n',
      'gpresult',
    ],
    [
      '\r\nSource        Description      HotFixID      InstalledBy          InstalledOn\r\n------        -----------      --------      -----------          -----------\r\n',
      'hotfixes',
    ],
    [
      'Caption                                     CSName  Description      FixComments  HotFixID   InstallDate  InstalledBy          InstalledOn  Name  ServicePackInEffect  Status  \r\n',
      'hotfixes',
    ],
    [
      'Packages listing:\r\n\r\n---- | ---\r\nPackage Identity                                  | State         | Release Type    | Install Time\r\n',
      'hotfixes',
    ],
    [
      'Level,Date and Time,Source,Event ID,Task Category\r\nError,8/10/2022 3:12:01 AM,Microsoft-Windows-WindowsUpdateClient,20,Windows Update Agent,"Installation Failure"\r\n',
      'eventlog',
    ],
    [
      '级别,日期和时间,来源,事件 ID,任务类别\r\n错误,2022/8/10 3:12:01,Microsoft-Windows-WindowsUpdateClient,20,Windows 更新代理,...\r\n',
      'eventlog',
    ],
    ['<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>', 'eventlog'],
    ['Event[0]:\r\n  Log Name: System\r\n  Source: Microsoft-Windows-WindowsUpdateClient\r\n', 'eventlog'],
    [
      '{A0C1E4B3-1D3B-4C5A-9E6F-0123456789AB}\t2017-11-14 19:26:38:171+0100\t1\t182 [AGENT_INSTALLING_FAILED]\t101\t{BFC8A103-0E52-4E2E-8F5A-0123456789AB}\t203\t80242015\tUpdateOrchestrator\tFailure\tContent Install\tInstallation Failure\r\n',
      'reportingevents',
    ],
    [
      '2022-11-13\t11:15:01:303\t1048\tfd4\tMisc\tWARNING: WinHttp: SendRequestUsingProxy failed. error 0x80072efe\r\n',
      'windowsupdate-classic',
    ],
    [
      '2022-07-06 08:18:24, Error                 MOUPG  CDlpActionDataMigrate::ExecuteRoutine(691): Result = 0x80070032\r\n',
      'panther',
    ],
    [
      '2022-07-06 08:18:24, Info                  CBS    TI: --- Initializing Trusted Installer ---\r\n2022-07-06 08:18:24, Info                  DISM   DISM Provider Store: PID=1 TID=2 x\r\n2022-07-06 08:18:25, Info                  CBS    y\r\n',
      'cbs',
    ],
  ])('%j → %s', (text, expected) => {
    expect(detectFormat('upload.txt', text)).toBe(expected);
  });

  test.each<[string, LogFormat]>([
    ['Logs/CBS/CBS.log', 'cbs'],
    ['x.zip/Logs/CBS/CbsPersist_20230523160236.log', 'cbs'],
    ['Logs\\DISM\\dism.log', 'dism'],
    ['Panther/setupact.log', 'panther'],
    ['Rollback/setupact_rollback.log', 'panther'],
    ['SetupDiag/SetupDiagResults.log', 'panther'],
    ['SetupDiagResults.xml', 'panther'],
    ['WindowsUpdate.log', 'windowsupdate'],
    ['ReportingEvents.log', 'reportingevents'],
    ['systeminfo.txt', 'systeminfo'],
    ['gpresult.xml', 'gpresult'],
    ['ipconfig.txt', 'ipconfig'],
    ['winhttp-proxy.txt', 'winhttp-proxy'],
    ['hotfixes.csv', 'hotfixes'],
    ['dism-packages.txt', 'hotfixes'],
    ['System.evtx', 'eventlog'],
    ['notes.txt', 'unknown'],
    // what people name what they upload
    ['TERM-0231_CBS.log', 'cbs'],
    ['branch3-WindowsUpdate.log', 'windowsupdate'],
    ['PC01 dism.log', 'dism'],
    ['TERM-0232_setuperr.log', 'panther'],
  ])('by name when the content is not recognised: %s → %s', (name, expected) => {
    expect(detectFormat(name, 'nothing recognisable here\r\n')).toBe(expected);
  });
});

test('a name of the same log family settles a mixed head', () => {
  const mixed =
    '2022-07-06 08:18:24, Info                  DISM   DISM Provider Store: PID=1 TID=2 a\r\n' +
    '2022-07-06 08:18:24, Info                  DISM   DISM Provider Store: PID=1 TID=2 b\r\n' +
    '2022-07-06 08:18:25, Info                  CBS    Session: 1_2 initialized by client DISM Package Manager Provider\r\n';
  expect(detectFormat('upload.txt', mixed)).toBe('dism');
  expect(detectFormat('Logs/CBS/CBS.log', mixed)).toBe('cbs');
  expect(detectFormat('Logs/CBS/CBS.log', '\r\nHost Name:                 PC-01\r\n')).toBe('systeminfo');
});

describe('detectFormat on logs as people publish them (test/corpus)', () => {
  const corpus = path.join(__dirname, '../../corpus/logs');
  test.each<[string, LogFormat]>([
    ['c-01', 'cbs'], // 'Info,<TAB>CSI …', timestamps removed
    ['c-06', 'cbs'], // '20xx-xx-06 xx:51:15, Error CSI …'
    ['a-16', 'cbs'], // '> Error   CBS …' (a Markdown quote)
    ['e-15', 'reportingevents'], // TABs turned into spaces
    ['c-17', 'panther'], // 'Error MIG …' without timestamps
  ])('%s reads as %s even under a name that says nothing', (id, expected) => {
    const dir = readdirSync(corpus).find((d) => d.startsWith(id))!;
    const file = path.join(corpus, dir, readdirSync(path.join(corpus, dir))[0]);
    expect(detectFormat('upload.txt', readFileSync(file, 'utf8'))).toBe(expected);
  });
});
