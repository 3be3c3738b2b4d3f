/**
 * The case record and its parts as the case conversation writes them: status, problem, stages with their
 * outcomes, survey, how the case ended; and what passes between a case and its engineer. Pure types.
 */
import type { Attempt } from './attempts';
import type { DiagnosisSummary, Environment, PlanStage, StageNeed } from './diagnosis';
import type { Locale } from './locale';

/** The fields of a case record the machine owns. */
export interface CaseRecordPatch {
  caseNumber: string;
  status: 'open' | 'awaiting-customer' | 'awaiting-engineer' | 'with-engineer' | 'archived' | 'closed';
  locale: Locale;
  problem?: ProblemDefinition;
  /** false: `problem` is the draft from the user's messages (saved for an escalation before confirmation). */
  problemConfirmed?: boolean;
  scopeConfirmed?: boolean;
  /** The latest diagnosis of each machine (the case's findings). */
  findings?: DiagnosisSummary[];
  /** The diagnoses the remediation plan was built from. */
  initialFindings?: DiagnosisSummary[];
  /** The remediation stages proposed so far, in order, with what came of each. */
  stages?: StageRecord[];
  /** What the user reported doing, on which machine, with what result, oldest first. */
  attempts?: Attempt[];
  survey?: SurveyResult;
  /** How the case ended; `null` when it is reopened (it has not ended any more). */
  outcome?: CaseOutcome | null;
  /** One line for the case timeline (who did what). */
  timeline?: { actor: 'user' | 'bot' | 'engineer'; event: TimelineEvent };
}

/** What the user reported after a stage: fixed, still failing, or could not do it (skipped). */
export type StageOutcome = 'fixed' | 'failed' | 'skipped';

/** A stage of the case's remediation: the plan's entry plus what came of it (absent while proposed). */
export interface StageRecord extends PlanStage {
  outcome?: StageOutcome;
  /** The error the user reported with the outcome (e.g. a code pasted after a failed retry). */
  errorCode?: string;
  /**
   * Skipped without being proposed: what the stage needs is ruled out (no log names a missing package; the
   * user has no installation media). The outcome is then 'skipped'.
   */
  ruledOut?: StageNeed;
}

export interface SurveyResult {
  /** 1 (poor) to 5 (excellent). */
  score: number;
  comment?: string;
}

/**
 * How the case ended: `resolved` (a stage fixed it or the new logs were clean), `unresolved` (archived
 * with consent while still failing), `no-reply` (archived after the reminders), `cancelled` (withdrawn
 * by the user), `new-case` (archived because the user started another case).
 */
export type CaseOutcome = 'resolved' | 'unresolved' | 'no-reply' | 'cancelled' | 'new-case';

/** What failed, as the user confirmed it on the problem-definition card. */
export interface ProblemDefinition {
  kbNumbers: string[];
  errorCodes: string[];
  machineCount?: number;
  os?: string;
  since?: string;
  impact?: string;
  contact?: string;
  description: string;
  /** Where the user said the machines get their updates ("走行内WSUS"); the logs' policy may say otherwise. */
  updateSource?: Environment;
}

/**
 * Files the bot can send a user (see src/uploads/files.ts): its own, or `shared:<id>`, a file an engineer
 * gave the case.
 */
export type FileId = 'collector-kit' | 'update-reset' | `shared:${string}`;

/** Why a case goes to an engineer. */
/** Why a case went to the engineers; 'undeliverable': the bot's messages could not reach the user. */
export type EscalationReason =
  'user-request' | 'out-of-stages' | 'inconclusive' | 'low-survey' | 'rule' | 'undeliverable';

/** What the user side of a case sends the engineer who took it over (posted in the case's thread). */
export type RelayedMessage =
  | { kind: 'text'; text: string }
  | { kind: 'file'; name: string }
  | { kind: 'upload'; name: string; uploadId: string }
  | { kind: 'diagnosis'; machine: string; errorCode: string | null; symbolicName: string | null }
  /** The user did not agree to the closure the engineer proposed: the case is back with them. */
  | { kind: 'closureDeclined' }
  /** Every stage had been tried; the user's words (`text`) opened stage `number` again and the bot goes on. */
  | { kind: 'planResumed'; text: string; number: number; title: { en: string; 'zh-CN': string } };

/**
 * A timeline entry as data: a catalog key under `timeline.event.` and its parameters, rendered in the
 * reader's language (src/cases/timeline.ts). Parameters that name a stage or an action carry both
 * languages (`{ en, zh-CN }`).
 */
export interface TimelineEvent {
  key: string;
  params?: Record<string, string | number | { en: string; 'zh-CN': string }>;
  /** `key: 'attempt'`: what the user reported doing, told like the summary's progress. */
  attempt?: Attempt;
}
