/**
 * Claims of an earlier start: a restarted instance releases what its previous start held (src/instance.ts),
 * never what another instance or its own current start holds — outbox messages, reminders and jobs.
 */
import type { Store } from '../../../src/storage/ports';
import { HOUR, T0, type Database } from './engine';

const message = (id: string, conversationId: string) => ({
  id,
  conversationId,
  kind: 'text',
  payload: { text: id },
});

export function claimsContract(db: Database): void {
  describe('releasing the claims of an earlier start', () => {
    let store: Store;
    beforeEach(async () => {
      store = await db.open();
    });

    it('frees only the claims of the same instance held by another boot; others wait for their lease', async () => {
      await store.outbox.add(
        [message('a', 'chat-a'), message('b', 'chat-b'), message('c', 'chat-c'), message('d', 'chat-d')],
        T0,
      );
      // Each message claimed by a different owner for an hour: a dead start of this instance, another
      // instance whose name begins alike, another instance, and this instance's current start.
      const owners = [
        'outbox@host:/data#old',
        'outbox@host:/data2#x',
        'outbox@other#y',
        'outbox@host:/data#new',
      ];
      for (const owner of owners) expect(await store.outbox.claim(T0, owner, HOUR, 1)).toHaveLength(1);

      expect(await store.outbox.releaseClaims('outbox@host:/data#', 'outbox@host:/data#new')).toBe(1);
      const again = await store.outbox.claim(T0 + 1, 'outbox@host:/data#new', HOUR, 10);
      expect(again.map((e) => e.id)).toEqual(['a']);
    });

    it('leaves sent messages alone and keeps a conversation in order', async () => {
      await store.outbox.add([message('first', 'chat'), message('second', 'chat')], T0);
      const [first] = await store.outbox.claim(T0, 'outbox@i#old', HOUR, 10);
      expect(first.id).toBe('first');
      expect(await store.outbox.releaseClaims('outbox@i#', 'outbox@i#new')).toBe(1);

      const [head] = await store.outbox.claim(T0 + 1, 'outbox@i#new', HOUR, 10);
      expect(head.id).toBe('first');
      await store.outbox.sent('first', T0 + 2);
      expect(await store.outbox.releaseClaims('outbox@i#', 'outbox@i#newer')).toBe(0);
      const [next] = await store.outbox.claim(T0 + 3, 'outbox@i#new', HOUR, 10);
      expect(next.id).toBe('second');
    });

    it('frees reminders and jobs of an earlier start the same way', async () => {
      const conversationId = 'chat';
      const committed = await store.conversations.commit({
        conversationId,
        expectedETag: undefined,
        record: { conversationId, machineVersion: 1, snapshot: {}, reference: {}, cardSlots: {} },
        now: T0,
      });
      expect(committed.ok).toBe(true);
      const item = (key: string) => ({ key, conversationId, kind: 'reminder', dueAt: T0, payload: {} });
      await store.schedules.schedule(item('mine'));
      await store.schedules.schedule(item('theirs'));
      expect(await store.schedules.claimDue(T0, 'reminders@i#old', HOUR, 1)).toHaveLength(1);
      expect(await store.schedules.claimDue(T0, 'reminders@j#live', HOUR, 1)).toHaveLength(1);

      expect(await store.schedules.releaseClaims('reminders@i#', 'reminders@i#new')).toBe(1);
      const again = await store.schedules.claimDue(T0 + 1, 'reminders@i#new', HOUR, 10);
      expect(again).toHaveLength(1);
      expect(await store.schedules.claimDue(T0 + 2, 'reminders@i#new', HOUR, 10)).toEqual([]);
    });
  });
}
