/**
 * Test fixtures: the bundles users really upload (../../../shared/domain/collector-layouts.md), built here
 * with synthetic content in each collector's real shape. Zip entry names that a Chinese collector writes are
 * CP936 bytes without the UTF-8 flag, as Windows writes them.
 *
 * - CMGE-style: `CMGE_Log/<category>/…` (系统日志/CBS/CBS.log, 更新日志/WindowsUpdate.log, 系统信息/systeminfo.txt,
 *   网络信息/ipconfig.txt, 组策略/gpresult.txt), GBK command output.
 * - Intune "Collect diagnostics": `DiagLogs-<HOST>-<yyyyMMddTHHmmss>Z.zip`, one folder per directive named
 *   by its number, holding `export.reg`, `Events.evtx`, `output.log` (a command's output) or the copied
 *   files (`cbs.log`, `windowsupdate.*.etl`), and `results.xml` listing the directives with their HRESULT
 *   (shape as read by Format-IntuneDiagData.ps1 and Microsoft's DiagnosticLog CSP docs).
 * - Our collector (knowledge/scripts/collect-logs.ps1): `<HOST>-<yyyyMMdd-HHmmss>.zip` with manifest.json,
 *   Logs/, System/, Network/, EventLogs/, Registry/, Updates/.
 * - A helpdesk's hand-made zip: one folder per host, each with its own systeminfo.
 * - A lone WindowsUpdate.log (Get-WindowsUpdateLog on the desktop): no host name inside.
 */
import * as iconv from 'iconv-lite';
import { makeZip, type ZipItem } from './bundle/zip-writer';

export const cp936 = (s: string): Buffer => iconv.encode(s, 'cp936');
export const gbk = (s: string): Buffer => iconv.encode(s, 'gbk');
const utf16 = (s: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);

const row = (ts: string, level: string, comp: string, msg: string): string =>
  `${ts}, ${level.padEnd(22)}${comp.padEnd(7)}${msg}`;

/** A CBS.log ending in the reference case's lines (reference-case.md), after ordinary noise (`sessions`
 * session starts, each followed by a benign scan failure with `scanNoise`). */
export function referenceCbsLog(opts: { sessions?: number; scanNoise?: boolean } = {}): string {
  const noise: string[] = [];
  for (let i = 0; i < (opts.sessions ?? 50); i++) {
    noise.push(
      row(
        '2022-05-19 11:40:01',
        'Info',
        'CBS',
        `Session: 30928548_30493985${String(i).padStart(2, '0')} initialized by client WindowsUpdateAgent.`,
      ),
    );
    // The benign applicability-scan failure real logs are full of (shared sample 2).
    if (opts.scanNoise)
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

/** A healthy CBS.log: a session that starts and ends well. */
export function healthyCbsLog(): string {
  return (
    [
      row('2022-05-20 09:00:00', 'Info', 'CBS', 'Starting TrustedInstaller initialization.'),
      row(
        '2022-05-20 09:00:01',
        'Info',
        'CBS',
        'Session: 30928600_100 initialized by client WindowsUpdateAgent.',
      ),
      row('2022-05-20 09:00:02', 'Info', 'CBS', 'Ending TrustedInstaller finalization.'),
    ].join('\r\n') + '\r\n'
  );
}

/** A decoded Windows 10 WindowsUpdate.log (Get-WindowsUpdateLog) with no failure in it. */
export function quietWindowsUpdateLog(): string {
  return (
    [
      '2022/05/19 11:30:01.1234567 1234  5678  Agent           * START * Finding updates CallerId = UpdateOrchestrator  Id = 12',
      '2022/05/19 11:30:02.2345678 1234  5678  Agent           Online = Yes; Interactive = No; AllowCachedResults = No; Ignore download priority = No',
      '2022/05/19 11:30:09.3456789 1234  5678  Agent           * END * Finding updates CallerId = UpdateOrchestrator  Id = 12',
      '2022/05/19 11:30:09.4567890 1234  5678  Agent           Updates found = 1',
    ].join('\r\n') + '\r\n'
  );
}

export function systeminfoZh(host: string): Buffer {
  return gbk(
    [
      '',
      `主机名:           ${host}`,
      'OS 名称:          Microsoft Windows 10 企业版 LTSC',
      'OS 版本:          10.0.17763 暂缺 Build 17763',
      'OS 制造商:        Microsoft Corporation',
      '系统区域设置:     zh-cn;中文(中国)',
      '域:               BANK',
      '修补程序:         安装了 1 个修补程序。',
      '                  [01]: KB5010351',
      '',
    ].join('\r\n'),
  );
}

export function systeminfoEn(host: string): string {
  return [
    '',
    `Host Name:                 ${host}`,
    'OS Name:                   Microsoft Windows 10 Enterprise LTSC 2019',
    'OS Version:                10.0.17763 N/A Build 17763',
    'System Locale:             en-us;English (United States)',
    'Hotfix(s):                 1 Hotfix(s) Installed.',
    '                           [01]: KB5010351',
    '',
  ].join('\r\n');
}

export function ipconfigZh(host: string): Buffer {
  return gbk(
    [
      '',
      'Windows IP 配置',
      '',
      `   主机名  . . . . . . . . . . . . . : ${host}`,
      '   主 DNS 后缀 . . . . . . . . . . . : bank.local',
      '   节点类型  . . . . . . . . . . . . : 混合',
      '',
    ].join('\r\n'),
  );
}

export function ipconfigEn(host: string): string {
  return [
    '',
    'Windows IP Configuration',
    '',
    `   Host Name . . . . . . . . . . . . : ${host}`,
    '   Primary Dns Suffix  . . . . . . . : bank.local',
    '',
  ].join('\r\n');
}

/** gpresult /r as a zh-CN console writes it (the computer's RSOP header and its distinguished name). */
export function gpresultZh(host: string): Buffer {
  return gbk(
    [
      '',
      'Microsoft (R) Windows (R) 操作系统组策略结果工具 v2.0',
      '',
      `BANK\\teller01 在 ${host} 上的 RSOP 数据: 日志记录模式`,
      '-----------------------------------------------------',
      '',
      '计算机设置',
      '------------',
      `    CN=${host},OU=Terminals,DC=bank,DC=local`,
      '',
    ].join('\r\n'),
  );
}

/** The reference case's collector: one zip per machine, a folder per ticked category, CP936 names. */
export async function cmgeZip(host: string, opts: { cbs?: string } = {}): Promise<Buffer> {
  return makeZip([
    { name: cp936('CMGE_Log/系统日志/CBS/CBS.log'), data: opts.cbs ?? referenceCbsLog() },
    { name: cp936('CMGE_Log/系统日志/CBS/CbsPersist_20220519034910.log'), data: healthyCbsLog() },
    { name: cp936('CMGE_Log/更新日志/WindowsUpdate.log'), data: quietWindowsUpdateLog() },
    { name: cp936('CMGE_Log/系统信息/systeminfo.txt'), data: systeminfoZh(host) },
    { name: cp936('CMGE_Log/网络信息/ipconfig.txt'), data: ipconfigZh(host) },
    { name: cp936('CMGE_Log/组策略/gpresult.txt'), data: gpresultZh(host) },
    { name: cp936('CMGE_Log/软件信息/已安装软件.txt'), data: gbk('名称  版本\r\nWPS Office  11.1\r\n') },
    { name: cp936('CMGE_Log/系统进程/进程列表.txt'), data: gbk('映像名称  PID\r\nsvchost.exe  1024\r\n') },
  ]);
}

/** Intune "Collect diagnostics" as downloaded from the admin portal (DiagLogs-<HOST>-<ts>Z.zip). */
export async function intuneZip(host: string, opts: { ipconfig?: boolean } = {}): Promise<Buffer> {
  const results = [
    '<Collection HRESULT="0">',
    '<ID>a2f2b3c1-1111-2222-3333-444455556666</ID>',
    '<RegistryKey HRESULT="0">HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion</RegistryKey>',
    '<Command HRESULT="0">%windir%\\system32\\ipconfig.exe /all</Command>',
    '<Events HRESULT="0">System</Events>',
    '<FoldersFiles HRESULT="0">%windir%\\logs\\CBS\\cbs.log</FoldersFiles>',
    '<FoldersFiles HRESULT="0">%windir%\\logs\\WindowsUpdate\\*.etl</FoldersFiles>',
    '<FoldersFiles HRESULT="-2147024893">%windir%\\Logs\\SetupDiag\\SetupDiagResults.xml</FoldersFiles>',
    '</Collection>',
  ].join('');
  const exportReg = utf16(
    [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion]',
      '"CurrentBuild"="17763"',
      '"UBR"=dword:00000a8e',
      '',
    ].join('\r\n'),
  );
  const evtx = Buffer.concat([Buffer.from('ElfFile\0'), Buffer.alloc(4088)]);
  const etl = Buffer.alloc(2048, 0x11);
  return makeZip([
    { name: 'results.xml', data: results },
    { name: '1/export.reg', data: exportReg },
    ...(opts.ipconfig === false ? [] : [{ name: '2/output.log', data: ipconfigEn(host) }]),
    { name: '3/Events.evtx', data: evtx },
    { name: '4/cbs.log', data: referenceCbsLog() },
    { name: '5/windowsupdate.20220519.114500.123.1.etl', data: etl },
    { name: '5/windowsupdate.20220519.115000.456.1.etl', data: etl },
  ]);
}

/** Our own collector's zip (knowledge/scripts/collect-logs.ps1): <HOST>-<yyyyMMdd-HHmmss>.zip. */
export async function ourCollectorZip(host: string): Promise<Buffer> {
  const manifest = JSON.stringify(
    {
      schema: 'update-case-bot/collector-manifest/1',
      collectorVersion: '1.0.0',
      machineName: host,
      caseNumber: 'CAS-06265-C1Y8H2',
      zipName: `${host}-20220519-115000.zip`,
      files: [{ path: 'Logs/CBS/CBS.log', size: 1 }],
    },
    null,
    2,
  );
  return makeZip([
    { name: 'manifest.json', data: manifest },
    { name: 'collector.log', data: '11:50:00 Windows Update log collector 1.0.0\r\n' },
    { name: 'Logs/CBS/CBS.log', data: referenceCbsLog() },
    { name: 'Logs/WindowsUpdate/WindowsUpdate.log', data: quietWindowsUpdateLog() },
    { name: 'EventLogs/System.evtx', data: Buffer.concat([Buffer.from('ElfFile\0'), Buffer.alloc(1000)]) },
    { name: 'System/systeminfo.txt', data: systeminfoEn(host) },
    { name: 'Network/ipconfig.txt', data: ipconfigEn(host) },
    {
      name: 'Registry/windowsupdate-policy.txt',
      data: '\r\nERROR: The system was unable to find the specified registry key or value.\r\n',
    },
  ]);
}

/** A helpdesk's zip: one folder per host, each with its own systeminfo and logs. */
export async function handMadeZip(
  hosts: string[],
  cbsOf: (host: string) => string = () => referenceCbsLog(),
): Promise<Buffer> {
  const items: ZipItem[] = [{ name: 'readme.txt', data: 'logs of the branch terminals\r\n' }];
  for (const h of hosts) {
    items.push(
      { name: `${h}/systeminfo.txt`, data: systeminfoEn(h) },
      { name: `${h}/Logs/CBS/CBS.log`, data: cbsOf(h) },
      { name: `${h}/WindowsUpdate.log`, data: quietWindowsUpdateLog() },
    );
  }
  return makeZip(items);
}
