/** The durable scheduler on real SQLite files: restarts, leases, several owners, failures and shutdown. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Scheduler } from '../../src/conversation/scheduler';
import type { DeliveryOutcome, SchedulerOptions } from '../../src/conversation/scheduler';
import { openSqliteStore } from '../../src/storage/sqlite';
import type { ScheduledItem, Store } from '../../src/storage/ports';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const HOUR = 60 * 60 * 1000;
const LEASE = 60 * 1000;

let dir: string;
let file: string;
const opened: Store[] = [];
const schedulers: Scheduler[] = [];

function open(): Store {
  const store = openSqliteStore(file);
  opened.push(store);
  return store;
}

const silent = pino({ level: 'silent' });

function capturingLogger(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

function scheduler(
  options: Partial<SchedulerOptions> & Pick<SchedulerOptions, 'store' | 'deliver'>,
): Scheduler {
  const s = new Scheduler({ owner: 'owner-1', pollMs: 5, leaseMs: LEASE, logger: silent, ...options });
  schedulers.push(s);
  return s;
}

/** Creates conversation `conversationId` with one reminder due at `dueAt`. */
async function seedReminder(store: Store, conversationId: string, dueAt: number): Promise<void> {
  const result = await store.conversations.commit({
    conversationId,
    expectedETag: undefined,
    record: {
      conversationId,
      machineVersion: 1,
      snapshot: { value: 'awaitingUpload' },
      reference: {},
      cardSlots: {},
    },
    schedule: [
      { key: `reminder:${conversationId}`, conversationId, kind: 'reminder', dueAt, payload: { nth: 1 } },
    ],
    now: T0,
  });
  if (!result.ok) throw new Error(`seeding ${conversationId} conflicted`);
}

/**
 * What the conversation runner does with a due item: skip a redelivery, otherwise commit the
 * `reminder.due` turn and complete the item in the same transaction.
 */
function runnerDeliver(store: Store, delivered: string[], now: () => number) {
  return async (item: ScheduledItem): Promise<DeliveryOutcome> => {
    const processedId = `sched:${item.id}`;
    if (await store.conversations.wasProcessed(item.conversationId, processedId)) return;
    const record = await store.conversations.load(item.conversationId);
    if (!record) return 'gone';
    delivered.push(item.id);
    // Yield as a real turn would (sending to Teams), so other schedulers get to run meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
    const result = await store.conversations.commit({
      conversationId: item.conversationId,
      expectedETag: record.eTag,
      record: { ...record, snapshot: { value: 'reminded' } },
      processedId,
      completeScheduledIds: [item.id],
      now: now(),
    });
    if (!result.ok) throw new Error(`turn for ${item.id} lost its eTag race`);
  };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-scheduler-'));
  file = path.join(dir, 'bot.db');
});

afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
  for (const store of opened.splice(0)) await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Scheduler', () => {
  it('delivers an item that fell due while the process was down exactly once after restart', async () => {
    const before = open();
    await seedReminder(before, 'conv-1', T0 + HOUR);
    await before.close();

    const clock = () => T0 + 2 * HOUR;
    const after = open();
    const delivered: string[] = [];
    const s = scheduler({
      store: after.schedules,
      deliver: runnerDeliver(after, delivered, clock),
      now: clock,
    });
    const first = await s.tick();
    const second = await s.tick();
    await after.close();
    const again = open();
    const third = await scheduler({
      store: again.schedules,
      deliver: runnerDeliver(again, delivered, clock),
      now: () => T0 + 3 * HOUR,
    }).tick();

    expect([first, second, third]).toEqual([1, 0, 0]);
    expect(delivered).toHaveLength(1);
    expect(await again.schedules.pending('conv-1')).toEqual([]);
    expect(await again.conversations.wasProcessed('conv-1', `sched:${delivered[0]}`)).toBe(true);
  });

  it('does not deliver an item before it is due', async () => {
    const store = open();
    await seedReminder(store, 'conv-1', T0 + HOUR);
    const delivered: string[] = [];
    let now = T0 + HOUR - 1;
    const s = scheduler({
      store: store.schedules,
      deliver: runnerDeliver(store, delivered, () => now),
      now: () => now,
    });

    const early = await s.tick();
    now = T0 + HOUR;
    const onTime = await s.tick();

    expect([early, onTime]).toEqual([0, 1]);
  });

  it('redelivers an item whose owner died mid-delivery, only once its lease has run out', async () => {
    const crashed = open();
    await seedReminder(crashed, 'conv-1', T0);
    await crashed.schedules.claimDue(T0, 'owner-that-died', LEASE, 10);
    await crashed.close();

    let now = T0 + LEASE - 1;
    const store = open();
    const delivered: string[] = [];
    const s = scheduler({
      store: store.schedules,
      deliver: runnerDeliver(store, delivered, () => now),
      now: () => now,
    });
    const whileLeased = await s.tick();
    now = T0 + LEASE;
    const afterLease = await s.tick();

    expect([whileLeased, afterLease]).toEqual([0, 1]);
    expect(delivered).toHaveLength(1);
  });

  it('never lets two schedulers on the same file deliver the same item', async () => {
    const seed = open();
    const ids = Array.from({ length: 30 }, (_, i) => `conv-${i}`);
    for (const id of ids) await seedReminder(seed, id, T0);
    const now = () => T0 + 1;
    const delivered: Record<string, string[]> = { a: [], b: [] };
    const [storeA, storeB] = [open(), open()];
    const a = scheduler({
      store: storeA.schedules,
      deliver: runnerDeliver(storeA, delivered.a, now),
      owner: 'a',
      batch: 4,
      now,
    });
    const b = scheduler({
      store: storeB.schedules,
      deliver: runnerDeliver(storeB, delivered.b, now),
      owner: 'b',
      batch: 4,
      now,
    });
    const drain = async (s: Scheduler) => {
      while ((await s.tick()) > 0);
    };

    await Promise.all([drain(a), drain(b)]);

    const all = [...delivered.a, ...delivered.b];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(30);
    expect(delivered.a.length).toBeGreaterThan(0);
    expect(delivered.b.length).toBeGreaterThan(0);
    for (const id of ids) expect(await seed.schedules.pending(id)).toEqual([]);
  });

  it('never lets separate processes on the same file deliver the same item', async () => {
    const seed = open();
    const items = 300;
    for (let i = 0; i < items; i++) await seedReminder(seed, `conv-${i}`, T0);
    const worker = path.join(dir, 'worker.ts');
    const src = path.resolve(__dirname, '../../src');
    fs.writeFileSync(
      worker,
      `
      import pino from ${JSON.stringify(require.resolve('pino'))};
      import { Scheduler } from ${JSON.stringify(path.join(src, 'conversation/scheduler'))};
      import { openSqliteStore } from ${JSON.stringify(path.join(src, 'storage/sqlite'))};
      const store = openSqliteStore(process.argv[2]);
      const delivered: string[] = [];
      const now = () => ${T0 + 1};
      // The first delivery of each worker holds its claimed item until a second worker has claimed one too.
      // The clock stands still, so the held lease cannot expire: the others must claim other items, and the
      // claims contend for the lock however the operating system schedules the processes.
      const fs = require('node:fs');
      const marks = process.argv[2] + '.started';
      async function meetAnotherWorker() {
        fs.mkdirSync(marks, { recursive: true });
        fs.writeFileSync(marks + '/' + process.argv[3], '');
        const until = Date.now() + 15000;
        while (fs.readdirSync(marks).length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      }
      const scheduler = new Scheduler({
        store: store.schedules, owner: process.argv[3], pollMs: 5, leaseMs: ${LEASE}, batch: 1, now,
        logger: pino({ level: 'silent' }),
        async deliver(item) {
          const record = await store.conversations.load(item.conversationId);
          if (!record) return 'gone';
          if (delivered.length === 0) await meetAnotherWorker();
          delivered.push(item.id);
          const result = await store.conversations.commit({
            conversationId: item.conversationId, expectedETag: record.eTag, record,
            processedId: 'sched:' + item.id, completeScheduledIds: [item.id], now: now(),
          });
          if (!result.ok) throw new Error('conflict');
        },
      });
      // Start on the parent's word, once every worker is up, so the claims really contend for the lock.
      process.stdout.write('ready\\n');
      process.stdin.once('data', async () => {
        while ((await scheduler.tick()) > 0);
        await store.close();
        process.stdout.write(JSON.stringify(delivered));
        process.stdin.destroy();
      });
      `,
    );
    const children = ['p1', 'p2', 'p3'].map((owner) => {
      const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), worker, file, owner], {
        cwd: path.resolve(__dirname, '../..'),
      });
      const seen = { out: '', err: '', exited: false };
      child.stdout.on('data', (d) => (seen.out += d));
      child.stderr.on('data', (d) => (seen.err += d));
      const finished = new Promise<string[]>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => {
          seen.exited = true;
          if (code === 0) resolve(JSON.parse(seen.out.replace(/^ready\n/, '')) as string[]);
          else reject(new Error(`worker ${owner} exited ${code}: ${seen.err}`));
        });
      });
      return { child, seen, finished };
    });
    let results: string[][];
    try {
      await until(() => children.every(({ seen }) => seen.out.startsWith('ready') || seen.exited), 20000);
      for (const { child } of children) child.stdin.write('go\n');
      results = await Promise.all(children.map((c) => c.finished));
    } finally {
      for (const { child, seen } of children) if (!seen.exited) child.kill();
    }

    const all = results.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(items);
    // The claims really competed: at least two processes delivered (the third may find nothing left on a slow start).
    expect(results.filter((delivered) => delivered.length > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps delivering later items when one delivery throws, and retries that one after a backoff', async () => {
    const store = open();
    await seedReminder(store, 'conv-fails', T0 - 2);
    await seedReminder(store, 'conv-ok', T0 - 1);
    const { logger, lines } = capturingLogger();
    const delivered: string[] = [];
    const failures: Array<{ attempts: number; final: boolean }> = [];
    let now = T0;
    const runner = runnerDeliver(store, delivered, () => now);
    let thrown = 0;
    const s = scheduler({
      store: store.schedules,
      logger,
      now: () => now,
      // Jitter is at most +50 %: 1.5 × LEASE / 2 is still within one lease.
      backoffMs: LEASE / 2,
      onFailure: async (_item, failure) => void failures.push(failure),
      deliver: async (item) => {
        if (item.conversationId === 'conv-fails' && thrown++ === 0) throw new Error('Teams said 502');
        return runner(item);
      },
    });

    const first = await s.tick();
    const beforeBackoff = await s.tick();
    now = T0 + LEASE;
    const afterBackoff = await s.tick();

    expect([first, beforeBackoff, afterBackoff]).toEqual([1, 0, 1]);
    expect(failures).toEqual([{ attempts: 1, final: false, error: expect.any(Error) }]);
    const failure = lines.find((l) => l.level === 50);
    expect(failure).toMatchObject({
      itemId: delivered[1],
      conversationId: 'conv-fails',
      attempts: 1,
      err: { message: 'Teams said 502' },
    });
    expect(await store.schedules.pending('conv-fails')).toEqual([]);
  });

  it('gives an item up after its last attempt, and says so once', async () => {
    const store = open();
    await seedReminder(store, 'conv-broken', T0 - 1);
    const failures: Array<{ attempts: number; final: boolean }> = [];
    let now = T0;
    let tries = 0;
    const s = scheduler({
      store: store.schedules,
      now: () => now,
      backoffMs: 1000,
      maxAttempts: 3,
      onFailure: async (_item, { attempts, final }) => void failures.push({ attempts, final }),
      deliver: async () => {
        tries++;
        throw new Error('connector down');
      },
    });

    for (let i = 0; i < 6; i++) {
      await s.tick();
      now += 10 * 60_000; // past any backoff of these attempts
    }

    expect(tries).toBe(3);
    expect(failures).toEqual([
      { attempts: 1, final: false },
      { attempts: 2, final: false },
      { attempts: 3, final: true },
    ]);
    expect(await store.schedules.pending('conv-broken')).toEqual([]);
  });

  it('skips an item whose lease ran out while earlier items were being delivered', async () => {
    const store = open();
    await seedReminder(store, 'conv-slow', T0 - 2);
    await seedReminder(store, 'conv-late', T0 - 1);
    const delivered: string[] = [];
    let now = T0;
    const runner = runnerDeliver(store, delivered, () => now);
    const s = scheduler({
      store: store.schedules,
      now: () => now,
      deliver: async (item) => {
        await runner(item);
        now += LEASE;
      },
    });

    const first = await s.tick();
    const second = await s.tick();

    expect([first, second]).toEqual([1, 1]);
    expect(delivered).toHaveLength(2);
  });

  it('marks an item done itself when deliver reports the conversation gone', async () => {
    const store = open();
    await seedReminder(store, 'conv-1', T0);
    let calls = 0;
    let now = T0;
    const s = scheduler({
      store: store.schedules,
      now: () => now,
      deliver: async () => {
        calls += 1;
        return 'gone';
      },
    });

    const delivered = await s.tick();
    now = T0 + 2 * LEASE;
    await s.tick();

    expect(delivered).toBe(0);
    expect(calls).toBe(1);
    expect(await store.schedules.pending('conv-1')).toEqual([]);
  });

  it('keeps polling after a claim fails', async () => {
    const store = open();
    await seedReminder(store, 'conv-1', T0);
    const { logger, lines } = capturingLogger();
    let claims = 0;
    const flaky = {
      ...store.schedules,
      claimDue: (...args: Parameters<Store['schedules']['claimDue']>) =>
        claims++ === 0 ? Promise.reject(new Error('SQLITE_BUSY')) : store.schedules.claimDue(...args),
    };
    const delivered: string[] = [];
    const s = scheduler({
      store: flaky,
      logger,
      deliver: runnerDeliver(store, delivered, () => T0),
      now: () => T0,
    });

    s.start();
    await until(() => delivered.length === 1);

    expect(
      lines.some((l) => l.level === 50 && (l.err as { message: string }).message === 'SQLITE_BUSY'),
    ).toBe(true);
  });

  it('stop() waits for the delivery in flight and leaves the rest of the batch for later', async () => {
    const store = open();
    await seedReminder(store, 'conv-1', T0 - 2);
    await seedReminder(store, 'conv-2', T0 - 1);
    const gate = deferred();
    const delivered: string[] = [];
    const runner = runnerDeliver(store, delivered, () => T0);
    let inFlight = false;
    const s = scheduler({
      store: store.schedules,
      now: () => T0,
      deliver: async (item) => {
        inFlight = true;
        await gate.promise;
        await runner(item);
      },
    });
    s.start();
    await until(() => inFlight);

    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stoppedBeforeDeliveryFinished = stopped;
    gate.resolve();
    await stopping;

    expect(stoppedBeforeDeliveryFinished).toBe(false);
    expect(delivered).toHaveLength(1);
    expect(await store.schedules.pending('conv-1')).toEqual([]);
    expect(await store.schedules.pending('conv-2')).toHaveLength(1);
    expect(await s.tick()).toBe(0);
  });
});
