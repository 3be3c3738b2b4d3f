/**
 * Log bundles for the transcripts: zips shaped like the ones collect-logs.cmd writes (Logs/CBS/CBS.log,
 * System/systeminfo.txt, Registry/windowsupdate-policy.txt), built with the same zip writer as the
 * diagnosis tests. The failing CBS.log carries the reference case's lines (0x80073712,
 * ERROR_SXS_COMPONENT_STORE_CORRUPT, see /work/shared/domain/reference-case.md) amid healthy noise.
 */
import { makeZip } from '../diagnosis/bundle/zip-writer';

/** What a bundle's CBS.log shows. */
export const LOG_KINDS = ['component-store-corrupt', 'clean'] as const;
export type LogKind = (typeof LOG_KINDS)[number];

export interface BundleOptions {
  /** Host name (systeminfo) and default file name prefix. */
  machine: string;
  logs: LogKind;
  /** Day of the logs (YYYY-MM-DD): a retry on another day gives different bytes (no duplicate upload). */
  day: string;
  /** Update source policy: WSUS (the reference case's bank terminals) or none (Windows Update). */
  source: 'wsus' | 'internet';
}

/** CBS.log rows in the file's real layout: `<date> <time>, <level padded> <component padded> <message>`. */
function row(day: string, time: string, level: string, component: string, message: string): string {
  return `${day} ${time}, ${level.padEnd(22)}${component.padEnd(7)}${message}`;
}

function cbsLog(day: string, logs: LogKind): string {
  const rows = [
    row(
      day,
      '11:48:57',
      'Info',
      'CBS',
      'Loaded Servicing Stack v10.0.17763.2560 with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.17763.2560_none_7bfc3bdb3f4a5c2e\\cbscore.dll',
    ),
    row(day, '11:48:57', 'Info', 'CBS', 'Starting TiWorker initialization.'),
    row(
      day,
      '11:48:58',
      'Info',
      'CBS',
      'Session: 30950123_1234567890 initialized by client WindowsUpdateAgent.',
    ),
    row(
      day,
      '11:49:08',
      'Info',
      'CBS',
      'Exec: Processing started.  Client: WindowsUpdateAgent, Session: 30950123_1234567890, Package: Package_for_KB5011503~31bf3856ad364e35~amd64~~17763.2686.1.8',
    ),
  ];
  if (logs === 'component-store-corrupt') {
    rows.push(
      row(
        day,
        '11:49:09',
        'Error',
        'CSI',
        '0000002f (F) onecore\\base\\wcp\\componentstore\\csd_manifest.cpp(1108): Error STATUS_SXS_COMPONENT_STORE_CORRUPT originated in function CCSDirect::GetComponentManifest expression: (null)',
      ),
      '[gle=0x80004005]',
      row(
        day,
        '11:49:09',
        'Info',
        'CBS',
        'Failed to get enumerator for missing components. [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
      ),
      row(
        day,
        '11:49:09',
        'Error',
        'CBS',
        'Failed to complete component closure [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
      ),
    );
  } else {
    rows.push(
      row(
        day,
        '11:52:31',
        'Info',
        'CBS',
        'Exec: Processing complete.  Session: 30950123_1234567890, Package: Package_for_KB5011503~31bf3856ad364e35~amd64~~17763.2686.1.8 [HRESULT = 0x00000000 - S_OK]',
      ),
    );
  }
  rows.push(row(day, '11:52:40', 'Info', 'CBS', 'Ending TrustedInstaller finalization.'));
  return rows.join('\r\n') + '\r\n';
}

function systeminfo(machine: string): string {
  return [
    '',
    `Host Name:                 ${machine}`,
    'OS Name:                   Microsoft Windows 10 Enterprise LTSC 2019',
    'OS Version:                10.0.17763 N/A Build 17763',
    'OS Manufacturer:           Microsoft Corporation',
    'OS Configuration:          Member Workstation',
    'System Type:               x64-based PC',
    'Domain:                    branch.bank.test',
    'Hotfix(s):                 2 Hotfix(s) Installed.',
    '                           [01]: KB5005112',
    '                           [02]: KB5010351',
    '',
  ].join('\r\n');
}

/** `reg query "HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate" /s` on a WSUS client. */
const WSUS_POLICY = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate',
  '    WUServer    REG_SZ    http://wsus.branch.bank.test:8530',
  '    WUStatusServer    REG_SZ    http://wsus.branch.bank.test:8530',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU',
  '    NoAutoUpdate    REG_DWORD    0x0',
  '    UseWUServer    REG_DWORD    0x1',
  '',
].join('\r\n');

/** A collector-shaped zip of one machine. */
export function collectorBundle(options: BundleOptions): Promise<Buffer> {
  return makeZip([
    { name: 'Logs/CBS/CBS.log', data: cbsLog(options.day, options.logs) },
    { name: 'System/systeminfo.txt', data: systeminfo(options.machine) },
    ...(options.source === 'wsus' ? [{ name: 'Registry/windowsupdate-policy.txt', data: WSUS_POLICY }] : []),
  ]);
}

/** The name collect-logs.cmd gives its zip: `<host>-<yyyyMMdd>-<HHmmss>.zip`. */
export function bundleName(machine: string, day: string): string {
  return `${machine}-${day.replace(/-/g, '')}-115300.zip`;
}
