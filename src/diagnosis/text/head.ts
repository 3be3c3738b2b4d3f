/** The first few KB of a file as text (sniffed and decoded), for detectFormat; stops reading early. */
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { sniffEncoding, type TextEncoding } from './encoding';

export async function readHead(
  stream: Readable,
  maxBytes = 32 * 1024,
): Promise<{ text: string; encoding: TextEncoding }> {
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of stream) {
      const buf = c as Buffer;
      chunks.push(buf);
      n += buf.length;
      if (n >= maxBytes) break;
    }
  } finally {
    stream.destroy();
  }
  const bytes = Buffer.concat(chunks).subarray(0, maxBytes);
  const encoding = sniffEncoding(bytes);
  // a decoder's write() keeps an incomplete trailing character back instead of emitting U+FFFD
  const text = iconv.getDecoder(encoding, { stripBOM: true }).write(bytes);
  return { text, encoding };
}
