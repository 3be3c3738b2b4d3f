/**
 * kill -9 at chosen moments, then a restart and Teams' redelivery: every reply arrives exactly once.
 * The bot runs as its own process (`npm start`'s command) and kills itself with SIGKILL at a named
 * moment (src/faults.ts) — inside a turn, right after a job's commit, right after an upload is
 * recorded — so each moment is hit exactly, not by a guessed delay.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { LocalConnector, type RecordedActivity } from '../../tools/connector';
import { diagnosableBundle as bundle, exited, isDiagnosisCard, settled } from './processes';
import {
  isCard,
  startBot,
  startProcess,
  stopProcess,
  tempDataDir,
  testConfig,
  textOf,
  toLogCollection,
  verbsOf,
  readCard,
} from './harness';

const EN_PROBLEM = 'KB5011503 fails to install on two terminals with error 0x80073712';

/**
 * Quick polls; a connector request times out after 2 s, so a message a killed process had claimed (a
 * lease of twice that and 10 s) is claimed again soon; likewise a job it had claimed (JOB_LEASE).
 */
const FAST = { SCHEDULER_POLL: '200ms', CONNECTOR_TIMEOUT: '2s', JOB_LEASE: '5s' };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** What the user saw, comparable between runs: case numbers, links and times vary. */
function seen(records: RecordedActivity[]): string[] {
  return records
    .filter((r) => r.kind !== 'update' && r.activity.type !== 'typing')
    .map((r) =>
      `${isCard(r) ? 'card' : 'text'}: ${textOf(r)}`
        .replace(/CAS-\d{5}-[A-Z0-9]{6}/g, 'CAS-…')
        .replace(/https?:\/\/\S+/g, '<link>')
        .replace(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?/g, '<time>'),
    );
}

interface Run {
  dataDir: string;
  port: number;
  connector: LocalConnector;
  bot?: ChildProcess;
}

async function begin(env: Record<string, string>): Promise<Run> {
  const dataDir = tempDataDir();
  const port = await freePort();
  const { child } = await startProcess(dataDir, { PORT: String(port), ...FAST, ...env });
  const connector = await LocalConnector.start({
    botUrl: `http://127.0.0.1:${port}/api/messages`,
    locale: 'en-US',
  });
  return { dataDir, port, connector, bot: child };
}

/** Waits for the SIGKILL the crash point sends, then starts the bot again on the same port and data. */
async function restart(run: Run): Promise<void> {
  expect(await exited(run.bot!)).toBe('SIGKILL');
  run.bot = (await startProcess(run.dataDir, { PORT: String(run.port), ...FAST })).child;
}

async function end(run: Run): Promise<void> {
  await run.connector.close();
  if (run.bot && run.bot.exitCode === null && run.bot.signalCode === null) await stopProcess(run.bot);
  fs.rmSync(run.dataDir, { recursive: true, force: true });
}

describe('kill -9 inside a turn, restart, redelivery', () => {
  let reference: string[];

  beforeAll(async () => {
    // The same first turn without a crash: what the user must see, once.
    const dataDir = tempDataDir();
    const app = await startBot(testConfig(dataDir));
    const connector = await LocalConnector.start({ botUrl: `${app.url}/api/messages`, locale: 'en-US' });
    try {
      const asked = await connector.sendMessage(EN_PROBLEM);
      await connector.waitFor((r) => isCard(r) && verbsOf(r).includes('problem-definition.confirm'), 10_000, {
        after: asked.seq,
      });
      reference = seen(connector.activities());
    } finally {
      await connector.close();
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    // More than one message: a crash between two of them is a moment of its own.
    expect(reference.length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it.each([
    ['before the commit', 'turn.before-commit'],
    ['right after the commit, before anything is sent', 'turn.after-commit'],
    ['after the first reply was sent', 'outbox.after-mark@1'],
  ])(
    '%s: every reply arrives exactly once',
    async (_label, point) => {
      const run = await begin({ UCB_TEST_CRASH_AT: point });
      try {
        const activity = run.connector.buildActivity('message', { text: EN_PROBLEM });
        // The bot dies inside the turn: the channel gets no answer and will deliver the activity again.
        await run.connector.send(activity).catch(() => undefined);
        await restart(run);

        const again = await run.connector.send(activity);
        expect(again.status).toBe(200);
        await run.connector.waitFor(
          (r) => isCard(r) && verbsOf(r).includes('problem-definition.confirm'),
          20_000,
        );
        const before = run.connector.cursor();
        await settled(run.connector);
        expect(seen(run.connector.activities().filter((r) => r.seq <= before))).toEqual(reference);
      } finally {
        await end(run);
      }
    },
    90_000,
  );
});

describe('kill -9 right after a job commits', () => {
  it('sends the diagnosis once after the restart', async () => {
    const run = await begin({ UCB_TEST_CRASH_AT: 'after-commit:diagnosis.done' });
    try {
      const { uploadPage } = await toLogCollection(run.connector, EN_PROBLEM);
      const before = run.connector.cursor();
      const put = await fetch(`${uploadPage.replace('/upload/', '/api/uploads/')}?name=TERM-0231.zip`, {
        method: 'PUT',
        body: await bundle(),
      });
      expect(put.status).toBe(200);
      // The job diagnoses the bundle, commits its result, and the process dies before sending it.
      await restart(run);

      const card = await run.connector.waitFor(isDiagnosisCard, 30_000, { after: before });
      expect(readCard(card)).toContain('0x80073712');
      await settled(run.connector);
      expect(run.connector.activities().filter((r) => r.seq > before && isDiagnosisCard(r))).toHaveLength(1);
    } finally {
      await end(run);
    }
  }, 120_000);
});

describe('kill -9 right after an upload is recorded', () => {
  it('diagnoses it once the bot is back, and the same bytes sent again are not diagnosed twice', async () => {
    const run = await begin({ UCB_TEST_CRASH_AT: 'upload.after-record' });
    try {
      const { uploadPage } = await toLogCollection(run.connector, EN_PROBLEM);
      const api = `${uploadPage.replace('/upload/', '/api/uploads/')}?name=TERM-0231.zip`;
      const before = run.connector.cursor();
      const zip = await bundle();
      await fetch(api, { method: 'PUT', body: zip }).catch(() => undefined);
      await restart(run);

      // The collector tries again with the same bytes.
      const retry = await fetch(api, { method: 'PUT', body: zip });
      expect(retry.status).toBe(200);
      const card = await run.connector.waitFor(isDiagnosisCard, 30_000, { after: before });
      expect(readCard(card)).toContain('0x80073712');
      await settled(run.connector);
      expect(run.connector.activities().filter((r) => r.seq > before && isDiagnosisCard(r))).toHaveLength(1);
      // And the upload left no partial file behind.
      const caseDirs = fs.readdirSync(path.join(run.dataDir, 'artifacts'));
      for (const dir of caseDirs)
        expect(
          fs.readdirSync(path.join(run.dataDir, 'artifacts', dir)).filter((n) => n.startsWith('.part')),
        ).toEqual([]);
    } finally {
      await end(run);
    }
  }, 120_000);
});
