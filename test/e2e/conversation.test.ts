import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../../src/app';
import type { LocalConnector, RecordedActivity } from '../../tools/connector';
import { openSqliteStore } from '../../src/storage/sqlite';
import type { Store } from '../../src/storage/ports';
import {
  connectTo,
  delay,
  isCard,
  press,
  readCard,
  startBot,
  tempDataDir,
  testConfig,
  textOf,
  verbsOf,
} from './harness';

const ZH_PROBLEM = 'KB5011503 在两台终端上安装失败，报错 0x80073712';
const EN_PROBLEM = 'KB5011503 fails to install on two terminals with error 0x80073712';

function cardWithVerb(connector: LocalConnector, verb: string, after = 0): Promise<RecordedActivity> {
  return connector.waitFor((r) => isCard(r) && verbsOf(r).includes(verb), 5000, { after });
}

describe('a case conversation over real HTTP', () => {
  let dataDir: string;
  let app: App;
  let connector: LocalConnector;

  beforeEach(async () => {
    dataDir = tempDataDir();
    app = await startBot(testConfig(dataDir));
    connector = await connectTo(app, { locale: 'zh-CN' });
  });

  afterEach(async () => {
    await connector.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('greets on install, then takes a Chinese problem statement to a prefilled card and the scope statement', async () => {
    const install = await connector.sendConversationUpdate();
    expect(install.status).toBe(200);
    const welcome = await connector.waitFor((r) => r.kind !== 'update');
    expect(textOf(welcome)).toMatch(/[\u4e00-\u9fff]/);

    const asked = await connector.sendMessage(ZH_PROBLEM);
    expect(asked.status).toBe(200);
    const problemCard = await cardWithVerb(connector, 'problem-definition.confirm', asked.seq);
    const shown = readCard(problemCard);
    expect(shown).toContain('KB5011503');
    expect(shown).toContain('0x80073712');
    expect(shown).toMatch(/[\u4e00-\u9fff]/);

    const confirmed = await press(connector, problemCard, 'problem-definition.confirm');
    expect(confirmed.status).toBe(200);
    const scope = await cardWithVerb(connector, 'scope.accept', confirmed.seq);
    expect(readCard(scope)).toMatch(/CAS-\d{5}-[A-Z0-9]{6}/);

    const accepted = await press(connector, scope, 'scope.accept');
    // Log collection is the next step, and the bot says so.
    await connector.waitFor((r) => r.kind !== 'update' && /日志/.test(textOf(r)), 5000, {
      after: accepted.seq,
    });

    // The case record holds what the user confirmed.
    const [row] = await app.store.cases.listByUser(connector.user.aadObjectId!);
    expect(row.scopeConfirmed).toBe(true);
    expect(JSON.stringify(row.problem)).toContain('KB5011503');
  });

  it('answers in English when the user writes English', async () => {
    connector.locale = 'en-US';
    const asked = await connector.sendMessage(EN_PROBLEM);
    const card = await cardWithVerb(connector, 'problem-definition.confirm', asked.seq);
    expect(readCard(card)).toContain('KB5011503');
    expect(readCard(card)).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('answers in Chinese when a Chinese user writes from an English Teams client', async () => {
    connector.locale = 'en-US';
    await connector.sendConversationUpdate();
    const asked = await connector.sendMessage(ZH_PROBLEM);
    const card = await cardWithVerb(connector, 'problem-definition.confirm', asked.seq);
    expect(readCard(card)).toMatch(/问题定义/);
  });

  it('updates the problem card in place when the user corrects it in words', async () => {
    const asked = await connector.sendMessage(ZH_PROBLEM);
    const card = await cardWithVerb(connector, 'problem-definition.confirm', asked.seq);
    const corrected = await connector.sendMessage('其实是三台终端');
    const update = await connector.waitFor((r) => r.kind === 'update' && r.id === card.id, 5000, {
      after: corrected.seq,
    });
    expect(readCard(update)).toMatch(/3/);
  });

  it('continues at the same step after the bot restarts on the same database', async () => {
    const asked = await connector.sendMessage(ZH_PROBLEM);
    const card = await cardWithVerb(connector, 'problem-definition.confirm', asked.seq);

    await app.close();
    app = await startBot(testConfig(dataDir));
    const reconnected = await connectTo(app, { locale: 'zh-CN', conversationId: connector.conversationId });
    try {
      // The old card is still in the chat; pressing it after the restart works.
      const rendered = card;
      const confirmed = await press(reconnected, rendered, 'problem-definition.confirm');
      expect(confirmed.status).toBe(200);
      const scope = await cardWithVerb(reconnected, 'scope.accept', confirmed.seq);
      expect(readCard(scope)).toMatch(/CAS-/);
    } finally {
      await reconnected.close();
    }
  });

  it('processes a redelivered activity once', async () => {
    const activity = connector.buildActivity('message', { text: ZH_PROBLEM });
    const first = await connector.send(activity);
    await cardWithVerb(connector, 'problem-definition.confirm', first.seq);
    await delay(100);
    const before = connector.activities().length;

    const again = await connector.send(activity);
    expect(again.status).toBe(200);
    await delay(300);
    expect(connector.activities().length).toBe(before);
    const cases = await app.store.cases.listByUser(connector.user.aadObjectId!);
    expect(cases).toHaveLength(1);
  });

  it('does not lose an update when two activities of one conversation arrive at once', async () => {
    connector.locale = 'en-US';
    const first = await connector.sendMessage(EN_PROBLEM);
    const card = await cardWithVerb(connector, 'problem-definition.confirm', first.seq);

    await Promise.all([
      connector.sendMessage('it is actually 3 machines'),
      connector.sendMessage('also seen with KB5011487'),
    ]);
    await delay(300);
    const latest = connector.latest(card.id)!;
    const text = readCard(latest);
    expect(text).toContain('KB5011487');
    expect(text).toMatch(/\b3\b/);
  });

  it('refuses malformed activities with 400 and stays healthy', async () => {
    const post = (body: string) =>
      fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    expect((await post('{not json')).status).toBe(400);
    expect((await post('[1,2,3]')).status).toBe(400);
    expect((await post('"text"')).status).toBe(400);
    const huge = JSON.stringify({ type: 'message', text: 'x'.repeat(400 * 1024) });
    expect((await post(huge)).status).toBe(413);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', store: 'ok' });
    // And a real conversation still works.
    const asked = await connector.sendMessage(ZH_PROBLEM);
    await cardWithVerb(connector, 'problem-definition.confirm', asked.seq);
  });
});

describe('timers that outlive the process', () => {
  it('fires a reminder that fell due while the bot was down, once, after restart', async () => {
    const dataDir = tempDataDir();
    const config = testConfig(dataDir, { FOLLOW_UPS: '800ms,1h,2h,3h' });
    let app = await startBot(config);
    const connector = await connectTo(app, { locale: 'en-US' });
    try {
      const asked = await connector.sendMessage(EN_PROBLEM);
      await cardWithVerb(connector, 'problem-definition.confirm', asked.seq);
      await app.close();
      const downSince = connector.cursor();
      await delay(1200); // the nudge falls due while nothing runs

      app = await startBot(config);
      const nudge = await connector.waitFor((r) => r.kind !== 'update', 5000, { after: downSince });
      expect(textOf(nudge).length).toBeGreaterThan(0);
      await delay(800); // several scheduler polls
      const after = connector.activities().filter((r) => r.seq > downSince && r.kind !== 'update');
      expect(after).toHaveLength(1);
    } finally {
      await connector.close();
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('when a turn fails', () => {
  it('tells the user a reference code in their language and keeps the conversation state', async () => {
    const dataDir = tempDataDir();
    const real = openSqliteStore(path.join(dataDir, 'bot.sqlite'));
    let failNext = false;
    const store: Store = {
      schedules: real.schedules,
      cases: real.cases,
      uploads: real.uploads,
      caseFiles: real.caseFiles,
      escalations: real.escalations,
      channelActivities: real.channelActivities,
      settings: real.settings,
      outbox: real.outbox,
      ping: (options) => real.ping(options),
      close: () => real.close(),
      atomically: (work) => real.atomically(work),
      afterCommit: (fn) => real.afterCommit(fn),
      conversations: {
        load: (id) => real.conversations.load(id),
        wasProcessed: (id, p) => real.conversations.wasProcessed(id, p),
        saveCardSlots: (id, s) => real.conversations.saveCardSlots(id, s),
        commit: async (turn) => {
          if (failNext) {
            failNext = false;
            throw new Error('disk on fire');
          }
          return real.conversations.commit(turn);
        },
      },
    };
    const app = await startBot(testConfig(dataDir), { store });
    const connector = await connectTo(app, { locale: 'zh-CN' });
    try {
      const asked = await connector.sendMessage(ZH_PROBLEM);
      const card = await cardWithVerb(connector, 'problem-definition.confirm', asked.seq);
      const before = await real.conversations.load(connector.conversationId);

      failNext = true;
      const failed = await press(connector, card, 'problem-definition.confirm');
      expect(failed.status).toBe(200);
      const apology = await connector.waitFor((r) => !isCard(r), 5000, { after: failed.seq });
      expect(textOf(apology)).toMatch(/E-[A-Z0-9]{6}/);
      expect(textOf(apology)).toMatch(/[\u4e00-\u9fff]/);
      expect(textOf(apology)).not.toContain('disk on fire');
      const after = await real.conversations.load(connector.conversationId);
      expect(after?.eTag).toBe(before?.eTag);

      // The user presses again and the case goes on.
      const retried = await press(connector, card, 'problem-definition.confirm');
      await cardWithVerb(connector, 'scope.accept', retried.seq);
    } finally {
      await connector.close();
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
