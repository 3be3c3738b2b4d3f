/**
 * Words about the machines mid-remediation that change nothing are answered, not passed over in silence (the
 * source the plan already follows; no media when no stage left needs it), and a stage the user themselves
 * could not do for lack of media comes back when they have media after all — through the case machine, in
 * zh-CN and in English.
 */
import type { SaveCase } from '../../dialogs/effects';
import type { DiagnosisSummary, PlanStage } from '../../src/domain/diagnosis';
import type { Locale } from '../../src/domain/locale';
import { t } from '../../src/i18n';
import {
  diagnosisDone,
  saidKeys,
  startConversation,
  stateOf,
  uploadReceived,
  LADDER,
  ONE_TERMINAL_PROBLEM,
  stagesShown,
  type Effect,
} from './harness';

const { RESET, DISM, IN_PLACE, KEEP_FILES } = LADDER;
const FIRST = ONE_TERMINAL_PROBLEM;
const AT = (step: string) => ({ active: { open: { remediation: step } } });
const shown = stagesShown;
const saved = (effects: Effect[]) =>
  effects.filter((e): e is SaveCase => e.kind === 'saveCase').map((e) => e.caseRecord);

function atFirstStage(locale: Locale, plan: PlanStage[], summary: Partial<DiagnosisSummary>) {
  const c = startConversation(locale);
  c.say(FIRST[locale]);
  c.submit('problem-definition.confirm');
  c.submit('scope.accept');
  c.send(uploadReceived('u1', 'TERM-0231.zip'));
  c.send(diagnosisDone('u1', 'TERM-0231', { plan, ...summary }));
  expect(stateOf(c)).toEqual(AT('stage'));
  return c;
}

const WORDS = {
  'zh-CN': {
    wsus: '我们走的是行内WSUS',
    offline: '终端不能上外网',
    noMedia: '我们没有安装介质',
    cannotNoMedia: 'DISM做不了，没有安装盘',
    hasMedia: '拿到安装盘了',
  },
  en: {
    wsus: 'updates come from our WSUS server',
    offline: 'the terminals have no internet access',
    noMedia: 'we do not have any installation media',
    cannotNoMedia: "we can't do the DISM step, we don't have the ISO",
    hasMedia: 'we have the ISO now',
  },
} as const;

describe.each(['zh-CN', 'en'] as const)('words that change nothing are answered (%s)', (locale) => {
  const words = WORDS[locale];

  it('a source the logs show already: said back briefly, the stage stays and its card is not shown again', () => {
    const c = atFirstStage(locale, [DISM, KEEP_FILES], { environment: 'wsus' });

    const effects = c.say(words.wsus);

    expect(saidKeys(effects)).toEqual(['plan.sourceAgrees.wsus']);
    expect(t(locale, 'plan.sourceAgrees.wsus')).not.toBe(t(locale, 'remediation.reminder'));
    expect(shown(effects)).toEqual([]);
    expect(stateOf(c)).toEqual(AT('stage'));
    expect(c.snapshot.context.remediation).toMatchObject({ environment: 'wsus', environmentFrom: 'logs' });
  });

  it('a source the user named before, said again: answered the same way', () => {
    const c = atFirstStage(locale, [DISM, KEEP_FILES], { environment: undefined, updateSource: undefined });
    expect(saidKeys(c.say(words.offline))).toEqual(['plan.sourceSaid.offline']);

    expect(saidKeys(c.say(words.offline))).toEqual(['plan.sourceAgrees.offline']);
  });

  it('no media when no stage left needs it: noted on the record, answered, the stage not skipped', () => {
    const c = atFirstStage(locale, [RESET, KEEP_FILES], { environment: 'wsus' });

    const effects = c.say(words.noMedia);

    expect(saidKeys(effects)).toEqual(['plan.noMediaNeedless']);
    expect(stateOf(c)).toEqual(AT('stage'));
    expect(c.snapshot.context.remediation?.current).toBe(0);
    expect(c.snapshot.context.remediation?.stages.map((s) => s.outcome ?? 'open')).toEqual(['open', 'open']);
    expect(saved(effects).map((r) => r.timeline?.event.key)).toEqual(['noMediaNoted']);
  });

  it('no media after a stage failed, and with every stage tried: answered in both steps', () => {
    const c = atFirstStage(locale, [RESET, KEEP_FILES], { environment: 'wsus' });
    c.submit('remediation.failing');
    expect(saidKeys(c.say(words.noMedia))).toEqual(['plan.noMediaNeedless']);
    expect(stateOf(c)).toEqual(AT('verify'));
    c.submit('verify.next');
    c.submit('remediation.failing');
    c.submit('verify.next');
    expect(stateOf(c)).toEqual(AT('exhausted'));

    expect(saidKeys(c.say(words.noMedia))).toEqual(['plan.noMediaNeedless']);
    expect(saidKeys(c.say(words.wsus))).toEqual(['plan.sourceAgrees.wsus']);
    expect(stateOf(c)).toEqual(AT('exhausted'));
  });
});

describe.each(['zh-CN', 'en'] as const)('a stage the user could not do for lack of media (%s)', (locale) => {
  const words = WORDS[locale];

  /** At DISM (stage 2) behind WSUS, the user says they cannot do it without media. */
  function skippedDism() {
    const c = atFirstStage(locale, [RESET, DISM, IN_PLACE, KEEP_FILES], { environment: 'wsus' });
    c.submit('remediation.failing');
    c.submit('verify.next');
    expect(c.snapshot.context.remediation?.current).toBe(1);
    const effects = c.say(words.cannotNoMedia);
    return { c, effects };
  }

  it('is skipped with the reason, and the user told that media brings it back', () => {
    const { c, effects } = skippedDism();

    expect(saidKeys(effects)).toEqual(['remediation.skippedForMedia']);
    const state = c.snapshot.context.remediation!;
    expect(state.stages.map((s) => [s.outcome ?? 'open', s.ruledOut ?? ''])).toEqual([
      ['failed', ''],
      ['skipped', 'installation-media'],
      ['skipped', 'installation-media'],
      ['open', ''],
    ]);
    expect(shown(effects).map((s) => s.stage.playbookId)).toEqual(['reset-keep-files']);
  });

  it('is reopened by media at hand: work goes back to it, and its later failure is its own', () => {
    const { c } = skippedDism();

    const effects = c.say(words.hasMedia);

    // Said once, naming both stages back in the plan.
    expect(saidKeys(effects)).toEqual(['plan.hasMedia']);
    const [said] = effects.filter((e) => e.kind === 'say');
    expect(said).toMatchObject({
      params: {
        count: 2,
        numbers: locale === 'zh-CN' ? '2、3' : '2 and 3',
        titles:
          locale === 'zh-CN'
            ? `“${DISM.title[locale]}”、“${IN_PLACE.title[locale]}”`
            : `"${DISM.title[locale]}", "${IN_PLACE.title[locale]}"`,
      },
    });
    expect(stateOf(c)).toEqual(AT('stage'));
    expect(shown(effects).map((s) => [s.index, s.stage.playbookId])).toEqual([[1, 'dism-sfc']]);
    const record = saved(effects).at(-1)!;
    expect(record.stages?.map((s) => s.outcome ?? 'open')).toEqual(['failed', 'open', 'open', 'open']);
    expect(saved(effects).map((r) => r.timeline?.event.params?.number)).toEqual([2, 3]);
    // The "cannot" is withdrawn: a later outcome does not put the stage back to skipped.
    c.submit('remediation.failing');
    const state = c.snapshot.context.remediation!;
    expect(state.stages.map((s) => s.outcome ?? 'open')).toEqual(['failed', 'failed', 'open', 'open']);
    expect(shown(c.submit('verify.next')).map((s) => [s.index, s.stage.playbookId])).toEqual([
      [2, 'in-place-repair'],
    ]);
  });

  it('is reopened from the engineers’ step too, once every stage was tried', () => {
    const c = atFirstStage(locale, [RESET, DISM], { environment: 'wsus' });
    c.submit('remediation.failing');
    c.submit('verify.next');
    c.say(words.cannotNoMedia);
    expect(stateOf(c)).toEqual(AT('exhausted'));

    const effects = c.say(words.hasMedia);

    expect(stateOf(c)).toEqual(AT('stage'));
    expect(shown(effects).map((s) => s.index)).toEqual([1]);
    // The engineers, whose queue holds the case, are told in its thread that the bot goes on with it.
    expect(effects).toContainEqual({
      kind: 'relay',
      caseNumber: c.snapshot.context.caseNumber,
      message: { kind: 'planResumed', text: words.hasMedia, number: 2, title: DISM.title },
    });
  });
});
