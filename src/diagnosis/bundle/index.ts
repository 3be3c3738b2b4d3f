/** openBundle: a folder, a single file, a .zip (nested zips, CP936 names) or a .cab becomes a list of
 * BundleFiles, after checking every limit and name up front; nested archives are copied to a private temp dir. */
import type { ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Bundle, BundleFile, BundleLimits, BundleSkip } from '../types';
import { cabMemberStream, listCabNames, readCabDirectory } from './cab';
import { BundleError } from './errors';
import { ByteCounter } from './limit';
import {
  archiveKindOfName,
  decodeZipName,
  isExecutableName,
  safeEntryPath,
  sniffMagic,
  type ArchiveKind,
} from './names';
import { entryStream, eachEntry, openZip, zipError, type ZipFile } from './zip';

export { BUNDLE_ERROR_CODES, BundleError, bundleErrorMessage, isBundleError } from './errors';
export type { BundleErrorCode, BundleErrorParams } from './errors';

const GiB = 1024 ** 3;

/** Defaults; every one can be overridden per call. */
export const DEFAULT_BUNDLE_LIMITS: Readonly<BundleLimits> = Object.freeze({
  maxEntries: 10_000,
  maxTotalBytes: 4 * GiB,
  maxEntryBytes: 2 * GiB,
  maxCompressionRatio: 200,
  maxDepth: 3,
});

/** Entries (and archives) smaller than this are not judged by their compression ratio: tiny files of
 * repeated text compress extremely well and cannot hurt us. */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

export interface OpenBundleOptions {
  /** The cabextract binary (default: `cabextract` on PATH). */
  cabextract?: string;
  /** Name to show for a single uploaded file (its stored path is often an opaque id). */
  displayName?: string;
  /** Where to make the private temp folder for nested archives (default: os.tmpdir()). */
  tempRoot?: string;
}

/** The bundle, with what was left out and why. */
export interface OpenedBundle extends Bundle {
  readonly skipped: BundleSkip[];
}

/**
 * Opens what the user gave us and checks it completely before returning: entry count, sizes, compression
 * ratio, nesting depth, names, encryption, damage. Any problem refuses the whole bundle with a BundleError.
 *
 * Rules worth knowing:
 * - `BundleFile.path` is relative to what was opened: `Logs/CBS/CBS.log` inside an uploaded zip, and an
 *   archive inside it adds its own path: `inner.zip/Logs/CBS/CBS.log`, `Logs/CBS/CbsPersist_1.cab/CbsPersist_1.log`.
 *   A single plain file is its base name (or `options.displayName`).
 * - Depth: entries of the opened archive are at depth 1, entries of a zip inside it at depth 2, and so on;
 *   an archive whose entries would lie deeper than `maxDepth` refuses the bundle ('too-deep').
 * - Totals count every byte the reader produces, nested archives included; each entry is streamed through a
 *   counter that fails on more or fewer bytes than its directory promised.
 * - Programs and scripts (.exe, .dll, .ps1, .bat, ...) are never offered as files: they are listed in
 *   `skipped` (reason 'executable'); a single uploaded program (by name or 'MZ' header), or a bundle holding
 *   nothing but programs, is refused with 'executable'.
 * - A .cab needs cabextract. Opened directly without it: 'cab-unavailable'. Inside a folder or zip: it is
 *   skipped (reason 'cab-unavailable') so the rest of the logs can still be read.
 * - Folders: symbolic links are followed only to files inside the folder; the rest are skipped.
 */
export async function openBundle(
  path: string,
  limits: Partial<BundleLimits> = {},
  options: OpenBundleOptions = {},
): Promise<OpenedBundle> {
  const scan = new Scan(
    { ...DEFAULT_BUNDLE_LIMITS, ...limits },
    options.cabextract ?? 'cabextract',
    options.tempRoot,
  );
  try {
    let st;
    try {
      st = await fs.stat(path);
    } catch (err) {
      throw new BundleError('not-found', {}, { cause: err });
    }
    if (st.isDirectory()) {
      const root = await fs.realpath(path);
      await scan.walkFolder(root, root, '');
    } else if (st.isFile()) {
      await scan.addTopFile(path, options.displayName ?? nodePath.basename(path), st.size);
    } else {
      throw new BundleError('not-found');
    }
    if (scan.files.length === 0) {
      const reasons = new Set(scan.skipped.map((s) => s.reason));
      if (reasons.has('executable')) throw new BundleError('executable');
      if (reasons.has('cab-unavailable')) throw new BundleError('cab-unavailable');
      throw new BundleError('empty');
    }
  } catch (err) {
    await scan.dispose();
    throw err;
  }
  const files = scan.files;
  return {
    source: path,
    skipped: scan.skipped,
    async *files(): AsyncIterable<BundleFile> {
      yield* files;
    },
    close: () => scan.dispose(),
  };
}

/** One pass over the input; holds the counters, the open zips, child processes and the temp dir. */
class Scan {
  readonly files: BundleFile[] = [];
  readonly skipped: BundleSkip[] = [];
  private entries = 0;
  private total = 0;
  private tmpDir: string | undefined;
  private tmpCount = 0;
  private readonly zips: ZipFile[] = [];
  private readonly children = new Set<ChildProcess>();
  private disposed: Promise<void> | undefined;

  constructor(
    private readonly limits: BundleLimits,
    private readonly cabextract: string,
    private readonly tempRoot?: string,
  ) {}

  private countEntries(n = 1): void {
    this.entries += n;
    if (this.entries > this.limits.maxEntries) {
      throw new BundleError('too-many-entries', { limit: this.limits.maxEntries });
    }
  }

  /** Checks one entry's size and adds it to the total. */
  private addBytes(size: number, path: string): void {
    if (size > this.limits.maxEntryBytes) {
      throw new BundleError('too-large', { path, limit: this.limits.maxEntryBytes, actual: size });
    }
    this.total += size;
    if (this.total > this.limits.maxTotalBytes) {
      throw new BundleError('too-large', { limit: this.limits.maxTotalBytes, actual: this.total });
    }
  }

  private checkRatio(uncompressed: number, compressed: number, path: string): void {
    if (
      uncompressed > RATIO_FLOOR_BYTES &&
      uncompressed / Math.max(1, compressed) > this.limits.maxCompressionRatio
    ) {
      throw new BundleError('bomb', { path, limit: this.limits.maxCompressionRatio });
    }
  }

  private enterArchive(depth: number, path: string): void {
    if (depth > this.limits.maxDepth)
      throw new BundleError('too-deep', { path, limit: this.limits.maxDepth });
  }

  private async tempPath(kind: ArchiveKind): Promise<string> {
    if (!this.tmpDir)
      this.tmpDir = await fs.mkdtemp(nodePath.join(this.tempRoot ?? os.tmpdir(), 'ucb-bundle-'));
    this.tmpCount += 1;
    return nodePath.join(this.tmpDir, `${this.tmpCount}.${kind}`);
  }

  async addTopFile(diskPath: string, display: string, size: number): Promise<void> {
    if (size === 0) throw new BundleError('empty');
    const head = Buffer.alloc(8);
    const fh = await fs.open(diskPath, 'r');
    try {
      await fh.read(head, 0, 8, 0);
    } finally {
      await fh.close();
    }
    const magic = sniffMagic(head);
    const named = archiveKindOfName(display);
    if (magic === 'zip' || magic === 'cab') {
      this.countEntries();
      this.addBytes(size, display);
      await this.addArchive(magic, diskPath, '', 1, display, true);
    } else if (named || magic === 'other-archive') {
      throw new BundleError('not-archive', { path: display });
    } else if (magic === 'executable' || isExecutableName(display)) {
      throw new BundleError('executable', { path: display });
    } else {
      this.addDiskFile(diskPath, display, size);
    }
  }

  async walkFolder(root: string, dir: string, prefix: string): Promise<void> {
    const ents = [];
    for await (const ent of await fs.opendir(dir)) {
      ents.push(ent);
      if (ents.length > this.limits.maxEntries) this.countEntries(ents.length);
    }
    ents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of ents) {
      const full = nodePath.join(dir, ent.name);
      const display = prefix + ent.name;
      if (ent.isDirectory()) {
        await this.walkFolder(root, full, `${display}/`);
      } else if (ent.isSymbolicLink()) {
        const real = await fs.realpath(full).catch(() => null);
        const rel = real === null ? null : nodePath.relative(root, real);
        if (rel === null || rel === '' || rel.startsWith('..') || nodePath.isAbsolute(rel)) {
          this.skipped.push({ path: display, reason: 'link-outside' });
          continue;
        }
        const st = await fs.stat(real as string);
        // a linked folder inside the root is walked under its real name already
        if (st.isFile()) await this.addFolderFile(real as string, display, st.size);
      } else if (ent.isFile()) {
        await this.addFolderFile(full, display, (await fs.stat(full)).size);
      } else {
        this.skipped.push({ path: display, reason: 'special-file' });
      }
    }
  }

  private async addFolderFile(diskPath: string, display: string, size: number): Promise<void> {
    this.countEntries();
    if (isExecutableName(display)) {
      this.skipped.push({ path: display, reason: 'executable' });
      return;
    }
    this.addBytes(size, display);
    const kind = archiveKindOfName(display);
    if (kind) await this.addArchive(kind, diskPath, `${display}/`, 1, display, false);
    else this.addDiskFile(diskPath, display, size);
  }

  /** A plain file on disk; reads at most the `size` bytes seen now, even if the file grows. */
  private addDiskFile(diskPath: string, display: string, size: number): void {
    this.files.push({
      path: display,
      size,
      open: () =>
        size === 0
          ? Readable.from([])
          : createReadStream(diskPath, { start: 0, end: size - 1 }).pipe(
              new ByteCounter({ expected: size, path: display }),
            ),
    });
  }

  private async addArchive(
    kind: ArchiveKind,
    diskPath: string,
    prefix: string,
    depth: number,
    display: string,
    top: boolean,
  ): Promise<void> {
    this.enterArchive(depth, display);
    if (kind === 'zip') await this.addZip(diskPath, prefix, depth, display);
    else await this.addCab(diskPath, prefix, depth, display, top);
  }

  /** Copies a nested archive's bytes (already counted) to a temp file and returns its path. */
  private async materialize(kind: ArchiveKind, source: Readable): Promise<string> {
    const tmp = await this.tempPath(kind);
    await pipeline(source, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
    return tmp;
  }

  private async addZip(diskPath: string, prefix: string, depth: number, display: string): Promise<void> {
    const fh = await fs.open(diskPath, 'r');
    const head = Buffer.alloc(4);
    let archiveSize: number;
    try {
      await fh.read(head, 0, 4, 0);
      archiveSize = (await fh.stat()).size;
    } finally {
      await fh.close();
    }
    if (sniffMagic(head) !== 'zip') throw new BundleError('not-archive', { path: display });
    const zip = await openZip(diskPath, display);
    this.zips.push(zip);
    if (this.entries + zip.entryCount > this.limits.maxEntries) {
      throw new BundleError('too-many-entries', { limit: this.limits.maxEntries });
    }
    let archiveTotal = 0;
    await eachEntry(zip, display, async (entry) => {
      this.countEntries();
      const name = decodeZipName(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields);
      const safe = safeEntryPath(name);
      if (safe === null) throw new BundleError('unsafe-name', { path: prefix + name });
      if (name.endsWith('/') || name.endsWith('\\') || safe === '') return; // a folder
      const path = prefix + safe;
      if (entry.isEncrypted()) throw new BundleError('encrypted', { path });
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        throw new BundleError('unsupported', {
          path,
          detail: `compression method ${entry.compressionMethod}`,
        });
      }
      this.checkRatio(entry.uncompressedSize, entry.compressedSize, path);
      archiveTotal += entry.uncompressedSize;
      this.checkRatio(archiveTotal, archiveSize, display);
      if (isExecutableName(safe)) {
        this.skipped.push({ path, reason: 'executable' });
        return;
      }
      this.addBytes(entry.uncompressedSize, path);
      const kind = archiveKindOfName(safe);
      if (kind) {
        this.enterArchive(depth + 1, path);
        const tmp = await this.materialize(kind, entryStream(zip, entry, path)).catch((e: unknown) => {
          throw zipError(e, path);
        });
        await this.addArchive(kind, tmp, `${path}/`, depth + 1, path, false);
      } else {
        this.files.push({ path, size: entry.uncompressedSize, open: () => entryStream(zip, entry, path) });
      }
    });
  }

  private async addCab(
    diskPath: string,
    prefix: string,
    depth: number,
    display: string,
    top: boolean,
  ): Promise<void> {
    const dir = await readCabDirectory(diskPath, display);
    if (this.entries + dir.members.length > this.limits.maxEntries) {
      throw new BundleError('too-many-entries', { limit: this.limits.maxEntries });
    }
    const checked: Array<{ path: string; size: number; index: number }> = [];
    let archiveTotal = 0;
    dir.members.forEach((m, index) => {
      this.countEntries();
      const safe = safeEntryPath(m.rawName);
      if (safe === null || safe === '') throw new BundleError('unsafe-name', { path: prefix + m.rawName });
      const path = prefix + safe;
      archiveTotal += m.size;
      this.checkRatio(archiveTotal, dir.fileSize, display);
      if (isExecutableName(safe)) this.skipped.push({ path, reason: 'executable' });
      else checked.push({ path, size: m.size, index });
    });
    let names: Array<{ name: string; size: number }>;
    try {
      names = await listCabNames(this.cabextract, diskPath, display, this.children);
    } catch (err) {
      if (err instanceof BundleError && err.code === 'cab-unavailable' && !top) {
        this.skipped.push({ path: display, reason: 'cab-unavailable' });
        return;
      }
      if (err instanceof BundleError && err.code === 'cab-unavailable')
        throw new BundleError('cab-unavailable', { path: display });
      throw err;
    }
    if (names.length !== dir.members.length || names.some((n, i) => n.size !== dir.members[i].size)) {
      throw new BundleError('truncated', {
        path: display,
        detail: 'cabinet directory and cabextract listing differ',
      });
    }
    for (const m of checked) {
      this.addBytes(m.size, m.path);
      const cabName = names[m.index].name;
      const open = (): Readable =>
        cabMemberStream(this.cabextract, diskPath, cabName, m.size, m.path, this.children);
      const kind = archiveKindOfName(m.path);
      if (kind) {
        this.enterArchive(depth + 1, m.path);
        const tmp = await this.materialize(kind, open());
        await this.addArchive(kind, tmp, `${m.path}/`, depth + 1, m.path, false);
      } else {
        this.files.push({ path: m.path, size: m.size, open });
      }
    }
  }

  /** Closes zips, stops cabextract processes, removes the temp dir. Safe to call twice. */
  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      for (const zip of this.zips) zip.close();
      for (const child of this.children) child.kill();
      this.children.clear();
      if (this.tmpDir) await fs.rm(this.tmpDir, { recursive: true, force: true });
    })();
    return this.disposed;
  }
}
