/** What is the folder store's own: what it leaves in the folder (the contract is folder.artifacts.test.ts). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileArtifactStore, TooLargeError } from '../../src/uploads/artifacts';
import { bytes } from './artifactContract';

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

  it('never builds a path from anything but a case number', async () => {
    await expect(store.put('../../etc', bytes(10), 1000)).rejects.toThrow(/not a case number/);
    await expect(store.localPath('CAS-00001-ABCDEF/../../x')).rejects.toThrow(/not an artifact key/);
  });

  it('keeps staged bytes out of the case until they are committed, and throws away discarded ones', async () => {
    const dir = path.join(root, 'CAS-00001-ABCDEF');
    const staged = await store.stage('CAS-00001-ABCDEF', bytes(1000), 10_000);
    expect(fs.statSync(staged.path).size).toBe(1000);
    expect(fs.existsSync(path.join(dir, staged.sha256))).toBe(false);
    const kept = await staged.commit();
    expect(fs.readdirSync(dir)).toEqual([staged.sha256]);
    expect(kept).toMatchObject({ sha256: staged.sha256, size: 1000, duplicate: false });

    const refused = await store.stage('CAS-00001-ABCDEF', bytes(2000), 10_000);
    await refused.discard();
    expect(fs.readdirSync(dir)).toEqual([staged.sha256]);
  });

  it('never loses bytes another file needs when identical bytes are refused at the same moment', async () => {
    // An upload (later refused) and a case file (kept) carry the same bytes and arrive together.
    const upload = await store.stage('CAS-00001-ABCDEF', bytes(5000), 10_000);
    const caseFile = await store.put('CAS-00001-ABCDEF', bytes(5000), 10_000);
    await upload.discard();

    expect(caseFile.duplicate).toBe(false);
    expect(fs.readFileSync(await store.localPath(caseFile.key)).equals(Buffer.alloc(5000, 1))).toBe(true);
    expect(fs.readdirSync(path.join(root, 'CAS-00001-ABCDEF'))).toEqual([caseFile.sha256]);
  });

  it('removes a case and everything in it', async () => {
    await store.put('CAS-00001-ABCDEF', bytes(10), 1000);
    await store.removeCase('CAS-00001-ABCDEF');
    expect(fs.existsSync(path.join(root, 'CAS-00001-ABCDEF'))).toBe(false);
  });
});
