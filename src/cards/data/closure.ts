/**
 * The data of the closure phase's cards and the questions about machines: the closure proposal
 * (cards/closure.template.json), the survey, the question a report of the user's leaves open
 * (report-question), and which machine new logs without a host are from (logs-machine).
 */
import type {
  ClosureCardInput,
  LogsMachineCardInput,
  ReportQuestionCardInput,
  SurveyCardInput,
} from '../../domain/cards';
import type { Locale } from '../../domain/locale';

export function closureCardData({
  caseNumber,
  resolved,
  answered,
}: ClosureCardInput): Record<string, unknown> {
  return { caseNumber, resolved, answered };
}

export function surveyCardData({ caseNumber, answered, score }: SurveyCardInput): Record<string, unknown> {
  return { caseNumber, answered, score };
}

export function reportQuestionCardData(
  input: ReportQuestionCardInput,
  locale: Locale,
): Record<string, unknown> {
  return {
    caseNumber: input.caseNumber,
    ask: input.ask,
    title: input.attempt.title[locale],
    machines: machineList(input.machines, locale),
    choices: input.machines.map((machine) => ({ machine })),
    answered: input.answered,
  };
}

/** Which machine new logs without a host are from: each machine by host, or another one. */
export function logsMachineCardData(input: LogsMachineCardInput, locale: Locale): Record<string, unknown> {
  const { chosen } = input;
  return {
    caseNumber: input.caseNumber,
    name: input.name,
    machines: machineList(input.machines, locale),
    choices: input.machines.map((machine) => ({ machine })),
    answered: chosen === '' ? '' : chosen === 'other' ? 'other' : 'machine',
    chosen: chosen === 'other' ? '' : chosen,
  };
}

/** Host names as a list in the user's language ("TERM-0231 and TERM-0232", "TERM-0231和TERM-0232"). */
export function machineList(machines: readonly string[], locale: Locale): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(machines);
}
