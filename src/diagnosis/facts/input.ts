/** What the collector-output parsers accept: lines from readLines, or plain strings (tests, small inputs). */
import type { LogLine } from '../types';

export type LineInput = AsyncIterable<LogLine | string> | Iterable<LogLine | string>;

/** Yields each line's text; a LogLine holding joined continuation lines is split back into physical lines. */
export async function* texts(input: LineInput): AsyncIterable<string> {
  for await (const l of input as AsyncIterable<LogLine | string>) {
    const t = typeof l === 'string' ? l : l.text;
    if (t.includes('\n')) yield* t.split(/\r?\n/);
    else yield t;
  }
}

/** `KB5013625` in upper case, or undefined. */
export function kbOf(s: string): string | undefined {
  const m = /\bKB(\d{5,8})\b/i.exec(s);
  return m ? `KB${m[1]}` : undefined;
}
