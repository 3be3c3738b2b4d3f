/** Error codes in any usual notation, normalised; Win32 errors as HRESULTs. Pure. */

/**
 * Normalises an error code written in any usual notation to '0x' + 8 lower-case hex digits:
 * '0x80073712', '0X8007371B', '80073712' (8 hex digits, no prefix, as ReportingEvents.log writes it),
 * '0x240006' (short hex, zero-padded), '2149842967' (unsigned decimal), '-2147024894' (signed decimal).
 * Returns null for anything else (including values outside 32 bits).
 */
export function normaliseCode(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  let value: number;
  let m: RegExpMatchArray | null;
  if ((m = /^0x([0-9a-f]{1,8})$/i.exec(s))) {
    value = parseInt(m[1], 16);
  } else if (/^[0-9a-f]{8}$/i.test(s)) {
    value = parseInt(s, 16);
  } else if (/^[+-]?\d{1,10}$/.test(s)) {
    value = Number(s);
    if (value < 0) {
      if (value < -0x80000000) return null;
      value += 0x100000000;
    }
    if (value > 0xffffffff) return null;
  } else {
    return null;
  }
  return '0x' + value.toString(16).padStart(8, '0');
}

/** '0x80070002' for Win32 error 2 (HRESULT_FROM_WIN32); 0 stays 0x00000000. */
export function hresultFromWin32(n: number): string | null {
  if (!Number.isInteger(n) || n < 0 || n > 0xffff) return null;
  if (n === 0) return '0x00000000';
  return '0x' + (0x80070000 + n).toString(16).padStart(8, '0');
}
