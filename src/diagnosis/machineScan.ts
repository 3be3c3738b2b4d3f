/** What the engine learns from one machine's logs while it scans them (rule hits, generic failures, suspicious
 * lines, machine facts), and the facts read from single records. The engine fills it; `findings()` reads it. */
import type { Evidence, LogFormat, LogRecord, MachineFacts } from './types';
import type { CompiledRule } from './rules';
import type { FailureShape } from './generic';
import type { FileSummary } from './engine';
import { maskText } from './mask';

/** One failure the generic finder saw (a shape and a code), with its latest evidence. */
export interface GenericGroup {
  shape: FailureShape;
  code: string;
  /** The log type of its latest record. */
  format: LogFormat;
  /** An end result of success came after one of its lines: what follows is the same recovered noise. */
  recovered?: boolean;
  count: number;
  first: Evidence;
  last: Evidence;
  firstTime: string;
  lastTime: string;
  lastOrder: number;
  symbolicName: string | null;
  details: Record<string, string>;
}

export interface HitGroup {
  rule: CompiledRule;
  count: number;
  first?: Evidence;
  last: Evidence[];
  firstTime: string;
  lastTime: string;
  lastOrder: number;
  errorCode: string | null;
  symbolicName: string | null;
  details: Record<string, string>;
}

export interface SuspectGroup {
  key: string;
  ev: Evidence;
  codes: string[];
  count: number;
  score: number;
  time: string;
  order: number;
}

/** What the engine learnt from one machine's logs; fed file by file, then read with `findings()`. */
export class MachineScan {
  readonly groups = new Map<string, HitGroup>();
  readonly files: FileSummary[] = [];
  readonly suspects = new Map<string, SuspectGroup>();
  /** Failures the generic finder saw, by shape and code. */
  readonly generic = new Map<string, GenericGroup>();
  /** Per file, the order of the latest end result of success the generic finder saw. */
  readonly genericOk = new Map<string, number>();
  /** OS build candidates by strength (higher wins). */
  readonly osBuilds: Array<{ value: string; strength: number }> = [];
  readonly facts: Partial<MachineFacts> = {};
  /** KBs named on records a rule matched, and on other parsed records (titles, packages), last first (the
   * latest KB_KEEP changes of KB). */
  readonly kbsOnHits: string[] = [];
  readonly kbsSeen: string[] = [];
  /** `value|strength` of every OS build candidate already in osBuilds (repeats change no verdict). */
  readonly buildKeys = new Set<string>();
  order = 0;
}

export function suspectOrder(a: SuspectGroup, b: SuspectGroup): number {
  return b.score - a.score || (a.time < b.time ? 1 : a.time > b.time ? -1 : 0) || b.order - a.order;
}

// ---------------------------------------------------------------------------------------------------------
// Facts found in logs
// ---------------------------------------------------------------------------------------------------------

function addBuild(scan: MachineScan, raw: string | undefined, strength: number): void {
  const m = raw ? /(?:^|\D)(?:10\.0\.)?(\d{5})(?:\.(\d+))?/.exec(raw) : null;
  if (!m) return;
  const value = m[2] ? `${m[1]}.${m[2]}` : m[1];
  const key = `${value}|${strength}`;
  if (scan.buildKeys.has(key)) return;
  scan.buildKeys.add(key);
  scan.osBuilds.push({ value, strength });
}

export function observeFacts(r: LogRecord, scan: MachineScan): void {
  const f = r.fields;
  if (f.targetOsVersion)
    addBuild(scan, String(f.targetOsVersion), /\/online/i.test(String(f.command ?? '')) ? 6 : 3);
  if (f.hostOsVersion) addBuild(scan, String(f.hostOsVersion), 5);
  if (f.osVersion) addBuild(scan, String(f.osVersion), 4);
  if (f.stackVersion) addBuild(scan, String(f.stackVersion).replace(/\.\d+$/, ''), 1);
  if (f.computer && !scan.facts.hostName) scan.facts.hostName = String(f.computer);
  const url = f.serverUrl ?? f.wsusServer;
  if (url && !/^<NULL>$/i.test(String(url))) {
    const u = String(url);
    const microsoft =
      /(\.|^|\/\/)(microsoft|windowsupdate|update\.microsoft)\.com|delivery\.mp\.microsoft/i.test(u);
    if (!microsoft) scan.facts.updateSource = { kind: 'wsus', url: maskText(u) };
    else if (!scan.facts.updateSource) scan.facts.updateSource = { kind: 'windows-update' };
  }
  if (f.proxy && !scan.facts.proxy) {
    const p = String(f.proxy);
    scan.facts.proxy = /no proxy/i.test(p) ? { direct: true } : { direct: false, server: maskText(p) };
  }
}

/** The strongest OS build the logs gave ('17763' or '17763.2686'). */
export function bestBuild(scan: MachineScan): string | undefined {
  let best: { value: string; strength: number } | undefined;
  for (const b of scan.osBuilds) {
    if (
      !best ||
      b.strength > best.strength ||
      (b.strength === best.strength && b.value.length > best.value.length)
    )
      best = b;
  }
  return best?.value;
}
