/** The byte scanner for one log file: finds the rules' and generic shapes' anchors in raw bytes, walks from
 * each hit to its whole record (multi-line records included), decodes and parses only those records, and
 * hands them to the engine. Memory stays flat: a look-behind window is kept, the rest is dropped. */
import { isAscii } from 'node:buffer';
import * as iconv from 'iconv-lite';
import type { LogParser } from './parsers/index';
import type { AnchorMatcher } from './anchors';
import type { CompiledRule } from './rules';
import type { FailureShape } from './generic';
import { byteMarkers, mayHoldFailure } from './codes';
import { sniffEncoding } from './text/index';
import type { Engine, FileSummary, FormatPlan, MachineScan, TextEncoding } from './engine';

const MAX_BACK_LINES = 200;
const MAX_RECORD_LINES = 400;
const MAX_RECORD_BYTES = 256 * 1024;
const LOOKBEHIND = 64 * 1024;

/** What makes a shape-only record worth parsing even without a failure code (FileScanner.inert): an error
 * level or failure marker (suspicious lines), a KB or a rollup package (the KB under repair). */
const WORTH_PARSING = byteMarkers(['KB', 'kb', 'Kb', 'kB', 'rror', 'RROR', 'FAIL', 'atal', 'ATAL', 'ollupF']);

const NL = 10;
const NO_RULES: CompiledRule[] = [];

export class FileScanner {
  private work: Buffer;
  private len = 0;
  /** Up to where anchors have been searched (relative to work). */
  private scanPos = 0;
  /** End of the last record handed to the parser: walking back never crosses it. */
  private doneUpTo = 0;
  /** Newlines before `countedPos` are counted: `lineAtCounted` is the 1-based line at that position. */
  private countedPos = 0;
  private lineAtCounted = 1;
  private bytes = 0;
  private parsed = 0;
  private encoding?: TextEncoding;
  private utf16?: iconv.DecoderStream | { write(b: Buffer): string; end(): string | undefined };
  private started = false;

  constructor(
    private readonly engine: Engine,
    private readonly plan: FormatPlan,
    private readonly parser: LogParser,
    private readonly file: string,
    private readonly scan: MachineScan,
    private readonly stepBytes: number,
    encoding?: TextEncoding,
  ) {
    this.work = Buffer.allocUnsafe(Math.max(stepBytes * 2, 64 * 1024));
    this.encoding = encoding;
    this.seen = new Int32Array(plan.rules.length);
    this.hitNos = new Int32Array(plan.rules.length);
  }

  push(chunk: Buffer): void {
    if (!chunk.length) return;
    this.bytes += chunk.length;
    if (!this.started) {
      this.started = true;
      this.encoding ??= sniffEncoding(chunk);
      if (this.encoding === 'utf16le' || this.encoding === 'utf16be') {
        this.utf16 = iconv.getDecoder(this.encoding === 'utf16le' ? 'utf-16le' : 'utf-16be', {
          stripBOM: true,
        });
      } else if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
      }
    }
    if (this.utf16) chunk = Buffer.from(this.utf16.write(chunk), 'utf8');
    this.append(chunk);
    if (this.len - this.scanPos >= this.stepBytes) this.step(false);
  }

  end(): FileSummary {
    if (this.utf16) {
      const rest = this.utf16.end();
      if (rest) this.append(Buffer.from(rest, 'utf8'));
    }
    this.step(true);
    this.countTo(this.len);
    let lines = this.lineAtCounted;
    if (this.len === 0 || this.work[this.len - 1] === NL) lines--;
    return {
      path: this.file,
      format: this.plan.format,
      encoding: this.encoding ?? 'utf8',
      bytes: this.bytes,
      lines: Math.max(0, lines),
      parsed: this.parsed,
    };
  }

  /** Where the caller may read up to `want` bytes straight into the buffer (then calls commit). Text that
   * needs transcoding (UTF-16) gets a separate buffer that commit pushes through the decoder. */
  room(want: number): { buffer: Buffer; offset: number; length: number } {
    if (this.utf16) {
      this.spare ??= Buffer.allocUnsafe(want);
      this.spareUsed = true;
      return { buffer: this.spare, offset: 0, length: this.spare.length };
    }
    if (this.len + want > this.work.length) this.compact(want);
    this.spareUsed = false;
    return { buffer: this.work, offset: this.len, length: Math.min(want, this.work.length - this.len) };
  }

  commit(n: number): void {
    if (this.spareUsed) {
      this.push(this.spare!.subarray(0, n));
      return;
    }
    this.bytes += n;
    this.len += n;
    this.startAt = -1;
    if (this.len - this.scanPos >= this.stepBytes) this.step(false);
  }

  private matcher?: AnchorMatcher;
  private spare?: Buffer;
  private spareUsed = false;

  private append(chunk: Buffer): void {
    if (this.len + chunk.length > this.work.length) this.compact(chunk.length);
    chunk.copy(this.work, this.len);
    this.len += chunk.length;
    this.startAt = -1;
  }

  /** Drops bytes no longer needed (keeping a look-behind window for multi-line records) and grows the
   * buffer when a chunk still does not fit. */
  private compact(incoming: number): void {
    let keepFrom = Math.min(this.scanPos, Math.max(this.doneUpTo, this.scanPos - LOOKBEHIND));
    if (keepFrom > 0) {
      const nl = this.work.lastIndexOf(NL, keepFrom - 1);
      keepFrom = nl < 0 ? 0 : Math.min(keepFrom, nl + 1);
    }
    this.startAt = -1;
    if (keepFrom > 0) {
      this.countTo(keepFrom);
      this.work.copy(this.work, 0, keepFrom, this.len);
      this.len -= keepFrom;
      this.scanPos -= keepFrom;
      this.doneUpTo = Math.max(0, this.doneUpTo - keepFrom);
      this.countedPos -= keepFrom;
    }
    if (this.len + incoming > this.work.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.work.length * 2, this.len + incoming));
      this.work.copy(bigger, 0, 0, this.len);
      this.work = bigger;
    }
  }

  /** Moves the line counter to `pos` (forwards or backwards). */
  private countTo(pos: number): void {
    const w = this.work;
    if (pos >= this.countedPos) {
      let p = this.countedPos - 1;
      let n = 0;
      while ((p = w.indexOf(NL, p + 1)) !== -1 && p < pos) n++;
      this.lineAtCounted += n;
    } else {
      let p = pos - 1;
      let n = 0;
      while ((p = w.indexOf(NL, p + 1)) !== -1 && p < this.countedPos) n++;
      this.lineAtCounted -= n;
    }
    this.countedPos = pos;
  }

  /** The last answer of isStart (a record's first line is asked about twice, and the line after a record
   * is often the next hit's): its position, or -1 after the buffer moved. */
  private startAt = -1;
  private startWas = false;

  /** Does the line at `start` begin a record? Only its head is decoded (latin1 keeps ASCII intact). */
  private isStart(start: number): boolean {
    if (start === this.startAt) return this.startWas;
    this.startAt = start;
    return (this.startWas = this.recordStartAt(start));
  }

  private recordStartAt(start: number): boolean {
    const w = this.work;
    let end = Math.min(this.len, start + 64);
    const nl = w.indexOf(NL, start);
    if (nl >= 0 && nl < end) end = nl > start && w[nl - 1] === 13 ? nl - 1 : nl;
    return (
      this.parser.recordStartIn?.(w, start, end) ??
      this.parser.isRecordStart(w.toString('latin1', start, end))
    );
  }

  /** Scans complete lines for anchors and hands each hit's record to the engine. */
  private step(eof: boolean): void {
    const w = this.work;
    let limit = this.len;
    if (!eof) {
      const nl = w.lastIndexOf(NL, this.len - 1);
      limit = nl < 0 ? 0 : nl + 1;
    }
    let pos = this.scanPos;
    // Tuned on the file's own first megabyte: which anchor windows are rare in this very text.
    const matcher = (this.matcher ??= this.plan.matcher.tunedFor(w.subarray(0, this.len)));
    while (pos < limit) {
      const h = matcher.find(w, pos, limit);
      if (h < 0) break;
      // The hit's line, then back to the record's first line.
      let rs = h > 0 ? w.lastIndexOf(NL, h - 1) + 1 : 0;
      if (rs < this.doneUpTo) rs = this.doneUpTo;
      const hitLine = rs;
      let back = 0;
      while (!this.isStart(rs) && rs > this.doneUpTo && back < MAX_BACK_LINES) {
        const prev = rs >= 2 ? w.lastIndexOf(NL, rs - 2) + 1 : 0;
        if (prev < this.doneUpTo) break;
        rs = prev;
        back++;
      }
      if (!this.isStart(rs)) rs = hitLine;
      // Forward to the line before the next record start.
      let le = w.indexOf(NL, h);
      let end = -1;
      let lines = 1;
      for (;;) {
        if (le < 0 || le >= limit) {
          end = eof ? this.len : -1;
          break;
        }
        const ns = le + 1;
        if (ns >= limit) {
          end = eof ? limit : -1;
          break;
        }
        if (this.isStart(ns) || lines >= MAX_RECORD_LINES || ns - rs >= MAX_RECORD_BYTES) {
          end = ns;
          break;
        }
        le = w.indexOf(NL, ns);
        lines++;
      }
      if (end < 0) {
        // The record may go on in the next chunk: come back to it then.
        this.scanPos = rs;
        return;
      }
      this.handle(rs, end, h, rs === hitLine && lines === 1);
      this.doneUpTo = end;
      pos = end;
    }
    this.scanPos = limit;
  }

  private decode(start: number, end: number): string {
    // Most records are ASCII whatever the file's encoding: the one-byte decoder is the cheapest exact one.
    if (isAscii(this.work.subarray(start, end))) return this.work.toString('latin1', start, end);
    switch (this.encoding) {
      case 'gbk':
        return iconv.decode(this.work.subarray(start, end), 'gbk');
      case 'latin1':
        return this.work.toString('latin1', start, end);
      default:
        return this.work.toString('utf8', start, end);
    }
  }

  /** `hit`: where find() saw the record's first anchor; `oneLine`: the record is known to be one physical
   * line (the scan walked it). */
  private handle(start: number, end: number, hit: number, oneLine = false): void {
    // A rule only looks at records holding one of its own anchors: the anchors of this record's bytes
    // name its candidate rules (in the plan's order) and generic shapes (in the order the matcher reports them).
    this.hitCount = 0;
    this.hitShapes = undefined;
    this.hitOther = false;
    this.generation = (this.generation + 1) | 0;
    // find() searched from before this record and stopped at `hit`: every anchor that starts more than the
    // longest anchor's length before it would have been found first, so the search for the rest starts there.
    const matcher = this.matcher!;
    matcher.each(this.work, Math.max(start, hit - matcher.longest + 1), end, this.onAnchor);
    if (this.inert(start, end)) return;
    this.countTo(start);
    const line = this.lineAtCounted;
    const w = this.work;
    let lines: string[];
    let text: string;
    // One physical line (most records): no split, no join. Its line end goes before decoding ('\r' and
    // '\n' are single bytes in every encoding the buffer holds).
    let e = end > start && w[end - 1] === NL ? end - 1 : end;
    const nl = oneLine || e <= start ? -1 : w.indexOf(NL, start);
    if (nl < 0 || nl >= e) {
      if (e > start && w[e - 1] === 13) e--;
      text = this.decode(start, e);
      lines = [text];
    } else {
      const physical = this.decode(start, end).split('\n');
      if (physical.length > 1 && physical[physical.length - 1] === '') physical.pop();
      lines = physical.map((l) => l.replace(/\r$/, ''));
      // Blank continuation lines (paste damage) carry nothing.
      text = lines.join('\n');
    }
    this.parsed++;
    const record = this.parser.parse({ line, text }, this.file);
    const { rules } = this.plan;
    let candidates: CompiledRule[];
    if (this.hitCount === 0) candidates = NO_RULES;
    else if (this.hitCount === 1) candidates = this.single[this.hitNos[0]] ??= [rules[this.hitNos[0]]];
    else {
      const nos = this.hitNos.subarray(0, this.hitCount).sort();
      candidates = new Array<CompiledRule>(nos.length);
      for (let k = 0; k < nos.length; k++) candidates[k] = rules[nos[k]];
    }
    this.engine.onRecord(this.plan, record, lines, this.scan, candidates, this.hitShapes);
  }

  /**
   * A record that only generic failure shapes asked for, and that cannot tell them anything: no failure code
   * in its bytes (mayHoldFailure), no shape that reads successes, nothing an error-level line, a KB or a
   * rollup package would add. Passed over without decoding — on logs full of benign end results
   * ('Exec: Processing complete … [HRESULT = 0x00000000 - S_OK]') this is most of the parsing.
   */
  private inert(start: number, end: number): boolean {
    const shapes = this.hitShapes;
    if (this.hitCount !== 0 || this.hitOther || !shapes) return false;
    for (let k = 0; k < shapes.length; k++) if (shapes[k].ok) return false;
    const w = this.work;
    return !mayHoldFailure(w, start, end, WORTH_PARSING);
  }

  /** Per record: candidate rules by position in plan.rules (each once: `seen` holds the record's
   * generation), the generic shapes hit, and whether a literal that is neither (a parser probe, a suspect
   * literal) was. */
  private hitOther = false;
  private generation = 0;
  private seen: Int32Array;
  private hitNos: Int32Array;
  private hitCount = 0;
  private hitShapes?: FailureShape[];
  /** One candidate list per rule, reused (onRecord only reads it). */
  private readonly single: CompiledRule[][] = [];
  private readonly onAnchor = (i: number): void => {
    const nos = this.plan.ruleNosByIndex[i];
    for (let k = 0; k < nos.length; k++) {
      const no = nos[k];
      if (this.seen[no] !== this.generation) {
        this.seen[no] = this.generation;
        this.hitNos[this.hitCount++] = no;
      }
    }
    const shapes = this.plan.shapesByIndex[i];
    if (nos.length === 0 && shapes.length === 0) this.hitOther = true;
    for (let k = 0; k < shapes.length; k++) {
      const sh = shapes[k];
      if (!(this.hitShapes ??= []).includes(sh)) this.hitShapes.push(sh);
    }
  };
}
