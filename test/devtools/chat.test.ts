// `npm run chat` end to end: the real CLI process, driven through stdin, talking to a stand-in bot
// that answers through the connector's serviceUrl exactly as a Bot Framework bot does.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  adaptiveCard,
  reply,
  request,
  startStandInBot,
  update,
  type Json,
  type StandInBot,
} from './standInBot';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CHAT = path.join(ROOT, 'src/cli/chat.ts');

interface Chat {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  /** Resolves once stdout has matched `pattern` (after the text already consumed by earlier waits). */
  expectOutput: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  type: (line: string) => void;
  exit: Promise<number | null>;
}

function startChat(cwd: string, args: string[]): Chat {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'en_US.UTF-8' };
  delete env.BOT_URL;
  const child = spawn(TSX, [CHAT, ...args], { cwd, env });
  let stdout = '';
  let consumed = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  // Generous: the chat is a separate tsx process, and CI machines are busy.
  const expectOutput = async (pattern: RegExp, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(stdout.slice(consumed));
      if (match) {
        consumed += match.index + match[0].length;
        return match[0];
      }
      if (Date.now() > deadline) throw new Error(`no ${pattern} in chat output:\n${stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  return { child, output: () => stdout, expectOutput, type: (line) => child.stdin.write(line + '\n'), exit };
}

const confirmCard = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: '请确认重置步骤', style: 'heading' },
    { type: 'Input.Text', id: 'notes', label: 'Notes' },
  ],
  actions: [
    { type: 'Action.Execute', title: 'Confirm', verb: 'confirm', data: { caseId: '7' } },
    { type: 'Action.Submit', title: 'Later', data: { intent: 'later' } },
  ],
};

/** A bot that greets, answers "hello" with a card, updates the card on Confirm, and takes files. */
async function scriptedBot(): Promise<StandInBot> {
  return startStandInBot(async (activity: Json) => {
    if (activity.type === 'conversationUpdate') {
      await reply(activity, { type: 'message', text: `Welcome (${activity.locale})` });
    } else if (activity.type === 'invoke') {
      const data = activity.value.action.data;
      await update(
        activity,
        activity.replyToId,
        adaptiveCard({ body: [{ type: 'TextBlock', text: `Confirmed: ${data.notes}` }] }),
      );
      return {
        status: 200,
        body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'saved' },
      };
    } else if (activity.attachments?.length) {
      const file = activity.attachments[0];
      const bytes = (await request('GET', file.content.downloadUrl)).body as Buffer;
      await reply(activity, { type: 'message', text: `got ${file.name}: ${bytes.toString()}` });
    } else if (activity.value) {
      await reply(activity, { type: 'message', text: `submitted ${JSON.stringify(activity.value)}` });
    } else if (activity.text === 'hello') {
      await reply(activity, adaptiveCard(confirmCard));
    } else {
      await reply(activity, {
        type: 'message',
        text: `you said ${activity.text} in ${activity.conversation.id}`,
      });
    }
  });
}

let workDir: string;
let bot: StandInBot | undefined;
let chat: Chat | undefined;

beforeEach(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'chat-test-'));
});

afterEach(async () => {
  if (chat && chat.child.exitCode === null) chat.child.kill();
  await bot?.close();
  bot = undefined;
  chat = undefined;
  rmSync(workDir, { recursive: true, force: true });
});

// Each test drives a real `tsx` child process; on a busy 2-core machine that is slow to start.
jest.setTimeout(120_000);

describe('npm run chat', () => {
  it('chats, renders a card, fills and presses it, shows the update, and sends a file', async () => {
    bot = await scriptedBot();
    chat = startChat(workDir, ['--bot', bot.url, '--lang', 'zh-CN', '--user', 'Mei Chen']);

    await chat.expectOutput(/conversation: a:local-\S+ \(new, saved to data\/chat-conversation\.json\)/);
    await chat.expectOutput(/bot: Welcome \(zh-CN\)/);

    chat.type('hello');
    await chat.expectOutput(
      /bot: # 请确认重置步骤\n\s+\[input notes\] Notes: \(empty\)\n\s+\[1\] Confirm  \[2\] Later/,
    );
    await chat.expectOutput(/press: \/1\.\.\/2; fill in: \/set <notes> <value>/);

    chat.type('/set notes disk was full');
    await chat.expectOutput(/notes = "disk was full"/);
    chat.type('/1');
    await chat.expectOutput(/bot \(updated\): Confirmed: disk was full/);
    await chat.expectOutput(/bot: saved/);
    const invoke = bot.received.find((a) => a.type === 'invoke')!;
    const card = bot.received.find((a) => a.text === 'hello')!;
    expect(invoke.value.action).toEqual({
      type: 'Action.Execute',
      verb: 'confirm',
      data: { caseId: '7', notes: 'disk was full' },
    });
    expect(invoke.replyToId).toMatch(/^1:local-/);
    expect(invoke.conversation.id).toBe(card.conversation.id);

    const file = path.join(workDir, 'CBS logs.zip');
    writeFileSync(file, 'zip bytes');
    chat.type(`/file ${file.replace(/ /g, '\\ ')}`);
    await chat.expectOutput(/bot: got CBS logs\.zip: zip bytes/);

    chat.type('/quit');
    expect(await chat.exit).toBe(0);
    expect(bot.received.every((a) => a.locale === 'zh-CN' && a.from.name === 'Mei Chen')).toBe(true);
  });

  it('continues the saved conversation after a restart without greeting again', async () => {
    bot = await scriptedBot();
    chat = startChat(workDir, ['--bot', bot.url]);
    await chat.expectOutput(/bot: Welcome/);
    chat.child.stdin.end();
    expect(await chat.exit).toBe(0);
    const saved = JSON.parse(readFileSync(path.join(workDir, 'data/chat-conversation.json'), 'utf8'));

    chat = startChat(workDir, ['--bot', bot.url]);
    await chat.expectOutput(new RegExp(`conversation: ${saved.conversationId} \\(continued`));
    chat.type('again');
    chat.child.stdin.end();
    await chat.expectOutput(new RegExp(`bot: you said again in ${saved.conversationId}`));
    expect(await chat.exit).toBe(0);
    expect(bot.received.filter((a) => a.type === 'conversationUpdate')).toHaveLength(1);
    // Same user id on both runs, so the bot keeps the user's state.
    expect(new Set(bot.received.map((a) => a.from.id)).size).toBe(1);
  });

  it('says the bot is not running, in one line and without a stack trace', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    chat = startChat(workDir, [
      '--bot',
      `http://127.0.0.1:${port}/api/messages`,
      '--conversation',
      'a:fixed',
    ]);

    chat.type('hi');
    chat.child.stdin.end();

    await chat.expectOutput(
      /cannot reach the bot at http:\/\/127\.0\.0\.1:\d+\/api\/messages \(ECONNREFUSED\) - is `npm start` running\?/,
    );
    expect(await chat.exit).toBe(0);
    expect(chat.output()).not.toMatch(/\n\s+at /);
    expect(chat.output()).toContain('conversation: a:fixed (from --conversation)');
  });
});
