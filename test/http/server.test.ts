/**
 * The HTTP server's own defences, over real HTTP: /api/messages takes JSON activities only (no forms, no
 * multipart), malformed activities are a 400 and never a turn, uploads may be slow but not idle, tokens
 * never reach the logs, HEAD works wherever GET does, and `HOST=` does not open the bot to the network.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { App } from '../../src/app';
import type { LocalConnector } from '../../tools/connector';
import { createLogger, type Logger } from '../../src/log';
import { createHttpServer, type HttpServer } from '../../src/http/server';
import { registerUploadRoutes } from '../../src/http/uploads';
import { FileArtifactStore } from '../../src/uploads/artifacts';
import { UploadService } from '../../src/uploads/service';
import { UploadTokens } from '../../src/uploads/tokens';
import { connectTo, delay, startBot, tempDataDir, testConfig, toLogCollection } from '../e2e/harness';

/** A logger whose lines the test can read. */
function recordingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

/** Sends raw bytes on a new connection; resolves with everything the server answered once it closed. */
function rawRequest(port: number, head: string, body: Buffer | string = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(head);
      socket.end(body);
    });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

const EN_PROBLEM = 'KB5011503 fails to install on two terminals with 0x80073712';

describe('the HTTP server of the bot', () => {
  let dataDir: string;
  let app: App;
  let connector: LocalConnector;
  let lines: Array<Record<string, unknown>>;
  let token: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    const recording = recordingLogger();
    lines = recording.lines;
    app = await startBot(testConfig(dataDir), { logger: recording.logger });
    connector = await connectTo(app, { locale: 'en-US' });
    const { uploadPage } = await toLogCollection(connector, EN_PROBLEM);
    token = uploadPage.split('/upload/')[1];
  });

  afterAll(async () => {
    await connector.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (body: string | FormData | URLSearchParams, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/api/messages`, { method: 'POST', headers, body });

  function activity(fields: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      ...connector.buildActivity('message', { text: 'help' } as never, { conversationId: 'a:malformed' }),
      ...fields,
    };
  }

  it('takes activities as JSON only: forms and multipart bodies are refused unread (415)', async () => {
    const before = connector.cursor();
    const form = new FormData();
    form.append('file', new Blob([randomBytes(64 * 1024)]), 'big.bin');
    form.append('type', 'message');
    expect((await post(form)).status).toBe(415);
    const fields = new URLSearchParams({ type: 'message', text: 'help', 'conversation[id]': 'a:csrf' });
    expect((await post(fields)).status).toBe(415);
    expect((await post(JSON.stringify(activity()), { 'content-type': 'text/plain' })).status).toBe(415);
    expect(
      (
        await post(JSON.stringify(activity()), {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
        })
      ).status,
    ).toBe(415);
    // A declared length over the cap is refused before the body is read.
    const big = await rawRequest(
      app.port,
      `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`,
    );
    expect(big).toMatch(/^HTTP\/1\.1 413/);
    await delay(300);
    // None of them was a turn: the bot said nothing anywhere.
    expect(connector.activities().filter((r) => r.seq > before)).toHaveLength(0);
    // JSON with a charset, as the Bot Framework sends it, still works.
    const res = await post(JSON.stringify(activity({ conversation: { id: 'a:json-ok' } })), {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(res.status).toBe(200);
  });

  it('answers malformed activities with 400, runs no turn for them, and stays healthy', async () => {
    const before = connector.cursor();
    const json = { 'content-type': 'application/json' };
    const malformed: Array<[string, unknown]> = [
      ['empty object', {}],
      ['numeric type', activity({ type: 123 })],
      ['no recipient', activity({ recipient: undefined })],
      ['no conversation id', activity({ conversation: {} })],
      ['no service URL', activity({ serviceUrl: undefined })],
      ['entities not a list', activity({ entities: 'mention' })],
      ['entities not objects', activity({ entities: [1, 'x', null] })],
      ['attachments not objects', activity({ attachments: ['file.zip'] })],
      ['text not a string', activity({ text: { toString: 1 } })],
    ];
    for (const [what, body] of malformed) {
      const res = await post(JSON.stringify(body), json);
      expect([what, res.status]).toEqual([what, 400]);
      expect(((await res.json()) as { error: string }).error).toMatch(/not a valid activity|JSON object/);
    }
    await delay(300);
    expect(connector.activities().filter((r) => r.seq > before)).toHaveLength(0);
    expect(lines.some((l) => l.msg === 'turn failed')).toBe(false);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('never logs a link token, and caps the logged path', async () => {
    lines.length = 0;
    const engineerToken = token.replace(/_[^_]+$/, '_' + 'A'.repeat(22));
    expect((await fetch(`${app.url}/upload/${token}`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${app.url}/upload/${token}/nothing/here`)).status).toBe(404);
    expect((await fetch(`${app.url}/api/uploads/${token}`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${app.url}/api/engineer/${engineerToken}`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${app.url}/engineer/${engineerToken}/x/y/z`)).status).toBe(404);
    expect((await fetch(`${app.url}/${'a'.repeat(5000)}`)).status).toBe(404);
    const refused = lines.filter((l) => l.msg === 'request refused');
    expect(refused.length).toBeGreaterThanOrEqual(6);
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(token.split('_').slice(1).join('_'));
    expect(logged).not.toContain(engineerToken.split('_').slice(1).join('_'));
    const caseNumber = token.split('_')[0];
    expect(refused.map((l) => l.path)).toContain(`/upload/${caseNumber}…<token>/nothing/here`);
    for (const l of refused) expect(String(l.path).length).toBeLessThanOrEqual(201);
  });

  it('answers HEAD wherever it serves GET, with the headers and no body', async () => {
    for (const url of [`/upload/${token}`, `/upload/${token}/collector.zip`]) {
      const get = await fetch(`${app.url}${url}`);
      const head = await fetch(`${app.url}${url}`, { method: 'HEAD' });
      expect([url, head.status]).toEqual([url, 200]);
      expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
      expect(head.headers.get('x-content-type-options')).toBe('nosniff');
      expect(get.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await head.arrayBuffer()).byteLength).toBe(0);
      expect((await get.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    expect((await fetch(`${app.url}/upload/not-a-token`, { method: 'HEAD' })).status).toBe(403);
  });

  it('logs a client that goes away mid-upload at info level, without a stack, and keeps no partial file', async () => {
    lines.length = 0;
    const caseNumber = token.split('_')[0];
    await new Promise<void>((resolve) => {
      const socket = net.connect(app.port, '127.0.0.1', () => {
        socket.write(
          `PUT /api/uploads/${token}?name=TERM-01.zip HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n`,
        );
        socket.write(randomBytes(64 * 1024), () => setTimeout(() => socket.destroy(), 200));
      });
      socket.on('close', () => resolve());
    });
    let stopped: Record<string, unknown> | undefined;
    while (!(stopped = lines.find((l) => /upload stopped/.test(String(l.msg))))) await delay(50);
    expect(stopped.level).toBe(30);
    expect(stopped.err).toBeUndefined();
    expect(lines.filter((l) => Number(l.level) >= 50)).toHaveLength(0);
    const dir = path.join(dataDir, 'artifacts', caseNumber);
    const parts = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('.part-')) : [];
    expect(parts).toHaveLength(0);
  });
});

describe('slow and stalled uploads', () => {
  const CASE = 'CAS-00001-AAAAAA';
  let dir: string;
  let http: HttpServer;
  let port: number;
  let token: string;
  let lines: Array<Record<string, unknown>>;

  beforeAll(async () => {
    dir = tempDataDir();
    const recording = recordingLogger();
    lines = recording.lines;
    const tokens = new UploadTokens(randomBytes(32));
    token = tokens.issue(CASE, 3_600_000).token;
    const uploads = new UploadService({
      tokens,
      records: { grantStatus: async () => 'active', add: async () => ({}), listByCase: async () => [] },
      artifacts: new FileArtifactStore(dir),
      maxBytes: 10 * 1024 * 1024,
      caseInfo: async () => ({ locale: 'en', open: true }),
    });
    http = createHttpServer({
      logger: recording.logger,
      maxBodyBytes: 256 * 1024,
      version: 'test',
      handleMessages: async () => undefined,
      checkStore: async () => undefined,
      idleTimeoutMs: 400,
    });
    registerUploadRoutes(http.server, {
      uploads,
      logger: recording.logger,
      text: (_locale, key) => key,
      pickLocale: () => 'en',
      maxBytes: 10 * 1024 * 1024,
      afterUpload: async () => undefined,
      afterRefusal: async () => undefined,
      shared: async () => undefined,
    });
    port = (await http.listen(0, '127.0.0.1')).port;
  });

  afterAll(async () => {
    await http.close(1000);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has no deadline for a whole request, only for its headers', () => {
    expect(http.server.server.requestTimeout).toBe(0);
    expect(http.server.server.headersTimeout).toBeGreaterThan(0);
  });

  it('takes an upload that trickles in for many times the idle timeout', async () => {
    const body = Buffer.from('2022-05-19 11:49:09, Error CBS Failed [HRESULT = 0x80073712]\r\n'.repeat(4));
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', async () => {
        socket.write(
          `PUT /api/uploads/${token}?name=CBS.log HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n`,
        );
        // 8 pieces, 250 ms apart: 2 s in all, five times the idle timeout, never idle for long.
        const size = Math.ceil(body.length / 8);
        for (let at = 0; at < body.length; at += size) {
          await delay(250);
          socket.write(body.subarray(at, at + size));
        }
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain('"ok":true');
  });

  it('closes an upload that stops sending, and removes its partial file', async () => {
    lines.length = 0;
    const closed = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          `PUT /api/uploads/${token}?name=stalled.zip HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n`,
        );
        socket.write(Buffer.alloc(1000, 0x41));
        // ...and then nothing: the server closes the connection.
      });
      socket.on('close', () => resolve(true));
      socket.on('error', () => undefined);
    });
    expect(closed).toBe(true);
    let stopped: Record<string, unknown> | undefined;
    while (!(stopped = lines.find((l) => /upload stopped/.test(String(l.msg))))) await delay(50);
    expect(stopped.level).toBe(30);
    const caseDir = path.join(dir, CASE);
    // The pipeline removes the partial file before the handler logs.
    expect(fs.readdirSync(caseDir).filter((f) => f.startsWith('.part-'))).toHaveLength(0);
  });
});

describe('HOST set to an empty value', () => {
  it('binds loopback only and says so', async () => {
    const dataDir = tempDataDir();
    const { logger, lines } = recordingLogger();
    const app = await startBot(testConfig(dataDir, { HOST: '' }), { logger });
    try {
      expect(app.host).toBe('127.0.0.1');
      const listening = lines.find((l) => typeof l.url === 'string');
      expect(listening?.msg).toMatch(/loopback only/);
      expect(listening?.msg).not.toMatch(/WITHOUT authentication/);
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
