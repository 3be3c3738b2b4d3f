/** The outbox: messages written with the turn, heads claimed in order per conversation, leases, retries. */
import type { OutboundMessage, Store } from '../../../src/storage/ports';
import { commitOk, T0, turn, type Database } from './engine';

const text = (id: string, conversationId = 'conv-1'): OutboundMessage => ({
  id,
  conversationId,
  kind: 'text',
  payload: { kind: 'text', text: `消息 ${id}` },
});

const ids = (entries: Array<{ id: string }>) => entries.map((e) => e.id);

export function outboxContract(db: Database): void {
  describe('outbox', () => {
    let store: Store;
    beforeEach(async () => {
      store = await db.open();
    });

    it('keeps a turn’s messages with the turn, in order, and adds a message id only once', async () => {
      const eTag = await commitOk(store, turn({ outbox: [text('t1#0'), text('t1#1')] }));

      await commitOk(store, turn({ expectedETag: eTag, outbox: [text('t1#1'), text('t2#0')], now: T0 + 1 }));

      const pending = await store.outbox.pending('conv-1');
      expect(ids(pending)).toEqual(['t1#0', 't1#1', 't2#0']);
      expect(pending[0]).toMatchObject({
        conversationId: 'conv-1',
        kind: 'text',
        payload: { kind: 'text', text: '消息 t1#0' },
        attempts: 0,
        createdAt: T0,
      });
      expect(pending[1].seq).toBeGreaterThan(pending[0].seq);
    });

    it('writes nothing of a turn that lost its eTag race', async () => {
      await commitOk(store, turn());

      const result = await store.conversations.commit(turn({ outbox: [text('stale#0')] }));

      expect(result).toEqual({ ok: false, reason: 'conflict' });
      expect(await store.outbox.pending()).toEqual([]);
    });

    it('lets only the oldest unsent message of a conversation be claimed, one conversation beside another', async () => {
      await store.outbox.add([text('a1'), text('a2'), text('b1', 'conv-2')], T0);

      const first = await store.outbox.claim(T0, 'deliverer-1', 1000, 10);
      const whileLeased = await store.outbox.claim(T0, 'deliverer-2', 1000, 10);
      await store.outbox.sent('a1', T0 + 1);
      const next = await store.outbox.claim(T0 + 1, 'deliverer-2', 1000, 10);

      expect(ids(first)).toEqual(['a1', 'b1']);
      expect(whileLeased).toEqual([]);
      expect(ids(next)).toEqual(['a2']);
      expect(ids(await store.outbox.pending())).toEqual(['a2', 'b1']);
    });

    it('claims one conversation’s head only when asked for that conversation', async () => {
      await store.outbox.add([text('a1'), text('b1', 'conv-2')], T0);

      expect(ids(await store.outbox.claim(T0, 'd', 1000, 10, 'conv-2'))).toEqual(['b1']);
      expect(ids(await store.outbox.pending('conv-1'))).toEqual(['a1']);
    });

    it('gives a message a dead deliverer claimed to another once the lease ends', async () => {
      await store.outbox.add([text('a1')], T0);
      await store.outbox.claim(T0, 'dead', 1000, 10);

      expect(await store.outbox.claim(T0 + 999, 'alive', 1000, 10)).toEqual([]);
      expect(ids(await store.outbox.claim(T0 + 1000, 'alive', 1000, 10))).toEqual(['a1']);
    });

    it('retries later, counting attempts, and never sends a message given up on', async () => {
      await store.outbox.add([text('a1'), text('a2')], T0);
      await store.outbox.claim(T0, 'd', 1000, 10);

      await store.outbox.retryLater('a1', T0 + 5000, 'connector: 502 Bad Gateway');
      expect(await store.outbox.claim(T0 + 4999, 'd', 1000, 10)).toEqual([]);
      const [again] = await store.outbox.claim(T0 + 5000, 'd', 1000, 10);
      expect(again).toMatchObject({ id: 'a1', attempts: 1 });

      await store.outbox.failed('a1', T0 + 6000, 'x'.repeat(2000));
      expect(ids(await store.outbox.claim(T0 + 6000, 'd', 1000, 10))).toEqual(['a2']);
      expect(ids(await store.outbox.pending())).toEqual(['a2']);
    });

    it('records the card a slot now shows, and other slot entries, with the sent message', async () => {
      const eTag = await commitOk(store, turn({ record: { ...turn().record, cardSlots: { old: 'act-0' } } }));
      await store.outbox.add([text('card#0'), text('note#0')], T0);

      await store.outbox.sent('card#0', T0 + 1, {
        activityId: 'act-1',
        cardSlot: 'scope',
        slotEntries: { old: null, 'live:scope': 'CAS-06265-C1Y8H2' },
      });
      await store.outbox.sent('note#0', T0 + 2, { activityId: 'act-2' });

      const loaded = await store.conversations.load('conv-1');
      expect(loaded?.cardSlots).toEqual({ scope: 'act-1', 'live:scope': 'CAS-06265-C1Y8H2' });
      expect(loaded?.eTag).toBe(eTag);
      expect(await store.outbox.pending()).toEqual([]);
    });
  });
}
