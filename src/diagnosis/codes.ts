/** Finds the error codes and symbolic names written in one log message and normalises codes to '0x' + 8
 * lower-case hex digits. Pure text work; symbolic names are resolved only through an injected lookup. */

/** What a message says about results. `codes` holds failures only (severity bit set, 0x8xxxxxxx–0xFxxxxxxx);
 * an explicit zero result (`Exit code = 0x00000000`, `Operation result: 0x0`) is reported in `success`. */
export interface ExtractedCodes {
  codes: string[];
  names: string[];
  /** Zero-valued results written in a result context, normalised ('0x00000000'). */
  success: string[];
}

/** Resolves a symbolic name (ERROR_FILE_NOT_FOUND) to its normalised code, or undefined. */
export type NameLookup = (name: string) => string | undefined;

const hex8 = (v: number): string => '0x' + (v >>> 0).toString(16).padStart(8, '0');

/** '0x8024402C', '8024402c', '2149842967', '-2145124329' → '0x8024402c'; null for anything else. */
export function normaliseCode(raw: string): string | null {
  const s = raw.trim();
  let m: RegExpExecArray | null;
  if ((m = /^0x([0-9a-f]{1,8})$/i.exec(s))) return hex8(parseInt(m[1], 16));
  if (/^[0-9a-f]{8}$/i.test(s)) return hex8(parseInt(s, 16));
  if (/^-?\d{1,10}$/.test(s)) {
    let v = Number(s);
    if (v < 0) v += 0x100000000;
    if (v < 0 || v > 0xffffffff) return null;
    return hex8(v);
  }
  return null;
}

/** True for HRESULT/NTSTATUS failures (severity bit set). */
export function isFailureCode(code: string): boolean {
  return /^0x[89a-f][0-9a-f]{7}$/.test(code);
}

/** HRESULT_FROM_WIN32(n): Win32 error n (decimal) → 0x8007xxxx; 0 stays 0. */
export function hresultFromWin32(n: number): string | null {
  if (!Number.isInteger(n) || n < 0 || n > 0xffff) return null;
  return n === 0 ? hex8(0) : hex8(0x80070000 + n);
}

// Symbolic names worth keeping. Upper-case only: real logs write them so, and prose ("Error_x") is not one.
//   [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]   ERROR_SXS_COMPONENT_STORE_CORRUPT   STATUS_SXS_COMPONENT_STORE_CORRUPT
//   E_FAIL   EPT_S_NOT_REGISTERED   WININET_E_TIMEOUT   PSFX_E_MATCHING_BINARY_MISSING
const NAME_RE =
  /(?<![A-Za-z0-9_])(?:(?:CBS|PSFX|SPAPI|WU|USO|DO|BG|MOSETUP|WININET|TRUST|CERT|CRYPT|SEC|RPC|EPT|NTE|OSS|SXS|APPX|WSUS)_[ESW]_[A-Z0-9_]+|ERROR_[A-Z0-9_]+|STATUS_[A-Z0-9_]+|E_[A-Z][A-Z0-9_]+)(?![A-Za-z0-9_])/g;

const SUCCESS_NAMES = new Set(['ERROR_SUCCESS', 'STATUS_SUCCESS', 'S_OK', 'S_FALSE']);

/*
 * One left-to-right pass with alternatives, so codes keep their order of appearance. Each alternative is
 * written under the real line it was made for:
 *
 * (w) 2020-11-02 21:35:18, Info  CSI  Completion status: HRESULT_FROM_WIN32(ERROR_MOD_NOT_FOUND)
 *     ... HRESULT_FROM_WIN32(1058) ... NTSTATUS_FROM_WIN32(ERROR_INVALID_DATA)
 * (x) [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]   (hr:0x800f081f)   [gle=0x80004005]   status: 0x800f0950
 *     Exit code = 0x8024402C   error 0x80072efe   Result = 0x80070032   ImageExit: Initializing SetupResult: [0x800f0818]
 * (z) Exit code = 0x00000000   Operation result: 0x0   CheckSur: hrStatus: 0x0 [S_OK]   [hr = 0x00000000]
 * (k) HRESULT=80070BC9   hr = 80072efe   ErrorCode: 800106d9   resultMapped=80070643   Error: 80070003
 * (b) 2023/05/22 08:14:20.0778595 7160  3404  Misc   *FAILED* [80096010] Error: verifying trust for ...
 * (d) Installation Failure: ... error code 2149842967   error -2145124329
 *
 * Not codes: CSI sequence numbers (`00000057`), `[0x01805c]` message ids, GUID pieces (`{275D8F99-D591-...}`),
 * `@0x7ffd497360e5` stack addresses, `Flags: 0X8000000`, `options=0x20100`, timestamps and PIDs.
 */
const CODE_RE = new RegExp(
  [
    String.raw`(?<w>(?<wrap>HRESULT|NTSTATUS)_FROM_WIN32\(\s*(?<warg>0x[0-9a-f]{1,8}|\d{1,5}|[A-Z][A-Z0-9_]*)\s*\))`,
    String.raw`(?<![0-9a-z_])0x(?<x>[0-9a-f]{8})(?![0-9a-z_])`,
    String.raw`(?<z>(?:result|hr|hrstatus|hresult|exit code|status|error code)\s*(?:[=:]\s*|\s)\[?\s*0x0+(?![0-9a-z_]))`,
    String.raw`(?<![0-9a-z_{-])(?:hresult|hr|errorcode|error code|error|resultmapped|result|status|code)\s*(?:[=:]\s*|\s)(?<k>[0-9a-f]{8})(?![0-9a-z_}-])`,
    String.raw`\[(?<b>[0-9a-f]{8})\]`,
    String.raw`(?<![0-9a-z_])(?:error|code|hresult|result)\s*(?:[=:]\s*|\s)(?<d>-?\d{10})(?![0-9])`,
  ].join('|'),
  'gi',
);

/** Where a CODE_RE match can start (each alternative's first token). */
const CODE_START = /0x|\[|hr|ntstatus|error|result|status|code|exit/gi;
/** CODE_RE anchored at the position it is given. */
const CODE_AT = new RegExp(CODE_RE.source, 'iy');

/** Every failure code, symbolic name and explicit success result in `text`. */
export function extractCodes(text: string, lookup?: NameLookup, withNames = true): ExtractedCodes {
  const out: ExtractedCodes = { codes: [], names: [], success: [] };
  // Nothing that could be a code: no hex prefix, no digits at all.
  if (!/\d/.test(text)) {
    if (withNames) collectNames(text, out);
    return out;
  }
  // Every alternative of CODE_RE starts with one of a few tokens: try it only where one stands (the big
  // regex, tried at every position, was the scan's costliest step on logs full of benign HRESULTs).
  CODE_START.lastIndex = 0;
  let s: RegExpExecArray | null;
  while ((s = CODE_START.exec(text)) !== null) {
    CODE_AT.lastIndex = s.index;
    const m = CODE_AT.exec(text);
    if (m === null) {
      // A token may hold another ('ntstatus' holds 'status'): look again from the next character.
      CODE_START.lastIndex = s.index + 1;
      continue;
    }
    CODE_START.lastIndex = m.index + Math.max(1, m[0].length);
    const g = m.groups!;
    if (g.w !== undefined) {
      const arg = g.warg;
      let code: string | null | undefined;
      if (/^0x/i.test(arg)) code = hresultFromWin32(parseInt(arg.slice(2), 16));
      else if (/^\d+$/.test(arg)) code = hresultFromWin32(Number(arg));
      else {
        if (/^[A-Z][A-Z0-9_]*$/.test(arg)) addName(out, arg);
        code = lookup?.(arg);
      }
      if (code && g.wrap.toUpperCase() === 'NTSTATUS' && /^0x8007/.test(code))
        code = '0xc007' + code.slice(6);
      addCode(out, code);
    } else if (g.x !== undefined) addCode(out, hex8(parseInt(g.x, 16)));
    else if (g.z !== undefined) addCode(out, '0x00000000');
    else if (g.k !== undefined) addCode(out, hex8(parseInt(g.k, 16)));
    else if (g.b !== undefined) addCode(out, hex8(parseInt(g.b, 16)));
    else if (g.d !== undefined) addCode(out, normaliseCode(g.d));
  }
  if (withNames) collectNames(text, out);
  return out;
}

function addCode(out: ExtractedCodes, c: string | null | undefined): void {
  if (!c) return;
  if (isFailureCode(c)) {
    if (!out.codes.includes(c)) out.codes.push(c);
  } else if (c === '0x00000000' && !out.success.includes(c)) out.success.push(c);
}

function addName(out: ExtractedCodes, n: string): void {
  if (!SUCCESS_NAMES.has(n) && !out.names.includes(n)) out.names.push(n);
}

/** Adds the symbolic names written in `text` (ERROR_…, CBS_E_…, E_…) to `out.names`; extractCodes(…, false)
 * leaves this to whoever needs the names. */
export function collectNames(text: string, out: ExtractedCodes): void {
  if (text.indexOf('_') < 0 || !/[A-Z]_[A-Z]/.test(text)) return;
  NAME_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NAME_RE.exec(text)) !== null) addName(out, m[0]);
}

const FROM_WIN32 = Buffer.from('_from_win32', 'latin1');

/** Byte sequences (two bytes or more) that `mayHoldFailure` also answers true for (case-sensitive), grouped
 * by their first two bytes: most bytes of a log are letters, and a pair is far rarer than a byte. */
export interface ByteMarkers {
  /** 1 + the index into `lists` of the sequences starting with a byte pair (`b0 << 8 | b1`); 0 for none. */
  readonly pairs: Uint8Array;
  readonly lists: readonly (readonly Uint8Array[])[];
}

export function byteMarkers(words: readonly string[]): ByteMarkers {
  const pairs = new Uint8Array(65536);
  const lists: Uint8Array[][] = [];
  for (const w of words) {
    const b = Buffer.from(w, 'latin1');
    if (b.length < 2) throw new Error(`byte marker '${w}' is shorter than two bytes`);
    const k = (b[0] << 8) | b[1];
    if (!pairs[k]) pairs[k] = lists.push([]);
    lists[pairs[k] - 1].push(b);
  }
  return { pairs, lists };
}

function markerAt(buf: Uint8Array, i: number, end: number, list: readonly Uint8Array[]): boolean {
  for (const m of list) {
    if (i + m.length > end) continue;
    let j = 2;
    while (j < m.length && buf[i + j] === m[j]) j++;
    if (j === m.length) return true;
  }
  return false;
}

/**
 * False only when `extractCodes` could not find a failure code in these bytes (the ASCII view of the text):
 * no run of eight hex digits starting 8–F (`0x80070005`, `800F0922`, `[8024402C]`), no `…_FROM_WIN32`, no
 * ten-digit decimal after a separator (`error code 2149842967`) — nor, when given, one of `markers`. A byte
 * check, so the scan can pass over records that only a failure code would make interesting without decoding
 * them. `test/diagnosis/engine/codes.test.ts` holds it to extractCodes on every corpus, sample and fixture line.
 */
export function mayHoldFailure(buf: Uint8Array, start: number, end: number, markers?: ByteMarkers): boolean {
  let hexRun = 0;
  /** The current hex run starts with 8, 9 or a letter (a failure HRESULT's first digit). */
  let hexHigh = false;
  let decRun = 0;
  // A decimal code stands after a keyword and a separator ('error code 2149842967', 'error -2145124329',
  // 'result=…'): a run of digits counts only when it starts after a space, '=', ':' or '-'.
  let decOk = false;
  const pairs = markers?.pairs ?? NO_MARKERS;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    const l = i + 1 < end ? pairs[(c << 8) | buf[i + 1]] : 0;
    if (l !== 0 && markerAt(buf, i, end, markers!.lists[l - 1])) return true;
    const k = BYTE_KIND[c];
    if (k === OTHER) {
      hexRun = 0;
      decRun = 0;
      continue;
    }
    if (k === UNDERSCORE) {
      hexRun = 0;
      decRun = 0;
      if (i + FROM_WIN32.length <= end && fromWin32At(buf, i)) return true;
      continue;
    }
    if (hexRun === 0) {
      hexHigh = k !== DIGIT_LOW;
      const p = i > start ? buf[i - 1] : 32;
      decOk = p === 32 || p === 9 || p === 61 || p === 58 || p === 45;
    }
    if (++hexRun === 8 && hexHigh) return true;
    if (k !== HEX_LETTER) {
      if (++decRun === 10 && decOk) return true;
    } else {
      decRun = 0;
      decOk = false;
    }
  }
  return false;
}

/** What mayHoldFailure makes of a byte, one table look-up per byte. */
const OTHER = 0;
const DIGIT_LOW = 1; // 0-7
const DIGIT_HIGH = 2; // 8, 9
const HEX_LETTER = 3; // a-f, A-F
const UNDERSCORE = 4;
const BYTE_KIND = new Uint8Array(256);
for (let c = 48; c <= 55; c++) BYTE_KIND[c] = DIGIT_LOW;
BYTE_KIND[56] = BYTE_KIND[57] = DIGIT_HIGH;
for (let c = 97; c <= 102; c++) BYTE_KIND[c] = BYTE_KIND[c - 32] = HEX_LETTER;
BYTE_KIND[95] = UNDERSCORE;
const NO_MARKERS = new Uint8Array(65536);

function fromWin32At(buf: Uint8Array, i: number): boolean {
  for (let j = 1; j < FROM_WIN32.length; j++) {
    const b = buf[i + j];
    if ((b >= 65 && b <= 90 ? b | 32 : b) !== FROM_WIN32[j]) return false;
  }
  return true;
}
