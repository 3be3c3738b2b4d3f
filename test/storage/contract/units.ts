/**
 * Units of work (Store.atomically): what an engineer's action in the channel writes — the activity marked
 * handled, the escalation taken, the timeline, the answers queued — is committed together or not at all.
 */
import type { OutboundMessage, Store } from '../../../src/storage/ports';
import { T0, withCase, type Database } from './engine';

const CASE = 'CAS-06265-C1Y8H2';
const LANE = 'desk|19:engineers@thread.tacv2';
const ENGINEER = { id: 'aad-zhang', name: '张工' };

const answer = (id: string): OutboundMessage => ({
  id: `${LANE}|${id}`,
  conversationId: LANE,
  kind: 'channel',
  payload: { post: { op: 'reply', reference: {}, text: `已接手 ${CASE}` }, caseNumber: CASE },
});

/** What an engineer's "take" writes, on `store` (inside a unit when the caller opened one). */
async function take(store: Store, activityId: string): Promise<boolean> {
  if (!(await store.channelActivities.claim(`ch;|${activityId}`, T0))) return false;
  const won = await store.escalations.take(CASE, ENGINEER, T0);
  await store.cases.setEngineerFields(CASE, { owner: ENGINEER.name, status: 'with-engineer' }, T0);
  await store.cases.appendTimeline({ caseNumber: CASE, at: T0, actor: 'engineer', what: '张工 took it' });
  await store.outbox.add([answer(`${activityId}|reply-1`)], T0);
  return won;
}

export function unitContract(db: Database): void {
  describe('units of work', () => {
    let store: Store;
    beforeEach(async () => {
      store = await db.open();
      await withCase(store, CASE);
      await store.escalations.open(CASE, 'user-request', T0);
    });

    it('commits the activity mark, the state change and the queued answer together', async () => {
      const other = await db.open();
      let seenInside: unknown;
      const won = await store.atomically(async () => {
        const result = await take(store, 'act-1');
        // Another connection sees nothing of the unit before it commits.
        seenInside = {
          taken: (await other.escalations.get(CASE))?.takenById,
          queued: (await other.outbox.pending(LANE)).length,
          timeline: (await other.cases.timeline(CASE)).length,
        };
        return result;
      });

      expect(won).toBe(true);
      expect(seenInside).toEqual({ taken: undefined, queued: 0, timeline: 0 });
      expect((await other.escalations.get(CASE))?.takenById).toBe(ENGINEER.id);
      expect((await other.cases.get(CASE))?.owner).toBe('张工');
      expect((await other.outbox.pending(LANE)).map((e) => e.id)).toEqual([`${LANE}|act-1|reply-1`]);
      expect(await other.channelActivities.claim('ch;|act-1', T0)).toBe(false);
    });

    it('rolls everything back when the work fails, so the redelivered activity is handled in full', async () => {
      await expect(
        store.atomically(async () => {
          await take(store, 'act-1');
          throw new Error('killed between the take and the answer');
        }),
      ).rejects.toThrow('killed');

      expect((await store.escalations.get(CASE))?.takenById).toBeUndefined();
      expect((await store.cases.get(CASE))?.owner).toBeUndefined();
      expect(await store.cases.timeline(CASE)).toEqual([]);
      expect(await store.outbox.pending()).toEqual([]);
      // The redelivery: claimed again, taken, answered.
      expect(await store.atomically(() => take(store, 'act-1'))).toBe(true);
      expect((await store.outbox.pending(LANE)).map((e) => e.id)).toEqual([`${LANE}|act-1|reply-1`]);
    });

    it('keeps a call made outside an open unit out of it', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const unit = store.atomically(async () => {
        await store.settings.set('inside', true);
        entered();
        await held;
        throw new Error('rolled back');
      });
      await inside;
      // Not in the unit's async context: its own write, whatever becomes of the unit.
      const outside = store.settings.set('outside', true);
      release();
      await expect(unit).rejects.toThrow('rolled back');
      await outside;

      expect(await store.settings.get('inside')).toBeUndefined();
      expect(await store.settings.get('outside')).toBe(true);
    });

    it('joins a unit opened inside a unit, and runs afterCommit only once the unit committed', async () => {
      const other = await db.open();
      const seenAfter: unknown[] = [];
      await store.atomically(async () => {
        await store.settings.set('outer', 1);
        await store.atomically(async () => store.settings.set('inner', 2));
        store.afterCommit(() => seenAfter.push('kicked'));
        expect(seenAfter).toEqual([]);
      });
      expect(seenAfter).toEqual(['kicked']);
      expect([await other.settings.get('outer'), await other.settings.get('inner')]).toEqual([1, 2]);

      await store
        .atomically(async () => {
          store.afterCommit(() => seenAfter.push('never'));
          await store.settings.set('outer', 3);
          throw new Error('no');
        })
        .catch(() => undefined);
      expect(seenAfter).toEqual(['kicked']);
      expect(await other.settings.get('outer')).toBe(1);
      // Outside a unit it runs at once.
      store.afterCommit(() => seenAfter.push('now'));
      expect(seenAfter).toEqual(['kicked', 'now']);
    });

    it('lets exactly one of two units at once take the escalation; the other queues its refusal', async () => {
      const [a, b] = await Promise.all([
        store.atomically(() => take(store, 'act-a')),
        store.atomically(() => take(store, 'act-b')),
      ]);

      expect([a, b].sort()).toEqual([false, true]);
      expect((await store.outbox.pending(LANE)).length).toBe(2);
    });

    it('rolls back a conflicting turn commit inside a unit without losing the unit’s other writes', async () => {
      await store.atomically(async () => {
        await store.settings.set('kept', true);
        const result = await store.conversations.commit({
          conversationId: `conv-${CASE}`,
          expectedETag: 'stale',
          record: {
            conversationId: `conv-${CASE}`,
            machineVersion: 1,
            snapshot: {},
            reference: {},
            cardSlots: {},
          },
          outbox: [answer('stale-turn')],
          now: T0,
        });
        expect(result).toEqual({ ok: false, reason: 'conflict' });
      });
      expect(await store.settings.get('kept')).toBe(true);
      expect(await store.outbox.pending()).toEqual([]);
    });
  });
}
