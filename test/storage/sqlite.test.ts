/** The embedded SQLite store against real database files: turns, eTags, timers, cases, migrations. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore, SchemaTooNewError } from '../../src/storage/sqlite';
import { MIGRATIONS, migrate } from '../../src/storage/sqlite/migrations';
import type { Store, TurnCommit } from '../../src/storage/ports';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let dir: string;
let file: string;
const opened: Store[] = [];

function open(at = file): Store {
  const store = openSqliteStore(at);
  opened.push(store);
  return store;
}

function turn(overrides: Partial<TurnCommit> = {}): TurnCommit {
  const conversationId = overrides.conversationId ?? 'conv-1';
  return {
    conversationId,
    expectedETag: undefined,
    record: {
      conversationId,
      machineVersion: 1,
      snapshot: { value: 'greeting', context: { locale: 'zh-CN' } },
      reference: {
        serviceUrl: 'https://smba.trafficmanager.net/amer/',
        conversation: { id: conversationId },
      },
      cardSlots: {},
    },
    now: T0,
    ...overrides,
  };
}

async function commitOk(store: Store, t: TurnCommit): Promise<string> {
  const result = await store.conversations.commit(t);
  if (!result.ok) throw new Error(`expected commit of ${t.conversationId} to succeed, got ${result.reason}`);
  return result.eTag;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-sqlite-'));
  file = path.join(dir, 'nested', 'bot.db');
});

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('opening', () => {
  it('creates the parent folder, uses WAL and answers ping', async () => {
    const store = open();

    await expect(store.ping()).resolves.toBeUndefined();
    expect(fs.existsSync(file)).toBe(true);
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('works in memory', async () => {
    const store = open(':memory:');

    await commitOk(store, turn());

    expect((await store.conversations.load('conv-1'))?.machineVersion).toBe(1);
  });

  it('applies each migration once, however often the file is reopened', async () => {
    const first = open();
    await commitOk(first, turn());
    await first.close();

    open();
    await open().close();

    const raw = new Database(file, { readonly: true });
    const rows = raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    raw.close();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    expect((await open().conversations.load('conv-1'))?.snapshot).toEqual(turn().record.snapshot);
  });

  it('refuses a database written by a newer build, naming both versions', async () => {
    await open().close();
    const raw = new Database(file);
    raw
      .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      .run(99, 'future', T0);
    raw.close();

    let error: unknown;
    try {
      open();
    } catch (err) {
      error = err;
    }

    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as Error).message).toMatch(
      new RegExp(`version 99.*only up to version ${MIGRATIONS[MIGRATIONS.length - 1].version}`),
    );
  });

  it('leaves the schema at the previous version when a migration fails', () => {
    const raw = new Database(path.join(dir, 'partial.db'));
    const broken = [
      { version: 1, name: 'ok', sql: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, name: 'half', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' },
    ];

    expect(() => migrate(raw, broken, 'partial.db')).toThrow(/nowhere/);

    const versions = raw.prepare('SELECT version FROM schema_migrations').all();
    const tableB = raw.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get();
    raw.close();
    expect(versions).toEqual([{ version: 1 }]);
    expect(tableB).toBeUndefined();
  });
});

describe('conversations', () => {
  it('commits a turn and loads it back with a fresh eTag', async () => {
    const store = open();
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
    const store = open();
    const first = await commitOk(store, turn());

    const second = await commitOk(store, turn({ expectedETag: first, now: T0 + 1000 }));

    expect(second).not.toBe(first);
    expect((await store.conversations.load('conv-1'))?.eTag).toBe(second);
  });

  it('rejects a stale eTag and writes nothing of that turn', async () => {
    const store = open();
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
    const store = open();
    await commitOk(store, turn());

    const result = await store.conversations.commit(turn({ expectedETag: undefined }));

    expect(result).toEqual({ ok: false, reason: 'conflict' });
  });

  it('treats an eTag for a conversation that does not exist as a conflict', async () => {
    const store = open();

    const result = await store.conversations.commit(turn({ expectedETag: 'from-elsewhere' }));

    expect(result).toEqual({ ok: false, reason: 'conflict' });
    expect(await store.conversations.load('conv-1')).toBeUndefined();
  });

  it('sees a commit made through another connection to the same file as a conflict', async () => {
    const a = open();
    const b = open();
    const loaded = await commitOk(a, turn());

    await commitOk(b, turn({ expectedETag: loaded, now: T0 + 1 }));
    const result = await a.conversations.commit(turn({ expectedETag: loaded, now: T0 + 2 }));

    expect(result).toEqual({ ok: false, reason: 'conflict' });
  });

  it('remembers processed ids per conversation', async () => {
    const store = open();

    await commitOk(store, turn({ processedId: 'activity-1' }));

    expect(await store.conversations.wasProcessed('conv-1', 'activity-1')).toBe(true);
    expect(await store.conversations.wasProcessed('conv-1', 'activity-2')).toBe(false);
    expect(await store.conversations.wasProcessed('conv-2', 'activity-1')).toBe(false);
  });

  it('forgets processed ids older than 30 days', async () => {
    const store = open();
    const eTag = await commitOk(store, turn({ processedId: 'activity-old' }));

    await commitOk(store, turn({ expectedETag: eTag, processedId: 'activity-new', now: T0 + 31 * DAY }));

    expect(await store.conversations.wasProcessed('conv-1', 'activity-old')).toBe(false);
    expect(await store.conversations.wasProcessed('conv-1', 'activity-new')).toBe(true);
  });

  it('saves card slots without changing the eTag', async () => {
    const store = open();
    const eTag = await commitOk(store, turn());

    await store.conversations.saveCardSlots('conv-1', { scope: 'activity-9' });

    const loaded = await store.conversations.load('conv-1');
    expect(loaded?.cardSlots).toEqual({ scope: 'activity-9' });
    expect(loaded?.eTag).toBe(eTag);
  });

  it('refuses a turn whose record belongs to another conversation', async () => {
    const store = open();

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
    const store = open();

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
    const store = open();
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
    const store = open();
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
    const store = open();
    const eTag = await commitOk(store, turn({ schedule: [reminder('a', T0), reminder('b', T0)] }));

    await commitOk(store, turn({ expectedETag: eTag, cancelKeys: ['a', 'not-there'] }));

    expect((await store.schedules.pending('conv-1')).map((i) => i.key)).toEqual(['b']);
    expect((await store.schedules.claimDue(T0, 'owner', HOUR, 10)).map((i) => i.key)).toEqual(['b']);
  });

  it('marks delivered items done in the delivering turn', async () => {
    const store = open();
    const eTag = await commitOk(store, turn({ schedule: [reminder('a', T0)] }));
    const [item] = await store.schedules.claimDue(T0, 'owner', HOUR, 10);

    await commitOk(store, turn({ expectedETag: eTag, completeScheduledIds: [item.id] }));

    expect(await store.schedules.pending('conv-1')).toEqual([]);
    expect(await store.schedules.claimDue(T0 + 2 * HOUR, 'owner', HOUR, 10)).toEqual([]);
  });

  it('completes an item outside a turn', async () => {
    const store = open();
    await commitOk(store, turn({ schedule: [reminder('a', T0)] }));
    const [item] = await store.schedules.pending('conv-1');

    await store.schedules.complete(item.id);

    expect(await store.schedules.pending('conv-1')).toEqual([]);
  });

  it('claims only due items, soonest first, up to the limit', async () => {
    const store = open();
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
    const a = open();
    const b = open();
    await commitOk(a, turn({ schedule: [reminder('r', T0)] }));

    const claimedByA = await a.schedules.claimDue(T0, 'owner-a', 1000, 10);
    const whileLive = await b.schedules.claimDue(T0 + 999, 'owner-b', 1000, 10);
    const afterExpiry = await b.schedules.claimDue(T0 + 1000, 'owner-b', 1000, 10);

    expect(claimedByA).toHaveLength(1);
    expect(whileLive).toEqual([]);
    expect(afterExpiry).toEqual(claimedByA);
  });
});

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
    const store = open();
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
    const store = open();
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
    const store = open();
    const eTag = await commitOk(
      store,
      turn({ cases: [caseRow('closed', 'UC-1'), caseRow('open', 'UC-X', 'u2')] }),
    );

    await commitOk(store, turn({ expectedETag: eTag, now: T0 + DAY, cases: [caseRow('open', 'UC-2')] }));

    expect((await store.cases.listByUser('u1')).map((c) => c.caseNumber)).toEqual(['UC-2', 'UC-1']);
    expect(await store.cases.listByUser('nobody')).toEqual([]);
  });

  it('appends timeline entries in order, defaulting their time to the turn', async () => {
    const store = open();

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
    const store = open();
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
    const store = open();

    // Matched by message, not toThrow: better-sqlite3's native addon keeps the SqliteError class of the
    // first test file that loaded it, which jest does not recognise as an Error in later files.
    await expect(
      store.conversations.commit(turn({ timeline: [{ caseNumber: 'UC-missing', actor: 'bot', what: 'x' }] })),
    ).rejects.toMatchObject({ message: expect.stringMatching(/FOREIGN KEY/) });

    expect(await store.conversations.load('conv-1')).toBeUndefined();
  });
});
