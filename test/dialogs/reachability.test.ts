/**
 * Model-based coverage with xstate/graph: from a fresh conversation, every state of the case machine
 * can be reached with the events users and timers produce, and in none of them is a user met with silence.
 */
import { transition } from 'xstate';
import {
  EVENTS,
  JOB_EVENTS,
  MESSAGE_KINDS,
  REMEDIATION_EVENTS,
  casePaths,
  describeEvent,
  leafStateIds,
  machine,
  outbox,
  restingStateId,
  restingStateIds,
} from './graph';
import { atEdge, runActions } from './harness';

describe('reachability of the case machine', () => {
  const { logPaths: paths, remediationPaths } = casePaths();

  it('reaches every state from a new conversation, in each region (the steps, the engineer beside them)', () => {
    const reached = new Set(
      [...paths, ...remediationPaths].flatMap((path) => restingStateIds(path.state.value)),
    );

    expect([...reached].sort()).toEqual(leafStateIds(machine.root).sort());
  });

  it('archives only after the survey (consent), after the last reminder, or when the user cancels', () => {
    const isArchived = (snapshot: { value: unknown }) =>
      restingStateId(snapshot.value).startsWith('case.active.steps.archived.');
    const entering = remediationPaths.flatMap((path) => {
      const step = path.steps.find((s) => isArchived(s.state));
      return step ? [describeEvent(step.event)] : [];
    });
    const allowed = ['survey.submit', 'survey.skip', 'text:5', 'text:不', 'reminder:3', 'text:取消'];

    expect(entering.filter((event) => !allowed.includes(event))).toEqual([]);
    expect(entering).toEqual(expect.arrayContaining(['survey.skip', 'text:取消']));
  });

  const userEvents = [...EVENTS, ...REMEDIATION_EVENTS].filter((event) => !JOB_EVENTS.has(event.type));

  // One representative snapshot per kind of situation (the remediation phase has thousands of paths).
  const situations = new Map<string, (typeof paths)[number]['state']>();
  for (const path of [...paths, ...remediationPaths]) {
    const c = path.state.context;
    const key = JSON.stringify([
      path.state.value,
      c.uploads,
      c.nudge,
      c.step,
      c.resolved,
      c.remediation?.current,
    ]);
    if (!situations.has(key)) situations.set(key, path.state);
  }

  it.each([...situations.values()].map((snapshot) => [restingStateId(snapshot.value), snapshot] as const))(
    'answers every user event in %s with a message or a card',
    (_stateId, snapshot) => {
      const silent = userEvents.filter((event) => {
        outbox.length = 0;
        const [, actions] = transition(machine, snapshot, atEdge(event));
        runActions(actions, outbox);
        return !outbox.some((effect) => MESSAGE_KINDS.has(effect.kind));
      });

      expect(silent).toEqual([]);
    },
  );
});
