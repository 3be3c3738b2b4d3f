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

/**
 * Starts a server process that works in `dir`, waits until it accepts connections on `port` (and `ready`
 * says yes), and gives its stop: `signal`, then the folder removed. Its output is kept for the error
 * message when it exits early.
 */
async function serve(
  what: string,
  command: string,
  args: string[],
  options: {
    dir: string;
    port: number;
    signal: NodeJS.Signals;
    owner?: { uid: number; gid: number };
    cwd?: string;
  },
  ready: () => boolean = () => true,
): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  const log: string[] = [];
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd,
    ...options.owner,
  });
  child.stdout?.on('data', (b: Buffer) => log.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => log.push(b.toString()));
  const stop = async () => {
    await stopChild(child, options.signal);
    fs.rmSync(options.dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${what} exited: ${log.join('').slice(-2000)}`);
        return (await canConnect(options.port)) && ready();
      },
      what,
      30_000,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { child, stop };
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
  const settings = [
    'listen_addresses=127.0.0.1',
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
    'max_connections=200',
  ];
  const { child, stop } = await serve(
    'PostgreSQL',
    path.join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, ...settings.flatMap((setting) => ['-c', setting])],
    // SIGINT: PostgreSQL's fast shutdown (open sessions are ended).
    { dir, port, signal: 'SIGINT', owner },
    // Accepting TCP does not mean accepting sessions yet (recovery on start): ask pg_isready.
    () =>
      spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'])
        .status === 0,
  );
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
  const { stop } = await serve(
    'Azurite',
    process.execPath,
    [
      main,
      ...['--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--silent'],
      ...['--skipApiVersionCheck', '--loose', '--disableTelemetry'],
    ],
    // Run in its own folder: nothing of it lands in the repository.
    { dir, port, signal: 'SIGTERM', cwd: dir },
  );
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
