/**
 * The artifact store on Azure Blob Storage, for several bot instances: the blob `<case>/<sha256>` in one
 * container is the artifact, whichever instance received it. Each instance keeps a local folder (a
 * FileArtifactStore) for what needs a file: bytes being received and checked before they are kept, and
 * copies of blobs read by the bundle reader or served to a browser (downloaded on first use).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { CASE_NUMBER_PATTERN } from '../domain/caseNumber';
import { FileArtifactStore, type ArtifactStore, type StagedArtifact, type StoredArtifact } from './artifacts';

const SHA256 = /^[0-9a-f]{64}$/;

export interface BlobArtifactOptions {
  /** An Azure Storage connection string (Azurite's for development). */
  connectionString: string;
  /** The container; created when missing. */
  container: string;
  /** This instance's folder for received bytes and downloaded copies. */
  cacheDir: string;
  /**
   * A local copy unused this long is deleted (by `cleanPartials`, which the app runs every few minutes):
   * a case's bundles deleted for retention by one instance do not stay on another's disk. Default 1 h.
   */
  copyTtlMs?: number;
}

const DEFAULT_COPY_TTL_MS = 60 * 60 * 1000;

export class BlobArtifactStore implements ArtifactStore {
  private constructor(
    private readonly container: ContainerClient,
    private readonly cacheDir: string,
    private readonly copyTtlMs: number,
    private readonly cache = new FileArtifactStore(cacheDir),
  ) {}

  /** Connects and makes sure the container exists (fails early on a wrong connection string). */
  static async open(options: BlobArtifactOptions): Promise<BlobArtifactStore> {
    const container = BlobServiceClient.fromConnectionString(options.connectionString).getContainerClient(
      options.container,
    );
    await container.createIfNotExists();
    return new BlobArtifactStore(container, options.cacheDir, options.copyTtlMs ?? DEFAULT_COPY_TTL_MS);
  }

  async put(caseNumber: string, body: Readable, maxBytes: number): Promise<StoredArtifact> {
    return (await this.stage(caseNumber, body, maxBytes)).commit();
  }

  /** Received into the local folder (size and hash counted there); the blob is written on commit. */
  async stage(caseNumber: string, body: Readable, maxBytes: number): Promise<StagedArtifact> {
    const staged = await this.cache.stage(caseNumber, body, maxBytes);
    return {
      ...staged,
      commit: async () => {
        const local = await staged.commit();
        const blob = this.container.getBlockBlobClient(local.key);
        // Content-addressed: a blob of this name holds these bytes. They are uploaded anyway (as the folder
        // store replaces its file), so a blob cut short by a failed upload cannot stay.
        const duplicate = await blob.exists();
        await blob.uploadFile(await this.cache.localPath(local.key), {
          blobHTTPHeaders: { blobContentType: 'application/octet-stream' },
        });
        return { ...local, duplicate };
      },
    };
  }

  /** The local copy, downloaded first when this instance does not have it. */
  async localPath(key: string): Promise<string> {
    const file = await this.cache.localPath(key);
    if (fs.existsSync(file)) {
      // In use again: the copy's age counts from now (see copyTtlMs).
      const now = new Date();
      await fs.promises.utimes(file, now, now).catch(() => undefined);
      if (fs.existsSync(file)) return file;
    }
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    // Downloaded beside it, then renamed: a reader never sees a half-written copy, and a copy whose
    // download failed is removed by cleanPartials like any partial upload.
    const part = path.join(path.dirname(file), `.part-download-${process.pid}-${Date.now()}`);
    try {
      await this.container.getBlockBlobClient(key).downloadToFile(part);
      await fs.promises.rename(part, file);
    } catch (err) {
      await fs.promises.rm(part, { force: true });
      throw err;
    }
    return file;
  }

  async removeCase(caseNumber: string): Promise<void> {
    // Validates the case number (never a path or a prefix of another case's blobs) before anything is deleted.
    await this.cache.removeCase(caseNumber);
    for await (const blob of this.container.listBlobsFlat({ prefix: `${caseNumber}/` }))
      await this.container.getBlockBlobClient(blob.name).deleteIfExists();
  }

  /** Partial files as the folder store counts them; copies unused for `copyTtlMs` go too (not counted). */
  async cleanPartials(olderThanMs: number, now = Date.now()): Promise<number> {
    const removed = await this.cache.cleanPartials(olderThanMs, now);
    const cases = await fs.promises.readdir(this.cacheDir).catch(() => [] as string[]);
    for (const caseNumber of cases.filter((c) => CASE_NUMBER_PATTERN.test(c))) {
      const dir = path.join(this.cacheDir, caseNumber);
      for (const name of await fs.promises.readdir(dir).catch(() => [] as string[])) {
        if (!SHA256.test(name)) continue;
        const file = path.join(dir, name);
        const stat = await fs.promises.stat(file).catch(() => undefined);
        if (stat && now - stat.mtimeMs >= this.copyTtlMs) await fs.promises.rm(file, { force: true });
      }
    }
    return removed;
  }
}
