/** Benchmark: conversation turns of the real bot against an echo bot on the same stack (restify 11 +
 * botbuilder CloudAdapter, bench/echoBot.ts), driven over real HTTP by the LocalConnector that plays Teams.
 * Each simulated user sends a message, waits for the bot's answer, then sends the next one. Prints latency
 * percentiles, throughput, CPU per turn and RSS for both bots and the ratios; writes bench/out/turns.json.
 * Usage: npm run bench:turns -- [--conversations 20] [--turns 10] [--warmup 3] [--rounds 3] [--tsx] [--profile]
 *   --tsx: run the bots under tsx (as `npm start` does) instead of plain node on an esbuild bundle.
 *   --profile: write a CPU profile of each bot's measured turns to bench/out/profiles/<bot>-round<n>.cpuprofile.
 *
 * How it measures, and why:
 *  - Each bot runs in its own child process (fresh data dir, fresh process per round, echo then ours in every
 *    round), so its RSS and CPU time are its own and the driver (the connectors, this process) never counts
 *    against either bot. In-process, the connectors' buffers and the other bot's heap would blur the RSS
 *    numbers, and the driver's CPU would be charged to the bot. Both children run the same runtime: plain
 *    node on an esbuild bundle of this file (`--tsx`: under tsx, which is what `npm start` runs; its loader
 *    adds the same few tens of MB to both). A bot's modules are required only after the child has
 *    read its bare RSS, so the echo child never loads SQLite, xstate or the cards.
 *  - Memory: the child samples `process.memoryUsage.rss()` every 20 ms from before the bot's modules load
 *    (base) to the end of the run; reported are base, idle (bot started, no turn yet), peak (sampled) and
 *    growth = peak - base, plus the kernel's maxRSS as a cross-check for spikes between samples.
 *  - Latency: from the moment the driver starts POSTing a message to the moment the connector records the
 *    bot's first non-typing activity for that conversation (an `activity` event, timed with
 *    performance.now(), in the driver). Also recorded: first activity of any kind (typing included) and
 *    the POST's answer (the turn is over). Warm-up turns (other conversations, same connectors) come
 *    first and are not measured; CPU and throughput are taken over the measured window only.
 *  - Closed loop: N users each waiting for their answer. Once the bot is saturated, latency is queueing
 *    (about N / throughput); `--conversations 1` shows the unloaded per-turn latency.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalConnector, type ChannelAccount, type RecordedActivity } from '../tools/connector';
import type * as EchoBotModule from './echoBot';
import type * as AppModule from '../src/app';
import type * as ConfigModule from '../src/config';
import type * as LogModule from '../src/log';

const OUT = path.join(__dirname, 'out');
const MB = 1024 * 1024;
const SAMPLE_MS = 20;
const REQUEST_TIMEOUT_MS = 120_000;

type BotKind = 'echo' | 'ours';
const BOTS: BotKind[] = ['echo', 'ours'];

/** The first message of a case (it opens a case and answers with the problem-definition card), then
 * messages that get an answer in any state of the case: help, summary, a correction of the problem. */
const PROBLEM = 'KB5011503 在两台终端上安装失败，报错 0x80073712';
const FOLLOW_UPS = ['帮助', '总结', '其实是三台终端', 'help', '进度'];

function script(turns: number): string[] {
  return Array.from({ length: turns }, (_, i) =>
    i === 0 ? PROBLEM : FOLLOW_UPS[(i - 1) % FOLLOW_UPS.length],
  );
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function intArg(name: string, fallback: number, min: number): number {
  const raw = arg(name);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min} (got ${raw})`);
  return n;
}

// ---------------------------------------------------------------------------------------------------------
// Child: one bot, its memory and CPU
// ---------------------------------------------------------------------------------------------------------

type ToChild = { type: 'mark' } | { type: 'stop' };
type FromChild =
  | { type: 'ready'; url: string; baseRss: number; idleRss: number }
  | { type: 'marked'; rss: number }
  | { type: 'stats'; stats: ChildStats };

interface ChildStats {
  baseRss: number;
  idleRss: number;
  /** Sampled peak over the whole run (warm-up and measured turns). */
  peakRss: number;
  /** Sampled peak over the measured turns only. */
  peakRssMeasured: number;
  /** The kernel's peak resident set size of the process (bytes). */
  maxRss: number;
  rssAtEnd: number;
  heapUsedAtEnd: number;
  /** CPU time (user + system) over the measured window, microseconds. */
  cpuUserUs: number;
  cpuSystemUs: number;
  /** Modules loaded from node_modules (fairness check: the echo bot must not load ours). */
  nodeModulesLoaded: number;
  sqliteLoaded: boolean;
}

async function child(kind: BotKind, dataDir: string, profileFile: string | undefined): Promise<void> {
  const rss = (): number => process.memoryUsage.rss();
  const baseRss = rss();
  let peakRss = baseRss;
  let peakRssMeasured = 0;
  const sampler = setInterval(() => {
    const r = rss();
    if (r > peakRss) peakRss = r;
    if (r > peakRssMeasured) peakRssMeasured = r;
  }, SAMPLE_MS);

  let bot: { url: string; close(): Promise<void> };
  // Loaded only now (require, not a static import), so the base RSS above is bare node plus this file.
  if (kind === 'echo') {
    const { startEchoBot } = require('./echoBot') as typeof EchoBotModule;
    bot = await startEchoBot(dataDir);
  } else {
    const { startApp } = require('../src/app') as typeof AppModule;
    const { loadConfig } = require('../src/config') as typeof ConfigModule;
    const { silentLogger } = require('../src/log') as typeof LogModule;
    // As the e2e harness starts it (test/e2e/harness.ts), with the default scheduler poll of `npm start`.
    const app = await startApp(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), {
      logger: silentLogger,
    });
    bot = { url: app.url, close: () => app.close() };
  }
  const idleRss = rss();
  const send = (message: FromChild): void => void process.send?.(message);
  send({ type: 'ready', url: bot.url, baseRss, idleRss });

  // --profile: a CPU profile of the measured turns only (not start-up, not warm-up), via the inspector.
  const profiler = profileFile ? new inspector.Session() : undefined;
  const post = (method: string): Promise<unknown> =>
    new Promise((resolve, reject) =>
      profiler!.post(method, (err: Error | null, result?: unknown) => (err ? reject(err) : resolve(result))),
    );
  if (profiler) {
    profiler.connect();
    await post('Profiler.enable');
  }

  let cpuMark = process.cpuUsage();
  process.on('message', async (message: ToChild) => {
    if (message.type === 'mark') {
      if (profiler) await post('Profiler.start');
      cpuMark = process.cpuUsage();
      peakRssMeasured = rss();
      send({ type: 'marked', rss: peakRssMeasured });
      return;
    }
    const cpu = process.cpuUsage(cpuMark);
    if (profiler && profileFile) {
      const { profile } = (await post('Profiler.stop')) as { profile: object };
      fs.mkdirSync(path.dirname(profileFile), { recursive: true });
      fs.writeFileSync(profileFile, JSON.stringify(profile));
      profiler.disconnect();
    }
    clearInterval(sampler);
    const r = rss();
    const loaded = Object.keys(require.cache).filter((k) => k.includes(`${path.sep}node_modules${path.sep}`));
    send({
      type: 'stats',
      stats: {
        baseRss,
        idleRss,
        peakRss: Math.max(peakRss, r),
        peakRssMeasured: Math.max(peakRssMeasured, r),
        maxRss: process.resourceUsage().maxRSS * 1024,
        rssAtEnd: r,
        heapUsedAtEnd: process.memoryUsage().heapUsed,
        cpuUserUs: cpu.user,
        cpuSystemUs: cpu.system,
        nodeModulesLoaded: loaded.length,
        sqliteLoaded: loaded.some((k) => k.includes('better-sqlite3')),
      },
    });
    void bot.close().finally(() => process.exit(0));
  });
}

// ---------------------------------------------------------------------------------------------------------
// Driver: simulated users over the LocalConnector
// ---------------------------------------------------------------------------------------------------------

interface TurnSample {
  text: string;
  /** Send -> first non-typing activity (the answer the user reads). */
  answerMs: number;
  /** Send -> first activity of any kind (a typing indicator counts). */
  firstMs: number;
  /** Send -> the bot's HTTP answer to the POST (the turn is over). */
  turnMs: number;
  activities: number;
}

interface Problems {
  noAnswer: number;
  badStatus: number;
}

/** One user's conversation: each message waits for the previous turn to be answered and finished. */
async function converse(
  connector: LocalConnector,
  conversationId: string,
  user: ChannelAccount,
  texts: string[],
  samples: TurnSample[] | undefined,
  problems: Problems,
): Promise<void> {
  for (const text of texts) {
    const after = connector.cursor();
    let first: number | undefined;
    let answer: number | undefined;
    let activities = 0;
    // The connector records the bot's activity (and emits this event) while answering the bot's POST,
    // i.e. the moment the reply reaches "Teams"; every reply of a turn arrives before the turn's POST ends.
    const onActivity = (record: RecordedActivity): void => {
      if (record.seq <= after || record.conversationId !== conversationId) return;
      const now = performance.now();
      activities++;
      first ??= now;
      if (record.activity.type !== 'typing') answer ??= now;
    };
    connector.on('activity', onActivity);
    const t0 = performance.now();
    let status: number;
    try {
      status = (await connector.sendMessage(text, { conversationId, user })).status;
    } finally {
      connector.off('activity', onActivity);
    }
    const done = performance.now();
    if (status < 200 || status > 299) problems.badStatus++;
    if (answer === undefined || first === undefined) {
      problems.noAnswer++;
      continue;
    }
    samples?.push({ text, answerMs: answer - t0, firstMs: first - t0, turnMs: done - t0, activities });
  }
}

interface ChildCommand {
  script: string;
  execArgv: string[];
  runtime: string;
}

async function childCommand(useTsx: boolean): Promise<ChildCommand> {
  // Under tsx, fork() inherits tsx's loader flags from process.execArgv.
  const tsx = { script: __filename, execArgv: process.execArgv, runtime: 'tsx' };
  if (useTsx) return tsx;
  try {
    const esbuild = await import('esbuild');
    const outfile = path.join(OUT, 'turns.bench.cjs');
    fs.mkdirSync(OUT, { recursive: true });
    // node_modules stay external (better-sqlite3's native binding, botbuilder as installed); the bundle sits
    // two levels below the repo like src/<dir>/*.ts, so cards/ and knowledge/ resolve as they do from src.
    esbuild.buildSync({
      entryPoints: [__filename],
      bundle: true,
      packages: 'external',
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile,
      logLevel: 'error',
    });
    return { script: outfile, execArgv: [], runtime: `node ${process.version} (esbuild bundle)` };
  } catch {
    return tsx;
  }
}

function nextMessage<T extends FromChild['type']>(
  cp: ChildProcess,
  type: T,
  timeoutMs = 60_000,
): Promise<Extract<FromChild, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`bot child sent no ${type} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (message: FromChild): void => {
      if (message.type === type) done(undefined, message as Extract<FromChild, { type: T }>);
    };
    const onExit = (code: number | null): void =>
      done(new Error(`bot child exited with ${code} before ${type}`));
    function done(error?: Error, message?: Extract<FromChild, { type: T }>): void {
      clearTimeout(timer);
      cp.off('message', onMessage);
      cp.off('exit', onExit);
      if (error) reject(error);
      else resolve(message!);
    }
    cp.on('message', onMessage);
    cp.once('exit', onExit);
  });
}

interface BotRun {
  bot: BotKind;
  round: number;
  wallSeconds: number;
  turns: number;
  samples: TurnSample[];
  problems: Problems;
  stats: ChildStats;
}

interface Options {
  conversations: number;
  turns: number;
  warmup: number;
  rounds: number;
  profile: boolean;
}

async function runBot(kind: BotKind, round: number, opts: Options, cmd: ChildCommand): Promise<BotRun> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `ucb-bench-${kind}-`));
  // restify 11 reads process.binding('http_parser') at load: silence that deprecation warning in both bots.
  const args = ['--child', kind, '--data-dir', dataDir];
  // Both bots are profiled alike, so the ratios keep their meaning (the absolute numbers do not).
  if (opts.profile) args.push('--profile', path.join(OUT, 'profiles', `${kind}-round${round}.cpuprofile`));
  const cp = fork(cmd.script, args, {
    execArgv: [...cmd.execArgv, '--no-deprecation'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const connectors: LocalConnector[] = [];
  try {
    const ready = await nextMessage(cp, 'ready');
    for (let i = 0; i < opts.conversations; i++) {
      connectors.push(
        await LocalConnector.start({
          botUrl: `${ready.url}/api/messages`,
          locale: 'zh-CN',
          requestTimeoutMs: REQUEST_TIMEOUT_MS,
        }),
      );
    }
    const user = (tag: string, i: number): ChannelAccount => ({
      id: `29:bench-${tag}-${i}`,
      name: `Bench User ${tag} ${i}`,
      aadObjectId: `00000000-0000-0000-${tag === 'warm' ? '0001' : '0002'}-${String(i).padStart(12, '0')}`,
    });
    const problems: Problems = { noAnswer: 0, badStatus: 0 };

    // Warm-up: the same connectors, other conversations and users; not measured.
    if (opts.warmup > 0) {
      await Promise.all(
        connectors.map((c, i) =>
          converse(
            c,
            LocalConnector.newConversationId(),
            user('warm', i),
            script(opts.warmup),
            undefined,
            problems,
          ),
        ),
      );
    }
    cp.send({ type: 'mark' } satisfies ToChild);
    await nextMessage(cp, 'marked');

    const samples: TurnSample[] = [];
    const t0 = performance.now();
    await Promise.all(
      connectors.map((c, i) =>
        converse(
          c,
          LocalConnector.newConversationId(),
          user('run', i),
          script(opts.turns),
          samples,
          problems,
        ),
      ),
    );
    const wallSeconds = (performance.now() - t0) / 1000;

    const statsMessage = nextMessage(cp, 'stats');
    cp.send({ type: 'stop' } satisfies ToChild);
    const { stats } = await statsMessage;
    await new Promise<void>((resolve) =>
      cp.exitCode !== null ? resolve() : cp.once('exit', () => resolve()),
    );
    return { bot: kind, round, wallSeconds, turns: samples.length, samples, problems, stats };
  } finally {
    await Promise.all(connectors.map((c) => c.close()));
    if (cp.exitCode === null && cp.signalCode === null) cp.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------------------

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

function median(xs: number[]): number {
  return percentile(xs, 50);
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const mb = (bytes: number): number => round2(bytes / MB);

function summarize(runs: BotRun[]) {
  const samples = runs.flatMap((r) => r.samples);
  const turns = samples.length;
  const wall = runs.reduce((s, r) => s + r.wallSeconds, 0);
  const cpuUs = runs.reduce((s, r) => s + r.stats.cpuUserUs + r.stats.cpuSystemUs, 0);
  const lat = (key: 'answerMs' | 'firstMs' | 'turnMs') => {
    const xs = samples.map((s) => s[key]);
    return {
      p50: round2(percentile(xs, 50)),
      p95: round2(percentile(xs, 95)),
      p99: round2(percentile(xs, 99)),
      max: round2(Math.max(...xs)),
    };
  };
  const byMessage: Record<
    string,
    { n: number; answerP50Ms: number; answerP95Ms: number; activities: number }
  > = {};
  for (const text of new Set(samples.map((s) => s.text))) {
    const these = samples.filter((s) => s.text === text);
    byMessage[text] = {
      n: these.length,
      answerP50Ms: round2(
        percentile(
          these.map((s) => s.answerMs),
          50,
        ),
      ),
      answerP95Ms: round2(
        percentile(
          these.map((s) => s.answerMs),
          95,
        ),
      ),
      activities: round2(these.reduce((s, x) => s + x.activities, 0) / these.length),
    };
  }
  const stat = (f: (s: ChildStats) => number): number => mb(median(runs.map((r) => f(r.stats))));
  return {
    rounds: runs.length,
    turns,
    wallSeconds: round2(wall),
    turnsPerSecond: round2(turns / wall),
    turnsPerSecondByRound: runs.map((r) => round2(r.turns / r.wallSeconds)),
    answerLatencyMs: lat('answerMs'),
    firstActivityLatencyMs: lat('firstMs'),
    turnLatencyMs: lat('turnMs'),
    cpuMsPerTurn: round2(cpuUs / 1000 / turns),
    cpuUtilisation: round2(cpuUs / 1e6 / wall),
    activitiesPerTurn: round2(samples.reduce((s, x) => s + x.activities, 0) / turns),
    // Memory: medians over rounds (each round is a fresh process).
    rssBaseMb: stat((s) => s.baseRss),
    rssIdleMb: stat((s) => s.idleRss),
    rssPeakMb: stat((s) => s.peakRss),
    rssPeakMeasuredMb: stat((s) => s.peakRssMeasured),
    rssGrowthMb: stat((s) => s.peakRss - s.baseRss),
    rssUnderLoadMb: stat((s) => s.peakRss - s.idleRss),
    maxRssKernelMb: stat((s) => s.maxRss),
    heapUsedAtEndMb: stat((s) => s.heapUsedAtEnd),
    nodeModulesLoaded: runs[0].stats.nodeModulesLoaded,
    sqliteLoaded: runs[0].stats.sqliteLoaded,
    problems: {
      noAnswer: runs.reduce((s, r) => s + r.problems.noAnswer, 0),
      badStatus: runs.reduce((s, r) => s + r.problems.badStatus, 0),
    },
    byMessage,
  };
}

async function main(): Promise<void> {
  if (process.argv.includes('--child')) {
    return child(arg('--child') as BotKind, arg('--data-dir')!, arg('--profile'));
  }
  const opts: Options = {
    conversations: intArg('--conversations', 20, 1),
    turns: intArg('--turns', 10, 1),
    warmup: intArg('--warmup', 3, 0),
    rounds: intArg('--rounds', 3, 1),
    profile: process.argv.includes('--profile'),
  };
  const cmd = await childCommand(process.argv.includes('--tsx'));
  const loadBefore = os.loadavg();
  const runs: BotRun[] = [];
  for (let round = 1; round <= opts.rounds; round++) {
    for (const bot of BOTS) {
      const run = await runBot(bot, round, opts, cmd);
      runs.push(run);
      process.stdout.write(
        `  round ${round} ${bot.padEnd(4)}  ${(run.turns / run.wallSeconds).toFixed(1).padStart(7)} turns/s` +
          `  answer p50 ${percentile(
            run.samples.map((s) => s.answerMs),
            50,
          ).toFixed(1)} ms  peak RSS ${(run.stats.peakRss / MB).toFixed(0)} MB\n`,
      );
    }
  }
  const echo = summarize(runs.filter((r) => r.bot === 'echo'));
  const ours = summarize(runs.filter((r) => r.bot === 'ours'));
  const ratio = (a: number, b: number): number => round2(a / b);
  const ratios = {
    answerP50OursToEcho: ratio(ours.answerLatencyMs.p50, echo.answerLatencyMs.p50),
    answerP95OursToEcho: ratio(ours.answerLatencyMs.p95, echo.answerLatencyMs.p95),
    answerP99OursToEcho: ratio(ours.answerLatencyMs.p99, echo.answerLatencyMs.p99),
    throughputEchoToOurs: ratio(echo.turnsPerSecond, ours.turnsPerSecond),
    cpuPerTurnOursToEcho: ratio(ours.cpuMsPerTurn, echo.cpuMsPerTurn),
    rssPeakOursToEcho: ratio(ours.rssPeakMb, echo.rssPeakMb),
    rssGrowthOursToEcho: ratio(ours.rssGrowthMb, echo.rssGrowthMb),
  };
  const cpus = os.cpus();
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      totalMemMb: Math.round(os.totalmem() / MB),
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      node: process.version,
      loadAvgBefore: loadBefore.map(round2),
      loadAvgAfter: os.loadavg().map(round2),
    },
    runtime: cmd.runtime,
    options: { ...opts, firstMessage: PROBLEM, followUps: FOLLOW_UPS },
    echo,
    ours,
    ratios,
    runs: runs.map((r) => ({
      bot: r.bot,
      round: r.round,
      turns: r.turns,
      wallSeconds: round2(r.wallSeconds),
      turnsPerSecond: round2(r.turns / r.wallSeconds),
      answerP50Ms: round2(
        percentile(
          r.samples.map((s) => s.answerMs),
          50,
        ),
      ),
      answerP95Ms: round2(
        percentile(
          r.samples.map((s) => s.answerMs),
          95,
        ),
      ),
      cpuMsPerTurn: round2((r.stats.cpuUserUs + r.stats.cpuSystemUs) / 1000 / r.turns),
      rssBaseMb: mb(r.stats.baseRss),
      rssIdleMb: mb(r.stats.idleRss),
      rssPeakMb: mb(r.stats.peakRss),
      maxRssKernelMb: mb(r.stats.maxRss),
      problems: r.problems,
    })),
  };
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'turns.json'), JSON.stringify(result, null, 2) + '\n');

  const n = (x: number, d = 1): string => x.toFixed(d).padStart(9);
  const x = (r: number, what: string): string => `${r.toFixed(2).padStart(8)}x ${what}`;
  const row = (label: string, e: number, o: number, r = '', d = 1): string =>
    `${label.padEnd(26)}${n(e, d)}${n(o, d)}${r ? '  ' + r : ''}`;
  const lines = [
    `turns bench: ${opts.conversations} conversations x ${opts.turns} turns (+${opts.warmup} warm-up) x ${opts.rounds} round(s)`,
    `machine      ${cpus.length} x ${result.machine.cpuModel}, node ${process.version}, load ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
    `bots         child processes, ${cmd.runtime}`,
    '',
    `${''.padEnd(26)}${'echo'.padStart(9)}${'ours'.padStart(9)}  ratio`,
    row(
      'answer latency p50 ms',
      echo.answerLatencyMs.p50,
      ours.answerLatencyMs.p50,
      x(ratios.answerP50OursToEcho, 'ours/echo'),
    ),
    row(
      'answer latency p95 ms',
      echo.answerLatencyMs.p95,
      ours.answerLatencyMs.p95,
      x(ratios.answerP95OursToEcho, 'ours/echo'),
    ),
    row(
      'answer latency p99 ms',
      echo.answerLatencyMs.p99,
      ours.answerLatencyMs.p99,
      x(ratios.answerP99OursToEcho, 'ours/echo'),
    ),
    row('turn (POST done) p50 ms', echo.turnLatencyMs.p50, ours.turnLatencyMs.p50),
    row(
      'throughput turns/s',
      echo.turnsPerSecond,
      ours.turnsPerSecond,
      x(ratios.throughputEchoToOurs, 'echo/ours'),
    ),
    row(
      'CPU ms per turn',
      echo.cpuMsPerTurn,
      ours.cpuMsPerTurn,
      x(ratios.cpuPerTurnOursToEcho, 'ours/echo'),
      2,
    ),
    row('activities per turn', echo.activitiesPerTurn, ours.activitiesPerTurn, '', 2),
    row('RSS base MB (bare node)', echo.rssBaseMb, ours.rssBaseMb),
    row('RSS idle MB (bot started)', echo.rssIdleMb, ours.rssIdleMb),
    row('RSS peak MB', echo.rssPeakMb, ours.rssPeakMb, x(ratios.rssPeakOursToEcho, 'ours/echo')),
    row(
      'RSS growth MB (peak-base)',
      echo.rssGrowthMb,
      ours.rssGrowthMb,
      x(ratios.rssGrowthOursToEcho, 'ours/echo'),
    ),
    row('maxRSS (kernel) MB', echo.maxRssKernelMb, ours.maxRssKernelMb),
    '',
    `ours by message (answer p50 / p95 ms, activities): ${Object.entries(ours.byMessage)
      .map(
        ([t, m]) =>
          `${t.length > 12 ? t.slice(0, 12) + '…' : t} ${m.answerP50Ms.toFixed(0)}/${m.answerP95Ms.toFixed(0)} (${m.activities})`,
      )
      .join('; ')}`,
  ];
  for (const [name, s] of [
    ['echo', echo],
    ['ours', ours],
  ] as const) {
    if (s.problems.noAnswer || s.problems.badStatus) {
      lines.push(
        `WARNING ${name}: ${s.problems.noAnswer} turns without an answer, ${s.problems.badStatus} non-2xx POSTs`,
      );
    }
  }
  if (opts.profile) {
    lines.push(
      'PROFILED     both bots ran under the CPU profiler: absolute numbers are inflated; see bench/out/profiles/',
    );
  }
  if (echo.sqliteLoaded) lines.push('WARNING echo child loaded better-sqlite3: the baseline is not clean');
  lines.push('written      bench/out/turns.json');
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
