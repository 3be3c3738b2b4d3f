/**
 * A size in megabytes as people read a limit: whole numbers from 10 MB up, one decimal below that, two
 * significant digits under 0.1 MB — never "0 MB" for a limit that is not zero (1,000,000 bytes is "0.95").
 * The unit is written by the sentence around it (the same in both languages).
 */
export function megabytes(bytes: number): string {
  const mb = bytes / 1048576;
  if (mb >= 10) return String(Math.round(mb));
  if (mb >= 0.1) return String(Math.round(mb * 10) / 10);
  return String(Number(mb.toPrecision(2)));
}
