/**
 * Model-based coverage with xstate/graph: from a fresh conversation, every state of the case machine
 * can be reached with the events users and timers produce, and in none of them is a user met with silence.
 */
import { transition } from 'xstate';
import type { AnyStateNode } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { provideCaseMachine } from '../../dialogs/caseMachine';
import type { Effect } from '../../dialogs/effects';
import type { CaseEvent } from '../../dialogs/events';
import { FIRST_MESSAGE_ZH, NUDGE_MS, diagnosisDone, diagnosisFailed, uploadReceived } from './harness';

const EVENTS: CaseEvent[] = [
  { type: 'conversation.started' },
  { type: 'user.message', text: '你好' },
  { type: 'user.message', text: FIRST_MESSAGE_ZH },
  { type: 'user.message', text: '不对，是三台' },
  { type: 'user.message', text: 'English' },
  { type: 'user.message', text: '新案例' },
  { type: 'card.submit', verb: 'problem-definition.confirm', data: {} },
  { type: 'card.submit', verb: 'scope.accept', data: {} },
  { type: 'card.submit', verb: 'scope.correct', data: { comment: '是三台终端' } },
  { type: 'card.submit', verb: 'greeting.continue', data: {} },
  { type: 'card.submit', verb: 'greeting.new', data: {} },
  { type: 'language.switch', locale: 'en' },
  { type: 'reminder.due', key: 'nudge', kind: 'nudge' },
  { type: 'file.received', name: 'logs.zip', contentType: 'application/zip' },
  {
    type: 'file.received',
    name: 'T01.zip',
    contentType: 'application/zip',
    url: 'https://teams.example/T01.zip',
  },
  { type: 'card.submit', verb: 'diagnosis.more-logs', data: {} },
  { type: 'card.submit', verb: 'diagnosis.engineer', data: {} },
  // What the upload intake and the diagnosis jobs report (the second terminal's logs fail once).
  uploadReceived('u1', 'T01.zip'),
  uploadReceived('u2', 'T02.zip'),
  uploadReceived('u1', 'T01.zip', true),
  { type: 'upload.refused', name: 'setup.exe', code: 'executable' },
  diagnosisDone('u1', 'T01'),
  diagnosisDone('u2', 'T02'),
  diagnosisFailed('u2', 'T02.zip', 'truncated'),
];

/** Results of background jobs: they arrive without the user doing anything in that moment. */
const JOB_EVENTS = new Set([
  'reminder.due',
  'upload.received',
  'upload.refused',
  'diagnosis.done',
  'diagnosis.failed',
]);

const outbox: Effect[] = [];
const machine = provideCaseMachine({
  outbox,
  newCaseNumber: () => 'CAS-GRAPH',
  settings: { nudgeAfterMs: NUDGE_MS },
});

/** Ids of the states a conversation can rest in (history pseudo-states excluded). */
function leafStateIds(node: AnyStateNode): string[] {
  const children = Object.values(node.states).filter((child) => child.type !== 'history');
  return children.length === 0 ? [node.id] : children.flatMap(leafStateIds);
}

/** `{ active: 'definingProblem' }` -> `case.active.definingProblem` (one region per level here). */
function restingStateId(value: unknown): string {
  const parts: string[] = [];
  let rest = value;
  while (typeof rest === 'object' && rest !== null) {
    const [key, child] = Object.entries(rest)[0];
    parts.push(key);
    rest = child;
  }
  return ['case', ...parts, String(rest)].join('.');
}

const MESSAGE_KINDS = new Set(['say', 'card', 'updateCard', 'offerUpload']);

describe('reachability of the case machine', () => {
  const paths = getShortestPaths(machine, {
    input: { locale: 'zh-CN' },
    events: EVENTS,
    // Uploads and diagnoses decide where job results lead, so they are part of the state explored.
    serializeState: (snapshot) =>
      JSON.stringify([
        snapshot.value,
        snapshot.context.uploads,
        snapshot.context.diagnoses?.map((d) => d.machine),
      ]),
  });

  it('reaches every state from a new conversation', () => {
    const reached = new Set(paths.map((path) => restingStateId(path.state.value)));

    expect([...reached].sort()).toEqual(leafStateIds(machine.root).sort());
  });

  const userEvents = EVENTS.filter((event) => !JOB_EVENTS.has(event.type));

  it.each(paths.map((path) => [restingStateId(path.state.value), path.state] as const))(
    'answers every user event in %s with a message or a card',
    (_stateId, snapshot) => {
      const silent = userEvents.filter((event) => {
        outbox.length = 0;
        const [, actions] = transition(machine, snapshot, event);
        for (const action of actions) action.exec?.(action.info, action.params);
        return !outbox.some((effect) => MESSAGE_KINDS.has(effect.kind));
      });

      expect(silent).toEqual([]);
    },
  );
});
