/**
 * The DISM repair needs a source of repair files: Windows Update where the terminal reaches it, installation
 * media where it cannot (WSUS-only, offline — the playbook's own variants say so). "No media" passes it over
 * only there, media at hand brings it back, and what the words did to several stages at once is said once,
 * naming them all — through the case machine, in zh-CN and in English.
 */
import type { SaveCase, ShowStage } from '../../dialogs/effects';
import type { DiagnosisSummary, Environment, PlanStage } from '../../src/domain/diagnosis';
import type { Locale } from '../../src/domain/locale';
import { stageCardData } from '../../src/cards/data/stage';
import { loadKnowledge } from '../../src/knowledge';
import { t } from '../../src/i18n';
import {
  diagnosisDone,
  planStageOf,
  saidKeys,
  startConversation,
  stateOf,
  uploadReceived,
  LADDER,
  ONE_TERMINAL_PROBLEM,
  stagesShown,
  type Effect,
} from './harness';

const knowledge = loadKnowledge();
const { RESET, IN_PLACE, KEEP_FILES } = LADDER;
/** The DISM stage as the knowledge base now declares it. */
const DISM = planStageOf('dism-sfc', ['repair-source']);
const PLAN = [RESET, DISM, IN_PLACE, KEEP_FILES];
const AT = (step: string) => ({ active: { open: { remediation: step } } });

const WORDS = {
  'zh-CN': { noMedia: '我们没有安装介质', hasMedia: '拿到安装盘了', wsus: '我们走的是行内WSUS' },
  en: {
    noMedia: 'we do not have any installation media',
    hasMedia: 'we have the ISO now',
    wsus: 'updates come from our WSUS server',
  },
} as const;

const said = (effects: Effect[], key: string) =>
  effects.find((e): e is Extract<Effect, { kind: 'say' }> => e.kind === 'say' && e.key === key);
const saved = (effects: Effect[]) =>
  effects.filter((e): e is SaveCase => e.kind === 'saveCase').map((e) => e.caseRecord);
const outcomes = (effects: Effect[]) =>
  saved(effects)
    .at(-1)
    ?.stages?.map((s) => [s.outcome ?? 'open', s.ruledOut ?? '']);

function atFirstStage(locale: Locale, environment: Environment | undefined, extra = '') {
  const c = startConversation(locale);
  c.say(ONE_TERMINAL_PROBLEM[locale] + extra);
  c.submit('problem-definition.confirm');
  c.submit('scope.accept');
  c.send(uploadReceived('u1', 'TERM-0231.zip'));
  const summary: Partial<DiagnosisSummary> = { plan: PLAN, environment, updateSource: environment };
  const effects = c.send(diagnosisDone('u1', 'TERM-0231', summary));
  expect(stateOf(c)).toEqual(AT('stage'));
  return { c, effects };
}

it('the knowledge base declares the DISM repair’s need, and only it and the in-place repair need media', () => {
  const needs = [...knowledge.playbooks.values()].flatMap((p) => (p.needs ?? []).map((n) => [p.id, n]));
  expect(needs).toEqual(
    expect.arrayContaining([
      ['dism-sfc', 'repair-source'],
      ['in-place-repair', 'installation-media'],
    ]),
  );
  expect(needs.filter(([, n]) => n !== 'missing-package-named')).toHaveLength(2);
});

describe.each(['zh-CN', 'en'] as const)('no installation media (%s)', (locale) => {
  const words = WORDS[locale];
  const titles = (...stages: PlanStage[]) =>
    stages
      .map((s) => (locale === 'zh-CN' ? `“${s.title[locale]}”` : `"${s.title[locale]}"`))
      .join(locale === 'zh-CN' ? '、' : ', ');

  it('behind WSUS passes over the DISM repair and the in-place repair, said once for both', () => {
    const { c } = atFirstStage(locale, 'wsus');

    const effects = c.say(words.noMedia);

    expect(saidKeys(effects)).toEqual(['plan.noMedia']);
    expect(said(effects, 'plan.noMedia')?.params).toEqual({
      count: 2,
      numbers: locale === 'zh-CN' ? '2、3' : '2 and 3',
      titles: titles(DISM, IN_PLACE),
    });
    expect(outcomes(effects)).toEqual([
      ['open', ''],
      ['skipped', 'repair-source'],
      ['skipped', 'installation-media'],
      ['open', ''],
    ]);
    // One timeline entry per stage passed over.
    expect(saved(effects).map((r) => r.timeline?.event.params?.number)).toEqual([2, 3]);
    // Stage 1 fails: next is the reset, whose card says why the two before it were passed over.
    c.submit('remediation.failing');
    const [next] = stagesShown(c.submit('verify.next'));
    expect(next.index).toBe(3);
    const card = JSON.stringify(stageCardData(knowledge, next as ShowStage, locale));
    expect(card).toContain(
      t(locale, 'card.remediation.passedOver.repair-source', { number: 2, title: DISM.title[locale] }),
    );
    expect(card).toContain(
      t(locale, 'card.remediation.passedOver.installation-media', {
        number: 3,
        title: IN_PLACE.title[locale],
      }),
    );
  });

  it('on a terminal that reaches Windows Update leaves the DISM repair in the plan', () => {
    const { c } = atFirstStage(locale, 'internet');

    const effects = c.say(words.noMedia);

    expect(said(effects, 'plan.noMedia')?.params).toEqual({
      count: 1,
      numbers: '3',
      titles: titles(IN_PLACE),
    });
    expect(outcomes(effects)?.map(([o]) => o)).toEqual(['open', 'open', 'skipped', 'open']);
  });

  it('with the update source unknown keeps DISM until the user names WSUS, then passes it over', () => {
    const { c } = atFirstStage(locale, undefined);
    c.say(words.noMedia);
    expect(c.snapshot.context.remediation?.stages[1].outcome).toBeUndefined();

    const effects = c.say(words.wsus);

    expect(saidKeys(effects)).toEqual(['plan.sourceSaid.wsus', 'plan.noMedia']);
    expect(said(effects, 'plan.noMedia')?.params).toMatchObject({ count: 1, numbers: '2' });
    expect(c.snapshot.context.remediation?.stages[1]).toMatchObject({
      outcome: 'skipped',
      ruledOut: 'repair-source',
    });
  });

  it('said with the problem on an offline terminal: the plan starts without DISM; media brings both back, said once', () => {
    const extra = locale === 'zh-CN' ? '，网点没有安装介质' : '; we have no installation media';
    const { c, effects: first } = atFirstStage(locale, 'offline', extra);
    expect(stagesShown(first).map((s) => s.index)).toEqual([0]);
    expect(c.snapshot.context.remediation?.stages.map((s) => s.ruledOut ?? '')).toEqual([
      '',
      'repair-source',
      'installation-media',
      '',
    ]);
    c.submit('remediation.failing');
    expect(stagesShown(c.submit('verify.next')).map((s) => s.index)).toEqual([3]);

    const effects = c.say(words.hasMedia);

    expect(saidKeys(effects)).toEqual(['plan.hasMedia']);
    expect(said(effects, 'plan.hasMedia')?.params).toEqual({
      count: 2,
      numbers: locale === 'zh-CN' ? '2、3' : '2 and 3',
      titles: titles(DISM, IN_PLACE),
    });
    // Work goes back to the DISM repair (the lighter of the two).
    expect(stagesShown(effects).map((s) => [s.index, s.stage.playbookId])).toEqual([[1, 'dism-sfc']]);
    expect(saved(effects).map((r) => r.timeline?.event.key)).toEqual(['mediaAtHand', 'mediaAtHand']);
  });

  it('“cannot do DISM, no media” at the DISM stage: passed over with the in-place repair, for their reasons', () => {
    const cannot =
      locale === 'zh-CN' ? 'DISM做不了，没有安装盘' : "we can't do the DISM step, we don't have the ISO";
    const { c } = atFirstStage(locale, 'wsus');
    c.submit('remediation.failing');
    c.submit('verify.next');

    const effects = c.say(cannot);

    expect(saidKeys(effects)).toEqual(['plan.noMedia']);
    expect(said(effects, 'plan.noMedia')?.params).toMatchObject({ count: 2 });
    expect(stagesShown(effects).map((s) => s.index)).toEqual([3]);
    expect(c.snapshot.context.remediation?.stages.map((s) => s.ruledOut ?? '')).toEqual([
      '',
      'repair-source',
      'installation-media',
      '',
    ]);

    // On a terminal that reaches Windows Update the user may still lack what they think DISM needs: the
    // stage is skipped for media all the same, and media brings it back.
    const online = atFirstStage(locale, 'internet').c;
    online.submit('remediation.failing');
    online.submit('verify.next');
    expect(saidKeys(online.say(cannot))).toEqual(['remediation.skippedForMedia']);
    expect(online.snapshot.context.remediation?.stages[1]).toMatchObject({ ruledOut: 'repair-source' });
    expect(said(online.say(words.hasMedia), 'plan.hasMedia')?.params).toMatchObject({ count: 2 });
  });
});
