/**
 * Transitions the case machine's states share: how a step waits for its user, a step's answers on its
 * card or in words, the stale-card answer, the stage answers.
 */

import { and } from 'xstate';
import { CARD_EVENT_TYPES, type CardEventType } from './events';
import type { Step } from './caseContext';

/**
 * A step that waits for the user: it presents itself (`present`), is remembered as the case's step (reminders
 * name it, reopening returns to it) and arms the reminders on silence, which its exit cancels.
 */
export function waitsForUser<const A extends readonly unknown[]>(step: Step, ...present: A) {
  return {
    entry: [...present, { type: 'enterStep', params: { step } }, 'armNudge', 'scheduleNudge'] as const,
    exit: ['cancelNudge', 'disarmNudge'] as const,
  };
}

/** "It fails again" after a fix was reported (closing, monitoring): back to verifying the stage. */
export const FAILS_AGAIN = {
  guard: 'failsAgain',
  target: 'verifying',
  actions: [{ type: 'markStage', params: { outcome: 'failed' } }, 'saveStageOutcome', 'markUnresolved'],
} as const;

// What a step does when the user answers it, on its card or in words (both transitions share these).

export const CONFIRM_PROBLEM = [
  'confirmProblem',
  'saveProblem',
  'freezeProblemCard',
  'announceScope',
] as const;

export const ACCEPT_SCOPE = ['markScopeConfirmed', 'acceptScope', 'freezeScopeCard'] as const;

export const ACCEPT_CLOSURE = [
  'freezeClosureAccepted',
  'reopenAsMonitoring',
  'clearEscalated',
  'clearEngineer',
  'saveClosure',
] as const;

export const ANSWER_SURVEY = [
  'freezeSurvey',
  'saveSurvey',
  'thankForSurvey',
  'showCaseSummary',
  'announceClosed',
  'caseClosed',
] as const;

export const SKIP_SURVEY = ['freezeSurvey', 'showCaseSummary', 'announceClosed', 'caseClosed'] as const;

/** The same transition for every card button (`card.unknown` included), e.g. an idle conversation's greeting. */
export function onEveryCard<T>(transition: T): Record<CardEventType | 'card.unknown', T> {
  return Object.fromEntries(CARD_EVENT_TYPES.map((type) => [type, transition])) as Record<
    CardEventType | 'card.unknown',
    T
  >;
}

/** A button on a card from an earlier step: said so rather than acted on. */
export const STALE_CARD = { actions: ['explainCardExpired', 'refreshNudge'] } as const;

/** "Talk to an engineer" on a diagnosis, stage or verify card: heard whatever the step, once a case is open. */
export const ENGINEER_BY_CARD = [
  { guard: 'hasOpenCase', actions: ['markEscalated', 'requestEngineer', 'refreshNudge'] },
  STALE_CARD,
] as const;

/**
 * A report in words or the report question's answer (dialogs/reports.ts), in the remediating and verifying
 * steps: a question when the words leave it open; closure when every machine is fixed; verifying when the
 * current stage failed; otherwise noted, and the step stays.
 */
const REPORT_RESOLVES = [
  'freezeReportQuestion',
  'applyReport',
  'freezeStage',
  'saveStageOutcome',
  'acknowledgeReport',
  'markResolved',
] as const;
const REPORT_FAILS = [
  'freezeReportQuestion',
  'applyReport',
  'freezeStage',
  'saveStageOutcome',
  'acknowledgeReport',
] as const;
const REPORT_NOTED = [
  'freezeReportQuestion',
  'applyReport',
  'saveStageOutcome',
  'acknowledgeReport',
  'refreshNudge',
] as const;

/** The report question's answer on its card. */
export const REPORT_CHOICES = [
  { guard: 'reportResolvesAll', target: 'closing', actions: REPORT_RESOLVES },
  { guard: 'reportFailsStage', target: 'verifying', actions: REPORT_FAILS },
  { guard: 'reportsOtherAttempt', actions: REPORT_NOTED },
  STALE_CARD,
] as const;

/** A report in words while a stage is proposed. */
export const STAGE_REPORTS = [
  {
    guard: and(['isPlainText', 'reportIsQuestion']),
    actions: ['holdReport', 'askAboutReport', 'refreshNudge'],
  },
  { guard: and(['isPlainText', 'reportResolvesAll']), target: 'closing', actions: REPORT_RESOLVES },
  { guard: and(['isPlainText', 'reportFailsStage']), target: 'verifying', actions: REPORT_FAILS },
  { guard: and(['isPlainText', 'reportsOtherAttempt']), actions: REPORT_NOTED },
] as const;

/** A report in words after a stage failed (the verify question is open): a new failure stays there. */
export const VERIFY_REPORTS = {
  question: STAGE_REPORTS[0],
  resolves: STAGE_REPORTS[1],
  noted: STAGE_REPORTS[3],
} as const;

/** How a user answers a stage (its card's buttons or words; see outcomeOf), in the remediating step. */
export const STAGE_ANSWERS = [
  {
    guard: 'reportsWorked',
    target: 'closing',
    actions: [
      { type: 'markStage', params: { outcome: 'fixed' } },
      'freezeStage',
      'saveStageOutcome',
      'markResolved',
    ],
  },
  {
    guard: 'reportsStillFails',
    target: 'verifying',
    actions: [{ type: 'markStage', params: { outcome: 'failed' } }, 'freezeStage', 'saveStageOutcome'],
  },
  {
    guard: { type: 'reportsCannotWithNext' },
    target: 'remediating',
    reenter: true,
    actions: [
      { type: 'markStage', params: { outcome: 'skipped' } },
      'freezeStage',
      'saveStageOutcome',
      'acknowledgeSkip',
      'advanceStage',
    ],
  },
  {
    guard: 'reportsCannot',
    target: 'exhausted',
    actions: [
      { type: 'markStage', params: { outcome: 'skipped' } },
      'freezeStage',
      'saveStageOutcome',
      'markEscalated',
      'escalateOutOfStages',
    ],
  },
] as const;
