/**
 * The data of the closure phase's cards and the report question: the closure proposal
 * (cards/closure.template.json), the survey, and the question a report of the user's leaves open
 * (report-question).
 */
import type { ClosureCardInput, ReportQuestionCardInput, SurveyCardInput } from '../../domain/cards';
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

/** Host names as a list in the user's language ("TERM-0231 and TERM-0232", "TERM-0231和TERM-0232"). */
export function machineList(machines: readonly string[], locale: Locale): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(machines);
}
