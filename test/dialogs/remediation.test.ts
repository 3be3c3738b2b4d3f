/**
 * Remediation, verification, closure, survey, archiving and reopening, driven with XState's pure
 * `transition()` (see harness.ts): what the machine does, says and records at each step.
 */
import type { SaveCase, ShowStage } from '../../dialogs/effects';
import type { Effect } from './harness';
import { mergeStages, planFor } from '../../src/domain/plan';
import { timelineEventText } from '../../src/cases/timeline';
import {
  atFirstStage,
  cardsShown,
  diagnosedWithPlan,
  diagnosisDone,
  followUpDue,
  nothingFound,
  pendingRebootFound,
  saidKeys,
  stateOf,
  startConversation,
  uploadReceived,
  FOLLOW_UPS_MS,
} from './harness';

const stages = (effects: Effect[]): ShowStage[] =>
  effects.filter((e): e is ShowStage => e.kind === 'showStage');
const saves = (effects: Effect[]): SaveCase['caseRecord'][] =>
  effects.filter((e): e is SaveCase => e.kind === 'saveCase').map((e) => e.caseRecord);
/** A saved timeline entry as an English reader sees it. */
const entryText = (entry: SaveCase['caseRecord']['timeline']) =>
  entry ? timelineEventText(entry.event, 'en') : '';

describe('the first stage after the diagnosis', () => {
  it('follows the verdict with stage 1 of the plan, its script, and a reminder', () => {
    const c = startConversation('zh-CN');
    c.say('KB5011503 在一台终端上安装失败，报错 0x80073712');
    c.submit('problem-definition.confirm');
    c.submit('scope.accept');
    c.send(uploadReceived('u1', 'T01.zip'));
    const effects = c.send(diagnosedWithPlan('u1', 'T01'));

    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
    expect(saidKeys(effects)).toEqual(['diagnosis.complete', 'remediation.intro']);
    expect(stages(effects)).toEqual([
      expect.objectContaining({
        index: 0,
        count: 3,
        environment: 'wsus',
        causeId: 'component-store-corrupt',
      }),
    ]);
    expect(stages(effects)[0].stage.playbookId).toBe('wu-reset-script');
    expect(effects).toContainEqual({
      kind: 'offerFile',
      fileId: 'update-reset',
      caseNumber: 'CAS-00001-TEST',
    });
    expect(effects).toContainEqual(
      expect.objectContaining({
        kind: 'schedule',
        key: 'nudge',
        delayMs: FOLLOW_UPS_MS[0],
        payload: { n: 0, last: false, warn: false },
      }),
    );
    const [start] = saves(effects).filter((r) => r.stages);
    expect(start.stages?.map((s) => s.playbookId)).toEqual([
      'wu-reset-script',
      'dism-sfc',
      'reset-keep-files',
    ]);
    expect(start.findings?.[0].errorCode).toBe('0x80073712');
  });

  it('stays in the diagnosed step when nothing conclusive was found (no plan)', () => {
    const c = startConversation('en');
    c.say('KB5011503 fails on one terminal');
    c.submit('problem-definition.confirm');
    c.submit('scope.accept');
    c.send(uploadReceived('u1', 'T01.zip'));
    c.send(nothingFound('u1', 'T01'));

    expect(stateOf(c)).toEqual({ active: { open: { logs: 'diagnosed' } } });
  });
});

describe('stage outcomes', () => {
  it('"done — fixed" freezes the stage card and proposes closure', () => {
    const c = atFirstStage();
    const effects = c.submit('remediation.fixed');

    expect(stateOf(c)).toEqual({ active: { open: { closure: 'proposing' } } });
    expect(stages(effects)).toEqual([expect.objectContaining({ index: 0, update: true })]);
    expect(stages(effects)[0].stage.outcome).toBe('fixed');
    expect(cardsShown(effects).map((card) => [card.cardId, card.data])).toEqual([
      ['closure', { caseNumber: 'CAS-00001-TEST', resolved: true, answered: '' }],
    ]);
    expect(entryText(saves(effects)[0].timeline)).toMatch(/Stage 1 “.*”: fixed on T01\./);
  });

  it('"still failing" in words with a code records the code and asks to verify', () => {
    const c = atFirstStage();
    const effects = c.say('试过了，还是不行，报错 0x800f081f');

    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'verify' } } });
    expect(c.snapshot.context.remediation?.stages[0]).toMatchObject({
      outcome: 'failed',
      errorCode: '0x800f081f',
    });
    expect(saidKeys(effects)).toEqual(['verify.differentCode']);
    expect(cardsShown(effects).map((card) => card.cardId)).toEqual(['verify']);
    expect(cardsShown(effects)[0].data).toMatchObject({ hasNext: true, stageNumber: 1 });
  });

  it('at the verify question, a new error code is recorded for the stage and new logs suggested', () => {
    const c = atFirstStage();
    c.say('还是不行');
    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'verify' } } });

    const effects = c.say('脚本又跑了一遍，还是 0x800f081f');

    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'verify' } } });
    expect(saidKeys(effects)).toEqual(['verify.differentCode']);
    expect(c.snapshot.context.remediation?.stages[0]).toMatchObject({
      outcome: 'failed',
      errorCode: '0x800f081f',
    });
    expect(entryText(saves(effects)[0].timeline)).toMatch(/failed on T01 \(0x800f081f\)/);
    // DISM is the next stage, named by what it does: its failure is its own, not stage 1's.
    const dism = c.say('DISM 跑完了，还是 0x800f0906');
    expect(saidKeys(dism)).toEqual(['report.failedOn', 'verify.differentCode']);
    expect(c.snapshot.context.remediation?.stages[1]).toMatchObject({
      outcome: 'failed',
      errorCode: '0x800f0906',
    });
    expect(c.snapshot.context.remediation?.stages[0].errorCode).toBe('0x800f081f');
    // The first diagnosis's own code is nothing new: the usual reminder.
    expect(saidKeys(c.say('还是 0x80073712'))).toEqual(['verify.reminder']);
  });

  it('words of success with an error code after them report a failure, never a fix', () => {
    const c = atFirstStage();
    const effects = c.say('脚本运行成功了，重启后补丁还是报 0x80073712');

    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'verify' } } });
    expect(c.snapshot.context.remediation?.stages[0]).toMatchObject({ outcome: 'failed' });
    expect(cardsShown(effects).map((card) => card.cardId)).toEqual(['verify']);
  });

  it('a question about the outcome is not an answer', () => {
    const c = atFirstStage();
    const before = stateOf(c);
    c.say('成功了吗？');

    expect(stateOf(c)).toEqual(before);
    expect(c.snapshot.context.remediation?.stages[0].outcome).toBeUndefined();
  });

  it('a pasted code alone counts as still failing; the same code as before asks the usual question', () => {
    const c = atFirstStage('en');
    const effects = c.say('0x80073712');

    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'verify' } } });
    expect(saidKeys(effects)).toEqual(['verify.ask']);
  });

  it('"can\'t do this" skips to the next stage and offers no script twice', () => {
    const c = atFirstStage();
    const effects = c.submit('remediation.cannot');

    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
    expect(saidKeys(effects)).toEqual(['remediation.skipped']);
    expect(stages(effects).map((s) => [s.index, s.update === true, s.stage.outcome])).toEqual([
      [0, true, 'skipped'],
      [1, false, undefined],
    ]);
    expect(effects.some((e) => e.kind === 'offerFile')).toBe(false);
  });

  it('skipping the last stage hands the case to the engineers', () => {
    const c = atFirstStage();
    c.submit('remediation.cannot');
    c.say('做不了');
    const effects = c.say('跳过');

    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'exhausted' } } });
    expect(effects).toContainEqual({
      kind: 'escalate',
      caseNumber: 'CAS-00001-TEST',
      reason: 'out-of-stages',
    });
    expect(saves(effects).at(-1)?.status).toBe('awaiting-engineer');
    expect(saidKeys(effects)).toEqual(['remediation.exhausted']);
  });

  it('answers other text at a stage with where we are, and does not move', () => {
    const c = atFirstStage('en');
    const effects = c.say('the machine is in another branch office');

    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
    expect(saidKeys(effects)).toEqual(['remediation.reminder']);
  });
});

describe('verification with new logs', () => {
  function failedFirstStage() {
    const c = atFirstStage();
    c.submit('remediation.failing');
    return c;
  }

  it('"send new logs" shows the upload card; logs with the same error move to the next stage', () => {
    const c = failedFirstStage();
    const offer = c.submit('verify.logs');
    expect(offer.map((e) => e.kind)).toEqual(expect.arrayContaining(['updateCard', 'say', 'offerUpload']));
    expect(saidKeys(offer)).toEqual(['verify.sendLogs']);

    c.send(uploadReceived('u2', 'T01-retry.zip'));
    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'verify' } } });
    const effects = c.send(diagnosedWithPlan('u2', 'T01'));

    expect(saidKeys(effects)).toEqual(['compare.same']);
    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
    expect(stages(effects).at(-1)).toMatchObject({ index: 1, stage: { playbookId: 'dism-sfc' } });
    expect(entryText(saves(effects).at(-1)?.timeline)).toBe('New logs of T01: still 0x80073712.');
  });

  it('clean logs lead to the closure proposal, resolved', () => {
    const c = failedFirstStage();
    c.send(uploadReceived('u2', 'T01-retry.zip'));
    const effects = c.send(nothingFound('u2', 'T01'));

    expect(saidKeys(effects)).toEqual(['compare.clean']);
    expect(stateOf(c)).toEqual({ active: { open: { closure: 'proposing' } } });
    expect(cardsShown(effects).find((card) => card.cardId === 'closure')?.data).toMatchObject({
      resolved: true,
    });
  });

  it("a different error adds the new cause's untried stages and continues with them", () => {
    const c = failedFirstStage();
    c.send(uploadReceived('u2', 'T01-retry.zip'));
    const effects = c.send(pendingRebootFound('u2', 'T01'));

    expect(saidKeys(effects)).toEqual(['compare.different']);
    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
    expect(c.snapshot.context.remediation?.stages.map((s) => s.playbookId)).toEqual([
      'wu-reset-script',
      'dism-sfc',
      'reset-keep-files',
      'reboot-retry',
    ]);
    expect(stages(effects).at(-1)).toMatchObject({ index: 3, count: 4 });
  });

  it('"继续" at the verify question goes on to the next stage', () => {
    const c = failedFirstStage();
    const effects = c.say('继续');

    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
    expect(stages(effects)).toEqual([expect.objectContaining({ index: 1 })]);
  });

  it('"next stage" on the verify card freezes it and shows the next stage', () => {
    const c = failedFirstStage();
    const effects = c.submit('verify.next');

    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
    expect(effects.find((e) => e.kind === 'updateCard')).toMatchObject({
      cardId: 'verify',
      data: { answered: 'next' },
    });
    expect(stages(effects)).toEqual([expect.objectContaining({ index: 1 })]);
  });
});

describe('closure, survey and summary', () => {
  function closing() {
    const c = atFirstStage();
    c.say('好了，已经装上了');
    return c;
  }

  it('consent archives the case as resolved and asks for the survey', () => {
    const c = closing();
    const effects = c.submit('closure.accept');

    expect(stateOf(c)).toEqual({ active: 'survey' });
    expect(saves(effects)).toEqual([
      expect.objectContaining({
        status: 'archived',
        outcome: 'resolved',
        timeline: { actor: 'user', event: { key: 'archiveConsent' } },
      }),
    ]);
    expect(cardsShown(effects).map((card) => card.cardId)).toEqual(['survey']);
    expect(effects.some((e) => e.kind === 'cancelSchedule')).toBe(true);
  });

  it('the survey answer is recorded, thanked, and the summary follows', () => {
    const c = closing();
    c.submit('closure.accept');
    const effects = c.submit('survey.submit', { score: '5', comment: '很及时' });

    expect(stateOf(c)).toEqual({ active: { archived: 'consented' } });
    expect(saves(effects)[0]).toMatchObject({ survey: { score: 5, comment: '很及时' } });
    expect(saidKeys(effects)).toEqual(['survey.thanks', 'case.closed']);
    expect(effects).toContainEqual({ kind: 'showSummary', caseNumber: 'CAS-00001-TEST' });
  });

  it('a low score escalates to the engineers', () => {
    const c = closing();
    c.submit('closure.accept');
    const effects = c.say('2');

    expect(effects).toContainEqual({ kind: 'escalate', caseNumber: 'CAS-00001-TEST', reason: 'low-survey' });
    expect(saidKeys(effects)[0]).toBe('survey.thanksLow');
  });

  it('takes a score with words after it ("5分，很满意")', () => {
    const c = closing();
    c.submit('closure.accept');
    const effects = c.say('5分，很满意');
    expect(stateOf(c)).toEqual({ active: { archived: 'consented' } });
    expect(saves(effects).map((r) => r.survey?.score)).toContain(5);
  });

  it('a survey without a score asks again; "skip" goes to the summary', () => {
    const c = closing();
    c.submit('closure.accept');
    expect(saidKeys(c.submit('survey.submit', { score: '' }))).toEqual(['survey.reminder']);
    const effects = c.say('跳过');
    expect(stateOf(c)).toEqual({ active: { archived: 'consented' } });
    expect(effects).toContainEqual({ kind: 'showSummary', caseNumber: 'CAS-00001-TEST' });
  });

  it('"not yet" keeps the case open; a later failure returns to verification', () => {
    const c = closing();
    c.submit('closure.decline');
    expect(stateOf(c)).toEqual({ active: { open: { closure: 'monitoring' } } });
    c.say('还是失败了');
    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'verify' } } });
  });

  it('reopening an archived case continues where it left off', () => {
    const c = closing();
    c.submit('closure.accept');
    c.say('5');
    const effects = c.say('重新打开');

    expect(saidKeys(effects)).toEqual(['case.reopened', 'closure.notYet']);
    expect(stateOf(c)).toEqual({ active: { open: { closure: 'monitoring' } } });
    expect(saves(effects)[0]).toMatchObject({ status: 'open' });
  });
});

describe('reminders on silence', () => {
  it('asks about the step, then whether help is needed, warns, and archives; reopening returns to the step', () => {
    const c = atFirstStage();
    expect(saidKeys(c.send(followUpDue(0)))).toEqual(['nudge.remediation']);
    const second = c.send(followUpDue(1));
    expect(saidKeys(second)).toEqual(['followUp.stillNeedHelp']);
    expect(second).toContainEqual(
      expect.objectContaining({
        kind: 'schedule',
        delayMs: FOLLOW_UPS_MS[2] - FOLLOW_UPS_MS[1],
        payload: { n: 2, last: false, warn: true },
      }),
    );
    expect(saidKeys(c.send(followUpDue(2)))).toEqual(['followUp.archiveWarning']);
    const archived = c.send(followUpDue(3));

    expect(stateOf(c)).toEqual({ active: { archived: 'leftOff' } });
    expect(saidKeys(archived)).toEqual(['followUp.archived']);
    expect(saves(archived)[0]).toMatchObject({ status: 'archived', outcome: 'no-reply' });

    c.say('reopen');
    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
  });

  it('a case waiting for an engineer gets no reminders and is never archived for silence', () => {
    const c = atFirstStage();
    c.say('我要找工程师');

    for (let n = 0; n < FOLLOW_UPS_MS.length; n++) expect(c.send(followUpDue(n))).toEqual([]);
    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
    expect(c.snapshot.context.escalated).toBe(true);
  });

  it('a reply starts the series again from the first reminder', () => {
    const c = atFirstStage();
    c.send(followUpDue(0));
    const effects = c.say('还在等审批');
    expect(effects).toContainEqual(
      expect.objectContaining({ kind: 'schedule', payload: { n: 0, last: false, warn: false } }),
    );
  });

  it('pause stops the reminders until "continue"', () => {
    const c = atFirstStage();
    const paused = c.say('暂停');
    expect(saidKeys(paused)).toEqual(['case.paused']);
    expect(paused).toContainEqual({ kind: 'cancelSchedule', key: 'nudge' });
    expect(c.send(followUpDue(1))).toEqual([]);
    const resumed = c.say('继续');
    expect(resumed).toContainEqual(
      expect.objectContaining({ kind: 'schedule', payload: { n: 0, last: false, warn: false } }),
    );
    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
  });
});

describe('from any step', () => {
  it('"engineer" escalates without losing the step', () => {
    const c = atFirstStage();
    const effects = c.say('转人工');
    expect(effects).toContainEqual({
      kind: 'escalate',
      caseNumber: 'CAS-00001-TEST',
      reason: 'user-request',
    });
    expect(saidKeys(effects)).toEqual(['engineer.noted']);
    expect(stateOf(c)).toEqual({ active: { open: { remediation: 'stage' } } });
  });

  it('"summary" shows the case summary so far', () => {
    const c = atFirstStage('en');
    expect(c.say('summary')).toContainEqual({ kind: 'showSummary', caseNumber: 'CAS-00001-TEST' });
  });

  it('"cancel" closes the case; a new description opens a new one', () => {
    const c = atFirstStage();
    const effects = c.say('取消案例');
    expect(stateOf(c)).toEqual({ active: { archived: 'leftOff' } });
    expect(saves(effects)[0]).toMatchObject({ status: 'closed', outcome: 'cancelled' });
    c.say('KB5012170 在三台服务器上安装失败，报错 0x800f0922');
    expect(stateOf(c)).toEqual({ active: { open: { problem: 'defining' } } });
    expect(c.snapshot.context.caseNumber).toBe('CAS-00002-TEST');
    expect(c.snapshot.context.remediation).toBeUndefined();
  });

  it('"reopen" on an open case says it is open', () => {
    const c = atFirstStage('en');
    expect(saidKeys(c.say('reopen'))).toEqual(['case.notArchived']);
  });
});

describe('machines that fail for different reasons', () => {
  const ids = (stages: ReadonlyArray<{ playbookId: string }>) => stages.map((s) => s.playbookId);
  const plan = (...names: string[]) => names.map((playbookId) => ({ playbookId }));

  it('merge their plans: a stage only one has goes before the next stage both share', () => {
    expect(ids(mergeStages(plan('reset', 'dism', 'in-place'), plan('reset', 'x', 'in-place')))).toEqual([
      'reset',
      'dism',
      'x',
      'in-place',
    ]);
    expect(ids(mergeStages(plan('reset', 'dism'), plan('reboot', 'reset', 'y')))).toEqual([
      'reboot',
      'reset',
      'dism',
      'y',
    ]);
  });

  it('give the case one plan led by the cause most machines share, with the other cause’s stages in it', () => {
    const state = planFor([
      diagnosedWithPlan('u1', 'T01').summary,
      diagnosedWithPlan('u2', 'T02').summary,
      diagnosisDone('u3', 'T03', {
        errorCode: '0x800f0922',
        causeId: 'pending-reboot',
        plan: [
          { playbookId: 'reboot-retry', title: { en: 'Restart and retry', 'zh-CN': '重启后重试' } },
          { playbookId: 'wu-reset-script', title: { en: 'Reset', 'zh-CN': '重置' } },
        ],
      }).summary,
    ])!;

    expect(state.causeId).toBe('component-store-corrupt');
    expect(ids(state.stages)).toEqual(['reboot-retry', 'wu-reset-script', 'dism-sfc', 'reset-keep-files']);
    expect(state.baseline.map((b) => b.machine)).toEqual(['T01', 'T02', 'T03']);
  });
});
