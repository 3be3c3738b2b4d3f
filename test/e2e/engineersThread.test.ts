/**
 * The engineers' side over real HTTP (the local connector plays Teams: a user's 1:1 chat and the engineers'
 * channel): an escalation made before the problem was confirmed carries everything known, marked
 * unconfirmed; the card and the bot's thread messages say how to reach the bot (@mention); a thread reply
 * the bot sees but cannot place is answered, not dropped.
 */
import type { RecordedActivity } from '../../tools/connector';
import {
  ENGINEERS_CHANNEL,
  botPerTest,
  delay,
  inChannel,
  installInTeam,
  isCard,
  readCard,
  textOf,
  toLogCollection,
  verbsOf,
} from './harness';

jest.setTimeout(60_000);

const ENGINEER = { id: 'eng-1', name: 'Wang Engineer', aadObjectId: 'aad-eng-1' };
const thread = (root: string) => `${ENGINEERS_CHANNEL};messageid=${root}`;

const fx = botPerTest({ locale: 'zh-CN', env: { ENGINEERS: 'aad-eng-1' } });

function waitIn(conversationId: string, predicate: (r: RecordedActivity) => boolean, after = 0) {
  return fx.connector.waitFor((r) => r.conversationId === conversationId && predicate(r), 10_000, { after });
}

/** The user describes the problem and asks for an engineer at once: the case card in the channel. */
async function escalatedEarly(problem: string, engineerWord: string): Promise<RecordedActivity> {
  await installInTeam(fx.connector, ENGINEER);
  const asked = await fx.connector.sendMessage(problem);
  const problemCard = await waitIn(
    fx.connector.conversationId,
    (r) => isCard(r) && verbsOf(r).includes('problem-definition.confirm'),
    asked.seq,
  );
  expect(problemCard).toBeDefined();
  await fx.connector.sendMessage(engineerWord);
  return waitIn(
    ENGINEERS_CHANNEL,
    (r) => r.kind === 'create' && isCard(r) && verbsOf(r).includes('escalation.take'),
  );
}

describe.each([
  {
    lang: 'zh-CN',
    problem: 'KB5011503 在两台终端上安装失败，报错 0x80073712，LTSC 1809，走行内WSUS',
    engineer: '转人工',
  },
  {
    lang: 'en',
    problem:
      'KB5011503 fails on two terminals with 0x80073712 (LTSC 1809); they get updates from our internal WSUS',
    engineer: 'engineer',
  },
])('an escalation before the problem was confirmed ($lang)', ({ lang, problem, engineer }) => {
  it('carries the KB, code, machine count, OS and update source, marked unconfirmed', async () => {
    fx.connector.locale = lang === 'en' ? 'en-US' : 'zh-CN';
    const card = await escalatedEarly(problem, engineer);
    const shown = readCard(card);

    expect(shown).toContain('Not confirmed by the user yet: taken from their messages');
    expect(shown).toMatch(/Update \(KB\)\s*: KB5011503/);
    expect(shown).toMatch(/Error code\s*: 0x80073712/);
    expect(shown).toMatch(/Machines affected\s*: 2/);
    expect(shown).toMatch(/OS \/ product\s*: Windows 10 LTSC/);
    expect(shown).toMatch(/Update source\s*: WSUS server \(the user's words; no log shows the policy\)/);

    const [row] = await fx.app.store.cases.listByUser(fx.connector.user.aadObjectId!);
    expect(row.details?.problemUnconfirmed).toBe(true);
    expect(row.status).toBe('awaiting-engineer');
  });
});

it('does not mark the problem unconfirmed once the user confirmed it', async () => {
  await installInTeam(fx.connector, ENGINEER);
  await toLogCollection(fx.connector, 'KB5011503 在一台终端上安装失败，报错 0x80073712，走行内WSUS');
  await fx.connector.sendMessage('转人工');
  const card = await waitIn(
    ENGINEERS_CHANNEL,
    (r) => r.kind === 'create' && isCard(r) && verbsOf(r).includes('escalation.take'),
  );

  expect(readCard(card)).toMatch(/Error code\s*: 0x80073712/);
  expect(readCard(card)).not.toContain('Not confirmed by the user yet');
  const [row] = await fx.app.store.cases.listByUser(fx.connector.user.aadObjectId!);
  expect(row.details?.problemUnconfirmed).toBeUndefined();
});

describe("the engineers' thread", () => {
  it('tells the engineers to @mention the bot: on install, on the case card, and when a case is taken', async () => {
    const card = await escalatedEarly('KB5011503 在一台终端上安装失败，报错 0x80073712', '转人工');
    const greeting = fx.connector
      .activities(ENGINEERS_CHANNEL)
      .find((r) => /post cases that need an engineer here/.test(textOf(r)));

    // Named as Teams shows the bot: the install activity names it "bot", later ones "Update Case Bot".
    expect(textOf(greeting!)).toContain('Start each reply with @bot:');
    expect(readCard(card)).toContain('start each reply with @bot (');

    const take = await fx.connector.sendInvoke(
      'escalation.take',
      { verb: 'escalation.take', caseNumber: /CAS-\d{5}-[A-Z0-9]{6}/.exec(readCard(card))![0] },
      inChannel(ENGINEER, card.id),
    );
    const taken = await waitIn(thread(card.id), (r) => /has taken case/.test(textOf(r)), take.seq);
    expect(textOf(taken)).toContain('starting each reply with @Update Case Bot (');
  });

  it('answers a reply in the thread of a case nobody has taken, and one after the case left the engineers', async () => {
    const card = await escalatedEarly('KB5011503 在一台终端上安装失败，报错 0x80073712', '转人工');
    const caseNumber = /CAS-\d{5}-[A-Z0-9]{6}/.exec(readCard(card))![0];
    const userSaw = () => fx.connector.activities().length;

    // Not taken yet: the plain reply (no @mention, no command) is answered in the thread.
    const before = userSaw();
    const early = await fx.connector.sendMessage(
      '您好，请问两台终端都是 LTSC 吗？',
      inChannel(ENGINEER, card.id),
    );
    const notTaken = await waitIn(thread(card.id), (r) => r.kind !== 'update', early.seq);
    expect(textOf(notTaken)).toBe(
      `Nobody has taken case ${caseNumber} yet, so this message did not reach the user. Take it over first (**Take over** on the card, or \`take\`), then write again.`,
    );

    // Taken, then handed back: a later reply in the thread cannot reach the user either, and says so.
    const take = await fx.connector.sendMessage('take', inChannel(ENGINEER, card.id));
    await waitIn(thread(card.id), (r) => /has taken case/.test(textOf(r)), take.seq);
    const back = await fx.connector.sendMessage('handback', inChannel(ENGINEER, card.id));
    await waitIn(thread(card.id), (r) => /handed back to the bot/.test(textOf(r)), back.seq);
    // The user hears of the hand-back from their own chat's outbox (and the plan's step after it).
    await fx.connector.waitFor((r) => /已将案例交回给我/.test(textOf(r)), 10_000, { after: back.seq });
    // …and whatever that turn said after it: nothing of the user's chat is left in the outbox.
    for (
      let i = 0;
      i < 100 && (await fx.app.store.outbox.pending(fx.connector.conversationId)).length > 0;
      i++
    )
      await delay(100);
    expect(await fx.app.store.outbox.pending(fx.connector.conversationId)).toEqual([]);
    const userCount = userSaw();
    const late = await fx.connector.sendMessage('再确认一下日志', inChannel(ENGINEER, card.id));
    const ended = await waitIn(thread(card.id), (r) => r.kind !== 'update', late.seq);
    expect(textOf(ended)).toContain(`Case ${caseNumber} is no longer with the engineers`);
    expect(textOf(ended)).toContain('this message did not reach the user');
    // Nothing of it reached the user's chat.
    expect(fx.connector.activities().length).toBe(userCount);
    expect(userCount).toBeGreaterThan(before);
  });
});
