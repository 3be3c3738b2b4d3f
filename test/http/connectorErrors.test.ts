/**
 * What a failed connector request tells the outbox, through the real adapter, the bot's bounded HTTP client
 * and a real HTTP server playing the connector: the status, whether another try can help, and the
 * Retry-After — for a message to a chat and for a new post in the engineers' channel alike.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config';
import { createAdapter } from '../../src/bot/adapter';
import { Bot } from '../../src/bot/bot';
import type { BotDeps } from '../../src/bot/bot';
import { DeliveryError } from '../../src/domain/chat';
import { silentLogger } from '../../src/log';

let answer: { status: number; headers?: Record<string, string> };
let server: http.Server;
let bot: Bot;
let reference: Record<string, unknown>;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify({ error: { code: 'ServiceError', message: `answered ${answer.status}` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const config = loadConfig({ DATA_DIR: '/nonexistent-not-used', CONNECTOR_TIMEOUT: '5s' });
  // The bot's sending side only: no turns are run here.
  const unused = {} as BotDeps['runner'] & BotDeps['fileConsent'];
  bot = new Bot({
    adapter: createAdapter(config),
    runner: unused,
    fileConsent: unused,
    logger: silentLogger,
    appId: '',
    pickLocale: () => 'en',
    errorText: () => '',
  });
  reference = { serviceUrl: `http://127.0.0.1:${port}/`, bot: { id: 'bot' }, conversation: { id: '19:c' } };
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function failure(send: () => Promise<unknown>): Promise<DeliveryError> {
  const error = await send().then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(error)}`);
  return error;
}

const sends: Array<[string, () => Promise<unknown>]> = [
  ['a chat message', () => bot.post(reference, { kind: 'text', text: 'hello' })],
  [
    'a new post in the channel',
    () => bot.postThread({ channelId: '19:c', reference }, { card: {}, fallbackText: 'card' }),
  ],
];

describe.each(sends)('%s', (_label, send) => {
  it('answered 429 with Retry-After: worth another try, not before the channel asked', async () => {
    answer = { status: 429, headers: { 'retry-after': '7' } };
    const error = await failure(send);
    expect([error.status, error.permanent, error.retryAfterMs]).toEqual([429, false, 7000]);
  });

  it('answered 503: worth another try', async () => {
    answer = { status: 503 };
    const error = await failure(send);
    expect([error.status, error.permanent]).toEqual([503, false]);
  });

  it('answered 404 (the conversation is gone): another try cannot help', async () => {
    answer = { status: 404 };
    const error = await failure(send);
    expect([error.status, error.permanent]).toEqual([404, true]);
  });
});
