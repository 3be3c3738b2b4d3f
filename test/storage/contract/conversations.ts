/** Turns: eTags, processed ids, card slots; timers: scheduling, claiming, leases. */
import { commitOk, DAY, HOUR, T0, turn, type Database } from './engine';

export function conversationContract(db: Database): void {
  describe('conversations', () => {
    it('commits a turn and loads it back with a fresh eTag', async () => {
      const store = await db.open();
      const t = turn({ record: { ...turn().record, cardSlots: { scope: 'activity-7' } } });

      const eTag = await commitOk(store, t);

      expect(await store.conversations.load('conv-1')).toEqual({
        conversationId: 'conv-1',
        machineVersion: 1,
        snapshot: t.record.snapshot,
        reference: t.record.reference,
        cardSlots: { scope: 'activity-7' },
        eTag,
        updatedAt: T0,
      });
      expect(await store.conversations.load('conv-unknown')).toBeUndefined();
    });

    it('changes the eTag on every commit and accepts the one it last handed out', async () => {
      const store = await db.open();
      const first = await commitOk(store, turn());

      const second = await commitOk(store, turn({ expectedETag: first, now: T0 + 1000 }));

      expect(second).not.toBe(first);
      expect((await store.conversations.load('conv-1'))?.eTag).toBe(second);
    });

    it('rejects a stale eTag and writes nothing of that turn', async () => {
      const store = await db.open();
      const first = await commitOk(store, turn());
      const current = await commitOk(store, turn({ expectedETag: first, now: T0 + 1000 }));

      const result = await store.conversations.commit(
        turn({
          expectedETag: first,
          now: T0 + 2000,
          record: { ...turn().record, snapshot: { value: 'stale' } },
          processedId: 'activity-stale',
          schedule: [
            { key: 'reminder:conv-1', conversationId: 'conv-1', kind: 'reminder', dueAt: T0, payload: {} },
          ],
          cases: [
            {
              caseNumber: 'UC-1',
              conversationId: 'conv-1',
              userId: 'u1',
              status: 'open',
              locale: 'en',
              problem: null,
              scopeConfirmed: false,
            },
          ],
          timeline: [{ caseNumber: 'UC-1', actor: 'bot', what: 'opened' }],
        }),
      );

      expect(result).toEqual({ ok: false, reason: 'conflict' });
      const loaded = await store.conversations.load('conv-1');
      expect(loaded?.eTag).toBe(current);
      expect(loaded?.snapshot).toEqual(turn().record.snapshot);
      expect(await store.conversations.wasProcessed('conv-1', 'activity-stale')).toBe(false);
      expect(await store.schedules.pending('conv-1')).toEqual([]);
      expect(await store.cases.get('UC-1')).toBeUndefined();
      expect(await store.cases.timeline('UC-1')).toEqual([]);
    });

    it('treats a "new conversation" commit as a conflict when another turn created it first', async () => {
      const store = await db.open();
      await commitOk(store, turn());

      const result = await store.conversations.commit(turn({ expectedETag: undefined }));

      expect(result).toEqual({ ok: false, reason: 'conflict' });
    });

    it('treats an eTag for a conversation that does not exist as a conflict', async () => {
      const store = await db.open();

      const result = await store.conversations.commit(turn({ expectedETag: 'from-elsewhere' }));

      expect(result).toEqual({ ok: false, reason: 'conflict' });
      expect(await store.conversations.load('conv-1')).toBeUndefined();
    });

    it('sees a commit made through another connection to the same file as a conflict', async () => {
      const a = await db.open();
      const b = await db.open();
      const loaded = await commitOk(a, turn());

      await commitOk(b, turn({ expectedETag: loaded, now: T0 + 1 }));
      const result = await a.conversations.commit(turn({ expectedETag: loaded, now: T0 + 2 }));

      expect(result).toEqual({ ok: false, reason: 'conflict' });
    });

    it('remembers processed ids per conversation', async () => {
      const store = await db.open();

      await commitOk(store, turn({ processedId: 'activity-1' }));

      expect(await store.conversations.wasProcessed('conv-1', 'activity-1')).toBe(true);
      expect(await store.conversations.wasProcessed('conv-1', 'activity-2')).toBe(false);
      expect(await store.conversations.wasProcessed('conv-2', 'activity-1')).toBe(false);
    });

    it('forgets processed ids older than 30 days', async () => {
      const store = await db.open();
      const eTag = await commitOk(store, turn({ processedId: 'activity-old' }));

      await commitOk(store, turn({ expectedETag: eTag, processedId: 'activity-new', now: T0 + 31 * DAY }));

      expect(await store.conversations.wasProcessed('conv-1', 'activity-old')).toBe(false);
      expect(await store.conversations.wasProcessed('conv-1', 'activity-new')).toBe(true);
    });

    it('saves card slots without changing the eTag', async () => {
      const store = await db.open();
      const eTag = await commitOk(store, turn());

      await store.conversations.saveCardSlots('conv-1', { scope: 'activity-9' });

      const loaded = await store.conversations.load('conv-1');
      expect(loaded?.cardSlots).toEqual({ scope: 'activity-9' });
      expect(loaded?.eTag).toBe(eTag);
    });

    it('refuses a turn whose record belongs to another conversation', async () => {
      const store = await db.open();

      await expect(
        store.conversations.commit(turn({ record: { ...turn().record, conversationId: 'conv-2' } })),
      ).rejects.toThrow(/conv-2/);
    });
  });

  describe('scheduled items', () => {
    const reminder = (key: string, dueAt: number, payload: Record<string, unknown> = {}) => ({
      key,
      conversationId: 'conv-1',
      kind: 'reminder',
      dueAt,
      payload,
    });

    it('lists pending items soonest first', async () => {
      const store = await db.open();

      await commitOk(
        store,
        turn({ schedule: [reminder('late', T0 + 2 * HOUR), reminder('early', T0 + HOUR)] }),
      );

      const pending = await store.schedules.pending('conv-1');
      expect(pending.map((i) => [i.key, i.dueAt])).toEqual([
        ['early', T0 + HOUR],
        ['late', T0 + 2 * HOUR],
      ]);
      expect(pending[0].id).toEqual(expect.any(String));
    });

    it('replaces a timer when its key is scheduled again, clearing any claim', async () => {
      const store = await db.open();
      const eTag = await commitOk(store, turn({ schedule: [reminder('r', T0, { n: 1 })] }));
      const [claimed] = await store.schedules.claimDue(T0, 'owner-a', HOUR, 10);

      await commitOk(store, turn({ expectedETag: eTag, schedule: [reminder('r', T0 + 10, { n: 2 })] }));

      const pending = await store.schedules.pending('conv-1');
      expect(pending).toHaveLength(1);
      expect(pending[0]).toMatchObject({ key: 'r', dueAt: T0 + 10, payload: { n: 2 } });
      expect(pending[0].id).not.toBe(claimed.id);
      expect(await store.schedules.claimDue(T0 + 10, 'owner-b', HOUR, 10)).toEqual([pending[0]]);
    });

    it('keeps the next timer when a turn completes a reminder and re-schedules its key', async () => {
      const store = await db.open();
      const eTag = await commitOk(store, turn({ schedule: [reminder('r', T0)] }));
      const [item] = await store.schedules.claimDue(T0, 'owner-a', HOUR, 10);

      await commitOk(
        store,
        turn({
          expectedETag: eTag,
          processedId: `sched:${item.id}`,
          completeScheduledIds: [item.id],
          schedule: [reminder('r', T0 + DAY)],
        }),
      );

      expect((await store.schedules.pending('conv-1')).map((i) => i.dueAt)).toEqual([T0 + DAY]);
    });

    it('cancels timers by key', async () => {
      const store = await db.open();
      const eTag = await commitOk(store, turn({ schedule: [reminder('a', T0), reminder('b', T0)] }));

      await commitOk(store, turn({ expectedETag: eTag, cancelKeys: ['a', 'not-there'] }));

      expect((await store.schedules.pending('conv-1')).map((i) => i.key)).toEqual(['b']);
      expect((await store.schedules.claimDue(T0, 'owner', HOUR, 10)).map((i) => i.key)).toEqual(['b']);
    });

    it('marks delivered items done in the delivering turn', async () => {
      const store = await db.open();
      const eTag = await commitOk(store, turn({ schedule: [reminder('a', T0)] }));
      const [item] = await store.schedules.claimDue(T0, 'owner', HOUR, 10);

      await commitOk(store, turn({ expectedETag: eTag, completeScheduledIds: [item.id] }));

      expect(await store.schedules.pending('conv-1')).toEqual([]);
      expect(await store.schedules.claimDue(T0 + 2 * HOUR, 'owner', HOUR, 10)).toEqual([]);
    });

    it('completes an item outside a turn', async () => {
      const store = await db.open();
      await commitOk(store, turn({ schedule: [reminder('a', T0)] }));
      const [item] = await store.schedules.pending('conv-1');

      await store.schedules.complete(item.id);

      expect(await store.schedules.pending('conv-1')).toEqual([]);
    });

    it('claims only due items, soonest first, up to the limit', async () => {
      const store = await db.open();
      await commitOk(
        store,
        turn({
          schedule: [
            reminder('c', T0 - 1),
            reminder('a', T0 - 3),
            reminder('b', T0 - 2),
            reminder('future', T0 + 1),
          ],
        }),
      );

      const first = await store.schedules.claimDue(T0, 'owner', HOUR, 2);
      const second = await store.schedules.claimDue(T0, 'owner', HOUR, 10);

      expect(first.map((i) => i.key)).toEqual(['a', 'b']);
      expect(second.map((i) => i.key)).toEqual(['c']);
    });

    it('leases a claim: a second owner cannot take it while it lives, and can once it expires', async () => {
      const a = await db.open();
      const b = await db.open();
      await commitOk(a, turn({ schedule: [reminder('r', T0)] }));

      const claimedByA = await a.schedules.claimDue(T0, 'owner-a', 1000, 10);
      const whileLive = await b.schedules.claimDue(T0 + 999, 'owner-b', 1000, 10);
      const afterExpiry = await b.schedules.claimDue(T0 + 1000, 'owner-b', 1000, 10);

      expect(claimedByA).toHaveLength(1);
      expect(whileLive).toEqual([]);
      expect(afterExpiry).toEqual(claimedByA);
    });
  });
}
