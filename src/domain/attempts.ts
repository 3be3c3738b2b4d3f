/**
 * What was tried on which machine and how it ended: the attempts a user reports during remediation (a
 * plan stage, or an action outside the plan such as a new disk), each with a result per machine. A stage
 * is credited only with what the user said of it; the case is resolved when every machine is. Pure.
 */
import type { StageOutcome, StageRecord } from './caseRecord';
import type { Localized } from './diagnosis';

/** What one attempt came to on one machine (`machine`: its host name, else the name it was diagnosed as). */
export interface MachineResult {
  machine: string;
  result: StageOutcome;
  /** The error the user reported for this machine. */
  errorCode?: string;
}

/** One thing the user did (or could not do), on one or more machines. */
export interface Attempt {
  /** Index of the plan stage the action is, when it is one of the plan's. */
  stage?: number;
  /** An action outside the plan (e.g. `replace-disk`), when it is not a stage. */
  action?: string;
  /** What was done, in both languages (stage title or the action's name), as the summary shows it. */
  title: Localized;
  /** The user backed up their data first. */
  backup?: boolean;
  results: MachineResult[];
  /** An update the user says is installed now ("KB5011503 已经装上了"). */
  kb?: string;
}

/** A machine of the case as remediation knows it: its name, and whether its logs showed a failure. */
export interface CaseMachine {
  machine: string;
  failed: boolean;
}

/** The latest result of each machine over `attempts` (optionally of one stage only). */
export function latestResults(attempts: readonly Attempt[], stage?: number): Map<string, MachineResult> {
  const latest = new Map<string, MachineResult>();
  for (const attempt of attempts) {
    if (stage !== undefined && attempt.stage !== stage) continue;
    for (const r of attempt.results) latest.set(r.machine, r);
  }
  return latest;
}

/** Machines whose latest reported result (of any attempt) is fixed. */
export function fixedMachines(attempts: readonly Attempt[]): Set<string> {
  return new Set(
    [...latestResults(attempts).values()].filter((r) => r.result === 'fixed').map((r) => r.machine),
  );
}

/** The machines still failing: every failed machine not reported fixed since. */
export function openMachines(machines: readonly CaseMachine[], attempts: readonly Attempt[]): string[] {
  const fixed = fixedMachines(attempts);
  return machines.filter((m) => m.failed && !fixed.has(m.machine)).map((m) => m.machine);
}

/** Every machine that failed is fixed (a case whose logs showed no failure anywhere is not). */
export function allFixed(machines: readonly CaseMachine[], attempts: readonly Attempt[]): boolean {
  return machines.some((m) => m.failed) && openMachines(machines, attempts).length === 0;
}

/**
 * A stage's outcome from its attempts: failed when the latest word of any machine is that it failed, fixed
 * when it fixed some machine and failed none, skipped when it could be done nowhere; undefined when nothing
 * was said of it. The error code is the first failing machine's.
 */
export function stageOutcomeOf(
  attempts: readonly Attempt[],
  stage: number,
): Pick<StageRecord, 'outcome' | 'errorCode'> {
  const results = [...latestResults(attempts, stage).values()];
  if (results.length === 0) return {};
  const failed = results.find((r) => r.result === 'failed');
  if (failed) return { outcome: 'failed', ...(failed.errorCode ? { errorCode: failed.errorCode } : {}) };
  if (results.some((r) => r.result === 'fixed')) return { outcome: 'fixed' };
  return { outcome: 'skipped' };
}

/** The stages with the outcomes their attempts give (stages nobody reported on keep theirs). */
export function stagesAfter(stages: readonly StageRecord[], attempts: readonly Attempt[]): StageRecord[] {
  return stages.map((stage, i) => {
    const { outcome, errorCode } = stageOutcomeOf(attempts, i);
    if (!outcome) return stage;
    const { errorCode: _old, ...rest } = stage;
    return { ...rest, outcome, ...(errorCode ? { errorCode } : {}) };
  });
}
