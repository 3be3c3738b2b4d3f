/**
 * Several instances on one busy conversation: a turn whose commit loses the eTag race (another instance
 * committed the conversation first) runs again on the fresh state. Here the other instance is real writes to
 * the same SQLite file, made between the runner's load and its commit; the runner is the app's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConflictError, type ConversationRunner } from '../../src/conversation/runner';
import { openSqliteStore } from '../../src/storage/sqlite';
import type { Store, TurnCommit } from '../../src/storage/ports';
import { realRunner } from './realRunner';

let dir: string;
let store: Store;
/** How many more of the runner's commits another instance gets ahead of. */
let overtakes = 0;
let runner: ConversationRunner;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conflicts-'));
  store = openSqliteStore(path.join(dir, 'bot.sqlite'));
  const commit = store.conversations.commit.bind(store.conversations);
  // Before the runner's commit, "another instance" commits the same conversation (the record as stored,
  // under a new eTag), so the runner's expected eTag is stale: a real conflict from the real store.
  store.conversations.commit = async (turn: TurnCommit) => {
    if (overtakes > 0 && turn.expectedETag !== undefined) {
      overtakes--;
      const current = await store.conversations.load(turn.conversationId);
      const other = await commit({
        conversationId: turn.conversationId,
        expectedETag: current!.eTag,
        record: current!,
        now: turn.now,
      });
      expect(other.ok).toBe(true);
    }
    return commit(turn);
  };
  runner = realRunner(store, () => 'CAS-00003-TEST');
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const say = (conversationId: string, text: string, n: number) =>
  runner.handle({
    conversationId,
    processedId: `${conversationId}:${n}`,
    userId: 'user-1',
    events: [{ type: 'user.message', text }],
  });

describe('a turn that loses the eTag race', () => {
  it('runs again on the fresh state until it commits, and the user is answered once', async () => {
    await say('busy', 'KB5011503 装不上，报错 0x80073712，两台终端', 1);
    const before = (await store.outbox.pending('busy')).length;
    overtakes = 3;

    await expect(say('busy', '是的', 2)).resolves.toBe('done');

    expect(overtakes).toBe(0);
    const replies = (await store.outbox.pending('busy')).slice(before);
    expect(replies.length).toBeGreaterThan(0);
    expect(new Set(replies.map((r) => r.id)).size).toBe(replies.length);
    // The turn is recorded as processed: delivered again, it is a duplicate, not a second answer.
    await expect(say('busy', '是的', 2)).resolves.toBe('duplicate');
  });

  it('gives up with a ConflictError when other instances win every time', async () => {
    await say('hot', 'KB5011503 装不上，报错 0x80073712', 1);
    overtakes = 100;
    await expect(say('hot', '是的', 2)).rejects.toBeInstanceOf(ConflictError);
    expect(overtakes).toBe(95);
  });
});
