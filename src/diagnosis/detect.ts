/** Tells which log format a file holds: by its first lines (decoded text) first, by its name second, because
 * users rename files and collectors name outputs freely. */
import type { LogFormat } from './types';
import { unpaste } from './parsers/common';

/** How much decoded text detectFormat looks at; pass at least this much when you can. */
export const DETECT_HEAD_CHARS = 16 * 1024;
const MAX_LINES = 80;

// CBS/DISM/Panther share "YYYY-MM-DD HH:MM:SS, <Level><pad to 22><Component><pad to 7>"
//   2023-05-17 08:24:08, Info                  CBS    Starting TiWorker initialization.
//   2020-11-02 21:35:18, Error      [0x01805c] CSI    000000f4 (F) Failed execution of queue item
//   2022-07-06 08:18:24, Error                        SmPlatform::ComputeHostInfo: Failed ... (empty component, Panther)
//   20xx-xx-06 xx:51:15, Error CSI …   <DateTime>, Info CBS …   (anonymised copies)
//   Info,<TAB>CSI    00000c61 Begin executing …   Error CBS Failed to …   (timestamps removed when pasted)
const SERVICING =
  /^(?:(?:\d{4}|YYYY|20xx)-(?:\d\d|MM|xx)-(?:\d\d|DD|xx) (?:\d\d|HH|xx):(?:\d\d|MM|xx):(?:\d\d|SS|xx), |<[A-Za-z]+>(?: <[A-Za-z]+>)?, )?(Info|Warning|Error|Fatal Error|Perf),?\s+(?:\[0x[0-9a-fA-F]+\]\s+)?(\S*)/;
// the level field is exactly 22 characters after the 21-character "YYYY-MM-DD HH:MM:SS, "
const LEVEL_FIELD = /^(?:Info|Warning|Error|Fatal Error|Perf)\s+(?:\[0x[0-9a-fA-F]+\]\s*)?$/;
// 2020/11/19 15:25:46.9997442 3304  9020  Agent           * END * Finding updates ...
// 2021-09-02 20:56:37.3260259 ... (PowerShell#16043 paste variant)
const WU_ETW =
  /^(?:\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d[.:]\d{3,7}|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{5,7})\s+[0-9A-Fa-f]+\s+[0-9A-Fa-f]+\s+[A-Za-z][\w.]*\s/;
// 2022-11-13	11:15:01:303	1048	fd4	Misc	WARNING: WinHttp: ...   (also single-space rendered copies)
const WU_CLASSIC = /^\d{4}-\d\d-\d\d[\t ]+\d\d:\d\d:\d\d:\d{3}[\t ]+\d+[\t ]+[0-9a-fA-F]+[\t ]+\w+/;
// {A0C1E4B3-...}	2017-11-14 19:26:38:171+0100	1	182 [AGENT_INSTALLING_FAILED]	101	{BFC8A103-...}	203	80242015	UpdateOrchestrator	Failure	...
// (also with the TABs turned into spaces, as blog posts and forums show it)
const REPORTING_EVENTS = /^\{[0-9A-Fa-f-]{36}\}\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3}(?:[+-]\d{4})?\s/;
const PANTHER_COMPONENTS = new Set([
  'MOUPG',
  'SP',
  'PANTHR',
  'IBS',
  'IBSLIB',
  'CONX',
  'MIG',
  'UI',
  'DIAG',
  'SYSPRP',
  'SETUPUGC',
  'SETUPCL',
  'BLUEBOX',
  'COMPAT',
  'OOBE',
]);
const CBS_COMPONENTS = new Set(['CBS', 'CSI', 'DPX', 'SQM', 'TI']);
// DISM's console output, as people paste it into a chat or save it with `> out.txt` (no timestamps at all):
//   Deployment Image Servicing and Management tool / 部署映像服务和管理工具 / Cистема DISM (Russian banner)
//   The DISM log file can be found at C:\Windows\Logs\DISM\dism.log / 可以在 C:\windows\Logs\DISM\dism.log 上找到
//   DISM 日志文件 / Файл журнала DISM находится по адресу …   DISM 失败。不执行任何操作。
//   Processing 30 of 31 - Adding package Package_for_RollupFix~…  /  正在处理 1 (共 1) - 正在添加程序包 Microsoft-…
//   An error occurred - Package_for_RollupFix Error: 0x8007371b
// and the DISM PowerShell module's failure line:  WARNING: Add-WindowsPackage failed. Error code = 0x800f081e
//   and wherever DISM runs under a wrapper that prefixes or indents its output (chef's '    STDOUT: ', a build
//   pipeline's '2022-06-13 13:43:03Z -> '), in any console language, the closing line names the log's path:
//   El archivo de registro de DISM se encuentra en C:\Windows\Logs\DISM\dism.log
//   For more information, review the log file at C:\Windows\Logs\DISM\dism.log   (older DISM)
//   DISM failed. No operation was performed.  /  Error de DISM. No se realizó ninguna operación.
//   Tool zur Imageverwaltung für die Bereitstellung / Die DISM-Protokolldatei befindet sich unter "C:WINDOWSLogsDISMdism.log"
//   (a forum paste that lost its backslashes)
const DISM_CONSOLE = new RegExp(
  [
    '(?:^|[\\s:>])Deployment Image Servicing and Management tool\\s*$',
    '^(?!\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d, ).*[A-Za-z]:\\\\?windows\\\\?Logs\\\\?DISM\\\\?[^\\\\\\s\"]*\\.log\\W*$',
    '(?:^|[\\s>])DISM failed\\. No operation was performed',
    '(?:^|[\\s>])Error de DISM\\. No se realiz',
    '^部署映像服务和管理工具\\s*$',
    '^Tool zur Imageverwaltung für die Bereitstellung\\s*$',
    'Die DISM-Protokolldatei befindet sich',
    '^[CС]истема DISM\\s*$',
    'The DISM log file can be found at',
    '上找到 DISM 日志文件',
    '^DISM 失败。',
    'Файл журнала DISM находится',
    '^`?Processing \\d+ of \\d+ - (?:Adding|Removing) package ',
    '^正在处理 \\d+ \\(共 \\d+\\) - 正在(?:添加|删除)程序包 ',
    '^An error occurred - \\S+ Error: 0x[0-9a-f]{8}\\s*$',
    '^(?:WARNING: )?[A-Z][a-z]+-Windows\\w+ failed\\. Error code = 0x[0-9a-f]{8}',
  ].join('|'),
  'i',
);

//   Host Name:                 PC-01        /  主机名:           PC-01
//   "Host Name","OS Name",...               /  "主机名","OS 名称",...   (systeminfo /fo csv)
const SYSTEMINFO =
  /^(?:Host Name|OS Name|OS Version|主机名|OS 名称|OS 版本)\s*:\s|^"(?:Host Name|主机名)","(?:OS Name|OS 名称)"/;
const IPCONFIG = /^Windows IP (?:Configuration|配置)\s*$/;
const WINHTTP = /^(?:Current WinHTTP proxy settings|当前的 WinHTTP 代理服务器设置)\s*:?/;
// gpresult /r, /z text; /x XML; reg query / reg export of the WindowsUpdate policy key
const GPRESULT = new RegExp(
  [
    'Group Policy Result',
    '组策略结果',
    '^RSOP data for',
    'RSOP 数据',
    '<Rsop\\b',
    '^HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Policies\\\\Microsoft\\\\Windows\\\\WindowsUpdate',
    '^\\[HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Policies\\\\Microsoft\\\\Windows\\\\WindowsUpdate',
  ].join('|'),
  'i',
);
// Get-HotFix table:  Source        Description      HotFixID      InstalledBy          InstalledOn
// wmic qfe list:     Caption  CSName  Description  FixComments  HotFixID  InstallDate  InstalledBy ...
// dism /get-packages /format:table:  Package Identity | State | Release Type | Install Time
// dism /get-packages (list):  Package Identity : Package_for_KB5015684~31bf3856ad364e35~amd64~~19041.1799.1.2
const HOTFIXES =
  /^\s*Source\s+Description\s+HotFixID\b|\bHotFixID\s+InstallDate\b|^Caption\s+CSName\s+Description|Win32_QuickFixEngineering|(?:^|,)"HotFixID"(?:,|$)|^\s*Package Identity\s*[|:]|^\s*程序包标识\s*[|:]|^HotFixID\s*:/;
// Event Viewer "Save as CSV":  Level,Date and Time,Source,Event ID,Task Category  /  级别,日期和时间,来源,事件 ID,任务类别
// wevtutil qe /f:text:  Event[0]:  /    Log Name: System  /  日志名称: System
// Get-WinEvent | Export-Csv:  "Message","Id",...,"ProviderName",...,"MachineName",...  (the computer is a column)
// JSON lines (EvtxECmd/KAPE, nxlog, ConvertTo-Json -Compress):  {"…","Provider":"…","EventId":1001,…}
const EVENTLOG =
  /(?:^|,)"?(?:Event ID|事件 ID)"?(?:,|$)|<Event xmlns=|^<Events>|^\s*(?:Log Name|日志名称)\s*:|^Event\[\d+\]:|(?:^|,)"?ProviderName"?,(?:.*,)?"?MachineName"?(?:,|$)|^\s*\{.*"(?:Provider|ProviderName|SourceName)"\s*:.*"(?:EventId|EventID)"\s*:\s*\d/;

/** Content rules; the first format with a hit wins, except the timestamped families, which are scored
 * (`named`: what the file name says; it settles a mix, e.g. a CBS.log whose head quotes DISM lines). */
function byContent(head: string, named: LogFormat | null): LogFormat | null {
  const lines = head.replace(/^\ufeff/, '').split(/\r?\n/, MAX_LINES);
  let cbs = 0;
  let dism = 0;
  let panther = 0;
  let wu = 0;
  let classic = 0;
  let consoleLines = 0;
  for (const raw of lines) {
    const line = unpaste(raw.replace(/^\ufeff/, ''));
    if (line.trim() === '') continue;
    if (REPORTING_EVENTS.test(line)) return 'reportingevents';
    if (SYSTEMINFO.test(line)) return 'systeminfo';
    if (IPCONFIG.test(line.trim())) return 'ipconfig';
    if (WINHTTP.test(line.trim())) return 'winhttp-proxy';
    if (GPRESULT.test(line.trim())) return 'gpresult';
    if (HOTFIXES.test(line)) return 'hotfixes';
    if (EVENTLOG.test(line)) return 'eventlog';
    if (DISM_CONSOLE.test(line.trim())) {
      consoleLines++;
      continue;
    }
    if (WU_CLASSIC.test(line)) {
      classic++;
      continue;
    }
    if (WU_ETW.test(line)) {
      wu++;
      continue;
    }
    const m = SERVICING.exec(line);
    if (m) {
      // read the component from its column when the line keeps the real layout (empty = Panther helper)
      const aligned = line.length > 50 && line[19] === ',' && LEVEL_FIELD.test(line.slice(21, 43));
      const comp = aligned ? line.slice(43, 50).trim() : m[2];
      if (aligned && comp === '') panther++;
      else if (comp === 'DISM') dism++;
      else if (CBS_COMPONENTS.has(comp)) cbs++;
      else if (PANTHER_COMPONENTS.has(comp)) panther++;
      // A line without a timestamp counts only with a known component ('Error STATUS_SXS_…' continues a record).
    }
  }
  const scores: Array<[LogFormat, number]> = [
    ['windowsupdate', wu],
    ['windowsupdate-classic', classic],
    ['panther', panther * 2], // setupact.log quotes CBS/DISM lines; its own components are the tell
    // console output only counts when no log line says otherwise (a CBS.log or setupact.log may quote it)
    ['dism', dism + (wu + classic + panther + dism + cbs === 0 ? consoleLines : 0)],
    ['cbs', cbs],
  ];
  if (named && scores.some(([f, n]) => f === named && n > 0)) return named;
  scores.sort((a, b) => b[1] - a[1]);
  return scores[0][1] > 0 ? scores[0][0] : null;
}

/** Name rules (base name, case-insensitive). */
const BY_NAME: Array<[RegExp, LogFormat]> = [
  [/^(cbs|cbs\.persist|cbspersist_\d*)(\.log)?$|^cbs.*\.log$/, 'cbs'],
  [/^setup(act|err)(_\w+)?\.log$|^setupact_rollback\.log$/, 'panther'],
  // SetupDiag's results (SetupDiag /ZipLogs, or run by hand): setup's failure, its codes and the log lines
  // it matched, read like the Panther logs they quote.
  [/^setupdiag(results)?([-_ .]\w+)*\.(log|txt|xml|json)$/, 'panther'],
  [/^windowsupdate.*\.log$/, 'windowsupdate'],
  [/^reportingevents.*\.log$/, 'reportingevents'],
  [/^systeminfo.*\.(txt|csv|log)$/, 'systeminfo'],
  [/^(gpresult|rsop|wupolicy|wsus|windowsupdate[-_]?policy).*\.(txt|xml|reg|log)$/, 'gpresult'],
  [/^ipconfig.*\.(txt|log)$/, 'ipconfig'],
  [/^(winhttp|netsh[-_]?winhttp|proxy).*\.(txt|log)$/, 'winhttp-proxy'],
  [
    /^(hotfix|hotfixes|get-hotfix|qfe|wmic[-_]?qfe|packages|dism[-_]?packages|installed[-_]?updates).*\.(txt|csv|log)$/,
    'hotfixes',
  ],
  [/^dism.*\.log$/, 'dism'],
  [
    /\.(evtx|evt)$|^(system|setup|application)[-_ ]?(events?)?\.(csv|xml|txt|json)$|^events?.*\.(csv|xml|txt|json)$/,
    'eventlog',
  ],
];

/**
 * The format of a file, from its display path (only the base name matters) and the first decoded text
 * (`head`; a few KB, see DETECT_HEAD_CHARS). Content decides when it can; otherwise the name does.
 */
export function detectFormat(fileName: string, head: string): LogFormat {
  const base = fileName
    .slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1)
    .toLowerCase();
  // People prefix what they upload: 'TERM-0231_CBS.log', 'branch3-WindowsUpdate.log', 'PC01 dism.log'.
  const names = [base, ...[...base.matchAll(/[-_ (.](?=[a-z])/g)].map((m) => base.slice(m.index + 1))];
  const named = BY_NAME.find(([re]) => names.some((n) => re.test(n)))?.[1] ?? null;
  return (
    byContent(head.length > DETECT_HEAD_CHARS ? head.slice(0, DETECT_HEAD_CHARS) : head, named) ??
    named ??
    'unknown'
  );
}
