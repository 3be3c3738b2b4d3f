/** Fast case-insensitive search for many literal anchors in raw bytes (Wu–Manber over 3-byte blocks): the
 * prefilter that lets the engine skip the ~99% of log bytes no rule cares about without decoding them. */

const LOWER = new Uint8Array(256);
for (let i = 0; i < 256; i++) LOWER[i] = i >= 65 && i <= 90 ? i + 32 : i;

const BITS = 15;
const TABLE = 1 << BITS;
const MASK = TABLE - 1;
/** The block hash; the scan applies it to raw bytes, so the tables hold every upper/lower-case variant. */
const hash3 = (a: number, b: number, c: number): number => ((a << 10) ^ (b << 5) ^ c) & MASK;

/** Smallest anchor the matcher accepts (the rule schema asks for more). */
export const MIN_ANCHOR_BYTES = 3;
/** Anchors shorter than this stay out of the block scan, whose skip the shortest anchor caps (a 3-byte
 * anchor would make it read every byte): they are found by a native search for their rarest byte. */
const SHORT_ANCHOR_BYTES = 5;
/** A sample shorter than this says too little about a file to tune for it. */
const MIN_SAMPLE = 64 * 1024;

/** Every upper/lower-case spelling of three lower-cased bytes (ASCII letters only). */
function caseVariants(a: number, b: number, c: number): Array<[number, number, number]> {
  const alt = (x: number): number[] => (x >= 97 && x <= 122 ? [x, x - 32] : [x]);
  const out: Array<[number, number, number]> = [];
  for (const x of alt(a)) for (const y of alt(b)) for (const z of alt(c)) out.push([x, y, z]);
  return out;
}

export class AnchorMatcher {
  readonly anchors: readonly string[];
  /** Bytes of the longest anchor: no anchor starts more than this before a hit that find() reported
   * (FileScanner looks for a record's anchors from there, not from the record's first byte). */
  readonly longest: number;
  /** Lower-cased UTF-8 bytes of each anchor. */
  private readonly pats: Uint8Array[];
  /** Window length: the shortest anchor of the block scan. Each of its anchors is keyed by one window of
   * `m` bytes at `off[k]`. */
  private readonly m: number;
  private readonly off: Int32Array;
  private readonly shift: Uint8Array;
  /** Anchors (indexes into pats) whose window ends with a given block hash. */
  private readonly bucket: Array<Int32Array | undefined>;
  /** Whether any anchor is in the block scan. */
  private readonly scanned: boolean;
  /** Short anchors, by the byte value they are searched for (both cases of a letter). */
  private readonly keys: ShortKey[];

  /**
   * `sample`: the start of the file about to be scanned. Each anchor is then keyed by its window whose
   * blocks are rarest in that text (a window ending in 'age' or 'ion' would stop the scan every few bytes);
   * without a sample, by its last `m` bytes.
   */
  constructor(anchors: Iterable<string>, sample?: Uint8Array) {
    const uniq = [...new Set([...anchors].map((a) => a.toLowerCase()))].filter((a) => a.length > 0);
    this.anchors = uniq;
    this.pats = uniq.map((a) => {
      const b = Buffer.from(a, 'utf8');
      const out = new Uint8Array(b.length);
      for (let i = 0; i < b.length; i++) out[i] = LOWER[b[i]];
      return out;
    });
    this.longest = Math.max(0, ...this.pats.map((p) => p.length));
    for (const p of this.pats) {
      if (p.length < MIN_ANCHOR_BYTES)
        throw new Error(`anchor too short for the fast scan: '${Buffer.from(p).toString()}'`);
    }
    const long = this.pats.filter((p) => p.length >= SHORT_ANCHOR_BYTES);
    this.scanned = long.length > 0;
    const m = (this.m = long.length ? Math.min(255, ...long.map((p) => p.length)) : MIN_ANCHOR_BYTES);
    const tune = sample && sample.length >= MIN_SAMPLE;
    const freq = tune ? blockFrequencies(sample) : undefined;
    this.off = Int32Array.from(this.pats, (p) =>
      p.length < SHORT_ANCHOR_BYTES ? 0 : freq ? bestWindow(p, m, freq) : p.length - m,
    );
    this.keys = shortKeys(this.pats, tune ? byteFrequencies(sample) : undefined);
    this.shift = new Uint8Array(TABLE).fill(m - 2);
    const lists = new Map<number, Set<number>>();
    this.pats.forEach((p, pi) => {
      if (p.length < SHORT_ANCHOR_BYTES) return;
      const o = this.off[pi];
      for (let q = 3; q <= m; q++) {
        const s = m - q;
        for (const [a, b, c] of caseVariants(p[o + q - 3], p[o + q - 2], p[o + q - 1])) {
          const h = hash3(a, b, c);
          if (s < this.shift[h]) this.shift[h] = s;
          if (s === 0) {
            const l = lists.get(h) ?? new Set<number>();
            l.add(pi);
            lists.set(h, l);
          }
        }
      }
    });
    this.bucket = new Array<Int32Array | undefined>(TABLE);
    for (const [h, l] of lists) this.bucket[h] = Int32Array.from(l);
  }

  /** The same anchors, tuned for a file that starts with `sample`. */
  tunedFor(sample: Uint8Array): AnchorMatcher {
    return sample.length >= MIN_SAMPLE ? new AnchorMatcher(this.anchors, sample) : this;
  }

  get size(): number {
    return this.pats.length;
  }

  /** Start of an anchor occurrence wholly inside buf[from, to) in the first line that holds one: the block
   * scan's whose window ends first (the longest one when several end there), or a short anchor starting
   * before it; -1 if none. Anchors never span a line break, so line-aligned ranges lose none. */
  find(buf: Uint8Array, from: number, to: number): number {
    const h = this.scanned ? this.blockFind(buf, from, to) : -1;
    if (this.keys.length === 0) return h;
    // A short anchor counts when it starts before the block scan's hit (so in an earlier line or the same).
    const s = this.shortFirst(buf, from, to, h < 0 ? to : h);
    return s >= 0 ? s : h;
  }

  private blockFind(buf: Uint8Array, from: number, to: number): number {
    const { m, shift, bucket, pats, off } = this;
    const L = LOWER;
    let i = from + m - 1;
    while (i < to) {
      const s = shift[((buf[i - 2] << 10) ^ (buf[i - 1] << 5) ^ buf[i]) & MASK];
      if (s !== 0) {
        i += s;
        continue;
      }
      const cands = bucket[((buf[i - 2] << 10) ^ (buf[i - 1] << 5) ^ buf[i]) & MASK]!;
      let found = -1;
      for (let k = 0; k < cands.length; k++) {
        const pi = cands[k];
        const p = pats[pi];
        const st = i + 1 - m - off[pi];
        if (st < from || st + p.length > to || (found >= 0 && st >= found)) continue;
        let j = 0;
        while (j < p.length && L[buf[st + j]] === p[j]) j++;
        if (j === p.length) found = st;
      }
      if (found >= 0) return found;
      i++;
    }
    return -1;
  }

  /** Every anchor (by index into `anchors`) occurring in buf[from, to), each reported once per occurrence. */
  each(buf: Uint8Array, from: number, to: number, onMatch: (index: number) => void): void {
    if (this.scanned) this.blockEach(buf, from, to, onMatch);
    if (this.keys.length) this.shortEach(buf, from, to, onMatch);
  }

  /** Start of the first short-anchor occurrence wholly inside buf[from, to) that starts before `before`;
   * -1 if none. */
  private shortFirst(buf: Uint8Array, from: number, to: number, before: number): number {
    let best = -1;
    for (const k of this.keys) {
      // Key bytes from here on cannot belong to an occurrence that starts before the bound.
      let end = Math.min(to, (best >= 0 ? best : before) + k.maxOff);
      if (end <= from) continue;
      const view = buf.subarray(0, end);
      for (let q = view.indexOf(k.byte, from); q >= 0 && q < end; q = view.indexOf(k.byte, q + 1)) {
        const st = this.shortAt(buf, from, to, q, k, best >= 0 ? best : before);
        if (st >= 0) {
          best = st;
          end = Math.min(end, st + k.maxOff);
        }
      }
    }
    return best;
  }

  /** The earliest occurrence (start < bound, wholly inside [from, to)) of the key's anchors whose key byte
   * is at q; -1 if none. */
  private shortAt(buf: Uint8Array, from: number, to: number, q: number, k: ShortKey, bound: number): number {
    let found = -1;
    for (let j = 0; j < k.pats.length; j++) {
      const p = this.pats[k.pats[j]];
      const st = q - k.offs[j];
      if (st < from || st + p.length > to || st >= bound || (found >= 0 && st >= found)) continue;
      if (equalsAt(buf, st, p)) found = st;
    }
    return found;
  }

  private shortEach(buf: Uint8Array, from: number, to: number, onMatch: (index: number) => void): void {
    const view = buf.subarray(0, to);
    for (const k of this.keys) {
      for (let q = view.indexOf(k.byte, from); q >= 0; q = view.indexOf(k.byte, q + 1)) {
        for (let j = 0; j < k.pats.length; j++) {
          const p = this.pats[k.pats[j]];
          const st = q - k.offs[j];
          if (st >= from && st + p.length <= to && equalsAt(buf, st, p)) onMatch(k.pats[j]);
        }
      }
    }
  }

  private blockEach(buf: Uint8Array, from: number, to: number, onMatch: (index: number) => void): void {
    const { m, shift, bucket, pats, off } = this;
    const L = LOWER;
    for (let i = from + m - 1; i < to;) {
      const h = ((buf[i - 2] << 10) ^ (buf[i - 1] << 5) ^ buf[i]) & MASK;
      const s = shift[h];
      if (s !== 0) {
        i += s;
        continue;
      }
      const cands = bucket[h]!;
      for (let k = 0; k < cands.length; k++) {
        const pi = cands[k];
        const p = pats[pi];
        const st = i + 1 - m - off[pi];
        if (st < from || st + p.length > to) continue;
        let j = 0;
        while (j < p.length && L[buf[st + j]] === p[j]) j++;
        if (j === p.length) onMatch(pi);
      }
      i++;
    }
  }
}

interface ShortKey {
  /** The byte searched for (a letter's upper and lower case are two keys). */
  byte: number;
  /** Anchors (indexes into pats) keyed by this byte, and the key's offset in each. */
  pats: Int32Array;
  offs: Int32Array;
  /** 1 + the largest offset. */
  maxOff: number;
}

/** Does buf hold the lower-cased pattern p at st (case-insensitively)? */
function equalsAt(buf: Uint8Array, st: number, p: Uint8Array): boolean {
  for (let j = 0; j < p.length; j++) if (LOWER[buf[st + j]] !== p[j]) return false;
  return true;
}

/** The search keys of the short anchors: each is keyed by its rarest byte in the sample (a letter counts
 * both cases), or without a sample by its last non-letter byte (a letter needs two searches). */
function shortKeys(pats: Uint8Array[], freq?: Float64Array): ShortKey[] {
  const byByte = new Map<number, Array<[number, number]>>();
  pats.forEach((p, pi) => {
    if (p.length >= SHORT_ANCHOR_BYTES) return;
    const isLetter = (b: number): boolean => b >= 97 && b <= 122;
    let best = p.length - 1;
    let bestScore = Infinity;
    for (let o = 0; o < p.length; o++) {
      const b = p[o];
      const f = freq ? freq[b] + (isLetter(b) ? freq[b - 32] : 0) : 0;
      const score = f * (isLetter(b) ? 2 : 1) + (isLetter(b) ? 1 : 0);
      if (score < bestScore || (score === bestScore && o > best)) {
        bestScore = score;
        best = o;
      }
    }
    const b = p[best];
    for (const v of isLetter(b) ? [b, b - 32] : [b]) {
      const l = byByte.get(v) ?? [];
      l.push([pi, best]);
      byByte.set(v, l);
    }
  });
  return [...byByte].map(([byte, l]) => ({
    byte,
    pats: Int32Array.from(l, ([pi]) => pi),
    offs: Int32Array.from(l, ([, o]) => o),
    maxOff: 1 + Math.max(...l.map(([, o]) => o)),
  }));
}

/** How often each byte value occurs in (the first 256 KiB of) `sample`. */
function byteFrequencies(sample: Uint8Array): Float64Array {
  const f = new Float64Array(256);
  const n = Math.min(sample.length, 256 * 1024);
  for (let i = 0; i < n; i++) f[sample[i]]++;
  return f;
}

/** How often each (case-folded) 3-byte block occurs in (the first 256 KiB of) `sample`. */
function blockFrequencies(sample: Uint8Array): Uint32Array {
  const f = new Uint32Array(TABLE);
  const L = LOWER;
  const n = Math.min(sample.length, 256 * 1024);
  for (let i = 2; i < n; i++) f[hash3(L[sample[i - 2]], L[sample[i - 1]], L[sample[i]])]++;
  return f;
}

/** The window offset whose blocks are rarest: the last block decides how often the scan must stop and
 * verify; the others how far it may jump. */
function bestWindow(p: Uint8Array, m: number, freq: Uint32Array): number {
  let best = p.length - m;
  let bestScore = Infinity;
  for (let o = 0; o + m <= p.length; o++) {
    let score = 0;
    for (let q = 3; q <= m; q++) {
      const f = freq[hash3(p[o + q - 3], p[o + q - 2], p[o + q - 1])];
      score += q === m ? f * 8 : f / (m - q + 1);
    }
    if (score < bestScore) {
      bestScore = score;
      best = o;
    }
  }
  return best;
}
