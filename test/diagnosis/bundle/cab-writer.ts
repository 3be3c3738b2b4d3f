/** Test helper: writes a real Microsoft cabinet (MS-CAB) in memory, stored or MSZIP-compressed, so
 * tests need no cab-making tool; cabextract reads it like any makecab/gcab output. */
import { deflateRawSync } from 'node:zlib';

export interface CabMember {
  /** Name as stored (Windows style `Logs\CBS\x.log` allowed). */
  name: string | Buffer;
  data: Buffer;
}

const BLOCK = 32768;

/** Builds one cabinet with a single folder holding every member, in order. */
export function makeCab(members: CabMember[], compression: 'none' | 'mszip' = 'mszip'): Buffer {
  const all = Buffer.concat(members.map((m) => m.data));
  const blocks: Buffer[] = [];
  for (let off = 0; off < all.length || (off === 0 && blocks.length === 0); off += BLOCK) {
    const raw = all.subarray(off, Math.min(off + BLOCK, all.length));
    const payload = compression === 'mszip' ? Buffer.concat([Buffer.from('CK'), deflateRawSync(raw)]) : raw;
    const head = Buffer.alloc(8);
    head.writeUInt32LE(0, 0); // checksum 0 = not computed (allowed by MS-CAB)
    head.writeUInt16LE(payload.length, 4);
    head.writeUInt16LE(raw.length, 6);
    blocks.push(head, payload);
    if (all.length === 0) break;
  }
  const fileEntries = members.map((m, i) => {
    const name = Buffer.isBuffer(m.name) ? m.name : Buffer.from(m.name, 'utf8');
    const utf = !Buffer.isBuffer(m.name) && /[^\x00-\x7f]/.test(m.name);
    const e = Buffer.alloc(16);
    const before = members.slice(0, i).reduce((n, x) => n + x.data.length, 0);
    e.writeUInt32LE(m.data.length, 0);
    e.writeUInt32LE(before, 4);
    e.writeUInt16LE(0, 8); // folder 0
    e.writeUInt16LE(0x5a21, 10); // 2025-01-01
    e.writeUInt16LE(0, 12);
    e.writeUInt16LE(0x20 | (utf ? 0x80 : 0), 14); // archive (+ name is UTF-8)
    return Buffer.concat([e, name, Buffer.from([0])]);
  });
  const headerSize = 36;
  const folderSize = 8;
  const filesSize = fileEntries.reduce((n, b) => n + b.length, 0);
  const dataStart = headerSize + folderSize + filesSize;
  const dataSize = blocks.reduce((n, b) => n + b.length, 0);
  const h = Buffer.alloc(headerSize);
  h.write('MSCF', 0, 'latin1');
  h.writeUInt32LE(dataStart + dataSize, 8);
  h.writeUInt32LE(headerSize + folderSize, 16);
  h.writeUInt8(3, 24);
  h.writeUInt8(1, 25);
  h.writeUInt16LE(1, 26);
  h.writeUInt16LE(members.length, 28);
  h.writeUInt16LE(0, 30);
  h.writeUInt16LE(0x1234, 32);
  const f = Buffer.alloc(folderSize);
  f.writeUInt32LE(dataStart, 0);
  f.writeUInt16LE(blocks.length / 2, 4);
  f.writeUInt16LE(compression === 'mszip' ? 1 : 0, 6);
  return Buffer.concat([h, f, ...fileEntries, ...blocks]);
}
