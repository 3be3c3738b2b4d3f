/**
 * The artifact contract: what every ArtifactStore does (the folder store, Azure Blob), run against each
 * by *.artifacts.test.ts. Two instances share one backend (the same folder, the same container), as two
 * bot instances would; each reads what the other kept.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { EmptyUploadError, TooLargeError, type ArtifactStore } from '../../src/uploads/artifacts';

export interface ArtifactEngine {
  name: string;
  /** Two stores on one fresh, empty backend. */
  instances(): Promise<[ArtifactStore, ArtifactStore]>;
  cleanUp(): Promise<void>;
}

const CASE = 'CAS-00001-ABCDEF';

/** `n` bytes of `seed`, in 64 KiB chunks (a stream, as an upload arrives). */
export function bytes(n: number, seed = 1): Readable {
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

async function read(store: ArtifactStore, key: string): Promise<Buffer> {
  return fs.promises.readFile(await store.localPath(key));
}

export function artifactContract(engine: ArtifactEngine): void {
  describe(`artifact contract on ${engine.name}`, () => {
    let a: ArtifactStore;
    let b: ArtifactStore;
    beforeEach(async () => {
      [a, b] = await engine.instances();
    });
    afterEach(() => engine.cleanUp());

    it('keeps bytes under their hash, readable by another instance, and knows the same bytes again', async () => {
      const first = await a.put(CASE, bytes(300_000, 7), 1_000_000);
      const again = await b.put(CASE, bytes(300_000, 7), 1_000_000);

      expect(first).toMatchObject({ key: `${CASE}/${first.sha256}`, size: 300_000, duplicate: false });
      expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(again).toMatchObject({ key: first.key, duplicate: true });
      expect((await read(b, first.key)).equals(Buffer.alloc(300_000, 7))).toBe(true);
      expect((await read(a, first.key)).length).toBe(300_000);
    });

    it('stops reading at the cap and keeps nothing of an oversized upload', async () => {
      await expect(a.put(CASE, bytes(5_000_000), 1_000_000)).rejects.toBeInstanceOf(TooLargeError);
      const fits = await a.put(CASE, bytes(1_000_000), 1_000_000);

      expect(fits.size).toBe(1_000_000);
    });

    it('refuses an empty upload', async () => {
      await expect(a.put(CASE, bytes(0), 1000)).rejects.toBeInstanceOf(EmptyUploadError);
    });

    it('never builds a path or a name from anything but a case number and a hash', async () => {
      await expect(a.put('../../etc', bytes(10), 1000)).rejects.toThrow(/not a case number/);
      await expect(a.localPath(`${CASE}/../../x`)).rejects.toThrow(/not an artifact key/);
      await expect(a.removeCase('CAS-0')).rejects.toThrow(/not a case number/);
    });

    it('keeps staged bytes from the case until they are committed; discarded ones never arrive', async () => {
      const staged = await a.stage(CASE, bytes(1000, 3), 10_000);
      expect(fs.statSync(staged.path).size).toBe(1000);
      await expect(read(b, `${CASE}/${staged.sha256}`)).rejects.toThrow();

      const kept = await staged.commit();
      const refused = await a.stage(CASE, bytes(2000, 4), 10_000);
      await refused.discard();

      expect(kept).toMatchObject({ sha256: staged.sha256, size: 1000, duplicate: false });
      expect((await read(b, kept.key)).equals(Buffer.alloc(1000, 3))).toBe(true);
      await expect(read(b, `${CASE}/${refused.sha256}`)).rejects.toThrow();
    });

    it('never loses bytes another file needs when identical bytes are refused at the same moment', async () => {
      const upload = await a.stage(CASE, bytes(5000), 10_000);
      const caseFile = await b.put(CASE, bytes(5000), 10_000);
      await upload.discard();

      expect(caseFile.duplicate).toBe(false);
      expect((await read(a, caseFile.key)).equals(Buffer.alloc(5000, 1))).toBe(true);
    });

    it('removes a case’s artifacts for every instance, and only that case’s', async () => {
      const gone = await a.put(CASE, bytes(10), 1000);
      const other = await a.put('CAS-00002-ABCDEF', bytes(10), 1000);

      await b.removeCase(CASE);

      await expect(read(b, gone.key)).rejects.toThrow();
      expect((await read(b, other.key)).length).toBe(10);
    });
  });
}
