/**
 * The message catalogs: both languages have the same keys and placeholders, every key the case
 * machine (and the runner) can say exists, `t` fills and fails as documented, `pickLocale` chooses well.
 */
import { REMEDIATION_EVENTS, TO_FIRST_STAGE } from '../dialogs/graph';
import { runActions } from '../dialogs/harness';
import { getShortestPaths } from 'xstate/graph';
import { initialTransition, transition } from 'xstate';
import { caseMachine } from '../../dialogs/caseMachine';
import { withRuntimeInputs } from '../../dialogs/caseRuntime';
import type { Effect } from '../dialogs/harness';
import { understand } from '../../dialogs/understand';
import type { CaseEvent } from '../../src/domain/events';
import { DIAGNOSIS_FAILURE_CODES, REFUSAL_CODES } from '../../src/domain/failures';
import { SAY_KEYS } from '../../dialogs/messages';
import { BUNDLE_ERROR_CODES } from '../../src/diagnosis/bundle';
import { CATALOGS, cardStrings, format, pickLocale, t } from '../../src/i18n';
import { en } from '../../src/i18n/en';
import { zhCN } from '../../src/i18n/zh-CN';
import {
  FIRST_MESSAGE_ZH,
  diagnosisDone,
  diagnosisFailed,
  followUpDue,
  nothingFound,
  uploadReceived,
} from '../dialogs/harness';

const CJK = /[\u4e00-\u9fff]/;

/** `{name}` and the count of an ICU plural `{name, plural, one {…} other {…}}`, each once. */
function placeholders(text: string): string[] {
  const names = [...text.matchAll(/\{(\w+)(?:\}|,\s*plural,)/g)].map((m) => m[1]);
  return [...new Set(names)].sort();
}

describe('catalogs', () => {
  it('have the same keys in English and Chinese', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(en))('"%s" has the same placeholders in both languages', (key) => {
    const k = key as keyof typeof en;

    expect(placeholders(zhCN[k])).toEqual(placeholders(en[k]));
  });

  it.each(Object.keys(en))('"%s" is written in Chinese in zh-CN and in English in en', (key) => {
    const k = key as keyof typeof en;

    expect(CJK.test(zhCN[k])).toBe(true);
    // The English help names the Chinese switch word as the user would type it.
    expect(CJK.test(en[k].replace('中文', ''))).toBe(false);
  });

  it('uses the reference case vocabulary in Chinese', () => {
    const all = Object.values(zhCN).join('\n');

    for (const term of ['问题定义', '问题范围', '日志收集', '上传', '报错代码', '案例', '归档'])
      expect(all).toContain(term);
  });

  it('holds the scope statement of the reference case', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const scope = cardStrings(locale, 'scope');

      expect(
        [scope.statementHelp, scope.statementClose, scope.statementSplit, scope.statementDisagree].every(
          Boolean,
        ),
      ).toBe(true);
    }
    expect(zhCN['card.scope.statementClose']).toMatch(/解决.*设计.*第三方/);
  });

  it.each(SAY_KEYS)('has the machine message "%s" in both languages', (key) => {
    expect(Object.keys(CATALOGS.en)).toContain(key);
    expect(Object.keys(CATALOGS['zh-CN'])).toContain(key);
  });

  it.each(['system.reset', 'system.error'])('has the runner message "%s"', (key) => {
    expect(t('zh-CN', key, { reference: 'R-1' })).not.toBe(key);
  });
});

describe('what the machine says, found by walking it', () => {
  const outbox: Effect[] = [];
  const machine = caseMachine;
  const runtime = { newCaseNumber: () => 'CAS-1', settings: { followUpsMs: [1, 2, 3, 4] } };
  // As the runner hands events to the machine (caseRuntime.ts).
  const atEdge = (event: CaseEvent) => withRuntimeInputs(understand(event), runtime);
  const events: CaseEvent[] = [
    { type: 'conversation.started' },
    { type: 'user.message', text: '你好' },
    { type: 'user.message', text: '好的' },
    { type: 'user.message', text: '不对' },
    { type: 'user.message', text: '帮助' },
    { type: 'user.message', text: '继续' },
    { type: 'user.message', text: '新案例' },
    { type: 'user.message', text: 'English' },
    { type: 'user.message', text: '嗯……' },
    { type: 'user.message', text: FIRST_MESSAGE_ZH },
    // One terminal only: the single-machine verdicts.
    { type: 'user.message', text: 'KB5011503 在一台终端上安装失败' },
    { type: 'card.submit', verb: 'problem-definition.confirm', data: {} },
    { type: 'card.submit', verb: 'scope.correct', data: { comment: '是三台' } },
    { type: 'card.submit', verb: 'scope.correct', data: {} },
    { type: 'card.submit', verb: 'scope.accept', data: {} },
    { type: 'card.submit', verb: 'greeting.continue', data: {} },
    { type: 'reminder.due', key: 'nudge', kind: 'nudge' },
    { type: 'file.received', name: 'a.zip', contentType: 'application/zip' },
    {
      type: 'file.received',
      name: 'b.zip',
      contentType: 'application/zip',
      url: 'https://teams.example/b.zip',
    },
    { type: 'card.submit', verb: 'diagnosis.more-logs', data: {} },
    // Buttons of an earlier case's cards (understood without a current case here: always another case).
    { type: 'card.submit', verb: 'summary.reopen', data: { caseNumber: 'CAS-00000-OLD' } },
    { type: 'card.submit', verb: 'remediation.fixed', data: { caseNumber: 'CAS-00000-OLD' } },
    { type: 'card.submit', verb: 'diagnosis.engineer', data: {} },
    uploadReceived('u1', 'T01.zip'),
    uploadReceived('u2', 'T02.zip'),
    uploadReceived('u1', 'T01.zip', true),
    diagnosisDone('u1', 'T01'),
    diagnosisDone('u2', 'T02'),
    diagnosisDone('u2', 'T02', { causeId: 'pending-reboot', errorCode: '0x800f0922' }),
    nothingFound('u1', 'T01'),
    nothingFound('u2', 'T02'),
    { type: 'file.forwarded', name: 'screenshot.png' },
    { type: 'file.forwarded', name: 'screenshot.png', toEngineers: false },
    ...[...REFUSAL_CODES, 'unheard-of'].map((code): CaseEvent => ({
      type: 'upload.refused',
      name: 'x.zip',
      code,
    })),
    ...[...DIAGNOSIS_FAILURE_CODES, 'unheard-of'].map((code) => diagnosisFailed('u2', 'T02.zip', code)),
  ];
  const states = getShortestPaths(machine, {
    input: { locale: 'zh-CN' },
    events: events.map((e) => atEdge(e)),
    serializeState: (s) =>
      JSON.stringify([
        s.value,
        s.context.caseNumber !== undefined,
        s.context.nudge,
        s.context.problem.machineCount,
        s.context.uploads,
        s.context.diagnoses?.map((d) => [d.machine, d.errorCode]),
      ]),
  }).map((p) => p.state);

  // From a first remediation stage on: the model-based test's events, and the answers that need their own words.
  const remediationEvents: CaseEvent[] = [
    ...REMEDIATION_EVENTS,
    { type: 'card.submit', verb: 'survey.submit', data: { score: '' } },
    ...[
      '还是不行，报错 0x800f081f',
      '0x80073712',
      '1',
      '重置了电脑，好了',
      '重置了电脑，还是不行',
      '重置了电脑，做不了',
    ].map((text): CaseEvent => ({
      type: 'user.message',
      text,
    })),
    followUpDue(1),
    followUpDue(2),
    // Logs of a machine that had not failed: no verdict on the stage (compare.noFailure).
    uploadReceived('u3', 'TERM-09.zip'),
    diagnosisDone('u3', 'TERM-09', { ...nothingFound('u3', 'TERM-09').summary, hostName: 'TERM-09' }),
  ];
  const walkedIn = new Set<string>();
  /** Walks `path` from a new conversation, noting what is said on the way; the state it ends in. */
  const walk = (path: CaseEvent[]) => {
    let [state] = initialTransition(machine, { locale: 'zh-CN' });
    for (const event of path) {
      let actions;
      [state, actions] = transition(machine, state, atEdge(event));
      outbox.length = 0;
      runActions(actions, outbox);
      for (const effect of outbox) if (effect.kind === 'say') walkedIn.add(effect.key);
    }
    return state;
  };
  // The stage plan is introduced on the way in.
  const firstStage = walk(TO_FIRST_STAGE);
  // A failing machine outside the case joins it (compare.newMachine).
  walk([
    ...TO_FIRST_STAGE,
    uploadReceived('u9', 'TERM-10.zip'),
    diagnosisDone('u9', 'TERM-10', { hostName: 'TERM-10' }),
  ]);
  // Two terminals, one fixed and the other not yet: the one still failing is named (report.stillOpen).
  const [, confirm, accept, , diagnosed] = TO_FIRST_STAGE;
  const plan = diagnosed.type === 'diagnosis.done' ? diagnosed.summary.plan : undefined;
  const twoTerminalsAtStage: CaseEvent[] = [
    { type: 'user.message', text: '网点两台终端安装 KB5011503 失败，报错 0x80073712' },
    confirm,
    accept,
    ...(['TERM-0231', 'TERM-0232'] as const).flatMap((host, i) => [
      uploadReceived(`u${i}`, `${host}.zip`),
      diagnosisDone(`u${i}`, host, { hostName: host, plan }),
    ]),
  ];
  walk([...twoTerminalsAtStage, { type: 'user.message', text: '0231好了' }]);
  // What the user says of their machines at a stage: a source with none in the logs, one the logs contradict,
  // no media at the stage that needs it, media at hand after all (plan.*).
  const inPlace = {
    playbookId: 'in-place-repair',
    title: { en: 'In-place upgrade', 'zh-CN': '就地升级' },
    needs: ['installation-media' as const],
  };
  const ONE_TERMINAL = 'KB5011503 在一台终端上安装失败，报错 0x80073712';
  const atStage = (environment: 'wsus' | 'offline' | 'internet' | undefined, first = ONE_TERMINAL) => [
    { type: 'user.message' as const, text: first },
    confirm,
    accept,
    uploadReceived('u1', 'TERM-0231.zip'),
    diagnosisDone('u1', 'TERM-0231', { plan: [inPlace, ...(plan ?? [])], environment }),
  ];
  for (const words of ['我们走行内WSUS', '终端不能上外网', '终端可以上外网，直接连微软更新']) {
    walk([...atStage(undefined), { type: 'user.message', text: words }]);
    walk([...atStage('internet'), { type: 'user.message', text: words }]);
  }
  walk([...atStage('offline'), { type: 'user.message', text: '我们走行内WSUS' }]);
  walk([...atStage('wsus'), { type: 'user.message', text: '终端不能上外网' }]);
  walk([...atStage('wsus'), { type: 'user.message', text: '没有安装介质' }]);
  walk([...atStage('wsus', `${ONE_TERMINAL}，没有安装介质`), { type: 'user.message', text: '拿到安装盘了' }]);
  // What an admin asks at a stage (stage.faq.*): the reset script's stage has a script, the in-place one none.
  for (const words of [
    '脚本被拦截了',
    '会不会影响业务',
    '正在重启，等下告诉你',
    '另一个补丁 KB5012170 又失败了',
  ]) {
    walk([...atStage('wsus'), { type: 'user.message', text: words }]);
    walk([...TO_FIRST_STAGE, { type: 'user.message', text: words }]);
  }
  // New logs without a failure that lack the log the failure was in (compare.lacking).
  walk([
    { type: 'user.message', text: ONE_TERMINAL },
    confirm,
    accept,
    uploadReceived('u1', 'TERM-0231.zip'),
    diagnosisDone('u1', 'TERM-0231', { hostName: 'TERM-0231', plan, failureLog: 'CBS.log' }),
    uploadReceived('u2', 'WindowsUpdate.log'),
    diagnosisDone('u2', 'TERM-0231', {
      hostName: 'TERM-0231',
      errorCode: null,
      causeId: null,
      logsRead: ['WindowsUpdate.log'],
    }),
  ]);
  // The which-terminal question answered in words that fit no terminal, or answer nothing (logsMachine.*).
  for (const words of ['0233的', '稍等'])
    walk([
      ...twoTerminalsAtStage,
      uploadReceived('u9', 'logs.zip'),
      diagnosisDone('u9', 'logs', { hostName: null, plan }),
      { type: 'user.message', text: words },
    ]);
  // A failing terminal new to the case while closure is proposed (closure.withdrawnNewMachine).
  walk([
    ...TO_FIRST_STAGE,
    { type: 'user.message', text: '好了' },
    uploadReceived('u7', 'TERM-0240.zip'),
    diagnosisDone('u7', 'TERM-0240', { hostName: 'TERM-0240', plan }),
  ]);
  // What an admin asks or sends while logs are awaited (logs.faq.*, logs.contactNoted).
  const toLogs = (first: string) => [{ type: 'user.message' as const, text: first }, confirm, accept];
  for (const words of [
    '日志收集工具在哪里下载？',
    '上传需要用户名密码吗',
    '明天再传',
    '分析要多久',
    '这个补丁适用于我们的系统吗',
    '收到',
    '联系人 李四 010-00000000',
  ])
    walk([...toLogs(ONE_TERMINAL), { type: 'user.message', text: words }]);
  walk([
    ...toLogs('两台终端的更新一直安装失败，报错 0x80073712'),
    { type: 'user.message', text: '这个补丁适用于我们的系统吗' },
  ]);
  walk([
    ...toLogs('网点两台终端安装 KB5011503 失败，报错 0x80073712'),
    uploadReceived('u1', 'TERM-0231.zip'),
    { type: 'user.message', text: '另一台的日志明天再传' },
    { type: 'user.message', text: '先处理这一台' },
  ]);
  walk([...toLogs(ONE_TERMINAL), { type: 'user.message', text: '先处理这一台' }]);
  // Said while logs are read: noted, and acted on when they are.
  walk([
    ...toLogs('网点两台终端安装 KB5011503 失败，报错 0x80073712'),
    uploadReceived('u1', 'TERM-0231.zip'),
    { type: 'user.message', text: '先处理这一台' },
    diagnosisDone('u1', 'TERM-0231', { hostName: 'TERM-0231', plan }),
  ]);
  walk([
    ...toLogs('网点两台终端安装 KB5011503 失败，报错 0x80073712'),
    uploadReceived('u1', 'TERM-0231.zip'),
    diagnosisDone('u1', 'TERM-0231', { hostName: 'TERM-0231', plan }),
    { type: 'user.message', text: '先处理这一台' },
  ]);
  // Words that change nothing but are answered (a source the plan follows; no media with none needed), and
  // a stage the user could not do for lack of media.
  for (const environment of ['wsus', 'offline', 'internet'] as const)
    walk([
      ...atStage(environment),
      {
        type: 'user.message',
        text: { wsus: '我们走行内WSUS', offline: '终端不能上外网', internet: '终端可以上外网' }[environment],
      },
    ]);
  walk([
    ...atStage('wsus', `${ONE_TERMINAL}，没有安装介质`),
    { type: 'user.message', text: '我们没有安装介质' },
  ]);
  walk([
    ...atStage('wsus').slice(0, -1),
    diagnosisDone('u1', 'TERM-0231', { plan, environment: 'wsus' }),
    { type: 'user.message', text: '这一步做不了，没有安装盘' },
  ]);
  const remediationStates = getShortestPaths(machine, {
    fromState: firstStage,
    events: remediationEvents.map((e) => atEdge(e)),
    serializeState: (s) =>
      JSON.stringify([
        s.value,
        s.context.nudge,
        s.context.step,
        s.context.resolved,
        s.context.uploads?.length,
        s.context.remediation?.current,
      ]),
  }).map((p) => p.state);

  const said = new Set<string>(walkedIn);
  for (const [stateList, eventList] of [
    [states, events],
    [remediationStates, remediationEvents],
  ] as const) {
    for (const state of stateList) {
      for (const event of eventList) {
        outbox.length = 0;
        const [, actions] = transition(machine, state, atEdge(event));
        runActions(actions, outbox);
        for (const effect of outbox) if (effect.kind === 'say') said.add(effect.key);
      }
    }
  }

  it('emits only keys that exist in both catalogs', () => {
    expect(said.size).toBeGreaterThan(10);
    for (const key of said) {
      expect(() => t('en', key)).not.toThrow();
      expect(() => t('zh-CN', key)).not.toThrow();
    }
  });

  it('emits the keys listed in SAY_KEYS and no others', () => {
    // `notUnderstood` is the safety net for a step that reads no free text; every step reads it so far.
    const expected = SAY_KEYS.filter((key) => key !== 'notUnderstood');

    expect([...said].sort()).toEqual([...expected].sort());
  });
});

describe('t', () => {
  it('fills placeholders', () => {
    expect(t('en', 'case.opened', { caseNumber: 'CAS-06265-C1Y8H2' })).toContain('CAS-06265-C1Y8H2');
    expect(t('zh-CN', 'case.opened', { caseNumber: 'CAS-06265-C1Y8H2' })).toContain(
      '已为您建立案例 CAS-06265-C1Y8H2',
    );
  });

  it('throws on a missing key under test', () => {
    expect(() => t('en', 'no.such.key')).toThrow(/no\.such\.key/);
  });

  it('chooses the plural form of a count by the language (no "upload(s)", no "1 stages")', () => {
    expect(t('en', 'diagnosing.inProgress', { count: 1 })).toContain('(1 upload in progress)');
    expect(t('en', 'diagnosing.inProgress', { count: 3 })).toContain('(3 uploads in progress)');
    expect(t('en', 'summary.progress.recommended', { count: 1 })).toBe(
      'Analysis and recommended actions sent (1 stage).',
    );
    expect(t('en', 'followUp.archiveWarning', { caseNumber: 'CAS-1', days: 1 })).toContain(
      'archive it in 1 day.',
    );
    expect(t('zh-CN', 'diagnosing.inProgress', { count: 1 })).toContain('（1 个上传正在处理）');
  });

  it('takes exact forms before categories, fills placeholders inside a form, and keeps a plural without its count', () => {
    const template = '{n, plural, =0 {no files for {who}} one {# file for {who}} other {# files for {who}}}';

    expect(format(template, { n: 0, who: 'Li' })).toBe('no files for Li');
    expect(format(template, { n: 1, who: 'Li' })).toBe('1 file for Li');
    expect(format(template, { n: 12, who: 'Li' }, 'zh-CN')).toBe('12 files for Li');
    expect(format(template, { who: 'Li' })).toBe(template.replace(/\{who\}/g, 'Li'));
  });

  it('has no "(s)" plurals left in any catalog', () => {
    for (const catalog of Object.values(CATALOGS)) {
      expect(Object.values(catalog).filter((text) => /\w\(s\)/.test(text))).toEqual([]);
    }
  });

  it('leaves a placeholder without a value visible', () => {
    expect(format('Case {caseNumber} for {name}', { name: 'Li' })).toBe('Case {caseNumber} for Li');
  });

  it('gives cards their strings without the prefix, common ones included', () => {
    const strings = cardStrings('zh-CN', 'problem-definition', { caseNumber: 'CAS-1' });

    expect(strings).toMatchObject({
      title: '问题定义',
      caseLine: '案例编号：CAS-1',
      kbNumbers: '补丁（KB）',
    });
  });
});

describe('pickLocale', () => {
  it.each([
    ['zh-CN', undefined, 'zh-CN'],
    ['zh-cn', 'hello', 'zh-CN'],
    ['zh-TW', undefined, 'zh-CN'],
    ['en-US', undefined, 'en'],
    [undefined, undefined, 'en'],
    ['en-US', FIRST_MESSAGE_ZH, 'zh-CN'],
    [undefined, '补丁装不上', 'zh-CN'],
    [undefined, 'Windows update 失败', 'zh-CN'],
    [undefined, 'KB5011503 fails with 0x80073712 on two terminals', 'en'],
    [undefined, 'Hello, the update fails on our 银行 terminals again and again', 'en'],
    [undefined, 'OK，', 'en'],
  ])('picks for client %s and text %s: %s', (client, text, expected) => {
    expect(pickLocale(client, text)).toBe(expected);
  });
});

describe('messages for every reason a bundle can be refused', () => {
  it('the dialog knows every code the bundle reader can give (so none falls back to "other")', () => {
    const known = new Set<string>(DIAGNOSIS_FAILURE_CODES);
    expect(BUNDLE_ERROR_CODES.filter((code) => !known.has(code))).toEqual([]);
  });
});
