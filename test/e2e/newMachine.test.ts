/**
 * New logs from a terminal outside the case, over real HTTP with real collector bundles, in zh-CN and in
 * English: after stage 1 failed on the case's two terminals, a third terminal's failing logs add it to the
 * case and the user is told in their language; the case stays at the verify question of stage 1.
 */
import { t } from '../../src/i18n';
import type { Locale } from '../../src/domain/locale';
import { bundleName, collectorBundle } from '../transcripts/fixtures';
import { botPerTest, isCard, press, putUpload, textOf, toLogCollection, verbsOf } from './harness';

jest.setTimeout(60_000);

const LANGUAGES: Array<{ locale: string; lang: Locale; problem: string }> = [
  { locale: 'zh-CN', lang: 'zh-CN', problem: 'KB5011503 在两台终端上安装失败，报错 0x80073712' },
  {
    locale: 'en-US',
    lang: 'en',
    problem: 'KB5011503 fails to install on two terminals with error 0x80073712',
  },
];

describe.each(LANGUAGES)('a terminal outside the case in a $locale chat', ({ locale, lang, problem }) => {
  const fx = botPerTest({ locale });

  const upload = async (page: string, machine: string, day: string) => {
    const zip = await collectorBundle({ machine, logs: 'component-store-corrupt', day, source: 'wsus' });
    expect((await putUpload(page, bundleName(machine, day), zip)).status).toBe(200);
  };

  it('joins the case, the user is told, and the stage does not move', async () => {
    const { uploadPage, caseNumber, after } = await toLogCollection(fx.connector, problem);
    await upload(uploadPage, 'TERM-0231', '2022-05-19');
    await upload(uploadPage, 'TERM-0232', '2022-05-19');
    const stage = await fx.connector.waitFor(
      (r) => isCard(r) && verbsOf(r).includes('remediation.failing'),
      15_000,
      { after },
    );
    const failing = await press(fx.connector, stage, 'remediation.failing');
    await fx.connector.waitFor((r) => isCard(r) && verbsOf(r).includes('verify.next'), 10_000, {
      after: failing.seq,
    });

    await upload(uploadPage, 'TERM-0233', '2022-05-20');

    const told = t(lang, 'compare.newMachine', { machine: 'TERM-0233', after: '0x80073712', number: 1 });
    await fx.connector.waitFor((r) => textOf(r) === told, 15_000, { after: failing.seq });
    const record = await fx.app.store.cases.get(caseNumber);
    // Stage 1 failed on the two terminals; no other stage was marked by the new terminal's logs.
    expect(record?.details.stages?.map((s) => s.outcome ?? 'open').slice(0, 2)).toEqual(['failed', 'open']);
    expect(record?.details.findings?.map((f) => f.hostName)).toEqual(['TERM-0231', 'TERM-0232', 'TERM-0233']);
    const texts = fx.connector.activities(fx.connector.conversationId).map(textOf).join('\n');
    expect(texts).not.toContain(
      t(lang, 'compare.different', { machine: 'TERM-0233', before: '-', after: '0x80073712' }),
    );
    // Still at the verify question: "next" goes to stage 2.
    const verify = fx.connector
      .activities(fx.connector.conversationId)
      .filter((r) => r.kind !== 'update' && verbsOf(r).includes('verify.next'))
      .at(-1)!;
    const next = await press(fx.connector, verify, 'verify.next');
    await fx.connector.waitFor(
      (r) => isCard(r) && /DISM/.test(JSON.stringify(r)) && verbsOf(r).includes('remediation.failing'),
      10_000,
      { after: next.seq },
    );
  });
});
