/**
 * The baseline for bench/turns.bench.ts: an echo bot on exactly our stack. It is built from our own
 * pieces rather than a copy of them, so the only difference from the real bot is the bot logic:
 *  - the HTTP server is `createHttpServer` (restify 11, the same pre-handler, body parser with the same
 *    size cap, the same JSON-object check and error path around POST /api/messages);
 *  - the adapter is `createAdapter` (botbuilder CloudAdapter from the config, no credentials: anonymous
 *    requests on loopback, replies POSTed to the activity's serviceUrl like ours);
 *  - the config comes from `loadConfig` the way the e2e harness builds it (PORT 0, a data dir, silent log).
 * It imports no botbuilder itself (the lint fence keeps the SDK in src/bot/); the turn context's type is
 * inferred from `adapter.process`.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/log';
import { createAdapter } from '../src/bot/adapter';
import { createHttpServer } from '../src/http/server';

export interface EchoBot {
  url: string;
  close(): Promise<void>;
}

export async function startEchoBot(dataDir: string): Promise<EchoBot> {
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const adapter = createAdapter(config);
  adapter.onTurnError = async (context, error) => {
    silentLogger.error({ err: error }, 'echo turn failed');
    await context.sendActivity('echo bot error');
  };
  const http = createHttpServer({
    logger: silentLogger,
    maxBodyBytes: config.maxBodyBytes,
    version: 'echo',
    handleMessages: (req, res) =>
      adapter.process(req, res, async (context) => {
        if (context.activity.type === 'message') await context.sendActivity(context.activity.text ?? '');
      }),
    checkStore: async () => undefined,
  });
  const address: AddressInfo = await http.listen(config.port, config.host);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () => http.close(config.shutdownGraceMs),
  };
}
