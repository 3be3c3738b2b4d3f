/** Guesses a log file's text encoding from its first bytes: BOM, then the NUL pattern of UTF-16LE without
 * BOM, then strict UTF-8 validity; anything else is taken as CP936/GBK (cmd.exe output on zh-CN Windows). */

export type TextEncoding = 'utf8' | 'utf16le' | 'gbk';

/** How many leading bytes are worth sniffing; more adds nothing. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * - `EF BB BF` → utf8; `FF FE` → utf16le.
 * - No BOM, and NULs in at least 30 % of odd byte positions but almost none in even ones → utf16le
 *   (ASCII-heavy UTF-16LE, e.g. `systeminfo | Out-File` stripped of its BOM).
 * - Valid UTF-8 (an incomplete sequence cut at the end of `head` is allowed) → utf8; pure ASCII is utf8.
 * - Otherwise gbk. UTF-16BE is not recognised (Windows does not write it for these logs).
 */
export function sniffEncoding(head: Buffer): TextEncoding {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8';
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  const sample = head.length > SNIFF_BYTES ? head.subarray(0, SNIFF_BYTES) : head;
  const pairs = sample.length >> 1;
  if (pairs >= 2) {
    let oddZeros = 0;
    let evenZeros = 0;
    for (let i = 0; i + 1 < sample.length; i += 2) {
      if (sample[i] === 0) evenZeros++;
      if (sample[i + 1] === 0) oddZeros++;
    }
    if (oddZeros >= pairs * 0.3 && evenZeros <= pairs * 0.05) return 'utf16le';
  }
  try {
    // stream: true tolerates a multi-byte sequence cut off at the end of the sample
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf8';
  } catch {
    return 'gbk';
  }
}
