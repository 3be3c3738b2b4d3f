/**
 * The events the case machine takes: what happened to the case (src/domain/events.ts) with every card
 * button as an event of its own, named after what the user did (`scope.accept`, `stage.failed`,
 * `survey.submit` …). `understand()` (understand.ts) turns an inbound `card.submit` into one of these at
 * the edge, so the machine never reads a card verb.
 */
import type { CardSubmitEvent, CaseEvent, UserMessageEvent } from '../src/domain/events';
import { VERBS, type Verb } from './messages';

/** The event each card verb (`<card-id>.<action>`) becomes. */
export const CARD_EVENTS = {
  [VERBS.greetingContinue]: 'greeting.continue',
  [VERBS.greetingNew]: 'greeting.new-case',
  [VERBS.problemConfirm]: 'problem.confirm',
  [VERBS.scopeAccept]: 'scope.accept',
  [VERBS.scopeCorrect]: 'scope.correct',
  [VERBS.diagnosisMoreLogs]: 'logs.more',
  [VERBS.diagnosisEngineer]: 'diagnosis.asks-engineer',
  [VERBS.remediationFixed]: 'stage.fixed',
  [VERBS.remediationFailing]: 'stage.failed',
  [VERBS.remediationCannot]: 'stage.cannot',
  [VERBS.remediationEngineer]: 'stage.asks-engineer',
  [VERBS.verifyNext]: 'verify.next',
  [VERBS.verifyLogs]: 'verify.logs',
  [VERBS.verifyEngineer]: 'verify.asks-engineer',
  [VERBS.closureAccept]: 'closure.accept',
  [VERBS.closureDecline]: 'closure.decline',
  [VERBS.surveySubmit]: 'survey.submit',
  [VERBS.surveySkip]: 'survey.skip',
  [VERBS.summaryReopen]: 'summary.reopen',
  [VERBS.reportChoose]: 'report.choose',
  [VERBS.logsMachineChoose]: 'logs.machine-chosen',
} as const satisfies Record<Verb, string>;

export type CardEventType = (typeof CARD_EVENTS)[Verb];

/** A card button: its event type, and the card's input values (`data`, e.g. a survey's score). */
export interface CardEvent<T extends CardEventType = CardEventType> {
  type: T;
  data: Record<string, unknown>;
}

/** A button of a card this version does not know (an old card, a forged verb): answered as stale. */
export interface UnknownCardEvent {
  type: 'card.unknown';
  verb: string;
  data: Record<string, unknown>;
}

/**
 * A button of a card that names another case than the one this conversation works on now (an archived
 * case's summary or stage card pressed while a new case runs): answered, never acted on.
 */
export interface OtherCaseCardEvent {
  type: 'card.other-case';
  verb: string;
  caseNumber: string;
}

/** Every card event type, for transitions that treat all buttons alike (a stale card, an engineer's case). */
export const CARD_EVENT_TYPES: readonly (CardEventType | 'card.unknown')[] = [
  ...Object.values(CARD_EVENTS),
  'card.unknown',
];

/**
 * A user's message as the machine takes it: with the number a case it opens gets, issued by the runner at
 * the edge (caseRuntime.ts withRuntimeInputs; the machine has no source of case numbers of its own).
 */
export interface UserMessage extends UserMessageEvent {
  newCaseNumber?: string;
}

/**
 * Raised by the machine itself, never sent from outside (caseEngineer.ts): the steps ask for an engineer,
 * or stop waiting for one. `ifPlanAsks`: only if the plan asks for one (see `engineerWanted`).
 */
export type EngineerSignal = { type: 'engineer.wanted'; ifPlanAsks?: true } | { type: 'engineer.released' };

export type MachineEvent =
  | EngineerSignal
  | UserMessage
  | Exclude<CaseEvent, CardSubmitEvent | UserMessageEvent>
  | { [T in CardEventType]: CardEvent<T> }[CardEventType]
  | UnknownCardEvent
  | OtherCaseCardEvent;
