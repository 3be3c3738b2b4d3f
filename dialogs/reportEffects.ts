/**
 * The case machine's effects for what the user reports doing (dialogs/reports.ts): the question card when
 * their words leave the machines or the result open, freezing it once answered, and saying back what was
 * noted per machine. Pushes commands only; caseEffects.ts spreads these into the machine's effects.
 */
import type { Attempt } from '../src/domain/attempts';
import { openMachines } from '../src/domain/attempts';
import type { Locale } from '../src/domain/locale';
import { caseMachines, type RemediationState } from '../src/domain/plan';
import { caseNumberOf } from './caseCards';
import type { CaseContext } from './caseContext';
import type { Effect } from './effects';
import { CARDS, type SayKey } from './messages';

type Say = (key: SayKey, params?: Record<string, string | number>) => void;

export function reportEffects(push: (effect: Effect) => void, say: Say) {
  /** The question card of the open report: posted (`card`), or frozen with the answer noted (`updateCard`). */
  const questionCard = (context: CaseContext, kind: 'card' | 'updateCard'): void => {
    if (!context.pendingReport) return;
    const answered = kind === 'card' ? '' : 'answered';
    push({
      kind,
      ...CARDS.reportQuestion,
      input: {
        card: 'reportQuestion',
        caseNumber: caseNumberOf(context),
        ask: context.pendingReport.ask,
        attempt: context.pendingReport.attempt,
        machines: context.pendingReport.machines,
        answered,
      },
    });
  };
  return {
    askAboutReport: ({ context }: { context: CaseContext }) => questionCard(context, 'card'),
    freezeReportQuestion: ({ context }: { context: CaseContext }) => questionCard(context, 'updateCard'),
    acknowledgeReport: ({ context }: { context: CaseContext }) => {
      const state = context.remediation;
      const attempt = state?.attempts?.at(-1);
      if (!state || !attempt || !worthTelling(state, attempt)) return;
      const title = attempt.title[context.locale];
      for (const [key, result] of [
        ['report.fixedOn', 'fixed'],
        ['report.failedOn', 'failed'],
        ['report.skippedOn', 'skipped'],
      ] as const) {
        const on = attempt.results.filter((r) => r.result === result);
        if (on.length === 0) continue;
        const code = on.find((r) => r.errorCode)?.errorCode;
        say(key, {
          title,
          machines: machineList(
            on.map((r) => r.machine),
            context.locale,
          ),
          code: code ? ` (${code})` : '',
        });
      }
      // Some machines fixed now, others not yet: say which are still failing.
      const open = openMachines(caseMachines(state), state.attempts ?? []);
      if (open.length > 0 && attempt.results.some((r) => r.result === 'fixed'))
        say('report.stillOpen', { machines: machineList(open, context.locale) });
    },
  };
}

/**
 * Whether an attempt needs its own acknowledgement: the stage's card, the verify question or the closure
 * proposal tell a uniform result of the current stage on every machine; anything else (another stage, an
 * action outside the plan, some machines only, mixed results) is said back so the user sees what was noted.
 */
function worthTelling(state: RemediationState, attempt: Attempt): boolean {
  const results = new Set(attempt.results.map((r) => r.result));
  return (
    attempt.stage !== state.current || results.size > 1 || attempt.results.length < caseMachines(state).length
  );
}

/** Host names as a list in the user's language ("TERM-0231 and TERM-0232", "TERM-0231和TERM-0232"). */
function machineList(machines: readonly string[], locale: Locale): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(machines);
}
