// `npm run playground` end to end: the real Agents Playground starts, reaches a stand-in bot, and
// stops with Ctrl-C. Uses its internal HTTP API (pinned version 0.2.28) to send one message.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reply, request, startStandInBot, type Json, type StandInBot } from './standInBot';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

let bot: StandInBot | undefined;
let workDir: string;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGINT');
  await bot?.close();
  rmSync(workDir, { recursive: true, force: true });
});

it('starts the Playground against the bot, prints its address, relays a message, and stops on Ctrl-C', async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'playground-test-'));
  const received: Json[] = [];
  const replyIds: string[] = [];
  bot = await startStandInBot(async (activity) => {
    received.push(activity);
    if (activity.type === 'message') {
      replyIds.push(await reply(activity, { type: 'message', text: `echo ${activity.text}` }));
    }
  });
  child = spawn(TSX, [path.join(ROOT, 'src/cli/playground.ts'), '--bot', bot.url, '--ui-port', '0'], {
    cwd: workDir,
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child!.on('exit', resolve));

  const port = await poll(
    () => /Agents Playground: http:\/\/localhost:(\d+)/.exec(output)?.[1],
    20_000,
    () => output,
  );
  const base = `http://127.0.0.1:${port}`;

  const page = await request('GET', `${base}/`);
  expect(String(page.body)).toContain('<title>Microsoft 365 Agents Playground</title>');
  expect(existsSync(path.join(workDir, 'data/playground/devTools'))).toBe(true);

  const config = (await request('GET', `${base}/_internal/v1/config`)).body.config;
  const chatId = config.personalChat.id as string;
  const sent = await request('POST', `${base}/_conversation/v1/conversations/${chatId}/messages`, {
    type: 'text',
    text: 'ping',
    textFormat: 'plain',
    from: { id: config.currentUser.id },
  });
  expect(sent.status).toBe(200);
  const message = await poll(
    () => received.find((a) => a.type === 'message'),
    10_000,
    () => JSON.stringify(received),
  );
  expect(message).toMatchObject({ text: 'ping', channelId: 'msteams', conversation: { id: chatId } });
  expect(message.serviceUrl).toBe(`http://localhost:${port}/_connector`);
  // Its connector took the bot's reply and gave it an id.
  await poll(
    () => replyIds[0],
    5000,
    () => 'no reply id',
  );

  child.kill('SIGINT');
  await exit;
  await expect(request('GET', `${base}/`)).rejects.toThrow(/ECONNREFUSED/);
}, 40_000);

async function poll<T>(probe: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out; so far: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
