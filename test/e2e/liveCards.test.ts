/**
 * No loose ends in the chat, over real HTTP: one live card per open question (a card asked again
 * freezes the older copy in place), and the cards of an archived case answered sensibly while a new case
 * runs (frozen with a note when the new case begins; a stale press answered, never acted on).
 */
import type { RecordedActivity } from '../../tools/connector';
import { collectorBundle } from '../transcripts/fixtures';
import {
  botPerTest,
  cardOf,
  isCard,
  press,
  readCard,
  textOf,
  toLogCollection,
  verbsOf,
  putUpload,
} from './harness';

interface Words {
  locale: string;
  problem: string;
  worked: string;
  another: string;
  sentAgain: string;
  caseEnded: RegExp;
  reopenElsewhere: RegExp;
}

const LANGUAGES: Words[] = [
  {
    locale: 'zh-CN',
    problem: 'KB5011503 在一台终端上安装失败，报错 0x80073712',
    worked: '好了',
    another: 'KB5012170 在另一台终端上安装失败，报错 0x800f0922',
    sentAgain: '这张卡片已在下方重新发送，请使用新的卡片。',
    caseEnded: /案例 (CAS-\S+) 已结束，本对话已开始新的案例：这张卡片上的按钮已失效。/,
    reopenElsewhere:
      /案例 (CAS-\S+) 已归档，而这个对话现在处理的是案例 (CAS-\S+)，所以无法从这张卡片重新打开/,
  },
  {
    locale: 'en-US',
    problem: 'KB5011503 fails to install on one terminal with error 0x80073712',
    worked: 'it worked',
    another: 'KB5012170 fails to install on another terminal with error 0x800f0922',
    sentAgain: 'This card was sent again below; please use the newer one.',
    caseEnded:
      /Case (CAS-\S+) has ended and a new case began in this chat: the buttons of this card no longer work\./,
    reopenElsewhere:
      /Case (CAS-\S+) is archived, and this chat is now working on case (CAS-\S+), so \S+ cannot be reopened from that card\./,
  },
];

describe.each(LANGUAGES)('cards in a $locale chat', (words) => {
  const fx = botPerTest({ locale: words.locale });

  const cardWith = (verb: string, after: number): Promise<RecordedActivity> =>
    fx.connector.waitFor((r) => r.kind !== 'update' && isCard(r) && verbsOf(r).includes(verb), 10_000, {
      after,
    });
  const current = (card: RecordedActivity): RecordedActivity => fx.connector.latest(card.id) ?? card;

  it('freezes the older problem card in place when "?" brings the card again', async () => {
    const asked = await fx.connector.sendMessage(words.problem);
    const first = await cardWith('problem-definition.confirm', asked.seq);

    const help = await fx.connector.sendMessage('?');
    const second = await cardWith('problem-definition.confirm', help.seq);

    await fx.connector.waitFor((r) => r.kind === 'update' && r.id === first.id, 5000, { after: help.seq });
    const frozen = current(first);
    expect(verbsOf(frozen)).toEqual([]);
    expect(readCard(frozen)).toContain(words.sentAgain);
    // It still shows what it showed: the problem as drafted.
    expect(readCard(frozen)).toContain('KB5011503');
    // Once, as the user wrote it (the confirmed-only facts stay hidden on an unconfirmed card).
    expect(readCard(frozen).split(words.problem)).toHaveLength(2);
    expect(verbsOf(current(second))).toEqual(['problem-definition.confirm']);
    // Exactly one card on screen asks to confirm.
    const live = fx.connector
      .activities()
      .filter((r) => r.kind !== 'update' && verbsOf(current(r)).includes('problem-definition.confirm'));
    expect(live.map((r) => r.id)).toEqual([second.id]);

    const confirmed = await press(fx.connector, second, 'problem-definition.confirm');
    await cardWith('scope.accept', confirmed.seq);
  });

  it('freezes an archived case’s summary when a new case begins, and answers a stale "reopen" without acting on it', async () => {
    const { caseNumber, uploadPage, after } = await toLogCollection(fx.connector, words.problem);
    const zip = await collectorBundle({
      machine: 'TERM-0231',
      logs: 'component-store-corrupt',
      day: '2022-05-19',
      source: 'wsus',
    });
    const put = await putUpload(uploadPage, 'TERM-0231-20220519.zip', zip);
    expect(put.status).toBe(200);
    await cardWith('remediation.fixed', after);
    const worked = await fx.connector.sendMessage(words.worked);
    const closure = await cardWith('closure.accept', worked.seq);
    const accepted = await press(fx.connector, closure, 'closure.accept');
    const survey = await cardWith('survey.skip', accepted.seq);
    const skipped = await press(fx.connector, survey, 'survey.skip');
    const summary = await cardWith('summary.reopen', skipped.seq);
    expect(readCard(summary)).toContain(caseNumber);

    // A new problem opens a new case: the archived case's summary loses its "reopen" button, saying why.
    const next = await fx.connector.sendMessage(words.another);
    const newProblem = await cardWith('problem-definition.confirm', next.seq);
    const newCase = /CAS-\d{5}-[A-Z0-9]{6}/.exec(readCard(newProblem))?.[0];
    expect(newCase).toBeDefined();
    expect(newCase).not.toBe(caseNumber);
    const frozen = current(summary);
    expect(verbsOf(frozen)).toEqual([]);
    expect(words.caseEnded.exec(readCard(frozen))?.[1]).toBe(caseNumber);
    expect(readCard(frozen)).toContain(caseNumber);

    // A client that still shows the old button: the press is answered and the new case goes on untouched.
    const stale = await press(fx.connector, summary, 'summary.reopen');
    expect(stale.status).toBe(200);
    const answer = await fx.connector.waitFor((r) => r.kind !== 'update' && !isCard(r), 5000, {
      after: stale.seq,
    });
    expect(words.reopenElsewhere.exec(textOf(answer))?.slice(1)).toEqual([caseNumber, newCase]);
    const rows = await fx.app.store.cases.listByUser(fx.connector.user.aadObjectId!);
    expect(rows.find((r) => r.caseNumber === caseNumber)?.status).toBe('archived');
    expect(verbsOf(current(newProblem))).toEqual(['problem-definition.confirm']);
    const confirmed = await press(fx.connector, newProblem, 'problem-definition.confirm');
    const scope = await cardWith('scope.accept', confirmed.seq);
    expect(JSON.stringify(cardOf(scope))).toContain(newCase!);
  });
});
