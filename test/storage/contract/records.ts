/**
 * The engineers' side (escalations: one owner however many engineers race, even on two connections;
 * priority and owner on the case record; settings) and uploads, links and long jobs.
 */
import type { Store, UploadRecord } from '../../../src/storage/ports';
import { MIN, T0, withCase, type Database } from './engine';

function upload(overrides: Partial<UploadRecord> = {}): UploadRecord {
  return {
    id: 'u1',
    caseNumber: 'CAS-00001-ABCDEF',
    grantId: 'g1',
    name: 'TERM-01-20260101-101010.zip',
    size: 1234,
    sha256: 'a'.repeat(64),
    artifactKey: `CAS-00001-ABCDEF/${'a'.repeat(64)}`,
    kind: 'zip',
    receivedAt: 1000,
    ...overrides,
  };
}

export function recordsContract(db: Database): void {
  describe('escalations', () => {
    it('opens once; a second request while open announces nothing new', async () => {
      const store = await db.open();
      await withCase(store);

      const first = await store.escalations.open('CAS-06265-C1Y8H2', 'user-request', T0);
      const again = await store.escalations.open('CAS-06265-C1Y8H2', 'out-of-stages', T0 + MIN);

      expect(first).toEqual({
        opened: true,
        record: { caseNumber: 'CAS-06265-C1Y8H2', reason: 'user-request', requestedAt: T0 },
      });
      expect(again.opened).toBe(false);
      expect(again.record.reason).toBe('user-request');
    });

    it('gives the case to exactly one of two engineers racing on two connections', async () => {
      const a = await db.open();
      await withCase(a);
      const b = await db.open();
      await a.escalations.open('CAS-06265-C1Y8H2', 'user-request', T0);
      await a.escalations.announced('CAS-06265-C1Y8H2', '19:eng@thread.tacv2', 'card-1', T0);

      const wins = await Promise.all([
        a.escalations.take('CAS-06265-C1Y8H2', { id: 'e1', name: 'Engineer One' }, T0 + MIN),
        b.escalations.take('CAS-06265-C1Y8H2', { id: 'e2', name: 'Engineer Two' }, T0 + MIN),
      ]);

      expect(wins.filter(Boolean)).toHaveLength(1);
      const record = await b.escalations.byCard('card-1');
      expect(record?.takenByName).toBe(wins[0] ? 'Engineer One' : 'Engineer Two');
      expect(record).toMatchObject({ channelConversationId: '19:eng@thread.tacv2', announcedAt: T0 });
    });

    it('reopens an ended escalation fresh (hand-back, then a new request) and lists only open ones', async () => {
      const store = await db.open();
      await withCase(store);
      await withCase(store, 'CAS-00002-AAAAAA');
      await store.escalations.open('CAS-06265-C1Y8H2', 'user-request', T0);
      await store.escalations.take('CAS-06265-C1Y8H2', { id: 'e1', name: 'Engineer One' }, T0 + MIN);
      await store.escalations.end('CAS-06265-C1Y8H2', T0 + 2 * MIN);
      await store.escalations.open('CAS-00002-AAAAAA', 'inconclusive', T0 + 3 * MIN);
      expect((await store.escalations.listOpen()).map((e) => e.caseNumber)).toEqual(['CAS-00002-AAAAAA']);

      const reopened = await store.escalations.open('CAS-06265-C1Y8H2', 'out-of-stages', T0 + 4 * MIN);

      expect(reopened).toEqual({
        opened: true,
        record: { caseNumber: 'CAS-06265-C1Y8H2', reason: 'out-of-stages', requestedAt: T0 + 4 * MIN },
      });
      expect(await store.escalations.take('CAS-06265-C1Y8H2', { id: 'e2', name: 'Two' }, T0 + 5 * MIN)).toBe(
        true,
      );
    });
  });

  describe('engineer fields on the case record and settings', () => {
    it('defaults to P3 without an owner; changes survive the next turn of the conversation', async () => {
      const store = await db.open();
      await withCase(store);
      expect(await store.cases.get('CAS-06265-C1Y8H2')).toMatchObject({ priority: 'P3' });
      expect((await store.cases.get('CAS-06265-C1Y8H2'))?.owner).toBeUndefined();

      expect(
        await store.cases.setEngineerFields(
          'CAS-06265-C1Y8H2',
          { priority: 'P1', owner: 'Engineer One', status: 'with-engineer' },
          T0 + MIN,
        ),
      ).toBe(true);
      expect(await store.cases.setEngineerFields('CAS-99999-NOCASE', { priority: 'P2' }, T0)).toBe(false);
      const conversationId = 'conv-CAS-06265-C1Y8H2';
      const record = await store.conversations.load(conversationId);
      await store.conversations.commit({
        conversationId,
        expectedETag: record?.eTag,
        record: { conversationId, machineVersion: 1, snapshot: {}, reference: {}, cardSlots: {} },
        cases: [
          {
            caseNumber: 'CAS-06265-C1Y8H2',
            conversationId,
            userId: 'u1',
            status: 'with-engineer',
            locale: 'zh-CN',
            problem: null,
            scopeConfirmed: true,
          },
        ],
        now: T0 + 2 * MIN,
      });

      expect(await store.cases.get('CAS-06265-C1Y8H2')).toMatchObject({
        priority: 'P1',
        owner: 'Engineer One',
      });
    });

    it('keeps settings as JSON', async () => {
      const store = await db.open();
      expect(await store.settings.get('engineers.channel')).toBeUndefined();
      await store.settings.set('engineers.channel', { conversation: { id: '19:eng@thread.tacv2' } });
      expect(await store.settings.get('engineers.channel')).toEqual({
        conversation: { id: '19:eng@thread.tacv2' },
      });
    });
  });

  describe('uploads, links and long jobs', () => {
    let store: Store;

    beforeEach(async () => {
      store = await db.open();
    });

    it('records an upload once per case and returns the first one for the same bytes', async () => {
      expect(await store.uploads.add(upload())).toEqual({});
      const again = await store.uploads.add(upload({ id: 'u2', name: 'copy.zip' }));
      expect(again.existing?.id).toBe('u1');
      // The same bytes in another case are another upload.
      expect(await store.uploads.add(upload({ id: 'u3', caseNumber: 'CAS-00002-ABCDEF' }))).toEqual({});
      expect((await store.uploads.listByCase('CAS-00001-ABCDEF')).map((u) => u.id)).toEqual(['u1']);
      expect(await store.uploads.get('u3')).toMatchObject({ caseNumber: 'CAS-00002-ABCDEF', kind: 'zip' });
    });

    it('revokes one link or every link of a case', async () => {
      await store.uploads.recordGrant({
        id: 'g1',
        caseNumber: 'CAS-00001-ABCDEF',
        createdAt: 1,
        expiresAt: 10,
      });
      await store.uploads.recordGrant({
        id: 'g2',
        caseNumber: 'CAS-00001-ABCDEF',
        createdAt: 1,
        expiresAt: 10,
      });
      await store.uploads.recordGrant({
        id: 'g3',
        caseNumber: 'CAS-00002-ABCDEF',
        createdAt: 1,
        expiresAt: 10,
      });
      expect(await store.uploads.grantStatus('g1', 'CAS-00001-ABCDEF')).toBe('active');
      expect(await store.uploads.grantStatus('never-issued', 'CAS-00001-ABCDEF')).toBe('unknown');
      // Another case's grant is not one issued for this case.
      expect(await store.uploads.grantStatus('g3', 'CAS-00001-ABCDEF')).toBe('unknown');
      await store.uploads.revoke('g1', 5);
      expect(await store.uploads.grantStatus('g1', 'CAS-00001-ABCDEF')).toBe('revoked');
      await store.uploads.revokeCase('CAS-00001-ABCDEF', 6);
      expect(await store.uploads.grantStatus('g2', 'CAS-00001-ABCDEF')).toBe('revoked');
      expect(await store.uploads.grantStatus('g3', 'CAS-00002-ABCDEF')).toBe('active');
    });

    it('forgets the uploads of a case', async () => {
      await store.uploads.add(upload());
      expect(await store.uploads.removeByCase('CAS-00001-ABCDEF')).toBe(1);
      expect(await store.uploads.listByCase('CAS-00001-ABCDEF')).toEqual([]);
    });

    async function withConversation(id: string) {
      await store.conversations.commit({
        conversationId: id,
        expectedETag: undefined,
        record: { conversationId: id, machineVersion: 1, snapshot: {}, reference: null, cardSlots: {} },
        now: 1,
      });
    }

    it('lets a jobs loop and a reminders loop claim only their own kinds', async () => {
      await withConversation('c1');
      await store.schedules.schedule({
        key: 'c1|nudge',
        conversationId: 'c1',
        kind: 'nudge',
        dueAt: 10,
        payload: {},
      });
      await store.schedules.schedule({
        key: 'c1|job:1',
        conversationId: 'c1',
        kind: 'job.diagnose',
        dueAt: 10,
        payload: {},
      });
      const jobs = await store.schedules.claimDue(100, 'a', 1000, 10, { kindPrefix: 'job.' });
      expect(jobs.map((j) => j.kind)).toEqual(['job.diagnose']);
      const reminders = await store.schedules.claimDue(100, 'b', 1000, 10, { excludeKindPrefix: 'job.' });
      expect(reminders.map((j) => j.kind)).toEqual(['nudge']);
    });

    it('keeps a long job claimed while its owner renews the lease, and only its owner', async () => {
      await withConversation('c1');
      const id = await store.schedules.schedule({
        key: 'c1|job:1',
        conversationId: 'c1',
        kind: 'job.diagnose',
        dueAt: 10,
        payload: {},
      });
      await store.schedules.claimDue(100, 'owner-a', 1000, 10);
      expect(await store.schedules.extendClaim(id, 'owner-b', 5000)).toBe(false);
      expect(await store.schedules.extendClaim(id, 'owner-a', 5000)).toBe(true);
      // Past the first lease but inside the renewed one: nobody else can claim it.
      expect(await store.schedules.claimDue(2000, 'owner-b', 1000, 10)).toEqual([]);
      expect(await store.schedules.claimDue(6000, 'owner-b', 1000, 10)).toHaveLength(1);
    });

    it('remembers a job payload change for a resume, and reports when an item is done', async () => {
      await withConversation('c1');
      const id = await store.schedules.schedule({
        key: 'c1|job:1',
        conversationId: 'c1',
        kind: 'job.diagnose',
        dueAt: 10,
        payload: { uploadId: 'u1' },
      });
      await store.schedules.updatePayload(id, { uploadId: 'u1', progressActivityId: 'act-7' });
      expect(await store.schedules.get(id)).toMatchObject({
        payload: { progressActivityId: 'act-7' },
        done: false,
      });
      await store.schedules.complete(id);
      expect((await store.schedules.get(id))?.done).toBe(true);
    });

    it('lists cases by status and age for retention', async () => {
      await store.conversations.commit({
        conversationId: 'c1',
        expectedETag: undefined,
        record: { conversationId: 'c1', machineVersion: 1, snapshot: {}, reference: null, cardSlots: {} },
        cases: [
          {
            caseNumber: 'CAS-00001-ABCDEF',
            conversationId: 'c1',
            userId: 'u',
            status: 'closed',
            locale: 'en',
            problem: null,
            scopeConfirmed: true,
          },
          {
            caseNumber: 'CAS-00002-ABCDEF',
            conversationId: 'c1',
            userId: 'u',
            status: 'open',
            locale: 'en',
            problem: null,
            scopeConfirmed: true,
          },
        ],
        now: 1000,
      });
      expect((await store.cases.listByStatus(['closed', 'archived'], 2000)).map((c) => c.caseNumber)).toEqual(
        ['CAS-00001-ABCDEF'],
      );
      expect(await store.cases.listByStatus(['closed'], 500)).toEqual([]);
    });
  });
}
