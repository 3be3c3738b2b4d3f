/**
 * What the engineers' desk says in Teams, and the apology for a failed turn, go through the outbox, over
 * real HTTP with the local connector playing Teams and a real SQLite file: a channel that fails and then
 * recovers gets every post once and in order; one that never recovers has the case's timeline say so, and
 * the card is posted once it is back; a failed turn's apology survives a failing connector, once.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { App } from '../../src/app';
import { openSqliteStore } from '../../src/storage/sqlite';
import type { Store } from '../../src/storage/ports';
import type { ConnectorFault, LocalConnector, RecordedActivity } from '../../tools/connector';
import {
  ENGINEERS_CHANNEL,
  connectTo,
  inChannel,
  installInTeam,
  isCard,
  readCard,
  startBot,
  tempDataDir,
  testConfig,
  textOf,
  toLogCollection,
  verbsOf,
} from './harness';

const PROBLEM = 'KB5011503 在两台终端上安装失败，报错 0x80073712';
const ENGINEER = { id: 'eng-1', name: 'Wang Engineer', aadObjectId: 'aad-eng-1' };
const FAST = {
  CONNECTOR_TIMEOUT: '1s',
  DELIVERY_BACKOFF: '200ms',
  SCHEDULER_POLL: '100ms',
  ENGINEERS: ENGINEER.aadObjectId,
};

let dataDir: string;
let app: App;
let connector: LocalConnector;
/** The bot's log lines (the deliverer says when it will try a message again). */
let logged: Array<Record<string, unknown>>;

async function start(env: Record<string, string> = {}, makeStore?: (dir: string) => Store) {
  dataDir = tempDataDir();
  const store = makeStore?.(dataDir);
  logged = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
  app = await startBot(testConfig(dataDir, { ...FAST, ...env }), { logger, ...(store ? { store } : {}) });
  connector = await connectTo(app, { locale: 'zh-CN' });
}

afterEach(async () => {
  connector.setFault(undefined);
  await connector.close();
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Requests for the engineers' channel: new posts (no conversation yet) and anything in the channel or its threads. */
const forChannel = (conversationId: string | undefined) =>
  conversationId === undefined || conversationId.startsWith(ENGINEERS_CHANNEL);

/** The channel's next `n` requests answer `fault`; the ones after are served. */
function failChannel(n: number, fault: ConnectorFault): { readonly failed: number } {
  const state = { failed: 0 };
  connector.setFault(({ conversationId }) => {
    if (!forChannel(conversationId) || state.failed >= n) return undefined;
    state.failed++;
    return fault;
  });
  return state;
}

function caseCards(caseNumber: string): RecordedActivity[] {
  return connector
    .activities(ENGINEERS_CHANNEL)
    .filter((r) => r.kind === 'create' && isCard(r) && readCard(r).includes(caseNumber));
}

async function escalate(): Promise<{ caseNumber: string; seq: number }> {
  const { caseNumber } = await toLogCollection(connector, PROBLEM);
  const asked = await connector.sendMessage('转人工');
  await connector.waitFor(
    (r) => r.conversationId === connector.conversationId && /技术支持工程师/.test(textOf(r)),
    10_000,
    { after: asked.seq },
  );
  return { caseNumber, seq: asked.seq };
}

/**
 * Everything queued for the channel has gone out: the desk's posts of a channel go out in order, so once
 * the answer to a command typed now is there, nothing queued before it is still on its way.
 */
async function channelSettled(root: string): Promise<void> {
  const asked = await connector.send(
    connector.buildActivity('message', { text: 'queue' }, inChannel(ENGINEER, root)),
  );
  await connector.waitFor(
    (r) =>
      r.conversationId.startsWith(ENGINEERS_CHANNEL) &&
      r.seq > asked.seq &&
      /^Open escalations/.test(textOf(r)),
    30_000,
  );
}

describe("an engineers' channel that fails, then recovers", () => {
  it.each([
    ['500', { status: 500 }],
    ['429 with Retry-After', { status: 429, retryAfterSeconds: 1 }],
  ] as const)(
    'answering %s: the case card arrives once, then the take’s answer and card update, once each',
    async (_label, fault) => {
      await start();
      await installInTeam(connector, ENGINEER);
      const failing = failChannel(3, fault);
      const { caseNumber } = await escalate();

      const card = await connector.waitFor(
        (r) => r.kind === 'create' && isCard(r) && readCard(r).includes(caseNumber),
        30_000,
      );
      expect(failing.failed).toBe(3);
      expect(verbsOf(card)).toContain('escalation.take');
      // Each failed try was put off as the outbox puts off any message: never sooner than Retry-After.
      const retries = logged.filter(
        (l) =>
          l.msg === 'outbox: send failed; will try again' && String(l.conversationId).startsWith('desk|'),
      );
      expect(retries.length).toBeGreaterThanOrEqual(3);
      if ('retryAfterSeconds' in fault)
        for (const retry of retries)
          expect(retry.retryInMs).toBeGreaterThanOrEqual(fault.retryAfterSeconds * 1000);

      // The take fails twice in the channel too: its answer and the card's update still arrive once each.
      const failingAgain = failChannel(2, fault);
      const took = await connector.sendInvoke(
        'escalation.take',
        { verb: 'escalation.take', caseNumber },
        inChannel(ENGINEER, card.id),
      );
      expect(took.status).toBe(200);
      const thread = `${ENGINEERS_CHANNEL};messageid=${card.id}`;
      await connector.waitFor((r) => r.conversationId === thread && /has taken case/.test(textOf(r)), 30_000);
      expect(failingAgain.failed).toBe(2);
      await channelSettled(card.id!);

      expect(caseCards(caseNumber)).toHaveLength(1);
      const inThread = connector.activities(thread).filter((r) => r.kind !== 'update');
      expect(inThread.filter((r) => /has taken case/.test(textOf(r)))).toHaveLength(1);
      const updates = connector.activities(thread).filter((r) => r.kind === 'update' && r.id === card.id);
      expect(updates.length).toBeGreaterThanOrEqual(1);
      expect(readCard(updates[updates.length - 1])).toContain(ENGINEER.name);
      // And the user was told once that the engineer joined.
      const joined = connector.activities().filter((r) => /已接手案例/.test(textOf(r)));
      expect(joined).toHaveLength(1);
    },
    90_000,
  );
});

describe("an engineers' channel that never recovers", () => {
  it("gives the card up, says so on the case's timeline, and posts it once the channel is back", async () => {
    await start({ DELIVERY_ATTEMPTS: '2', ESCALATION_REANNOUNCE: '2s' });
    await installInTeam(connector, ENGINEER);
    connector.setFault(({ conversationId }) => (forChannel(conversationId) ? { status: 503 } : undefined));
    const { caseNumber } = await escalate();

    await waitUntil(async () =>
      (await app.store.cases.timeline(caseNumber)).some((e) =>
        /post to the engineers' channel could not be delivered/.test(e.what),
      ),
    );
    expect(caseCards(caseNumber)).toEqual([]);

    connector.setFault(undefined);
    const card = await connector.waitFor(
      (r) => r.kind === 'create' && isCard(r) && readCard(r).includes(caseNumber),
      30_000,
    );
    await channelSettled(card.id!);
    expect(caseCards(caseNumber)).toHaveLength(1);
  }, 90_000);
});

/** The store fails the commits of conversation turns, `claim` of channel activities, or adding to the outbox, while asked to. */
const storeFails = { commits: false, channel: false, outbox: false };
function failingStore(dir: string): Store {
  const real = openSqliteStore(path.join(dir, 'bot.sqlite'));
  return {
    ...real,
    conversations: {
      ...real.conversations,
      commit: (turn) =>
        storeFails.commits ? Promise.reject(new Error('disk I/O error')) : real.conversations.commit(turn),
    },
    channelActivities: {
      claim: (key, at) =>
        storeFails.channel
          ? Promise.reject(new Error('disk I/O error'))
          : real.channelActivities.claim(key, at),
    },
    outbox: {
      ...real.outbox,
      add: (messages, now) =>
        storeFails.outbox ? Promise.reject(new Error('disk I/O error')) : real.outbox.add(messages, now),
    },
    close: () => real.close(),
  };
}

describe('a turn that fails', () => {
  it('apologises once through the outbox, though the connector fails the first try and Teams delivers the activity again', async () => {
    storeFails.commits = false;
    storeFails.channel = false;
    storeFails.outbox = false;
    await start({}, failingStore);
    const first = await connector.sendMessage(PROBLEM);
    await connector.waitFor((r) => isCard(r), 10_000, { after: first.seq });

    storeFails.commits = true;
    const failing = failChannelFor(connector.conversationId, 2);
    const activity = connector.buildActivity('message', { text: '确认' });
    expect((await connector.send(activity)).status).toBe(200);
    const apology = await connector.waitFor((r) => /参考编号/.test(textOf(r)), 30_000, {
      after: first.seq,
    });
    expect(failing.failed).toBe(2);
    // Teams delivers the same activity again (the turn still fails): no second apology.
    expect((await connector.send(activity)).status).toBe(200);
    storeFails.commits = false;
    const probe = await connector.sendMessage('?');
    await connector.waitFor((r) => r.seq > probe.seq && r.kind !== 'update', 30_000);
    const apologies = connector.activities().filter((r) => textOf(r) === textOf(apology));
    expect(apologies).toHaveLength(1);
  }, 90_000);
});

describe('a turn that fails before anything of its conversation is stored', () => {
  /** Requests to `conversationId` (and its threads) answer 500 until `recover()`. */
  function down(prefix: string) {
    const state = { failed: 0, up: false };
    connector.setFault(({ conversationId }) => {
      if (state.up || !conversationId?.startsWith(prefix)) return undefined;
      state.failed++;
      return { status: 500 };
    });
    return state;
  }
  const retried = (id: RegExp) =>
    waitUntil(async () => logged.some((l) => /will try again/.test(String(l.msg)) && id.test(String(l.id))));

  it('the first turn of a new chat: the apology waits in the outbox for a connector that fails, and arrives once', async () => {
    await start({}, failingStore);
    storeFails.commits = true;
    storeFails.channel = false;
    const connectorDown = down(connector.conversationId);
    const activity = connector.buildActivity('message', { text: PROBLEM });
    expect((await connector.send(activity)).status).toBe(200);
    expect(await app.store.conversations.load(connector.conversationId)).toBeUndefined();
    // Queued under the activity: the deliverer tries it again after the connector's 500s.
    await retried(new RegExp(`apology:${activity.id}$`));
    expect(connectorDown.failed).toBeGreaterThan(0);
    connectorDown.up = true;
    const apology = await connector.waitFor((r) => /参考编号/.test(textOf(r)), 30_000);
    // Teams delivers the activity again and it fails again: no second apology.
    expect((await connector.send(activity)).status).toBe(200);
    storeFails.commits = false;
    const probe = await connector.sendMessage('?');
    await connector.waitFor((r) => r.seq > probe.seq && r.kind !== 'update', 30_000);
    expect(connector.activities().filter((r) => textOf(r) === textOf(apology))).toHaveLength(1);
  }, 90_000);

  it('when the outbox cannot be written either, the apology is sent at once', async () => {
    await start({}, failingStore);
    storeFails.channel = false;
    storeFails.commits = true;
    storeFails.outbox = true;
    const asked = await connector.sendMessage(PROBLEM);
    const apology = await connector.waitFor((r) => /参考编号/.test(textOf(r)), 10_000, { after: asked.seq });
    expect(apology.conversationId).toBe(connector.conversationId);
    expect(logged.some((l) => /could not queue the apology/.test(String(l.msg)))).toBe(true);
    storeFails.commits = false;
    storeFails.outbox = false;
  }, 60_000);

  it("a failed turn in the engineers' channel: its apology goes through the desk's lane, once", async () => {
    await start({}, failingStore);
    storeFails.commits = false;
    storeFails.channel = false;
    storeFails.outbox = false;
    await installInTeam(connector, ENGINEER);
    storeFails.channel = true;
    const channelDown = down(ENGINEERS_CHANNEL);
    const activity = connector.buildActivity('message', { text: 'queue' }, inChannel(ENGINEER));
    expect((await connector.send(activity)).status).toBe(200);
    await retried(new RegExp(`^desk\\|${ENGINEERS_CHANNEL}\\|apology:${activity.id}$`));
    channelDown.up = true;
    const inChannelNow = () => connector.activities(ENGINEERS_CHANNEL);
    const apology = await connector.waitFor(
      (r) => r.conversationId === ENGINEERS_CHANNEL && /reference/i.test(textOf(r)),
      30_000,
    );
    expect((await connector.send(activity)).status).toBe(200);
    storeFails.channel = false;
    const asked = await connector.send(
      connector.buildActivity('message', { text: 'queue' }, inChannel(ENGINEER)),
    );
    await connector.waitFor((r) => r.seq > asked.seq && /escalations/i.test(textOf(r)), 30_000);
    expect(inChannelNow().filter((r) => textOf(r) === textOf(apology))).toHaveLength(1);
  }, 90_000);
});

/** The user's chat's next `n` requests answer 500. */
function failChannelFor(conversationId: string, n: number): { readonly failed: number } {
  const state = { failed: 0 };
  connector.setFault(({ conversationId: c }) => {
    if (c !== conversationId || state.failed >= n) return undefined;
    state.failed++;
    return { status: 500 };
  });
  return state;
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
