// A tiny HTTP "bot" for the devtools tests: records what it receives on /api/messages and answers the
// way a Bot Framework bot does, by calling the activity's serviceUrl. No SDK, only node:http.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

// Tests read deep into activities they just built; typing each path would hide what they check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface HttpAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** What a test's bot does with one inbound activity; the return value is the HTTP answer. */
export type BotHandler = (activity: Json) => Promise<HttpAnswer | void> | HttpAnswer | void;

export interface StandInBot {
  /** The messaging endpoint, http://127.0.0.1:<port>/api/messages. */
  url: string;
  received: Json[];
  close(): Promise<void>;
}

export async function startStandInBot(handler: BotHandler = () => undefined): Promise<StandInBot> {
  const received: Json[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      if (req.method !== 'POST' || req.url !== '/api/messages') {
        // Not chained: restify, when loaded in the same process, replaces ServerResponse#writeHead with one returning undefined.
        res.writeHead(404);
        res.end();
        return;
      }
      const activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json;
      received.push(activity);
      try {
        const answer = (await handler(activity)) ?? { status: 200, body: undefined };
        const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(text);
      } catch (error) {
        res.writeHead(500);
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/messages`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Calls the connector like a bot: `path` is under {serviceUrl}/v3/conversations/{conversation id}. */
export function callConnector(
  inbound: Json,
  method: 'POST' | 'PUT' | 'DELETE',
  suffix: string,
  body?: unknown,
): Promise<HttpAnswer> {
  const conversation = encodeURIComponent(inbound.conversation.id);
  return request(method, `${inbound.serviceUrl}/v3/conversations/${conversation}${suffix}`, body);
}

/** Replies to an inbound activity (POST .../activities/{id}), returning the id the connector gave it. */
export async function reply(inbound: Json, outgoing: Json): Promise<string> {
  const answer = await callConnector(inbound, 'POST', `/activities/${encodeURIComponent(inbound.id)}`, {
    ...outgoing,
    replyToId: inbound.id,
    conversation: inbound.conversation,
  });
  return answer.body.id as string;
}

/** Replaces an activity the bot sent earlier (PUT .../activities/{id}), as a card update does. */
export async function update(inbound: Json, activityId: string, outgoing: Json): Promise<void> {
  await callConnector(inbound, 'PUT', `/activities/${encodeURIComponent(activityId)}`, {
    ...outgoing,
    id: activityId,
    conversation: inbound.conversation,
  });
}

/** Plain HTTP without keep-alive; a JSON answer is parsed, anything else comes back as a Buffer. */
export function request(method: string, url: string, body?: unknown, raw?: Buffer): Promise<HttpAnswer> {
  const payload = raw ?? (body === undefined ? undefined : Buffer.from(JSON.stringify(body)));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent: false,
        headers: payload
          ? {
              'content-type': raw ? 'application/octet-stream' : 'application/json',
              'content-length': payload.length,
            }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const isJson = (res.headers['content-type'] ?? '').includes('json') && bytes.length > 0;
          resolve({ status: res.statusCode ?? 0, body: isJson ? JSON.parse(bytes.toString('utf8')) : bytes });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export function adaptiveCard(card: Json): Json {
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
  };
}
