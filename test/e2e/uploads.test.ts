/**
 * Log upload end to end: the per-case link (page and API), a Teams attachment, refusals of bad input,
 * a 100 MB+ upload streamed through, and a diagnosis job that survives a restart.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { App } from '../../src/app';
import type { RecordedActivity } from '../../tools/connector';
import { loadSigningKey } from '../../src/uploads/links';
import { UploadTokens } from '../../src/uploads/tokens';
import { makeZip } from '../diagnosis/bundle/zip-writer';
import { LocalConnector } from '../../tools/connector';
import {
  cardOf,
  connectTo,
  delay,
  readCard,
  startBot,
  startProcess,
  stopProcess,
  tempDataDir,
  testConfig,
  textOf,
  isCard,
  toLogCollection as walkToLogCollection,
  verbsOf,
} from './harness';
import type { Config } from '../../src/config';

const ZH_PROBLEM = 'KB5011503 在两台终端上安装失败，报错 0x80073712';

/** The reference case's CBS.log lines (local time) amid ordinary noise. */
const CBS_LOG = [
  '2022-05-19 11:48:57, Info                  CBS    Starting TiWorker initialization.',
  '2022-05-19 11:48:58, Info                  CBS    Session: 30950123_1234567890 initialized by client WindowsUpdateAgent.',
  '2022-05-19 11:49:09, Info                  CBS    Failed to get enumerator for missing components. [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
  '2022-05-19 11:49:09, Error                 CBS    Failed to complete component closure [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
  '2022-05-19 11:49:10, Info                  CBS    Ending TrustedInstaller finalization.',
].join('\r\n');

const SYSTEMINFO = [
  'Host Name:                 TERM-01',
  'OS Name:                   Microsoft Windows 10 Enterprise LTSC 2019',
  'OS Version:                10.0.17763 N/A Build 17763',
].join('\r\n');

async function collectorZip(host = 'TERM-01'): Promise<Buffer> {
  return makeZip([
    { name: 'Logs/CBS/CBS.log', data: CBS_LOG },
    { name: 'System/systeminfo.txt', data: SYSTEMINFO.replace('TERM-01', host) },
  ]);
}

function uploadUrlOf(record: RecordedActivity): string {
  const found = JSON.stringify(cardOf(record)).match(/https?:\/\/[^"]+\/upload\/CAS-[A-Za-z0-9_-]+/);
  if (!found) throw new Error(`no upload link on the card: ${readCard(record)}`);
  return found[0];
}

function apiUrlOf(pageUrl: string): string {
  return pageUrl.replace('/upload/', '/api/uploads/');
}

async function put(url: string, body: Buffer | Readable, name = 'TERM-01-20260101-101010.zip') {
  const res = await fetch(`${url}?name=${encodeURIComponent(name)}`, {
    method: 'PUT',
    body: body instanceof Readable ? (Readable.toWeb(body) as never) : body,
    duplex: 'half',
  } as RequestInit);
  return {
    status: res.status,
    body: (await res.json()) as { ok: boolean; code?: string; message: string; duplicate?: boolean },
  };
}

/** Walks a case to the log-collection step and returns the card carrying the upload link. */
async function toLogCollection(connector: LocalConnector): Promise<RecordedActivity> {
  return (await walkToLogCollection(connector, ZH_PROBLEM)).card;
}

function isDiagnosisCard(r: RecordedActivity): boolean {
  return r.kind !== 'update' && isCard(r) && verbsOf(r).some((v) => v.startsWith('diagnosis.'));
}

function diagnosisCardsSince(connector: LocalConnector, after: number): RecordedActivity[] {
  return connector.activities().filter((r) => r.seq > after && isDiagnosisCard(r));
}

function diagnosisCard(connector: LocalConnector, after: number, timeout = 20_000) {
  return connector.waitFor(isDiagnosisCard, timeout, { after });
}

describe('uploading logs through the per-case link', () => {
  let dataDir: string;
  let config: Config;
  let app: App;
  let connector: LocalConnector;
  let pageUrl: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    config = testConfig(dataDir, { MAX_UPLOAD_BYTES: String(300 * 1024 * 1024) });
    app = await startBot(config);
    connector = await connectTo(app, { locale: 'zh-CN' });
    pageUrl = uploadUrlOf(await toLogCollection(connector));
  });

  afterAll(async () => {
    await connector.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('serves a page in the case language that uploads each file with a progress bar', async () => {
    const res = await fetch(pageUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await res.text();
    expect(html).toMatch(/<html lang="zh-CN">/);
    expect(html).toContain('upload.onprogress');
    // Nothing to log in with: the link is the only credential.
    expect(html).not.toMatch(/type="password"/i);
  });

  it('takes a collector zip, shows progress in place, and answers with the diagnosis of the real logs', async () => {
    const before = connector.cursor();
    const { status, body } = await put(apiUrlOf(pageUrl), await collectorZip());
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, duplicate: false });
    expect(body.message).toMatch(/[\u4e00-\u9fff]/);

    const card = await diagnosisCard(connector, before);
    const text = readCard(card);
    expect(text).toContain('0x80073712');
    expect(text).toContain('ERROR_SXS_COMPONENT_STORE_CORRUPT');
    expect(text).toMatch(/CBS\.log/);
    // The progress card was posted once and then updated in place.
    const progress = connector
      .activities()
      .filter((r) => r.seq > before && isCard(r) && /%/.test(readCard(r)));
    expect(progress.some((r) => r.kind === 'update')).toBe(true);
    expect(new Set(progress.map((r) => r.id)).size).toBe(1);
  });

  it('recognises the same bundle uploaded again and does not diagnose it twice', async () => {
    const before = connector.cursor();
    const { status, body } = await put(apiUrlOf(pageUrl), await collectorZip());
    expect(status).toBe(200);
    expect(body.duplicate).toBe(true);
    await delay(1000);
    expect(diagnosisCardsSince(connector, before)).toHaveLength(0);
  });
});

/** Peak and current resident memory of a process, from /proc (bytes). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

describe('a large upload', () => {
  it('streams a 150 MB upload to disk without holding it in memory', async () => {
    const dataDir = tempDataDir();
    // The bot runs as its own process so its memory is measured alone; jobs wait (the diagnosis is not measured here).
    const bot = await startProcess(dataDir, {
      SCHEDULER_POLL: '1h',
      MAX_UPLOAD_BYTES: String(300 * 1024 * 1024),
    });
    const connector = await LocalConnector.start({ botUrl: `${bot.url}/api/messages`, locale: 'en-US' });
    try {
      const pageUrl = uploadUrlOf(await toLogCollection(connector));
      const before = memoryOf(bot.child.pid!);
      const size = 150 * 1024 * 1024;
      const line = Buffer.from(
        '2022-05-19 11:48:58, Info                  CBS    Loaded Servicing Stack v10.0.17763.2686 with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack\\cbscore.dll\r\n',
      );
      const chunk = Buffer.concat(Array(512).fill(line));
      let sent = 0;
      const body = new Readable({
        read() {
          if (sent >= size) return this.push(null);
          sent += chunk.length;
          this.push(chunk);
        },
      });
      const { status, body: answer } = await put(apiUrlOf(pageUrl), body, 'CBS.log');
      expect(status).toBe(200);
      expect(answer.ok).toBe(true);
      const after = memoryOf(bot.child.pid!);
      // Buffering the body would raise the bot's peak by at least its 150 MB.
      expect(after.peak - before.rss).toBeLessThan(64 * 1024 * 1024);
      const stored = fs
        .readdirSync(path.join(dataDir, 'artifacts'))
        .flatMap((c) =>
          fs
            .readdirSync(path.join(dataDir, 'artifacts', c))
            .map((f) => fs.statSync(path.join(dataDir, 'artifacts', c, f)).size),
        );
      expect(stored).toContain(sent);
    } finally {
      await connector.close();
      await stopProcess(bot.child);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('refusing bad input', () => {
  let dataDir: string;
  let app: App;
  let connector: LocalConnector;
  let pageUrl: string;
  let caseNumber: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    app = await startBot(testConfig(dataDir, { MAX_UPLOAD_BYTES: String(2 * 1024 * 1024) }));
    connector = await connectTo(app, { locale: 'en-US' });
    const card = await toLogCollection(connector);
    pageUrl = uploadUrlOf(card);
    caseNumber = readCard(card).match(/CAS-\d{5}-[A-Z0-9]{6}/)![0];
  });

  afterAll(async () => {
    await connector.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const nested = async (depth: number): Promise<Buffer> => {
    let inner = await collectorZip();
    for (let i = 0; i < depth; i++) inner = await makeZip([{ name: `level${i}.zip`, data: inner }]);
    return inner;
  };

  const cases: Array<[string, () => Promise<Buffer>, number, string]> = [
    ['an empty file', async () => Buffer.alloc(0), 400, 'empty'],
    ['a program', async () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4000, 1)]), 415, 'executable'],
    [
      'random binary that is no archive or log',
      async () => Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)),
      415,
      'not-a-bundle',
    ],
    ['a file over the size cap', async () => Buffer.alloc(3 * 1024 * 1024, 65), 413, 'too-large'],
    ['a truncated zip', async () => (await collectorZip()).subarray(0, 200), 422, 'truncated'],
    [
      'an encrypted zip',
      async () => makeZip([{ name: 'Logs/CBS/CBS.log', data: CBS_LOG, encrypted: true }]),
      422,
      'encrypted',
    ],
    [
      'a zip whose names escape the folder',
      async () => makeZip([{ name: '../../evil.log', data: CBS_LOG }]),
      422,
      'unsafe-name',
    ],
    [
      'a zip with an absolute drive path',
      async () => makeZip([{ name: 'C:/Windows/evil.log', data: CBS_LOG }]),
      422,
      'unsafe-name',
    ],
    [
      'a zip bomb',
      async () =>
        makeZip([
          { name: 'CBS.log', data: Buffer.alloc(1.5 * 1024 * 1024, 48), compress: true },
          { name: 'b.log', data: Buffer.alloc(0) },
        ]),
      422,
      'bomb',
    ],
    ['zips nested too deep', () => nested(4), 422, 'too-deep'],
    [
      'a zip with too many entries',
      // Stored, not deflated: 10 001 deflate streams took 20 s on a loaded machine; the count is what is tested.
      async () =>
        makeZip(
          Array.from({ length: 10_001 }, (_, i) => ({ name: `f${i}.log`, data: 'x', compress: false })),
        ),
      422,
      'too-many-entries',
    ],
  ];

  it.each(cases)('refuses %s with a clear message and keeps nothing', async (_label, make, status, code) => {
    const before = fs.existsSync(path.join(dataDir, 'artifacts', caseNumber))
      ? fs.readdirSync(path.join(dataDir, 'artifacts', caseNumber))
      : [];
    const seq = connector.cursor();
    const res = await put(apiUrlOf(pageUrl), await make());
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.body.message.length).toBeGreaterThan(10);
    const after = fs.existsSync(path.join(dataDir, 'artifacts', caseNumber))
      ? fs.readdirSync(path.join(dataDir, 'artifacts', caseNumber))
      : [];
    expect(after).toEqual(before);
    // The chat hears about it too, in the user's language.
    const told = await connector.waitFor((r) => r.kind !== 'update' && !isCard(r), 5000, { after: seq });
    expect(textOf(told).length).toBeGreaterThan(10);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('says which logs are missing when a bundle holds none it can use', async () => {
    const seq = connector.cursor();
    const res = await put(
      apiUrlOf(pageUrl),
      await makeZip([{ name: 'readme.txt', data: 'nothing to see here, just notes' }]),
    );
    expect(res.status).toBe(200);
    const told = await connector.waitFor(
      (r) => r.kind !== 'update' && !isCard(r) && /CBS/.test(textOf(r)),
      20_000,
      { after: seq },
    );
    expect(textOf(told)).toMatch(/CBS/);
  });

  it('never lets a file name put a link, markup or reversed text into the chat or a download', async () => {
    // Refused (a program): the name reaches the chat through the refusal.
    let seq = connector.cursor();
    const hostile = '[Sign in again](https://evil.example/login) **now** a)\u202Efdp.exe';
    const refused = await put(
      apiUrlOf(pageUrl),
      Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4000, 1)]),
      hostile,
    );
    expect(refused.status).toBe(415);
    const told = textOf(
      await connector.waitFor((r) => r.kind !== 'update' && !isCard(r), 5000, { after: seq }),
    );
    for (const text of [told, refused.body.message]) {
      expect(text).toContain('login) now a)fdp.exe');
      expect(text).not.toMatch(/\[|\]\(|\*\*|\u202E|evil\.example\//);
    }

    // Accepted: the stored name, the chat and the download header are clean.
    seq = connector.cursor();
    const accepted = await put(
      apiUrlOf(pageUrl),
      Buffer.from(CBS_LOG),
      `_x_ [a](b)\u202Egol.${'x'.repeat(300)}.log`,
    );
    expect(accepted.status).toBe(200);
    const uploads = await app.store.uploads.listByCase(caseNumber);
    const stored = uploads.find((u) => u.name.startsWith('_x_'))!;
    expect(stored.name).toMatch(/^_x_ \(a\)\(b\)gol\.x+\.log$/);
    expect(stored.name.length).toBeLessThanOrEqual(120);
    const chat = textOf(
      await connector.waitFor((r) => r.kind !== 'update' && !isCard(r) && /x\.log/.test(textOf(r)), 5000, {
        after: seq,
      }),
    );
    expect(chat).toContain('\\_x\\_ (a)(b)gol.');
    expect(chat).not.toMatch(/\[|\u202E/);
  });

  it('refuses an expired, a tampered, a revoked and an unknown-case link', async () => {
    const key = loadSigningKey(dataDir);
    const tokens = new UploadTokens(key);
    const base = `${app.url}/api/uploads/`;
    const expired = tokens.issue(caseNumber, -1000).token;
    expect((await put(base + expired, await collectorZip())).status).toBe(410);

    const token = pageUrl.split('/upload/')[1];
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect((await put(base + tampered, await collectorZip())).status).toBe(403);

    const other = tokens.issue('CAS-99999-ZZZZZZ', 60_000).token;
    expect((await put(base + other, await collectorZip())).status).toBe(403);

    // Signed with the right key but never issued by the bot: refused like a forgery.
    const unissued = tokens.issue(caseNumber, 60_000).token;
    expect((await put(base + unissued, await collectorZip())).status).toBe(403);

    const link = await app.links.issue(caseNumber);
    const revocable = link.apiUrl.split('/api/uploads/')[1];
    const grantId = revocable.split('_')[1];
    await app.store.uploads.revoke(grantId, Date.now());
    const revoked = await put(base + revocable, await collectorZip());
    expect(revoked.status).toBe(410);
    expect(revoked.body.code).toBe('revoked-link');

    const page = await fetch(`${app.url}/upload/${expired}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toMatch(/expired|过期/i);
  });
});

describe('the upload quota of a case', () => {
  it('refuses what would take the case over its quota, also for uploads arriving together, in the user’s language', async () => {
    const dataDir = tempDataDir();
    const zip = await collectorZip();
    // Room for one bundle and a half: of two uploads at once only one fits.
    const app = await startBot(
      testConfig(dataDir, { CASE_UPLOAD_QUOTA_BYTES: String(Math.floor(zip.length * 1.5)) }),
    );
    const connector = await connectTo(app, { locale: 'zh-CN' });
    try {
      const api = apiUrlOf(uploadUrlOf(await toLogCollection(connector)));
      const other = await collectorZip('TERM-02');

      const together = await Promise.all([put(api, zip), put(api, other, 'TERM-02-20260101-101010.zip')]);

      expect(together.map((r) => r.status).sort()).toEqual([200, 507]);
      const refused = together.find((r) => r.status === 507)!;
      expect(refused.body.code).toBe('case-full');
      expect(refused.body.message).toMatch(/总量上限/);
      const caseNumber = /CAS-\d{5}-[A-Z0-9]{6}/.exec(api)![0];
      expect(await app.store.uploads.listByCase(caseNumber)).toHaveLength(1);
      await connector.waitFor((r) => /已达到 1 MB 的总量上限/.test(r.activity.text ?? ''), 5000);
      // Once the quota is reached, later uploads are refused too.
      const third = await put(api, await collectorZip('TERM-03'), 'TERM-03-20260101-101010.zip');
      expect(third.status).toBe(507);
    } finally {
      await connector.close();
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a Teams attachment in a 1:1 chat', () => {
  it('is fetched from its download URL into the same intake and diagnosed', async () => {
    const dataDir = tempDataDir();
    const app = await startBot(testConfig(dataDir));
    const connector = await connectTo(app, { locale: 'en-US' });
    try {
      await toLogCollection(connector);
      const before = connector.cursor();
      const sent = await connector.sendFile('TERM-02-20260101-101010.zip', await collectorZip('TERM-02'));
      expect(sent.status).toBe(200);
      const card = await diagnosisCard(connector, before);
      expect(readCard(card)).toContain('0x80073712');
      expect(readCard(card)).toContain('TERM-02');
    } finally {
      await connector.close();
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a diagnosis job across a restart', () => {
  it('runs after the bot restarts and reports its result once', async () => {
    const dataDir = tempDataDir();
    // Jobs are claimed only every hour here: the upload is accepted, its diagnosis waits.
    let app = await startBot(testConfig(dataDir, { SCHEDULER_POLL: '1h' }));
    const connector = await connectTo(app, { locale: 'en-US' });
    try {
      const pageUrl = uploadUrlOf(await toLogCollection(connector));
      const { status } = await put(apiUrlOf(pageUrl), await collectorZip());
      expect(status).toBe(200);
      await app.close();

      const before = connector.cursor();
      app = await startBot(testConfig(dataDir, { SCHEDULER_POLL: '100ms' }));
      const card = await diagnosisCard(connector, before);
      expect(readCard(card)).toContain('0x80073712');
      await delay(1500);
      expect(diagnosisCardsSince(connector, before)).toHaveLength(1);
    } finally {
      await connector.close();
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('two terminals of one case (the reference case)', () => {
  it('diagnoses both uploads and says they fail for the same reason', async () => {
    const dataDir = tempDataDir();
    const app = await startBot(testConfig(dataDir));
    const connector = await connectTo(app, { locale: 'zh-CN' });
    try {
      const pageUrl = uploadUrlOf(await toLogCollection(connector));
      const before = connector.cursor();
      expect(
        (await put(apiUrlOf(pageUrl), await collectorZip('TERM-01'), 'TERM-01-20260101-101010.zip')).status,
      ).toBe(200);
      await diagnosisCard(connector, before);
      const second = connector.cursor();
      expect(
        (await put(apiUrlOf(pageUrl), await collectorZip('TERM-02'), 'TERM-02-20260101-101500.zip')).status,
      ).toBe(200);
      const card = await diagnosisCard(connector, second);
      expect(readCard(card)).toContain('TERM-02');
      const verdict = await connector.waitFor(
        (r) => r.kind !== 'update' && /原因相同/.test(textOf(r)),
        20_000,
        { after: second },
      );
      expect(textOf(verdict)).toMatch(/2/);
      // The log-collection card now says both machines arrived.
      const cards = connector.activities().filter((r) => /\/upload\//.test(JSON.stringify(cardOf(r) ?? {})));
      expect(readCard(cards[cards.length - 1])).toMatch(/TERM-02|2\s*\/\s*2|2 台/);
    } finally {
      await connector.close();
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('an attachment the channel serves only to the bot', () => {
  it('is downloaded again with the bot token after a 401, and diagnosed', async () => {
    const zip = await collectorZip('TERM-03');
    const seen: Array<string | undefined> = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      if (req.headers.authorization !== 'Bearer bot-token-for-tests') {
        res.writeHead(401);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length });
      res.end(zip);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const dataDir = tempDataDir();
    const asked: string[] = [];
    // The real token comes from Microsoft's sign-in service, which cannot be reached here.
    const app = await startBot(testConfig(dataDir), {
      downloadToken: async (_conversationId, url) => {
        asked.push(url);
        return 'bot-token-for-tests';
      },
    });
    const connector = await connectTo(app, { locale: 'en-US' });
    try {
      await toLogCollection(connector);
      const before = connector.cursor();
      const url = `http://127.0.0.1:${port}/v3/attachments/abc/views/original`;
      await connector.send(
        connector.buildActivity('message', {
          attachments: [
            { contentType: 'application/zip', contentUrl: url, name: 'TERM-03-20260101-101010.zip' },
          ],
        }),
      );
      const card = await diagnosisCard(connector, before);
      expect(readCard(card)).toContain('TERM-03');
      expect(seen).toEqual([undefined, 'Bearer bot-token-for-tests']);
      expect(asked).toEqual([url]);
    } finally {
      await connector.close();
      await app.close();
      server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
