/**
 * What the user says of their machines mid-remediation, over real HTTP with a real collector bundle (logs
 * showing the WSUS policy), in zh-CN and in English: the source the logs show already is answered briefly;
 * the DISM stage the user could not do for lack of media (behind WSUS it needs media as its repair source) is
 * passed over with the in-place repair, in one message naming both; "no media" when no stage left needs it
 * is answered; once every stage was tried, media at hand takes the case back to DISM, said once for both
 * stages, and the engineers' thread is told.
 */
import type { RecordedActivity } from '../../tools/connector';
import { t } from '../../src/i18n';
import { loadKnowledge } from '../../src/knowledge';
import type { Locale } from '../../src/domain/locale';
import { collectorBundle } from '../transcripts/fixtures';
import {
  ENGINEERS_CHANNEL,
  botPerTest,
  installInTeam,
  isCard,
  press,
  putUpload,
  readCard,
  textOf,
  toLogCollection,
  verbsOf,
} from './harness';

jest.setTimeout(90_000);

const ENGINEER = { id: 'eng-1', name: 'Wang Engineer', aadObjectId: 'aad-eng-1' };

const LANGUAGES: Array<{
  locale: string;
  lang: Locale;
  problem: string;
  wsus: string;
  cannot: string;
  noMedia: string;
  hasMedia: string;
}> = [
  {
    locale: 'zh-CN',
    lang: 'zh-CN',
    problem: 'KB5011503 在一台终端上安装失败，报错 0x80073712',
    wsus: '我们走的是行内WSUS',
    cannot: 'DISM做不了，没有安装盘',
    noMedia: '我们没有安装介质',
    hasMedia: '拿到安装盘了',
  },
  {
    locale: 'en-US',
    lang: 'en',
    problem: 'KB5011503 fails to install on one terminal with error 0x80073712',
    wsus: 'updates come from our WSUS server',
    cannot: "we can't do the DISM step, we don't have the ISO",
    noMedia: 'we do not have any installation media',
    hasMedia: 'we have the ISO now',
  },
];

describe.each(LANGUAGES)('words about the machines in a $locale chat', (words) => {
  const fx = botPerTest({ locale: words.locale, env: { ENGINEERS: 'aad-eng-1' } });

  const stageCard = (after: number, title?: RegExp): Promise<RecordedActivity> =>
    fx.connector.waitFor(
      (r) =>
        r.conversationId === fx.connector.conversationId &&
        r.kind !== 'update' &&
        isCard(r) &&
        verbsOf(r).includes('remediation.failing') &&
        (title === undefined || title.test(readCard(r))),
      10_000,
      { after },
    );
  const textsAfter = (seq: number): string[] =>
    fx.connector
      .activities(fx.connector.conversationId)
      .filter((r) => r.seq > seq && !isCard(r))
      .map(textOf);
  const say = async (text: string, expected: string): Promise<{ seq: number }> => {
    const sent = await fx.connector.sendMessage(text);
    await fx.connector.waitFor((r) => textOf(r) === expected, 10_000, { after: sent.seq });
    return sent;
  };

  it('answers what changes nothing, and takes media at hand back to the stage skipped for it', async () => {
    await installInTeam(fx.connector, ENGINEER);
    const { uploadPage, after } = await toLogCollection(fx.connector, words.problem);
    const zip = await collectorBundle({
      machine: 'TERM-0231',
      logs: 'component-store-corrupt',
      day: '2022-05-19',
      source: 'wsus',
    });
    expect((await putUpload(uploadPage, 'TERM-0231-20220519.zip', zip)).status).toBe(200);
    const reset = await stageCard(after);

    // The source the logs show already: a short answer, the stage card not posted again.
    const agreed = await say(words.wsus, t(words.lang, 'plan.sourceAgrees.wsus'));
    const since = fx.connector
      .activities(fx.connector.conversationId)
      .filter((r) => r.seq > agreed.seq && r.kind !== 'update');
    expect(since.filter((r) => !isCard(r) && textOf(r) !== '').map(textOf)).toEqual([
      t(words.lang, 'plan.sourceAgrees.wsus'),
    ]);
    expect(since.filter((r) => verbsOf(r).includes('remediation.failing'))).toEqual([]);

    // Stage 1 fails; on to DISM, which the user cannot do without media.
    const failing = await press(fx.connector, reset, 'remediation.failing');
    const verify = await fx.connector.waitFor(
      (r) => isCard(r) && verbsOf(r).includes('verify.next'),
      10_000,
      {
        after: failing.seq,
      },
    );
    const next = await press(fx.connector, verify, 'verify.next');
    await stageCard(next.seq, /DISM/);
    const cannot = await say(words.cannot, t(words.lang, 'plan.noMedia', mediaStages(words.lang)));
    const keepFiles = await stageCard(cannot.seq);
    expect(readCard(keepFiles)).not.toMatch(/DISM \/Online/);

    // No stage left needs media: answered, the stage stays.
    const needless = await say(words.noMedia, t(words.lang, 'plan.noMediaNeedless'));

    // Every stage tried: the case goes to the engineers.
    const skipped = await press(fx.connector, keepFiles, 'remediation.cannot');
    expect(skipped.seq).toBeGreaterThan(needless.seq);
    const last = await stageCard(skipped.seq);
    await press(fx.connector, last, 'remediation.cannot');
    const caseCard = await fx.connector.waitFor(
      (r) => r.conversationId === ENGINEERS_CHANNEL && r.kind === 'create' && isCard(r),
      10_000,
    );

    // Media at hand: back to DISM, and the engineers' thread says so.
    const media = await fx.connector.sendMessage(words.hasMedia);
    const dism = await stageCard(media.seq, /DISM/);
    expect(verbsOf(dism)).toContain('remediation.failing');
    expect(dismTitle(dism)).toBe(knowledge.playbooks.get('dism-sfc')?.title[words.lang]);
    expect(textsAfter(media.seq)).toContain(t(words.lang, 'plan.hasMedia', mediaStages(words.lang)));
    const told = await fx.connector.waitFor(
      (r) =>
        r.conversationId === `${ENGINEERS_CHANNEL};messageid=${caseCard.id}` &&
        textOf(r).includes(words.hasMedia),
      10_000,
      { after: media.seq },
    );
    expect(textOf(told)).toMatch(/stage 2 /i);
  });
});

const knowledge = loadKnowledge();

/**
 * The stages media concerns in the reference plan (reset, DISM, install the missing package, in-place repair,
 * reset keeping files, clean install), as the one message about them names them: DISM and the in-place repair.
 */
function mediaStages(lang: Locale) {
  const title = (id: string) => knowledge.playbooks.get(id)?.title[lang] ?? id;
  const [dism, inPlace] = [title('dism-sfc'), title('in-place-repair')];
  return lang === 'zh-CN'
    ? { count: 2, numbers: '2、4', titles: `“${dism}”、“${inPlace}”` }
    : { count: 2, numbers: '2 and 4', titles: `"${dism}", "${inPlace}"` };
}

/** The DISM stage's title as its card shows it (the catalog message names it). */
function dismTitle(card: RecordedActivity): string {
  return /(用 DISM[^\n"]*SFC|Repair the component store with DISM[^\n"]*SFC)/.exec(readCard(card))?.[1] ?? '';
}
