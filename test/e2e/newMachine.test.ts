/**
 * New logs once remediation began that are not plainly one of the case's terminals, over real HTTP with real
 * zips, in zh-CN and in English, after stage 1 failed on the case's two terminals (each named its host):
 * - a third terminal's failing logs add it to the case and the user is told; the case stays at stage 1's
 *   verify question;
 * - a bare CBS.log (no host) brings the card "which terminal are these logs from?" (each terminal by host, or
 *   another machine); choosing one compares the logs with that terminal's failure, the card keeps the answer;
 * - the same answered in words: a number no terminal ends with gets a hint and the card again (the older copy
 *   frozen), then "0232的" / "from 0232" places the logs as the button does;
 * - a third terminal's failing logs while closure is proposed (stage 1 fixed both): the proposal is withdrawn
 *   (its card frozen saying so) and stage 1 comes again, live, for the new terminal.
 */
import { actionData, renderCard } from '../../tools/cardText';
import type { RecordedActivity } from '../../tools/connector';
import { t } from '../../src/i18n';
import { loadKnowledge } from '../../src/knowledge';
import type { Locale } from '../../src/domain/locale';
import { makeZip } from '../diagnosis/bundle/zip-writer';
import { bundleName, collectorBundle } from '../transcripts/fixtures';
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

describe.each(LANGUAGES)('new logs after stage 1 in a $locale chat', ({ locale, lang, problem }) => {
  const fx = botPerTest({ locale });

  const upload = async (page: string, machine: string, day: string) => {
    const zip = await collectorBundle({ machine, logs: 'component-store-corrupt', day, source: 'wsus' });
    expect((await putUpload(page, bundleName(machine, day), zip)).status).toBe(200);
  };

  /** Both terminals diagnosed by host, stage 1 failed: the verify question is open. */
  async function afterStageOne(): Promise<{
    uploadPage: string;
    caseNumber: string;
    failing: { seq: number };
  }> {
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
    return { uploadPage, caseNumber, failing };
  }

  it('a terminal outside the case joins it, the user is told, and the stage does not move', async () => {
    const { uploadPage, caseNumber, failing } = await afterStageOne();

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

  it('logs naming no host: the user is asked which terminal they are from, and the answer places them', async () => {
    const { uploadPage, failing } = await afterStageOne();

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

  it('answered in words: an unknown number gets a hint and the card again, then the terminal’s number places them', async () => {
    const { uploadPage, failing } = await afterStageOne();
    const bare = await makeZip([{ name: 'CBS.log', data: CBS_FAILING }]);
    expect((await putUpload(uploadPage, 'logs-after-reset.zip', bare)).status).toBe(200);
    const isQuestion = (r: RecordedActivity) =>
      r.kind !== 'update' && isCard(r) && verbsOf(r).includes('logs-machine.choose');
    const first = await fx.connector.waitFor(isQuestion, 15_000, { after: failing.seq });

    const unknown = await fx.connector.sendMessage(lang === 'zh-CN' ? '0233的' : 'from 0233');
    const hint = t(lang, 'logsMachine.unknown', {
      said: '0233',
      machines: lang === 'zh-CN' ? 'TERM-0231、TERM-0232' : 'TERM-0231, TERM-0232',
      example: '0231',
    });
    await fx.connector.waitFor((r) => textOf(r) === hint, 15_000, { after: unknown.seq });
    const again = await fx.connector.waitFor(isQuestion, 15_000, { after: unknown.seq });
    // The older copy is frozen: one card with live buttons.
    await fx.connector.waitFor((r) => r.kind === 'update' && r.id === first.id, 10_000, {
      after: unknown.seq,
    });
    expect(verbsOf(fx.connector.latest(first.id)!)).toEqual([]);

    const answer = await fx.connector.sendMessage(lang === 'zh-CN' ? '是0232的' : 'from 0232');
    const same = t(lang, 'compare.same', { machine: 'TERM-0232', code: '0x80073712' });
    await fx.connector.waitFor((r) => textOf(r) === same, 15_000, { after: answer.seq });
    await fx.connector.waitFor((r) => r.kind === 'update' && r.id === again.id, 10_000, {
      after: answer.seq,
    });
    const frozen = fx.connector.latest(again.id)!;
    expect(verbsOf(frozen)).toEqual([]);
    expect(readCard(frozen)).toContain(t(lang, 'card.logs-machine.answeredMachine', { chosen: 'TERM-0232' }));
  });

  it('a failing terminal joining while closure is proposed withdraws it and reopens the stage for it', async () => {
    const { uploadPage, caseNumber, after } = await toLogCollection(fx.connector, problem);
    await upload(uploadPage, 'TERM-0231', '2022-05-19');
    await upload(uploadPage, 'TERM-0232', '2022-05-19');
    const stage = await fx.connector.waitFor(
      (r) => isCard(r) && verbsOf(r).includes('remediation.fixed'),
      15_000,
      { after },
    );
    const fixed = await press(fx.connector, stage, 'remediation.fixed');
    const closure = await fx.connector.waitFor(
      (r) => r.kind !== 'update' && isCard(r) && verbsOf(r).includes('closure.accept'),
      10_000,
      { after: fixed.seq },
    );

    await upload(uploadPage, 'TERM-0240', '2022-05-21');

    const title = loadKnowledge().playbooks.get('wu-reset-script')!.title[lang];
    expect(readCard(stage)).toContain(title);
    const told = t(lang, 'closure.withdrawnNewMachine', {
      machine: 'TERM-0240',
      after: '0x80073712',
      number: 1,
      title,
    });
    await fx.connector.waitFor((r) => textOf(r) === told, 20_000, { after: closure.seq });
    // The closure card is frozen as withdrawn, and stage 1 is asked again with live buttons.
    await fx.connector.waitFor((r) => r.kind === 'update' && r.id === closure.id, 10_000, {
      after: closure.seq,
    });
    const withdrawn = fx.connector.latest(closure.id)!;
    expect(verbsOf(withdrawn)).toEqual([]);
    expect(readCard(withdrawn)).toContain(t(lang, 'card.closure.answeredWithdrawn'));
    const again = await fx.connector.waitFor(
      (r) => r.kind !== 'update' && isCard(r) && verbsOf(r).includes('remediation.fixed'),
      10_000,
      { after: closure.seq },
    );
    expect(readCard(again)).toContain(lang === 'zh-CN' ? '第 1 步' : 'Stage 1');
    const record = await fx.app.store.cases.get(caseNumber);
    expect(record?.details.findings?.map((f) => f.hostName)).toEqual(['TERM-0231', 'TERM-0232', 'TERM-0240']);

    // Fixed there too: closure is proposed again.
    const done = await press(fx.connector, again, 'remediation.fixed');
    await fx.connector.waitFor(
      (r) => r.kind !== 'update' && isCard(r) && verbsOf(r).includes('closure.accept'),
      10_000,
      { after: done.seq },
    );
  });
});
