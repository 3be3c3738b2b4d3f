/**
 * Benchmark: how far the bot scales out. In one command, under the same load, it runs
 *   - SQLite, one instance (the default deployment),
 *   - PostgreSQL + Azure Blob (Azurite), one instance,
 *   - PostgreSQL + Azure Blob, two instances,
 * each instance its own process, always behind the same round-robin balancer (test/e2e/balancer.ts), so
 * the proxy costs every configuration alike. PostgreSQL and Azurite are throw-away servers on loopback,
 * started as the tests start them (test/support/services.ts); each configuration gets a fresh database.
 * Simulated users (the LocalConnector over real HTTP) each send a Chinese problem statement and then
 * follow-ups, waiting for each answer (closed loop). Reported per configuration: turns/s, answer latency
 * p50 / p99, the instances' CPU per turn, and how busy the machine's cores were (the limit: CPU or not).
 * Usage: npm run bench:scale -- [--conversations 24] [--turns 8] [--warmup 2] [--rounds 2]
 * Results: bench/out/scale.json.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { LocalConnector } from '../tools/connector';
import type * as AppModule from '../src/app';
import type * as ConfigModule from '../src/config';
import type * as LogModule from '../src/log';
import { Balancer } from '../test/e2e/balancer';
import { freshPostgresDatabase } from '../test/support/postgres';
import { startAzurite, startPostgres, type RunningService } from '../test/support/services';

const OUT = path.join(__dirname, 'out');
const SCRIPT = [
  'KB5034441 在三台终端上安装失败，错误 0x80070643，都是 LTSC 2019',
  '帮助',
  '总结',
  '其实是四台终端',
  'help',
  '进度',
];
const SIGNING_KEY = 'ef'.repeat(32);
const ANSWER_TIMEOUT_MS = 30_000;

function intArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const n = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}

// ---------------------------------------------------------------------------------------------------------
// Child: one bot instance, configured by its environment
// ---------------------------------------------------------------------------------------------------------

type FromChild = { type: 'ready'; url: string } | { type: 'cpu'; us: number };

async function instance(): Promise<void> {
  // Loaded here, not at the top: the driver process never loads the bot.
  const { startApp } = require('../src/app') as typeof AppModule;
  const { loadConfig } = require('../src/config') as typeof ConfigModule;
  const { silentLogger } = require('../src/log') as typeof LogModule;
  const app = await startApp(loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'silent' }), {
    logger: silentLogger,
  });
  let mark = process.cpuUsage();
  const send = (m: FromChild) => void process.send?.(m);
  process.on('message', (message: { type: 'mark' | 'stop' }) => {
    if (message.type === 'mark') {
      mark = process.cpuUsage();
      return;
    }
    const cpu = process.cpuUsage(mark);
    send({ type: 'cpu', us: cpu.user + cpu.system });
    void app.close().finally(() => process.exit(0));
  });
  send({ type: 'ready', url: app.url });
}

function nextMessage<T extends FromChild['type']>(
  cp: ChildProcess,
  type: T,
): Promise<Extract<FromChild, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromChild) => {
      if (m.type !== type) return;
      cp.off('exit', onExit);
      cp.off('message', onMessage);
      resolve(m as Extract<FromChild, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`instance exited with ${code} before ${type}`));
    cp.on('message', onMessage);
    cp.once('exit', onExit);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------------------------------------

interface Setup {
  name: string;
  instances: number;
  env(): Promise<Record<string, string>>;
}

interface Result {
  name: string;
  instances: number;
  turns: number;
  failed: number;
  wallSeconds: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerTurn: number;
  /** PostgreSQL's CPU per turn (server processes), ms; NaN for SQLite (inside the instance's own CPU). */
  dbCpuMsPerTurn: number;
  /** Share of all the machine's cores busy during the measured turns (every process, not only ours). */
  machineBusy: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * CPU seconds a process tree has used, from /proc (Linux): the process, its children still running, and
 * those that ended (cutime/cstime) — for PostgreSQL, the postmaster and its backends.
 */
function treeCpuSeconds(pid: number | undefined): number {
  if (pid === undefined || !fs.existsSync(`/proc/${pid}/stat`)) return NaN;
  const fields = (p: number | string): number[] => {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      return stat
        .slice(stat.lastIndexOf(')') + 2)
        .split(' ')
        .map(Number);
    } catch {
      return [];
    }
  };
  // After "(comm) ": state, ppid, ... utime is field 14 of the line, i.e. index 11 here.
  const own = fields(pid);
  let ticks = own[11] + own[12] + own[13] + own[14];
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    const f = fields(entry);
    if (f[1] === pid) ticks += f[11] + f[12];
  }
  return ticks / 100; // USER_HZ
}

function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}

/** One user: each message waits for its answer (the first activity that is not typing) and its POST. */
async function converse(
  connector: LocalConnector,
  conversationId: string,
  texts: string[],
  latencies: number[] | undefined,
): Promise<number> {
  let failed = 0;
  for (const text of texts) {
    const after = connector.cursor();
    const t0 = performance.now();
    // The answer may come after the POST's response: with two instances, the other one's deliverer can
    // send it (it claims any due message), so the wait is for the answer itself, not for the POST.
    const answered = connector
      .waitFor(
        (r) => r.seq > after && r.conversationId === conversationId && r.activity.type !== 'typing',
        ANSWER_TIMEOUT_MS,
      )
      .then(() => performance.now())
      .catch(() => undefined);
    try {
      const { status } = await connector.sendMessage(text, {
        conversationId,
        user: { id: `user-${conversationId}`, name: '张工' },
      });
      if (status !== 200) failed++;
    } catch {
      failed++;
    }
    const answer = await answered;
    if (answer === undefined) failed++;
    else latencies?.push(answer - t0);
  }
  return failed;
}

async function run(
  setup: Setup,
  opts: { conversations: number; turns: number; warmup: number },
  dbPid: number | undefined,
): Promise<Result> {
  const env = await setup.env();
  const dataDirs: string[] = [];
  const children: ChildProcess[] = [];
  const balancer = await Balancer.start();
  const connectors = await Promise.all(
    Array.from({ length: 4 }, () =>
      LocalConnector.start({ botUrl: `${balancer.url}/api/messages`, locale: 'zh-CN' }),
    ),
  );
  try {
    for (let i = 0; i < setup.instances; i++) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-scale-'));
      dataDirs.push(dataDir);
      const cp = fork(__filename, ['--instance'], {
        execArgv: [...process.execArgv, '--no-deprecation'],
        env: { ...process.env, DATA_DIR: dataDir, PUBLIC_URL: balancer.url, ...env },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(cp);
      balancer.targets.push((await nextMessage(cp, 'ready')).url);
    }
    const texts = Array.from({ length: opts.turns }, (_, i) => SCRIPT[i % SCRIPT.length]);
    const tag = randomBytes(3).toString('hex');
    // Warm-up: other conversations, same connectors and instances; not measured.
    await Promise.all(
      connectors.map((c, i) => converse(c, `warm-${tag}-${i}`, texts.slice(0, opts.warmup), undefined)),
    );
    for (const cp of children) cp.send({ type: 'mark' });
    const latencies: number[] = [];
    const before = machineTimes();
    const dbBefore = treeCpuSeconds(dbPid);
    const t0 = performance.now();
    const failures = await Promise.all(
      Array.from({ length: opts.conversations }, (_, i) =>
        converse(connectors[i % connectors.length], `bench-${tag}-${i}`, texts, latencies),
      ),
    );
    const wallSeconds = (performance.now() - t0) / 1000;
    const after = machineTimes();
    const dbSeconds = treeCpuSeconds(dbPid) - dbBefore;
    const cpuUs = await Promise.all(
      children.map((cp) => {
        const cpu = nextMessage(cp, 'cpu');
        cp.send({ type: 'stop' });
        return cpu.then((m) => m.us);
      }),
    );
    await Promise.all(
      children.map((cp) => new Promise((r) => (cp.exitCode === null ? cp.once('exit', r) : r(null)))),
    );
    const sorted = [...latencies].sort((a, b) => a - b);
    const turns = latencies.length;
    return {
      name: setup.name,
      instances: setup.instances,
      turns,
      failed: failures.reduce((a, b) => a + b, 0),
      wallSeconds,
      turnsPerSecond: turns / wallSeconds,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      cpuMsPerTurn: cpuUs.reduce((a, b) => a + b, 0) / 1000 / Math.max(1, turns),
      dbCpuMsPerTurn: setup.name.startsWith('PostgreSQL') ? (1000 * dbSeconds) / Math.max(1, turns) : NaN,
      machineBusy: (after.busy - before.busy) / Math.max(1, after.total - before.total),
    };
  } finally {
    for (const cp of children) if (cp.exitCode === null) cp.kill('SIGKILL');
    await Promise.all(connectors.map((c) => c.close()));
    await balancer.close();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const opts = {
    conversations: intArg('--conversations', 24),
    turns: intArg('--turns', 8),
    warmup: intArg('--warmup', 2),
    rounds: intArg('--rounds', 2),
  };
  const services: RunningService[] = [];
  try {
    const [postgres, azurite] = await Promise.all([startPostgres(), startAzurite()]);
    services.push(postgres, azurite);
    const shared = async (): Promise<Record<string, string>> => ({
      STORE: 'postgres',
      DATABASE_URL: (await freshPostgresDatabase(postgres.connection, 'bench')).url,
      UPLOAD_SIGNING_KEY: SIGNING_KEY,
      ARTIFACTS: 'azure-blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connection,
      AZURE_STORAGE_CONTAINER: `bench-${randomBytes(4).toString('hex')}`,
    });
    const setups: Setup[] = [
      { name: 'SQLite + folder', instances: 1, env: async () => ({}) },
      { name: 'PostgreSQL + Azure Blob', instances: 1, env: shared },
      { name: 'PostgreSQL + Azure Blob', instances: 2, env: shared },
    ];
    const results: Result[] = [];
    for (let round = 1; round <= opts.rounds; round++)
      for (const setup of setups) {
        const result = await run(setup, opts, postgres.pid);
        results.push(result);
        process.stdout.write(
          `round ${round} ${setup.name} ×${setup.instances}: ${result.turnsPerSecond.toFixed(1)} turns/s, ` +
            `p50 ${result.p50Ms.toFixed(0)} ms, p99 ${result.p99Ms.toFixed(0)} ms, ` +
            `${result.cpuMsPerTurn.toFixed(1)} ms CPU/turn` +
            `${Number.isNaN(result.dbCpuMsPerTurn) ? '' : ` + ${result.dbCpuMsPerTurn.toFixed(1)} ms PostgreSQL`}, machine ${(100 * result.machineBusy).toFixed(0)} % busy` +
            `${result.failed ? `, ${result.failed} FAILED` : ''}\n`,
        );
      }
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(
      path.join(OUT, 'scale.json'),
      JSON.stringify({ cores: os.cpus().length, options: opts, results }, null, 2),
    );
  } finally {
    await Promise.all(services.map((s) => s.stop()));
  }
}

if (process.argv.includes('--instance')) void instance();
else
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
