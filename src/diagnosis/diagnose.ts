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
import {
  HOST_SOURCE_RANK,
  collectFacts,
  hostClaimsOf,
  hostFromFolderName,
  hostFromUploadName,
  hostKey,
  isFactsSource,
  mergeFacts,
  neutralName,
  strongest,
  type HostClaim,
  type HostSource,
} from './facts/index';
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

/** Logs a diagnosis wants from every machine; the report lists the ones that no file of the bundle holds. */
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
  /** Display name: the host name (from the data, else from the upload's name), else the upload's file name. */
  machine: string;
  /** The machine's host name, null when neither its data nor the upload's name carries one. */
  hostName: string | null;
  /** Where the host name came from (systeminfo, ipconfig, manifest, gpresult, registry, eventlog, upload-name, folder-name). */
  hostFrom: HostSource | null;
  /** Earlier inputs of the same host in this run (diagnoseCase), oldest first: this result is its newer logs. */
  earlier?: Array<{ source: string; errorCode: string | null; causeId: string | null }>;
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

/**
 * Diagnoses several bundles (one per machine, or one holding several machines) as one case. Two inputs
 * naming the same host are one machine: the later one is its newer logs, and the earlier ones are listed
 * in its `earlier`.
 */
export async function diagnoseCase(paths: string[], opts: DiagnoseOptions = {}): Promise<CaseResult> {
  const prepared = prepare(opts);
  const machines: MachineResult[] = [];
  const byHost = new Map<string, number>();
  for (const p of paths) {
    for (const m of await diagnoseBundleWith(p, opts, prepared)) {
      const key = m.hostName ? hostKey(m.hostName) : undefined;
      const at = key === undefined ? undefined : byHost.get(key);
      if (at === undefined) {
        if (key !== undefined) byHost.set(key, machines.length);
        machines.push(m);
        continue;
      }
      const prev = machines[at];
      machines[at] = {
        ...m,
        earlier: [
          ...(prev.earlier ?? []),
          {
            source: prev.source,
            errorCode: prev.primary?.errorCode ?? null,
            causeId: prev.primary?.causeId ?? null,
          },
        ],
      };
    }
  }
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
  /** The decoded head (what the format was detected from). */
  text: string;
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
    // Detect every file's format and the hosts it names from its head first (cheap), so machines can be
    // told apart by what their data says.
    const listed: Listed[] = [];
    for await (const file of bundle.files()) {
      const e = await peek(file);
      e.close();
      listed.push({ file, format: e.format, claims: await hostClaimsOf(file.path, e.format, e.text) });
    }
    const uploadName = opts.displayName ?? baseName(path);
    const parts = splitMachines(
      listed.map((l) => ({ path: l.file.path, format: l.format, claims: l.claims })),
      uploadName,
    );
    const progress: DiagnoseProgress = {
      bytesDone: 0,
      bytesTotal: listed.filter((l) => LOG_FORMATS.includes(l.format)).reduce((n, l) => n + l.file.size, 0),
    };
    const results: MachineResult[] = [];
    for (const part of parts) {
      const mine = listed.filter((l) => part.paths.has(l.file.path));
      results.push(await diagnoseMachine(bundle.source, part, mine, opts, prep, progress));
    }
    await opts.onProgress?.({ bytesDone: progress.bytesTotal, bytesTotal: progress.bytesTotal });
    return results;
  } finally {
    await bundle.close();
  }
}

interface Listed {
  file: BundleFile;
  format: LogFormat;
  claims: HostClaim[];
}

async function diagnoseMachine(
  source: string,
  part: MachinePart,
  files: Listed[],
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
  // The machine is named by its host (its strongest claim, see splitMachines), else by the upload's name.
  const hostName = part.host?.name ?? null;
  if (hostName) facts.hostName = hostName;
  const label = part.label;
  for (const f of findings) f.machine = label;
  const paths = files.map((f) => f.file.path);
  const has = (f: LogFormat): boolean =>
    seen.has(f) ||
    (f === 'windowsupdate' &&
      // the Windows 10+ log lives in ETL traces until Get-WindowsUpdateLog decodes it: the bundle holds it
      (seen.has('windowsupdate-classic') || paths.some((p) => /(^|\/)windowsupdate[^/]*\.etl$/i.test(p))));
  const kbFromLogs = kbOfPrimary(primary) ?? scan.kbsOnHits[0] ?? scan.kbsSeen[0];
  const kb = opts.kb ? normKb(opts.kb) : kbFromLogs;
  return {
    source: part.roots.length === 1 && part.roots[0] !== '' ? `${source}/${part.roots[0]}` : source,
    machine: label,
    hostName,
    hostFrom: part.host?.source ?? null,
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
  const text = decodeHead(head);
  const format = detectFormat(file.path, text);
  return {
    file,
    format,
    head,
    text,
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

/** One machine of a bundle: the files that are its own, and what it is called. */
export interface MachinePart {
  /** The folders (or nested archives) it is made of; [''] when the whole bundle is one machine. */
  roots: string[];
  /** Display paths of its files. */
  paths: Set<string>;
  /** Its strongest host claim, or null when nothing names its host. */
  host: HostClaim | null;
  /** Its display name: the host, else the folder's or the upload's name. */
  label: string;
}

export interface SplitInput {
  path: string;
  format: LogFormat;
  /** The hosts the file names (see hostClaimsOf). */
  claims?: HostClaim[];
}

/** Logs that belong to one machine (as opposed to collector outputs and unknown files). */
const MACHINE_LOGS = new Set<LogFormat>(LOG_FORMATS);

const lastSegment = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/**
 * The machines of one upload. One upload is one machine unless it shows several hosts:
 * - by evidence: the folders (or nested archives) right under the files' common folder name different
 *   hosts in their systeminfo / ipconfig / manifest / gpresult / registry / event exports; or
 * - by name, when no data names two hosts: two or more such folders are named like hosts (`TERM-01`,
 *   `CMGE_Log_TERM-02.zip`, `PC07-20220519-115000`), every folder holding logs is, and they hold the same kind
 *   of log (category folders such as 系统日志 / 更新日志 or Logs / System never are: they hold different kinds).
 * Folders of the same host are one machine. Anything else is one machine, named by its strongest host claim,
 * else by the upload's name pattern (`CMGE_Log_<HOST>.zip`, `DiagLogs-<HOST>-<ts>Z.zip`, `<HOST>-<yyyyMMdd-HHmmss>.zip`,
 * `TSS_<HOST>_…`, also for a lone top folder or nested archive), else the upload's file name.
 */
export function splitMachines(files: SplitInput[], uploadName: string): MachinePart[] {
  const whole = (): MachinePart[] => [wholeBundle(files, uploadName)];
  const meaningful = files.filter((f) => f.format !== 'unknown' || (f.claims?.length ?? 0) > 0);
  if (meaningful.length === 0) return whole();
  const dirs = meaningful.map((f) => f.path.split('/').slice(0, -1));
  let depth = 0;
  while (dirs.every((d) => d.length > depth && d[depth] === dirs[0][depth])) depth++;
  const top = dirs[0].slice(0, depth);

  const children = new Map<string, SplitInput[]>();
  const loose: SplitInput[] = [];
  for (const f of files) {
    const segs = f.path.split('/');
    if (top.some((t, i) => segs[i] !== t)) continue; // outside the common folder: nothing of a machine
    if (segs.length <= depth + 1) loose.push(f);
    else {
      const child = segs.slice(0, depth + 1).join('/');
      const list = children.get(child);
      if (list) list.push(f);
      else children.set(child, [f]);
    }
  }
  if (children.size < 2) return whole();

  const holdsLogs = (fs: SplitInput[]): boolean => fs.some((f) => MACHINE_LOGS.has(f.format));
  const hostOf = new Map<string, HostClaim | null>();
  for (const [child, fs] of children) hostOf.set(child, strongest(fs.flatMap((f) => f.claims ?? [])));
  const keys = new Set([...hostOf.values()].flatMap((h) => (h ? [hostKey(h.name)] : [])));
  if (keys.size < 2) {
    // No data names two hosts: folders named like hosts, each with its own logs of the same kind.
    const withLogs = [...children].filter(([, fs]) => holdsLogs(fs));
    if (withLogs.length < 2 || withLogs.some(([child]) => !hostFromFolderName(lastSegment(child))))
      return whole();
    const kinds = withLogs.map(
      ([, fs]) =>
        new Set(
          fs
            .filter((f) => MACHINE_LOGS.has(f.format))
            .map((f) => (f.format === 'windowsupdate-classic' ? 'windowsupdate' : f.format)),
        ),
    );
    const sameKind = kinds.some((k, i) => kinds.some((o, j) => j !== i && [...k].some((x) => o.has(x))));
    if (!sameKind) return whole();
    for (const [child] of withLogs) {
      if (!hostOf.get(child))
        hostOf.set(child, { name: hostFromFolderName(lastSegment(child))!, source: 'folder-name' });
    }
  }

  const machines = new Map<string, MachinePart>();
  for (const [child, fs] of children) {
    const host = hostOf.get(child) ?? null;
    if (!host && !holdsLogs(fs)) continue; // shared notes, a readme folder: no machine's data
    const key = host ? `host:${hostKey(host.name)}` : `folder:${child}`;
    const m = machines.get(key);
    if (m) {
      m.roots.push(child);
      for (const f of fs) m.paths.add(f.path);
      if (host && m.host && HOST_SOURCE_RANK[host.source] < HOST_SOURCE_RANK[m.host.source]) {
        m.host = host;
        m.label = host.name;
      }
    } else {
      machines.set(key, {
        roots: [child],
        paths: new Set(fs.map((f) => f.path)),
        host,
        label: host?.name ?? neutralName(lastSegment(child)),
      });
    }
  }
  if (machines.size < 2) return whole();
  // Loose files beside the machines' folders join the host they name, if any.
  for (const f of loose) {
    const c = strongest(f.claims ?? []);
    const m = c ? machines.get(`host:${hostKey(c.name)}`) : undefined;
    if (m) m.paths.add(f.path);
  }
  return [...machines.values()];
}

function wholeBundle(files: SplitInput[], uploadName: string): MachinePart {
  const paths = new Set(files.map((f) => f.path));
  const fromData = strongest(files.flatMap((f) => f.claims ?? []));
  if (fromData) return { roots: [''], paths, host: fromData, label: fromData.name };
  // The upload's own name, else a lone top folder or nested archive named by a collector's pattern.
  let byName = hostFromUploadName(uploadName);
  if (!byName) {
    const dirs = files.map((f) => f.path.split('/').slice(0, -1));
    for (let i = 0; !byName && dirs.every((d) => d.length > i && d[i] === dirs[0][i]); i++) {
      byName = hostFromUploadName(dirs[0][i]);
    }
  }
  if (byName) return { roots: [''], paths, host: { name: byName, source: 'upload-name' }, label: byName };
  return { roots: [''], paths, host: null, label: neutralName(uploadName) };
}

/** For tests and callers holding plain text: a Readable over a string or buffer. */
export function readableOf(data: string | Buffer): Readable {
  return Readable.from([typeof data === 'string' ? Buffer.from(data, 'utf8') : data]);
}
