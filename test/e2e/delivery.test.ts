/**
 * Delivery when Teams misbehaves, over real HTTP: a connector that hangs for one conversation, one that
 * answers 500 (or 429 with Retry-After) and then recovers, and one that never recovers. Reminders come
 * from the real scheduler, messages from the real outbox and deliverer.
 */
import fs from 'node:fs';
import type { App } from '../../src/app';
import { createLogger } from '../../src/log';
import type { LocalConnector, RecordedActivity } from '../../tools/connector';
import {
  ENGINEERS_CHANNEL,
  connectTo,
  installInTeam,
  isCard,
  readCard,
  startBot,
  tempDataDir,
  testConfig,
  textOf,
  verbsOf,
} from './harness';

const EN_PROBLEM = 'KB5011503 fails to install on two terminals with error 0x80073712';
const NEW_CONVERSATION = 'a:second-branch-chat';
const ENGINEER = { id: '29:engineer-1', name: 'Zhang Gong', aadObjectId: 'aad-engineer-1' };

/** Fast reminders and retries; every connector request times out after a second. */
const FAST = {
  FOLLOW_UPS: '1500ms,1h,2h,3h',
  CONNECTOR_TIMEOUT: '1s',
  DELIVERY_BACKOFF: '200ms',
  SCHEDULER_POLL: '100ms',
};

let dataDir: string;
let app: App;
let connector: LocalConnector;

async function start(env: Record<string, string> = {}) {
  dataDir = tempDataDir();
  app = await startBot(
    testConfig(dataDir, { ...FAST, ...env }),
    process.env.DEBUG_DELIVERY ? { logger: createLogger('debug') } : {},
  );
  connector = await connectTo(app, { locale: 'en-US' });
}

afterEach(async () => {
  connector.setFault(undefined);
  await connector.close();
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Opens a case in `conversationId`; resolves with the problem card. */
async function openCase(conversationId: string): Promise<RecordedActivity> {
  const asked = await connector.sendMessage(EN_PROBLEM, { conversationId });
  return connector.waitFor(
    (r) =>
      r.conversationId === conversationId && isCard(r) && verbsOf(r).includes('problem-definition.confirm'),
    10_000,
    { after: asked.seq },
  );
}

/** New posts (not card updates) in a conversation after `seq`. */
function postsAfter(conversationId: string, seq: number): RecordedActivity[] {
  return connector.activities(conversationId).filter((r) => r.seq > seq && r.kind !== 'update');
}

function isNudge(conversationId: string, after: number) {
  return (r: RecordedActivity) => r.conversationId === conversationId && r.seq > after && r.kind !== 'update';
}

/**
 * Everything queued for the conversation has gone out: a message typed now is answered after whatever
 * was queued before it (a conversation's messages are sent in order), so when its answer arrives, no
 * earlier message is still on its way.
 */
async function settled(conversationId: string): Promise<void> {
  const asked = await connector.sendMessage('?', { conversationId });
  await connector.waitFor((r) => r.conversationId === conversationId && r.seq > asked.seq, 30_000);
}

describe('a connector that hangs for one conversation', () => {
  it("keeps another conversation's reminders coming, and delivers the held one once it answers again", async () => {
    await start();
    const held = connector.conversationId;
    const card = await openCase(held);
    connector.setFault(({ conversationId }) => (conversationId === held ? 'hang' : undefined));

    // The first conversation's reminder falls due and its send hangs (and times out, and hangs again).
    await waitUntil(() => connector.hangingRequests > 0);
    const other = await openCase(NEW_CONVERSATION);
    const otherNudge = await connector.waitFor(isNudge(NEW_CONVERSATION, other.seq), 20_000);
    expect(textOf(otherNudge).length).toBeGreaterThan(0);
    expect(postsAfter(held, card.seq)).toEqual([]);

    connector.setFault(undefined);
    const heldNudge = await connector.waitFor(isNudge(held, card.seq), 30_000);
    expect(textOf(heldNudge)).toBe(textOf(otherNudge));
    await settled(held);
    const nudges = postsAfter(held, card.seq).filter((r) => textOf(r) === textOf(heldNudge));
    expect(nudges).toHaveLength(1);
  }, 90_000);
});

describe('a connector that fails, then recovers', () => {
  it.each([
    ['500', { status: 500 }],
    ['429 with Retry-After', { status: 429, retryAfterSeconds: 1 }],
  ])(
    'answering %s: the reminder arrives once',
    async (_label, fault) => {
      await start();
      const conversationId = connector.conversationId;
      const card = await openCase(conversationId);
      let failed = 0;
      connector.setFault(({ conversationId: c }) => {
        if (c !== conversationId || failed >= 5) return undefined;
        failed++;
        return fault;
      });

      const nudge = await connector.waitFor(isNudge(conversationId, card.seq), 60_000);
      expect(failed).toBe(5);
      await settled(conversationId);
      expect(postsAfter(conversationId, card.seq).filter((r) => textOf(r) === textOf(nudge))).toHaveLength(1);
    },
    90_000,
  );
});

describe('a connector that never recovers', () => {
  it("gives the message up, and the case's timeline and the engineers' channel hear of it", async () => {
    await start({ DELIVERY_ATTEMPTS: '2' });
    await installInTeam(connector, ENGINEER);
    const conversationId = connector.conversationId;
    const card = await openCase(conversationId);
    const caseNumber = /CAS-\d{5}-[A-Z0-9]{6}/.exec(readCard(card))?.[0];
    expect(caseNumber).toBeDefined();
    connector.setFault(({ conversationId: c }) => (c === conversationId ? { status: 503 } : undefined));

    const posted = await connector.waitFor(
      (r) =>
        r.conversationId === ENGINEERS_CHANNEL && r.kind === 'create' && readCard(r).includes(caseNumber!),
      60_000,
    );
    expect(readCard(posted)).toMatch(/could not be delivered/);
    const timeline = await app.store.cases.timeline(caseNumber!);
    expect(timeline.map((e) => e.what).join('\n')).toMatch(/could not be delivered to the user/);
    expect(postsAfter(conversationId, card.seq)).toEqual([]);
  }, 90_000);
});

async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
