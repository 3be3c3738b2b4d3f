// Two walks through Microsoft's Agents Playground (the local Teams emulator `npm run playground` starts)
// against the real bot in-process: what a person does by hand in its web UI, done through its internal
// HTTP API, with the bot's replies read from the Playground's own log.
//   1. The engineers' desk (issue 6): escalation from a Chinese chat, take-over in the team channel,
//      messages relayed both ways, "close" → consent, survey, summary in the chat and in the thread.
//   2. The reference case in English (issue 5): upload link, two terminals' zips PUT over HTTP, diagnosis,
//      the remediation stages one by one, closure, survey and a summary listing each stage's outcome.

import fs from 'node:fs';
import type { App } from '../../src/app';
import { startBot, tempDataDir, testConfig } from '../e2e/harness';
import { bundleName, collectorBundle } from '../transcripts/fixtures';
import { cardText, hasVerb, Playground, shown, type Post } from './playgroundClient';

jest.setTimeout(180_000);

const PHONE = '13812345678';
/** Reminders far in the future: nothing the walks do not ask for. */
const QUIET = { FOLLOW_UPS: '30d,60d,90d,120d', ESCALATION_REANNOUNCE: '1d' };

let dataDir: string | undefined;
let app: App | undefined;
let pg: Playground | undefined;

async function start(): Promise<{ app: App; pg: Playground }> {
  dataDir = tempDataDir();
  app = await startBot(testConfig(dataDir, QUIET));
  pg = await Playground.start(`${app.url}/api/messages`);
  return { app, pg };
}

afterEach(async () => {
  await pg?.stop().catch(() => undefined);
  await app?.close().catch(() => undefined);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  pg = undefined;
  app = undefined;
  dataDir = undefined;
});

const isNew = (p: Post) => p.kind === 'new';
const caseNumberIn = (text: string) => /CAS-\d{5}-[A-Z0-9]{6}/.exec(text)?.[0];

it('engineers: a Chinese chat is escalated, taken over in the channel, relayed both ways and closed with a summary in both places', async () => {
  const { pg } = await start();
  const chat = pg.personalChatId;
  const inChat = (p: Post) => p.conversationId === chat;

  // Installed in the team, the bot greets the channel it will post cases in.
  let at = await pg.installInTeam();
  await pg.waitFor('the greeting in the channel', (p) => p.conversationId === pg.channelId && /post cases that need an engineer here/.test(p.text), { after: at });

  // The user's case up to the log step, in Chinese.
  at = await pg.say(chat, `KB5011503 在两台终端上安装失败，报错 0x80073712，联系人张先生 ${PHONE}`);
  const problem = await pg.waitFor('the problem card', (p) => inChat(p) && isNew(p) && hasVerb(p, 'problem-definition.confirm'), { after: at });
  expect(cardText(problem)).toContain('问题定义');
  expect(cardText(problem)).toContain('0x80073712');
  const caseNumber = caseNumberIn(shown(problem))!;
  expect(caseNumber).toBeDefined();

  at = await pg.press(problem, 'problem-definition.confirm');
  const scope = await pg.waitFor('the scope card', (p) => inChat(p) && isNew(p) && hasVerb(p, 'scope.accept'), { after: at });
  expect(cardText(scope)).toContain('问题范围');
  at = await pg.press(scope, 'scope.accept');
  await pg.waitFor('the log-collection card', (p) => inChat(p) && isNew(p) && /日志收集/.test(cardText(p)), { after: at });

  // "转人工": the user is told, and the case card appears in the channel.
  at = await pg.say(chat, '转人工');
  await pg.waitFor('the hand-over notice', (p) => inChat(p) && p.text.includes('已请技术支持工程师接手案例') && p.text.includes(caseNumber), { after: at });
  const caseCard = await pg.waitFor('the case card in the channel', (p) => p.conversationId === pg.channelId && isNew(p) && hasVerb(p, 'escalation.take'), { after: at });
  expect(cardText(caseCard)).toContain(caseNumber);
  expect(cardText(caseCard)).toContain('0x80073712');
  const thread = pg.threadOf(caseCard);

  // The engineer (the Playground's user) takes it over: the thread confirms, the user learns who joined.
  at = await pg.press(caseCard, 'escalation.take');
  const taken = await pg.waitFor('the take-over reply in the thread', (p) => p.conversationId === thread && p.text.includes(`has taken case ${caseNumber}`), { after: at });
  const engineer = /^(.+) has taken case/.exec(taken.text)![1];
  const joined = await pg.waitFor('the user told who joined', (p) => inChat(p) && p.text.includes('已接手案例'), { after: at });
  expect(joined.text).toContain(`技术支持工程师 ${engineer} 已接手案例 ${caseNumber}`);
  await pg.waitFor('the case card showing its owner', (p) => p.kind === 'update' && p.id === caseCard.id && cardText(p).includes(engineer), { after: at });

  // The user's message goes into the thread, masked.
  at = await pg.say(chat, `我已经重启过两次了，还是一样。有问题请打 ${PHONE}`);
  const relayed = await pg.waitFor('the relayed message in the thread', (p) => p.conversationId === thread && p.text.includes('**Customer:**'), { after: at });
  expect(relayed.text).toContain('我已经重启过两次了，还是一样');
  expect(relayed.text).not.toContain(PHONE);

  // The engineer's @mention reply in the thread reaches the user.
  const advice = 'Please run DISM /Online /Cleanup-Image /ScanHealth and tell me the result.';
  at = await pg.say(thread, advice, { mention: true });
  const back = await pg.waitFor("the engineer's reply in the chat", (p) => inChat(p) && p.text.includes('ScanHealth'), { after: at });
  expect(back.text).toBe(`${engineer}（工程师）：${advice}`);

  // "close" in the thread: consent, survey, summary in the chat and in the thread.
  at = await pg.say(thread, 'close', { mention: true });
  await pg.waitFor('the closing reply in the thread', (p) => p.conversationId === thread && p.text.includes(`Asked the user to close case ${caseNumber}`), { after: at });
  const closure = await pg.waitFor('the closure card', (p) => inChat(p) && isNew(p) && hasVerb(p, 'closure.accept'), { after: at });
  expect(cardText(closure)).toContain(`是否归档案例 ${caseNumber}？`);
  at = await pg.press(closure, 'closure.accept');
  const survey = await pg.waitFor('the survey card', (p) => inChat(p) && isNew(p) && hasVerb(p, 'survey.submit'), { after: at });
  at = await pg.press(survey, 'survey.submit', { score: '5', comment: '工程师很专业' });
  const summary = await pg.waitFor('the summary card in the chat', (p) => inChat(p) && isNew(p) && cardText(p).includes('案例总结'), { after: at });
  const summaryText = cardText(summary);
  expect(summaryText).toContain(`案例总结：${caseNumber}`);
  expect(summaryText).toContain('评分：5/5');
  expect(summaryText).toContain('工程师很专业');
  const posted = await pg.waitFor('the closure summary in the thread', (p) => p.conversationId === thread && p.text.includes('## Case summary:'), { after: at });
  expect(posted.text).toContain(`## Case summary: ${caseNumber}`);
  expect(posted.text).toContain('0x80073712');
  expect(posted.text).toContain('5/5');

  // Nothing the bot put in the channel (posts, thread replies, card updates) carries the phone number.
  const channelPosts = pg.all().filter((p) => p.conversationId.split(';')[0] === pg.channelId);
  expect(channelPosts.length).toBeGreaterThanOrEqual(6);
  for (const p of channelPosts) expect(JSON.stringify(p.raw)).not.toContain(PHONE);
  // ... while the user's own chat shows it as given.
  expect(cardText(problem)).toContain(PHONE);
});

it('the reference case in English: upload link, two zips, diagnosis, stages one by one, closure, survey and summary', async () => {
  const { app, pg } = await start();
  const chat = pg.personalChatId;
  const inChat = (p: Post) => p.conversationId === chat;
  const newCard = (verb: string) => (p: Post) => inChat(p) && isNew(p) && hasVerb(p, verb);

  let at = await pg.say(chat, 'KB5011503 fails to install on two terminals with error 0x80073712');
  const problem = await pg.waitFor('the problem card', newCard('problem-definition.confirm'), { after: at });
  expect(cardText(problem)).toContain('KB5011503');
  const caseNumber = caseNumberIn(shown(problem))!;
  expect(caseNumber).toBeDefined();
  at = await pg.press(problem, 'problem-definition.confirm');
  const scope = await pg.waitFor('the scope card', newCard('scope.accept'), { after: at });
  at = await pg.press(scope, 'scope.accept');

  // The log-collection card carries the case's upload link.
  const logCard = await pg.waitFor('the log-collection card with its link', (p) => inChat(p) && isNew(p) && /\/upload\//.test(JSON.stringify(p.card ?? {})), { after: at });
  expect(cardText(logCard)).toContain('Log collection');
  const link = /https?:\/\/[^"\s)]+\/upload\/(CAS-[A-Za-z0-9_-]+)/.exec(JSON.stringify(logCard.card));
  expect(link).not.toBeNull();
  expect(link![1].startsWith(`${caseNumber}_`)).toBe(true);
  const api = `${app.url}/api/uploads/${link![1]}`;

  // Both terminals' zips, PUT over HTTP like the upload page and the collector do.
  const diagnoses: Post[] = [];
  for (const machine of ['TERM-01', 'TERM-02']) {
    const zip = await collectorBundle({ machine, logs: 'component-store-corrupt', day: '2022-05-19', source: 'wsus' });
    at = pg.cursor();
    const res = await fetch(`${api}?name=${encodeURIComponent(bundleName(machine, '2022-05-19'))}`, { method: 'PUT', body: zip });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, duplicate: false });
    diagnoses.push(await pg.waitFor(`the diagnosis of ${machine}`, (p) => inChat(p) && isNew(p) && cardText(p).includes(`Diagnosis: ${machine}`), { after: at, timeoutMs: 60_000 }));
  }
  for (const card of diagnoses) {
    const text = cardText(card);
    expect(text).toContain('0x80073712');
    expect(text).toContain('ERROR_SXS_COMPONENT_STORE_CORRUPT');
    expect(text).toContain('17763');
    expect(text).toMatch(/wsus/i);
  }
  const same = await pg.waitFor('"same reason"', (p) => inChat(p) && p.text.startsWith('The 2 machines fail for the same reason'), { after: at });
  expect(same.text).toContain('0x80073712');

  // The stages, from the least invasive: 1 still fails, 2 and 3 cannot be done, 4 fixes it.
  let stage = await pg.waitFor('stage 1', (p) => newCard('remediation.failing')(p) && cardText(p).includes('Stage 1 of'), { after: at });
  const stageCount = Number(/Stage 1 of (\d+)/.exec(cardText(stage))![1]);
  expect(stageCount).toBeGreaterThanOrEqual(4);
  expect(cardText(stage)).toContain(`Stage 1 of ${stageCount}: Reset the Windows Update components (UpdateReset.cmd)`);
  // The reset script comes with it, offered as a file in the chat.
  await pg.waitFor(
    'UpdateReset.cmd offered as a file',
    (p) => inChat(p) && isNew(p) && (p.raw.attachments ?? []).some((a: { name?: string }) => a.name === 'UpdateReset.cmd'),
    { after: at },
  );
  const titles: string[] = [];
  const titleOf = (p: Post) => new RegExp(`Stage \\d+ of ${stageCount}: (.+)`).exec(cardText(p))![1].trim();
  titles.push(titleOf(stage));

  at = await pg.press(stage, 'remediation.failing');
  await pg.waitFor('stage 1 marked still failing', (p) => p.kind === 'update' && p.id === stage.id && cardText(p).includes('Outcome: still failing.'), { after: at });
  const verify = await pg.waitFor('the verify card', newCard('verify.next'), { after: at });
  expect(cardText(verify)).toContain('Stage 1 did not fix it');
  at = await pg.press(verify, 'verify.next');

  for (const number of [2, 3]) {
    stage = await pg.waitFor(`stage ${number}`, (p) => newCard('remediation.cannot')(p) && cardText(p).includes(`Stage ${number} of ${stageCount}`), { after: at });
    titles.push(titleOf(stage));
    at = await pg.press(stage, 'remediation.cannot');
    await pg.waitFor(`stage ${number} marked skipped`, (p) => p.kind === 'update' && p.id === stage.id && cardText(p).includes('Outcome: skipped (could not be done).'), { after: at });
  }
  expect(titles[1]).toBe('Repair the component store with DISM, then run SFC');

  stage = await pg.waitFor('stage 4', (p) => newCard('remediation.fixed')(p) && cardText(p).includes(`Stage 4 of ${stageCount}`), { after: at });
  titles.push(titleOf(stage));
  at = await pg.press(stage, 'remediation.fixed');
  await pg.waitFor('stage 4 marked fixed', (p) => p.kind === 'update' && p.id === stage.id && cardText(p).includes('Outcome: fixed.'), { after: at });

  // Closure with consent, the survey, and the summary built from the case record.
  const closure = await pg.waitFor('the closure card', newCard('closure.accept'), { after: at });
  expect(cardText(closure)).toContain(`Archive case ${caseNumber}?`);
  expect(cardText(closure)).toContain('The update installs now');
  at = await pg.press(closure, 'closure.accept');
  const survey = await pg.waitFor('the survey card', newCard('survey.submit'), { after: at });
  at = await pg.press(survey, 'survey.submit', { score: '5', comment: 'Clear steps' });
  await pg.waitFor('the survey thanked', (p) => p.kind === 'update' && p.id === survey.id && cardText(p).includes('Thank you: 5/5'), { after: at });
  const summary = await pg.waitFor('the summary card', (p) => inChat(p) && isNew(p) && cardText(p).includes(`Case summary: ${caseNumber}`), { after: at });
  const text = cardText(summary);
  expect(text).toContain('Logs of TERM-01 analysed: 0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT.');
  expect(text).toContain('Logs of TERM-02 analysed: 0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT.');
  expect(text).toContain('All 2 machines fail for the same reason');
  expect(text).toContain(`Stage 1, ${titles[0]}: still failing.`);
  expect(text).toContain(`Stage 2, ${titles[1]}: skipped (could not be done).`);
  expect(text).toContain(`Stage 3, ${titles[2]}: skipped (could not be done).`);
  expect(text).toContain(`Stage 4, ${titles[3]}: fixed.`);
  expect(text).toContain(`Resolved by stage 4: ${titles[3]}.`);
  expect(text).toContain('The update problem is resolved.');
  expect(text).toContain('Rating: 5/5');
  expect(text).toContain('Clear steps');
  // "Stages tried" lists the four stages in order with their outcomes, and no stage that was not tried.
  const tried = /Stages tried\n([\s\S]*?)\nOutcome/.exec(text)?.[1] ?? '';
  expect(tried.split('\n').map((line) => line.replace(/\s+/g, ' ').trim())).toEqual([
    `1. ${titles[0]} still failing`,
    `2. ${titles[1]} skipped (could not be done)`,
    `3. ${titles[2]} skipped (could not be done)`,
    `4. ${titles[3]} fixed`,
  ]);
  await pg.waitFor('the archived notice', (p) => inChat(p) && p.text.includes(`Case ${caseNumber} is archived with this summary`), { after: at });
});
