/**
 * The bot behind an outbound proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY), as `npm start` runs it: a small
 * CONNECT proxy started here records every tunnel and the first request line sent through it. The bot's
 * replies (connector requests, node:http) and its download of a Teams attachment (fetch) go through the
 * proxy; with the connector's host in NO_PROXY, nothing does.
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { LocalConnector } from '../../tools/connector';
import { makeZip } from '../diagnosis/bundle/zip-writer';
import {
  isCard,
  readCard,
  startProcess,
  stopProcess,
  tempDataDir,
  toLogCollection,
  verbsOf,
} from './harness';

const PROBLEM = 'KB5011503 fails to install on two terminals with error 0x80073712';

interface Tunnel {
  authority: string;
  /** The first line the client sent through the tunnel (plain HTTP to an http:// connector). */
  firstLine?: string;
  /** The first byte it sent: 0x16 opens a TLS handshake (an https:// target, encrypted end to end). */
  firstByte?: number;
}

/** A CONNECT proxy on loopback that records its tunnels; anything else it answers 405. */
async function startProxy(): Promise<{
  url: string;
  tunnels: Tunnel[];
  others: string[];
  close(): Promise<void>;
}> {
  const tunnels: Tunnel[] = [];
  const others: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    others.push(`${req.method} ${req.url}`);
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const tunnel: Tunnel = { authority: req.url ?? '' };
    tunnels.push(tunnel);
    const [host, port] = [
      tunnel.authority.replace(/:\d+$/, ''),
      Number(/:(\d+)$/.exec(tunnel.authority)?.[1]),
    ];
    const upstream = net.connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      client.once('data', (chunk: Buffer) => {
        tunnel.firstLine ??= chunk.toString('latin1').split('\r\n')[0];
        tunnel.firstByte ??= chunk[0];
      });
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => [client, upstream].forEach((x) => x.destroy()));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    others,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let dataDir: string;
let bot: ChildProcess | undefined;
let connector: LocalConnector | undefined;
let proxy: Awaited<ReturnType<typeof startProxy>>;

beforeEach(async () => {
  dataDir = tempDataDir();
  proxy = await startProxy();
});
afterEach(async () => {
  await connector?.close();
  if (bot && bot.exitCode === null && bot.signalCode === null) await stopProcess(bot);
  await proxy.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<LocalConnector> {
  const port = await freePort();
  bot = (await startProcess(dataDir, { PORT: String(port), SCHEDULER_POLL: '200ms', ...env })).child;
  connector = await LocalConnector.start({
    botUrl: `http://127.0.0.1:${port}/api/messages`,
    locale: 'en-US',
  });
  return connector;
}

/** Sends a small bundle as a Teams attachment and waits for its diagnosis (the bot downloads it first). */
async function diagnosedAttachment(c: LocalConnector): Promise<void> {
  const before = c.cursor();
  const zip = await makeZip([
    {
      name: 'Logs/CBS/CBS.log',
      data: '2022-05-19 11:49:09, Error                 CBS    Failed to complete component closure [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
    },
    { name: 'System/systeminfo.txt', data: 'Host Name:                 TERM-0231\r\n' },
  ]);
  expect((await c.sendFile('TERM-0231.zip', zip)).status).toBe(200);
  const card = await c.waitFor(
    (r) => r.kind !== 'update' && isCard(r) && verbsOf(r).some((v) => v.startsWith('diagnosis.')),
    30_000,
    { after: before },
  );
  expect(readCard(card)).toContain('0x80073712');
}

it('sends the replies and fetches a Teams attachment through the proxy', async () => {
  const c = await start({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url });
  const connectorHost = new URL(c.serviceUrl).host;
  await toLogCollection(c, PROBLEM);
  await diagnosedAttachment(c);

  // Every tunnel went to the connector; through them went the replies and the attachment's download.
  expect(proxy.tunnels.length).toBeGreaterThan(0);
  expect(new Set(proxy.tunnels.map((t) => t.authority))).toEqual(new Set([connectorHost]));
  const lines = proxy.tunnels.map((t) => t.firstLine ?? '');
  expect(lines).toEqual(
    expect.arrayContaining([expect.stringMatching(/^POST \/v3\/conversations\/.+\/activities/)]),
  );
  expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^GET \/files\//)]));
  expect(proxy.others).toEqual([]);
}, 90_000);

it('reaches a host named in NO_PROXY directly', async () => {
  const c = await start({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' });
  const asked = await c.sendMessage(PROBLEM);
  await c.waitFor((r) => isCard(r) && verbsOf(r).includes('problem-definition.confirm'), 20_000, {
    after: asked.seq,
  });
  expect(proxy.tunnels).toEqual([]);
  expect(proxy.others).toEqual([]);
}, 60_000);

/**
 * A certificate for localhost and 127.0.0.1, made now (openssl), and an https server with it in front of
 * the local connector (which speaks http): what the bot reaches is an https:// Teams service.
 */
async function httpsFront(connectorUrl: string): Promise<{
  url: string;
  caFile: string;
  requests: string[];
  close(): Promise<void>;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-tls-'));
  const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  const requests: string[] = [];
  const target = new URL(connectorUrl);
  const server = https.createServer(
    { key: fs.readFileSync(key), cert: fs.readFileSync(cert) },
    (req, res) => {
      requests.push(`${req.method} ${req.url}`);
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    caFile: cert,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

it('reaches an https:// Teams service through the proxy: a CONNECT tunnel carrying TLS to the host, whose certificate the process trusts through NODE_EXTRA_CA_CERTS', async () => {
  const port = await freePort();
  const c = await LocalConnector.start({ botUrl: `http://127.0.0.1:${port}/api/messages`, locale: 'en-US' });
  connector = c;
  const front = await httpsFront(c.serviceUrl);
  try {
    bot = (
      await startProcess(dataDir, {
        PORT: String(port),
        SCHEDULER_POLL: '200ms',
        HTTPS_PROXY: proxy.url,
        HTTP_PROXY: proxy.url,
        // The certificate made for this test is trusted this way only (no NODE_TLS_REJECT_UNAUTHORIZED).
        NODE_EXTRA_CA_CERTS: front.caFile,
      })
    ).child;
    // Teams names its service (and the attachment's download) on the front's https:// address.
    Object.defineProperty(c, 'serviceUrl', { get: () => front.url });
    await toLogCollection(c, PROBLEM);
    await diagnosedAttachment(c);

    // Every tunnel went to the https front, and what went through it was TLS, not plain HTTP.
    const frontHost = new URL(front.url).host;
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels.map((t) => t.authority))).toEqual(new Set([frontHost]));
    expect(proxy.tunnels.every((t) => t.firstByte === 0x16)).toBe(true);
    // Behind TLS, the replies (node:https) and the attachment's download (fetch) arrived.
    expect(front.requests).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^POST \/v3\/conversations\/.+\/activities/),
        expect.stringMatching(/^GET \/files\//),
      ]),
    );
    expect(proxy.others).toEqual([]);
  } finally {
    await front.close();
  }
}, 90_000);
