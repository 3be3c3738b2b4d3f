/**
 * What the user says about their machines mid-case, read without the machine: installation media at hand
 * after all (and its negations), and the plan told so (`toldBy`): stages passed over for the lack of media
 * open again, the update source from the user's words unless the logs name one.
 */
import { userSays } from '../../dialogs/circumstances';
import type { DiagnosisSummary, PlanStage } from '../../src/domain/diagnosis';
import { nextStageIndex, planFor, toldBy, withOutcome } from '../../src/domain/plan';
import { componentStoreCorrupt, planStageOf } from './harness';

const stage = planStageOf;

const LADDER: PlanStage[] = [
  stage('wu-reset-script'),
  stage('dism-sfc'),
  stage('in-place-repair', ['installation-media']),
  stage('reset-keep-files'),
];

function diagnosis(overrides: Partial<DiagnosisSummary> = {}): DiagnosisSummary {
  return { ...componentStoreCorrupt('u1', 'TERM-0231'), plan: LADDER, ...overrides };
}

const outcomes = (state: ReturnType<typeof planFor>) =>
  state?.stages.map((s) => [s.playbookId, s.outcome ?? 'open', s.ruledOut ?? '']);

describe('installation media at hand after all', () => {
  it.each([
    '拿到安装盘了',
    '现在有安装介质了',
    '找到了对应版本的ISO',
    '总行发来了，拿到1809的安装盘了',
    '之前没有安装盘，现在拿到安装盘了',
    'we have the ISO now',
    'got the installation media',
    'We finally got the matching ISO from head office',
    'found the LTSC ISO',
  ])('hears %j as media at hand', (text) => {
    expect(userSays(text)).toMatchObject({ hasMedia: true });
    expect(userSays(text).noMedia).toBeUndefined();
  });

  it.each([
    '没有安装介质',
    '还没拿到安装盘',
    '网点没有安装盘，也找不到ISO',
    '没找到对应版本的ISO',
    '如果有安装盘的话可以做',
    '是否有安装介质？',
    "we don't have the ISO",
    "we still haven't got the installation media",
    'we do not have any installation media',
    'do we have the ISO?',
    'if we had the ISO we would try it',
    'DISM 跑完了，还是 0x800f081f',
    'KB5011503 在两台终端上安装失败，报错 0x80073712',
  ])('does not take %j as media at hand', (text) => {
    expect(userSays(text).hasMedia).toBeUndefined();
  });

  it('takes what is said last when media is said missing and at hand', () => {
    expect(userSays('之前没有安装盘，现在拿到安装盘了')).toEqual({ hasMedia: true });
    expect(userSays('拿到安装盘了，但是没有对应版本的ISO')).toEqual({ noMedia: true });
  });
});

describe('the plan told that media is at hand', () => {
  it('opens the stages passed over for the lack of media and clears the lack', () => {
    const plan = planFor([diagnosis({ environment: 'wsus' })], { noMedia: true })!;
    expect(outcomes(plan)?.[2]).toEqual(['in-place-repair', 'skipped', 'installation-media']);

    const told = toldBy(plan, { hasMedia: true });

    expect(told.noMedia).toBeUndefined();
    expect(outcomes(told)).toEqual([
      ['wu-reset-script', 'open', ''],
      ['dism-sfc', 'open', ''],
      ['in-place-repair', 'open', ''],
      ['reset-keep-files', 'open', ''],
    ]);
    expect(told.current).toBe(0);
  });

  it('goes back to the reopened stage when work had passed it, and keeps stages the user answered', () => {
    const plan = planFor([diagnosis({ environment: 'wsus' })], { noMedia: true })!;
    // Stage 1 failed, stage 2 the user could not do: work is at stage 4 (stage 3 passed over).
    const failed = withOutcome(plan, 'failed');
    const skipped = withOutcome({ ...failed, current: 1 }, 'skipped');
    const atFour = { ...skipped, current: 3 };

    const told = toldBy(atFour, { hasMedia: true });

    expect(told.current).toBe(2);
    expect(outcomes(told)).toEqual([
      ['wu-reset-script', 'failed', ''],
      ['dism-sfc', 'skipped', ''],
      ['in-place-repair', 'open', ''],
      ['reset-keep-files', 'open', ''],
    ]);
    expect(told.attempts).toEqual(atFour.attempts);
  });

  it('makes the reopened stage the next one when it lies ahead', () => {
    const plan = planFor([diagnosis({ environment: 'wsus', plan: LADDER.slice(0, 3) })], { noMedia: true })!;
    const failed = { ...withOutcome({ ...plan, current: 1 }, 'failed') };
    expect(nextStageIndex(failed)).toBeUndefined();

    const told = toldBy(failed, { hasMedia: true });

    expect(told.current).toBe(1);
    expect(nextStageIndex(told)).toBe(2);
  });

  it('changes nothing when no stage was passed over for media', () => {
    const plan = planFor([diagnosis({ environment: 'wsus' })])!;

    expect(toldBy(plan, { hasMedia: true })).toEqual(plan);
  });

  it('does not open a stage the user said they could not do, whatever the reason', () => {
    const plan = planFor([diagnosis({ environment: 'wsus' })])!;
    const cannot = withOutcome({ ...plan, current: 2 }, 'skipped');

    expect(outcomes(toldBy(cannot, { hasMedia: true }))?.[2]).toEqual(['in-place-repair', 'skipped', '']);
  });
});

describe('the update source named mid-case', () => {
  it.each([
    ['我们走的是行内WSUS', 'wsus'],
    ['updates come from our WSUS server', 'wsus'],
    ['these terminals have no internet', 'offline'],
  ])('reads %j as %s', (text, environment) => {
    expect(userSays(text)).toEqual({ environment });
  });
});

describe('the plan told where updates come from', () => {
  it('takes the user word when the logs name no source, and keeps the logs one otherwise', () => {
    const unknown = planFor([diagnosis({ environment: undefined })])!;
    const fromLogs = planFor([diagnosis({ environment: 'offline' })])!;

    expect(toldBy(unknown, { environment: 'wsus' })).toMatchObject({
      environment: 'wsus',
      environmentFrom: 'user',
    });
    expect(toldBy(fromLogs, { environment: 'wsus' })).toMatchObject({
      environment: 'offline',
      environmentFrom: 'logs',
    });
  });

  it('lets a later word of the user replace an earlier one', () => {
    const said = toldBy(planFor([diagnosis({ environment: undefined })])!, { environment: 'offline' });

    expect(toldBy(said, { environment: 'wsus' }).environment).toBe('wsus');
  });
});
