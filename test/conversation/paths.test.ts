/**
 * The shortest paths of the case machine's graph (test/dialogs/graph.ts), replayed through the real
 * conversation runner: a real SQLite store, the real card renderer with the catalogs, stage cards from the
 * real knowledge base and summaries from the stored record. Only the Teams side is a recording sink, and
 * upload links and files are stand-ins. After every step the committed state is the one the graph predicts,
 * and every card the runner sends renders with its fallback text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaseEvent } from '../../src/domain/events';
import type { ConversationRunner } from '../../src/conversation/runner';
import { realRunner } from './realRunner';
import { payloadOf } from '../../src/conversation/outbound';
import type { OutboxEntry } from '../../src/storage/ports';
import { openSqliteStore } from '../../src/storage/sqlite';
import type { Store } from '../../src/storage/ports';
import type { MachineEvent } from '../../dialogs/events';
import { casePaths, inbound, restingStateIds, TO_FIRST_STAGE } from '../dialogs/graph';

/** Where a state value rests, in every region: `case.active.steps.… + case.active.engineer.none`. */
const restingStateId = (value: unknown): string => restingStateIds(value).join(' + ');

jest.setTimeout(120_000);

interface Sent {
  kind: 'text' | 'card' | 'update' | 'typing' | 'file';
  body: string;
}

/** What the turn put in the outbox for the user, as the user would read it. */
function sentOf(entry: OutboxEntry): Sent {
  const payload = payloadOf(entry);
  switch (payload.kind) {
    case 'text':
      return { kind: 'text', body: payload.text };
    case 'card':
      return { kind: payload.replace ? 'update' : 'card', body: payload.fallbackText };
    case 'file':
      return { kind: 'file', body: payload.file.name };
    case 'engineers':
      return { kind: 'typing', body: '' };
    default:
      return { kind: 'typing', body: '' };
  }
}

let dir: string;
let store: Store;
let runner: ConversationRunner;
let issued = 0;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paths-'));
  store = openSqliteStore(path.join(dir, 'bot.sqlite'));
  runner = realRunner(store, () => `CAS-${String(++issued).padStart(5, '0')}-PATHS1`);
});

afterAll(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let conversations = 0;

/** Runs `events` as turns of a new conversation; returns what was sent and the committed state after each. */
async function replay(events: CaseEvent[]): Promise<Array<{ state: string; sent: Sent[] }>> {
  const conversationId = `paths-${++conversations}`;
  const steps = [];
  for (const [i, event] of events.entries()) {
    const before = new Set((await store.outbox.pending(conversationId)).map((e) => e.id));
    await runner.handle({
      conversationId,
      processedId: `${conversationId}:${i}`,
      clientLocale: 'zh-CN',
      userId: 'user-1',
      reference: { conversation: { id: conversationId } },
      events: [event],
    });
    const record = await store.conversations.load(conversationId);
    // Nothing delivers here: what the turn committed to the outbox is what it sends.
    const sent = (await store.outbox.pending(conversationId)).filter((e) => !before.has(e.id)).map(sentOf);
    steps.push({ state: restingStateId((record?.snapshot as { value: unknown }).value), sent });
  }
  return steps;
}

const { logPaths, remediationPaths } = casePaths();

/** One path per state reached (the shortest; with the engineer region's too): every state through the runner. */
function onePerState<P extends { state: { value: unknown }; steps: Array<{ event: MachineEvent }> }>(
  paths: P[],
): P[] {
  const byState = new Map<string, P>();
  for (const p of paths) {
    const id = restingStateId(p.state.value);
    const known = byState.get(id);
    if (!known || p.steps.length < known.steps.length) byState.set(id, p);
  }
  return [...byState.values()];
}

const cases = [
  ...onePerState(logPaths).map((p) => ({
    name: restingStateId(p.state.value),
    events: p.steps.map((s) => inbound(s.event)),
    expected: p,
  })),
  ...onePerState(remediationPaths).map((p) => ({
    name: `${restingStateId(p.state.value)} (from the first stage)`,
    events: [...TO_FIRST_STAGE, ...p.steps.map((s) => inbound(s.event))],
    expected: p,
  })),
];

it('replays a path to every state of the machine', () => {
  const reached = new Set(cases.map((c) => restingStateId(c.expected.state.value)));
  expect(reached.size).toBeGreaterThanOrEqual(14);
});

it.each(cases.map((c) => [c.name, c] as const))(
  '%s: the runner commits the states the graph predicts',
  async (_name, c) => {
    const steps = await replay(c.events);

    expect(steps.at(-1)?.state).toBe(restingStateId(c.expected.state.value));
    for (const step of steps) {
      for (const sent of step.sent) {
        // Every message and card reached the user with real text (no missing catalog key, no raw placeholder).
        if (sent.kind === 'typing') continue;
        expect(sent.body).not.toMatch(/\{[a-zA-Z]+\}|undefined|\$\{/);
        expect(sent.body.length).toBeGreaterThan(0);
      }
    }
  },
);
