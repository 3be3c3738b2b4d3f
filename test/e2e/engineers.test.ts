/**
 * Engineers over real HTTP, the local connector playing Teams with both a user's 1:1 chat and the
 * engineers' team channel: escalation posts a case card in the channel, two engineers race for it (one
 * wins), messages are relayed both ways through the card's thread, notes stay internal, hand-back resumes
 * the step, closing runs consent + survey and posts the summary in both places; non-engineers are refused
 * every engineer action; personal data is masked in the channel.
 */
import fs from 'node:fs';
import { t } from '../../src/i18n';
import type { App } from '../../src/app';
import { collectorBundle } from '../transcripts/fixtures';
import { FILE_CONSENT_CARD, type LocalConnector, type RecordedActivity } from '../../tools/connector';
import {
  ENGINEERS_CHANNEL,
  ENGINEERS_TEAM,
  cardOf,
  connectTo,
  inChannel,
  installInTeam,
  isCard,
  press,
  readCard,
  startBot,
  tempDataDir,
  testConfig,
  textOf,
  toLogCollection,
  verbsOf,
  storeEnv,
} from './harness';

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { makeZip } from '../diagnosis/bundle/zip-writer';

jest.setTimeout(60_000);

const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';

const CHANNEL = ENGINEERS_CHANNEL;
const ENGINEER_1 = { id: 'eng-1', name: 'Wang Engineer', aadObjectId: 'aad-eng-1' };
const ENGINEER_2 = { id: 'eng-2', name: 'Li Engineer', aadObjectId: 'aad-eng-2' };
const STRANGER = { id: 'someone', name: 'Not An Engineer', aadObjectId: 'aad-someone' };
const PROBLEM = 'KB5011503 在两台终端上安装失败，报错 0x80073712，联系人张先生 13812345678';

let dataDir: string;
let app: App;
let connector: LocalConnector;

const thread = (root: string) => `${CHANNEL};messageid=${root}`;
const userChat = () => connector.conversationId;

function waitIn(
  conversationId: string,
  predicate: (r: RecordedActivity) => boolean,
  after = 0,
  timeoutMs = 10_000,
) {
  return connector.waitFor((r) => r.conversationId === conversationId && predicate(r), timeoutMs, { after });
}

async function userCard(verb: string, after: number) {
  return waitIn(userChat(), (r) => isCard(r) && verbsOf(r).includes(verb), after);
}

/** Install in the team, then a user's case up to the log step, then "转人工": the case card in the channel. */
async function escalatedCase(): Promise<{ card: RecordedActivity; caseNumber: string; uploadPage: string }> {
  await installInTeam(connector, ENGINEER_1);
  const { uploadPage } = await toLogCollection(connector, PROBLEM);

  const escalated = await connector.sendMessage('转人工');
  await waitIn(userChat(), (r) => /技术支持工程师/.test(textOf(r)), escalated.seq);
  const card = await waitIn(
    CHANNEL,
    (r) => r.kind === 'create' && isCard(r) && verbsOf(r).includes('escalation.take'),
  );
  const caseNumber = /CAS-\d{5}-[A-Z0-9]{6}/.exec(readCard(card))?.[0];
  expect(caseNumber).toBeDefined();
  return { card, caseNumber: caseNumber!, uploadPage };
}

function take(user: typeof ENGINEER_1, card: RecordedActivity, caseNumber: string) {
  return connector.sendInvoke(
    'escalation.take',
    { verb: 'escalation.take', caseNumber },
    inChannel(user, card.id),
  );
}

beforeEach(async () => {
  dataDir = tempDataDir();
  app = await startBot(
    testConfig(dataDir, { ENGINEERS: 'aad-eng-1,aad-eng-2', ESCALATION_REANNOUNCE: '1h' }),
  );
  connector = await connectTo(app, { locale: 'zh-CN' });
});

afterEach(async () => {
  await connector.close();
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('posts the escalated case in the engineers channel with its facts, personal data masked', async () => {
  const { card, caseNumber } = await escalatedCase();
  const shown = readCard(card);

  expect(shown).toContain(caseNumber);
  expect(shown).toContain('KB5011503');
  expect(shown).toContain('0x80073712');
  expect(shown).not.toContain('13812345678');
  expect(JSON.stringify(cardOf(card))).not.toContain('13812345678');
  expect(verbsOf(card)).toEqual(expect.arrayContaining(['escalation.take', 'escalation.timeline']));
  const row = await app.store.cases.get(caseNumber);
  expect(row?.status).toBe('awaiting-engineer');
});

it('gives the case to one of two engineers racing, tells the user, and updates the card in place', async () => {
  const { card, caseNumber } = await escalatedCase();

  const [a, b] = await Promise.all([take(ENGINEER_1, card, caseNumber), take(ENGINEER_2, card, caseNumber)]);
  expect([a.status, b.status]).toEqual([200, 200]);
  const replies = await Promise.all([
    waitIn(thread(card.id), (r) => /has taken case/.test(textOf(r))),
    waitIn(thread(card.id), (r) => /already taken by/.test(textOf(r))),
  ]);
  const winner = /^(.*) has taken case/.exec(textOf(replies[0]))![1];
  expect([ENGINEER_1.name, ENGINEER_2.name]).toContain(winner);
  expect(textOf(replies[1])).toContain(winner);

  // The card is updated in place, in its thread's conversation (where Teams addresses the root post).
  const updated = await waitIn(
    thread(card.id),
    (r) => r.kind === 'update' && r.id === card.id && readCard(r).includes(winner),
  );
  expect(verbsOf(updated)).not.toContain('escalation.take');
  await waitIn(userChat(), (r) => textOf(r).includes(`${winner}`) && /接手/.test(textOf(r)));
  expect(await app.store.cases.get(caseNumber)).toMatchObject({ owner: winner, status: 'with-engineer' });
});

it('relays both ways through the thread; a note stays internal; hand-back resumes the step', async () => {
  const { card, caseNumber } = await escalatedCase();
  await take(ENGINEER_1, card, caseNumber);
  const joined = await waitIn(userChat(), (r) => /Wang Engineer/.test(textOf(r)));

  const said = await connector.sendMessage('我已经重启过两次了，电话 13812345678');
  const relayed = await waitIn(thread(card.id), (r) => /Customer/.test(textOf(r)), said.seq);
  expect(textOf(relayed)).toContain('我已经重启过两次了');
  expect(textOf(relayed)).not.toContain('13812345678');

  const replied = await connector.sendMessage(
    'Please run DISM /Online /Cleanup-Image /ScanHealth',
    inChannel(ENGINEER_1, card.id),
  );
  const toUser = await waitIn(userChat(), (r) => /ScanHealth/.test(textOf(r)), replied.seq);
  expect(textOf(toUser)).toContain('Wang Engineer');

  const before = connector.activities(userChat()).length;
  const noted = await connector.sendMessage('note 客户所在网点无法访问外网', inChannel(ENGINEER_1, card.id));
  await waitIn(thread(card.id), (r) => /Noted on the timeline/.test(textOf(r)), noted.seq);
  expect(connector.activities(userChat())).toHaveLength(before);
  const timeline = await app.store.cases.timeline(caseNumber);
  expect(timeline.map((e) => e.what)).toEqual(
    expect.arrayContaining([
      'Note by Wang Engineer: 客户所在网点无法访问外网',
      'Wang Engineer took the case over.',
    ]),
  );

  // Another engineer's words in the thread stay among engineers: not relayed, and not answered.
  const chatBefore = connector.activities(userChat()).length;
  const other = await connector.sendMessage('I think it is the WSUS server', inChannel(ENGINEER_2, card.id));
  const ownerAgain = await connector.sendMessage('Thanks, checking', inChannel(ENGINEER_1, card.id));
  await waitIn(userChat(), (r) => /Thanks, checking/.test(textOf(r)), ownerAgain.seq);
  expect(connector.activities(userChat()).slice(chatBefore).map(textOf).join('\n')).not.toContain(
    'WSUS server',
  );
  expect(
    connector.activities(thread(card.id)).filter((r) => r.seq > other.seq && r.kind !== 'update'),
  ).toEqual([]);

  const handedBack = await connector.sendMessage('handback', inChannel(ENGINEER_1, card.id));
  await waitIn(userChat(), (r) => /交回/.test(textOf(r)), handedBack.seq);
  // The log step again: its card, in place of where the case left off.
  await waitIn(userChat(), (r) => isCard(r) && /上传/.test(readCard(r)), handedBack.seq);
  expect(joined.seq).toBeLessThan(handedBack.seq);
  expect((await app.store.escalations.get(caseNumber))?.endedAt).toBeDefined();
  const next = await connector.sendMessage('还需要多久？');
  // Back with the bot: the user's words are answered by the bot, not relayed to the thread.
  await waitIn(userChat(), (r) => r.kind !== 'update', next.seq);
  expect(connector.activities(thread(card.id)).some((r) => /还需要多久/.test(textOf(r)))).toBe(false);
});

it('closing by the engineer runs consent and survey with the user and posts the summary in both places', async () => {
  const { card, caseNumber } = await escalatedCase();
  await take(ENGINEER_1, card, caseNumber);
  await waitIn(userChat(), (r) => /Wang Engineer/.test(textOf(r)));

  const closed = await connector.sendMessage('close', inChannel(ENGINEER_1, card.id));
  await waitIn(thread(card.id), (r) => /Asked the user to close/.test(textOf(r)), closed.seq);
  const closure = await userCard('closure.accept', closed.seq);
  const consented = await press(connector, closure, 'closure.accept');
  const survey = await userCard('survey.submit', consented.seq);
  const rated = await press(connector, survey, 'survey.submit', { score: '5', comment: '工程师很专业' });

  const summary = await waitIn(
    userChat(),
    (r) => isCard(r) && readCard(r).includes(caseNumber) && /总结/.test(readCard(r)),
    rated.seq,
  );
  expect(readCard(summary)).toContain('0x80073712');
  const posted = await waitIn(
    thread(card.id),
    (r) => textOf(r).includes(caseNumber) && /Summary|summary/.test(textOf(r)),
    rated.seq,
  );
  expect(textOf(posted)).not.toContain('13812345678');
  expect(await app.store.cases.get(caseNumber)).toMatchObject({ status: 'archived' });
});

it("masks the people in an upload's file name in the case's thread and in `case show`", async () => {
  const { card, caseNumber, uploadPage } = await escalatedCase();
  const taken = await take(ENGINEER_1, card, caseNumber);
  await waitIn(thread(card.id), (r) => textOf(r).includes(ENGINEER_1.name), taken.seq);
  const name = 'zhangsan_13812345678_TERM-0231.zip';
  const zip = await makeZip([
    { name: 'Logs/CBS/CBS.log', data: '2022-05-19 11:49:09, Error CBS Failed [HRESULT = 0x80073712]\r\n' },
  ]);
  const before = connector.cursor();
  const put = await fetch(
    `${uploadPage.replace('/upload/', '/api/uploads/')}?name=${encodeURIComponent(name)}`,
    {
      method: 'PUT',
      body: zip,
    },
  );
  expect(put.status).toBe(200);
  const relayed = await waitIn(thread(card.id), (r) => textOf(r).includes('TERM-0231'), before);
  expect(textOf(relayed)).not.toMatch(/zhangsan|13812345678/);
  expect(textOf(relayed)).toMatch(/name.*phone.*TERM-0231\.zip/);

  const root = path.resolve(__dirname, '../..');
  const shown = spawnSync(
    path.join(root, 'node_modules/.bin/tsx'),
    [path.join(root, 'src/cli/case.ts'), 'show', caseNumber],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, DATA_DIR: dataDir, ...storeEnv(app) },
    },
  );
  expect(shown.status).toBe(0);
  expect(shown.stdout).toContain('TERM-0231');
  expect(shown.stdout).not.toMatch(/zhangsan|13812345678|张先生 13812345678/);
});

it('refuses every engineer action to someone not on the roster', async () => {
  const { card, caseNumber } = await escalatedCase();

  for (const send of [
    () => take(STRANGER, card, caseNumber),
    () => connector.sendMessage('note hello', inChannel(STRANGER, card.id)),
    () => connector.sendMessage('handback', inChannel(STRANGER, card.id)),
    () => connector.sendMessage('close', inChannel(STRANGER, card.id)),
    () => connector.sendMessage('priority P1', inChannel(STRANGER, card.id)),
    () => connector.sendMessage('timeline', inChannel(STRANGER, card.id)),
    () => connector.sendMessage('queue', inChannel(STRANGER)),
  ]) {
    const sent = await send();
    expect(sent.status).toBe(200);
    await connector.waitFor(
      (r) => r.seq > sent.seq && /only the engineers can work on cases/.test(textOf(r)),
      10_000,
      {
        after: sent.seq,
      },
    );
  }
  const escalation = await app.store.escalations.get(caseNumber);
  expect(escalation?.takenById).toBeUndefined();
  const row = await app.store.cases.get(caseNumber);
  expect(row?.priority).toBe('P3');
  const timeline = await app.store.cases.timeline(caseNumber);
  expect(timeline.some((e) => e.actor === 'engineer')).toBe(false);
  // Each refusal concerning the case is on its audit trail (the queue is no case's).
  const refusals = timeline.filter(
    (e) => e.what.includes(`${STRANGER.name} tried`) && /refused \(not an engineer\)/.test(e.what),
  );
  expect(refusals.map((e) => /tried "([^"]+)"/.exec(e.what)?.[1])).toEqual([
    'escalation.take',
    'note',
    'handback',
    'close',
    'priority',
    'timeline',
  ]);
});

it('lists the queue with waiting times, and shows the timeline to engineers', async () => {
  const { card, caseNumber } = await escalatedCase();

  const queued = await connector.sendMessage('queue', inChannel(ENGINEER_2));
  const list = await connector.waitFor(
    (r) => r.seq > queued.seq && /Open escalations \(1\)/.test(textOf(r)),
    10_000,
    {
      after: queued.seq,
    },
  );
  expect(textOf(list)).toContain(caseNumber);
  expect(textOf(list)).toMatch(/waiting \d+ (s|sec|min)/);

  const asked = await connector.sendInvoke(
    'escalation.timeline',
    { verb: 'escalation.timeline', caseNumber },
    inChannel(ENGINEER_2, card.id),
  );
  const timeline = await waitIn(
    thread(card.id),
    (r) => /Escalated to the engineers/.test(textOf(r)),
    asked.seq,
  );
  expect(textOf(timeline)).toContain('Asked to talk to an engineer');
});

it('passes the user’s screenshots and documents to the engineers instead of diagnosing them', async () => {
  const { card, caseNumber } = await escalatedCase();
  const pdf = Buffer.from('%PDF-1.4\n% a page of the branch terminal inventory\n');
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const attach = (attachment: object) =>
    connector.send(connector.buildActivity('message', { attachments: [attachment as never] }));

  // Still waiting for an engineer: the document is kept for them, and linked in the thread.
  const sentPdf = await attach({
    contentType: 'application/pdf',
    contentUrl: connector.serveFile('inventory.pdf', pdf, 'application/pdf'),
    name: '终端清单.pdf',
  });
  await waitIn(userChat(), (r) => /已把 终端清单\.pdf 添加到您的案例中/.test(textOf(r)), sentPdf.seq);
  const pdfNotice = await waitIn(
    thread(card.id),
    (r) => /The customer sent 终端清单\.pdf for you/.test(textOf(r)),
    sentPdf.seq,
  );

  // With the engineer: a pasted screenshot goes the same way.
  await take(ENGINEER_1, card, caseNumber);
  const sentPng = await attach({
    contentType: 'image/png',
    contentUrl: connector.serveFile('x', png, 'image/png'),
  });
  await waitIn(userChat(), (r) => /已把 image\.png 添加到您的案例中/.test(textOf(r)), sentPng.seq);
  const pngNotice = await waitIn(
    thread(card.id),
    (r) => /The customer sent image\.png for you/.test(textOf(r)),
    sentPng.seq,
  );

  for (const [notice, bytes] of [
    [pdfNotice, pdf],
    [pngNotice, png],
  ] as const) {
    const link = /\((https?:\/\/[^)]+\/engineer\/[^)]+\/files\/[0-9a-f-]+)\)/.exec(textOf(notice))?.[1];
    expect(link).toBeDefined();
    const got = await fetch(link!);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
  }
  // Not logs: nothing was diagnosed or refused, nothing became an upload; the page lists both.
  const said = connector.activities(userChat()).map(textOf);
  for (const name of ['终端清单.pdf', 'image.png'])
    expect(said).not.toContain(t('zh-CN', 'upload.refused.not-a-bundle', { name }));
  expect(await app.store.uploads.listByCase(caseNumber)).toEqual([]);
  const files = await app.store.caseFiles.listByCase(caseNumber);
  expect(files.map((f) => [f.name, f.direction])).toEqual([
    ['终端清单.pdf', 'from-user'],
    ['image.png', 'from-user'],
  ]);
  const page = await fetch(linkIn(pdfNotice, '/engineer/').replace(/\/files\/.*$/, ''));
  const html = await page.text();
  expect(html).toContain('终端清单.pdf');
  expect(html).toContain('image.png');
  // A file the user sent is not one the user's link serves back as "sent to the user".
  const userPage = /https?:\/\/[^"]+\/upload\/CAS-[A-Za-z0-9_-]+/.exec(
    JSON.stringify(connector.activities(userChat()).map((r) => cardOf(r))),
  )![0];
  expect((await fetch(`${userPage}/shared/${files[0].id}`)).status).toBe(404);
  expect((await app.store.cases.timeline(caseNumber)).map((e) => e.what)).toContain(
    'The user sent 终端清单.pdf for the engineers.',
  );
});

it('handles an engineer’s message Teams delivers twice only once', async () => {
  const { card, caseNumber } = await escalatedCase();
  await take(ENGINEER_1, card, caseNumber);
  await waitIn(userChat(), (r) => /Wang Engineer/.test(textOf(r)));

  const reply = connector.buildActivity(
    'message',
    { text: '请重启后再试一次' },
    inChannel(ENGINEER_1, card.id),
  );
  const first = await connector.send(reply);
  const again = await connector.send(reply);
  expect([first.status, again.status]).toEqual([200, 200]);
  await waitIn(userChat(), (r) => textOf(r).includes('请重启后再试一次'), first.seq);
  // A later message gets through, so the duplicate had its chance to arrive before it.
  const later = await connector.sendMessage('好的', inChannel(ENGINEER_1, card.id));
  await waitIn(userChat(), (r) => textOf(r).endsWith('好的'), later.seq);

  expect(connector.activities(userChat()).filter((r) => textOf(r).includes('请重启后再试一次'))).toHaveLength(
    1,
  );
  expect(
    (await app.store.cases.timeline(caseNumber)).filter((e) => e.what.includes('请重启后再试一次')),
  ).toHaveLength(1);
});

describe('without a roster', () => {
  it('lets the members of the engineers team work on cases, and refuses others posting in the channel', async () => {
    await connector.close();
    await app.close();
    app = await startBot(testConfig(dataDir, { ESCALATION_REANNOUNCE: '1h' }));
    connector = await connectTo(app, { locale: 'zh-CN' });
    // Teams answers for the team: the two engineers are members; the stranger (a guest of a shared
    // channel, say) is not.
    connector.setMembers(ENGINEERS_TEAM, [ENGINEER_1, ENGINEER_2]);
    const { card, caseNumber } = await escalatedCase();

    const refused = await take(STRANGER, card, caseNumber);
    await waitIn(thread(card.id), (r) => /only the engineers can work on cases/.test(textOf(r)), refused.seq);
    const noted = await connector.sendMessage('note hello', inChannel(STRANGER, card.id));
    await waitIn(thread(card.id), (r) => /Sorry Not An Engineer/.test(textOf(r)), noted.seq);
    expect((await app.store.escalations.get(caseNumber))?.takenById).toBeUndefined();

    const taken = await take(ENGINEER_2, card, caseNumber);
    await waitIn(thread(card.id), (r) => /Li Engineer has taken/.test(textOf(r)), taken.seq);
    expect((await app.store.escalations.get(caseNumber))?.takenByName).toBe('Li Engineer');
    expect((await app.store.cases.timeline(caseNumber)).map((e) => e.what)).not.toContain(
      'Note by Not An Engineer: hello',
    );
  });
});

it('keeps a screenshot the user sends before any engineer is involved, says logs are needed, and shows it to the engineers later', async () => {
  await installInTeam(connector, ENGINEER_1);
  const { caseNumber } = await toLogCollection(connector, PROBLEM);

  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const sent = await connector.send(
    connector.buildActivity('message', {
      attachments: [{ contentType: 'image/png', contentUrl: connector.serveFile('x', png, 'image/png') }],
    }),
  );
  const kept = await waitIn(userChat(), (r) => /已把 image\.png 保存到您的案例中/.test(textOf(r)), sent.seq);
  expect(textOf(kept)).toContain('日志的 zip 包');

  // Kept, not diagnosed, not refused; on the record; nothing posted to the channel yet.
  expect(await app.store.uploads.listByCase(caseNumber)).toEqual([]);
  expect((await app.store.caseFiles.listByCase(caseNumber)).map((f) => [f.name, f.direction])).toEqual([
    ['image.png', 'from-user'],
  ]);
  const said = connector.activities(userChat()).map(textOf);
  expect(said).not.toContain(t('zh-CN', 'upload.refused.not-a-bundle', { name: 'image.png' }));
  expect((await app.store.cases.timeline(caseNumber)).map((e) => e.what)).toContain(
    'The user sent image.png (kept with the case; not a log bundle).',
  );
  expect(connector.activities(CHANNEL).filter((r) => r.kind === 'create' && isCard(r))).toEqual([]);

  // Escalated later: the card points to the file, and the case page lists it.
  const escalated = await connector.sendMessage('转人工');
  const card = await waitIn(
    CHANNEL,
    (r) => r.kind === 'create' && isCard(r) && verbsOf(r).includes('escalation.take'),
    escalated.seq,
  );
  const waiting = await waitIn(thread(card.id), (r) =>
    /0 log uploads and 1 other file from the user/.test(textOf(r)),
  );
  expect(await (await fetch(linkIn(waiting, '/engineer/'))).text()).toContain('image.png');
});

describe('the queue over time', () => {
  it('announces an escalation made before the bot joined the engineers team once it joins, and again while nobody takes it', async () => {
    await connector.close();
    await app.close();
    app = await startBot(testConfig(dataDir, { ENGINEERS: 'aad-eng-1', ESCALATION_REANNOUNCE: '1s' }));
    connector = await connectTo(app, { locale: 'zh-CN' });

    const asked = await connector.sendMessage(PROBLEM);
    await userCard('problem-definition.confirm', asked.seq);
    const escalated = await connector.sendMessage('找工程师');
    await waitIn(userChat(), (r) => /技术支持工程师/.test(textOf(r)), escalated.seq);
    expect(connector.activities(CHANNEL)).toEqual([]);
    // A screenshot sent while there is no channel yet is kept for the engineers, and pointed to later.
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const sent = await connector.send(
      connector.buildActivity('message', {
        attachments: [{ contentType: 'image/png', contentUrl: connector.serveFile('x', png, 'image/png') }],
      }),
    );
    await waitIn(userChat(), (r) => /已把 image\.png 添加到您的案例中/.test(textOf(r)), sent.seq);

    await connector.send(
      connector.buildActivity(
        'conversationUpdate',
        { membersAdded: [{ id: 'bot', name: 'bot' }], recipient: { id: 'bot', name: 'bot' } } as never,
        inChannel(ENGINEER_1),
      ),
    );
    const card = await waitIn(CHANNEL, (r) => r.kind === 'create' && verbsOf(r).includes('escalation.take'));
    const waiting = await waitIn(thread(card.id), (r) =>
      /0 log uploads and 1 other file from the user/.test(textOf(r)),
    );
    const page = await (await fetch(linkIn(waiting, '/engineer/'))).text();
    expect(page).toContain('image.png');
    const again = await waitIn(thread(card.id), (r) => /Still waiting for an engineer/.test(textOf(r)));
    expect(textOf(again)).toMatch(/CAS-\d{5}-[A-Z0-9]{6}/);
  });
});

it('greets the engineers once when Teams sends the install twice at the same moment', async () => {
  const install = (type: string) =>
    connector.send(
      connector.buildActivity(
        type,
        type === 'installationUpdate'
          ? ({ action: 'add', recipient: { id: 'bot', name: 'bot' } } as never)
          : ({ membersAdded: [{ id: 'bot', name: 'bot' }], recipient: { id: 'bot', name: 'bot' } } as never),
        inChannel(ENGINEER_1),
      ),
    );
  await Promise.all([install('installationUpdate'), install('conversationUpdate')]);
  await waitIn(CHANNEL, (r) => /post cases that need an engineer here/.test(textOf(r)));
  const queued = await connector.sendMessage('queue', inChannel(ENGINEER_1));
  await connector.waitFor((r) => r.seq > queued.seq && /No open escalations/.test(textOf(r)), 10_000, {
    after: queued.seq,
  });

  expect(
    connector.activities(CHANNEL).filter((r) => /post cases that need an engineer/.test(textOf(r))),
  ).toHaveLength(1);
});

it('gives the engineer a download link for the user’s new logs, and sends the user a script on request', async () => {
  const { card, caseNumber } = await escalatedCase();
  await take(ENGINEER_1, card, caseNumber);
  await waitIn(userChat(), (r) => /Wang Engineer/.test(textOf(r)));

  // The user uploads logs with the link on their log-collection card.
  const logCard = connector
    .activities(userChat())
    .filter((r) => isCard(r) && /\/upload\/CAS-/.test(JSON.stringify(cardOf(r))))
    .at(-1)!;
  const pageUrl = /https?:\/\/[^"]+\/upload\/CAS-[A-Za-z0-9_-]+/.exec(JSON.stringify(cardOf(logCard)))![0];
  const zip = await collectorBundle({
    machine: 'TERM-01',
    logs: 'component-store-corrupt',
    day: '2022-05-19',
    source: 'wsus',
  });
  const put = await fetch(`${pageUrl.replace('/upload/', '/api/uploads/')}?name=TERM-01-20220519.zip`, {
    method: 'PUT',
    body: zip,
  });
  expect(put.status).toBe(200);

  const notice = await waitIn(thread(card.id), (r) =>
    /New upload on the case: TERM-01-20220519\.zip/.test(textOf(r)),
  );
  const link = /\((https?:\/\/[^)]+\/engineer\/CAS-[^)/]+\/artifacts\/[0-9a-f-]+)\)/.exec(
    textOf(notice),
  )?.[1];
  expect(link).toBeDefined();
  const download = await fetch(link!);
  expect(download.status).toBe(200);
  expect(Buffer.from(await download.arrayBuffer()).equals(zip)).toBe(true);
  // A link for another upload id of the case, or a tampered token, gives nothing.
  expect((await fetch(link!.replace(/[0-9a-f-]+$/, '00000000-0000-0000-0000-000000000000'))).status).toBe(
    404,
  );
  expect((await fetch(link!.replace(/_[A-Za-z0-9_-]{22}\//, '_AAAAAAAAAAAAAAAAAAAAAA/'))).status).toBe(403);
  // The user's upload link does not open the engineers' page, nor download uploads.
  const userToken = pageUrl.split('/upload/')[1];
  const uploadId = link!.split('/artifacts/')[1];
  expect((await fetch(`${app.url}/engineer/${userToken}`)).status).toBe(403);
  expect((await fetch(`${app.url}/engineer/${userToken}/artifacts/${uploadId}`)).status).toBe(403);
  expect((await fetch(`${pageUrl}/artifacts/${uploadId}`)).status).toBe(404);
  await waitIn(thread(card.id), (r) => /Diagnosis of the new logs of TERM-01: 0x80073712/.test(textOf(r)));

  const sent = await connector.sendMessage('send UpdateReset', inChannel(ENGINEER_1, card.id));
  await waitIn(thread(card.id), (r) => /Sent to the user/.test(textOf(r)), sent.seq);
  await waitIn(userChat(), (r) => /给您发送了一个文件/.test(textOf(r)), sent.seq);
  await waitIn(
    userChat(),
    (r) => (r.activity.attachments ?? []).some((a) => a.name === 'UpdateReset.cmd'),
    sent.seq,
  );
  expect((await app.store.cases.timeline(caseNumber)).map((e) => e.what)).toContain(
    'Wang Engineer sent the user the reset script UpdateReset.cmd.',
  );
});

/** The link in a markdown message `[text](url)` whose url contains `part`. */
function linkIn(record: RecordedActivity, part: string): string {
  const found = [...textOf(record).matchAll(/\]\((https?:\/\/[^)\s]+)\)/g)].map((m) => m[1]);
  const link = found.find((url) => url.includes(part));
  if (!link) throw new Error(`no ${part} link in: ${textOf(record)}`);
  return link;
}

/** The user accepts the newest file consent card offering `name`; returns the bytes the bot uploaded. */
async function acceptFile(name: string, after: number): Promise<Buffer> {
  const offer = await waitIn(
    userChat(),
    (r) => (r.activity.attachments ?? []).some((a) => a.contentType === FILE_CONSENT_CARD && a.name === name),
    after,
  );
  const before = connector.uploads().length;
  const answered = await connector.answerFileConsent(offer, 'accept');
  expect(answered.status).toBe(200);
  await waitIn(
    userChat(),
    (r) => (r.activity.attachments ?? []).some((a) => a.contentType === FILE_INFO_CARD && a.name === name),
    answered.seq,
  );
  const uploads = connector.uploads();
  expect(uploads).toHaveLength(before + 1);
  expect(uploads.at(-1)!.name).toBe(name);
  return uploads.at(-1)!.bytes;
}

it('passes the engineer’s files to the user: a pasted screenshot, and files dropped on the case page', async () => {
  const { card, caseNumber } = await escalatedCase();

  // Before anyone has the case, the page opens (the user's uploads) but sends nothing to the user.
  const early = await connector.sendMessage('files', inChannel(ENGINEER_2, card.id));
  const earlyPage = linkIn(
    await waitIn(thread(card.id), (r) => /Case CAS-.*page/.test(textOf(r)), early.seq),
    '/engineer/',
  );
  const page = await fetch(earlyPage);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain(caseNumber);
  expect(html).toContain('Nobody has taken');
  const refused = await fetch(`${earlyPage.replace('/engineer/', '/api/engineer/')}?name=a.txt`, {
    method: 'PUT',
    body: 'x',
  });
  expect(refused.status).toBe(409);
  expect(((await refused.json()) as { code: string }).code).toBe('not-taken');

  await take(ENGINEER_1, card, caseNumber);
  await waitIn(userChat(), (r) => /Wang Engineer/.test(textOf(r)));

  // A screenshot pasted into the thread: Teams sends the image (and an HTML copy of the message).
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const pasted = await connector.send(
    connector.buildActivity(
      'message',
      {
        text: '请看这个截图',
        attachments: [
          { contentType: 'image/png', contentUrl: connector.serveFile('x', png, 'image/png') },
          { contentType: 'text/html', content: '<p>请看这个截图<img src="https://x/imgo"></p>' },
        ],
      },
      inChannel(ENGINEER_1, card.id),
    ),
  );
  await waitIn(userChat(), (r) => /Wang Engineer（工程师）给您发送了一个文件/.test(textOf(r)), pasted.seq);
  await waitIn(userChat(), (r) => textOf(r).includes('请看这个截图'), pasted.seq);
  expect((await acceptFile('image.png', pasted.seq)).equals(png)).toBe(true);
  await waitIn(thread(card.id), (r) => /Sent image\.png to the user/.test(textOf(r)), pasted.seq);

  // A file attached in the thread lives in the team's SharePoint: the engineer gets the case page instead.
  const gone = connector.serveFile('y', png, 'image/png').replace(/\/files\/[^/]+\//, '/files/gone/');
  const attached = await connector.send(
    connector.buildActivity(
      'message',
      {
        text: '',
        attachments: [
          {
            contentType: 'reference',
            contentUrl: 'https://contoso.sharepoint.com/notes.txt',
            name: 'notes.txt',
          },
          // A pasted image the channel no longer serves.
          { contentType: 'image/png', contentUrl: gone },
        ],
      },
      inChannel(ENGINEER_1, card.id),
    ),
  );
  const told = await waitIn(
    thread(card.id),
    (r) => /cannot read files attached here \(notes\.txt, image\.png\)/.test(textOf(r)),
    attached.seq,
  );
  const casePage = linkIn(told, '/engineer/');
  const notes = Buffer.from('离线源：\\\\server\\share\\install.wim:6\r\n', 'utf8');
  const put = await fetch(
    `${casePage.replace('/engineer/', '/api/engineer/')}?name=${encodeURIComponent('修复说明.txt')}`,
    {
      method: 'PUT',
      body: notes,
    },
  );
  expect(put.status).toBe(200);
  const answer = (await put.json()) as { ok: boolean; id: string; message: string };
  expect(answer).toMatchObject({ ok: true, message: 'Sent 修复说明.txt to the user.' });
  expect((await acceptFile('修复说明.txt', attached.seq)).equals(notes)).toBe(true);

  // The page lists what was sent; the user's link downloads a shared file of its own case only.
  const listed = await (await fetch(casePage)).text();
  expect(listed).toContain('image.png');
  expect(listed).toContain('修复说明.txt');
  const userPage = /https?:\/\/[^"]+\/upload\/CAS-[A-Za-z0-9_-]+/.exec(
    JSON.stringify(connector.activities(userChat()).map((r) => cardOf(r))),
  )![0];
  const mine = await fetch(`${userPage}/shared/${answer.id}`);
  expect(mine.status).toBe(200);
  expect(Buffer.from(await mine.arrayBuffer()).equals(notes)).toBe(true);
  expect((await fetch(`${userPage}/shared/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
  // An engineer's link is not an upload link.
  const engineerToken = casePage.split('/engineer/')[1];
  expect((await fetch(`${app.url}/upload/${engineerToken}`)).status).toBe(403);
  expect((await fetch(`${app.url}/api/uploads/${engineerToken}`, { method: 'PUT', body: 'x' })).status).toBe(
    403,
  );

  const whats = (await app.store.cases.timeline(caseNumber)).map((e) => e.what);
  expect(whats).toEqual(
    expect.arrayContaining([
      'Wang Engineer sent the user image.png.',
      'Wang Engineer sent the user 修复说明.txt.',
    ]),
  );

  // Handed back: the engineers' link stops working.
  const handedBack = await connector.sendMessage('handback', inChannel(ENGINEER_1, card.id));
  await waitIn(thread(card.id), (r) => /handed back to the bot/.test(textOf(r)), handedBack.seq);
  expect((await fetch(casePage)).status).toBe(409);
  const late = await fetch(`${casePage.replace('/engineer/', '/api/engineer/')}?name=late.txt`, {
    method: 'PUT',
    body: 'late',
  });
  expect(late.status).toBe(409);
  expect(connector.uploads()).toHaveLength(2);

  // Escalated again: the link of the earlier escalation does not come back to life; a new one works.
  const again = await connector.sendMessage('转人工');
  const second = await waitIn(
    CHANNEL,
    (r) => r.kind === 'create' && verbsOf(r).includes('escalation.take'),
    again.seq,
  );
  expect((await fetch(casePage)).status).toBe(403);
  const asked = await connector.sendMessage('files', inChannel(ENGINEER_2, second.id));
  const freshPage = linkIn(
    await waitIn(thread(second.id), (r) => /Case CAS-.*page/.test(textOf(r)), asked.seq),
    '/engineer/',
  );
  expect((await fetch(freshPage)).status).toBe(200);

  // The user cancels while waiting: the escalation ends with the case, its thread hears it, the link dies.
  const cancelled = await connector.sendMessage('取消');
  await waitIn(
    thread(second.id),
    (r) => textOf(r).startsWith(`## Case summary: ${caseNumber}`),
    cancelled.seq,
  );
  expect((await fetch(freshPage)).status).toBe(409);
  expect(await app.store.escalations.listOpen()).toEqual([]);
});
