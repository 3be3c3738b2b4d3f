import fs from 'node:fs';
import { LocalConnector } from '../../tools/connector';
import { isCard, press, readCard, startProcess, stopProcess as stop, tempDataDir, verbsOf } from './harness';

describe('the bot as a process (npm start)', () => {
  it('stops cleanly on Ctrl-C and continues the conversation after it is started again', async () => {
    const dataDir = tempDataDir();
    let bot = await startProcess(dataDir);
    let connector = await LocalConnector.start({ botUrl: `${bot.url}/api/messages`, locale: 'en-US' });
    const conversationId = connector.conversationId;
    try {
      const asked = await connector.sendMessage('KB5011503 fails on two terminals with 0x80073712');
      const card = await connector.waitFor(
        (r) => isCard(r) && verbsOf(r).includes('problem-definition.confirm'),
        10_000,
        {
          after: asked.seq,
        },
      );
      expect(readCard(card)).toContain('0x80073712');

      expect(await stop(bot.child)).toBe(0);
      await connector.close();

      bot = await startProcess(dataDir);
      connector = await LocalConnector.start({
        botUrl: `${bot.url}/api/messages`,
        locale: 'en-US',
        conversationId,
      });
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
