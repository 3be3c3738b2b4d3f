// `npm run playground`: starts Microsoft's Agents Playground (a local Teams-like web client) against
// the running bot and prints the address to open. Its logs go to data/playground/devTools/.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run playground -- [options] [-- extra agentsplayground flags]
  --bot <url>               the bot's endpoint (default: $BOT_URL or http://127.0.0.1:$PORT/api/messages, PORT 3978)
  --ui-port <n>             the Playground's port (default 56150; if taken it picks another and says so)
  --conversation-id <id>    the personal chat's conversation id
  --channel <id>            msteams (default), emulator, webchat, directline, agents
  --help                    this text`;

const BINARY = path.resolve(__dirname, '../../node_modules/.bin/agentsplayground');
const WORK_DIR = path.join('data', 'playground');

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const botUrl =
    values.bot ?? process.env.BOT_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3978'}/api/messages`;
  const uiPort = values['ui-port'] ?? '56150';
  if (!/^\d+$/.test(uiPort)) {
    process.stderr.write(`--ui-port must be a number\n`);
    process.exit(2);
  }
  if (!existsSync(BINARY)) {
    process.stderr.write(`playground: ${BINARY} is missing; run \`npm install\` (it is a devDependency)\n`);
    process.exit(1);
  }

  if (!(await reachable(botUrl))) {
    process.stdout.write(
      `note: nothing listens at ${botUrl} yet - is \`npm start\` running? The Playground connects once it is.\n`,
    );
  }

  mkdirSync(WORK_DIR, { recursive: true });
  const args = ['-e', botUrl, '-c', values.channel ?? 'msteams', '--disable-telemetry', '-p', uiPort];
  if (values['conversation-id']) args.push('--conversation-id', values['conversation-id']);
  args.push(...positionals);
  // Its own `devTools/` log folder lands in its working directory, so keep that out of the project root.
  const child = spawn(process.execPath, [BINARY, ...args], {
    cwd: WORK_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let listening = false;
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const match = /Listening on (\d+)/.exec(line);
    if (match && !listening) {
      listening = true;
      const port = match[1];
      const moved = uiPort !== '0' && port !== uiPort ? ` (port ${uiPort} was taken)` : '';
      process.stdout.write(
        [
          `Agents Playground: http://localhost:${port}${moved}`,
          `  bot:  ${botUrl}`,
          `  logs: ${path.join(WORK_DIR, 'devTools')}`,
          '  It listens on all network interfaces; Ctrl-C stops it.',
          '',
        ].join('\n'),
      );
      return;
    }
    process.stdout.write(`playground: ${line}\n`);
  });
  readline
    .createInterface({ input: child.stderr })
    .on('line', (line) => process.stderr.write(`playground: ${line}\n`));

  // Forward Ctrl-C / termination so the Playground never outlives this command.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    process.stderr.write(`playground: could not start it: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (!listening)
      process.stderr.write(`playground: exited before it was ready (${signal ?? `code ${code}`})\n`);
    process.exit(code ?? (signal ? 0 : 1));
  });
}

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      bot: { type: 'string' },
      'ui-port': { type: 'string' },
      'conversation-id': { type: 'string' },
      channel: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** True if something accepts TCP connections at the URL's host and port (within a second). */
function reachable(url: string): Promise<boolean> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(false);
  }
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.hostname, port, timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`playground: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
