/**
 * What the case machine asks the outside world to do. Machine actions never perform I/O: they emit these
 * commands (`EffectEvent`, xstate's `emit`), the conversation runner collects a turn's in order and carries
 * them out after the new snapshot is committed — state, schedules and case records in one transaction,
 * then the messages.
 */
import type { CaseRecordPatch, EscalationReason, FileId, RelayedMessage } from '../src/domain/caseRecord';
import type { CardInput, LogCollectionCardInput, StageCardInput } from '../src/domain/cards';

/** A message from the catalog: `key` names it, `params` fill its placeholders. */
export interface Say {
  kind: 'say';
  key: string;
  params?: Record<string, string | number>;
}

/**
 * An Adaptive Card from `cards/<cardId>.template.json`, showing what `input` says: the runner builds the
 * data the template binds from it (src/cards/data/) in the conversation's language.
 * `slot` names the card in this conversation ("problem", "scope"): a later `updateCard` with the same
 * slot replaces that card in place instead of posting a new one.
 */
export interface ShowCard {
  kind: 'card';
  cardId: string;
  input: CardInput;
  slot?: string;
}

/** Replace the card last shown in `slot` (falls back to posting it when the slot is unknown). */
export interface UpdateCard {
  kind: 'updateCard';
  cardId: string;
  input: CardInput;
  slot: string;
}

/** A typing indicator (the next reply may take a moment). */
export interface Typing {
  kind: 'typing';
}

/**
 * A durable timer: after `delayMs` the runner delivers `{ type: 'reminder.due', key, kind, payload }`.
 * Scheduling the same key again replaces the earlier timer.
 */
export interface Schedule {
  kind: 'schedule';
  key: string;
  timerKind: string;
  delayMs: number;
  payload?: Record<string, unknown>;
}

/**
 * Reminder `n` (from 0) of the current step's series on silence: the runner fulfils it as a `schedule`
 * with the configured delay and the payload that tells the machine which reminder it is
 * (caseRuntime.ts fulfilled), since the machine does not know the configured series.
 */
export interface ScheduleFollowUp {
  kind: 'scheduleFollowUp';
  n: number;
}

/** Cancel a durable timer by key (no error when there is none). */
export interface CancelSchedule {
  kind: 'cancelSchedule';
  key: string;
}

/** Create or update the case record this conversation works on. */
export interface SaveCase {
  kind: 'saveCase';
  caseRecord: CaseRecordPatch;
}

/**
 * Show a card that carries the case's upload link. The runner issues a fresh per-case, expiring link and
 * adds `uploadUrl` and `uploadExpires` to the card's data before rendering (the machine never sees secrets).
 */
export interface OfferUpload {
  kind: 'offerUpload';
  caseNumber: string;
  cardId: string;
  input: LogCollectionCardInput;
  slot?: string;
  /** Replace the card shown in `slot` (e.g. "1 of 2 machines received") instead of posting a new one. */
  update?: boolean;
}

/** Fetch a file the user attached in the chat into the case's uploads (a job; never inside the turn). */
export interface FetchAttachment {
  kind: 'fetchAttachment';
  caseNumber: string;
  name: string;
  url: string;
  contentType: string;
  /**
   * The case waits for an engineer before logs were asked for: the file goes to the engineers as it is,
   * whatever it is, and not to the diagnosis.
   */
  forEngineers?: boolean;
}

/**
 * Send the user a file: in a Teams 1:1 chat a file consent card (accept -> the file in the chat), in
 * group chats and channels an attachment-free fallback (a download link and the text to copy). The runner
 * builds the file (the collector kit carries a fresh upload link) and the texts in the conversation's language.
 */
export interface OfferFile {
  kind: 'offerFile';
  fileId: FileId;
  caseNumber: string;
}

/**
 * Show (or with `update`, replace in place) the card of remediation stage `index` (0-based) of `count`.
 * The runner fills it from the knowledge base (what, why, risks, preconditions, steps fitted to
 * `environment`, verification, scripts) in the conversation's language. Slot: `stage:<index>`.
 */
export interface ShowStage extends Omit<StageCardInput, 'handedOver'> {
  kind: 'showStage';
  update?: boolean;
}

/**
 * Show the case summary card, built by the runner from the case record as committed by this turn
 * (description, progress, analysis, recommended actions, stages with outcomes, outcome).
 */
export interface ShowSummary {
  kind: 'showSummary';
  caseNumber: string;
}

/** Hand the case to the engineers (the runner posts it to their queue; see issue 6). */
export interface Escalate {
  kind: 'escalate';
  caseNumber: string;
  reason: EscalationReason;
}

/** Relay to the engineer who has the case (the runner posts it in the case's thread in their channel). */
export interface Relay {
  kind: 'relay';
  caseNumber: string;
  message: RelayedMessage;
}

/** The case ended with its summary (after the survey): the engineers' thread gets the closure summary. */
export interface CaseClosed {
  kind: 'caseClosed';
  caseNumber: string;
}

export type Effect =
  | Relay
  | CaseClosed
  | ShowStage
  | ShowSummary
  | Escalate
  | Say
  | ShowCard
  | UpdateCard
  | Typing
  | Schedule
  | ScheduleFollowUp
  | CancelSchedule
  | SaveCase
  | OfferUpload
  | FetchAttachment
  | OfferFile;

/** One command as the machine emits it (`actor.on('effect', …)`; in a pure transition, an `xstate.emit` action). */
export interface EffectEvent {
  type: 'effect';
  effect: Effect;
}
