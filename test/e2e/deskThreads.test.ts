/**
 * The engineers' channel over real HTTP (the local connector plays Teams): the @mention hint names the bot
 * as Teams shows it (the activity's recipient), in English and Chinese; a reply the bot can read in a thread
 * that is no case's is answered (once per thread), and a reply under an older card of a case escalated
 * again reaches that case instead of being dropped.
 */
import type { App } from '../../src/app';
import { t } from '../../src/i18n';
import type { LocalConnector, RecordedActivity } from '../../tools/connector';
import {
  ENGINEERS_CHANNEL,
  botPerTest,
  inChannel,
  isCard,
  readCard,
  textOf,
  toLogCollection,
  verbsOf,
} from './harness';

jest.setTimeout(60_000);

const ENGINEER = { id: 'eng-1', name: 'Wang Engineer', aadObjectId: 'aad-eng-1' };
const thread = (root: string) => `${ENGINEERS_CHANNEL};messageid=${root}`;

let fx: { readonly app: App; readonly connector: LocalConnector };

/** A bot per test of the calling block, whose engineers' channel speaks `locale` and whom Teams shows as `botName`. */
function botNamed(botName: string, locale: 'en' | 'zh-CN'): void {
  const bot = botPerTest({
    locale: 'zh-CN',
    env: { ENGINEERS: 'aad-eng-1', ENGINEERS_LOCALE: locale },
    bot: { id: '28:bot', name: botName },
  });
  beforeEach(() => {
    fx = bot;
  });
}

function waitIn(conversationId: string, predicate: (r: RecordedActivity) => boolean, after = 0) {
  return fx.connector.waitFor((r) => r.conversationId === conversationId && predicate(r), 10_000, { after });
}

/** Adds the bot to the engineers' team (the activity names the bot as its recipient); its greeting. */
async function install(): Promise<RecordedActivity> {
  const installed = await fx.connector.send(
    fx.connector.buildActivity(
      'conversationUpdate',
      { membersAdded: [{ id: '28:bot', name: fx.connector.bot.name }] } as never,
      inChannel(ENGINEER),
    ),
  );
  return waitIn(ENGINEERS_CHANNEL, (r) => r.kind !== 'update' && !isCard(r), installed.seq);
}

/** The user asks for an engineer: the new case card in the channel (after `after`). */
async function escalate(word: string, after: number): Promise<RecordedActivity> {
  const sent = await fx.connector.sendMessage(word);
  return waitIn(
    ENGINEERS_CHANNEL,
    (r) => r.kind === 'create' && isCard(r) && verbsOf(r).includes('escalation.take'),
    Math.max(after, sent.seq),
  );
}

describe.each([
  { lang: 'en' as const, botName: 'Update Helper' },
  { lang: 'zh-CN' as const, botName: '更新助手' },
])('the @mention hint ($lang)', ({ lang, botName }) => {
  botNamed(botName, lang);
  it('names the bot as Teams shows it: on install, on the case card, in help and when a case is taken', async () => {
    const mention = `@${botName}`;

    const greeting = await install();
    expect(textOf(greeting)).toBe(t(lang, 'desk.installed', { mention }));
    expect(textOf(greeting)).toContain(mention);

    const { after } = await toLogCollection(fx.connector, 'KB5011503 在一台终端上安装失败，报错 0x80073712');
    const card = await escalate('转人工', after);
    expect(readCard(card)).toContain(t(lang, 'card.escalation.howToReach', { mention }));

    const help = await fx.connector.sendMessage('help', inChannel(ENGINEER, card.id));
    const helped = await waitIn(thread(card.id), (r) => r.kind !== 'update', help.seq);
    expect(textOf(helped)).toContain(mention);

    const take = await fx.connector.sendMessage('take', inChannel(ENGINEER, card.id));
    const taken = await waitIn(thread(card.id), (r) => textOf(r).includes(ENGINEER.name), take.seq);
    expect(textOf(taken)).toContain(mention);
    expect(textOf(taken)).not.toContain(t(lang, 'desk.mentionMe'));
  });
});

describe('replies the bot can read but no case thread holds', () => {
  botNamed('Update Helper', 'en');
  it('answers a reply in a thread that is no case’s, once per thread', async () => {
    const greeting = await install();
    const answer = t('en', 'desk.noCaseThread', { mention: '@Update Helper' });

    const first = await fx.connector.sendMessage('who is on call today?', inChannel(ENGINEER, greeting.id));
    const answered = await waitIn(thread(greeting.id), (r) => r.kind !== 'update', first.seq);
    expect(textOf(answered)).toBe(answer);

    // A second plain reply there is talk among engineers: not answered again. A command still is.
    const second = await fx.connector.sendMessage('me, until 18:00', inChannel(ENGINEER, greeting.id));
    const help = await fx.connector.sendMessage('help', inChannel(ENGINEER, greeting.id));
    await waitIn(thread(greeting.id), (r) => /Commands in a case's thread/.test(textOf(r)), help.seq);
    const after = fx.connector.activities(thread(greeting.id)).filter((r) => r.seq > second.seq);
    expect(after.map(textOf).filter((text) => text === answer)).toEqual([]);
    expect(fx.connector.activities(thread(greeting.id)).filter((r) => textOf(r) === answer)).toHaveLength(1);
  });

  it('takes a reply under an older card of a case escalated again to that case', async () => {
    await install();
    const { after } = await toLogCollection(fx.connector, 'KB5011503 在一台终端上安装失败，报错 0x80073712');
    const first = await escalate('转人工', after);
    const caseNumber = /CAS-\d{5}-[A-Z0-9]{6}/.exec(readCard(first))![0];
    const take = await fx.connector.sendMessage('take', inChannel(ENGINEER, first.id));
    await waitIn(thread(first.id), (r) => /has taken case/.test(textOf(r)), take.seq);
    const back = await fx.connector.sendMessage('handback', inChannel(ENGINEER, first.id));
    await waitIn(fx.connector.conversationId, (r) => /交回/.test(textOf(r)), back.seq);

    // Escalated again: a new card. A plain reply under the first card is answered for the case.
    const second = await escalate('还是不行，转人工', back.seq);
    expect(second.id).not.toBe(first.id);
    expect(readCard(second)).toContain(caseNumber);
    const plain = await fx.connector.sendMessage('still the same terminal?', inChannel(ENGINEER, first.id));
    const answered = await waitIn(thread(first.id), (r) => r.kind !== 'update', plain.seq);
    expect(textOf(answered)).toBe(t('en', 'desk.notTakenReply', { caseNumber }));

    // Taking it from under the older card takes the case; the user hears of it.
    const again = await fx.connector.sendMessage('take', inChannel(ENGINEER, first.id));
    await waitIn(thread(first.id), (r) => /has taken case/.test(textOf(r)), again.seq);
    await waitIn(fx.connector.conversationId, (r) => textOf(r).includes(ENGINEER.name), again.seq);
    expect(await fx.app.store.escalations.get(caseNumber)).toMatchObject({
      cardActivityId: second.id,
      takenByName: ENGINEER.name,
    });
  });
});
