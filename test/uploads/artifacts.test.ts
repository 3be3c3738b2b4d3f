import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { EmptyUploadError, FileArtifactStore, TooLargeError } from '../../src/uploads/artifacts';

function bytes(n: number, seed = 1): Readable {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, seed);
  return new Readable({
    read() {
      if (sent >= n) return this.push(null);
      const size = Math.min(chunk.length, n - sent);
      sent += size;
      this.push(chunk.subarray(0, size));
    },
  });
}

describe('the file artifact store', () => {
  let root: string;
  let store: FileArtifactStore;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-art-'));
    store = new FileArtifactStore(root);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('stores a bundle under its hash and recognises the same bytes uploaded again', async () => {
    const first = await store.put('CAS-00001-ABCDEF', bytes(300_000), 1_000_000);
    expect(first).toMatchObject({ size: 300_000, duplicate: false });
    expect(fs.statSync(await store.localPath(first.key)).size).toBe(300_000);
    const again = await store.put('CAS-00001-ABCDEF', bytes(300_000), 1_000_000);
    expect(again).toMatchObject({ sha256: first.sha256, duplicate: true });
    expect(fs.readdirSync(path.join(root, 'CAS-00001-ABCDEF'))).toEqual([first.sha256]);
  });

  it('stops reading at the cap and keeps nothing of an oversized upload', async () => {
    const body = bytes(5_000_000);
    await expect(store.put('CAS-00001-ABCDEF', body, 1_000_000)).rejects.toBeInstanceOf(TooLargeError);
    expect(fs.readdirSync(path.join(root, 'CAS-00001-ABCDEF'))).toEqual([]);
  });

  it('refuses an empty upload', async () => {
    await expect(store.put('CAS-00001-ABCDEF', bytes(0), 1000)).rejects.toBeInstanceOf(EmptyUploadError);
  });

  it('never builds a path from anything but a case number', async () => {
    await expect(store.put('../../etc', bytes(10), 1000)).rejects.toThrow(/not a case number/);
    await expect(store.localPath('CAS-00001-ABCDEF/../../x')).rejects.toThrow(/not an artifact key/);
  });

  it('removes a case and everything in it', async () => {
    await store.put('CAS-00001-ABCDEF', bytes(10), 1000);
    await store.removeCase('CAS-00001-ABCDEF');
    expect(fs.existsSync(path.join(root, 'CAS-00001-ABCDEF'))).toBe(false);
  });
});
