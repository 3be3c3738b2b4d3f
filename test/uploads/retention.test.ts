import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { silentLogger } from '../../src/log';
import { openSqliteStore } from '../../src/storage/sqlite';
import type { Store } from '../../src/storage/ports';
import { FileArtifactStore } from '../../src/uploads/artifacts';
import { purgeCaseArtifacts, sweepRetention } from '../../src/uploads/retention';
import { CaseFiles } from '../../src/uploads/caseFiles';

const DAY = 86_400_000;

describe('retention of uploaded bundles', () => {
  let dir: string;
  let store: Store;
  let artifacts: FileArtifactStore;

  async function caseWithUpload(caseNumber: string, status: string, at: number) {
    await store.conversations.commit({
      conversationId: `conv-${caseNumber}`,
      expectedETag: undefined,
      record: {
        conversationId: `conv-${caseNumber}`,
        machineVersion: 1,
        snapshot: {},
        reference: null,
        cardSlots: {},
      },
      cases: [
        {
          caseNumber,
          conversationId: `conv-${caseNumber}`,
          userId: 'u',
          status,
          locale: 'en',
          problem: null,
          scopeConfirmed: true,
        },
      ],
      timeline: [{ caseNumber, actor: 'bot', what: 'Diagnosed TERM-01: 0x80073712.' }],
      now: at,
    });
    const stored = await artifacts.put(
      caseNumber,
      Readable.from([Buffer.from(`bundle of ${caseNumber}`)]),
      1000,
    );
    await store.uploads.add({
      id: `up-${caseNumber}`,
      caseNumber,
      grantId: 'g',
      name: 'TERM-01.zip',
      size: stored.size,
      sha256: stored.sha256,
      artifactKey: stored.key,
      kind: 'zip',
      receivedAt: at,
    });
    return stored;
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-ret-'));
    store = openSqliteStore(path.join(dir, 'bot.sqlite'));
    artifacts = new FileArtifactStore(path.join(dir, 'artifacts'));
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('deletes the bundles of cases closed longer ago than the retention period, and keeps their findings', async () => {
    const now = 100 * DAY;
    const old = await caseWithUpload('CAS-00001-AAAAAA', 'closed', now - 40 * DAY);
    const recent = await caseWithUpload('CAS-00002-BBBBBB', 'closed', now - 5 * DAY);
    const open = await caseWithUpload('CAS-00003-CCCCCC', 'open', now - 90 * DAY);

    expect(await sweepRetention(store, artifacts, 30 * DAY, now, silentLogger)).toBe(1);

    expect(fs.existsSync(await artifacts.localPath(old.key))).toBe(false);
    expect(await store.uploads.listByCase('CAS-00001-AAAAAA')).toEqual([]);
    expect(fs.existsSync(await artifacts.localPath(recent.key))).toBe(true);
    expect(fs.existsSync(await artifacts.localPath(open.key))).toBe(true);
    const timeline = (await store.cases.timeline('CAS-00001-AAAAAA')).map((e) => e.what);
    expect(timeline).toEqual(['Diagnosed TERM-01: 0x80073712.', 'Deleted 1 uploaded bundle.']);
    // A second sweep finds nothing more to do.
    expect(await sweepRetention(store, artifacts, 30 * DAY, now, silentLogger)).toBe(0);
  });

  it('deletes the files engineers sent the user of a finished case, even when it had no uploads', async () => {
    const now = 100 * DAY;
    await caseWithUpload('CAS-00005-EEEEEE', 'closed', now - 40 * DAY);
    await store.uploads.removeByCase('CAS-00005-EEEEEE');
    const shared = await new CaseFiles(store, artifacts, () => now - 39 * DAY).add(
      'CAS-00005-EEEEEE',
      { name: 'fix.reg', body: Readable.from([Buffer.from('REGEDIT4')]) },
      { direction: 'to-user', by: 'Wang Engineer' },
    );

    expect(await sweepRetention(store, artifacts, 30 * DAY, now, silentLogger)).toBe(1);

    expect(await store.caseFiles.listByCase('CAS-00005-EEEEEE')).toEqual([]);
    expect(fs.existsSync(await artifacts.localPath(shared.artifactKey))).toBe(false);
    expect((await store.cases.timeline('CAS-00005-EEEEEE')).pop()?.what).toBe(
      'Deleted 0 uploaded bundles and 1 file passed between the user and the engineers.',
    );
  });

  it('purges a case on an engineer request, revoking its links and noting who did it', async () => {
    const stored = await caseWithUpload('CAS-00004-DDDDDD', 'open', 1000);
    await store.uploads.recordGrant({
      id: 'g1',
      caseNumber: 'CAS-00004-DDDDDD',
      createdAt: 1,
      expiresAt: 10 * DAY,
    });
    expect(await purgeCaseArtifacts(store, artifacts, 'CAS-00004-DDDDDD', 'engineer:eng-01', 2000)).toBe(1);
    expect(fs.existsSync(await artifacts.localPath(stored.key))).toBe(false);
    expect(await store.uploads.grantStatus('g1', 'CAS-00004-DDDDDD')).toBe('revoked');
    const last = (await store.cases.timeline('CAS-00004-DDDDDD')).pop();
    expect(last).toMatchObject({ actor: 'engineer:eng-01' });
  });
});
