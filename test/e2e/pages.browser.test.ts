/**
 * The bot's two web pages in a real browser (headless Chromium): the user's upload page and the
 * engineers' case page share one drop-zone script; a file chosen in each reaches the server and the page
 * shows the server's answer. The engineer's file is then offered to the user in their chat.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { App } from '../../src/app';
import type { LocalConnector } from '../../tools/connector';
import { chromiumMissing, launchChromium } from '../../tools/cardsPreview';
import { collectorBundle } from '../transcripts/fixtures';
import {
  ENGINEERS_TEAM,
  toLogCollection,
  connectTo,
  inChannel,
  installInTeam,
  isCard,
  startBot,
  tempDataDir,
  testConfig,
  textOf,
  verbsOf,
} from './harness';

jest.setTimeout(60_000);

let dataDir: string;
let app: App;
let connector: LocalConnector;
let browser: Browser;

beforeAll(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(`headless Chromium is needed for the page tests; ${missing}`);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  dataDir = tempDataDir();
  app = await startBot(testConfig(dataDir));
  connector = await connectTo(app, { locale: 'zh-CN' });
});

afterEach(async () => {
  await connector.close();
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const caseAtLogs = () => toLogCollection(connector, 'KB5011503 安装失败，报错 0x80073712');

it('uploads a bundle chosen on the user’s page and shows the answer', async () => {
  const { caseNumber, uploadPage } = await caseAtLogs();
  const zip = await collectorBundle({
    machine: 'TERM-01',
    logs: 'component-store-corrupt',
    day: '2022-05-19',
    source: 'wsus',
  });
  const page = await browser.newPage({ locale: 'zh-CN' });
  try {
    await page.goto(uploadPage);
    expect(await page.locator('h1').textContent()).toContain(caseNumber);
    await page.setInputFiles('#picker', {
      name: 'TERM-01-20220519.zip',
      mimeType: 'application/zip',
      buffer: zip,
    });
    const answer = page.locator('#files .ok');
    await answer.waitFor({ timeout: 10_000 });
    expect(await answer.textContent()).toContain('TERM-01-20220519.zip');
    // The curl line names this page's upload URL.
    expect(await page.locator('#curl').textContent()).toContain(
      `/api/uploads/${uploadPage.split('/upload/')[1]}`,
    );
  } finally {
    await page.close();
  }
  const uploads = await app.store.uploads.listByCase(caseNumber);
  expect(uploads.map((u) => [u.name, u.size])).toEqual([['TERM-01-20220519.zip', zip.length]]);
});

it('sends a file chosen on the engineers’ case page to the user, in the engineer’s name', async () => {
  const { caseNumber, after } = await caseAtLogs();
  const engineer = { id: 'eng-1', name: 'Wang Engineer', aadObjectId: 'aad-eng-1' };
  connector.setMembers(ENGINEERS_TEAM, [engineer]);
  await installInTeam(connector, engineer);
  const escalated = await connector.sendMessage('转人工');
  const card = await connector.waitFor(
    (r) => r.kind === 'create' && isCard(r) && verbsOf(r).includes('escalation.take'),
    5000,
    { after: escalated.seq },
  );
  await connector.sendInvoke(
    'escalation.take',
    { verb: 'escalation.take', caseNumber },
    inChannel(engineer, card.id),
  );
  await connector.waitFor(
    (r) => r.conversationId === connector.conversationId && /Wang Engineer/.test(textOf(r)),
    5000,
    { after: card.seq },
  );

  const link = app.engineerLinks.issue(caseNumber);
  const notes = Buffer.from('先运行 DISM /Online /Cleanup-Image /RestoreHealth\r\n', 'utf8');
  const page = await browser.newPage({ locale: 'en-US' });
  try {
    await page.goto(link.pageUrl);
    expect(await page.locator('h1').textContent()).toBe(`Case ${caseNumber}: files`);
    await page.setInputFiles('#picker', { name: 'steps.txt', mimeType: 'text/plain', buffer: notes });
    const answer = page.locator('#files .ok');
    await answer.waitFor({ timeout: 10_000 });
    expect(await answer.textContent()).toBe('steps.txt - Sent steps.txt to the user.');
    // A file over the limit is refused in the page before anything is sent.
    // (A sparse file: the browser reads only its size.)
    const huge = path.join(dataDir, 'huge.iso');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 51 * 1024 * 1024);
    await page.setInputFiles('#picker', huge);
    const refused = page.locator('#files .err');
    await refused.waitFor({ timeout: 10_000 });
    expect(await refused.textContent()).toContain('huge.iso');
  } finally {
    await page.close();
  }
  const shared = await app.store.caseFiles.listByCase(caseNumber);
  expect(shared.map((f) => [f.name, f.size, f.by])).toEqual([['steps.txt', notes.length, 'Wang Engineer']]);
  await connector.waitFor((r) => /Wang Engineer（工程师）给您发送了一个文件/.test(textOf(r)), 5000, {
    after,
  });
  const offer = await connector.waitFor(
    (r) => (r.activity.attachments ?? []).some((a) => a.name === 'steps.txt'),
    5000,
    { after },
  );
  await connector.answerFileConsent(offer, 'accept');
  expect(connector.uploads().at(-1)?.bytes.equals(notes)).toBe(true);
});
