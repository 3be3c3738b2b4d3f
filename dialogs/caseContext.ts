/**
 * What the case machine remembers (its context), what it is given (input, the runner's inputs at its edge), and
 * the steps a user is asked to act in. Types only, and the key of the reminder timer.
 */
import type { DiagnosisSummary } from '../src/domain/diagnosis';
import type { Locale } from '../src/domain/locale';
import type { UploadEntry } from './logs';
import type { RemediationState } from '../src/domain/plan';
import type { ProblemDraft } from './problem';
import type { PendingReport } from './reports';

/**
 * The reminders on silence of the current step: armed (the next one is scheduled), not armed, or paused
 * by the user (none until they say "continue"). Snapshots of version 1 may hold 'spent' (read as 'none').
 */
export type NudgeState = 'none' | 'pending' | 'paused';

/** The step a user is asked to act in; an archived case is reopened where it was. */
export type Step =
  | 'problem'
  | 'scope'
  | 'logs'
  | 'diagnosed'
  | 'remediation'
  | 'verify'
  | 'exhausted'
  | 'closing'
  | 'monitoring';

export interface CaseContext {
  locale: Locale;
  /** Set once the first problem description opened a case. */
  caseNumber?: string;
  /** The problem as drafted from chat, or as confirmed once `problemConfirmed`. */
  problem: ProblemDraft;
  problemConfirmed: boolean;
  scopeConfirmed: boolean;
  /** The user's corrections to the scope, oldest first, shown on the scope card. */
  scopeCorrections: string[];
  nudge: NudgeState;
  /** True once the user picked a language explicitly; until then the bot follows how they write. */
  localeChosen?: boolean;
  /** The collector kit was sent once in this case (it stays downloadable from the upload page). */
  collectorOffered?: boolean;
  /** The case's uploads, oldest first. Absent in snapshots from before uploads existed (read as empty). */
  uploads?: UploadEntry[];
  /** The latest diagnosis of each machine. Absent like `uploads` in older snapshots. */
  diagnoses?: DiagnosisSummary[];
  /** The step the user was last asked to act in (reminders name it; reopening returns to it). */
  step?: Step;
  /** The remediation stages, from the first complete diagnosis with a plan on. */
  remediation?: RemediationState;
  /** New logs that name no host and match no machine of the case: held until the user says whose they are. */
  heldLogs?: DiagnosisSummary;
  /**
   * The case (its number) whose user said "先处理这一台" while logs were still being read: the case goes on
   * with the machines diagnosed once those logs are. Kept by number, so a new case never inherits it.
   */
  proceedNoted?: string;
  /** A report whose machines or result the user's words left open: the question card asks for them. */
  pendingReport?: PendingReport;
  /** Index of the stage whose files (scripts) were already offered. */
  stageFilesOffered?: number;
  /** Set when closure is proposed: a stage fixed it or the new logs were clean. */
  resolved?: boolean;
  /** The engineer who has taken the case over (while the conversation is with them). */
  engineer?: string;
  /**
   * The engineer region waits for an engineer (`active.engineer.waiting`; written by its entries only): saves
   * keep the status "awaiting engineer" until one takes the case, it is handed back or it ends.
   */
  escalated?: boolean;
}

export interface CaseInput {
  locale: Locale;
}

/**
 * What a turn needs from outside the machine, given at its edge by the conversation runner (caseRuntime.ts):
 * case numbers are issued, reminder delays configured. The machine itself never holds or calls these.
 */
export interface CaseRuntime {
  newCaseNumber(): string;
  settings: {
    /**
     * Reminders on silence, as delays after the user's last activity in a step, ascending (default
     * 2, 4, 7 and 8 days): the first asks about the step, the middle ones whether help is still needed,
     * the one before last warns that the case will be archived, the last archives it.
     */
    followUpsMs: readonly number[];
  };
}

export const NUDGE_KEY = 'nudge';
