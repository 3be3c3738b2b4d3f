/**
 * What the user says of their machines mid-remediation, through the case machine: the update source named
 * at a stage shows that stage again with only that source's steps (the logs' policy stays ahead of the
 * user's words), "no media" passes the stage that needs it over, and media at hand after all puts the
 * stages passed over back in the plan and takes work to them, in zh-CN and in English.
 */
import type { SaveCase, ShowStage } from '../../dialogs/effects';
import type { Effect } from './harness';
import type { DiagnosisSummary, PlanStage } from '../../src/domain/diagnosis';
import type { Locale } from '../../src/domain/locale';
import { stageCardData } from '../../src/cards/data/stage';
import { loadKnowledge } from '../../src/knowledge';
import {
  diagnosisDone,
  saidKeys,
  startConversation,
  stateOf,
  uploadReceived,
  LADDER,
  ONE_TERMINAL_PROBLEM,
  stagesShown,
  type Conversation,
} from './harness';

const knowledge = loadKnowledge();

const { RESET, DISM, IN_PLACE, KEEP_FILES } = LADDER;
const FIRST = ONE_TERMINAL_PROBLEM;
const NO_MEDIA = { 'zh-CN': '，网点没有安装介质', en: '; we have no installation media' };

const shown = stagesShown;
const frozen = (effects: Effect[]): ShowStage[] =>
  effects.filter((e): e is ShowStage => e.kind === 'showStage' && e.update === true);
const saved = (effects: Effect[]) =>
  effects.filter((e): e is SaveCase => e.kind === 'saveCase').map((e) => e.caseRecord);
const where = (c: Conversation) => stateOf(c);
const AT = (step: string) => ({ active: { open: { remediation: step } } });

/** A case of one terminal at its first stage; `first` may say more than the failure. */
function atFirstStage(locale: Locale, plan: PlanStage[], summary: Partial<DiagnosisSummary>, first = '') {
  const c = startConversation(locale);
  c.say(FIRST[locale] + first);
  c.submit('problem-definition.confirm');
  c.submit('scope.accept');
  c.send(uploadReceived('u1', 'TERM-0231.zip'));
  const effects = c.send(diagnosisDone('u1', 'TERM-0231', { plan, ...summary }));
  expect(where(c)).toEqual(AT('stage'));
  return { c, effects };
}

describe.each([
  ['zh-CN', '我们走的是行内WSUS'],
  ['en', 'updates come from our WSUS server'],
] as const)('the update source named at a stage (%s)', (locale, words) => {
  it('shows the stage again with only the WSUS steps, after saying what was noted', () => {
    const { c } = atFirstStage(locale, [DISM, KEEP_FILES], {
      environment: undefined,
      updateSource: undefined,
    });

    const effects = c.say(words);

    expect(saidKeys(effects)).toEqual(['plan.sourceSaid.wsus']);
    expect(where(c)).toEqual(AT('stage'));
    const [again] = shown(effects);
    expect(again).toMatchObject({ index: 0, environment: 'wsus', environmentFrom: 'user' });
    const card = stageCardData(knowledge, again, locale);
    expect((card.variants as Array<{ key: string }>).map((v) => v.key)).toEqual(['wsus']);
    expect((card.otherVariants as Array<{ key: string }>).map((v) => v.key)).not.toContain('wsus');
    expect(saved(effects).map((r) => r.timeline?.event.key)).toEqual(['sourceSaid.wsus']);
  });

  it('keeps the policy the logs show and says so when the words name another source', () => {
    const { c } = atFirstStage(locale, [DISM, KEEP_FILES], { environment: 'offline' });

    const effects = c.say(words);

    expect(saidKeys(effects)).toEqual(['plan.logsSay.offline']);
    expect(shown(effects)).toEqual([]);
    expect(c.snapshot.context.remediation).toMatchObject({ environment: 'offline', environmentFrom: 'logs' });
    expect(where(c)).toEqual(AT('stage'));
  });
});

describe.each([
  ['zh-CN', '我们没有安装介质'],
  ['en', 'we do not have any installation media'],
] as const)('no media said at the stage that needs it (%s)', (locale, words) => {
  it('freezes the stage as skipped and goes on to the next one', () => {
    const { c } = atFirstStage(locale, [IN_PLACE, KEEP_FILES], { environment: 'wsus' });

    const effects = c.say(words);

    expect(saidKeys(effects)).toEqual(['plan.noMedia']);
    expect(frozen(effects)).toEqual([
      expect.objectContaining({
        index: 0,
        stage: expect.objectContaining({ outcome: 'skipped', ruledOut: 'installation-media' }),
      }),
    ]);
    expect(shown(effects).map((s) => [s.index, s.stage.playbookId])).toEqual([[1, 'reset-keep-files']]);
    expect(
      saved(effects)
        .at(-1)
        ?.stages?.map((s) => s.outcome ?? 'open'),
    ).toEqual(['skipped', 'open']);
  });

  it('hands the case to the engineers when no stage is left', () => {
    const { c } = atFirstStage(locale, [IN_PLACE], { environment: 'wsus' });

    const effects = c.say(words);

    expect(where(c)).toEqual(AT('exhausted'));
    expect(saidKeys(effects)).toEqual(['plan.noMedia', 'remediation.exhausted']);
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'escalate', reason: 'out-of-stages' }));
  });
});

describe.each([
  ['zh-CN', '我们没有安装介质'],
  ['en', 'we do not have any installation media'],
] as const)('no media said after a stage failed (%s)', (locale, words) => {
  it('passes the stage that needs media over and shows the verify card with the stage after it', () => {
    const { c } = atFirstStage(locale, [RESET, IN_PLACE, KEEP_FILES], { environment: 'wsus' });
    c.submit('remediation.failing');

    const effects = c.say(words);

    expect(where(c)).toEqual(AT('verify'));
    expect(saidKeys(effects)).toEqual(['plan.noMedia']);
    expect(effects).toContainEqual(
      expect.objectContaining({
        kind: 'card',
        cardId: 'verify',
        data: expect.objectContaining({ hasNext: true, nextTitle: KEEP_FILES.title[locale] }),
      }),
    );
    expect(shown(c.submit('verify.next')).map((s) => [s.index, s.passedOver?.[0]?.ruledOut])).toEqual([
      [2, 'installation-media'],
    ]);
  });
});

describe.each([
  ['zh-CN', '拿到安装盘了'],
  ['en', 'we have the ISO now'],
] as const)('installation media at hand after all (%s)', (locale, words) => {
  it('at a later stage: puts the in-place repair back in the plan and goes back to it', () => {
    const { c, effects: first } = atFirstStage(
      locale,
      [RESET, IN_PLACE, KEEP_FILES],
      { environment: 'wsus' },
      NO_MEDIA[locale],
    );
    expect(shown(first)[0].index).toBe(0);
    c.submit('remediation.failing');
    const next = c.submit('verify.next');
    expect(shown(next).map((s) => s.index)).toEqual([2]);

    const effects = c.say(words);

    expect(saidKeys(effects)).toEqual(['plan.hasMedia']);
    expect(effects).toContainEqual(
      expect.objectContaining({
        kind: 'say',
        key: 'plan.hasMedia',
        params: {
          count: 1,
          numbers: '2',
          titles: locale === 'zh-CN' ? `“${IN_PLACE.title[locale]}”` : `"${IN_PLACE.title[locale]}"`,
        },
      }),
    );
    expect(where(c)).toEqual(AT('stage'));
    expect(shown(effects).map((s) => [s.index, s.stage.playbookId])).toEqual([[1, 'in-place-repair']]);
    // The card of the stage left is frozen as put aside: one live stage card.
    const [left] = frozen(effects);
    expect(left).toMatchObject({ index: 2, deferred: true });
    expect(stageCardData(knowledge, left, locale)).toMatchObject({ status: 'deferred', answered: true });
    const [record] = saved(effects);
    expect(record.stages?.map((s) => [s.outcome ?? 'open', s.ruledOut ?? ''])).toEqual([
      ['failed', ''],
      ['open', ''],
      ['open', ''],
    ]);
    expect(record.timeline?.event).toMatchObject({ key: 'mediaAtHand', params: { number: 2 } });
    // The reopened stage is worked like any other: it failing leads on to the one after it.
    c.submit('remediation.failing');
    expect(shown(c.submit('verify.next')).map((s) => s.index)).toEqual([2]);
  });

  it('said with a stage outcome, is not taken behind the stage just answered', () => {
    const { c } = atFirstStage(
      locale,
      [RESET, IN_PLACE, KEEP_FILES],
      { environment: 'wsus' },
      NO_MEDIA[locale],
    );
    c.submit('remediation.failing');
    c.submit('verify.next');
    const stillFails = { 'zh-CN': '，还是不行', en: ', but it still fails' }[locale];

    c.say(words + stillFails);

    expect(where(c)).toEqual(AT('verify'));
    const state = c.snapshot.context.remediation!;
    expect(state.current).toBe(2);
    expect(state.stages.map((s) => s.outcome ?? 'open')).toEqual(['failed', 'skipped', 'failed']);
    // Said again on its own, it takes work back to the in-place repair.
    expect(shown(c.say(words)).map((s) => s.index)).toEqual([1]);
  });

  it('after a stage failed: the verify card names the reopened stage next, and it is reached', () => {
    const { c } = atFirstStage(
      locale,
      [RESET, IN_PLACE, KEEP_FILES],
      { environment: 'wsus' },
      NO_MEDIA[locale],
    );
    c.submit('remediation.failing');
    expect(where(c)).toEqual(AT('verify'));

    const effects = c.say(words);

    expect(saidKeys(effects)).toEqual(['plan.hasMedia']);
    expect(where(c)).toEqual(AT('verify'));
    expect(effects).toContainEqual(
      expect.objectContaining({
        kind: 'card',
        cardId: 'verify',
        data: expect.objectContaining({ hasNext: true, nextTitle: IN_PLACE.title[locale] }),
      }),
    );
    expect(shown(c.submit('verify.next')).map((s) => s.index)).toEqual([1]);
  });

  it('with every stage tried: the case goes back to the stage open again', () => {
    const { c } = atFirstStage(locale, [RESET, IN_PLACE], { environment: 'wsus' }, NO_MEDIA[locale]);
    c.submit('remediation.failing');
    c.submit('verify.next');
    expect(where(c)).toEqual(AT('exhausted'));

    const effects = c.say(words);

    expect(where(c)).toEqual(AT('stage'));
    expect(saidKeys(effects)).toEqual(['plan.hasMedia']);
    expect(shown(effects).map((s) => [s.index, s.stage.playbookId])).toEqual([[1, 'in-place-repair']]);
    expect(c.snapshot.context.remediation?.current).toBe(1);
  });
});
