import fs from 'node:fs';
import { startBot, tempDataDir, testConfig } from './harness';

describe('security defaults', () => {
  it('listens on loopback only when no credentials are configured', async () => {
    const dataDir = tempDataDir();
    const app = await startBot(testConfig(dataDir));
    try {
      expect(app.host).toBe('127.0.0.1');
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('answers 401 to activities without a valid Bot Framework token when credentials are configured', async () => {
    const dataDir = tempDataDir();
    const app = await startBot(
      testConfig(dataDir, {
        HOST: '127.0.0.1',
        MICROSOFT_APP_ID: '00000000-0000-0000-0000-0000000000b0',
        MICROSOFT_APP_PASSWORD: 'not-used',
        ENGINEERS_CHANNEL_ID: '19:engineers@thread.tacv2',
      }),
    );
    try {
      const activity = {
        type: 'message',
        id: '1',
        text: 'hello',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/',
        from: { id: 'u' },
        recipient: { id: 'b' },
        conversation: { id: 'c' },
      };
      const anonymous = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      expect(anonymous.status).toBe(401);
      const forged = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.jwt' },
        body: JSON.stringify(activity),
      });
      expect(forged.status).toBe(401);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
