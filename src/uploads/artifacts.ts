/**
 * The artifact store: uploaded bundles as files under <dataDir>/artifacts/<case>/<sha256>, written while
 * streaming (hash and size counted on the way, the cap enforced before the limit is crossed), so a
 * 300 MB bundle never sits in memory. Names from users are never used as paths.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CASE_NUMBER_PATTERN } from '../domain/caseNumber';

export interface StoredArtifact {
  /** Opaque key: `<case>/<sha256>`. */
  key: string;
  sha256: string;
  size: number;
  /** True when this case already held identical bytes (nothing new was written). */
  duplicate: boolean;
}

export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`upload exceeds ${limit} bytes`);
    this.name = 'TooLargeError';
  }
}

export class EmptyUploadError extends Error {
  constructor() {
    super('upload is empty');
    this.name = 'EmptyUploadError';
  }
}

/**
 * Bytes received but not yet part of the case: checked at `path`, then kept (`commit`) or thrown away
 * (`discard`). Only committed bytes get the shared `<case>/<sha256>` name, so throwing away a refused file
 * can never take bytes that another file of the case, with the same content, still needs.
 */
export interface StagedArtifact {
  sha256: string;
  size: number;
  /** Where the bytes are until they are committed or discarded. */
  path: string;
  commit(): Promise<StoredArtifact>;
  discard(): Promise<void>;
}

export interface ArtifactStore {
  /** Streams the bytes to a private file, counting size and hash; nothing is part of the case yet. */
  stage(caseNumber: string, body: Readable, maxBytes: number): Promise<StagedArtifact>;
  /** `stage` and `commit` in one, for files that need no check. */
  put(caseNumber: string, body: Readable, maxBytes: number): Promise<StoredArtifact>;
  /** A local file path for readers that need one (the bundle reader). */
  localPath(key: string): Promise<string>;
  removeCase(caseNumber: string): Promise<void>;
  /** Removes partial files (`.part-*`) not written to for `olderThanMs`: uploads a dead process left. */
  cleanPartials(olderThanMs: number, now?: number): Promise<number>;
}

export class FileArtifactStore implements ArtifactStore {
  constructor(private readonly root: string) {}

  async put(caseNumber: string, body: Readable, maxBytes: number): Promise<StoredArtifact> {
    return (await this.stage(caseNumber, body, maxBytes)).commit();
  }

  async stage(caseNumber: string, body: Readable, maxBytes: number): Promise<StagedArtifact> {
    const dir = this.caseDir(caseNumber);
    await fs.promises.mkdir(dir, { recursive: true });
    const part = path.join(dir, `.part-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new TooLargeError(maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, fs.createWriteStream(part, { flags: 'wx', mode: 0o600 }));
      if (size === 0) throw new EmptyUploadError();
    } catch (err) {
      await fs.promises.rm(part, { force: true });
      throw err;
    }
    const sha256 = hash.digest('hex');
    const final = path.join(dir, sha256);
    return {
      sha256,
      size,
      path: part,
      async commit() {
        const duplicate = fs.existsSync(final);
        // Always the bytes just received (their hash is the name): a file of the same name that was damaged
        // or cut short is replaced, and identical bytes are replaced by identical bytes. A reader that has
        // the old file open keeps reading it.
        await fs.promises.rename(part, final);
        return { key: `${caseNumber}/${sha256}`, sha256, size, duplicate };
      },
      async discard() {
        await fs.promises.rm(part, { force: true });
      },
    };
  }

  async localPath(key: string): Promise<string> {
    const [caseNumber, sha256] = key.split('/');
    if (!/^[0-9a-f]{64}$/.test(sha256 ?? '')) throw new Error(`not an artifact key: ${key}`);
    return path.join(this.caseDir(caseNumber), sha256);
  }

  async cleanPartials(olderThanMs: number, now = Date.now()): Promise<number> {
    let removed = 0;
    const cases = await fs.promises.readdir(this.root).catch(() => [] as string[]);
    for (const caseNumber of cases.filter((c) => CASE_NUMBER_PATTERN.test(c))) {
      const dir = path.join(this.root, caseNumber);
      const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.startsWith('.part-'))) {
        const file = path.join(dir, name);
        const stat = await fs.promises.stat(file).catch(() => undefined);
        if (!stat || now - stat.mtimeMs < olderThanMs) continue;
        await fs.promises.rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  async removeCase(caseNumber: string): Promise<void> {
    await fs.promises.rm(this.caseDir(caseNumber), { recursive: true, force: true });
  }

  private caseDir(caseNumber: string): string {
    if (!CASE_NUMBER_PATTERN.test(caseNumber)) throw new Error(`not a case number: ${caseNumber}`);
    return path.join(this.root, caseNumber);
  }
}
