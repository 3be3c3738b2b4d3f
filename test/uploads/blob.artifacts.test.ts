/**
 * The artifact contract on Azure Blob Storage, against Azurite on loopback (test/support/globalSetup.ts):
 * a fresh container per test, two instances each with its own local folder. Then what is the blob store's
 * own: local copies that expire, so bytes deleted for retention do not stay on an instance's disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { BlobArtifactStore } from '../../src/uploads/blobArtifacts';
import { requireAzurite } from '../support/services';
import { artifactContract, bytes } from './artifactContract';

let dirs: string[] = [];
let container: string | undefined;

async function instance(name: string, cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-blob-'))) {
  dirs.push(cacheDir);
  return BlobArtifactStore.open({
    connectionString: requireAzurite(),
    container: name,
    cacheDir,
    copyTtlMs: 60_000,
  });
}

async function cleanUp(): Promise<void> {
  if (container)
    await BlobServiceClient.fromConnectionString(requireAzurite())
      .getContainerClient(container)
      .deleteIfExists();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs = [];
  container = undefined;
}

artifactContract({
  name: 'Azure Blob (Azurite)',
  async instances() {
    const name = `artifacts-${randomBytes(6).toString('hex')}`;
    container = name;
    return [await instance(name), await instance(name)];
  },
  cleanUp,
});

describe('the blob store’s local copies', () => {
  afterEach(cleanUp);

  it('downloads a copy on first use and deletes it once unused for its time-to-live', async () => {
    container = `artifacts-${randomBytes(6).toString('hex')}`;
    const a = await instance(container);
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-blob-'));
    const b = await instance(container, cacheDir);
    const kept = await a.put('CAS-00001-ABCDEF', bytes(4096, 9), 10_000);

    const copy = await b.localPath(kept.key);
    expect(copy.startsWith(cacheDir)).toBe(true);
    expect(fs.readFileSync(copy).equals(Buffer.alloc(4096, 9))).toBe(true);
    const usedAt = fs.statSync(copy).mtimeMs;

    await b.cleanPartials(5 * 60_000, usedAt + 59_000);
    expect(fs.existsSync(copy)).toBe(true);
    await b.cleanPartials(5 * 60_000, usedAt + 60_000);
    expect(fs.existsSync(copy)).toBe(false);
    // The blob itself stays: the next reader downloads it again.
    expect(fs.readFileSync(await b.localPath(kept.key)).length).toBe(4096);
  });
});
