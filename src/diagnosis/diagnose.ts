/** Diagnoses uploaded bundles: opens each one, splits it into machines, detects every file's format, reads
 * collector outputs into facts and scans logs with the engine; then ranks, checks KB applicability and
 * names the cause the machines share. */
import { Readable } from 'node:stream';
import * as iconv from 'iconv-lite';
import { loadKnowledge, type Applicability, type Knowledge } from '../knowledge/index';
import type { BundleFile, BundleLimits, LogFormat, MachineFacts } from './types';
import { openBundle } from './bundle/index';
import { detectFormat, DETECT_HEAD_CHARS } from './detect';
import { sniffEncoding } from './text/index';
import { collectFacts, isFactsSource, mergeFacts } from './facts/index';
import {
  Engine,
  MachineScan,
  bestBuild,
  type FileSummary,
  type RankedFinding,
  type SuspiciousLine,
} from './engine';
import { loadRules, type Rule } from './rules';
import { LOG_FORMATS } from './parsers/index';

/** Logs a diagnosis wants from every machine; the report lists the ones that were not in the bundle. */
export const EXPECTED_LOGS: LogFormat[] = ['cbs', 'windowsupdate', 'eventlog', 'systeminfo'];

export interface KbCheck {
  kb: string;
  /** 'option': the user named it; 'logs': a log names the update being installed. */
  from: 'option' | 'logs';
  applicability: Applicability | null;
}

export interface MachineResult {
  /** What was opened, plus the machine's folder inside it when a bundle holds several machines. */
  source: string;
  /** Short display name: the machine's folder, else the host name, else the file name. */
  machine: string;
  hostName: string | null;
  osBuild: string | null;
  facts: MachineFacts;
  primary: RankedFinding | null;
  findings: RankedFinding[];
  missingLogs: LogFormat[];
  /** The most suspicious unexplained Error lines, when nothing conclusive was found. */
  suspicious: SuspiciousLine[];
  files: Array<FileSummary | { path: string; format: LogFormat; bytes: number }>;
  kb: KbCheck | null;
}

export interface CommonCause {
  errorCode: string | null;
  causeId: string;
  machines: string[];
}

export interface CaseResult {
  machines: MachineResult[];
  primary: RankedFinding | null;
  commonCause: CommonCause | null;
}

export interface DiagnoseOptions {
  /** KB the user says failed (e.g. 'KB5011503'); checked against each machine's build. */
  kb?: string;
  knowledge?: Knowledge | null;
  rules?: Rule[];
  engine?: Engine;
  limits?: Partial<BundleLimits>;
  /** Display name for a single uploaded file (stored paths are often opaque ids). */
  displayName?: string;
  /** Called before each log is scanned and once at the end (for a progress display). */
  onProgress?: (progress: DiagnoseProgress) => void | Promise<void>;
}

export interface DiagnoseProgress {
  /** The log being scanned now (display path inside the bundle); undefined when all are done. */
  file?: string;
  bytesDone: number;
  bytesTotal: number;
}

interface Prepared {
  knowledge: Knowledge | undefined;
  engine: Engine;
}

function prepare(opts: DiagnoseOptions): Prepared {
  let knowledge: Knowledge | undefined;
  if (opts.knowledge !== undefined) knowledge = opts.knowledge ?? undefined;
  else {
    try {
      knowledge = loadKnowledge();
    } catch {
      // A broken catalogue must not stop a diagnosis: codes keep their numbers, causes their ids.
      knowledge = undefined;
    }
  }
  const engine = opts.engine ?? new Engine(opts.rules ?? loadRules(), { knowledge });
  return { knowledge, engine };
}

/** Diagnoses several bundles (one per machine, or one holding several machines) as one case. */
export async function diagnoseCase(paths: string[], opts: DiagnoseOptions = {}): Promise<CaseResult> {
  const prepared = prepare(opts);
  const machines: MachineResult[] = [];
  for (const p of paths) machines.push(...(await diagnoseBundleWith(p, opts, prepared)));
  return summariseCase(machines);
}

/** Diagnoses one bundle; a collector zip holding several machines' folders gives one result per machine. */
export async function diagnoseBundle(path: string, opts: DiagnoseOptions = {}): Promise<MachineResult[]> {
  return diagnoseBundleWith(path, opts, prepare(opts));
}

/** Case-level view: the leading machine's primary finding and the cause shared by ≥ 2 machines. */
export function summariseCase(machines: MachineResult[]): CaseResult {
  const primaries = machines.filter((m) => m.primary).map((m) => m.primary!);
  primaries.sort(
    (a, b) => b.confidence - a.confidence || (a.lastTime < b.lastTime ? 1 : a.lastTime > b.lastTime ? -1 : 0),
  );
  const groups = new Map<string, CommonCause>();
  for (const m of machines) {
    if (!m.primary) continue;
    const key = `${m.primary.causeId}|${m.primary.errorCode ?? ''}`;
    const g = groups.get(key) ?? { errorCode: m.primary.errorCode, causeId: m.primary.causeId, machines: [] };
    g.machines.push(m.machine);
    groups.set(key, g);
  }
  const shared = [...groups.values()]
    .filter((g) => g.machines.length >= 2)
    .sort((a, b) => b.machines.length - a.machines.length);
  return { machines, primary: primaries[0] ?? null, commonCause: shared[0] ?? null };
}

interface Entry {
  file: BundleFile;
  format: LogFormat;
  head: Buffer;
  rest: AsyncIterator<Buffer | string> | null;
  close: () => void;
}

async function diagnoseBundleWith(
  path: string,
  opts: DiagnoseOptions,
  prep: Prepared,
): Promise<MachineResult[]> {
  const bundle = await openBundle(path, opts.limits, { displayName: opts.displayName });
  try {
    // Detect every file's format from its head first (cheap), so machines can be told apart.
    const listed: Array<{ file: BundleFile; format: LogFormat }> = [];
    for await (const file of bundle.files()) {
      const e = await peek(file);
      e.close();
      listed.push({ file, format: e.format });
    }
    const roots = machineRoots(listed.map((l) => ({ path: l.file.path, format: l.format })));
    const progress: DiagnoseProgress = {
      bytesDone: 0,
      bytesTotal: listed.filter((l) => LOG_FORMATS.includes(l.format)).reduce((n, l) => n + l.file.size, 0),
    };
    const results: MachineResult[] = [];
    for (const root of roots) {
      const mine = listed.filter((l) => roots.length === 1 || under(l.file.path, root));
      results.push(await diagnoseMachine(bundle.source, root, mine, opts, prep, progress));
    }
    await opts.onProgress?.({ bytesDone: progress.bytesTotal, bytesTotal: progress.bytesTotal });
    return results;
  } finally {
    await bundle.close();
  }
}

async function diagnoseMachine(
  source: string,
  root: string,
  files: Array<{ file: BundleFile; format: LogFormat }>,
  opts: DiagnoseOptions,
  { engine, knowledge }: Prepared,
  progress: DiagnoseProgress,
): Promise<MachineResult> {
  const scan = new MachineScan();
  const parts: Array<Partial<MachineFacts>> = [];
  const listed: MachineResult['files'] = [];
  const seen = new Set<LogFormat>();
  for (const { file, format } of files) {
    seen.add(format);
    if (LOG_FORMATS.includes(format)) {
      await opts.onProgress?.({ ...progress, file: file.path });
      const e = await peek(file);
      const summary = await engine.scanFile(chunksOf(e), file.path, format, scan);
      e.close();
      if (summary) listed.push(summary);
      progress.bytesDone += file.size;
      continue;
    }
    listed.push({ path: file.path, format, bytes: file.size });
    if (isFactsSource(file.path, format)) parts.push(await collectFacts(file, format));
  }
  const findings = engine.findings(scan);
  const primary = findings.find((f) => f.decisive) ?? null;
  // Collector outputs first (they are the machine's own answer), then what the logs say.
  const logBuild = bestBuild(scan);
  const facts = mergeFacts([...parts, { ...scan.facts, osBuild: logBuild, formatsSeen: [...seen] }]);
  const osBuild = pickBuild(parts.find((p) => p.osBuild)?.osBuild, logBuild);
  if (osBuild) facts.osBuild = osBuild;
  const hostName = facts.hostName ?? null;
  // A machine is named by its folder in the bundle, else its host name, else the name the file was
  // uploaded under (never the stored file's name, which is a hash).
  const label = (root ? root.split('/').pop()! : (hostName ?? baseName(opts.displayName ?? source))).replace(
    /\.(zip|cab)$/i,
    '',
  );
  for (const f of findings) f.machine = label;
  const has = (f: LogFormat): boolean =>
    seen.has(f) || (f === 'windowsupdate' && seen.has('windowsupdate-classic'));
  const kbFromLogs = kbOfPrimary(primary) ?? scan.kbsOnHits[0] ?? scan.kbsSeen[0];
  const kb = opts.kb ? normKb(opts.kb) : kbFromLogs;
  return {
    source: root ? `${source}/${root}` : source,
    machine: label,
    hostName,
    osBuild: osBuild ?? null,
    facts,
    primary,
    findings,
    missingLogs: EXPECTED_LOGS.filter((f) => !has(f)),
    suspicious: primary ? [] : engine.suspicious(scan),
    files: listed,
    kb: kb
      ? {
          kb,
          from: opts.kb ? 'option' : 'logs',
          applicability: knowledge ? knowledge.applicability(kb, osBuild) : null,
        }
      : null,
  };
}

function normKb(raw: string): string {
  const m = /(\d{6,7})/.exec(raw);
  return m ? `KB${m[1]}` : raw.toUpperCase();
}

function kbOfPrimary(primary: RankedFinding | null): string | undefined {
  return primary?.details.kb;
}

/** systeminfo has no UBR; a log's build with UBR wins when the build numbers agree. */
function pickBuild(fromFacts: string | undefined, fromLogs: string | undefined): string | undefined {
  if (!fromFacts) return fromLogs;
  const f = /(\d{5})(?:\.(\d+))?/.exec(fromFacts);
  if (!f) return fromLogs ?? fromFacts;
  if (fromLogs && fromLogs.split('.')[0] === f[1] && fromLogs.includes('.') && !f[2]) return fromLogs;
  return f[2] ? `${f[1]}.${f[2]}` : f[1];
}

function baseName(p: string): string {
  return (
    p
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() || p
  );
}

// ---------------------------------------------------------------------------------------------------------
// Reading heads and splitting machines
// ---------------------------------------------------------------------------------------------------------

/** Opens a file, reads enough to detect its format, and keeps the rest of the stream for the scan. */
async function peek(file: BundleFile): Promise<Entry> {
  const stream = file.open();
  const it = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < DETECT_HEAD_CHARS * 2) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const b = typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value;
    parts.push(b);
    size += b.length;
  }
  const head = parts.length === 1 ? parts[0] : Buffer.concat(parts);
  const format = detectFormat(file.path, decodeHead(head));
  return {
    file,
    format,
    head,
    rest: done ? null : it,
    close: () => {
      if (!stream.destroyed) stream.destroy();
    },
  };
}

function decodeHead(head: Buffer): string {
  const enc = sniffEncoding(head);
  const sample = head.subarray(0, DETECT_HEAD_CHARS * 2);
  return enc === 'utf8'
    ? sample.toString('utf8')
    : iconv.decode(sample, enc === 'utf16le' ? 'utf-16le' : 'gbk');
}

async function* chunksOf(e: Entry): AsyncIterable<Buffer | string> {
  if (e.head.length) yield e.head;
  if (!e.rest) return;
  for (;;) {
    const r = await e.rest.next();
    if (r.done) return;
    yield r.value;
  }
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

function under(path: string, root: string): boolean {
  return root === '' || path === root || path.startsWith(root + '/');
}

/**
 * Machine folders inside a bundle. A collector zip for a case may hold several machines
 * (`日志/终端01/...`, `日志/终端02/...`, or `PC01.zip/...`): the folders that hold a systeminfo output (else
 * a CBS.log) are found, and each machine is the child of their common ancestor on the way to one of them.
 * One machine: [''].
 */
export function machineRoots(files: Array<{ path: string; format: LogFormat }>): string[] {
  const pick = (pred: (f: { path: string; format: LogFormat }) => boolean): string[] => [
    ...new Set(files.filter(pred).map((f) => dirOf(f.path))),
  ];
  let dirs = pick((f) => f.format === 'systeminfo');
  if (dirs.length < 2) dirs = pick((f) => /(^|\/)cbs\.log$/i.test(f.path));
  if (dirs.length < 2)
    dirs = pick(
      (f) => f.format === 'cbs' || f.format === 'windowsupdate' || f.format === 'windowsupdate-classic',
    );
  if (dirs.length < 2) return [''];
  const split = dirs.map((d) => (d ? d.split('/') : []));
  let common = 0;
  while (split.every((s) => s.length > common && s[common] === split[0][common])) common++;
  const roots = [
    ...new Set(split.filter((s) => s.length > common).map((s) => s.slice(0, common + 1).join('/'))),
  ];
  // A folder that is itself the common ancestor holds a machine too: then the layout is not per-machine.
  if (roots.length < 2 || split.some((s) => s.length === common)) return [''];
  return roots;
}

/** For tests and callers holding plain text: a Readable over a string or buffer. */
export function readableOf(data: string | Buffer): Readable {
  return Readable.from([typeof data === 'string' ? Buffer.from(data, 'utf8') : data]);
}
