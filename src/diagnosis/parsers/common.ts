/** What every log parser shares: the parser contract, record construction (codes and names from the
 * message) and the prefix grammar of the "Panther logging" family (CBS.log, dism.log, setupact.log). */
import type { LogFormat, LogLine, LogRecord } from '../types';
import { collectNames, extractCodes, type ExtractedCodes, type NameLookup } from '../codes';

/** Turns the logical lines of one format into records. Parsers may keep state across records of one
 * file (DISM sessions), so the engine makes a fresh parser per file. */
export interface LogParser {
  readonly format: LogFormat;
  /** True when a physical line starts a new record (a line that does not continues the previous one). */
  isRecordStart(line: string): boolean;
  /** The same question asked of raw bytes (buf[start, end) is the line without its end), answered only when
   * the bytes settle it cheaply — true or false; undefined sends the scanner to isRecordStart. */
  recordStartIn?(buf: Uint8Array, start: number, end: number): boolean | undefined;
  parse(line: LogLine, file: string): LogRecord;
  /** Literals (case-insensitive) whose records the engine must parse even when no rule asks for them:
   * they carry state (session starts) or machine facts (OS version, KB being installed). */
  readonly probes: readonly string[];
}

export interface ParserOptions {
  /** Resolves symbolic names inside HRESULT_FROM_WIN32(NAME); normally the catalogue's byName. */
  lookup?: NameLookup;
}

/** Splits a logical line into its first physical line and the continuation lines. */
export function splitFirst(text: string): [string, string] {
  const nl = text.indexOf('\n');
  return nl < 0 ? [text, ''] : [text.slice(0, nl), text.slice(nl)];
}

/** A record with codes and names taken from `codeText` (default: the message). They are read from the text
 * when first asked for: on logs full of fact-carrying lines (session starts, stack versions) most records
 * are never asked, and the code search was the scan's costliest step. */
export function makeRecord(
  base: Omit<LogRecord, 'codes' | 'names' | 'fields' | 'success'> & { fields?: LogRecord['fields'] },
  opts: ParserOptions,
  codeText: string = base.message,
): LogRecord {
  return new ParsedRecord(base, base.fields ?? {}, codeText, opts.lookup);
}

/** A parsed record whose codes, names and success are read from its text on first use (one class, so every
 * record has the same shape and the getters stay cheap). */
class ParsedRecord implements LogRecord {
  readonly file: string;
  readonly format: LogRecord['format'];
  readonly line: number;
  readonly timestamp?: string;
  readonly level?: string;
  readonly component?: string;
  readonly message: string;
  readonly fields: LogRecord['fields'];
  private found?: ExtractedCodes;
  /** Whether the names written in the text (not only those inside HRESULT_FROM_WIN32(…)) are in found. */
  private named = false;
  private succeeded?: boolean;

  constructor(
    base: Omit<LogRecord, 'codes' | 'names' | 'fields' | 'success'>,
    fields: LogRecord['fields'],
    private readonly codeText: string,
    private readonly lookup: NameLookup | undefined,
  ) {
    this.file = base.file;
    this.format = base.format;
    this.line = base.line;
    this.timestamp = base.timestamp;
    this.level = base.level;
    this.component = base.component;
    this.message = base.message;
    this.fields = fields;
  }

  private read(): ExtractedCodes {
    return (this.found ??= extractCodes(this.codeText, this.lookup, false));
  }

  get codes(): string[] {
    return this.read().codes;
  }

  set codes(v: string[]) {
    this.read().codes = v;
  }

  get names(): string[] {
    const f = this.read();
    if (!this.named) {
      this.named = true;
      collectNames(this.codeText, f);
    }
    return f.names;
  }

  set names(v: string[]) {
    this.read().names = v;
    this.named = true;
  }

  get success(): boolean {
    if (this.succeeded === undefined) {
      const f = this.read();
      this.succeeded = f.success.length > 0 && f.codes.length === 0;
    }
    return this.succeeded;
  }

  set success(v: boolean) {
    this.succeeded = v;
  }
}

// KB numbers in package names and titles:
//   Package_for_KB5011503~31bf3856ad364e35~amd64~~17763.2686.1.8   2022-03 Cumulative Update ... (KB5011503)
const KB_RE = /(?<![A-Za-z0-9])KB(\d{6,7})(?!\d)/i;

export function kbIn(text: string): string | undefined {
  if (!text.includes('KB') && !text.includes('kb')) return undefined;
  const m = KB_RE.exec(text);
  return m ? 'KB' + m[1] : undefined;
}

/** A sortable key for a written timestamp: '2022-05-19 11:49:09', '2020/11/19 15:25:46.9997442',
 * '2010-01-05 18:52:06:747' and '2022-05-19T03:50:02.123Z' all become 'YYYY-MM-DD HH:MM:SS.fff'. */
export function timeKey(ts: string | undefined): string {
  if (!ts) return '';
  // Already the key's own form (every Panther-family line): nothing to build.
  if (ts.length === 19 && isKeyForm(ts)) return ts;
  const m = /(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T]+(\d{1,2}):(\d{2}):(\d{2})(?:[.:](\d+))?/.exec(ts);
  if (!m) return '';
  const p2 = (s: string): string => s.padStart(2, '0');
  return `${m[1]}-${p2(m[2])}-${p2(m[3])} ${p2(m[4])}:${m[5]}:${m[6]}${m[7] ? '.' + m[7] : ''}`;
}

/** The first 19 characters read 'YYYY-MM-DD HH:MM:SS': digits where digits go, separators where they go. */
function isKeyForm(ts: string): boolean {
  for (let i = 0; i < 19; i++) {
    const c = ts.charCodeAt(i);
    const want =
      i === 4 || i === 7 ? 45 /* - */ : i === 10 ? 32 /* ' ' */ : i === 13 || i === 16 ? 58 /* : */ : 0;
    if (want ? c !== want : c < 48 || c > 57) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// The Panther-logging prefix: 'YYYY-MM-DD HH:MM:SS, <Level padded to 22><Component padded to 7><message>'
// ---------------------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------------------
// Lines as people publish them
// ---------------------------------------------------------------------------------------------------------

// What a paste wraps around a log line: Markdown quotes ('> '), table pipes ('| … |'), inline-code
// backticks, list indentation. Only the wrapping goes; the line's own text is kept.
const PASTE_HEAD = /^[\s>|`]+/;
const PASTE_TAIL = /[\s|`]+$/;
const TABLE_CELLS = /\s*\|\s*/g;
// A list a paste site or an editor turned the log into: '- 2016-05-24 16:18:12, Error …' (bullets),
// '- Line 231: 2015-06-07 …' (Notepad++ "Find All" results), '  7. 2019-11-12 …' (pastebin's numbered lines).
// A bullet or 'Line N:' goes only before a timestamp; a number only when the line was indented (pastebin).
const LIST_MARK = /^(?:[-*•]|Line \d+:)[ \t]+(?=(?:Line \d+:[ \t]+)?(?:\d{4}|YYYY|20xx)[-/])/;
const LINE_NUMBER = /^\d{1,7}\.(?:[ \t]+|$)/;

/** A physical line without what a paste wrapped around it (cheap when there is nothing to strip). */
export function unpaste(line: string): string {
  const c = line.charCodeAt(0);
  // A Markdown table row: its cells are the log's columns.
  if (c === 124) line = line.replace(TABLE_CELLS, '  ');
  // ' ', '\t', '>', '|', '`'
  if (c === 32 || c === 9 || c === 62 || c === 124 || c === 96) {
    line = line.replace(PASTE_HEAD, '');
    const d = line.charCodeAt(0);
    if (d >= 48 && d <= 57 && (c === 32 || c === 9)) line = line.replace(LINE_NUMBER, '');
  }
  const f = line.charCodeAt(0);
  // '-', '*', '•', 'L'
  if (f === 45 || f === 42 || f === 8226 || f === 76)
    line = line.replace(LIST_MARK, '').replace(LIST_MARK, '');
  const e = line.charCodeAt(line.length - 1);
  if (e === 124 || e === 96 || e === 32 || e === 9) line = line.replace(PASTE_TAIL, '');
  return line;
}

// ---------------------------------------------------------------------------------------------------------
// The Panther-logging prefix: 'YYYY-MM-DD HH:MM:SS, <Level padded to 22><Component padded to 7><message>'
// ---------------------------------------------------------------------------------------------------------

// 2023-05-17 08:24:08, Info                  CBS    Starting TiWorker initialization.
// Anonymised copies (Microsoft articles, forum posts): 'YYYY-MM-DD HH:MM:SS, Error …', '20xx-xx-24 10:11:12, Info …',
// '20xx-xx-06 xx:51:15, Error CSI …', '<DateTime>, Info CBS …', '<date> <time>, Info …'.
const TIMESTAMP =
  /^(?:(?:\d{4}|YYYY|yyyy|20xx|XXXX)-(?:\d\d|MM|xx|XX)-(?:\d\d|DD|dd|xx|XX)[ T](?:\d\d|HH|hh|xx|XX):(?:\d\d|MM|mm|xx|XX):(?:\d\d|SS|ss|xx|XX)|<[A-Za-z]+>(?: <[A-Za-z]+>)?)(?=,)/;
// Timestamps removed by the person who pasted the log: 'Info,\tCSI …', 'Error\tCSI …', 'Error CBS …',
// 'Error      [0x018003] CSI …', 'Info MIG …'. The component must be a known one, so a continuation line
// such as 'Error STATUS_SXS_COMPONENT_STORE_CORRUPT originated in …' is not taken for a record.
const NO_TIMESTAMP =
  /^(Info|Warning|Error|Fatal Error|Perf)(?:,?[ \t]+|,)(?:\[0x[0-9a-f]{6}\][ \t]+)?([A-Z][A-Z0-9]{1,7})(?=[ \t]|$)/;

/** 'dddd-dd-dd dd:dd:dd,' at the start, checked by character (the common case, on the scan's hot path). */
function plainTimestamp(l: string): boolean {
  return l.length >= 20 && l.charCodeAt(19) === 44 /* , */ && isKeyForm(l);
}

/** plainTimestamp on raw bytes: the common record start settled without decoding the line. */
export function pantherStartIn(b: Uint8Array, start: number, end: number): true | undefined {
  if (end - start < 20 || b[start + 19] !== 44 /* , */) return undefined;
  for (let i = 0; i < 19; i++) {
    const c = b[start + i];
    const want =
      i === 4 || i === 7 ? 45 /* - */ : i === 10 ? 32 /* ' ' */ : i === 13 || i === 16 ? 58 /* : */ : -1;
    if (want === -1 ? c < 48 || c > 57 : c !== want) return undefined;
  }
  return true;
}

export function isPantherRecordStart(line: string): boolean {
  if (plainTimestamp(line)) return true;
  const l = unpaste(line);
  if (TIMESTAMP.test(l)) return true;
  const m = NO_TIMESTAMP.exec(l);
  return m !== null && COMPONENTS.has(m[2]);
}

/**
 * The record of a Panther-family line (CBS, DISM, setupact/setuperr share the prefix grammar): the
 * prefix's timestamp, level and component, or the whole text when the line has no prefix.
 */
export function prefixedRecord(
  file: string,
  format: LogRecord['format'],
  line: LogLine,
  prefix: PantherPrefix | undefined,
  fields: LogRecord['fields'],
  opts: ParserOptions,
  message: string = prefix?.message ?? line.text,
): LogRecord {
  return makeRecord(
    {
      file,
      format,
      line: line.line,
      timestamp: prefix?.timestamp || undefined,
      level: prefix?.level,
      component: prefix?.component,
      message,
      fields,
    },
    opts,
  );
}

export interface PantherPrefix {
  timestamp: string;
  level: string;
  /** '[0x01805c]' message id → '0x01805c'. */
  msgId?: string;
  component?: string;
  message: string;
}

// The 22-character level field, optionally with a message id:
//   'Error                 '   'Error      [0x01805c] '   'Fatal Error           '
/** The level fields and components the fixed columns hold on most lines, padded as Panther writes them. */
const PADDED_LEVELS = new Map(['Info', 'Error', 'Warning', 'Perf'].map((level) => [level.padEnd(22), level]));
const PADDED_COMPONENTS = new Map(
  ['CBS', 'CSI', 'DPX', 'DISM', 'SXS', 'TI'].map((c) => [c.padEnd(7), c.padEnd(7)]),
);

/** The value of the first padded field of `fields` written at `at` (a loop: this runs for every parsed line). */
function paddedAt(line: string, at: number, fields: ReadonlyMap<string, string>): string | undefined {
  for (const [field, value] of fields) if (line.startsWith(field, at)) return value;
  return undefined;
}
const LEVEL_FIELD = /^(Info|Warning|Error|Fatal Error|Perf|Verbose|Debug)\s*(?:\[(0x[0-9a-f]{6})\])?\s*$/i;

// Known component names, for lines whose column padding was lost (HTML-collapsed pastes):
//   2018-12-08 18:38:11, Error CSI 00000057 (F) Installer: Network Drivers
const COMPONENTS = new Set([
  'CBS',
  'CSI',
  'DPX',
  'DISM',
  'SQM',
  'MOUPG',
  'SP',
  'IBS',
  'IBSLIB',
  'PANTHR',
  'UI',
  'DIAG',
  'MIG',
  'CONX',
  'CMI',
  'DU',
  'SYSPRP',
  'SETUPUGC',
  'BLUEBOX',
  'WINPE',
  'CSIPERF',
  'TI',
  'SXS',
]);

// Fallback grammar when fixed columns do not hold:
//   2019-03-29 00:32:48, Error      [0x0606ae] IBS    [SetupCl library] Required profile hive does not exist
//   2022-07-06 08:18:24, Error                        SmPlatform::ComputeHostInfo: Failed to enumerate ... (0x80080005)
//   Info,<TAB>CSI    00000c61 Begin executing …   (timestamp removed)
const LOOSE =
  /^\s*(Info|Warning|Error|Fatal Error|Perf|Verbose|Debug),?\s*(?:\[(0x[0-9a-f]{6})\])?\s+(?:([A-Z][A-Z0-9]{1,7})(?:\s+|$))?([\s\S]*)$/i;

/** Parses the prefix of a first physical line; the message keeps continuation lines (joined by '\n').
 * A line without a timestamp (removed when pasted) gives a prefix whose timestamp is ''. */
export function parsePantherPrefix(text: string): PantherPrefix | undefined {
  const [raw, rest] = splitFirst(text);
  const plain = plainTimestamp(raw);
  const first = plain ? raw : unpaste(raw);
  const timestamp = plain ? first.slice(0, 19) : TIMESTAMP.exec(first)?.[0];
  if (timestamp === undefined) return noTimestampPrefix(first, rest);
  if (timestamp.length !== 19) return loosePrefix(first, timestamp, rest);
  // Fixed columns: timestamp + ', ' = 21 chars, level field 22, component field 7.
  if (first.length >= 43 && first[20] === ' ') {
    // Most lines: a level and a component exactly as Panther pads them, settled without slicing.
    const level = paddedAt(first, 21, PADDED_LEVELS);
    const known = level && paddedAt(first, 43, PADDED_COMPONENTS);
    if (known) {
      return { timestamp, level, component: known.trimEnd(), message: first.slice(50).trimStart() + rest };
    }
    const lv = level ? undefined : LEVEL_FIELD.exec(first.slice(21, 43));
    const comp = first.slice(43, 50);
    if ((level || lv) && first[42] === ' ' && (comp.length < 7 || comp[6] === ' ' || first.length === 50)) {
      const component = comp.trim() || undefined;
      if (!component || /^[A-Z][A-Za-z0-9]{0,6}$/.test(component)) {
        return {
          timestamp,
          level: level ?? normLevel(lv![1]),
          msgId: lv?.[2]?.toLowerCase(),
          component,
          message: first.slice(50).trimStart() + rest,
        };
      }
    }
  }
  return loosePrefix(first, timestamp, rest);
}

/** The prefix when fixed columns do not hold (collapsed or uneven padding, tabs, 'Info,'). */
function loosePrefix(first: string, timestamp: string, rest: string): PantherPrefix {
  const after = first.slice(timestamp.length + 1);
  const m = LOOSE.exec(after);
  if (!m) return { timestamp, level: '', message: after.trim() + rest };
  let component: string | undefined = m[3];
  let message = m[4];
  if (component && !COMPONENTS.has(component.toUpperCase())) {
    message = after.slice(after.indexOf(component, m[1].length));
    component = undefined;
  }
  return {
    timestamp,
    level: normLevel(m[1]),
    msgId: m[2]?.toLowerCase(),
    component,
    message: message + rest,
  };
}

function noTimestampPrefix(first: string, rest: string): PantherPrefix | undefined {
  const h = NO_TIMESTAMP.exec(first);
  if (!h || !COMPONENTS.has(h[2])) return undefined;
  return loosePrefix(',' + first, '', rest);
}

function normLevel(l: string): string {
  const s = l.toLowerCase();
  return s === 'fatal error' ? 'Fatal Error' : s.charAt(0).toUpperCase() + s.slice(1);
}
