/**
 * Snapshots persisted by earlier machines restore with the current one and carry on. Two fixtures, both of
 * machine version 1 (steps flat under `active`), migrated as the conversation runner migrates them (through
 * version 2 to the current one; persistedV2.test.ts holds version 2's own snapshots):
 * - fixtures/snapshots-da0309b.json, written before the machine's events were named (commit da0309b);
 * - fixtures/snapshots-v1-03fdf3d.json, written by the last version-1 machine (commit 03fdf3d, with
 *   fixtures/writeSnapshots.ts as it was there), one snapshot per situation a stored conversation can be in.
 * After the migration each is at the equivalent state and its next event gets the answer version 1 gave
 * (states as the dialog tests read them: the steps, without the engineer region beside them).
 */
import { MACHINE_VERSION, migrations } from '../../dialogs/caseMachine';
import type { ShowStage } from '../../dialogs/effects';
import type { Effect } from './harness';
import type { CaseEvent } from '../../src/domain/events';
import { diagnosedWithPlan, saidKeys, stepsOf, uploadReceived } from './harness';
import { loadFixture as load, migrated, restored, submit, type Fixture } from './fixtures/restore';

const BEFORE_NAMED_EVENTS = load('snapshots-da0309b.json');
const LAST_V1 = load('snapshots-v1-03fdf3d.json');

function restore(fixture: Fixture, name: string) {
  const { actor, send } = restored(fixture, name);
  return { actor, send, value: () => stepsOf(actor.getSnapshot().value) };
}
const stages = (effects: Effect[]) =>
  effects.filter((e): e is ShowStage => e.kind === 'showStage').map((e) => e.index);
const open = (phase: string, step: string) => ({ active: { open: { [phase]: step } } });

describe('snapshots persisted before the events were named (da0309b)', () => {
  it('were written by machine version 1, which has a migration', () => {
    expect(BEFORE_NAMED_EVENTS.machineVersion).toBe(1);
    expect(MACHINE_VERSION).toBe(3);
    expect(migrations[1]).toBeDefined();
    expect(migrations[2]).toBeDefined();
  });

  it('restore at a stage and take its card buttons as named events', () => {
    const { actor, send, value } = restore(BEFORE_NAMED_EVENTS, 'remediating');

    expect(value()).toEqual(open('remediation', 'stage'));
    send(submit('remediation.fixed'));
    expect(value()).toEqual(open('closure', 'proposing'));
    expect(actor.getSnapshot().context.caseNumber).toBe('CAS-00001-OLDSNP');
  });

  it('restore at the verify question and go on to the next stage', () => {
    const { send, value } = restore(BEFORE_NAMED_EVENTS, 'verifying');

    const effects = send(submit('verify.next'));

    expect(value()).toEqual(open('remediation', 'stage'));
    expect(stages(effects)).toEqual([1]);
  });

  it('restore an archived case and reopen it where it was', () => {
    const { send, value } = restore(BEFORE_NAMED_EVENTS, 'archived');
    expect(value()).toEqual({ active: { archived: 'leftOff' } });

    const effects = send(submit('summary.reopen'));

    expect(value()).toEqual(open('remediation', 'verify'));
    expect(saidKeys(effects)).toContain('case.reopened');
  });

  it('restore a remediation from before per-machine attempts and take a report in words on it', () => {
    const { actor, send, value } = restore(BEFORE_NAMED_EVENTS, 'verifying');
    expect(actor.getSnapshot().context.remediation?.attempts).toBeUndefined();

    // "DISM ran, now it works": the stage ahead is credited; the stage the old record says failed stays failed.
    send({ type: 'user.message', text: '跑了DISM，现在好了' });

    const remediation = actor.getSnapshot().context.remediation;
    expect(value()).toEqual(open('closure', 'proposing'));
    expect(remediation?.stages.map((stage) => stage.outcome ?? null)).toEqual(['failed', 'fixed', null]);
    expect(remediation?.attempts).toEqual([
      expect.objectContaining({ stage: 1, results: [{ machine: 'T01', result: 'fixed' }] }),
    ]);
  });
});

const ENGINEER = 'Wang Engineer';

/**
 * Each situation of the last version-1 machine: where the migration puts it, the next event, and what
 * version 1 answered to that event (the said keys and the state after it, checked against 03fdf3d).
 */
const SITUATIONS: Array<{
  name: string;
  at: unknown;
  next: CaseEvent;
  said: string[];
  after: unknown;
  /** Every effect of the answer, in order (messages, cards, saves, timers). */
  kinds: string[];
}> = [
  {
    name: 'awaitingProblem',
    at: open('problem', 'asking'),
    next: { type: 'user.message', text: 'KB5011503 在两台终端上安装失败，报错 0x80073712' },
    said: ['case.opened'],
    after: open('problem', 'defining'),
    kinds: ['saveCase', 'say', 'card', 'schedule'],
  },
  {
    name: 'definingProblem',
    at: open('problem', 'defining'),
    next: submit('problem-definition.confirm'),
    said: ['problem.confirmed'],
    after: open('problem', 'scope'),
    kinds: ['cancelSchedule', 'saveCase', 'updateCard', 'say', 'card', 'schedule'],
  },
  {
    name: 'confirmingScope',
    at: open('problem', 'scope'),
    next: submit('scope.accept'),
    said: ['scope.accepted', 'logs.instructions'],
    after: open('logs', 'awaiting'),
    kinds: ['cancelSchedule', 'saveCase', 'say', 'updateCard', 'say', 'offerUpload', 'offerFile', 'schedule'],
  },
  {
    name: 'awaitingLogs',
    at: open('logs', 'awaiting'),
    next: uploadReceived('u1', 'T01.zip'),
    said: ['upload.received'],
    after: open('logs', 'diagnosing'),
    kinds: ['cancelSchedule', 'say', 'saveCase', 'offerUpload'],
  },
  {
    name: 'diagnosing',
    at: open('logs', 'diagnosing'),
    next: diagnosedWithPlan('u1', 'T01'),
    said: ['diagnosis.progress'],
    after: open('logs', 'awaiting'),
    kinds: ['card', 'saveCase', 'offerUpload', 'say', 'schedule'],
  },
  {
    name: 'diagnosed',
    at: open('logs', 'diagnosed'),
    next: submit('diagnosis.more-logs'),
    said: ['logs.instructions'],
    after: open('logs', 'awaiting'),
    kinds: ['cancelSchedule', 'say', 'offerUpload', 'schedule'],
  },
  {
    name: 'remediating',
    at: open('remediation', 'stage'),
    next: submit('remediation.failing'),
    said: ['verify.ask'],
    after: open('remediation', 'verify'),
    kinds: ['cancelSchedule', 'showStage', 'saveCase', 'say', 'card', 'schedule'],
  },
  {
    name: 'verifying',
    at: open('remediation', 'verify'),
    next: submit('verify.next'),
    said: [],
    after: open('remediation', 'stage'),
    kinds: ['cancelSchedule', 'updateCard', 'showStage', 'schedule'],
  },
  {
    name: 'exhausted',
    at: open('remediation', 'exhausted'),
    next: { type: 'user.message', text: '好了，已经装上了' },
    said: [],
    after: open('closure', 'proposing'),
    kinds: ['cancelSchedule', 'showStage', 'saveCase', 'card', 'schedule'],
  },
  {
    name: 'closing',
    at: open('closure', 'proposing'),
    next: submit('closure.accept'),
    said: ['closure.archived'],
    after: { active: 'survey' },
    kinds: ['cancelSchedule', 'updateCard', 'saveCase', 'say', 'card'],
  },
  {
    name: 'monitoring',
    at: open('closure', 'monitoring'),
    next: { type: 'user.message', text: '还是失败了' },
    said: ['verify.ask'],
    after: open('remediation', 'verify'),
    kinds: ['cancelSchedule', 'saveCase', 'say', 'card', 'schedule'],
  },
  {
    name: 'survey',
    at: { active: 'survey' },
    next: submit('survey.submit', { score: '4', comment: '' }),
    said: ['survey.thanks', 'case.closed'],
    after: { active: { archived: 'consented' } },
    kinds: ['updateCard', 'saveCase', 'say', 'showSummary', 'say', 'caseClosed'],
  },
  {
    name: 'archivedAfterSurvey',
    at: { active: { archived: 'leftOff' } },
    next: { type: 'user.message', text: '重新打开' },
    said: ['case.reopened', 'closure.notYet'],
    after: open('closure', 'monitoring'),
    kinds: ['saveCase', 'say', 'say', 'schedule'],
  },
  {
    name: 'archivedForSilence',
    at: { active: { archived: 'leftOff' } },
    next: submit('summary.reopen'),
    said: ['case.reopened'],
    after: open('remediation', 'stage'),
    kinds: ['saveCase', 'say', 'showStage', 'schedule'],
  },
  {
    name: 'cancelledWhileDiagnosing',
    at: { active: { archived: 'leftOff' } },
    next: { type: 'user.message', text: '重新打开' },
    said: ['case.reopened', 'logs.instructions'],
    after: open('logs', 'awaiting'),
    kinds: ['saveCase', 'say', 'say', 'offerUpload', 'schedule'],
  },
  {
    name: 'withEngineerAtStage',
    at: 'withEngineer',
    next: { type: 'engineer.handback', name: ENGINEER },
    said: ['engineer.handedBack'],
    after: open('remediation', 'stage'),
    kinds: ['saveCase', 'say', 'showStage', 'schedule'],
  },
  {
    name: 'withEngineerLogsDiagnosed',
    at: 'withEngineer',
    next: { type: 'engineer.handback', name: ENGINEER },
    said: ['engineer.handedBack', 'diagnosis.sameCause', 'remediation.intro'],
    after: open('remediation', 'stage'),
    kinds: ['saveCase', 'say', 'say', 'saveCase', 'say', 'showStage', 'offerFile', 'schedule'],
  },
  {
    name: 'closingByEngineer',
    at: open('closure', 'proposing'),
    next: submit('closure.decline'),
    said: ['engineer.continues'],
    after: 'withEngineer',
    kinds: ['cancelSchedule', 'updateCard', 'saveCase', 'say', 'relay'],
  },
  {
    name: 'handedBackAtStage',
    at: open('remediation', 'stage'),
    next: { type: 'language.switch', locale: 'en' },
    said: ['language.switched'],
    after: open('remediation', 'stage'),
    kinds: ['cancelSchedule', 'say', 'showStage', 'schedule'],
  },
];

describe('snapshots of every situation, written by the last version-1 machine (03fdf3d)', () => {
  it('cover every situation of the fixture', () => {
    expect(LAST_V1.machineVersion).toBe(1);
    expect(SITUATIONS.map((s) => s.name).sort()).toEqual(
      Object.keys(LAST_V1)
        .filter((key) => key !== 'machineVersion' && key !== 'writtenBy')
        .sort(),
    );
  });

  it.each(SITUATIONS.map((s) => [s.name, s] as const))(
    '%s restores at the equivalent state and answers its next event as before',
    (name, situation) => {
      const { actor, send, value } = restore(LAST_V1, name);
      const context = actor.getSnapshot().context;
      expect(value()).toEqual(situation.at);

      const effects = send(situation.next);

      expect(actor.getSnapshot().status).toBe('active');
      expect(saidKeys(effects)).toEqual(situation.said);
      expect(effects.map((e) => e.kind)).toEqual(situation.kinds);
      expect(value()).toEqual(situation.after);
      // The case goes on (only the conversation that had none opens one).
      expect(actor.getSnapshot().context.caseNumber).toBe(context.caseNumber ?? 'CAS-NEW');
    },
  );

  it('keep the stage a verify question goes on to, and the stage cards a hand-back shows', () => {
    expect(stages(restore(LAST_V1, 'verifying').send(submit('verify.next')))).toEqual([1]);
    expect(
      stages(restore(LAST_V1, 'withEngineerAtStage').send({ type: 'engineer.handback', name: ENGINEER })),
    ).toEqual([0]);
  });

  it('keep where a case taken over by an engineer goes on after the hand-back (the history)', () => {
    const snapshot = migrated(LAST_V1, 'withEngineerAtStage') as unknown as { historyValue: unknown };

    expect(snapshot.historyValue).toEqual({
      'case.active.steps.resume': [{ id: 'case.active.steps.open.remediation.stage' }],
      'case.active.steps.open.last': [{ id: 'case.active.steps.open.remediation.stage' }],
    });
  });

  it('are refused, not guessed, when they name a state version 1 never had', () => {
    const snapshot = { ...LAST_V1.remediating, value: { active: 'stateRemovedLongAgo' } };

    expect(() => migrations[1](snapshot)).toThrow(/stateRemovedLongAgo/);
  });
});
