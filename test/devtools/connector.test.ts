// Behaviour of the local Bot Framework connector, over real loopback HTTP against a stand-in bot.

import http from 'node:http';
import os from 'node:os';
import { BotUnreachableError, LocalConnector } from '../../tools/connector';
import {
  adaptiveCard,
  callConnector,
  reply,
  request,
  startStandInBot,
  update,
  type BotHandler,
  type Json,
  type StandInBot,
} from './standInBot';

let connector: LocalConnector;
let bot: StandInBot;

async function setUp(handler?: BotHandler, options: Parameters<typeof LocalConnector.start>[0] = {}) {
  bot = await startStandInBot(handler);
  connector = await LocalConnector.start({ botUrl: bot.url, ...options });
}

afterEach(async () => {
  await connector?.close();
  await bot?.close();
});

describe('what the bot sends to the connector', () => {
  it('records a new activity and answers with the id it assigned', async () => {
    await setUp();
    const conversationId = 'a:conv-1';
    const inbound = { serviceUrl: connector.serviceUrl, conversation: { id: conversationId } };

    const answer = await callConnector(inbound, 'POST', '/activities', { type: 'message', text: 'hello' });

    expect(answer.status).toBe(200);
    expect(typeof answer.body.id).toBe('string');
    const [record] = connector.activities(conversationId);
    expect(record).toMatchObject({ seq: 1, kind: 'send', id: answer.body.id, conversationId });
    expect(record.activity.text).toBe('hello');
    expect(connector.activities('a:other')).toEqual([]);
  });

  it('keeps the reply-to id of a reply and announces it', async () => {
    await setUp();
    const seen: string[] = [];
    connector.on('activity', (record) => seen.push(`${record.kind}:${record.replyToId}`));
    const inbound = {
      serviceUrl: connector.serviceUrl,
      conversation: { id: connector.conversationId },
      id: 'in-7',
    };

    await reply(inbound, { type: 'message', text: 'answer' });

    expect(connector.activities()[0]).toMatchObject({ kind: 'reply', replyToId: 'in-7' });
    expect(seen).toEqual(['reply:in-7']);
  });

  it('records a PUT as an update of the same activity id', async () => {
    await setUp();
    const inbound = {
      serviceUrl: connector.serviceUrl,
      conversation: { id: connector.conversationId },
      id: 'in-1',
    };
    const cardId = await reply(inbound, adaptiveCard({ body: [{ type: 'TextBlock', text: 'v1' }] }));

    await update(inbound, cardId, adaptiveCard({ body: [{ type: 'TextBlock', text: 'v2' }] }));

    const kinds = connector.activities().map((r) => [r.kind, r.id]);
    expect(kinds).toEqual([
      ['reply', cardId],
      ['update', cardId],
    ]);
    expect((connector.latest(cardId)?.activity.attachments?.[0].content as Json).body[0].text).toBe('v2');
  });

  it('lets a caller wait for an activity that arrives later, or fails listing what came', async () => {
    await setUp();
    const inbound = {
      serviceUrl: connector.serviceUrl,
      conversation: { id: connector.conversationId },
      id: 'x',
    };
    await reply(inbound, { type: 'message', text: 'first' });

    const waiting = connector.waitFor((r) => r.activity.text === 'second', 2000);
    setTimeout(() => void reply(inbound, { type: 'message', text: 'second' }), 20);
    expect((await waiting).activity.text).toBe('second');

    // `after` skips what already arrived.
    await expect(connector.waitFor((r) => r.activity.text === 'first', 100, { after: 2 })).rejects.toThrow(
      /no matching activity within 100 ms; received: nothing/,
    );
    await expect(connector.waitFor((r) => r.activity.text === 'third', 100)).rejects.toThrow(
      /"first".*"second"/,
    );
  });

  it('answers a 1:1 create-conversation with the current chat and lists its member', async () => {
    await setUp();
    const created = await request('POST', `${connector.serviceUrl}/v3/conversations`, {
      isGroup: false,
      members: [{ id: connector.user.id }],
      activity: { type: 'message', text: 'reminder' },
    });
    expect(created.status).toBe(200);
    expect(created.body.id).toBe(connector.conversationId);
    expect(connector.activities()[0]).toMatchObject({ kind: 'create', id: created.body.activityId });

    const inbound = { serviceUrl: connector.serviceUrl, conversation: { id: connector.conversationId } };
    const members = await request(
      'GET',
      `${connector.serviceUrl}/v3/conversations/${encodeURIComponent(inbound.conversation.id)}/members`,
    );
    expect(members.body).toEqual([
      expect.objectContaining({ id: connector.user.id, aadObjectId: connector.user.aadObjectId }),
    ]);
    const missing = await request('GET', `${connector.serviceUrl}/v3/conversations/x/members/29:nobody`);
    expect(missing.status).toBe(404);
  });

  it('refuses a body over the size limit', async () => {
    await setUp(undefined, { maxBodyBytes: 100 });
    const inbound = { serviceUrl: connector.serviceUrl, conversation: { id: 'c' } };
    const answer = await callConnector(inbound, 'POST', '/activities', {
      type: 'message',
      text: 'x'.repeat(200),
    });
    expect(answer.status).toBe(413);
    expect(connector.activities('c')).toEqual([]);
  });
});

describe('files', () => {
  it('serves a file for download at the URL it returns, and nothing at other URLs', async () => {
    await setUp();
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 255]);

    const url = connector.serveFile('日志 bundle.zip', bytes);

    expect(url.startsWith(`${connector.serviceUrl}/files/`)).toBe(true);
    const got = await request('GET', url);
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.body as Buffer, bytes)).toBe(0);
    expect((await request('GET', `${connector.serviceUrl}/files/not-a-token/x.zip`)).status).toBe(404);
  });

  it('sends a Teams file attachment whose downloadUrl the bot can fetch', async () => {
    let downloaded: Buffer | undefined;
    await setUp(async (activity) => {
      downloaded = (await request('GET', activity.attachments[0].content.downloadUrl)).body;
    });
    const bytes = Buffer.from('CBS log bundle');

    await connector.sendFile('PC-01 logs.zip', bytes);

    const [attachment] = bot.received[0].attachments;
    expect(attachment).toMatchObject({
      contentType: 'application/vnd.microsoft.teams.file.download.info',
      name: 'PC-01 logs.zip',
      content: { fileType: 'zip', uniqueId: expect.any(String), downloadUrl: expect.any(String) },
    });
    expect(downloaded?.toString()).toBe('CBS log bundle');
  });

  it('takes the upload of an accepted file consent card', async () => {
    await setUp(async (activity) => {
      if (activity.type === 'message') {
        await reply(activity, {
          type: 'message',
          attachments: [
            {
              contentType: 'application/vnd.microsoft.teams.card.file.consent',
              name: 'reset.ps1',
              content: {
                description: 'reset script',
                sizeInBytes: 5,
                acceptContext: { k: 'a' },
                declineContext: {},
              },
            },
          ],
        });
      } else if (activity.name === 'fileConsent/invoke') {
        const uploaded = await request(
          'PUT',
          activity.value.uploadInfo.uploadUrl,
          undefined,
          Buffer.from('Hello'),
        );
        return { status: 200, body: { uploadStatus: uploaded.status } };
      }
    });
    await connector.sendMessage('send me the script');
    const consent = connector.activities()[0];

    const result = await connector.answerFileConsent(consent, 'accept');

    const invoke = bot.received[1];
    expect(invoke).toMatchObject({
      type: 'invoke',
      name: 'fileConsent/invoke',
      replyToId: consent.id,
      value: {
        type: 'fileUpload',
        action: 'accept',
        context: { k: 'a' },
        uploadInfo: { name: 'reset.ps1', fileType: 'ps1' },
      },
    });
    expect(result.body).toEqual({ uploadStatus: 201 });
    expect(connector.uploads().map((f) => [f.name, f.bytes.toString()])).toEqual([['reset.ps1', 'Hello']]);
  });
});

describe('what the connector sends to the bot', () => {
  it('POSTs a message shaped like Teams and returns the status, body and replies of the turn', async () => {
    await setUp(async (activity) => {
      await reply(activity, { type: 'message', text: `echo: ${activity.text}` });
      return { status: 200, body: { ok: true } };
    });

    const result = await connector.sendMessage('你好', { locale: 'zh-CN' });

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ ok: true });
    expect(result.replies.map((r) => r.activity.text)).toEqual(['echo: 你好']);
    const sent = bot.received[0];
    expect(sent).toEqual({
      type: 'message',
      id: expect.any(String),
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      localTimestamp: expect.any(String),
      localTimezone: expect.any(String),
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      from: { id: connector.user.id, name: connector.user.name, aadObjectId: connector.user.aadObjectId },
      conversation: {
        id: connector.conversationId,
        conversationType: 'personal',
        tenantId: connector.tenantId,
      },
      recipient: { id: '28:bot', name: connector.bot.name },
      locale: 'zh-CN',
      textFormat: 'plain',
      text: '你好',
      entities: [{ type: 'clientInfo', locale: 'zh-CN', platform: 'Web', timezone: sent.localTimezone }],
      channelData: { tenant: { id: connector.tenantId } },
    });
    expect(sent.serviceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('gives every activity its own id', async () => {
    await setUp();
    await connector.sendMessage('a');
    await connector.sendMessage('b');
    expect(bot.received[0].id).not.toBe(bot.received[1].id);
  });

  it('sends Action.Execute as an adaptiveCard/action invoke and returns the invoke response', async () => {
    const card = { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'done' }] };
    await setUp(() => ({
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
    }));

    const result = await connector.sendInvoke(
      'confirm',
      { caseId: '7', notes: 'ok' },
      { replyToId: '1:local-3' },
    );

    expect(bot.received[0]).toMatchObject({
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: '1:local-3',
      value: { action: { type: 'Action.Execute', verb: 'confirm', data: { caseId: '7', notes: 'ok' } } },
    });
    expect(result.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: card,
    });
  });

  it('sends Action.Submit as a message carrying the data as value', async () => {
    await setUp();
    await connector.sendSubmit({ intent: 'escalate' }, { replyToId: '1:local-9' });
    const sent = bot.received[0];
    expect(sent).toMatchObject({ type: 'message', value: { intent: 'escalate' }, replyToId: '1:local-9' });
    expect(sent.text).toBeUndefined();
    expect(sent.channelData).toMatchObject({ postBack: true, tenant: { id: connector.tenantId } });
  });

  it('sends a conversation update adding the bot and the user, on a configurable channel', async () => {
    await setUp(undefined, { channelId: 'emulator', conversationId: 'a:fixed' });
    await connector.sendConversationUpdate();
    expect(bot.received[0]).toMatchObject({
      type: 'conversationUpdate',
      channelId: 'emulator',
      conversation: { id: 'a:fixed' },
      membersAdded: [{ id: '28:bot' }, { id: connector.user.id }],
    });
  });

  it('fails with BotUnreachableError when nothing listens at the bot URL', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    await setUp(undefined, { botUrl: `http://127.0.0.1:${port}/api/messages` });

    const error = await connector.sendMessage('hi').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BotUnreachableError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('lifecycle', () => {
  it('listens on loopback only and stops answering after close, failing pending waits', async () => {
    await setUp();
    const url = connector.serviceUrl;
    const pending = connector.waitFor(() => false, 10_000);
    const outside = Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);
    for (const address of outside) {
      await expect(request('GET', url.replace('127.0.0.1', address))).rejects.toThrow(/ECONNREFUSED/);
    }

    await connector.close();

    await expect(pending).rejects.toThrow(/closed/);
    await expect(request('GET', `${url}/files/x/y`)).rejects.toThrow(/ECONNREFUSED/);
    await connector.close(); // twice is harmless
  });

  it('falls back to a free port when the requested one is taken, if asked', async () => {
    await setUp();
    await expect(LocalConnector.start({ port: connector.port })).rejects.toThrow(/EADDRINUSE/);
    const second = await LocalConnector.start({ port: connector.port, fallbackToFreePort: true });
    expect(second.port).not.toBe(connector.port);
    await second.close();
  });
});
