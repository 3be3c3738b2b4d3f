/**
 * The reminders on silence: when the next one of a step's series is due (the runner works it out from the
 * configured series, caseRuntime.ts), and what the first one says.
 */
import { NUDGE_KEY, type CaseContext } from './caseContext';
import type { Schedule } from './effects';
import { expectedMachines, machinesReceived } from './logs';
import { currentStage, titleOf } from '../src/domain/plan';
import type { SayKey } from './messages';

/**
 * The `n`-th reminder of a step's series, due `followUpsMs[n] - followUpsMs[n - 1]` after the one before.
 * The payload tells the machine which it is: the one before last warns, the last archives.
 */
export function followUpSchedule(series: readonly number[], n: number): Schedule {
  const delayMs = Math.max(0, (series[n] ?? 0) - (n > 0 ? (series[n - 1] ?? 0) : 0));
  const last = n >= series.length - 1;
  const warn = n > 0 && n === series.length - 2;
  return { kind: 'schedule', key: NUDGE_KEY, timerKind: 'nudge', delayMs, payload: { n, last, warn } };
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from reminder `n` to the archiving one (at least 1: "tomorrow" rather than "in 0 days"). */
export function daysUntilArchive(series: readonly number[], n: number): number {
  return Math.max(1, Math.round(((series.at(-1) ?? 0) - (series[n] ?? 0)) / DAY_MS));
}

/** The first reminder of a step: it names what the step is waiting for. */
export function stepReminder(
  context: CaseContext,
  say: (key: SayKey, params?: Record<string, string | number>) => void,
) {
  const caseNumber = context.caseNumber ?? '';
  switch (context.step) {
    case 'logs':
      return say('nudge.logs', {
        caseNumber,
        received: machinesReceived(context),
        expected: expectedMachines(context),
      });
    case 'scope':
      return say('nudge.scope');
    case 'remediation':
      return say('nudge.remediation', {
        caseNumber,
        title: titleOf(currentStage(context.remediation), context.locale),
      });
    case 'diagnosed':
    case 'verify':
    case 'exhausted':
    case 'closing':
    case 'monitoring':
      return say(`nudge.${context.step}`, { caseNumber });
    default:
      return say('nudge.problem');
  }
}
