/**
 * The engineers' side of the store on a real SQLite file: escalations (one owner however many engineers
 * race, even from two processes' connections), priority/owner on the case record, and settings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../src/storage/sqlite';
import type { Store } from '../../src/storage/ports';

const T0 = Date.UTC(2026, 10, 24, 2, 0, 0);
const MIN = 60_000;
const opened: Store[] = [];
let file: string;

function open(): Store {
  const store = openSqliteStore(file);
  opened.push(store);
  return store;
}

async function withCase(store: Store, caseNumber = 'CAS-06265-C1Y8H2'): Promise<void> {
  const conversationId = `conv-${caseNumber}`;
  const result = await store.conversations.commit({
    conversationId,
    expectedETag: undefined,
    record: { conversationId, machineVersion: 1, snapshot: {}, reference: {}, cardSlots: {} },
    cases: [
      {
        caseNumber,
        conversationId,
        userId: 'u1',
        status: 'awaiting-engineer',
        locale: 'zh-CN',
        problem: null,
        scopeConfirmed: true,
      },
    ],
    now: T0,
  });
  expect(result.ok).toBe(true);
}

beforeEach(() => {
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'esc-')), 'bot.sqlite');
});

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

describe('escalations', () => {
  it('opens once; a second request while open announces nothing new', async () => {
    const store = open();
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
    const a = open();
    await withCase(a);
    const b = open();
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
    const store = open();
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
    const store = open();
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
    const store = open();
    expect(await store.settings.get('engineers.channel')).toBeUndefined();
    await store.settings.set('engineers.channel', { conversation: { id: '19:eng@thread.tacv2' } });
    expect(await store.settings.get('engineers.channel')).toEqual({
      conversation: { id: '19:eng@thread.tacv2' },
    });
  });
});
