// Two walks through Microsoft's Agents Playground (the local Teams emulator `npm run playground` starts)
// against the real bot in-process: what a person does by hand in its web UI, done through its internal
// HTTP API, with the bot's replies read from the Playground's own log.
//   1. The engineers' desk (issue 6): escalation from a Chinese chat, take-over in the team channel,
//      messages relayed both ways, files sent to the user (the case page's API, a pasted screenshot),
//      "close" → consent, survey, summary in the chat and in the thread.
//   2. The reference case in English (issue 5): upload link, two terminals' zips PUT over HTTP, diagnosis,
//      the remediation stages one by one, closure, survey and a summary listing each stage's outcome.

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../../src/app';
import { startBot, tempDataDir, testConfig } from '../e2e/harness';
import { bundleName, collectorBundle } from '../transcripts/fixtures';
import { cardText, hasVerb, Playground, type Post } from './playgroundClient';

jest.setTimeout(180_000);

const PHONE = '13812345678';
/** Reminders far in the future: nothing the walks do not ask for. */
const QUIET = { FOLLOW_UPS: '30d,60d,90d,120d', ESCALATION_REANNOUNCE: '1d' };

let dataDir: string | undefined;
let app: App | undefined;
let pg: Playground | undefined;
let images: http.Server | undefined;

async function start(): Promise<{ app: App; pg: Playground }> {
  dataDir = tempDataDir();
  app = await startBot(testConfig(dataDir, QUIET));
  pg = await Playground.start(`${app.url}/api/messages`);
  return { app, pg };
}

afterEach(async () => {
  images?.closeAllConnections();
  images?.close();
  images = undefined;
  await pg?.stop().catch(() => undefined);
  await app?.close().catch(() => undefined);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  pg = undefined;
  app = undefined;
  dataDir = undefined;
});

const caseNumberIn = (text: string) => /CAS-\d{5}-[A-Z0-9]{6}/.exec(text)?.[0];

// What to wait for: a new card with an action, a text containing a fragment, a card updated in place.
const cardWith =
  (conversationId: string, verb: string, fragment = '') =>
  (p: Post) =>
    p.conversationId === conversationId &&
    p.kind === 'new' &&
    hasVerb(p, verb) &&
    cardText(p).includes(fragment);
const textWith = (conversationId: string, fragment: string) => (p: Post) =>
  p.conversationId === conversationId && p.kind === 'new' && p.text.includes(fragment);
const updateOf = (post: Post, fragment: string) => (p: Post) =>
  p.kind === 'update' && p.id === post.id && cardText(p).includes(fragment);
const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const fileOffer = (conversationId: string, name: string) => (p: Post) =>
  p.conversationId === conversationId &&
  p.kind === 'new' &&
  p.attachments.some((a) => a.contentType === FILE_CONSENT && a.name === name);
const consentOf = (post: Post) => post.attachments.find((a) => a.contentType === FILE_CONSENT)!;

/** A 1×1 PNG: a pasted screenshot's bytes. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Serves the PNG where Teams would keep a pasted image (the bot fetches it from the message's contentUrl). */
async function serveImage(): Promise<{ url: string; fetched: () => number }> {
  let count = 0;
  images = http.createServer((_req, res) => {
    count += 1;
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length });
    res.end(PNG);
  });
  await new Promise<void>((resolve) => images!.listen(0, '127.0.0.1', resolve));
  const { port } = images.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, fetched: () => count };
}

it('engineers: a Chinese chat is escalated, taken over in the channel, relayed both ways and closed with a summary in both places', async () => {
  const { pg } = await start();
  const chat = pg.personalChatId;
  const channel = pg.channelId;

  // Installed in the team, the bot greets the channel it will post cases in.
  let at = await pg.installInTeam();
  await pg.waitFor(
    'the greeting in the channel',
    textWith(channel, 'post cases that need an engineer here'),
    {
      after: at,
    },
  );

  // The user's case up to the log step, in Chinese.
  at = await pg.say(chat, `KB5011503 在两台终端上安装失败，报错 0x80073712，联系人张先生 ${PHONE}`);
  const problem = await pg.waitFor(
    'the problem card',
    cardWith(chat, 'problem-definition.confirm', '问题定义'),
    {
      after: at,
    },
  );
  expect(cardText(problem)).toContain('0x80073712');
  expect(cardText(problem)).toContain(PHONE); // the user's own chat shows it as given
  const caseNumber = caseNumberIn(cardText(problem))!;
  expect(caseNumber).toBeDefined();
  at = await pg.press(problem, 'problem-definition.confirm');
  const scope = await pg.waitFor('the scope card', cardWith(chat, 'scope.accept', '问题范围'), { after: at });
  at = await pg.press(scope, 'scope.accept');
  await pg.waitFor(
    'the log-collection card',
    (p) => p.conversationId === chat && cardText(p).includes('日志收集'),
    {
      after: at,
    },
  );

  // "转人工": the user is told, and the case card appears in the channel.
  at = await pg.say(chat, '转人工');
  await pg.waitFor('the hand-over notice', textWith(chat, `已请技术支持工程师接手案例 ${caseNumber}`), {
    after: at,
  });
  const caseCard = await pg.waitFor(
    'the case card in the channel',
    cardWith(channel, 'escalation.take', caseNumber),
    {
      after: at,
    },
  );
  expect(cardText(caseCard)).toContain('0x80073712');
  expect(cardText(caseCard)).toContain('Contact              : 张先生 <phone>');
  const thread = pg.threadOf(caseCard);

  // The engineer (the Playground's user) takes it over: the thread confirms, the user learns who joined.
  at = await pg.press(caseCard, 'escalation.take');
  const taken = await pg.waitFor('the take-over reply', textWith(thread, `has taken case ${caseNumber}`), {
    after: at,
  });
  const engineer = /^(.+) has taken case/.exec(taken.text)![1];
  expect(engineer).toBe('Alex Wilber'); // the Playground's user
  const joined = await pg.waitFor('the user told who joined', textWith(chat, '已接手案例'), { after: at });
  expect(joined.text).toContain(`技术支持工程师 ${engineer} 已接手案例 ${caseNumber} 并加入本对话`);
  await pg.waitFor('the case card showing its owner', updateOf(caseCard, `Taken by ${engineer}`), {
    after: at,
  });

  // The user's message goes into the thread, with the phone number masked.
  at = await pg.say(chat, `我已经重启过两次了，还是一样。有问题请打 ${PHONE}`);
  const relayed = await pg.waitFor('the relayed message', textWith(thread, '**Customer:**'), { after: at });
  expect(relayed.text.trim()).toBe('**Customer:** 我已经重启过两次了，还是一样。有问题请打 <phone>');

  // The engineer's @mention reply in the thread reaches the user.
  const advice = 'Please run DISM /Online /Cleanup-Image /ScanHealth and tell me the result.';
  at = await pg.say(thread, advice, { mention: true });
  const back = await pg.waitFor("the engineer's reply in the chat", textWith(chat, 'ScanHealth'), {
    after: at,
  });
  expect(back.text).toBe(`${engineer}（工程师）：${advice}`);

  // `files` in the thread gives the case page; a file PUT to its API reaches the user as a file to accept.
  at = await pg.say(thread, 'files', { mention: true });
  const filesReply = await pg.waitFor('the case page link', textWith(thread, `Case ${caseNumber}'s page`), {
    after: at,
  });
  const link = /\[files\]\((https?:\/\/\S+?)\/engineer\/([^)\s/]+)\)/.exec(filesReply.text);
  expect(link).not.toBeNull();
  const [, base, token] = link!;
  const page = await fetch(`${base}/engineer/${token}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(caseNumber);
  const note = '修复说明.txt';
  at = pg.cursor();
  const bytes = Buffer.from('先运行 DISM /RestoreHealth，再重启。\n', 'utf8');
  const put = await fetch(`${base}/api/engineer/${token}?name=${encodeURIComponent(note)}`, {
    method: 'PUT',
    body: bytes,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
  expect(put.status).toBe(200);
  expect(await put.json()).toMatchObject({ ok: true });
  const told = await pg.waitFor(
    'the user told a file comes',
    textWith(chat, `${engineer}（工程师）给您发送了一个文件`),
    { after: at },
  );
  const offer = await pg.waitFor(`${note} offered in the chat`, fileOffer(chat, note), { after: at });
  expect(offer.seq).toBeGreaterThan(told.seq);
  expect(consentOf(offer).content?.sizeInBytes).toBe(bytes.length); // the bytes PUT, all of them
  await pg.waitFor('the thread told the file went', textWith(thread, `Sent ${note} to the user.`), {
    after: at,
  });

  // A screenshot pasted in the thread: the bot fetches it from its URL and offers it to the user the same way.
  // (The Playground's compose box takes no images: it goes as its "Custom activity", see `paste`.)
  const screenshot = await serveImage();
  at = await pg.paste(
    thread,
    'The error screen:',
    [{ contentType: 'image/png', contentUrl: `${screenshot.url}/screenshot.png` }],
    { mention: true },
  );
  await pg.waitFor(
    'the words with the screenshot',
    textWith(chat, `${engineer}（工程师）：The error screen:`),
    {
      after: at,
    },
  );
  const shownToUser = await pg.waitFor(
    'the user told a screenshot comes',
    textWith(chat, `${engineer}（工程师）给您发送了一个文件`),
    { after: at },
  );
  const image = await pg.waitFor('the screenshot offered in the chat', fileOffer(chat, 'image.png'), {
    after: at,
  });
  expect(image.seq).toBeGreaterThan(shownToUser.seq);
  expect(consentOf(image).content?.sizeInBytes).toBe(PNG.length);
  await pg.waitFor('the thread told the screenshot went', textWith(thread, 'Sent image.png to the user.'), {
    after: at,
  });
  expect(screenshot.fetched()).toBe(1);

  // "close" in the thread: consent, survey, then the summary in the chat and in the thread.
  at = await pg.say(thread, 'close', { mention: true });
  await pg.waitFor('the closing reply', textWith(thread, `Asked the user to close case ${caseNumber}`), {
    after: at,
  });
  const closure = await pg.waitFor(
    'the closure card',
    cardWith(chat, 'closure.accept', `是否归档案例 ${caseNumber}？`),
    {
      after: at,
    },
  );
  at = await pg.press(closure, 'closure.accept');
  const survey = await pg.waitFor('the survey card', cardWith(chat, 'survey.submit'), { after: at });
  at = await pg.press(survey, 'survey.submit', { score: '5', comment: '工程师很专业' });
  const summary = await pg.waitFor('the summary card in the chat', cardWith(chat, 'summary.reopen'), {
    after: at,
  });
  expect(cardText(summary)).toContain(`案例总结：${caseNumber}`);
  expect(cardText(summary)).toContain(`负责工程师 : ${engineer}`);
  expect(cardText(summary)).toContain('评分：5/5');
  expect(cardText(summary)).toContain('工程师很专业');
  const posted = await pg.waitFor(
    'the closure summary in the thread',
    textWith(thread, '## Case summary: '),
    {
      after: at,
    },
  );
  expect(posted.text).toContain(`## Case summary: ${caseNumber}\n**Status**: archived`);
  expect(posted.text).toContain(`**Engineer**: ${engineer}`);
  expect(posted.text).toContain('- Error code: 0x80073712');
  expect(posted.text).toContain('Rating: 5/5');
  await pg.waitFor('the case card marked closed', updateOf(caseCard, 'Closed at'), { after: at });

  // Nothing the bot put in the channel (posts, thread replies, card updates; every logged copy) carries
  // the phone number: it shows as <phone>.
  const inChannel = pg.allCopies().filter((p) => p.conversationId.split(';')[0] === channel);
  expect(inChannel.length).toBeGreaterThanOrEqual(8);
  for (const p of inChannel) expect(JSON.stringify(p.raw)).not.toContain(PHONE);
  expect(inChannel.filter((p) => JSON.stringify(p.raw).includes('<phone>')).length).toBeGreaterThanOrEqual(3);
});

it('the reference case in English: upload link, two zips, diagnosis, stages one by one, closure, survey and summary', async () => {
  const { app, pg } = await start();
  const chat = pg.personalChatId;

  let at = await pg.say(chat, 'KB5011503 fails to install on two terminals with error 0x80073712');
  const problem = await pg.waitFor(
    'the problem card',
    cardWith(chat, 'problem-definition.confirm', 'KB5011503'),
    {
      after: at,
    },
  );
  const caseNumber = caseNumberIn(cardText(problem))!;
  expect(caseNumber).toBeDefined();
  at = await pg.press(problem, 'problem-definition.confirm');
  const scope = await pg.waitFor('the scope card', cardWith(chat, 'scope.accept'), { after: at });
  at = await pg.press(scope, 'scope.accept');

  // The log-collection card carries the case's upload link; its API takes a PUT of each zip.
  const logCard = await pg.waitFor(
    'the log-collection card with its link',
    (p) => p.conversationId === chat && p.kind === 'new' && /\/upload\//.test(JSON.stringify(p.card ?? {})),
    { after: at },
  );
  expect(cardText(logCard)).toContain('Log collection');
  const link = /https?:\/\/[^"\s)]+\/upload\/(CAS-[A-Za-z0-9_-]+)/.exec(JSON.stringify(logCard.card));
  expect(link?.[1].startsWith(`${caseNumber}_`)).toBe(true);
  const api = `${app.url}/api/uploads/${link![1]}`;

  // Both terminals' zips, with real HTTP PUTs, one after the other.
  for (const machine of ['TERM-01', 'TERM-02']) {
    const zip = await collectorBundle({
      machine,
      logs: 'component-store-corrupt',
      day: '2022-05-19',
      source: 'wsus',
    });
    at = pg.cursor();
    const name = bundleName(machine, '2022-05-19');
    const res = await fetch(`${api}?name=${encodeURIComponent(name)}`, { method: 'PUT', body: zip });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, duplicate: false });
    await pg.waitFor(`the upload of ${machine} acknowledged`, textWith(chat, `The upload ${name} arrived`), {
      after: at,
    });
    const diagnosis = await pg.waitFor(
      `the diagnosis of ${machine}`,
      cardWith(chat, 'diagnosis.engineer', `Diagnosis: ${machine}`),
      { after: at, timeoutMs: 60_000 },
    );
    const text = cardText(diagnosis);
    expect(text).toContain('0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT');
    expect(text).toContain('Failed to complete component closure [HRESULT = 0x80073712');
    expect(text).toContain('17763');
    expect(text).toMatch(/WSUS/);
  }
  const same = await pg.waitFor('"same reason"', textWith(chat, 'The 2 machines fail for the same reason'), {
    after: at,
  });
  expect(same.text).toContain('0x80073712 (ERROR_SXS_COMPONENT_STORE_CORRUPT)');

  // Stage 1, the reset script (sent as a file too): still fails.
  let stage = await pg.waitFor('stage 1', cardWith(chat, 'remediation.failing', 'Stage 1 of'), { after: at });
  const stageCount = Number(/Stage 1 of (\d+)/.exec(cardText(stage))![1]);
  expect(stageCount).toBe(6);
  const titleOf = (p: Post) => new RegExp(`Stage \\d+ of ${stageCount}: (.+)`).exec(cardText(p))![1].trim();
  const titles = [titleOf(stage)];
  expect(titles[0]).toBe('Reset the Windows Update components (UpdateReset.cmd)');
  await pg.waitFor(
    'UpdateReset.cmd offered as a file',
    (p) =>
      p.conversationId === chat &&
      (p.raw.attachments ?? []).some(
        (a: { contentType?: string; content?: { description?: string } }) =>
          a.contentType === 'application/vnd.microsoft.teams.card.file.consent' &&
          a.content?.description?.startsWith('UpdateReset.cmd'),
      ),
    { after: at },
  );
  at = await pg.press(stage, 'remediation.failing');
  await pg.waitFor('stage 1 marked still failing', updateOf(stage, 'Outcome: still failing.'), { after: at });
  const verify = await pg.waitFor(
    'the verify card',
    cardWith(chat, 'verify.next', 'Stage 1 did not fix it'),
    {
      after: at,
    },
  );
  at = await pg.press(verify, 'verify.next');

  // Stage 2 cannot be done.
  stage = await pg.waitFor('stage 2', cardWith(chat, 'remediation.cannot', 'Stage 2 of 6'), { after: at });
  titles.push(titleOf(stage));
  at = await pg.press(stage, 'remediation.cannot');
  await pg.waitFor('stage 2 skipped', updateOf(stage, 'Outcome: skipped (could not be done).'), {
    after: at,
  });
  expect(titles[1]).toBe('Repair the component store with DISM, then run SFC');

  // Stage 3 (install the missing package) is passed over, saying why: no log names a missing package.
  // Stage 4 fixes it.
  stage = await pg.waitFor('stage 4', cardWith(chat, 'remediation.fixed', 'Stage 4 of 6'), { after: at });
  const passedOver = /Stage 3 \((.+)\) is skipped: no log names a missing package\./.exec(cardText(stage));
  expect(passedOver?.[1]).toBe('Install the missing package from the Microsoft Update Catalog');
  titles.push(passedOver![1], titleOf(stage));
  at = await pg.press(stage, 'remediation.fixed');
  await pg.waitFor('stage 4 marked fixed', updateOf(stage, 'Outcome: fixed.'), { after: at });

  // Closure with consent, the survey, and the summary built from the case record.
  const closure = await pg.waitFor(
    'the closure card',
    cardWith(chat, 'closure.accept', `Archive case ${caseNumber}?`),
    {
      after: at,
    },
  );
  expect(cardText(closure)).toContain('The update installs now: the problem is resolved.');
  at = await pg.press(closure, 'closure.accept');
  const survey = await pg.waitFor('the survey card', cardWith(chat, 'survey.submit'), { after: at });
  at = await pg.press(survey, 'survey.submit', { score: '5', comment: 'Clear steps' });
  await pg.waitFor('the survey thanked', updateOf(survey, 'Thank you: 5/5'), { after: at });
  const summary = await pg.waitFor(
    'the summary card',
    cardWith(chat, 'summary.reopen', `Case summary: ${caseNumber}`),
    {
      after: at,
    },
  );
  const text = cardText(summary);
  expect(text).toContain('Logs of TERM-01 analysed: 0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT.');
  expect(text).toContain('Logs of TERM-02 analysed: 0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT.');
  expect(text).toContain(
    'The 2 machines fail for the same reason: 0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT: The component store (WinSxS) is corrupt',
  );
  // Each stage's result on each terminal (the buttons speak for every machine still failing).
  const both = 'both (TERM-01, TERM-02)';
  expect(text).toContain(`Stage 1 “${titles[0]}”: failed on ${both} (0x80073712).`);
  expect(text).toContain(`Stage 2 “${titles[1]}”: could not be done on ${both}.`);
  expect(text).toContain(`Stage 3 “${titles[2]}”: skipped (no log names a missing package).`);
  expect(text).toContain(`Stage 4 “${titles[3]}”: fixed on ${both}.`);
  expect(text).toContain(`Resolved by stage 4: ${titles[3]}.`);
  expect(text).toContain('The update problem is resolved.');
  expect(text).toContain('Rating: 5/5');
  expect(text).toContain('Clear steps');
  // "Stages tried" lists the four stages in order with their outcomes, and none that was not tried.
  const tried = /Stages tried\n([\s\S]*?)\nOutcome\n/.exec(text)?.[1] ?? '';
  expect(tried.split('\n').map((line) => line.replace(/\s+/g, ' ').trim())).toEqual([
    `1. ${titles[0]} still failing`,
    `2. ${titles[1]} skipped (could not be done)`,
    `3. ${titles[2]} skipped (no log names a missing package)`,
    `4. ${titles[3]} fixed`,
  ]);
  await pg.waitFor(
    'the archived notice',
    textWith(chat, `Case ${caseNumber} is archived with this summary`),
    {
      after: at,
    },
  );
});
