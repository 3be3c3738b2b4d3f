/**
 * Snapshots persisted by machine version 2 (the phases under `active`, waiting for an engineer kept in
 * `context.escalated`; fixtures/snapshots-v2-63cf2bb.json, written by fixtures/writeSnapshots.ts at 63cf2bb,
 * one per situation a stored conversation can be in) restore with version 3, where `active` is parallel: the
 * steps (`active.steps`) beside the engineer region (`active.engineer`: none or waiting).
 * Each is migrated as the conversation runner migrates it, lands at the equivalent steps with the engineer
 * region the old flag said, and its next event gets the answer version 2 gave: the said keys, every effect's
 * kind and the statuses saved, recorded by running version 2 (main at bf46613) on the same snapshot and event.
 */
import { migrations } from '../../dialogs/caseMachine';
import type { CaseEvent } from '../../src/domain/events';
import { FIRST_MESSAGE_ZH, diagnosedWithPlan, followUpDue, saidKeys, uploadReceived } from './harness';
import { loadFixture, restored, submit } from './fixtures/restore';

const V2 = loadFixture('snapshots-v2-63cf2bb.json');

type Engineer = 'none' | 'waiting' | 'taken';

/** Where a version-3 actor is: its steps (as version 2 named them under `active`) and the engineer region. */
function placeOf(value: unknown): [unknown, Engineer] {
  if (typeof value !== 'object' || value === null) return [value, 'taken'];
  const { steps, engineer } = (value as { active: { steps: unknown; engineer: Engineer } }).active;
  return [steps, engineer];
}

function restore(name: string) {
  const { actor, send } = restored(V2, name);
  return { actor, send, place: () => placeOf(actor.getSnapshot().value) };
}
const REOPEN: CaseEvent = { type: 'user.message', text: '重新打开' };
const HANDBACK: CaseEvent = { type: 'engineer.handback', name: 'Wang Engineer' };

/**
 * Each situation of version 2: where the migration puts it (steps, engineer region), the next event, and
 * version 2's answer to it. `after` is where version 3 is then; version 2 was at the same steps.
 */
const SITUATIONS: Array<{
  name: string;
  at: [unknown, Engineer];
  next: CaseEvent;
  said: string[];
  kinds: string[];
  statuses: Array<string | null>;
  after: [unknown, Engineer];
}> = [
  {
    name: 'awaitingProblem',
    at: [{ open: { problem: 'asking' } }, 'none'],
    next: { type: 'user.message', text: FIRST_MESSAGE_ZH },
    said: ['case.opened'],
    kinds: ['saveCase', 'say', 'card', 'schedule'],
    statuses: ['open'],
    after: [{ open: { problem: 'defining' } }, 'none'],
  },
  {
    name: 'definingProblem',
    at: [{ open: { problem: 'defining' } }, 'none'],
    next: submit('problem-definition.confirm'),
    said: ['problem.confirmed'],
    kinds: ['cancelSchedule', 'saveCase', 'updateCard', 'say', 'card', 'schedule'],
    statuses: ['open'],
    after: [{ open: { problem: 'scope' } }, 'none'],
  },
  {
    name: 'confirmingScope',
    at: [{ open: { problem: 'scope' } }, 'none'],
    next: submit('scope.accept'),
    said: ['scope.accepted', 'logs.instructions'],
    kinds: ['cancelSchedule', 'saveCase', 'say', 'updateCard', 'say', 'offerUpload', 'offerFile', 'schedule'],
    statuses: ['open'],
    after: [{ open: { logs: 'awaiting' } }, 'none'],
  },
  {
    name: 'awaitingLogs',
    at: [{ open: { logs: 'awaiting' } }, 'none'],
    next: uploadReceived('u1', 'T01.zip'),
    said: ['upload.received'],
    kinds: ['cancelSchedule', 'say', 'saveCase', 'offerUpload'],
    statuses: ['open'],
    after: [{ open: { logs: 'diagnosing' } }, 'none'],
  },
  {
    name: 'diagnosing',
    at: [{ open: { logs: 'diagnosing' } }, 'none'],
    next: diagnosedWithPlan('u1', 'T01'),
    said: ['diagnosis.progress'],
    kinds: ['card', 'saveCase', 'offerUpload', 'say', 'schedule'],
    statuses: ['open'],
    after: [{ open: { logs: 'awaiting' } }, 'none'],
  },
  {
    name: 'diagnosed',
    at: [{ open: { logs: 'diagnosed' } }, 'waiting'],
    next: submit('diagnosis.more-logs'),
    said: ['logs.instructions'],
    kinds: ['cancelSchedule', 'say', 'offerUpload', 'schedule'],
    statuses: [],
    after: [{ open: { logs: 'awaiting' } }, 'waiting'],
  },
  {
    name: 'remediating',
    at: [{ open: { remediation: 'stage' } }, 'none'],
    next: submit('remediation.failing'),
    said: ['verify.ask'],
    kinds: ['cancelSchedule', 'showStage', 'saveCase', 'say', 'card', 'schedule'],
    statuses: ['awaiting-customer'],
    after: [{ open: { remediation: 'verify' } }, 'none'],
  },
  {
    name: 'verifying',
    at: [{ open: { remediation: 'verify' } }, 'none'],
    next: submit('verify.next'),
    said: [],
    kinds: ['cancelSchedule', 'updateCard', 'showStage', 'schedule'],
    statuses: [],
    after: [{ open: { remediation: 'stage' } }, 'none'],
  },
  {
    name: 'exhausted',
    at: [{ open: { remediation: 'exhausted' } }, 'waiting'],
    next: { type: 'user.message', text: '好了，已经装上了' },
    said: [],
    kinds: ['cancelSchedule', 'showStage', 'saveCase', 'card', 'schedule'],
    statuses: ['awaiting-engineer'],
    after: [{ open: { closure: 'proposing' } }, 'waiting'],
  },
  {
    name: 'closing',
    at: [{ open: { closure: 'proposing' } }, 'none'],
    next: submit('closure.accept'),
    said: ['closure.archived'],
    kinds: ['cancelSchedule', 'updateCard', 'saveCase', 'say', 'card'],
    statuses: ['archived'],
    after: ['survey', 'none'],
  },
  {
    name: 'monitoring',
    at: [{ open: { closure: 'monitoring' } }, 'none'],
    next: { type: 'user.message', text: '还是失败了' },
    said: ['verify.ask'],
    kinds: ['cancelSchedule', 'saveCase', 'say', 'card', 'schedule'],
    statuses: ['awaiting-customer'],
    after: [{ open: { remediation: 'verify' } }, 'none'],
  },
  {
    name: 'survey',
    at: ['survey', 'none'],
    next: submit('survey.submit', { score: '4', comment: '' }),
    said: ['survey.thanks', 'case.closed'],
    kinds: ['updateCard', 'saveCase', 'say', 'showSummary', 'say', 'caseClosed'],
    statuses: ['archived'],
    after: [{ archived: 'consented' }, 'none'],
  },
  {
    name: 'archivedAfterSurvey',
    at: [{ archived: 'consented' }, 'none'],
    next: REOPEN,
    said: ['case.reopened', 'closure.notYet'],
    kinds: ['saveCase', 'say', 'say', 'schedule'],
    statuses: ['open'],
    after: [{ open: { closure: 'monitoring' } }, 'none'],
  },
  {
    name: 'archivedForSilence',
    at: [{ archived: 'leftOff' }, 'none'],
    next: REOPEN,
    said: ['case.reopened'],
    kinds: ['saveCase', 'say', 'showStage', 'schedule'],
    statuses: ['open'],
    after: [{ open: { remediation: 'stage' } }, 'none'],
  },
  {
    name: 'cancelledWhileDiagnosing',
    at: [{ archived: 'leftOff' }, 'none'],
    next: REOPEN,
    said: ['case.reopened', 'diagnosing.inProgress'],
    kinds: ['saveCase', 'say', 'say', 'offerUpload'],
    statuses: ['open'],
    after: [{ open: { logs: 'diagnosing' } }, 'none'],
  },
  {
    name: 'withEngineerAtStage',
    at: ['withEngineer', 'taken'],
    next: HANDBACK,
    said: ['engineer.handedBack'],
    kinds: ['saveCase', 'say', 'showStage', 'schedule'],
    statuses: ['open'],
    after: [{ open: { remediation: 'stage' } }, 'none'],
  },
  {
    name: 'withEngineerLogsDiagnosed',
    at: ['withEngineer', 'taken'],
    next: HANDBACK,
    said: ['engineer.handedBack', 'diagnosis.sameCause', 'remediation.intro'],
    kinds: ['saveCase', 'say', 'say', 'saveCase', 'say', 'showStage', 'offerFile', 'schedule'],
    statuses: ['open', 'awaiting-customer'],
    after: [{ open: { remediation: 'stage' } }, 'none'],
  },
  {
    name: 'closingByEngineer',
    at: [{ open: { closure: 'proposing' } }, 'none'],
    next: submit('closure.decline'),
    said: ['engineer.continues'],
    kinds: ['cancelSchedule', 'updateCard', 'saveCase', 'say', 'relay'],
    statuses: ['with-engineer'],
    after: ['withEngineer', 'taken'],
  },
  {
    name: 'handedBackAtStage',
    at: [{ open: { remediation: 'stage' } }, 'none'],
    next: { type: 'language.switch', locale: 'en' },
    said: ['language.switched'],
    kinds: ['cancelSchedule', 'say', 'showStage', 'schedule'],
    statuses: [],
    after: [{ open: { remediation: 'stage' } }, 'none'],
  },
  {
    name: 'waitingAtProblem',
    at: [{ open: { problem: 'defining' } }, 'waiting'],
    next: submit('problem-definition.confirm'),
    said: ['problem.confirmed'],
    kinds: ['cancelSchedule', 'saveCase', 'updateCard', 'say', 'card', 'schedule'],
    statuses: ['awaiting-engineer'],
    after: [{ open: { problem: 'scope' } }, 'waiting'],
  },
  {
    name: 'waitingAtLogs',
    at: [{ open: { logs: 'awaiting' } }, 'waiting'],
    next: followUpDue(0),
    said: [],
    kinds: [],
    statuses: [],
    after: [{ open: { logs: 'awaiting' } }, 'waiting'],
  },
  {
    name: 'waitingAtStage',
    at: [{ open: { remediation: 'stage' } }, 'waiting'],
    next: submit('remediation.failing'),
    said: ['verify.ask'],
    kinds: ['cancelSchedule', 'showStage', 'saveCase', 'say', 'card', 'schedule'],
    statuses: ['awaiting-engineer'],
    after: [{ open: { remediation: 'verify' } }, 'waiting'],
  },
  {
    name: 'takenAfterWaiting',
    at: ['withEngineer', 'taken'],
    next: HANDBACK,
    said: ['engineer.handedBack'],
    kinds: ['saveCase', 'say', 'showStage', 'schedule'],
    statuses: ['open'],
    after: [{ open: { remediation: 'stage' } }, 'none'],
  },
  {
    name: 'backWithEngineerAfterDecline',
    at: ['withEngineer', 'taken'],
    next: { type: 'user.message', text: '还是不行，重启后又报0x80073712' },
    said: [],
    kinds: ['saveCase', 'relay'],
    statuses: ['with-engineer'],
    after: ['withEngineer', 'taken'],
  },
];

describe('snapshots of every situation, written by the last version-2 machine (63cf2bb)', () => {
  it('cover every situation of the fixture, at machine version 2', () => {
    expect(V2.machineVersion).toBe(2);
    expect(SITUATIONS.map((s) => s.name).sort()).toEqual(
      Object.keys(V2)
        .filter((key) => key !== 'machineVersion' && key !== 'writtenBy')
        .sort(),
    );
  });

  it.each(SITUATIONS.map((s) => [s.name, s] as const))(
    '%s restores at the equivalent state and answers its next event as version 2 did',
    (name, situation) => {
      const { actor, send, place } = restore(name);
      expect(place()).toEqual(situation.at);

      const effects = send(situation.next);

      expect(actor.getSnapshot().status).toBe('active');
      expect(saidKeys(effects)).toEqual(situation.said);
      expect(effects.map((e) => e.kind)).toEqual(situation.kinds);
      expect(effects.flatMap((e) => (e.kind === 'saveCase' ? [e.caseRecord.status ?? null] : []))).toEqual(
        situation.statuses,
      );
      expect(place()).toEqual(situation.after);
    },
  );

  it('move every history below `case.active` under the steps region, and the states it remembers', () => {
    const snapshot = migrations[2](JSON.parse(JSON.stringify(V2.takenAfterWaiting))) as {
      historyValue: unknown;
      context: { escalated?: boolean };
    };

    expect(snapshot.historyValue).toEqual({
      'case.active.steps.open.last': [{ id: 'case.active.steps.open.remediation.stage' }],
      'case.active.steps.resume': [{ id: 'case.active.steps.open.remediation.stage' }],
    });
    // Taken by an engineer: nobody is awaited any more.
    expect(snapshot.context.escalated).toBe(false);
  });

  it('are refused, not guessed, when they name a state version 2 never had', () => {
    const snapshot = { ...V2.remediating, value: { active: { open: 'x' }, other: 'y' } };

    expect(() => migrations[2](snapshot)).toThrow(/version 2/);
    expect(() => migrations[2]({ ...V2.remediating, value: 'gone' })).toThrow(/gone/);
  });
});
