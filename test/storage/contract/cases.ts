/** Case records and their timelines, as turns write them. */
import { commitOk, DAY, HOUR, T0, turn, type Database } from './engine';

export function caseContract(db: Database): void {
  describe('cases and timeline', () => {
    const caseRow = (status: string, caseNumber = 'UC-1', userId = 'u1') => ({
      caseNumber,
      conversationId: 'conv-1',
      userId,
      status,
      locale: 'zh-CN',
      problem: { kb: 'KB5034441', errorCode: '0x80070643', machines: 3 },
      scopeConfirmed: false,
    });

    it('creates a case and keeps created_at when it is updated', async () => {
      const store = await db.open();
      const eTag = await commitOk(store, turn({ cases: [caseRow('defining')] }));

      await commitOk(
        store,
        turn({
          expectedETag: eTag,
          now: T0 + HOUR,
          cases: [{ ...caseRow('collecting'), scopeConfirmed: true }],
        }),
      );

      expect(await store.cases.get('UC-1')).toEqual({
        ...caseRow('collecting'),
        scopeConfirmed: true,
        details: {},
        priority: 'P3',
        createdAt: T0,
        updatedAt: T0 + HOUR,
      });
    });

    it('keeps a case’s details (findings, stages, survey, outcome) as written by the last turn', async () => {
      const store = await db.open();
      const details = {
        stages: [
          {
            playbookId: 'wu-reset-script',
            title: { en: 'Reset the Windows Update components', 'zh-CN': '重置 Windows 更新组件' },
            outcome: 'failed' as const,
            errorCode: '0x80073712',
          },
        ],
        survey: { score: 5, comment: '很及时' },
        outcome: 'resolved' as const,
      };
      await commitOk(store, turn({ cases: [{ ...caseRow('archived'), details }] }));

      expect((await store.cases.get('UC-1'))?.details).toEqual(details);
    });

    it('lists a user’s cases newest first', async () => {
      const store = await db.open();
      const eTag = await commitOk(
        store,
        turn({ cases: [caseRow('closed', 'UC-1'), caseRow('open', 'UC-X', 'u2')] }),
      );

      await commitOk(store, turn({ expectedETag: eTag, now: T0 + DAY, cases: [caseRow('open', 'UC-2')] }));

      expect((await store.cases.listByUser('u1')).map((c) => c.caseNumber)).toEqual(['UC-2', 'UC-1']);
      expect(await store.cases.listByUser('nobody')).toEqual([]);
    });

    it('appends timeline entries in order, defaulting their time to the turn', async () => {
      const store = await db.open();

      await commitOk(
        store,
        turn({
          cases: [caseRow('defining')],
          timeline: [
            { caseNumber: 'UC-1', actor: 'user', what: 'reported KB5034441 failing', at: T0 - 5000 },
            { caseNumber: 'UC-1', actor: 'bot', what: 'opened case' },
            { caseNumber: 'UC-1', actor: 'bot', what: 'asked for scope' },
          ],
        }),
      );

      expect(await store.cases.timeline('UC-1')).toEqual([
        { caseNumber: 'UC-1', at: T0 - 5000, actor: 'user', what: 'reported KB5034441 failing' },
        { caseNumber: 'UC-1', at: T0, actor: 'bot', what: 'opened case' },
        { caseNumber: 'UC-1', at: T0, actor: 'bot', what: 'asked for scope' },
      ]);
    });

    it('keeps a timeline entry that is an event (its data and its English words) next to plain entries', async () => {
      const store = await db.open();
      const event = { key: 'survey', params: { score: 5, comment: '' } };

      await commitOk(
        store,
        turn({
          cases: [caseRow('defining')],
          timeline: [
            { caseNumber: 'UC-1', actor: 'user', what: 'Survey: 5/5', event },
            { caseNumber: 'UC-1', actor: 'user', what: '{"text": written by a user, not an event' },
          ],
        }),
      );
      await store.cases.appendTimeline({
        caseNumber: 'UC-1',
        at: T0 + 1,
        actor: 'bot',
        what: 'Reopened.',
        event: { key: 'reopened' },
      });

      expect(await store.cases.timeline('UC-1')).toEqual([
        { caseNumber: 'UC-1', at: T0, actor: 'user', what: 'Survey: 5/5', event },
        { caseNumber: 'UC-1', at: T0, actor: 'user', what: '{"text": written by a user, not an event' },
        { caseNumber: 'UC-1', at: T0 + 1, actor: 'bot', what: 'Reopened.', event: { key: 'reopened' } },
      ]);
    });

    it('rolls back the whole turn when a timeline entry names an unknown case', async () => {
      const store = await db.open();

      // Matched by message, not toThrow: better-sqlite3's native addon keeps the SqliteError class of the
      // first test file that loaded it, which jest does not recognise as an Error in later files.
      await expect(
        store.conversations.commit(
          turn({ timeline: [{ caseNumber: 'UC-missing', actor: 'bot', what: 'x' }] }),
        ),
      ).rejects.toMatchObject({ message: expect.stringMatching(/foreign key/i) });

      expect(await store.conversations.load('conv-1')).toBeUndefined();
    });
  });
}
