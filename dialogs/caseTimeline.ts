/**
 * The case machine's timeline entries as events (src/domain/caseRecord.ts TimelineEvent): what happened as
 * data, rendered in the reader's language by src/cases/timeline.ts. Pure.
 */
import type { Attempt } from '../src/domain/attempts';
import type { TimelineEvent } from '../src/domain/caseRecord';
import type { DiagnosisSummary } from '../src/domain/diagnosis';
import { caseMachines, type Comparison, type RemediationState } from '../src/domain/plan';
import { reasonOf } from './logs';

/**
 * A reported attempt as the timeline keeps it: a failure the user gave no code for carries the machine's code
 * from the first diagnosis (it still fails as diagnosed), and the number of the case's machines ("both").
 */
export function attemptEvent(state: RemediationState, attempt: Attempt): TimelineEvent {
  const codes = new Map(state.baseline.map((b) => [b.hostName ?? b.machine, b.errorCode]));
  const results = attempt.results.map((r) => {
    const code = r.errorCode ?? (r.result === 'failed' ? codes.get(r.machine) : undefined);
    return code ? { ...r, errorCode: code } : r;
  });
  return {
    key: 'attempt',
    params: { machineCount: caseMachines(state).length },
    attempt: { ...attempt, results },
  };
}

export function comparisonEvent(comparison: Comparison): TimelineEvent {
  const machine = comparison.machine;
  if (comparison.kind === 'no-failure' && comparison.lacking)
    return { key: 'comparedLacking', params: { machine, log: comparison.lacking } };
  if (comparison.kind === 'no-failure')
    return { key: comparison.known ? 'comparedNoFailure' : 'comparedNoFailureNew', params: { machine } };
  if (comparison.kind === 'clean')
    return { key: 'comparedClean', params: { machine, before: comparison.before ?? '-' } };
  if (comparison.kind === 'same') return { key: 'comparedSame', params: { machine, code: comparison.code } };
  if (comparison.kind === 'new-machine')
    return { key: 'comparedNewMachine', params: { machine, after: comparison.after } };
  return {
    key: 'comparedDifferent',
    params: { machine, before: comparison.before ?? '-', after: comparison.after },
  };
}

export function diagnosisEvent(summary: DiagnosisSummary): TimelineEvent {
  const base = {
    machine: summary.machine,
    uploadId: summary.uploadId,
    missingLogs: summary.missingLogs.join(', '),
  };
  if (summary.errorCode === null) return { key: 'diagnosedClean', params: base };
  return {
    key: 'diagnosed',
    params: { ...base, verdict: { en: reasonOf(summary, 'en'), 'zh-CN': reasonOf(summary, 'zh-CN') } },
  };
}
