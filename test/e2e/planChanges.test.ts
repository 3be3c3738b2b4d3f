/**
 * The update source named mid-remediation, over real HTTP: logs without an update policy, the DISM stage
 * shows every source's steps; "我们走的是行内WSUS" / "updates come from our WSUS server" is said back, and the
 * stage card comes again with only the WSUS steps, the older copy frozen in place (one live stage card).
 */
import type { RecordedActivity } from '../../tools/connector';
import { t } from '../../src/i18n';
import type { Locale } from '../../src/domain/locale';
import { collectorBundle } from '../transcripts/fixtures';
import { botPerTest, isCard, press, readCard, textOf, toLogCollection, verbsOf, putUpload } from './harness';

const LANGUAGES: Array<{ locale: string; lang: Locale; problem: string; wsus: string }> = [
  {
    locale: 'zh-CN',
    lang: 'zh-CN',
    problem: 'KB5011503 在一台终端上安装失败，报错 0x80073712',
    wsus: '我们走的是行内WSUS',
  },
  {
    locale: 'en-US',
    lang: 'en',
    problem: 'KB5011503 fails to install on one terminal with error 0x80073712',
    wsus: 'updates come from our WSUS server',
  },
];

/** The DISM stage's card (its title names DISM in both languages). */
const DISM = /DISM/;

describe.each(LANGUAGES)('the update source named at a stage in a $locale chat', (words) => {
  const fx = botPerTest({ locale: words.locale });

  const cardWith = (verb: string, after: number, playbook?: RegExp): Promise<RecordedActivity> =>
    fx.connector.waitFor(
      (r) =>
        r.kind !== 'update' &&
        isCard(r) &&
        verbsOf(r).includes(verb) &&
        (playbook === undefined || playbook.test(readCard(r))),
      10_000,
      { after },
    );
  const current = (card: RecordedActivity): RecordedActivity => fx.connector.latest(card.id) ?? card;

  it('shows the DISM stage again with only the WSUS steps', async () => {
    const { uploadPage, after } = await toLogCollection(fx.connector, words.problem);
    // Logs without an update policy ('internet' writes no policy file): the source is not known from them.
    const zip = await collectorBundle({
      machine: 'TERM-0231',
      logs: 'component-store-corrupt',
      day: '2022-05-19',
      source: 'internet',
    });
    const put = await putUpload(uploadPage, 'TERM-0231-20220519.zip', zip);
    expect(put.status).toBe(200);
    const first = await cardWith('remediation.failing', after);
    const failing = await press(fx.connector, first, 'remediation.failing');
    const verify = await cardWith('verify.next', failing.seq);
    const next = await press(fx.connector, verify, 'verify.next');
    const dism = await cardWith('remediation.failing', next.seq, DISM);
    const heading = (kind: string, env: string) => t(words.lang, `card.remediation.${kind}.${env}`);
    expect(readCard(dism)).toContain(heading('variantIf', 'wsus'));
    expect(readCard(dism)).toContain(heading('variantIf', 'internet'));

    const said = await fx.connector.sendMessage(words.wsus);

    const again = await cardWith('remediation.failing', said.seq, DISM);
    const texts = fx.connector
      .activities()
      .filter((r) => r.seq > said.seq && r.kind !== 'update' && !isCard(r))
      .map(textOf);
    expect(texts).toContain(t(words.lang, 'plan.sourceSaid.wsus'));
    expect(readCard(again)).toContain(heading('variantSaid', 'wsus'));
    expect(readCard(again)).not.toContain(heading('variantIf', 'wsus'));
    await fx.connector.waitFor((r) => r.kind === 'update' && r.id === dism.id, 5000, { after: said.seq });
    expect(verbsOf(current(dism))).toEqual([]);
    expect(verbsOf(current(again))).toContain('remediation.failing');
  });
});
