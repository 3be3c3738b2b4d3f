/** Test helper: real zip files made with yazl, then edited at documented header offsets where yazl will
 * not go (raw CP936 names without the UTF-8 flag, `../` and absolute names, the encryption bit, lying sizes). */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';

export interface ZipItem {
  /** A string is stored as UTF-8 (flag set); a Buffer is stored as raw bytes with the UTF-8 flag cleared. */
  name: string | Buffer;
  data?: Buffer | string;
  compress?: boolean;
  /** Set general-purpose bit 0 ("encrypted") in both headers. */
  encrypted?: boolean;
  /** Write this uncompressed size in the central directory instead of the real one. */
  declaredSize?: number;
  directory?: boolean;
}

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;

/** yazl refuses these; they get a placeholder name that is patched afterwards. */
function needsPatch(item: ZipItem): boolean {
  if (Buffer.isBuffer(item.name)) return true;
  const n = item.name.replace(/\\/g, '/');
  return /^[a-zA-Z]:/.test(n) || n.startsWith('/') || n.split('/').includes('..');
}

export async function makeZip(items: ZipItem[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const patches: Array<{ placeholder: Buffer; raw: Buffer; clearUtf8: boolean; item: ZipItem }> = [];
  items.forEach((item, i) => {
    let name: string;
    if (needsPatch(item) || item.encrypted || item.declaredSize !== undefined) {
      const raw = Buffer.isBuffer(item.name) ? item.name : Buffer.from(item.name, 'utf8');
      const tag = `#${i}#`;
      name = (tag + 'Q'.repeat(Math.max(0, raw.length - tag.length))).slice(
        0,
        Math.max(raw.length, tag.length),
      );
      if (raw.length < tag.length) throw new Error('name too short to patch');
      patches.push({ placeholder: Buffer.from(name), raw, clearUtf8: Buffer.isBuffer(item.name), item });
    } else {
      name = item.name as string;
    }
    const mtime = new Date('2025-01-01T00:00:00Z');
    if (item.directory) zip.addEmptyDirectory(name, { mtime });
    else zip.addBuffer(Buffer.from(item.data ?? ''), name, { compress: item.compress ?? true, mtime });
  });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  const buf = Buffer.concat(chunks);
  for (const p of patches) {
    let at = buf.indexOf(p.placeholder);
    while (at >= 0) {
      if (at >= 30 && buf.readUInt32LE(at - 30) === LOCAL_SIG) patchHeader(buf, at - 30, 6, p, false);
      else if (at >= 46 && buf.readUInt32LE(at - 46) === CENTRAL_SIG) patchHeader(buf, at - 46, 8, p, true);
      p.raw.copy(buf, at);
      at = buf.indexOf(p.placeholder, at + 1);
    }
  }
  return buf;
}

function patchHeader(
  buf: Buffer,
  start: number,
  flagOffset: number,
  p: { clearUtf8: boolean; item: ZipItem },
  central: boolean,
): void {
  let flags = buf.readUInt16LE(start + flagOffset);
  if (p.clearUtf8) flags &= ~0x800;
  if (p.item.encrypted) flags |= 0x1;
  buf.writeUInt16LE(flags, start + flagOffset);
  if (central && p.item.declaredSize !== undefined) buf.writeUInt32LE(p.item.declaredSize, start + 24);
}

/** A fresh folder under the OS temp dir, removed by the returned cleanup. */
export async function tempDir(prefix = 'ucb-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}
