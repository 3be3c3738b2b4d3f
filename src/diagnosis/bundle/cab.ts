/** Cabinet (.cab, e.g. CbsPersist_*.cab) reading: our own parse of the CFHEADER/CFFILE directory for raw names
 * and sizes, `cabextract -l` for the names it matches on, `cabextract -p -F` to stream one member to stdout. */
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { BundleError } from './errors';
import { ByteCounter } from './limit';

export interface CabMember {
  /** Name as stored, decoded (UTF-8 when the cab says so, else CP936), with Windows separators. */
  rawName: string;
  size: number;
}

export interface CabDirectory {
  fileSize: number;
  members: CabMember[];
}

const HEADER = 36;
const PREV_CABINET = 0x1;
const NEXT_CABINET = 0x2;
const NAME_IS_UTF = 0x80;
const CONTINUED = 0xfffd; // iFolder >= this: member spans into another cabinet

/** Reads the cabinet's file directory without decompressing anything. */
export async function readCabDirectory(diskPath: string, displayPath: string): Promise<CabDirectory> {
  const fh = await fs.open(diskPath, 'r');
  try {
    const fileSize = (await fh.stat()).size;
    const head = Buffer.alloc(HEADER);
    const { bytesRead } = await fh.read(head, 0, HEADER, 0);
    if (bytesRead < 4 || head.toString('latin1', 0, 4) !== 'MSCF') {
      throw new BundleError('not-archive', { path: displayPath });
    }
    if (bytesRead < HEADER) throw new BundleError('truncated', { path: displayPath });
    const cbCabinet = head.readUInt32LE(8);
    const coffFiles = head.readUInt32LE(16);
    const cFiles = head.readUInt16LE(28);
    const flags = head.readUInt16LE(30);
    if (cbCabinet > fileSize) {
      throw new BundleError('truncated', { path: displayPath, detail: `${fileSize} of ${cbCabinet} bytes` });
    }
    if (flags & (PREV_CABINET | NEXT_CABINET)) {
      throw new BundleError('unsupported', { path: displayPath, detail: 'multi-part cabinet' });
    }
    // each CFFILE is 16 bytes + a NUL-terminated name of at most 256 bytes
    const want = Math.min(fileSize - coffFiles, cFiles * (16 + 257));
    const dir = Buffer.alloc(Math.max(0, want));
    await fh.read(dir, 0, dir.length, coffFiles);
    const members: CabMember[] = [];
    let off = 0;
    for (let i = 0; i < cFiles; i++) {
      const nul = dir.indexOf(0, off + 16);
      if (off + 16 > dir.length || nul < 0) throw new BundleError('truncated', { path: displayPath });
      const size = dir.readUInt32LE(off);
      const iFolder = dir.readUInt16LE(off + 8);
      const attribs = dir.readUInt16LE(off + 14);
      const raw = dir.subarray(off + 16, nul);
      if (iFolder >= CONTINUED) {
        throw new BundleError('unsupported', { path: displayPath, detail: 'multi-part cabinet' });
      }
      members.push({
        rawName: attribs & NAME_IS_UTF ? raw.toString('utf8') : iconv.decode(raw, 'cp936'),
        size,
      });
      off = nul + 1;
    }
    return { fileSize, members };
  } finally {
    await fh.close();
  }
}

/** Runs cabextract; resolves stdout, or rejects with 'cab-unavailable' when the binary is missing. */
function run(
  bin: string,
  args: string[],
  children: Set<ChildProcess>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 4000) err += d.toString('utf8');
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      children.delete(child);
      reject(
        e.code === 'ENOENT' || e.code === 'EACCES' ? new BundleError('cab-unavailable', {}, { cause: e }) : e,
      );
    });
    child.on('close', (code) => {
      children.delete(child);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: err });
    });
  });
}

// `cabextract -l` rows: "    170000 | 01.01.2025 00:00:00 | Logs/CBS/CbsPersist_1.log"
const LIST_ROW = /^\s*(\d+) \| [^|]*\| (.*)$/;

/**
 * The names cabextract itself uses for each member (it turns `\` into `/`), in directory order, so that
 * `-F` can select exactly one member. Non-UTF-8 names are read as CP936 like zip names.
 */
export async function listCabNames(
  bin: string,
  diskPath: string,
  displayPath: string,
  children: Set<ChildProcess>,
): Promise<Array<{ name: string; size: number }>> {
  const r = await run(bin, ['-e', 'CP936', '-l', diskPath], children);
  if (r.code !== 0)
    throw new BundleError('truncated', { path: displayPath, detail: r.stderr.trim().slice(0, 300) });
  const rows: Array<{ name: string; size: number }> = [];
  for (const line of r.stdout.split('\n')) {
    const m = LIST_ROW.exec(line.replace(/\r$/, ''));
    if (m) rows.push({ size: Number(m[1]), name: m[2] });
  }
  return rows;
}

/** Escapes fnmatch() metacharacters so `-F` matches the name literally. */
export function literalPattern(name: string): string {
  return name.replace(/[\\*?[\]]/g, (c) => `\\${c}`);
}

/** Streams one member through cabextract's stdout, counted against its listed size. */
export function cabMemberStream(
  bin: string,
  diskPath: string,
  cabName: string,
  size: number,
  displayPath: string,
  children: Set<ChildProcess>,
): Readable {
  const child = spawn(bin, ['-q', '-e', 'CP936', '-p', '-F', literalPattern(cabName), diskPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      children.delete(child);
      resolve(code);
    });
  });
  const out = new ByteCounter({
    expected: size,
    path: displayPath,
    finish: async () => {
      const code = await exited;
      if (code !== 0)
        throw new BundleError('truncated', { path: displayPath, detail: stderr.trim().slice(0, 300) });
    },
  });
  child.on('error', (e: NodeJS.ErrnoException) => {
    children.delete(child);
    out.destroy(
      e.code === 'ENOENT' || e.code === 'EACCES'
        ? new BundleError('cab-unavailable', { path: displayPath }, { cause: e })
        : e,
    );
  });
  out.on('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  });
  child.stdout.pipe(out);
  return out;
}
