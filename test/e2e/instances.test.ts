/**
 * Two bot instances behind a load balancer, sharing PostgreSQL and Azure Blob Storage (Azurite), as
 * `STORE=postgres ARTIFACTS=azure-blob` runs in production: a conversation whose activities alternate
 * between the instances, a reminder both could fire, two activities of one conversation at both at once,
 * and a diagnosis job whose instance dies under it.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { BlobServiceClient } from '@azure/storage-blob';
import type { App } from '../../src/app';
import { openPostgresStore } from '../../src/storage/postgres';
import type { CommitResult, Store } from '../../src/storage/ports';
import { LocalConnector } from '../../tools/connector';
import { freshPostgresDatabase, type TestDatabase } from '../support/postgres';
import { requireAzurite, requirePostgres } from '../support/services';
import { Balancer } from './balancer';
import {
  delay,
  isCard,
  readCard,
  startBot,
  startProcess,
  stopProcess,
  tempDataDir,
  testConfig,
  textOf,
  toLogCollection,
  verbsOf,
  putUpload,
} from './harness';
import { diagnosableBundle, exited, isDiagnosisCard, settled } from './processes';

const EN_PROBLEM = 'KB5011503 fails to install on two terminals with error 0x80073712';
const SIGNING_KEY = 'cd'.repeat(32);

interface Cluster {
  balancer: Balancer;
  database: TestDatabase;
  container: string;
  dataDirs: string[];
  apps: App[];
  processes: ChildProcess[];
  connector: LocalConnector;
  /** The environment both instances run with (the same database, container, key and public URL). */
  env: Record<string, string>;
}

let cluster: Cluster | undefined;

/** The balancer, a fresh database and container; instances are added by `addInstance` / `addProcess`. */
async function begin(extra: Record<string, string> = {}): Promise<Cluster> {
  const balancer = await Balancer.start();
  const database = await freshPostgresDatabase(requirePostgres(), 'instances');
  const container = `instances-${randomBytes(6).toString('hex')}`;
  const connector = await LocalConnector.start({ botUrl: `${balancer.url}/api/messages`, locale: 'en-US' });
  cluster = {
    balancer,
    database,
    container,
    dataDirs: [],
    apps: [],
    processes: [],
    connector,
    env: {
      STORE: 'postgres',
      DATABASE_URL: database.url,
      DATABASE_MAX_CONNECTIONS: '5',
      ARTIFACTS: 'azure-blob',
      AZURE_STORAGE_CONNECTION_STRING: requireAzurite(),
      AZURE_STORAGE_CONTAINER: container,
      UPLOAD_SIGNING_KEY: SIGNING_KEY,
      // Upload links point at the balancer, as they would point at the public name of the service.
      PUBLIC_URL: balancer.url,
      ...extra,
    },
  };
  return cluster;
}

/** An instance in this process (its own data folder); `store` replaces its store (to watch or gate it). */
async function addInstance(c: Cluster, store?: (own: Store) => Store): Promise<App> {
  const dataDir = tempDataDir();
  c.dataDirs.push(dataDir);
  const config = testConfig(dataDir, c.env);
  const own = await openPostgresStore({ connectionString: c.env.DATABASE_URL, maxConnections: 5 });
  const app = await startBot(config, { store: store ? store(own) : own });
  c.apps.push(app);
  c.balancer.targets.push(app.url);
  return app;
}

/** An instance as its own process (`npm start`'s command), which a crash point can kill. */
async function addProcess(c: Cluster, env: Record<string, string>): Promise<ChildProcess> {
  const dataDir = tempDataDir();
  c.dataDirs.push(dataDir);
  const { child, url } = await startProcess(dataDir, { ...c.env, ...env });
  c.processes.push(child);
  c.balancer.targets.push(url);
  return child;
}

afterEach(async () => {
  const c = cluster;
  cluster = undefined;
  if (!c) return;
  await c.connector.close();
  for (const child of c.processes)
    if (child.exitCode === null && child.signalCode === null) await stopProcess(child);
  for (const app of c.apps) await app.close();
  await c.balancer.close();
  await c.database.drop();
  await BlobServiceClient.fromConnectionString(requireAzurite())
    .getContainerClient(c.container)
    .deleteIfExists();
  for (const dir of c.dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

it('continues a conversation whose activities alternate between the instances', async () => {
  const c = await begin();
  const [a, b] = [await addInstance(c), await addInstance(c)];

  const { caseNumber, card } = await toLogCollection(c.connector, EN_PROBLEM);
  // One more turn, on the instance that did not run the last one: the case goes on where it was.
  const asked = await c.connector.sendMessage('summary');
  const summary = await c.connector.waitFor(
    (r) => r.kind !== 'update' && textOf(r).includes(caseNumber),
    10_000,
    {
      after: asked.seq,
    },
  );

  // problem, confirm, accept the scope, "summary": served in turn by the two instances.
  expect(c.balancer.served).toEqual([1, 0, 1, 0]);
  expect(textOf(summary)).toContain('0x80073712');
  expect(readCard(card)).toContain(caseNumber);
  const record = await b.store.cases.get(caseNumber);
  expect(record).toMatchObject({ status: expect.any(String), scopeConfirmed: true });
  expect((await a.store.cases.timeline(caseNumber)).length).toBeGreaterThan(0);
  // Every message committed by either instance was sent, once.
  expect(await a.store.outbox.pending()).toEqual([]);
  const texts = c.connector
    .activities()
    .filter((r) => r.kind !== 'update')
    .map((r) => r.id);
  expect(new Set(texts).size).toBe(texts.length);
}, 60_000);

it('fires a reminder once though both instances poll for it', async () => {
  const c = await begin({ FOLLOW_UPS: '800ms,1h,2h,3h' });
  await addInstance(c);
  await addInstance(c);

  const asked = await c.connector.sendMessage(EN_PROBLEM);
  const problemCard = await c.connector.waitFor(
    (r) => isCard(r) && verbsOf(r).includes('problem-definition.confirm'),
    10_000,
    { after: asked.seq },
  );
  const nudge = await c.connector.waitFor((r) => r.kind !== 'update', 10_000, { after: problemCard.seq });
  expect(textOf(nudge).length).toBeGreaterThan(0);
  await delay(1000); // ten polls of each instance's scheduler

  const after = c.connector.activities().filter((r) => r.seq > problemCard.seq && r.kind !== 'update');
  expect(after).toHaveLength(1);
  // Each instance polled: the reminder was there for both to take, and one did.
  expect(c.balancer.targets).toHaveLength(2);
}, 60_000);

it('loses no update when two activities of one conversation reach both instances at once', async () => {
  const c = await begin();
  // Instance 0's first commit after arming waits until instance 1 committed, and instance 1's waits until
  // instance 0 is committing: both turns loaded the same state, and instance 0's commit is the stale one.
  const gate = { armed: false, zeroCommitting: signal(), oneCommitted: signal() };
  const results: CommitResult[] = [];
  const gated =
    (index: 0 | 1) =>
    (own: Store): Store => ({
      ...own,
      close: () => own.close(),
      ping: (options) => own.ping(options),
      conversations: {
        ...own.conversations,
        commit: async (turn) => {
          if (!gate.armed) return own.conversations.commit(turn);
          if (index === 0 && !gate.zeroCommitting.done) {
            gate.zeroCommitting.fire();
            await gate.oneCommitted.wait();
            const result = await own.conversations.commit(turn);
            results.push(result);
            return result;
          }
          if (index === 1 && !gate.oneCommitted.done) {
            await gate.zeroCommitting.wait();
            const result = await own.conversations.commit(turn);
            gate.oneCommitted.fire();
            return result;
          }
          return own.conversations.commit(turn);
        },
      },
    });
  const a = await addInstance(c, gated(0));
  await addInstance(c, gated(1));
  const { caseNumber } = await toLogCollection(c.connector, EN_PROBLEM);
  await settled(c.connector);

  gate.armed = true;
  c.balancer.next(0, 1);
  const sent = await Promise.all([
    c.connector.sendMessage('TERM-0231 also shows 0x80073712 in the event log'),
    c.connector.sendMessage('TERM-0232 fails the same way since this morning'),
  ]);

  expect(sent.map((s) => s.status)).toEqual([200, 200]);
  // Instance 0 lost the race once and ran its turn again on the state instance 1 left.
  expect(results[0]).toEqual({ ok: false, reason: 'conflict' });
  const recent = (await a.store.cases.get(caseNumber))?.details.recentMessages?.map((m) => m.text) ?? [];
  expect(recent).toEqual(
    expect.arrayContaining([
      'TERM-0231 also shows 0x80073712 in the event log',
      'TERM-0232 fails the same way since this morning',
    ]),
  );
}, 60_000);

it('finishes on the other instance a diagnosis job whose instance died under it', async () => {
  const c = await begin({ SCHEDULER_POLL: '200ms', CONNECTOR_TIMEOUT: '2s', JOB_LEASE: '3s' });
  const survivor = await addInstance(c);
  // The survivor serves turns throughout; its jobs loop waits, so that the other instance starts the job.
  await survivor.jobs.stop();
  const doomed = await addProcess(c, { UCB_TEST_CRASH_AT: 'diagnosis.running' });

  const { uploadPage, caseNumber } = await toLogCollection(c.connector, EN_PROBLEM);
  const before = c.connector.cursor();
  const put = await putUpload(uploadPage, 'TERM-0231.zip', await diagnosableBundle());
  expect(put.status).toBe(200);
  // The process claims the job, shows it under way and dies (kill -9) before the diagnosis.
  expect(await exited(doomed)).toBe('SIGKILL');
  const [job] = await survivor.store.schedules.pending(c.connector.conversationId);
  expect(job).toMatchObject({ kind: 'job.diagnose' });
  c.balancer.targets.splice(1, 1);
  survivor.jobs.start();

  const diagnosis = await c.connector.waitFor(isDiagnosisCard, 30_000, { after: before });
  expect(readCard(diagnosis)).toContain('0x80073712');
  await settled(c.connector);
  expect(c.connector.activities().filter((r) => r.seq > before && isDiagnosisCard(r))).toHaveLength(1);
  expect((await survivor.store.schedules.get(job.id))?.done).toBe(true);
  expect((await survivor.store.cases.get(caseNumber))?.details.findings?.length).toBeGreaterThan(0);
}, 120_000);

/** A one-shot signal between the gated stores. */
function signal(): { done: boolean; fire(): void; wait(): Promise<void> } {
  let release!: () => void;
  const fired = new Promise<void>((resolve) => (release = resolve));
  const s = {
    done: false,
    fire() {
      s.done = true;
      release();
    },
    wait: () => fired,
  };
  return s;
}
