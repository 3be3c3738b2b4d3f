/** The diagnosis engine: streams a log's bytes, finds rule anchors with a byte-level prefilter, parses only
 * the records around hits (multi-line records included), runs the rules and the generic finder on them, and
 * hands the scan to verdict.ts, which ranks the grouped findings. */
import * as fs from 'node:fs';
import type { Knowledge } from '../knowledge/index';
import type { Evidence, Finding, LogFormat, LogLine, LogRecord } from './types';
import { AnchorMatcher } from './anchors';
import { compileRule, parseFixture, type CompiledRule, type Rule } from './rules';
import { parserFor, timeKey, type LogParser } from './parsers/index';
import { FileScanner } from './scanner';
import { isFailureCode } from './codes';
import { shapesFor, type FailureShape } from './generic';
import { MachineScan, observeFacts, suspectOrder } from './machineScan';
import { rankFindings, suspiciousLines } from './verdict';

export { MachineScan, bestBuild } from './machineScan';

/** Text encodings the engine reads. UTF-16 is transcoded to UTF-8 before the byte scan. */
export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'gbk' | 'latin1';

/** A finding plus what the engine knows about it beyond the shared shape. */
export interface RankedFinding extends Finding {
  title: string;
  decisive: boolean;
  /** How many records the rule matched (evidence holds at most `evidenceLimit` of them). */
  count: number;
  /** Sortable time of the first and last hit ('' when the log has no timestamps). */
  firstTime: string;
  lastTime: string;
  /** Values taken from the matched records: installer name, package, DISM command, KB ... */
  details: Record<string, string>;
}

/** An Error line no rule explains, kept for the "nothing conclusive" report. */
export interface SuspiciousLine extends Evidence {
  codes: string[];
  /** How many lines of the same shape there were. */
  count: number;
  score: number;
}

export interface FileSummary {
  path: string;
  format: LogFormat;
  encoding: TextEncoding;
  bytes: number;
  lines: number;
  /** Records that were parsed (anchor or probe hits). */
  parsed: number;
}

export interface EngineOptions {
  knowledge?: Knowledge;
  /** Evidence lines kept per finding (default 5: the first hit and the last four). */
  evidenceLimit?: number;
  /** Suspicious line groups kept per machine (default 5). */
  suspiciousLimit?: number;
  /** Bytes gathered before a scan step (default 1 MiB). */
  scanBytes?: number;
}

/** Fields copied from a matched record into the finding's details. */
const DETAIL_FIELDS = [
  'installer',
  'binary',
  'installerError',
  'completionStatus',
  'package',
  'failureSource',
  'command',
  'session',
  'kb',
  'extendCode',
  'setupResult',
  'eventKind',
  'operationResult',
  'detectedCorruption',
  'repairedCorruption',
  'updateTitle',
  'title',
];

// Suspect lines: what an engineer would grep for when no rule fired.
const SUSPECT_PROBES: Partial<Record<LogFormat, string[]>> = {
  cbs: [', Error ', ', Fatal Error'],
  dism: [', Error ', ', Fatal Error'],
  panther: [', Error ', ', Fatal Error'],
  windowsupdate: ['*FAILED*', 'FATAL'],
  'windowsupdate-classic': ['FATAL'],
  reportingevents: ['\tFailure\t'],
  eventlog: ['Level: Error', '<Level>2<', 'Error,', '错误,'],
};

export { UNCLASSIFIED_CAUSE } from './verdict';
/** Below every decisive rule's confidence: the finder knows the code, not why it happened. */

/** KBs kept per list on a MachineScan (readers take the first). */
const KB_KEEP = 16;
/** A long scan gives the event loop a turn this often. */
const YIELD_BYTES = 64 * 1024 * 1024;

export interface FormatPlan {
  format: LogFormat;
  rules: CompiledRule[];
  matcher: AnchorMatcher;
  /** Rules keyed by the matcher's anchor index (probes and suspect literals have none). */
  rulesByIndex: CompiledRule[][];
  /** The same, as positions in `rules` (a record's candidates keep the order of `rules`). */
  ruleNosByIndex: Int32Array[];
  /** Generic failure shapes keyed the same way. */
  shapesByIndex: FailureShape[][];
}

export class Engine {
  readonly rules: CompiledRule[];
  private readonly knowledge?: Knowledge;
  private readonly plans = new Map<LogFormat, FormatPlan>();
  private readonly evidenceLimit: number;
  private readonly suspiciousLimit: number;
  private readonly scanBytes: number;

  constructor(rules: Rule[], opts: EngineOptions = {}) {
    this.rules = rules.filter((r) => r.status !== 'deprecated').map(compileRule);
    this.knowledge = opts.knowledge;
    this.evidenceLimit = Math.max(1, opts.evidenceLimit ?? 5);
    this.suspiciousLimit = opts.suspiciousLimit ?? 5;
    this.scanBytes = opts.scanBytes ?? 1 << 20;
  }

  /** Every literal the byte scan looks for in files of `format` (rule anchors, parser probes, suspects). */
  anchorsFor(format: LogFormat): string[] {
    return this.plan(format)?.matcher.anchors.slice() ?? [];
  }

  private plan(format: LogFormat): FormatPlan | undefined {
    let p = this.plans.get(format);
    if (p) return p;
    const parser = parserFor(format);
    if (!parser) return undefined;
    const rules = this.rules.filter((r) => r.formats.includes(format));
    const shapes = shapesFor(format);
    const literals = [
      ...rules.flatMap((r) => r.anchors),
      ...shapes.flatMap((s) => [s.anchor, ...(s.alsoAnchors ?? [])]),
      ...parser.probes,
      ...(SUSPECT_PROBES[format] ?? []),
    ];
    const matcher = new AnchorMatcher(literals);
    const rulesByIndex = matcher.anchors.map((a) => rules.filter((r) => r.anchors.includes(a)));
    const shapesByIndex = matcher.anchors.map((a) =>
      shapes.filter((s) => [s.anchor, ...(s.alsoAnchors ?? [])].some((x) => x.toLowerCase() === a)),
    );
    const ruleNosByIndex = rulesByIndex.map((rs) => Int32Array.from(rs, (r) => rules.indexOf(r)));
    p = { format, rules, matcher, rulesByIndex, ruleNosByIndex, shapesByIndex };
    this.plans.set(format, p);
    return p;
  }

  private newParser(format: LogFormat): LogParser | undefined {
    const k = this.knowledge;
    return parserFor(format, { lookup: k ? (name) => k.byName(name)?.code : undefined });
  }

  /** A scanner for one file, or undefined for formats without a log parser. */
  private scanner(
    file: string,
    format: LogFormat,
    scan: MachineScan,
    encoding?: TextEncoding,
  ): FileScanner | undefined {
    const plan = this.plan(format);
    const parser = this.newParser(format);
    return plan && parser
      ? new FileScanner(this, plan, parser, file, scan, this.scanBytes, encoding)
      : undefined;
  }

  /** Scans one log file into `scan`. Formats without a log parser are ignored (returns undefined). */
  async scanFile(
    input: AsyncIterable<Buffer | string> | Buffer | string,
    file: string,
    format: LogFormat,
    scan: MachineScan,
    encoding?: TextEncoding,
  ): Promise<FileSummary | undefined> {
    const fsn = this.scanner(file, format, scan, encoding);
    if (!fsn) return undefined;
    if (typeof input === 'string' || Buffer.isBuffer(input)) {
      fsn.push(Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8'));
    } else {
      for await (const chunk of input)
        fsn.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer));
    }
    const summary = fsn.end();
    scan.files.push(summary);
    return summary;
  }

  /** Scans a log file on disk: reads straight into the scanner's buffer (no per-chunk allocation). */
  async scanPath(
    diskPath: string,
    file: string,
    format: LogFormat,
    scan: MachineScan,
    encoding?: TextEncoding,
  ): Promise<FileSummary | undefined> {
    const fsn = this.scanner(file, format, scan, encoding);
    if (!fsn) return undefined;
    // Synchronous reads from the page cache beat the thread-pool round trip of async reads by far; the
    // event loop still gets a turn every YIELD_BYTES, so a long scan never stalls the bot.
    const fd = fs.openSync(diskPath, 'r');
    try {
      const first = Buffer.allocUnsafe(64 * 1024);
      const n0 = fs.readSync(fd, first, 0, first.length, null);
      fsn.push(first.subarray(0, n0));
      let sinceYield = 0;
      while (n0 > 0) {
        const room = fsn.room(this.scanBytes);
        const n = fs.readSync(fd, room.buffer, room.offset, room.length, null);
        if (!n) break;
        fsn.commit(n);
        sinceYield += n;
        if (sinceYield >= YIELD_BYTES) {
          sinceYield = 0;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    } finally {
      fs.closeSync(fd);
    }
    const summary = fsn.end();
    scan.files.push(summary);
    return summary;
  }

  /** Runs one parsed record through the format's rules and collectors. */
  onRecord(
    plan: FormatPlan,
    record: LogRecord,
    lines: string[],
    scan: MachineScan,
    candidates: readonly CompiledRule[],
    shapes: readonly FailureShape[] = [],
  ): void {
    const order = ++scan.order;
    if (!record.fields.kb && record.fields.rollupBuild) {
      // Package_for_RollupFix~...~17763.2686.1.8 names the build; the catalogue knows its KB.
      const kb = this.kbForBuild(String(record.fields.rollupBuild));
      if (kb) record.fields.kb = kb;
    }
    observeFacts(record, scan);
    let matched = false;
    for (const rule of candidates) {
      if (!rule.test(record)) continue;
      matched = true;
      this.addHit(rule, record, lines, order, scan);
    }
    let generic = false;
    for (const shape of shapes) {
      const code = shape.code(record);
      if (!code) {
        // An end result of success (resultMapped=0, Return code is 0x00000000) clears the weaker failures
        // logged before it in the same file: retries and probes that the operation got past.
        if (shape.ok?.(record)) {
          scan.genericOk.set(record.file, order);
          // The weaker failures seen so far in this file were got past: the same failure seen again later
          // (a repeated look-up the next call also recovers from) is the same noise, not the end result.
          for (const g of scan.generic.values())
            if (g.shape.weight < 3 && g.format === record.format && g.last.file === record.file)
              g.recovered = true;
        }
        continue;
      }
      generic = true;
      this.addGeneric(shape, code, record, lines, order, scan);
    }
    if (record.fields.kb) {
      // Readers take the latest KB; a bounded list keeps a log of 100 000 package lines linear.
      const kbs = matched || generic ? scan.kbsOnHits : scan.kbsSeen;
      const kb = String(record.fields.kb);
      if (kbs[0] !== kb) {
        kbs.unshift(kb);
        if (kbs.length > KB_KEEP) kbs.length = KB_KEEP;
      }
    }
    if (!matched) this.addSuspect(record, lines, order, scan);
  }

  private addGeneric(
    shape: FailureShape,
    code: string,
    record: LogRecord,
    lines: string[],
    order: number,
    scan: MachineScan,
  ): void {
    const key = `${shape.id}|${code}`;
    const ev = this.evidence(record, lines, [code, code.slice(2), shape.anchor.toLowerCase()]);
    const t = timeKey(record.timestamp);
    let g = scan.generic.get(key);
    if (!g) {
      g = {
        shape,
        code,
        format: record.format,
        count: 0,
        first: ev,
        last: ev,
        firstTime: t,
        lastTime: t,
        lastOrder: order,
        symbolicName: null,
        details: {},
      };
      scan.generic.set(key, g);
    }
    g.count++;
    g.last = ev;
    g.format = record.format;
    if (t && (!g.firstTime || t < g.firstTime)) g.firstTime = t;
    if (t && t >= g.lastTime) g.lastTime = t;
    g.lastOrder = order;
    const name = this.nameFor(code, record);
    if (name) g.symbolicName = name;
    for (const f of DETAIL_FIELDS) {
      const v = record.fields[f];
      if (v !== undefined && v !== '') g.details[f] = String(v);
    }
  }

  private kbByBuild?: Map<string, string>;

  private kbForBuild(build: string): string | undefined {
    if (!this.knowledge) return undefined;
    if (!this.kbByBuild) {
      this.kbByBuild = new Map();
      for (const k of this.knowledge.kbs.values())
        for (const b of k.builds) if (!this.kbByBuild.has(b)) this.kbByBuild.set(b, k.kb);
    }
    return this.kbByBuild.get(build);
  }

  private evidence(record: LogRecord, lines: string[], needles: string[]): Evidence {
    // Cite the physical line that holds the code (or the anchor), so file:line really shows it.
    // Needles in order of preference: the code's line beats the anchor's.
    let idx = 0;
    if (lines.length > 1) {
      const lower = lines.map((l) => l.toLowerCase());
      for (const n of needles) {
        const i = lower.findIndex((l) => l.includes(n));
        if (i >= 0) {
          idx = i;
          break;
        }
      }
    }
    // Masked when the findings are read: most hits are overwritten by later ones before anyone looks.
    const ev: Evidence = {
      file: record.file,
      line: record.line + idx,
      text: truncate(lines[idx].trim(), 1000),
    };
    if (record.timestamp) ev.timestamp = record.timestamp;
    return ev;
  }

  private addHit(
    rule: CompiledRule,
    record: LogRecord,
    lines: string[],
    order: number,
    scan: MachineScan,
  ): void {
    const code = rule.rule.errorCode ?? record.codes[0] ?? null;
    const needles = code ? [code, code.slice(2), ...rule.anchors] : [...rule.anchors];
    const ev = this.evidence(record, lines, needles);
    // One group per rule, or per rule and code when the rule takes its code from the line: each finding's
    // evidence then shows the code it names.
    const key = rule.rule.errorCode || !code ? rule.id : `${rule.id}|${code}`;
    let g = scan.groups.get(key);
    if (!g) {
      g = {
        rule,
        count: 0,
        last: [],
        firstTime: '',
        lastTime: '',
        lastOrder: 0,
        errorCode: code,
        symbolicName: null,
        details: {},
      };
      scan.groups.set(key, g);
    }
    g.count++;
    if (!g.first) g.first = ev;
    else {
      g.last.push(ev);
      if (g.last.length > this.evidenceLimit - 1) g.last.shift();
    }
    const t = timeKey(record.timestamp);
    if (t && (!g.firstTime || t < g.firstTime)) g.firstTime = t;
    if (t && t >= g.lastTime) g.lastTime = t;
    g.lastOrder = order;
    const name = this.nameFor(g.errorCode, record);
    if (name) g.symbolicName = name;
    for (const f of [...DETAIL_FIELDS, ...(rule.rule.details ?? [])]) {
      const v = record.fields[f];
      if (v !== undefined && v !== '') g.details[f] = String(v);
    }
  }

  private nameFor(code: string | null, record: LogRecord): string | null {
    if (!code) return record.names[0] ?? null;
    const known = this.knowledge?.code(code)?.name;
    if (known) return known;
    // A name written next to the code on the record: [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]
    const m = new RegExp(`${code.slice(2)}\\]?\\s*[-\\[(]?\\s*([A-Z][A-Z0-9_]{3,})`, 'i').exec(
      record.message,
    );
    if (m && record.names.includes(m[1])) return m[1];
    return record.names.find((n) => !/^STATUS_OBJECT|^E_FAIL$/.test(n)) ?? null;
  }

  private addSuspect(record: LogRecord, lines: string[], order: number, scan: MachineScan): void {
    // Most records are not failing: the level is lower-cased only when its length could make it so.
    const level = record.level ?? '';
    const n = level.length;
    const lv = n === 5 || n === 8 || n === 11 ? level.toLowerCase() : '';
    const failing =
      lv === 'error' ||
      lv === 'fatal error' ||
      lv === 'critical' ||
      record.fields.failed === true ||
      record.fields.fatal === true;
    if (!failing) return;
    const failures = record.codes.filter(isFailureCode);
    let score = 1 + (failures.length ? 2 : 0);
    if (failures.some((c) => this.knowledge?.code(c))) score += 1;
    // One group per line shape: paths, numbers and hex collapse and only the first words count, so 580
    // "Failed to delete \\?\C:\windows.old\... hr = 0x80070005" lines are one entry.
    const nl = record.message.indexOf('\n');
    // The first four words only (the replacements never cross white space, so words can be taken first).
    const shape = record.message
      .slice(0, Math.min(nl < 0 ? record.message.length : nl, 160))
      .split(/\s+/, 4)
      .join(' ')
      .replace(/(?:\\\\\?\\|[A-Za-z]:\\)\S*/g, '<path>')
      .replace(/0x[0-9a-f]+|[0-9a-f]{8,}|\d+/gi, '#');
    const key = `${record.format}|${record.level ?? ''}|${shape}|${failures.join(',')}`;
    const s = scan.suspects.get(key);
    const time = timeKey(record.timestamp);
    const ev = this.evidence(
      record,
      lines,
      failures.map((c) => c.slice(2)),
    );
    if (s) {
      s.count++;
      s.ev = ev;
      s.time = time || s.time;
      s.order = order;
      return;
    }
    scan.suspects.set(key, { key, ev, codes: failures, count: 1, score, time, order });
    if (scan.suspects.size > 2000) {
      // Bounded memory on pathological logs: forget the weakest half.
      const keep = [...scan.suspects.values()].sort(suspectOrder).slice(0, 1000);
      scan.suspects.clear();
      for (const k of keep) scan.suspects.set(k.key, k);
    }
  }

  /** Grouped, ranked findings: decisive first, then confidence, then the latest failure (verdict.ts). */
  findings(scan: MachineScan, machine?: string): RankedFinding[] {
    return rankFindings(scan, this.knowledge, machine);
  }

  /** The most suspicious unexplained Error lines (for "nothing conclusive" reports). */
  suspicious(scan: MachineScan): SuspiciousLine[] {
    return suspiciousLines(scan, this.suspiciousLimit);
  }

  /** Runs a rule's fixture through the real scan path (anchors, parser, match): which '#> match' records
   * did not fire and which '#> no-match' records did. */
  async checkFixture(
    rule: Rule,
    fixtureText: string,
  ): Promise<{ missed: LogLine[]; falseHits: LogLine[]; records: number }> {
    const one = new Engine([rule], { knowledge: this.knowledge });
    const formats = (Array.isArray(rule.format) ? rule.format : [rule.format]) as LogFormat[];
    const parsers = formats.map((f) => parserFor(f)!);
    const fx = parseFixture(fixtureText, (l) => parsers.some((p) => p.isRecordStart(l)));
    const fires = async (rec: LogLine): Promise<boolean> => {
      for (const f of formats) {
        const scan = new MachineScan();
        await one.scanFile(Buffer.from(rec.text + '\n', 'utf8'), 'fixture', f, scan, 'utf8');
        if ([...scan.groups.values()].some((g) => g.rule.id === rule.id)) return true;
      }
      return false;
    };
    const missed: LogLine[] = [];
    const falseHits: LogLine[] = [];
    for (const r of fx.match) if (!(await fires(r))) missed.push(r);
    for (const r of fx.noMatch) if (await fires(r)) falseHits.push(r);
    return { missed, falseHits, records: fx.match.length + fx.noMatch.length };
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
