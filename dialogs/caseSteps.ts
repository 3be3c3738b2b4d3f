/**
 * The steps of an open case (children of the machine's `active` state), by phase. Each step owns the
 * answers it understands; what it does not bubbles up to `active` (caseMachine.ts).
 */
import { and, or } from 'xstate';
import {
  FAILS_AGAIN,
  CONFIRM_PROBLEM,
  ACCEPT_SCOPE,
  ACCEPT_CLOSURE,
  ANSWER_SURVEY,
  SKIP_SURVEY,
  STAGE_ANSWERS,
  STAGE_REPORTS,
  REPORT_CHOICES,
  VERIFY_REPORTS,
  waitsForUser,
} from './caseTransitions';

/** What failed and its scope: the problem as the user describes it, its card, the scope statement. */
export const PROBLEM_STEPS = {
  awaitingProblem: {
    entry: 'askForProblem',
    on: {
      'user.message': [
        {
          guard: and(['describesProblem', 'isPlainText']),
          target: 'definingProblem',
          actions: ['followWrittenLanguage', 'takeProblemDraft', 'allocateCaseNumber', 'openCase'],
        },
        { guard: 'isPlainText', actions: 'askForMoreDetails' },
      ],
    },
  },
  definingProblem: {
    ...waitsForUser('problem', 'showProblemCard'),
    on: {
      'problem.confirm': { target: 'confirmingScope', actions: CONFIRM_PROBLEM },
      'user.message': [
        {
          guard: 'isYes',
          target: 'confirmingScope',
          actions: CONFIRM_PROBLEM,
        },
        { guard: 'isNo', actions: ['askProblemCorrection', 'refreshNudge'] },
        {
          guard: 'isPlainText',
          actions: [
            'applyProblemCorrection',
            'updateProblemCard',
            'acknowledgeProblemCorrection',
            'refreshNudge',
          ],
        },
      ],
    },
  },
  confirmingScope: {
    ...waitsForUser('scope', 'showScope'),
    on: {
      'scope.accept': { target: 'awaitingLogs', actions: ACCEPT_SCOPE },
      'scope.correct': [
        {
          guard: 'hasScopeComment',
          target: 'confirmingScope',
          reenter: true,
          actions: ['recordScopeCorrection', 'saveScopeCorrection', 'acknowledgeScopeCorrection'],
        },
        { actions: ['askScopeCorrection', 'refreshNudge'] },
      ],
      'user.message': [
        {
          // "不用了" / "没有" answer the card's "anything to change?": nothing, so it is accepted.
          guard: or(['isYes', 'needsNoChanges']),
          target: 'awaitingLogs',
          actions: ACCEPT_SCOPE,
        },
        { guard: 'isNo', actions: ['askScopeCorrection', 'refreshNudge'] },
        {
          guard: 'isPlainText',
          target: 'confirmingScope',
          reenter: true,
          actions: ['recordScopeCorrection', 'saveScopeCorrection', 'acknowledgeScopeCorrection'],
        },
      ],
    },
  },
  // The log-collection card (how to collect, the upload link, N of M machines received) and a reminder.
} as const;

/** Logs: waiting for them, diagnosing the bundles that arrived, every machine diagnosed. */
export const LOG_STEPS = {
  awaitingLogs: {
    ...waitsForUser('logs', 'offerLogCollection', 'markCollectorOffered'),
    on: {
      'user.message': { guard: 'isPlainText', actions: ['remindLogs', 'refreshNudge'] },
    },
  },
  // Uploads are being read; the job runner shows their progress, results arrive as events.
  diagnosing: {
    entry: ['presentDiagnosing', { type: 'enterStep', params: { step: 'logs' } }],
    on: {
      'user.message': { guard: 'isPlainText', actions: 'remindDiagnosing' },
    },
  },
  // Every expected machine has a diagnosis but none points to a remediation plan (nothing conclusive):
  // more logs or an engineer.
  diagnosed: {
    ...waitsForUser('diagnosed', 'presentDiagnoses'),
    on: {
      'user.message': { guard: 'isPlainText', actions: ['remindDiagnosed', 'refreshNudge'] },
    },
  },
  // One stage of the plan is proposed (its card, its scripts); the user reports how it went.
} as const;

/** Remediation: a stage proposed, its outcome verified, the stages exhausted. */
export const REMEDIATION_STEPS = {
  remediating: {
    ...waitsForUser('remediation', 'presentStage', 'offerStageFiles', 'markStageFilesOffered'),
    // A stage card's buttons and the same answers in words ("好了", "还是不行 0x800f081f", "做不了").
    on: {
      'stage.fixed': STAGE_ANSWERS,
      'stage.failed': STAGE_ANSWERS,
      'stage.cannot': STAGE_ANSWERS,
      'report.choose': REPORT_CHOICES,
      'user.message': [
        ...STAGE_REPORTS,
        ...STAGE_ANSWERS,
        { guard: 'isPlainText', actions: ['remindStage', 'refreshNudge'] },
      ],
    },
  },
  // A stage did not help: new logs to compare, the next stage, or an engineer.
  verifying: {
    ...waitsForUser('verify', 'presentVerify'),
    on: {
      'verify.next': [
        {
          guard: 'hasNextStage',
          target: 'remediating',
          actions: [{ type: 'freezeVerify', params: { answer: 'next' } }, 'advanceStage'],
        },
        {
          target: 'exhausted',
          actions: [
            { type: 'freezeVerify', params: { answer: 'next' } },
            'markEscalated',
            'escalateOutOfStages',
          ],
        },
      ],
      'verify.logs': {
        actions: [{ type: 'freezeVerify', params: { answer: 'logs' } }, 'offerNewLogs', 'refreshNudge'],
      },
      'report.choose': REPORT_CHOICES,
      'user.message': [
        VERIFY_REPORTS.question,
        VERIFY_REPORTS.resolves,
        {
          guard: and(['isPlainText', 'reportsWorked']),
          target: 'closing',
          actions: [{ type: 'markStage', params: { outcome: 'fixed' } }, 'saveStageOutcome', 'markResolved'],
        },
        {
          guard: and(['asksForNext', 'hasNextStage']),
          target: 'remediating',
          actions: [{ type: 'freezeVerify', params: { answer: 'next' } }, 'advanceStage'],
        },
        {
          guard: 'asksForNext',
          target: 'exhausted',
          actions: [
            { type: 'freezeVerify', params: { answer: 'next' } },
            'markEscalated',
            'escalateOutOfStages',
          ],
        },
        // "DISM 跑完了，还是 0x800f081f": a new error for the stage is recorded, and new logs suggested.
        {
          guard: and(['isPlainText', 'reportsNewCode', 'reportsOtherAttempt']),
          actions: [
            'freezeReportQuestion',
            'applyReport',
            'saveStageOutcome',
            'acknowledgeReport',
            'acknowledgeNewCode',
            'refreshNudge',
          ],
        },
        {
          guard: and(['isPlainText', 'reportsNewCode']),
          actions: [
            { type: 'markStage', params: { outcome: 'failed' } },
            'saveStageOutcome',
            'acknowledgeNewCode',
            'refreshNudge',
          ],
        },
        // "还是不行" again: noted (per machine), and the open question repeated.
        {
          guard: and(['isPlainText', 'reportFailsStage']),
          actions: [
            'freezeReportQuestion',
            'applyReport',
            'saveStageOutcome',
            'acknowledgeReport',
            'remindVerify',
            'refreshNudge',
          ],
        },
        VERIFY_REPORTS.noted,
        { guard: 'isPlainText', actions: ['remindVerify', 'refreshNudge'] },
      ],
    },
  },
  // Every stage tried or skipped: the case is with the engineers; the user can still report or send logs.
  exhausted: {
    ...waitsForUser('exhausted', 'presentExhausted'),
    on: {
      'user.message': [
        VERIFY_REPORTS.resolves,
        {
          guard: and(['isPlainText', 'reportsWorked']),
          target: 'closing',
          actions: ['markResolved'],
        },
        { guard: 'isNo', target: 'closing', actions: 'markUnresolved' },
        { guard: 'isPlainText', actions: ['remindExhausted', 'refreshNudge'] },
      ],
    },
  },
  // Closure proposed: the user consents to archiving (survey and summary follow) or not yet.
} as const;

/** Closure: consent, watching a while, the survey, archived, and reopening where the case was. */
export const CLOSURE_STEPS = {
  closing: {
    ...waitsForUser('closing', 'presentClosure'),
    on: {
      'closure.accept': { target: 'survey', actions: ACCEPT_CLOSURE },
      'closure.decline': [
        {
          guard: 'closedByEngineer',
          target: '#case.withEngineer',
          actions: ['freezeClosureDeclined', 'backToEngineer'],
        },
        { target: 'monitoring', actions: 'freezeClosureDeclined' },
      ],
      'user.message': [
        {
          guard: 'isYes',
          target: 'survey',
          actions: ACCEPT_CLOSURE,
        },
        // The engineer proposed closing and the user does not agree ("还没解决，先别归档"): back to the
        // engineer, with the user's words.
        {
          guard: and(['closedByEngineer', or(['isNo', 'isPlainText'])]),
          target: '#case.withEngineer',
          actions: ['freezeClosureDeclined', 'backToEngineer', 'relayToEngineer'],
        },
        { guard: 'isNo', target: 'monitoring', actions: 'freezeClosureDeclined' },
        FAILS_AGAIN,
        { guard: 'isPlainText', actions: ['remindClosing', 'refreshNudge'] },
      ],
    },
  },
  // The user wants to keep the case open a while (watching the next patch day, say).
  monitoring: {
    ...waitsForUser('monitoring', 'presentMonitoring'),
    on: {
      'user.message': [
        FAILS_AGAIN,
        { guard: and(['isPlainText', 'reportsWorked']), target: 'closing', actions: 'markResolved' },
        { guard: 'isYes', target: 'closing' },
        { guard: 'isPlainText', actions: ['remindClosing', 'refreshNudge'] },
      ],
    },
  },
  // Archived with consent: the survey, then the case summary.
  survey: {
    entry: 'presentSurvey',
    on: {
      'survey.submit': [
        { guard: 'hasSurveyScore', target: 'archived', actions: ANSWER_SURVEY },
        { actions: 'remindSurvey' },
      ],
      'survey.skip': { target: 'archived', actions: SKIP_SURVEY },
      'user.message': [
        {
          guard: 'hasSurveyScore',
          target: 'archived',
          actions: ANSWER_SURVEY,
        },
        {
          guard: 'asksToSkip',
          target: 'archived',
          actions: SKIP_SURVEY,
        },
        { guard: 'isPlainText', actions: 'remindSurvey' },
      ],
    },
  },
  // Archived (with consent, after the reminders, or cancelled). Reopening returns to the step it left.
  archived: {
    on: {
      'user.message': [
        {
          guard: or(['asksToReopen', 'asksToContinue']),
          target: 'reopening',
        },
        {
          guard: and(['describesProblem', 'isPlainText']),
          target: 'definingProblem',
          actions: [
            'clearCase',
            'followWrittenLanguage',
            'takeProblemDraft',
            'allocateCaseNumber',
            'openCase',
          ],
        },
        { guard: 'asksForNewCase', target: 'awaitingProblem', actions: 'clearCase' },
        { guard: 'isPlainText', actions: 'explainArchived' },
      ],
      'summary.reopen': { target: 'reopening' },
      'greeting.continue': { target: 'reopening' },
      'greeting.new-case': { target: 'awaitingProblem', actions: 'clearCase' },
      'file.received': { actions: 'explainArchived' },
    },
  },
  // Transient: picks the step an archived case returns to.
  reopening: {
    entry: 'reopenCase',
    always: [
      { guard: { type: 'stepIs', params: { step: 'scope' } }, target: 'confirmingScope' },
      { guard: { type: 'stepIs', params: { step: 'logs' } }, target: 'awaitingLogs' },
      { guard: { type: 'stepIs', params: { step: 'diagnosed' } }, target: 'diagnosed' },
      { guard: { type: 'stepIs', params: { step: 'remediation' } }, target: 'remediating' },
      { guard: { type: 'stepIs', params: { step: 'verify' } }, target: 'verifying' },
      { guard: { type: 'stepIs', params: { step: 'exhausted' } }, target: 'exhausted' },
      { guard: { type: 'stepIs', params: { step: 'closing' } }, target: 'closing' },
      { guard: { type: 'stepIs', params: { step: 'monitoring' } }, target: 'monitoring' },
      { target: 'definingProblem' },
    ],
  },
} as const;
