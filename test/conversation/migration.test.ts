/**
 * Conversations stored by earlier case machines go on after an upgrade: the real conversation runner on a
 * real SQLite file loads the stored snapshot, migrates it, runs the turn, and commits the snapshot as the
 * current version (3: `active` parallel, the steps beside the engineer region). Version 1 (steps flat
 * under `active`; written by the last version-1 machine, test/dialogs/fixtures/snapshots-v1-03fdf3d.json)
 * and version 2 (phases under `active`, waiting for an engineer in `context.escalated`;
 * test/dialogs/fixtures/snapshots-v2-63cf2bb.json). The user reads the answer the step gives, never a
 * reset notice; a stored state the old version never had still resets with the notice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConversationRunner } from '../../src/conversation/runner';
import { t } from '../../src/i18n';
import { realRunner } from './realRunner';
import { payloadOf } from '../../src/conversation/outbound';
import type { CaseEvent } from '../../src/domain/events';
import { openSqliteStore } from '../../src/storage/sqlite';
import type { Store } from '../../src/storage/ports';
import { MACHINE_VERSION } from '../../dialogs/caseMachine';

type Fixture = Record<string, { context: { caseNumber?: string } }> & { machineVersion: number };
const load = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'dialogs', 'fixtures', name), 'utf8')) as Fixture;
const FIXTURE = load('snapshots-v1-03fdf3d.json');
const V2 = load('snapshots-v2-63cf2bb.json');
const CASE = 'CAS-00001-TEST';

let dir: string;
let store: Store;
let runner: ConversationRunner;

// A database per test: the fixtures' conversations all hold case CAS-00001-TEST, and a store refuses to give
// one case number to two conversations (so two instances never share a case).
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migration-'));
  store = openSqliteStore(path.join(dir, 'bot.sqlite'));
  runner = realRunner(store, () => 'CAS-00002-TEST');
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A conversation as an earlier version stored it: the fixture's snapshot under that machine version. */
async function storedByVersion(version: number, conversationId: string, snapshot: unknown): Promise<void> {
  const result = await store.conversations.commit({
    conversationId,
    expectedETag: undefined,
    record: { conversationId, machineVersion: version, snapshot, reference: null, cardSlots: {} },
    now: Date.UTC(2026, 11, 1),
  });
  expect(result.ok).toBe(true);
}

const storedByVersion1 = (conversationId: string, snapshot: unknown) =>
  storedByVersion(1, conversationId, snapshot);

/** Runs one turn; returns what it committed for the user (texts, card fallbacks) and the stored record. */
async function turn(conversationId: string, event: CaseEvent) {
  await runner.handle({
    conversationId,
    processedId: `${conversationId}:next`,
    userId: 'user-1',
    events: [event],
  });
  const record = await store.conversations.load(conversationId);
  const sent = (await store.outbox.pending(conversationId)).map((entry) => {
    const payload = payloadOf(entry);
    if (payload.kind === 'text') return { kind: 'text', body: payload.text };
    if (payload.kind === 'card') return { kind: 'card', body: payload.fallbackText };
    return { kind: payload.kind, body: '' };
  });
  return { record, sent, texts: sent.filter((s) => s.kind === 'text').map((s) => s.body) };
}

const reset = t('zh-CN', 'system.reset');

describe('a conversation stored by machine version 1', () => {
  it('fixture was written by version 1, and this runner writes version 3', () => {
    expect(FIXTURE.machineVersion).toBe(1);
    expect(MACHINE_VERSION).toBe(3);
  });

  it('at a stage: the stage answer moves it on to closure, and it is stored as version 3', async () => {
    await storedByVersion1('v1-stage', FIXTURE.remediating);

    const { record, sent, texts } = await turn('v1-stage', {
      type: 'card.submit',
      verb: 'remediation.fixed',
      data: { caseNumber: CASE },
    });

    expect(texts).not.toContain(reset);
    expect(record?.machineVersion).toBe(3);
    expect((record?.snapshot as { value: unknown }).value).toEqual({
      active: { steps: { open: { closure: 'proposing' } }, engineer: 'none' },
    });
    // The stage card frozen with the answer, then the closure card.
    expect(sent.filter((s) => s.kind === 'card')).toHaveLength(2);
  });

  it('archived after silence: "重新打开" reopens it at the stage it left, with the stage card', async () => {
    await storedByVersion1('v1-archived', FIXTURE.archivedForSilence);

    const { record, sent, texts } = await turn('v1-archived', { type: 'user.message', text: '重新打开' });

    expect(texts).toEqual([t('zh-CN', 'case.reopened', { caseNumber: CASE })]);
    expect(sent.some((s) => s.kind === 'card' && s.body.length > 0)).toBe(true);
    expect((record?.snapshot as { value: unknown }).value).toEqual({
      active: { steps: { open: { remediation: 'stage' } }, engineer: 'none' },
    });
  });

  it('with an engineer: the hand-back returns to the stage the case left', async () => {
    await storedByVersion1('v1-engineer', FIXTURE.withEngineerAtStage);

    const { record, texts } = await turn('v1-engineer', { type: 'engineer.handback', name: 'Wang Engineer' });

    expect(texts).toEqual([t('zh-CN', 'engineer.handedBack', { name: 'Wang Engineer' })]);
    expect((record?.snapshot as { value: unknown }).value).toEqual({
      active: { steps: { open: { remediation: 'stage' } }, engineer: 'none' },
    });
    expect(record?.machineVersion).toBe(3);
  });

  it('naming a state version 1 never had: starts over with the notice, the server goes on', async () => {
    const broken = { ...FIXTURE.definingProblem, value: { active: 'stateRemovedLongAgo' } };
    await storedByVersion1('v1-unknown', broken);

    const { record, texts } = await turn('v1-unknown', { type: 'user.message', text: '你好' });

    expect(texts[0]).toBe(reset);
    expect(record?.machineVersion).toBe(3);
    expect((record?.snapshot as { value: unknown }).value).toEqual({
      active: { steps: { open: { problem: 'asking' } }, engineer: 'none' },
    });
  });
});

describe('a conversation stored by machine version 2', () => {
  const valueOf = (record: unknown) => (record as { snapshot: { value: unknown } }).snapshot.value;

  it('waiting for an engineer at a stage: still waits after the stage answer, and the queue still says so', async () => {
    expect(V2.machineVersion).toBe(2);
    await storedByVersion(2, 'v2-waiting', V2.waitingAtStage);

    const { record, texts } = await turn('v2-waiting', {
      type: 'card.submit',
      verb: 'remediation.failing',
      data: { caseNumber: CASE },
    });

    expect(texts).not.toContain(reset);
    expect(record?.machineVersion).toBe(3);
    expect(valueOf(record)).toEqual({
      active: { steps: { open: { remediation: 'verify' } }, engineer: 'waiting' },
    });
    expect((await store.cases.get(CASE))?.status).toBe('awaiting-engineer');
  });

  it('taken after waiting: the hand-back returns to the stage with nobody awaited, and the case is open again', async () => {
    await storedByVersion(2, 'v2-taken', V2.takenAfterWaiting);

    const { record, texts } = await turn('v2-taken', { type: 'engineer.handback', name: 'Wang Engineer' });

    expect(texts).toEqual([t('zh-CN', 'engineer.handedBack', { name: 'Wang Engineer' })]);
    expect(valueOf(record)).toEqual({
      active: { steps: { open: { remediation: 'stage' } }, engineer: 'none' },
    });
    expect((await store.cases.get(CASE))?.status).toBe('open');
  });

  it('naming a state version 2 never had: starts over with the notice', async () => {
    await storedByVersion(2, 'v2-unknown', { ...V2.waitingAtLogs, value: { active: { gone: 'away' } } });

    const { record, texts } = await turn('v2-unknown', { type: 'user.message', text: '你好' });

    expect(texts[0]).toBe(reset);
    expect(record?.machineVersion).toBe(3);
  });
});
