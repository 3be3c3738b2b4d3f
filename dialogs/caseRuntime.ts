/**
 * The machine's edge towards the runner's runtime inputs. The case machine is pure and configured by
 * nothing: what a turn needs from outside comes in with its events, and what only the runner can work out
 * goes out as a request it fulfils.
 * - A user's message carries the number a case opened by it gets (`newCaseNumber`): issued by the runner,
 *   random, and unused when the message opens no case.
 * - A due reminder carries the days left until the series archives the case (`daysLeft`), and a request
 *   for reminder `n` (`scheduleFollowUp`) becomes a timer with the configured delay.
 * Pure; the conversation runner (and the dialog tests, in its place) call these around every transition.
 */
import { NUDGE_KEY, type CaseRuntime } from './caseContext';
import { daysUntilArchive, followUpSchedule } from './caseReminders';
import type { Effect } from './effects';
import type { MachineEvent } from './events';

/** `event` with the runtime inputs the machine reads from it. */
export function withRuntimeInputs(event: MachineEvent, runtime: CaseRuntime): MachineEvent {
  if (event.type === 'user.message') return { ...event, newCaseNumber: runtime.newCaseNumber() };
  if (event.type === 'reminder.due' && event.kind === NUDGE_KEY) {
    const n = event.payload?.n;
    const index = typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0;
    return {
      ...event,
      payload: { ...event.payload, daysLeft: daysUntilArchive(runtime.settings.followUpsMs, index) },
    };
  }
  return event;
}

/** `effect` as the runner carries it out: a reminder request becomes its timer. */
export function fulfilled(effect: Effect, runtime: CaseRuntime): Effect {
  return effect.kind === 'scheduleFollowUp'
    ? followUpSchedule(runtime.settings.followUpsMs, effect.n)
    : effect;
}
