/**
 * Remediation bookkeeping of a case: which plan the diagnoses lead to, where the stages stand, and how
 * logs sent after a stage compare with the first diagnosis. Pure functions; the case machine calls them
 * from its guards and actions, the case summary from the record.
 */
import { openMachines, stagesAfter, type Attempt, type CaseMachine } from './attempts';
import type { StageOutcome, StageRecord } from './caseRecord';
import {
  MEDIA_NEEDS,
  machineKeyOf,
  type DiagnosisSummary,
  type Environment,
  type Localized,
  type StageNeed,
} from './diagnosis';
import type { Locale } from './locale';

/** A machine's failure when remediation began: what later logs are compared with. */
export interface BaselineEntry {
  machine: string;
  errorCode: string | null;
  causeId: string | null;
  /** As on the diagnosis (absent in baselines recorded before host names were kept). */
  hostName?: string | null;
  uploadId?: string;
  /** The log the failure was found in ('CBS.log' …), when the diagnosis said. */
  failureLog?: string;
}

/** What the case machine keeps of its remediation. */
export interface RemediationState {
  stages: StageRecord[];
  /** Index of the stage being worked on. */
  current: number;
  causeId: string | null;
  environment?: Environment;
  /** Where `environment` comes from: the logs' update policy, or the user's words when the logs do not say. */
  environmentFrom?: 'logs' | 'user';
  /** Some log names a package missing from the store (what installing it from the Catalog needs). */
  missingPackageNamed?: boolean;
  /** The user said they have no installation media. */
  noMedia?: boolean;
  baseline: BaselineEntry[];
  /**
   * What the user reported doing, per machine, oldest first (absent in snapshots from before machines were
   * told apart: their stages carry the outcomes).
   */
  attempts?: Attempt[];
}

/** What the user said about their machines that decides which stages fit (src: their messages). */
export interface UserSays {
  environment?: Environment;
  noMedia?: boolean;
  /** The user has installation media now (stages passed over for the lack of it are open again). */
  hasMedia?: boolean;
}

/** How a machine's new diagnosis compares with its baseline. */
export type Comparison =
  /** The machine failed when remediation began and its new logs show no failure: the fix worked. */
  | { kind: 'clean'; machine: string; before: string | null }
  /**
   * The logs show no failure, but this machine had not failed before either (or is not one of the machines
   * remediation began with): they say nothing about whether a stage worked.
   */
  | {
      kind: 'no-failure';
      machine: string;
      known: boolean;
      /**
       * The machine had failed, but the new logs lack the log its failure was found in (a lone
       * WindowsUpdate.log after a CBS failure): they cannot show whether it is gone.
       */
      lacking?: string;
    }
  | { kind: 'same'; machine: string; code: string }
  /** A failure in the logs of a machine (named by its host) that is not one of the case's machines. */
  | { kind: 'new-machine'; machine: string; after: string }
  | { kind: 'different'; machine: string; before: string | null; after: string };

/**
 * The plan of a case: the stages of the cause most machines share (ties: the machine diagnosed first),
 * fitted to that machine's environment (the logs' policy; the user's words when the logs do not say).
 * Machines that fail for another reason add their cause's stages (see `mergeStages`), so no machine is
 * left without a way forward. Stages whose needs the logs or the user rule out are passed over (`fitted`).
 * Undefined when no machine has a plan (nothing conclusive).
 */
export function planFor(
  diagnoses: readonly DiagnosisSummary[],
  said: UserSays = {},
): RemediationState | undefined {
  const withPlan = diagnoses.filter((d) => (d.plan?.length ?? 0) > 0);
  if (withPlan.length === 0) return undefined;
  const count = (causeId: string | null): number => withPlan.filter((d) => d.causeId === causeId).length;
  const lead = withPlan.reduce((best, d) => (count(d.causeId) > count(best.causeId) ? d : best));
  const sameCause = withPlan.filter((d) => d.causeId === lead.causeId);
  // A terminal behind WSUS or offline needs the local-source variant even if another one has internet.
  const environment =
    sameCause.map((d) => d.environment).find((e) => e === 'offline' || e === 'wsus') ?? lead.environment;
  const others = withPlan.filter((d) => d.causeId !== lead.causeId);
  const stages = others.reduce((merged, d) => mergeStages(merged, d.plan ?? []), lead.plan ?? []);
  const known = environment
    ? { environment, environmentFrom: 'logs' as const }
    : said.environment
      ? { environment: said.environment, environmentFrom: 'user' as const }
      : {};
  return fitted({
    stages: stages.map((stage) => ({ ...stage })),
    current: 0,
    causeId: lead.causeId,
    ...known,
    ...(diagnoses.some((d) => d.missingPackageNamed) ? { missingPackageNamed: true } : {}),
    ...(said.noMedia ? { noMedia: true } : {}),
    baseline: diagnoses.map(baselineOf),
  });
}

/** Whether what a stage needs is not ruled out by the case (a stage needing nothing always fits). */
function needMet(state: RemediationState, need: StageNeed): boolean {
  if (need === 'missing-package-named') return state.missingPackageNamed === true;
  // Repair files come from Windows Update unless the machine cannot reach it (WSUS-only, offline); with the
  // source not known yet, Windows Update may still serve them.
  if (need === 'repair-source' && state.environment !== 'wsus' && state.environment !== 'offline')
    return true;
  return state.noMedia !== true;
}

/**
 * The plan with every stage not tried yet whose need is ruled out marked skipped, with the need as the
 * reason; when that is the current stage, work moves on to the next stage that is still open.
 */
export function fitted(state: RemediationState): RemediationState {
  const stages = state.stages.map((stage): StageRecord => {
    if (stage.outcome !== undefined) return stage;
    const unmet = (stage.needs ?? []).find((need) => !needMet(state, need));
    return unmet ? { ...stage, outcome: 'skipped', ruledOut: unmet } : stage;
  });
  const result = { ...state, stages };
  if (!stages[state.current]?.ruledOut || state.stages[state.current]?.outcome !== undefined) return result;
  const open = stages.findIndex((s, i) => i > state.current && s.outcome === undefined);
  return open === -1 ? result : { ...result, current: open };
}

/**
 * The plan after the user said what rules stages out or in (no installation media, media after all; where
 * updates come from: the logs' policy stays ahead of the user's words).
 */
export function toldBy(state: RemediationState, said: UserSays): RemediationState {
  const environment =
    said.environment && state.environmentFrom !== 'logs'
      ? { environment: said.environment, environmentFrom: 'user' as const }
      : {};
  const media = said.hasMedia ? withMedia(state) : state;
  return fitted({ ...media, ...environment, ...(said.noMedia ? { noMedia: true } : {}) });
}

/**
 * The stages passed over because the user had no installation media: never proposed for it, or proposed and
 * answered "cannot, no media" (the attempt that said so is withdrawn when media reopens them).
 */
export function skippedForMedia(state: RemediationState): number[] {
  return state.stages.flatMap((s, i) =>
    s.outcome === 'skipped' && s.ruledOut !== undefined && MEDIA_NEEDS.has(s.ruledOut) ? [i] : [],
  );
}

/**
 * The plan once the user has installation media: the stages passed over for the lack of it are open again,
 * and work goes back to the first of them when it lies before the current stage (the plan goes from the
 * lightest stage to the heaviest, so it comes first).
 */
function withMedia(state: RemediationState): RemediationState {
  const reopened = skippedForMedia(state);
  const { noMedia: _noMedia, ...rest } = state;
  const stages = state.stages.map((stage, i) => {
    if (!reopened.includes(i)) return stage;
    const { outcome: _outcome, ruledOut: _ruledOut, ...open } = stage;
    return open;
  });
  const back = reopened.find((i) => i < state.current);
  const attempts = withoutSkips(state.attempts, reopened);
  return {
    ...rest,
    stages,
    ...(attempts ? { attempts } : {}),
    ...(back !== undefined ? { current: back } : {}),
  };
}

/**
 * The attempts without their "could not be done" results on `stages` (the stages are open again): later
 * outcomes of other stages must not put them back to skipped.
 */
function withoutSkips(attempts: Attempt[] | undefined, stages: readonly number[]): Attempt[] | undefined {
  if (!attempts) return attempts;
  return attempts.flatMap((attempt) => {
    if (attempt.stage === undefined || !stages.includes(attempt.stage)) return [attempt];
    const results = attempt.results.filter((r) => r.result !== 'skipped');
    return results.length === 0 ? [] : [{ ...attempt, results }];
  });
}

/** The stages just before `index` that were passed over because their need is ruled out (the card names them). */
export function passedOverBefore(state: RemediationState, index: number): StageRecord[] {
  const passed: StageRecord[] = [];
  for (let i = index - 1; i >= 0 && state.stages[i].ruledOut; i--) passed.unshift(state.stages[i]);
  return passed;
}

/**
 * Two causes' stages as one plan. Each plan goes from the lightest stage to the heaviest, so a stage only
 * the second plan has goes just before the first stage that follows it there and both plans share
 * (["reset", "X", "in-place"] into ["reset", "dism", "in-place"] gives reset, dism, X, in-place); a stage
 * followed by nothing shared goes last. Stages both plans have appear once.
 */
export function mergeStages<T extends { playbookId: string }>(plan: readonly T[], other: readonly T[]): T[] {
  const merged = [...plan];
  const has = (id: string) => merged.some((s) => s.playbookId === id);
  other.forEach((stage, i) => {
    if (has(stage.playbookId)) return;
    const anchor = other.slice(i + 1).find((s) => has(s.playbookId));
    const at = anchor ? merged.findIndex((s) => s.playbookId === anchor.playbookId) : merged.length;
    merged.splice(at, 0, stage);
  });
  return merged;
}

function baselineOf(d: DiagnosisSummary): BaselineEntry {
  return {
    machine: d.machine,
    errorCode: d.errorCode,
    causeId: d.causeId,
    ...(d.hostName !== undefined ? { hostName: d.hostName } : {}),
    uploadId: d.uploadId,
    ...(d.failureLog ? { failureLog: d.failureLog } : {}),
  };
}

export function currentStage(state: RemediationState | undefined): StageRecord | undefined {
  return state?.stages[state.current];
}

/** The stage after the current one that has not been tried yet. */
export function nextStageIndex(state: RemediationState | undefined): number | undefined {
  if (!state) return undefined;
  for (let i = state.current + 1; i < state.stages.length; i++) {
    if (state.stages[i].outcome === undefined) return i;
  }
  return undefined;
}

/**
 * The current stage's outcome on the machines it concerns (a card button, "还是不行" with no machine named):
 * the machines still failing, or all of them when none is.
 */
export function withOutcome(
  state: RemediationState,
  outcome: StageOutcome,
  errorCode?: string,
): RemediationState {
  const stage = state.stages[state.current];
  if (!stage) return state;
  const machines = caseMachines(state);
  const open = openMachines(machines, state.attempts ?? []);
  const concerned = open.length > 0 ? open : machines.map((m) => m.machine);
  return withAttempt(state, {
    stage: state.current,
    title: stage.title,
    results: concerned.map((machine) => ({ machine, result: outcome, ...(errorCode ? { errorCode } : {}) })),
  });
}

/** The state with one more reported attempt: the stages' outcomes follow from what was said of them. */
export function withAttempt(state: RemediationState, attempt: Attempt): RemediationState {
  const attempts = [...(state.attempts ?? []), attempt];
  return { ...state, attempts, stages: stagesAfter(state.stages, attempts) };
}

/** The case's machines as remediation began (host names where the logs gave them), in diagnosis order. */
export function caseMachines(state: RemediationState): CaseMachine[] {
  const machines: CaseMachine[] = [];
  for (const b of state.baseline) {
    const machine = b.hostName ?? b.machine;
    if (!machines.some((m) => m.machine === machine))
      machines.push({ machine, failed: b.errorCode !== null });
  }
  return machines;
}

export function advanced(state: RemediationState): RemediationState {
  const next = nextStageIndex(state);
  return next === undefined ? state : { ...state, current: next };
}

const baselineKey = (b: BaselineEntry): string =>
  machineKeyOf({ machine: b.machine, hostName: b.hostName, uploadId: b.uploadId ?? '' });

/**
 * Compares a machine's new diagnosis with its diagnosis when remediation began. The machine is found by
 * its host; logs that name no host by `hostlessMatch`. Logs without a failure are "clean" (the fix worked)
 * only for a machine that had failed; otherwise they prove nothing. `machineCount` is the count the user
 * gave for the case (the problem's), if any.
 */
export function compare(
  state: RemediationState,
  summary: DiagnosisSummary,
  machineCount?: number,
): Comparison {
  const key = machineKeyOf(summary);
  const byHost = state.baseline.find((b) => baselineKey(b) === key);
  const assigned = byHost || summary.hostName ? undefined : hostlessMatch(state, machineCount);
  const before = byHost ?? assigned;
  // Logs assigned to a machine without naming it are told under that machine's name.
  const machine = assigned ? (assigned.hostName ?? assigned.machine) : summary.machine;
  const beforeCode = before?.errorCode ?? null;
  if (summary.errorCode === null) {
    if (beforeCode === null) return { kind: 'no-failure', machine, known: before !== undefined };
    const lacking = before?.failureLog;
    if (lacking && summary.logsRead && !summary.logsRead.includes(lacking))
      return { kind: 'no-failure', machine, known: true, lacking };
    return { kind: 'clean', machine, before: beforeCode };
  }
  if (summary.errorCode === beforeCode) return { kind: 'same', machine, code: beforeCode };
  if (!before && summary.hostName)
    return { kind: 'new-machine', machine: summary.hostName, after: summary.errorCode };
  return { kind: 'different', machine, before: beforeCode, after: summary.errorCode };
}

/** The case's machine new logs are from (by host, or as `hostlessMatch` tells), if it can be told. */
export function machineOfLogs(
  state: RemediationState,
  summary: DiagnosisSummary,
  machineCount?: number,
): BaselineEntry | undefined {
  const byHost = state.baseline.find((b) => baselineKey(b) === machineKeyOf(summary));
  return byHost ?? (summary.hostName ? undefined : hostlessMatch(state, machineCount));
}

/**
 * The machine that logs naming no host are from, when that can be told: the case's one machine whose logs
 * never named a host (the same collector without host data), or the case's only machine when the case has
 * one. Several machines, or a count saying more than the baseline holds (the others' logs still to come):
 * none — the logs are another machine's, not silently the only one diagnosed.
 */
function hostlessMatch(state: RemediationState, machineCount: number | undefined): BaselineEntry | undefined {
  const machines = caseMachines(state).length;
  const hostless = state.baseline.filter((b) => b.hostName === null);
  if (machines > 1) return new Set(hostless.map(baselineKey)).size === 1 ? hostless[0] : undefined;
  return machines === 1 && (machineCount ?? 1) <= 1 ? state.baseline[0] : undefined;
}

/**
 * The plan after logs showed a different failure: the stages already tried stay (with their outcomes),
 * the new cause's stages not tried yet follow, and work continues at the first of them.
 */
export function replanned(state: RemediationState, summary: DiagnosisSummary): RemediationState {
  const tried = new Set(state.stages.map((s) => s.playbookId));
  const added = (summary.plan ?? []).filter((s) => !tried.has(s.playbookId)).map((s) => ({ ...s }));
  const stages = [...state.stages, ...added];
  return fitted({
    ...state,
    stages,
    current: added.length > 0 ? state.stages.length : state.current,
    causeId: summary.causeId,
    ...(summary.environment ? { environment: summary.environment, environmentFrom: 'logs' as const } : {}),
    ...(state.missingPackageNamed || summary.missingPackageNamed ? { missingPackageNamed: true } : {}),
  });
}

/**
 * The plan with a machine added to the case (its logs came after remediation began): its failure joins the
 * baseline, so its stage outcomes are its own from then on; stages of its cause the plan lacks are added
 * after the others. Where work is stays.
 */
export function withMachine(state: RemediationState, summary: DiagnosisSummary): RemediationState {
  const tried = new Set(state.stages.map((s) => s.playbookId));
  const added = (summary.plan ?? []).filter((s) => !tried.has(s.playbookId)).map((s) => ({ ...s }));
  return fitted({
    ...state,
    stages: [...state.stages, ...added],
    baseline: [...state.baseline, baselineOf(summary)],
    ...(summary.missingPackageNamed ? { missingPackageNamed: true } : {}),
  });
}

/**
 * The current stage open again: a machine that joined the case after it fixed the others has not done it
 * yet. Its outcome is told anew from the next report (the others' results stay in the attempts).
 */
export function reopenedCurrent(state: RemediationState): RemediationState {
  const stages = state.stages.map((stage, i) => {
    if (i !== state.current) return stage;
    const { outcome: _outcome, errorCode: _errorCode, ...open } = stage;
    return open;
  });
  return { ...state, stages };
}

/** Whether the new diagnosis brought stages that have not been tried. */
export function bringsNewStages(state: RemediationState, summary: DiagnosisSummary): boolean {
  const tried = new Set(state.stages.map((s) => s.playbookId));
  return (summary.plan ?? []).some((s) => !tried.has(s.playbookId));
}

export function titleOf(stage: { title: Localized } | undefined, locale: Locale): string {
  return stage ? stage.title[locale] : '';
}

/** The stages that ended the case well: the last one reported fixed. */
export function fixedByStage(state: RemediationState | undefined): StageRecord | undefined {
  return state?.stages.filter((s) => s.outcome === 'fixed').at(-1);
}
