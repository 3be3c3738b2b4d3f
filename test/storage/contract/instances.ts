/**
 * Two bot instances on one database (two connections, as two processes or two hosts would have): every
 * race the ports promise to settle — a turn, a new conversation, a due timer, an outbox head, an upload,
 * an engineers'-channel activity, a case number — is won by exactly one.
 */
import type { CaseFileRecord, Store } from '../../../src/storage/ports';
import { commitOk, HOUR, T0, turn, withCase, type Database } from './engine';

const caseOf = (caseNumber: string, conversationId: string) => ({
  caseNumber,
  conversationId,
  userId: `user-of-${conversationId}`,
  status: 'defining',
  locale: 'zh-CN',
  problem: { kb: 'KB5034441', errorCode: '0x80070643' },
  scopeConfirmed: false,
});

export function instancesContract(db: Database): void {
  describe('two instances on one database', () => {
    let a: Store;
    let b: Store;
    beforeEach(async () => {
      a = await db.open();
      b = await db.open();
    });

    it('commits exactly one of two turns made from the same state at once; the other conflicts', async () => {
      const loaded = await commitOk(a, turn());

      const results = await Promise.all(
        [a, b].map((store, i) =>
          store.conversations.commit(
            turn({
              expectedETag: loaded,
              now: T0 + 1,
              processedId: `activity-${i}`,
              record: { ...turn().record, snapshot: { value: `from-${i}` } },
            }),
          ),
        ),
      );

      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'conflict' }]);
      const winner = results.findIndex((r) => r.ok);
      const stored = await b.conversations.load('conv-1');
      expect(stored?.snapshot).toEqual({ value: `from-${winner}` });
      expect(await a.conversations.wasProcessed('conv-1', `activity-${1 - winner}`)).toBe(false);
    });

    it('creates a new conversation once when two instances start it at once', async () => {
      const results = await Promise.all([a, b].map((store) => store.conversations.commit(turn())));

      expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
    });

    it('hands every due timer to exactly one of the instances polling at once', async () => {
      const schedule = Array.from({ length: 24 }, (_, i) => ({
        key: `conv-1|reminder:${i}`,
        conversationId: 'conv-1',
        kind: 'reminder',
        dueAt: T0 - i,
        payload: { i },
      }));
      await commitOk(a, turn({ schedule }));

      const claims = await Promise.all(
        [a, b, a, b, a, b].map((store, i) => store.schedules.claimDue(T0, `owner-${i}`, HOUR, 5)),
      );
      const again = await Promise.all([a, b].map((store) => store.schedules.claimDue(T0, 'late', HOUR, 50)));

      const claimed = claims.flat().map((item) => item.key);
      expect(claimed).toHaveLength(24);
      expect(new Set(claimed).size).toBe(24);
      expect(again.flat()).toEqual([]);
    });

    it('hands an outbox head to exactly one deliverer', async () => {
      await a.outbox.add(
        Array.from({ length: 6 }, (_, i) => ({
          id: `m${i}`,
          conversationId: `conv-${i % 3}`,
          kind: 'text',
          payload: { text: `第 ${i} 条` },
        })),
        T0,
      );

      const claims = await Promise.all(
        [a, b, a, b].map((store, i) => store.outbox.claim(T0, `d-${i}`, HOUR, 10)),
      );

      const claimed = claims.flat().map((m) => m.id);
      expect(claimed.sort()).toEqual(['m0', 'm1', 'm2']);
    });

    it('keeps both cards’ slots when two instances record sent cards of one conversation at once', async () => {
      await commitOk(a, turn());
      const card = (id: string) => ({ id, conversationId: 'conv-1', kind: 'card', payload: {} });
      await a.outbox.add([card('c1'), card('c2')], T0);

      await Promise.all([
        a.outbox.sent('c1', T0 + 1, { activityId: 'act-1', cardSlot: 'scope' }),
        b.outbox.sent('c2', T0 + 1, {
          activityId: 'act-2',
          cardSlot: 'logs',
          slotEntries: { 'live:logs': 'CAS-1' },
        }),
      ]);

      expect((await b.conversations.load('conv-1'))?.cardSlots).toEqual({
        scope: 'act-1',
        logs: 'act-2',
        'live:logs': 'CAS-1',
      });
    });

    it('refuses a turn that would take a case number another conversation holds, writing nothing of it', async () => {
      await commitOk(a, turn({ conversationId: 'conv-1', cases: [caseOf('CAS-00001-AAAAAA', 'conv-1')] }));

      const result = await b.conversations.commit(
        turn({
          conversationId: 'conv-2',
          cases: [caseOf('CAS-00001-AAAAAA', 'conv-2')],
          timeline: [{ caseNumber: 'CAS-00001-AAAAAA', actor: 'bot', what: 'opened' }],
          outbox: [{ id: 'conv-2#0', conversationId: 'conv-2', kind: 'text', payload: {} }],
        }),
      );

      expect(result).toEqual({ ok: false, reason: 'conflict' });
      expect(await a.cases.get('CAS-00001-AAAAAA')).toMatchObject({
        conversationId: 'conv-1',
        userId: 'user-of-conv-1',
      });
      expect(await a.cases.timeline('CAS-00001-AAAAAA')).toEqual([]);
      expect(await a.conversations.load('conv-2')).toBeUndefined();
      expect(await a.outbox.pending()).toEqual([]);
    });

    it('records the same bytes uploaded through both instances at once once, with one diagnosis job', async () => {
      const record = (id: string) => ({
        id,
        caseNumber: 'CAS-06265-C1Y8H2',
        grantId: 'g1',
        name: 'TERM-0231-logs.zip',
        size: 4096,
        sha256: 'b'.repeat(64),
        artifactKey: `CAS-06265-C1Y8H2/${'b'.repeat(64)}`,
        kind: 'zip' as const,
        receivedAt: T0,
      });
      await withCase(a);
      const job = (id: string) => ({
        key: `conv-CAS-06265-C1Y8H2|job:diagnose:${id}`,
        conversationId: 'conv-CAS-06265-C1Y8H2',
        kind: 'job.diagnose',
        dueAt: T0,
        payload: { uploadId: id },
      });

      const results = await Promise.all([
        a.uploads.add(record('up-a'), job('up-a')),
        b.uploads.add(record('up-b'), job('up-b')),
      ]);

      expect(results.filter((r) => r.existing)).toHaveLength(1);
      const kept = (await a.uploads.listByCase('CAS-06265-C1Y8H2')).map((u) => u.id);
      expect(kept).toHaveLength(1);
      expect(results.find((r) => r.existing)?.existing?.id).toBe(kept[0]);
      expect((await a.schedules.pending('conv-CAS-06265-C1Y8H2')).map((j) => j.payload)).toEqual([
        { uploadId: kept[0] },
      ]);
    });

    it('lets one instance handle an engineers’-channel activity Teams delivered to both', async () => {
      const firsts = await Promise.all(
        [a, b, a, b].map((store) => store.channelActivities.claim('19:eng|act-1', T0)),
      );

      expect(firsts.filter(Boolean)).toHaveLength(1);
      expect(await a.channelActivities.claim('19:eng|act-2', T0)).toBe(true);
    });

    it('keeps files between the user and the engineers per case, oldest first, and forgets them with the case', async () => {
      const file = (id: string, at: number, caseNumber = 'CAS-06265-C1Y8H2'): CaseFileRecord => ({
        id,
        caseNumber,
        direction: at % 2 ? 'from-user' : 'to-user',
        name: '截图 1.png',
        size: 2048,
        sha256: 'c'.repeat(64),
        artifactKey: `${caseNumber}/${'c'.repeat(64)}`,
        contentType: 'image/png',
        by: '张工',
        at,
      });
      await a.caseFiles.add(file('f2', T0 + 1));
      await b.caseFiles.add(file('f1', T0));
      await a.caseFiles.add(file('f3', T0, 'CAS-00002-AAAAAA'));

      expect((await b.caseFiles.listByCase('CAS-06265-C1Y8H2')).map((f) => f.id)).toEqual(['f1', 'f2']);
      expect(await b.caseFiles.get('f2')).toEqual(file('f2', T0 + 1));
      expect(await a.caseFiles.removeByCase('CAS-06265-C1Y8H2')).toBe(2);
      expect(await a.caseFiles.get('f1')).toBeUndefined();
      expect((await a.caseFiles.listByCase('CAS-00002-AAAAAA')).map((f) => f.id)).toEqual(['f3']);
    });

    it('answers ping, also for a write', async () => {
      await expect(a.ping()).resolves.toBeUndefined();
      await expect(b.ping({ write: true })).resolves.toBeUndefined();
    });
  });
}
