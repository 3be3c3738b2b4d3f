/**
 * Which host a file speaks of, and which host an upload's name carries. A bundle is split into machines by
 * these claims (see splitMachines in ../diagnose.ts), never by folder names alone.
 *
 * Sources, strongest first: systeminfo `Host Name`/`主机名`, ipconfig /all `Host Name`/`主机名`, our
 * collector's manifest.json `machineName`, gpresult (`RSOP data for … on HOST`, `Computer name`/`计算机名`,
 * the RSoP XML's computer `<Name>`), registry exports of `ComputerName`, event exports' `Computer` (XML
 * element, CSV column, text field). Only the head of a file is read: every one of these names the host in
 * its first lines.
 */
import type { LogFormat } from '../types';
import { parseIpconfig } from './network';
import { parseSystemInfo, splitCsv } from './systeminfo';

export type HostSource =
  | 'systeminfo'
  | 'ipconfig'
  | 'manifest'
  | 'gpresult'
  | 'registry'
  | 'eventlog'
  | 'upload-name'
  | 'folder-name';

export interface HostClaim {
  /** The host as the source writes it, without domain (`TERM-0231`, not `BANK\TERM-0231$` or `term-0231.bank.local`). */
  name: string;
  source: HostSource;
}

/** Lower is stronger: a machine's name comes from its strongest claim. */
export const HOST_SOURCE_RANK: Record<HostSource, number> = {
  systeminfo: 0,
  ipconfig: 1,
  manifest: 2,
  gpresult: 3,
  registry: 4,
  eventlog: 5,
  'upload-name': 6,
  'folder-name': 7,
};

/** Claims that come from a machine's own data (not from how a file or folder was named). */
export function isDataClaim(c: HostClaim): boolean {
  return c.source !== 'upload-name' && c.source !== 'folder-name';
}

export function strongest(claims: readonly HostClaim[]): HostClaim | null {
  let best: HostClaim | null = null;
  for (const c of claims) if (!best || HOST_SOURCE_RANK[c.source] < HOST_SOURCE_RANK[best.source]) best = c;
  return best;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const NOT_A_HOST = new Set(['N/A', '暂缺', 'LOCALHOST', 'UNKNOWN', 'NONE', '-', '(NONE)', '(无)']);

/**
 * A host name as written in some source, reduced to the machine's own name: `DOMAIN\NAME$` → `NAME`,
 * `name.domain.local` → `name`; undefined for what is not a host name (N/A, an IP address, words with
 * spaces, more than 63 characters).
 */
export function cleanHostName(raw: string): string | undefined {
  let v = raw.trim().replace(/^["']|["']$/g, '');
  if (v.includes('\\')) v = v.slice(v.lastIndexOf('\\') + 1);
  v = v.replace(/\$$/, '');
  if (!v || IPV4.test(v) || /\s/.test(v)) return undefined;
  if (v.includes('.')) v = v.split('.')[0];
  if (!v || v.length > 63 || NOT_A_HOST.has(v.toUpperCase())) return undefined;
  if (!/^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u.test(v)) return undefined;
  return v;
}

/** The key two claims (or two uploads) are compared by: Windows host names are case-insensitive. */
export function hostKey(name: string): string {
  return (cleanHostName(name) ?? name.trim()).toUpperCase();
}

function claim(raw: string | undefined, source: HostSource): HostClaim[] {
  const name = raw === undefined ? undefined : cleanHostName(raw);
  return name ? [{ name, source }] : [];
}

const lines = (head: string): string[] => head.replace(/^\ufeff/, '').split(/\r?\n/);

// RSOP data for CONTOSO\user1 on TERM-0231 : Logging Mode
// RSOP data for NT AUTHORITY\SYSTEM on TERM-0231 : Logging Mode
const GP_RSOP_EN = /RSOP data for .+? on (\S+?)\s*:/i;
// CONTOSO\user1 在 TERM-0231 上的 RSOP 数据: 日志记录模式   (zh-CN wording; the host sits between 在 and 上)
const GP_RSOP_ZH = /在\s*(\S+?)\s*上的\s*RSOP/;
//     Computer name:   CONTOSO\TERM-0231       /   计算机名:  CONTOSO\TERM-0231  (gpresult /z, /h as text)
const GP_COMPUTER = /^\s*(?:Computer name|Computer Name|计算机名称|计算机名)\s*[:：]\s*(\S.*?)\s*$/;
//     CN=TERM-0231,OU=Terminals,DC=bank,DC=local     (first line under COMPUTER SETTINGS / 计算机设置)
const GP_CN = /^\s*CN=([^,]+),/i;
const GP_COMPUTER_SETTINGS = /^\s*(?:COMPUTER SETTINGS|计算机设置)\s*$/i;
// <ComputerResults> … <Name>CONTOSO\TERM-0231</Name>   (gpresult /x; namespaces vary)
const GP_XML_COMPUTER = /<(?:\w+:)?ComputerResults\b[^>]*>[\s\S]*?<(?:\w+:)?Name>([^<]+)<\/(?:\w+:)?Name>/;

function fromGpresult(head: string): HostClaim[] {
  const xml = GP_XML_COMPUTER.exec(head);
  if (xml) return claim(xml[1], 'gpresult');
  let settings = false;
  for (const line of lines(head)) {
    let m = GP_RSOP_EN.exec(line) ?? GP_RSOP_ZH.exec(line) ?? GP_COMPUTER.exec(line);
    if (m) {
      const c = claim(m[1], 'gpresult');
      if (c.length) return c;
    }
    if (GP_COMPUTER_SETTINGS.test(line)) settings = true;
    else if (settings && (m = GP_CN.exec(line))) return claim(m[1], 'gpresult');
  }
  return [];
}

// "ComputerName"="TERM-0231"                     (.reg export of …\ComputerName\ComputerName)
// "Hostname"="TERM-0231"                         (.reg export of …\Tcpip\Parameters)
const REG_EXPORT = /^"(?:ComputerName|Hostname|NV Hostname)"="([^"]+)"\s*$/i;
//     ComputerName    REG_SZ    TERM-0231        (reg query)
const REG_QUERY = /^\s+(?:ComputerName|Hostname|NV Hostname)\s+REG_(?:EXPAND_)?SZ\s+(\S+)\s*$/i;

function fromRegistry(head: string): HostClaim[] {
  for (const line of lines(head)) {
    const m = REG_EXPORT.exec(line.trim()) ?? REG_QUERY.exec(line);
    if (m) return claim(m[1], 'registry');
  }
  return [];
}

// <Computer>TERM-0231.bank.local</Computer>        (wevtutil qe /f:xml, Event Viewer "Save as XML")
const EVENT_XML = /<Computer>([^<]+)<\/Computer>/;
//   Computer: TERM-0231.bank.local   /   计算机: TERM-0231       (wevtutil qe /f:text)
const EVENT_TEXT = /^\s*(?:Computer|计算机)\s*[:：]\s*(\S+)\s*$/;
// CSV columns that hold the computer (Get-WinEvent | Export-Csv: MachineName; other tools: Computer)
const EVENT_CSV_COLUMNS = new Set(['computer', 'computername', 'machinename', '计算机', '计算机名']);

function fromEventExport(head: string): HostClaim[] {
  const xml = EVENT_XML.exec(head);
  if (xml) return claim(xml[1], 'eventlog');
  const ls = lines(head);
  for (let i = 0; i < ls.length; i++) {
    const line = ls[i];
    const text = EVENT_TEXT.exec(line);
    if (text) return claim(text[1], 'eventlog');
    if (line.includes(',')) {
      const header = splitCsv(line).map((h) => h.trim().toLowerCase());
      const col = header.findIndex((h) => EVENT_CSV_COLUMNS.has(h));
      if (col >= 0) {
        for (const row of ls.slice(i + 1)) {
          if (row.trim() === '') continue;
          const c = claim(splitCsv(row)[col], 'eventlog');
          if (c.length) return c;
        }
        return [];
      }
    }
  }
  return [];
}

// {"schema": "update-case-bot/collector-manifest/1", "collectorVersion": "1.0.0", "machineName": "TERM-0231", ...}
const MANIFEST_SCHEMA = /"schema"\s*:\s*"update-case-bot\/collector-manifest\/\d+"/;
const MANIFEST_MACHINE = /"machineName"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/** True for our collector's manifest (knowledge/scripts/collect-logs.ps1, Write-Manifest). */
export function isCollectorManifest(path: string, head: string): boolean {
  return /(^|\/)manifest\.json$/i.test(path) && MANIFEST_SCHEMA.test(head);
}

/**
 * The hosts a file names, from its display path, detected format and decoded head (see DETECT_HEAD_CHARS).
 * Usually none or one; the strongest wins when a machine's files disagree.
 */
export async function hostClaimsOf(path: string, format: LogFormat, head: string): Promise<HostClaim[]> {
  if (isCollectorManifest(path, head)) {
    const m = MANIFEST_MACHINE.exec(head);
    return claim(m?.[1], 'manifest');
  }
  switch (format) {
    case 'systeminfo':
      return claim((await parseSystemInfo(lines(head))).hostName, 'systeminfo');
    case 'ipconfig':
      return claim((await parseIpconfig(lines(head))).hostName, 'ipconfig');
    case 'gpresult': {
      const gp = fromGpresult(head);
      return gp.length ? gp : fromRegistry(head);
    }
    case 'eventlog':
      return fromEventExport(head);
    case 'unknown':
      return /\.(reg|txt|log)$/i.test(path) || path.indexOf('.') < 0 ? fromRegistry(head) : [];
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------------------------------------
// Names of uploads (and of archives and folders inside them)
// ---------------------------------------------------------------------------------------------------------

/** Folder names that say what kind of data they hold, never which machine (any case). */
const CATEGORY_WORDS = new Set(
  [
    'logs',
    'log',
    'cbs',
    'dism',
    'windowsupdate',
    'softwaredistribution',
    'panther',
    'newos',
    'unattendgc',
    'rollback',
    'windowsbt',
    'windows',
    'mosetup',
    'setupdiag',
    'system',
    'system32',
    'network',
    'eventlogs',
    'events',
    'eventlog',
    'registry',
    'updates',
    'etl',
    'setup',
    'policy',
    'grouppolicy',
    'metadata',
    'reports',
    'info',
    'data',
    'temp',
    'tmp',
    'output',
    'results',
    'collect',
    'collected',
    'diag',
    'diagnostics',
    'cmge_log',
    'ms_data',
  ].map((w) => w.toLowerCase()),
);

/** Strips what browsers and chat clients add or what archives end with: `name (1).zip` → `name`. */
function stem(name: string): string {
  const base =
    name
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? name;
  return base
    .replace(/\.(zip|cab|7z|rar|tar|gz)$/i, '')
    .replace(/\s*\(\d+\)$/, '')
    .replace(/\s*-\s*(?:副本|copy)$/i, '')
    .trim();
}

const UPLOAD_PATTERNS: RegExp[] = [
  // CMGE_Log_TERM-0231, CMGE_Log-TERM-0231, CMGE_Log_TERM-0231_20220519-115000
  /^CMGE_Log[_-](.+?)(?:[_-]\d{8}(?:[_-]?\d{4,6})?)?$/i,
  // DiagLogs-TERM-0231-20220519T115000Z (Intune "Collect diagnostics"; the host may contain '-')
  /^DiagLogs-(.+)-\d{8}T\d{6}Z$/i,
  // TSS_TERM-0231_220519-115000_DND_SETUPReport
  /^TSS_(.+?)_\d{6,8}[-_]\d{4,6}(?:_.*)?$/i,
  // TERM-0231-20220519-115000 (our collector, knowledge/scripts/collect-logs.ps1)
  /^(.+)-\d{8}-\d{6}$/,
];

/** The host an upload's (or a nested archive's, or a folder's) name carries by a known collector's pattern. */
export function hostFromUploadName(name: string): string | undefined {
  const s = stem(name);
  for (const re of UPLOAD_PATTERNS) {
    const m = re.exec(s);
    if (m) {
      const host = cleanHostName(m[1]);
      if (host) return host;
    }
  }
  return undefined;
}

/**
 * A folder (or nested archive) whose name reads as a host: a collector's pattern, else a plain NetBIOS-style
 * name (`TERM-01`, `PC07`) that is no category word and not just a number (Intune numbers its folders).
 */
export function hostFromFolderName(name: string): string | undefined {
  const byPattern = hostFromUploadName(name);
  if (byPattern) return byPattern;
  const s = stem(name);
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,14}$/.test(s)) return undefined;
  if (/^\d+$/.test(s) || !/[A-Za-z]/.test(s) || CATEGORY_WORDS.has(s.toLowerCase())) return undefined;
  return s;
}

/** The name a machine without any host evidence is shown under: the upload's own file name. */
export function neutralName(name: string): string {
  const base =
    name
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() || name;
  return base.replace(/\.(zip|cab)$/i, '');
}
