/**
 * Plans fitted to what is known: the update source from the user's words when the logs do not say it,
 * stages whose need the logs or the user rule out passed over with the reason, in the plan and in the chat.
 */
import type { ShowStage } from '../../dialogs/effects';
import type { Effect } from './harness';
import { userSays } from '../../dialogs/circumstances';
import type { DiagnosisSummary, PlanStage } from '../../src/domain/diagnosis';
import { fitted, passedOverBefore, planFor, toldBy } from '../../src/domain/plan';
import {
  componentStoreCorrupt,
  diagnosisDone,
  planStageOf,
  startConversation,
  stateOf,
  uploadReceived,
} from './harness';

const stage = planStageOf;

/** The component-store ladder as the knowledge base gives it (needs included). */
const LADDER: PlanStage[] = [
  stage('wu-reset-script'),
  stage('dism-sfc'),
  stage('install-missing-package', ['missing-package-named']),
  stage('in-place-repair', ['installation-media']),
  stage('reset-keep-files'),
  stage('backup-clean-install'),
];

function diagnosis(overrides: Partial<DiagnosisSummary> = {}): DiagnosisSummary {
  return { ...componentStoreCorrupt('u1', 'TERM-0231'), plan: LADDER, ...overrides };
}

const outcomes = (state: ReturnType<typeof planFor>) =>
  state?.stages.map((s) => [s.playbookId, s.outcome ?? 'open', s.ruledOut ?? '']);

describe('what the user says about their machines', () => {
  it.each([
    ['你好，我们支行两台终端安装失败，LTSC 1809，走行内 WSUS，不能上外网', 'wsus'],
    ['我们走行内WSUS', 'wsus'],
    ['terminals get updates from our internal WSUS server', 'wsus'],
    ['终端不能上外网，也没有更新服务器', 'offline'],
    ['we have no WSUS, the terminals are offline', 'offline'],
    ['没有WSUS，终端是离线的', 'offline'],
    ['终端在隔离网，不能访问外网', 'offline'],
    ['these machines have no internet access', 'offline'],
    ["the branch PCs can't reach the internet", 'offline'],
    ['终端可以上外网，直接连微软更新', 'internet'],
    ['they get updates from Windows Update directly', 'internet'],
  ])('reads %j as %s', (text, environment) => {
    expect(userSays(text).environment).toBe(environment);
  });

  it('finds no source in a message that names none', () => {
    expect(userSays('KB5011503 在两台终端上安装失败，报错 0x80073712')).toEqual({});
    expect(userSays('Windows Update fails with 0x80073712')).toEqual({});
  });

  it.each([
    '网点没有安装介质，这一步做不了',
    '没有安装盘',
    '我们找不到匹配的ISO',
    "we don't have the installation media",
    'no ISO here',
  ])('hears that %j means no installation media', (text) => {
    expect(userSays(text).noMedia).toBe(true);
  });

  it.each(['用安装盘做了源，还是报 0x800f081f', 'we have the media now', 'DISM finished without errors'])(
    'does not take %j as no media',
    (text) => {
      expect(userSays(text).noMedia).toBeUndefined();
    },
  );
});

describe('the plan fitted to the case', () => {
  it('passes over installing a missing package when no log names one, and keeps it when one does', () => {
    expect(outcomes(planFor([diagnosis()]))?.[2]).toEqual([
      'install-missing-package',
      'skipped',
      'missing-package-named',
    ]);
    expect(outcomes(planFor([diagnosis({ missingPackageNamed: true })]))?.[2]).toEqual([
      'install-missing-package',
      'open',
      '',
    ]);
  });

  it('passes over the in-place repair once the user said they have no media', () => {
    const plan = planFor([diagnosis()], { noMedia: true });

    expect(outcomes(plan)?.[3]).toEqual(['in-place-repair', 'skipped', 'installation-media']);
    expect(outcomes(plan)?.[4]).toEqual(['reset-keep-files', 'open', '']);
  });

  it('takes the environment from the logs first, from the user when the logs say nothing', () => {
    const fromLogs = planFor([diagnosis({ environment: 'wsus' })], { environment: 'internet' });
    const fromUser = planFor([diagnosis({ environment: undefined })], { environment: 'wsus' });
    const unknown = planFor([diagnosis({ environment: undefined })]);

    expect([fromLogs?.environment, fromLogs?.environmentFrom]).toEqual(['wsus', 'logs']);
    expect([fromUser?.environment, fromUser?.environmentFrom]).toEqual(['wsus', 'user']);
    expect(unknown?.environment).toBeUndefined();
    // The user's word does not override the policy the logs show.
    expect(toldBy(fromLogs!, { environment: 'offline' }).environment).toBe('wsus');
    expect(toldBy(unknown!, { environment: 'offline' })).toMatchObject({
      environment: 'offline',
      environmentFrom: 'user',
    });
  });

  it('starts at the first stage that is not ruled out, and names what it passed over', () => {
    const plan = planFor([diagnosis({ plan: LADDER.slice(2) })], { noMedia: true });

    expect(plan?.current).toBe(2);
    expect(passedOverBefore(plan!, 2).map((s) => s.ruledOut)).toEqual([
      'missing-package-named',
      'installation-media',
    ]);
  });

  it('leaves stages already answered as they were', () => {
    const plan = planFor([diagnosis()])!;
    const answered = {
      ...plan,
      stages: plan.stages.map((s, i) => (i === 3 ? { ...s, outcome: 'failed' as const } : s)),
    };

    expect(fitted({ ...answered, noMedia: true }).stages[3]).toMatchObject({ outcome: 'failed' });
    expect(fitted({ ...answered, noMedia: true }).stages[3].ruledOut).toBeUndefined();
  });
});

describe('a case whose plan is fitted as the user talks', () => {
  const stagesShown = (effects: Effect[]): ShowStage[] =>
    effects.filter((e): e is ShowStage => e.kind === 'showStage' && !e.update);

  function atStage2(first: string, environment?: 'wsus') {
    const c = startConversation('zh-CN');
    c.say(first);
    c.submit('problem-definition.confirm');
    c.submit('scope.accept');
    c.send(uploadReceived('u1', 'TERM-0231.zip'));
    c.send(diagnosisDone('u1', 'TERM-0231', { plan: LADDER, environment }));
    const effects = c.submit('remediation.failing');
    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'verify' } } });
    return { c, effects: [...effects, ...c.submit('verify.next')] };
  }

  it('shows the DISM stage for the WSUS the user named when the logs show no policy', () => {
    const { effects } = atStage2('一台终端安装 KB5011503 失败，报错 0x80073712，走行内WSUS');

    expect(stagesShown(effects)).toEqual([
      expect.objectContaining({ index: 1, environment: 'wsus', environmentFrom: 'user' }),
    ]);
  });

  it('after "没有安装介质" goes on past the stages that need media or a named package, saying why', () => {
    const { c } = atStage2('一台终端安装 KB5011503 失败，报错 0x80073712', 'wsus');

    const effects = c.say('网点没有安装介质，这一步做不了');

    const [next] = stagesShown(effects);
    expect(next.stage.playbookId).toBe('reset-keep-files');
    // The DISM stage the user could not do for lack of media is among them (media brings it back).
    expect(next.passedOver?.map((p) => [p.number, p.ruledOut])).toEqual([
      [2, 'installation-media'],
      [3, 'missing-package-named'],
      [4, 'installation-media'],
    ]);
    const stages = effects.flatMap((e) => (e.kind === 'saveCase' && e.caseRecord.stages) || []);
    expect(stages.map((s) => [s.playbookId, s.outcome ?? 'open', s.ruledOut ?? ''])).toEqual([
      ['wu-reset-script', 'failed', ''],
      ['dism-sfc', 'skipped', 'installation-media'],
      ['install-missing-package', 'skipped', 'missing-package-named'],
      ['in-place-repair', 'skipped', 'installation-media'],
      ['reset-keep-files', 'open', ''],
      ['backup-clean-install', 'open', ''],
    ]);
  });
});
