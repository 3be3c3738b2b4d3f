/**
 * Migrations of persisted case-machine snapshots. Key `n` turns a snapshot written by machine version `n`
 * into one of version `n + 1`; the runner applies them in a chain up to MACHINE_VERSION and, where one is
 * missing or throws, resets the conversation with a notice instead of restoring (XState throws on states
 * that no longer exist). Each migration is pure and assumes nothing outside the snapshot.
 */
import type { Step } from './caseContext';

/** A persisted snapshot as far as the migrations read it (the rest is carried over unchanged). */
interface PersistedSnapshot {
  value: unknown;
  historyValue?: Record<string, Array<{ id: string }>>;
  context: { step?: Step; escalated?: boolean } & Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Version 1 kept every step of an open case flat under `active`; version 2 groups them into phases
 * under `active.open`, with the survey and the archived case beside it. Where each old step is now:
 */
const V2_STEP_OF_V1: Record<string, string> = {
  awaitingProblem: 'open.problem.asking',
  definingProblem: 'open.problem.defining',
  confirmingScope: 'open.problem.scope',
  awaitingLogs: 'open.logs.awaiting',
  diagnosing: 'open.logs.diagnosing',
  diagnosed: 'open.logs.diagnosed',
  remediating: 'open.remediation.stage',
  verifying: 'open.remediation.verify',
  exhausted: 'open.remediation.exhausted',
  closing: 'open.closure.proposing',
  monitoring: 'open.closure.monitoring',
  survey: 'survey',
  // Version 1 did not tell how a case was archived; reopening it goes where `context.step` says (below).
  archived: 'archived.leftOff',
};

/**
 * Where version 1 reopened an archived case, by the step it remembered (its `reopening` state): version 2
 * reopens through the open case's history (`active.open.last`), which the migration fills in from it.
 */
const REOPENED_AT: Record<Step, string> = {
  problem: 'open.problem.defining',
  scope: 'open.problem.scope',
  logs: 'open.logs.awaiting',
  diagnosed: 'open.logs.diagnosed',
  remediation: 'open.remediation.stage',
  verify: 'open.remediation.verify',
  exhausted: 'open.remediation.exhausted',
  closing: 'open.closure.proposing',
  monitoring: 'open.closure.monitoring',
};

const ACTIVE = 'case.active';

/**
 * A persisted state value of machine `version` with what is under `active` turned by `migrate`; `idle` and
 * `withEngineer` (the same in every version) as they are. Any other shape is refused, not guessed.
 */
function withActive(value: unknown, version: number, migrate: (active: unknown) => unknown): unknown {
  if (value === 'idle' || value === 'withEngineer') return value;
  const entries = typeof value === 'object' && value !== null ? Object.entries(value) : [];
  if (entries.length !== 1 || entries[0][0] !== 'active')
    throw new Error(`unknown version ${version} state ${JSON.stringify(value)}`);
  return { active: migrate(entries[0][1]) };
}

/** `open.logs.awaiting` -> `{ open: { logs: 'awaiting' } }`. */
function valueOf(path: string): unknown {
  const parts = path.split('.');
  return parts.reduceRight<unknown>((inner, key) => ({ [key]: inner }), parts.pop());
}

function v2Step(v1Step: unknown): string {
  const step = typeof v1Step === 'string' ? V2_STEP_OF_V1[v1Step] : undefined;
  if (!step) throw new Error(`machine version 1 has no step ${JSON.stringify(v1Step)}`);
  return step;
}

function migrateV1(persisted: unknown): unknown {
  const snapshot = persisted as PersistedSnapshot;
  const { value, context } = snapshot;
  const v2Value = withActive(value, 1, (step) => valueOf(v2Step(step)));
  // The step `active` was left in (for an engineer): its new place, under the deep history `resume`.
  const historyValue: Record<string, Array<{ id: string }>> = {};
  const resumed = snapshot.historyValue?.[`${ACTIVE}.resume`]?.[0]?.id;
  if (resumed?.startsWith(`${ACTIVE}.`)) {
    const step = v2Step(resumed.slice(ACTIVE.length + 1));
    historyValue[`${ACTIVE}.resume`] = [{ id: `${ACTIVE}.${step}` }];
    if (step.startsWith('open.')) historyValue[`${ACTIVE}.open.last`] = [{ id: `${ACTIVE}.${step}` }];
  }
  // An archived case reopens where version 1 would have reopened it.
  const archived = typeof value === 'object' && (value as { active?: unknown }).active === 'archived';
  if (archived && context.step && REOPENED_AT[context.step])
    historyValue[`${ACTIVE}.open.last`] = [{ id: `${ACTIVE}.${REOPENED_AT[context.step]}` }];
  return { ...snapshot, value: v2Value, historyValue };
}

/**
 * Version 2 kept the steps directly under `active` and whether an engineer was awaited in
 * `context.escalated`; version 3 makes `active` parallel: the steps in its region `steps`, and the engineer
 * region beside them (`none` or `waiting`, from `context.escalated`). Every history id below `case.active`
 * moves under `case.active.steps`, and so do the states they remember. `withEngineer` and `idle` stay.
 */
const V2_ACTIVE = `${ACTIVE}.`;
const V3_STEPS = `${ACTIVE}.steps.`;

function v3Id(id: string): string {
  return id.startsWith(V2_ACTIVE) ? V3_STEPS + id.slice(V2_ACTIVE.length) : id;
}

function migrateV2(persisted: unknown): unknown {
  const snapshot = persisted as PersistedSnapshot;
  const { value, context } = snapshot;
  const v3Value = withActive(value, 2, (steps) => ({
    steps,
    engineer: context.escalated === true ? 'waiting' : 'none',
  }));
  const historyValue = Object.fromEntries(
    Object.entries(snapshot.historyValue ?? {}).map(([id, states]) => [
      v3Id(id),
      states.map((state) => ({ ...state, id: v3Id(state.id) })),
    ]),
  );
  // `context.escalated` now says whether the engineer region waits: not while an engineer has the case.
  const v3Context = value === 'withEngineer' ? { ...context, escalated: false } : context;
  return { ...snapshot, value: v3Value, context: v3Context, historyValue };
}

export const migrations: Record<number, (persisted: unknown) => unknown> = {
  1: migrateV1,
  2: migrateV2,
};
