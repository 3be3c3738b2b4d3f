/**
 * Shared shapes of the diagnosis room: a bundle's files, decoded lines, parsed records, machine facts
 * and findings. Pure data; no I/O here. The bundle reader produces `BundleFile`s, the line reader turns
 * bytes into `LogLine`s, a parser per format turns lines into `LogRecord`s, and the engine turns
 * records into `Finding`s.
 */
import type { Readable } from 'node:stream';

/** Formats we recognise (by content first, by name second). */
export type LogFormat =
  | 'cbs' // CBS.log, CbsPersist_*.log
  | 'dism' // dism.log
  | 'windowsupdate' // decoded ETW WindowsUpdate.log (Windows 10+)
  | 'windowsupdate-classic' // Windows 7-era tab-separated WindowsUpdate.log
  | 'reportingevents'
  | 'panther' // setupact.log / setuperr.log (+ rollback)
  | 'eventlog' // event-log exports (text, CSV, XML)
  | 'systeminfo'
  | 'gpresult'
  | 'ipconfig'
  | 'winhttp-proxy'
  | 'hotfixes' // Get-HotFix, wmic qfe, dism /get-packages
  | 'unknown';

/** One file inside a machine's bundle. `path` is the display path inside the bundle, never a disk path. */
export interface BundleFile {
  path: string;
  size: number;
  open(): Readable;
}

/** Safety limits for reading archives (all configurable). */
export interface BundleLimits {
  maxEntries: number;
  maxTotalBytes: number;
  maxEntryBytes: number;
  maxCompressionRatio: number;
  maxDepth: number;
}

/** Something in a bundle that is not offered as a file, and why (so the report can say so). */
export interface BundleSkip {
  path: string;
  reason: 'executable' | 'cab-unavailable' | 'link-outside' | 'special-file';
}

/** A machine's bundle: a folder, one file, or an archive (zips in zips, .cab inside). */
export interface Bundle {
  /** What the user gave us (a path, an upload name). */
  source: string;
  files(): AsyncIterable<BundleFile>;
  /** Entries left out (programs, .cab without cabextract, links leaving the folder). */
  readonly skipped?: BundleSkip[];
  /** Removes any temporary files the reader made. */
  close(): Promise<void>;
}

/** A logical line: a record's first physical line plus its continuation lines joined with '\n'. */
export interface LogLine {
  /** 1-based number of the record's first physical line in the file. */
  line: number;
  text: string;
}

/** What a parser makes of one record. Fields absent in a format are left undefined. */
export interface LogRecord {
  file: string;
  format: LogFormat;
  line: number;
  /** As written in the log (local time unless the format says otherwise), e.g. '2022-05-19 11:49:09'. */
  timestamp?: string;
  level?: string; // Info | Warning | Error | Fatal Error | ...
  component?: string; // CBS, CSI, DISM, Agent, MOUPG ...
  message: string;
  /** Every error code on the record, normalised to '0x' + 8 lowercase hex digits, in order of appearance. */
  codes: string[];
  /** Symbolic names written next to codes ('CBS_E_SOURCE_MISSING'), upper-case. */
  names: string[];
  /** The record reports an end result of success: a zero code in a result context and no failure code. */
  success: boolean;
  /** Format-specific extras (CSI '(F)' flag, session id, DISM provider, WU component...). */
  fields: Record<string, string | number | boolean>;
}

/** Facts about one machine, taken from collector outputs and logs. */
export interface MachineFacts {
  hostName?: string;
  osName?: string;
  /** '17763' or '17763.2686' when a log gives the UBR. */
  osBuild?: string;
  installedKbs: string[];
  /** `doNotConnectToInternet`: policy DoNotConnectToWindowsUpdateInternetLocations=1 (breaks DISM/FoD from WU). */
  updateSource?: {
    kind: 'wsus' | 'windows-update' | 'offline' | 'unknown';
    url?: string;
    doNotConnectToInternet?: boolean;
  };
  proxy?: { direct: boolean; server?: string; bypass?: string };
  pendingReboot?: boolean;
  locale?: string;
  /** AD domain or workgroup (systeminfo `Domain`, else ipconfig `Primary Dns Suffix`). */
  domain?: string;
  /** Servicing packages and their states (dism /get-packages), e.g. 'Installed', 'Install Pending'. */
  packages?: Array<{ identity: string; kb?: string; state: string }>;
  /** Formats present in the bundle, so the report can say which logs are missing. */
  formatsSeen: LogFormat[];
}

export interface Evidence {
  file: string;
  line: number;
  timestamp?: string;
  /** The line, secrets and personal data masked. */
  text: string;
}

export interface Finding {
  ruleId: string;
  causeId: string;
  errorCode: string | null;
  symbolicName: string | null;
  confidence: number; // 0..1
  evidence: Evidence[];
  machine?: string;
}
