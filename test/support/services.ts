/**
 * Throw-away servers for the tests that run the stores against the real engines: a PostgreSQL cluster
 * (initdb in a temporary folder, on a free loopback port) and Azurite's Blob service (on loopback, in
 * memory). Started once per jest run by test/support/globalSetup.ts; a missing engine is reported, not
 * skipped: the tests that need it fail with the reason (see `requirePostgres` / `requireAzurite`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RunningService {
  /** Connection: a postgres:// URL, or an Azure Storage connection string. */
  connection: string;
  /** The server's main process (PostgreSQL's postmaster). */
  pid?: number;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the server is started on it at once). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The PostgreSQL server binaries: PG_BIN, else Debian's /usr/lib/postgresql/<newest>/bin, else PATH. */
export function postgresBinDir(): string | undefined {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const versions = fs
      .readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debian, v, 'bin')));
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) candidates.push(path.dirname(which.stdout.trim()));
  return candidates.find(
    (dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres')),
  );
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user Debian creates. */
function runAs(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0)
    throw new Error('running as root and there is no "postgres" user to run the test cluster as');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start within ${timeoutMs} ms`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

/** initdb + postgres on a free loopback port, trust authentication for the `postgres` user, no fsync. */
export async function startPostgres(): Promise<RunningService> {
  const bin = postgresBinDir();
  if (!bin)
    throw new Error(
      'PostgreSQL server binaries not found (initdb, postgres): install them (Debian: apt-get install -y postgresql) or set PG_BIN',
    );
  const owner = runAs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-pg-'));
  const data = path.join(dir, 'data');
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const init = spawnSync(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'],
    { encoding: 'utf8', ...owner },
  );
  if (init.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.stdout || init.error?.message}`);
  }
  const port = await freePort();
  const log: string[] = [];
  const child = spawn(
    path.join(bin, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], ...owner },
  );
  child.stdout?.on('data', (b: Buffer) => log.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => log.push(b.toString()));
  const stop = async () => {
    // SIGINT: PostgreSQL's fast shutdown (open sessions are ended).
    await stopChild(child, 'SIGINT');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`postgres exited: ${log.join('').slice(-2000)}`);
        return canConnect(port);
      },
      'PostgreSQL',
      30_000,
    );
    // Accepting TCP does not mean accepting sessions yet (recovery on start): ask pg_isready.
    await waitFor(
      async () =>
        spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'])
          .status === 0,
      'PostgreSQL sessions',
      30_000,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { connection: `postgres://postgres@127.0.0.1:${port}/postgres`, pid: child.pid, stop };
}

/** Azurite's well-known development account (public, documented by Microsoft; no secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function azuriteConnectionString(port: number): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
    `BlobEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};`
  );
}

/** Azurite's Blob service (from node_modules) on a free loopback port, everything kept in memory. */
export async function startAzurite(): Promise<RunningService> {
  const main = require.resolve('azurite/dist/src/blob/main.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-azurite-'));
  const port = await freePort();
  const log: string[] = [];
  const child = spawn(
    process.execPath,
    [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--inMemoryPersistence',
      '--silent',
      '--skipApiVersionCheck',
      '--loose',
      '--disableTelemetry',
    ],
    // Run in its own folder: nothing of it lands in the repository.
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir },
  );
  child.stdout?.on('data', (b: Buffer) => log.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => log.push(b.toString()));
  const stop = async () => {
    await stopChild(child, 'SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`azurite exited: ${log.join('').slice(-2000)}`);
        return canConnect(port);
      },
      'Azurite',
      30_000,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { connection: azuriteConnectionString(port), stop };
}

/** Environment variables globalSetup leaves for the test workers. */
export const ENV = {
  postgres: 'UCB_TEST_POSTGRES_URL',
  postgresError: 'UCB_TEST_POSTGRES_ERROR',
  azurite: 'UCB_TEST_AZURITE',
  azuriteError: 'UCB_TEST_AZURITE_ERROR',
} as const;

/** The test cluster's URL; throws (failing the test, never skipping it) with why it is not there. */
export function requirePostgres(): string {
  const url = process.env[ENV.postgres];
  if (url) return url;
  throw new Error(
    `PostgreSQL is needed by this test and was not started: ${process.env[ENV.postgresError] ?? 'jest ran without test/support/globalSetup.ts'}`,
  );
}

export function requireAzurite(): string {
  const connection = process.env[ENV.azurite];
  if (connection) return connection;
  throw new Error(
    `Azurite is needed by this test and was not started: ${process.env[ENV.azuriteError] ?? 'jest ran without test/support/globalSetup.ts'}`,
  );
}
