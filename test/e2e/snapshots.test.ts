/**
 * Persisted snapshots are a contract: one written by an older machine, or naming a state that no longer
 * exists, must never crash a turn. The conversation starts over with a notice in the user's language.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { connectTo, delay, isCard, startBot, tempDataDir, testConfig, textOf, verbsOf } from './harness';

async function conversationWithAProblemCard(dataDir: string) {
  const app = await startBot(testConfig(dataDir));
  const connector = await connectTo(app, { locale: 'zh-CN' });
  const asked = await connector.sendMessage('KB5011503 在两台终端上安装失败，报错 0x80073712');
  await connector.waitFor((r) => isCard(r) && verbsOf(r).includes('problem-definition.confirm'), 5000, {
    after: asked.seq,
  });
  await app.close();
  return connector;
}

function tamper(
  dataDir: string,
  change: (row: { machine_version: number; snapshot: string }) => {
    machine_version: number;
    snapshot: string;
  },
) {
  const db = new Database(path.join(dataDir, 'bot.sqlite'));
  const row = db.prepare('SELECT id, machine_version, snapshot FROM conversations').get() as {
    id: string;
    machine_version: number;
    snapshot: string;
  };
  const next = change(row);
  db.prepare('UPDATE conversations SET machine_version = ?, snapshot = ? WHERE id = ?').run(
    next.machine_version,
    next.snapshot,
    row.id,
  );
  db.close();
}

describe('restoring a conversation the machine no longer understands', () => {
  it.each([
    [
      'written by an older machine version without a migration',
      (row: { machine_version: number; snapshot: string }) => ({ ...row, machine_version: 0 }),
    ],
    [
      'naming a state that no longer exists',
      (row: { machine_version: number; snapshot: string }) => {
        const snapshot = JSON.parse(row.snapshot);
        snapshot.value = { active: 'stateRemovedLongAgo' };
        return { ...row, snapshot: JSON.stringify(snapshot) };
      },
    ],
  ])('starts over with a notice when the snapshot was %s', async (_label, change) => {
    const dataDir = tempDataDir();
    const connector = await conversationWithAProblemCard(dataDir);
    tamper(dataDir, change);
    const app = await startBot(testConfig(dataDir));
    const again = await connectTo(app, { locale: 'zh-CN', conversationId: connector.conversationId });
    try {
      const sent = await again.sendMessage('你好');
      expect(sent.status).toBe(200);
      const notice = await again.waitFor((r) => r.kind !== 'update' && !isCard(r), 5000, { after: sent.seq });
      expect(textOf(notice)).toMatch(/[\u4e00-\u9fff]/);
      expect(textOf(notice)).not.toMatch(/E-[A-Z0-9]{6}/); // not the error apology: a planned reset
      // ... and the conversation works again.
      await delay(200);
      const next = await again.sendMessage('KB5011503 在两台终端上安装失败，报错 0x80073712');
      await again.waitFor((r) => isCard(r) && verbsOf(r).includes('problem-definition.confirm'), 5000, {
        after: next.seq,
      });
    } finally {
      await again.close();
      await connector.close();
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
