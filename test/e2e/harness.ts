/**
 * End-to-end harness: the real app (restify + botbuilder + SQLite, or PostgreSQL + Azurite under
 * E2E_ENGINES=postgres+azure-blob) on a free loopback port, and the local
 * Bot Framework connector that plays Teams. Helpers read cards and press their actions like a user.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { startApp, type App, type AppOptions } from '../../src/app';
import { silentLogger } from '../../src/log';
import { LocalConnector, type RecordedActivity, type SendOptions } from '../../tools/connector';
import { actionData, renderCard } from '../../tools/cardText';
import { freshPostgresDatabase, type TestDatabase } from '../support/postgres';
import { requireAzurite, requirePostgres } from '../support/services';

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-e2e-'));
}

export function testConfig(dataDir: string, env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SCHEDULER_POLL: '100ms', ...env });
}

export async function startBot(config: Config, options: AppOptions = {}): Promise<App> {
  if (process.env.E2E_ENGINES !== 'postgres+azure-blob' || options.store || config.store.kind !== 'sqlite')
    return startApp(config, { logger: silentLogger, ...options });
  return startOnSharedEngines(config, options);
}

/** Per data folder, the database and container its bot uses on the shared engines (a restarted bot on the
 * same folder finds its data again, as an instance restarting on the same servers would). */
const sharedEngines = new Map<string, { database: TestDatabase; env: Record<string, string> }>();
const engineEnvs = new WeakMap<App, Record<string, string>>();

/**
 * The same bot on PostgreSQL and Azure Blob Storage (Azurite), as `STORE=postgres ARTIFACTS=azure-blob`
 * runs: a fresh database and container per data folder, dropped at the end of the test file
 * (`dropSharedEngines`). The suites in test/e2e/engines/ set E2E_ENGINES and run conversation tests again
 * this way.
 */
async function startOnSharedEngines(config: Config, options: AppOptions): Promise<App> {
  let shared = sharedEngines.get(config.dataDir);
  if (!shared) {
    const database = await freshPostgresDatabase(requirePostgres(), 'e2e');
    const env = {
      STORE: 'postgres',
      DATABASE_URL: database.url,
      ARTIFACTS: 'azure-blob',
      AZURE_STORAGE_CONNECTION_STRING: requireAzurite(),
      AZURE_STORAGE_CONTAINER: `e2e-${randomBytes(6).toString('hex')}`,
      UPLOAD_SIGNING_KEY: randomBytes(32).toString('hex'),
    };
    shared = { database, env };
    sharedEngines.set(config.dataDir, shared);
  }
  const onEngines = loadConfig({ ...shared.env, DATA_DIR: config.dataDir });
  const app = await startApp(
    {
      ...config,
      store: onEngines.store,
      artifacts: onEngines.artifacts,
      uploadSigningKey: onEngines.uploadSigningKey,
    },
    { logger: silentLogger, ...options },
  );
  engineEnvs.set(app, shared.env);
  return app;
}

/** The environment a tool run beside `app` (the case CLI) needs to reach the same data: {} on SQLite. */
export function storeEnv(app: App): Record<string, string> {
  return engineEnvs.get(app) ?? {};
}

/** Drops the databases the bots of this test file used on the shared engines. */
export async function dropSharedEngines(): Promise<void> {
  for (const { database } of sharedEngines.values()) await database.drop();
  sharedEngines.clear();
}

/** A bot on a free port with a fresh data folder and one user connected, for each test of the file (or
 * describe block) that calls this; closed and removed after each. Read its parts after the hook ran. */
export function botPerTest(
  options: { locale?: string; env?: NodeJS.ProcessEnv; bot?: { id: string; name: string } } = {},
): {
  readonly app: App;
  readonly connector: LocalConnector;
  readonly dataDir: string;
} {
  const bot = {} as { app: App; connector: LocalConnector; dataDir: string };
  beforeEach(async () => {
    bot.dataDir = tempDataDir();
    bot.app = await startBot(testConfig(bot.dataDir, options.env));
    bot.connector = await connectTo(bot.app, { locale: options.locale, bot: options.bot });
  });
  afterEach(async () => {
    await bot.connector.close();
    await bot.app.close();
    fs.rmSync(bot.dataDir, { recursive: true, force: true });
  });
  return bot;
}

export async function connectTo(
  app: App,
  options: { locale?: string; conversationId?: string; bot?: { id: string; name: string } } = {},
) {
  return LocalConnector.start({ botUrl: `${app.url}/api/messages`, ...options });
}

export const CARD = 'application/vnd.microsoft.card.adaptive';

export function cardOf(record: RecordedActivity): Record<string, unknown> | undefined {
  const attachment = record.activity.attachments?.find((a) => a.contentType === CARD);
  return attachment?.content as Record<string, unknown> | undefined;
}

export function isCard(record: RecordedActivity): boolean {
  return cardOf(record) !== undefined;
}

/** The card's text as a user would read it. */
export function readCard(record: RecordedActivity): string {
  return renderCard(cardOf(record)).text;
}

export function textOf(record: RecordedActivity): string {
  return record.activity.text ?? (isCard(record) ? readCard(record) : '');
}

/** Presses the card action with this verb, sending the card's input values (plus `values`) as Teams does. */
export function press(
  connector: LocalConnector,
  record: RecordedActivity,
  verb: string,
  values: Record<string, string> = {},
) {
  const rendered = renderCard(cardOf(record), { values });
  const action = rendered.actions.find((a) => a.verb === verb);
  if (!action) {
    throw new Error(
      `card has no action ${verb}; it has ${rendered.actions.map((a) => a.verb ?? a.title).join(', ')}`,
    );
  }
  return connector.sendInvoke(verb, actionData(action, rendered.inputs, values), { replyToId: record.id });
}

/** Verbs of the card's actions. */
export function verbsOf(record: RecordedActivity): string[] {
  return renderCard(cardOf(record))
    .actions.map((a) => a.verb)
    .filter((v): v is string => typeof v === 'string');
}

/** Sends a bundle the way the upload page does: PUT to the page's API address, named `name`. */
export function putUpload(pageUrl: string, name: string, body: Buffer): Promise<Response> {
  return fetch(`${pageUrl.replace('/upload/', '/api/uploads/')}?name=${encodeURIComponent(name)}`, {
    method: 'PUT',
    body,
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

const ROOT = path.resolve(__dirname, '../..');

/** Starts `npm start`'s command as a real process and resolves with its URL from the startup log line. */
export function startProcess(
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', SCHEDULER_POLL: '1s', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bot did not start:\n${out}`));
    }, 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (out.length > 1_000_000) return; // started long ago; keep draining the pipe, stop collecting
      out += chunk.toString();
      for (const line of out.split('\n')) {
        try {
          const entry = JSON.parse(line) as { url?: string };
          if (entry.url) {
            clearTimeout(timer);
            resolve({ child, url: entry.url });
            return;
          }
        } catch {
          // not a complete JSON line yet
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bot exited with ${code}:\n${out}`));
    });
  });
}

export function stopProcess(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

/** The engineers' team channel the e2e tests install the bot in. */
export const ENGINEERS_CHANNEL = '19:engineers@thread.tacv2';
export const ENGINEERS_TEAM = '19:team@thread.tacv2';

/** An activity in the engineers' channel (or in the thread of `root`), from `user`. */
export function inChannel(
  user: { id: string; name: string; aadObjectId?: string },
  root?: string,
): SendOptions {
  const conversationId = root ? `${ENGINEERS_CHANNEL};messageid=${root}` : ENGINEERS_CHANNEL;
  return {
    conversationId,
    user,
    locale: 'en-US',
    ...(root ? { replyToId: root } : {}),
    extra: {
      conversation: { id: conversationId, conversationType: 'channel', isGroup: true },
      channelData: {
        team: { id: ENGINEERS_TEAM },
        channel: { id: ENGINEERS_CHANNEL },
        tenant: { id: 'tenant' },
      },
    } as never,
  };
}

/** Adds the bot to the engineers' team, as `user`; resolves once it greeted there (the channel is known). */
export async function installInTeam(
  connector: LocalConnector,
  user: { id: string; name: string; aadObjectId?: string },
): Promise<void> {
  const installed = await connector.send(
    connector.buildActivity(
      'conversationUpdate',
      { membersAdded: [{ id: 'bot', name: 'bot' }], recipient: { id: 'bot', name: 'bot' } } as never,
      inChannel(user),
    ),
  );
  if (installed.status !== 200) throw new Error(`installing in the team answered ${installed.status}`);
  await connector.waitFor(
    (r) => r.conversationId === ENGINEERS_CHANNEL && /post cases that need an engineer here/.test(textOf(r)),
    10_000,
    { after: installed.seq },
  );
}

/**
 * Walks a new case to the log-collection step (problem → confirm → scope → accept): the log-collection
 * card, the case number on it, its upload page, and the sequence number to wait after.
 */
export async function toLogCollection(
  connector: LocalConnector,
  problem: string,
): Promise<{ card: RecordedActivity; caseNumber: string; uploadPage: string; after: number }> {
  const asked = await connector.sendMessage(problem);
  const problemCard = await connector.waitFor(
    (r) => isCard(r) && verbsOf(r).includes('problem-definition.confirm'),
    5000,
    { after: asked.seq },
  );
  const confirmed = await press(connector, problemCard, 'problem-definition.confirm');
  const scope = await connector.waitFor((r) => isCard(r) && verbsOf(r).includes('scope.accept'), 5000, {
    after: confirmed.seq,
  });
  const accepted = await press(connector, scope, 'scope.accept');
  const card = await connector.waitFor(
    (r) => isCard(r) && /\/upload\//.test(JSON.stringify(cardOf(r))),
    5000,
    { after: accepted.seq },
  );
  const caseNumber = /CAS-\d{5}-[A-Z0-9]{6}/.exec(readCard(card))?.[0];
  const uploadPage = /https?:\/\/[^"]+\/upload\/CAS-[A-Za-z0-9_-]+/.exec(JSON.stringify(cardOf(card)))?.[0];
  if (!caseNumber || !uploadPage) throw new Error(`no case number or upload link on: ${readCard(card)}`);
  return { card, caseNumber, uploadPage, after: accepted.seq };
}
