/**
 * Uploads that can always be diagnosed, and refusals that say what to do: bytes recorded by an earlier
 * build without their diagnosis job are diagnosed when sent again; partial files a dead process left
 * are removed at start; an expired link is answered in the case's language and the chat gets a new
 * one; a size limit reads as people write it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../../src/app';
import type { LocalConnector, RecordedActivity } from '../../tools/connector';
import { makeZip } from '../diagnosis/bundle/zip-writer';
import {
  cardOf,
  connectTo,
  isCard,
  readCard,
  startBot,
  tempDataDir,
  testConfig,
  textOf,
  toLogCollection,
  verbsOf,
} from './harness';

const ZH_PROBLEM = 'KB5011503 在两台终端上安装失败，报错 0x80073712';

function bundle(): Promise<Buffer> {
  return makeZip([
    {
      name: 'Logs/CBS/CBS.log',
      data: '2022-05-19 11:49:09, Error                 CBS    Failed to complete component closure [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]\r\n',
    },
    { name: 'System/systeminfo.txt', data: 'Host Name:                 TERM-0231\r\n' },
  ]);
}

function isDiagnosisCard(r: RecordedActivity): boolean {
  return r.kind !== 'update' && isCard(r) && verbsOf(r).some((v) => v.startsWith('diagnosis.'));
}

const apiOf = (page: string, name = 'TERM-0231.zip') =>
  `${page.replace('/upload/', '/api/uploads/')}?name=${encodeURIComponent(name)}`;

let dataDir: string;
let app: App;
let connector: LocalConnector;

async function start(env: Record<string, string> = {}) {
  dataDir = tempDataDir();
  app = await startBot(testConfig(dataDir, env));
  connector = await connectTo(app, { locale: 'zh-CN' });
}

afterEach(async () => {
  await connector?.close();
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('diagnoses bytes an earlier process recorded but never diagnosed, when they are sent again', async () => {
  await start();
  const { caseNumber, uploadPage, after } = await toLogCollection(connector, ZH_PROBLEM);
  const zip = await bundle();
  const sha256 = createHash('sha256').update(zip).digest('hex');
  // What a crash between the record and its job left behind before both were committed together: the
  // record, no job, and no file.
  await app.store.uploads.add({
    id: 'u-left-behind',
    caseNumber,
    grantId: 'attachment',
    name: 'TERM-0231.zip',
    size: zip.length,
    sha256,
    artifactKey: `${caseNumber}/${sha256}`,
    kind: 'zip',
    receivedAt: Date.now(),
  });

  const res = await fetch(apiOf(uploadPage), { method: 'PUT', body: zip });
  const answer = (await res.json()) as { duplicate: boolean; message: string };
  expect([res.status, answer.duplicate]).toEqual([200, false]);
  const card = await connector.waitFor(isDiagnosisCard, 30_000, { after });
  expect(readCard(card)).toContain('0x80073712');

  // Now it is diagnosed: the same bytes again are a duplicate, and nothing is diagnosed twice.
  const again = await fetch(apiOf(uploadPage), { method: 'PUT', body: zip });
  expect(((await again.json()) as { duplicate: boolean }).duplicate).toBe(true);
  const probe = await connector.sendMessage('?');
  await connector.waitFor((r) => r.seq > probe.seq && r.kind !== 'update', 10_000);
  expect(connector.activities().filter((r) => r.seq > after && isDiagnosisCard(r))).toHaveLength(1);
}, 60_000);

it('removes the partial files of uploads a dead process left, at start', async () => {
  dataDir = tempDataDir();
  const caseDir = path.join(dataDir, 'artifacts', 'CAS-00001-ABCDEF');
  fs.mkdirSync(caseDir, { recursive: true });
  const stale = path.join(caseDir, '.part-0123456789abcdef');
  fs.writeFileSync(stale, 'half an upload');
  const anHourAgo = new Date(Date.now() - 60 * 60_000);
  fs.utimesSync(stale, anHourAgo, anHourAgo);
  const kept = path.join(caseDir, 'a'.repeat(64));
  fs.writeFileSync(kept, 'a stored upload');

  app = await startBot(testConfig(dataDir));
  connector = await connectTo(app);
  const deadline = Date.now() + 10_000;
  while (fs.existsSync(stale) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(fs.existsSync(stale)).toBe(false);
  expect(fs.existsSync(kept)).toBe(true);
});

it("answers an expired link in the case's language, and the chat gets the new link it promises", async () => {
  await start({ UPLOAD_LINK_TTL: '2s' });
  const { uploadPage } = await toLogCollection(connector, ZH_PROBLEM);
  await new Promise((r) => setTimeout(r, 2100)); // the link runs out
  const after = connector.cursor();

  // A collector script (no Accept-Language) uploads with it.
  const res = await fetch(apiOf(uploadPage), { method: 'PUT', body: await bundle() });
  const answer = (await res.json()) as { code: string; message: string };
  expect(answer.code).toBe('expired-link');
  expect(answer.message).toMatch(/[\u4e00-\u9fff]/);

  const renewed = await connector.waitFor(
    (r) => r.seq > after && isCard(r) && /\/upload\//.test(JSON.stringify(cardOf(r))),
    10_000,
    { after },
  );
  const newLink = /https?:\/\/[^"]+\/upload\/CAS-[A-Za-z0-9_-]+/.exec(JSON.stringify(cardOf(renewed)))?.[0];
  expect(newLink).toBeDefined();
  expect(newLink).not.toBe(uploadPage);
  const told = connector.activities().filter((r) => r.seq > after && /过期/.test(textOf(r)));
  expect(told.length).toBeGreaterThanOrEqual(1);

  // The same expired link tried again (a script retrying) does not bring another new link.
  const cursor = connector.cursor();
  await fetch(apiOf(uploadPage), { method: 'PUT', body: await bundle() });
  const probe = await connector.sendMessage('?');
  await connector.waitFor((r) => r.seq > probe.seq && r.kind !== 'update', 10_000);
  expect(connector.activities().filter((r) => r.seq > cursor && /过期/.test(textOf(r)))).toEqual([]);
}, 60_000);

it.each([
  ['zh-CN', '1000000', /超过了 1 MB 的上传上限/],
  ['en', '1000000', /upload limit of 1 MB/],
  ['en', '524288', /upload limit of 0\.5 MB/],
])(
  'states a %s size limit of %s bytes as people write it',
  async (locale, bytes, expected) => {
    await start({ MAX_UPLOAD_BYTES: bytes });
    connector.locale = locale === 'zh-CN' ? 'zh-CN' : 'en-US';
    const { uploadPage } = await toLogCollection(
      connector,
      locale === 'zh-CN' ? ZH_PROBLEM : 'KB5011503 fails on two terminals with 0x80073712',
    );
    const res = await fetch(apiOf(uploadPage), { method: 'PUT', body: Buffer.alloc(Number(bytes) + 1, 65) });
    const answer = (await res.json()) as { code: string; message: string };
    expect(answer.code).toBe('too-large');
    expect(answer.message).toMatch(expected);
  },
  60_000,
);
