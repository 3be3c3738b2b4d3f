/**
 * Conversations stored by the previous case machine (version 1, steps flat under `active`) go on after an
 * upgrade: the real conversation runner on a real SQLite file loads the stored snapshot (written by the
 * last version-1 machine, test/dialogs/fixtures/snapshots-v1-03fdf3d.json), migrates it, runs the turn,
 * and commits the snapshot as version 2. The user reads the answer the step gives, never a reset notice;
 * a stored state version 1 never had still resets with the notice.
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

const FIXTURE = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'dialogs', 'fixtures', 'snapshots-v1-03fdf3d.json'), 'utf8'),
) as Record<string, { context: { caseNumber?: string } }> & { machineVersion: number };
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

/** A conversation as version 1 stored it: the fixture's snapshot under machine version 1. */
async function storedByVersion1(conversationId: string, snapshot: unknown): Promise<void> {
  const result = await store.conversations.commit({
    conversationId,
    expectedETag: undefined,
    record: { conversationId, machineVersion: 1, snapshot, reference: null, cardSlots: {} },
    now: Date.UTC(2026, 11, 1),
  });
  expect(result.ok).toBe(true);
}

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
  it('fixture was written by version 1, and this runner writes version 2', () => {
    expect(FIXTURE.machineVersion).toBe(1);
    expect(MACHINE_VERSION).toBe(2);
  });

  it('at a stage: the stage answer moves it on to closure, and it is stored as version 2', async () => {
    await storedByVersion1('v1-stage', FIXTURE.remediating);

    const { record, sent, texts } = await turn('v1-stage', {
      type: 'card.submit',
      verb: 'remediation.fixed',
      data: { caseNumber: CASE },
    });

    expect(texts).not.toContain(reset);
    expect(record?.machineVersion).toBe(2);
    expect((record?.snapshot as { value: unknown }).value).toEqual({
      active: { open: { closure: 'proposing' } },
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
      active: { open: { remediation: 'stage' } },
    });
  });

  it('with an engineer: the hand-back returns to the stage the case left', async () => {
    await storedByVersion1('v1-engineer', FIXTURE.withEngineerAtStage);

    const { record, texts } = await turn('v1-engineer', { type: 'engineer.handback', name: 'Wang Engineer' });

    expect(texts).toEqual([t('zh-CN', 'engineer.handedBack', { name: 'Wang Engineer' })]);
    expect((record?.snapshot as { value: unknown }).value).toEqual({
      active: { open: { remediation: 'stage' } },
    });
    expect(record?.machineVersion).toBe(2);
  });

  it('naming a state version 1 never had: starts over with the notice, the server goes on', async () => {
    const broken = { ...FIXTURE.definingProblem, value: { active: 'stateRemovedLongAgo' } };
    await storedByVersion1('v1-unknown', broken);

    const { record, texts } = await turn('v1-unknown', { type: 'user.message', text: '你好' });

    expect(texts[0]).toBe(reset);
    expect(record?.machineVersion).toBe(2);
    expect((record?.snapshot as { value: unknown }).value).toEqual({
      active: { open: { problem: 'asking' } },
    });
  });
});
