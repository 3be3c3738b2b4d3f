/**
 * Logs that name no host in a case of two terminals that each named theirs, over real HTTP with real zips,
 * in zh-CN and in English: after stage 1 failed, a bare CBS.log brings the card "which terminal are these
 * logs from?" (each terminal by host, or another machine); choosing one compares the logs with that
 * terminal's failure and the card keeps the answer, its buttons gone.
 */
import { t } from '../../src/i18n';
import type { Locale } from '../../src/domain/locale';
import { makeZip } from '../diagnosis/bundle/zip-writer';
import { bundleName, collectorBundle } from '../transcripts/fixtures';
import { actionData, renderCard } from '../../tools/cardText';
import {
  botPerTest,
  cardOf,
  isCard,
  press,
  putUpload,
  readCard,
  textOf,
  toLogCollection,
  verbsOf,
} from './harness';

jest.setTimeout(60_000);

const CBS_FAILING = [
  '2022-05-20 09:12:09, Info                  CBS    Failed to get enumerator for missing components. [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
  '2022-05-20 09:12:09, Error                 CBS    Failed to complete component closure [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
].join('\r\n');

const LANGUAGES: Array<{ locale: string; lang: Locale; problem: string }> = [
  { locale: 'zh-CN', lang: 'zh-CN', problem: 'KB5011503 在两台终端上安装失败，报错 0x80073712' },
  {
    locale: 'en-US',
    lang: 'en',
    problem: 'KB5011503 fails to install on two terminals with error 0x80073712',
  },
];

describe.each(LANGUAGES)('logs naming no host in a $locale chat', ({ locale, lang, problem }) => {
  const fx = botPerTest({ locale });

  it('asks which terminal they are from, and the answer places them', async () => {
    const { uploadPage, after } = await toLogCollection(fx.connector, problem);
    for (const machine of ['TERM-0231', 'TERM-0232']) {
      const zip = await collectorBundle({
        machine,
        logs: 'component-store-corrupt',
        day: '2022-05-19',
        source: 'wsus',
      });
      expect((await putUpload(uploadPage, bundleName(machine, '2022-05-19'), zip)).status).toBe(200);
    }
    const stage = await fx.connector.waitFor(
      (r) => isCard(r) && verbsOf(r).includes('remediation.failing'),
      15_000,
      { after },
    );
    const failing = await press(fx.connector, stage, 'remediation.failing');
    await fx.connector.waitFor((r) => isCard(r) && verbsOf(r).includes('verify.next'), 10_000, {
      after: failing.seq,
    });

    const bare = await makeZip([{ name: 'CBS.log', data: CBS_FAILING }]);
    expect((await putUpload(uploadPage, 'logs-after-reset.zip', bare)).status).toBe(200);

    const question = await fx.connector.waitFor(
      (r) => r.kind !== 'update' && isCard(r) && verbsOf(r).includes('logs-machine.choose'),
      15_000,
      { after: failing.seq },
    );
    const shown = readCard(question);
    expect(shown).toContain(t(lang, 'card.logs-machine.title'));
    expect(shown).toContain('TERM-0231');
    expect(shown).toContain('TERM-0232');
    expect(shown).toContain(t(lang, 'card.logs-machine.other'));

    // The user presses the TERM-0232 button (the card's own data goes with it).
    const rendered = renderCard(cardOf(question), {});
    const button = rendered.actions.find((a) => a.title === 'TERM-0232');
    expect(button?.verb).toBe('logs-machine.choose');
    const chosen = await fx.connector.sendInvoke(
      'logs-machine.choose',
      actionData(button!, rendered.inputs, {}),
      {
        replyToId: question.id,
      },
    );

    const same = t(lang, 'compare.same', { machine: 'TERM-0232', code: '0x80073712' });
    await fx.connector.waitFor((r) => textOf(r) === same, 15_000, { after: chosen.seq });
    await fx.connector.waitFor((r) => r.kind === 'update' && r.id === question.id, 10_000, {
      after: chosen.seq,
    });
    const frozen = fx.connector.latest(question.id)!;
    expect(verbsOf(frozen)).toEqual([]);
    expect(readCard(frozen)).toContain(t(lang, 'card.logs-machine.answeredMachine', { chosen: 'TERM-0232' }));
  });
});
