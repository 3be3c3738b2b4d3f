/** Thin promise layer over yauzl: open a zip (raw names, sizes validated by yauzl), walk its central
 * directory lazily, and stream one entry through a ByteCounter; yauzl's errors become BundleErrors. */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { BundleError } from './errors';
import { ByteCounter } from './limit';

export type ZipFile = yauzl.ZipFile;
export type ZipEntry = yauzl.Entry & { fileNameRaw: Buffer };

/** Maps a yauzl/zlib error to a refusal code. */
export function zipError(err: unknown, path: string): BundleError {
  if (err instanceof BundleError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  const opts = { cause: err };
  if (/too many bytes/i.test(msg)) return new BundleError('bomb', { path, detail: msg }, opts);
  if (/encrypt/i.test(msg)) return new BundleError('encrypted', { path }, opts);
  if (/unsupported compression|multi-disk/i.test(msg))
    return new BundleError('unsupported', { path, detail: msg }, opts);
  return new BundleError('truncated', { path, detail: msg }, opts);
}

export function openZip(diskPath: string, displayPath: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      diskPath,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (err, zip) => (err ? reject(zipError(err, displayPath)) : resolve(zip)),
    );
  });
}

/** Calls `onEntry` for each central-directory record, one at a time (awaiting it before the next). */
export function eachEntry(
  zip: ZipFile,
  displayPath: string,
  onEntry: (e: ZipEntry) => Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      zip.removeAllListeners('entry');
      reject(zipError(err, displayPath));
    };
    zip.on('error', fail);
    zip.on('end', () => {
      if (!failed) resolve();
    });
    zip.on('entry', (entry: ZipEntry) => {
      onEntry(entry).then(() => {
        if (!failed) zip.readEntry();
      }, fail);
    });
    zip.readEntry();
  });
}

/** A readable of the entry's bytes, counted against its declared size. Returned synchronously. */
export function entryStream(zip: ZipFile, entry: ZipEntry, displayPath: string): Readable {
  const out = new ByteCounter({ expected: entry.uncompressedSize, path: displayPath });
  zip.openReadStream(entry, (err, rs) => {
    if (err) {
      out.destroy(zipError(err, displayPath));
      return;
    }
    if (out.destroyed) {
      rs.destroy();
      return;
    }
    rs.on('error', (e) => out.destroy(zipError(e, displayPath)));
    out.on('close', () => {
      if (!rs.readableEnded) {
        rs.unpipe(out);
        rs.destroy();
      }
    });
    rs.pipe(out);
  });
  return out;
}
