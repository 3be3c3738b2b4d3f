import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { LocalConnector } from '../../src/devtools/connector';
import { isCard, press, readCard, tempDataDir, verbsOf } from './harness';

const ROOT = path.resolve(__dirname, '../..');

/** Starts `npm start`'s command as a real process and resolves with its URL from the startup log line. */
function startProcess(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', SCHEDULER_POLL: '1s' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`bot did not start:\n${out}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
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

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

describe('the bot as a process (npm start)', () => {
  it('stops cleanly on Ctrl-C and continues the conversation after it is started again', async () => {
    const dataDir = tempDataDir();
    let bot = await startProcess(dataDir);
    let connector = await LocalConnector.start({ botUrl: `${bot.url}/api/messages`, locale: 'en-US' });
    const conversationId = connector.conversationId;
    try {
      const asked = await connector.sendMessage('KB5011503 fails on two terminals with 0x80073712');
      const card = await connector.waitFor((r) => isCard(r) && verbsOf(r).includes('problem-definition.confirm'), 10_000, {
        after: asked.seq,
      });
      expect(readCard(card)).toContain('0x80073712');

      expect(await stop(bot.child)).toBe(0);
      await connector.close();

      bot = await startProcess(dataDir);
      connector = await LocalConnector.start({ botUrl: `${bot.url}/api/messages`, locale: 'en-US', conversationId });
      const confirmed = await press(connector, card, 'problem-definition.confirm');
      const scope = await connector.waitFor((r) => isCard(r) && verbsOf(r).includes('scope.accept'), 10_000, {
        after: confirmed.seq,
      });
      expect(readCard(scope)).toMatch(/CAS-\d{5}/);
    } finally {
      await connector.close();
      if (bot.child.exitCode === null) await stop(bot.child);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
