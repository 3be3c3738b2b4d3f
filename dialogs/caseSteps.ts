/**
 * The phases of an open case (compound states under the machine's `active.open`) and their steps. A step
 * owns the answers it understands; a phase owns the events that concern all of its steps (the results of
 * log jobs); what neither understands bubbles up to `active` (caseMachine.ts). Phases carry ids, so a
 * step leads into another phase as `#logs.awaiting`. The survey and the archived case: caseEndSteps.ts.
 */
import { and, assign, not, or } from 'xstate';
import type { CaseContext } from './caseContext';
import type { MachineEvent } from './events';
import { reopenedCurrent } from '../src/domain/plan';
import {
  COMPARED_RESULTS,
  FAILS_AGAIN,
  CONFIRM_PROBLEM,
  ACCEPT_SCOPE,
  ACCEPT_CLOSURE,
  LOG_RESULTS,
  LOG_RESULTS_BEFORE_REMEDIATION,
  LOG_RESULTS_BEFORE_SCOPE,
  SHOW_DIAGNOSIS,
  STAGE_ANSWERS,
  STAGE_REPORTS,
  REPORT_CHOICES,
  VERIFY_REPORTS,
  waitsForUser,
  STAGE_CIRCUMSTANCES,
  STAGE_RULED_OUT,
  STAGE_CONFIRMED,
  VERIFY_CIRCUMSTANCES,
  EXHAUSTED_CIRCUMSTANCES,
  WHICH_MACHINE_SAID,
  WHICH_MACHINE_AGAIN,
} from './caseTransitions';

/** What failed and its scope: asked for, the problem as the user describes it (its card), the scope. */
export const PROBLEM_PHASE = {
  id: 'problem',
  initial: 'asking',
  on: LOG_RESULTS_BEFORE_SCOPE,
  states: {
    // No case yet: the bot asks what failed.
    asking: {
      entry: 'askForProblem',
      on: {
        'user.message': [
          {
            guard: and(['describesProblem', 'isPlainText']),
            target: 'defining',
            actions: ['followWrittenLanguage', 'takeProblemDraft', 'allocateCaseNumber', 'openCase'],
          },
          { guard: 'isPlainText', actions: 'askForMoreDetails' },
        ],
      },
    },
    defining: {
      ...waitsForUser('problem', 'showProblemCard'),
      on: {
        'problem.confirm': { target: 'scope', actions: CONFIRM_PROBLEM },
        'user.message': [
          { guard: 'isYes', target: 'scope', actions: CONFIRM_PROBLEM },
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
    scope: {
      ...waitsForUser('scope', 'showScope'),
      on: {
        'scope.accept': { target: '#logs.awaiting', actions: ACCEPT_SCOPE },
        'scope.correct': [
          {
            guard: 'hasScopeComment',
            target: 'scope',
            reenter: true,
            actions: ['recordScopeCorrection', 'saveScopeCorrection', 'acknowledgeScopeCorrection'],
          },
          { actions: ['askScopeCorrection', 'refreshNudge'] },
        ],
        'user.message': [
          {
            // "不用了" / "没有" answer the card's "anything to change?": nothing, so it is accepted.
            guard: or(['isYes', 'needsNoChanges']),
            target: '#logs.awaiting',
            actions: ACCEPT_SCOPE,
          },
          { guard: 'isNo', actions: ['askScopeCorrection', 'refreshNudge'] },
          {
            guard: 'isPlainText',
            target: 'scope',
            reenter: true,
            actions: ['recordScopeCorrection', 'saveScopeCorrection', 'acknowledgeScopeCorrection'],
          },
        ],
      },
    },
  },
} as const;

/**
 * While logs are awaited or read: a question about the collector, the upload, the other machines' logs,
 * the analysis or the KB gets its answer; contact details sent on their own update the case's contact.
 */
const LOG_QUESTIONS = [
  { guard: and(['isPlainText', 'asksLogQuestion']), actions: ['answerLogQuestion', 'refreshNudge'] },
  { guard: and(['isPlainText', 'givesContact']), actions: ['takeContact', 'noteContact', 'refreshNudge'] },
] as const;

/**
 * "先处理这一台" while the other machines' logs are awaited: the case goes on with the machines diagnosed
 * so far — their plan, or the engineers when they show nothing conclusive. Nothing diagnosed yet: the answer
 * says so (LOG_QUESTIONS); logs still being read: noted, and acted on when they are (NOTE_PROCEED).
 */
const GO_ON_WITH_DIAGNOSED = ['proceedWithReceived', 'saveProceed', 'summariseDiagnoses'] as const;
const PROCEED = ['acknowledgeProceed', ...GO_ON_WITH_DIAGNOSED] as const;
const START_REMEDIATION = [
  'startRemediation',
  'saveRemediationStart',
  'introduceRemediation',
  { type: 'escalateFor', params: { reason: 'rule', ifPlanAsks: true } },
  'wantEngineerIfPlanAsks',
] as const;
const PROCEED_WITH_RECEIVED = [
  {
    guard: and(['isPlainText', 'asksToProceed', 'hasDiagnosisToProceed', 'planAfter']),
    target: '#remediation.stage',
    actions: [...PROCEED, ...START_REMEDIATION],
  },
  {
    guard: and(['isPlainText', 'asksToProceed', 'hasDiagnosisToProceed']),
    target: '#logs.diagnosed',
    actions: [...PROCEED, 'wantEngineer', { type: 'escalateFor', params: { reason: 'inconclusive' } }],
  },
] as const;

/**
 * "先处理这一台" while logs are still being read: remembered (for this case) and said so; when the last of
 * them is read, the case goes on with the machines diagnosed as it would had the user said it then — and
 * the user is reminded it was their word. All machines in by then: the case goes on as it would anyway.
 */
const noteProceed = assign<CaseContext, MachineEvent, undefined, MachineEvent, never>({
  proceedNoted: ({ context }) => context.caseNumber,
});
const dropProceed = assign<CaseContext, MachineEvent, undefined, MachineEvent, never>({
  proceedNoted: () => undefined,
});
const NOTE_PROCEED = {
  guard: and(['isPlainText', 'asksToProceed', 'hasUploadsInFlight']),
  actions: [noteProceed, 'acknowledgeProceedNoted'],
} as const;
const PROCEED_AS_NOTED = [
  {
    guard: and(['isKnownUpload', 'proceedsAsNoted', 'planAfter']),
    target: '#remediation.stage',
    actions: [
      ...SHOW_DIAGNOSIS,
      dropProceed,
      'acknowledgeProceedAsNoted',
      ...GO_ON_WITH_DIAGNOSED,
      ...START_REMEDIATION,
    ],
  },
  {
    guard: and(['isKnownUpload', 'proceedsAsNoted']),
    target: '#logs.diagnosed',
    actions: [
      ...SHOW_DIAGNOSIS,
      dropProceed,
      'acknowledgeProceedAsNoted',
      ...GO_ON_WITH_DIAGNOSED,
      'wantEngineer',
      { type: 'escalateFor', params: { reason: 'inconclusive' } },
    ],
  },
] as const;

/**
 * Logs: waiting for them (the log-collection card: how to collect, the upload link, N of M machines
 * received), diagnosing the bundles that arrived, every machine diagnosed. The phase takes the jobs'
 * results: where they lead depends on the uploads and diagnoses after the event (phaseAfter), not on
 * the step they arrive in.
 */
export const LOGS_PHASE = {
  id: 'logs',
  initial: 'awaiting',
  on: { ...LOG_RESULTS, 'diagnosis.done': [...PROCEED_AS_NOTED, ...LOG_RESULTS['diagnosis.done']] },
  states: {
    awaiting: {
      ...waitsForUser('logs', 'offerLogCollection', 'markCollectorOffered'),
      on: {
        'user.message': [
          ...PROCEED_WITH_RECEIVED,
          ...LOG_QUESTIONS,
          { guard: 'isPlainText', actions: ['remindLogs', 'refreshNudge'] },
        ],
        // A result that leaves the case waiting for logs: no re-entry, so a spent reminder stays spent.
        'diagnosis.done': [
          ...PROCEED_AS_NOTED,
          {
            guard: and(['isKnownUpload', 'leadsToAwaitingLogs']),
            actions: [...SHOW_DIAGNOSIS, 'reportDiagnosisProgress', 'refreshNudge'],
          },
        ],
        'diagnosis.failed': {
          guard: and(['isKnownUpload', 'leadsToAwaitingLogs']),
          actions: ['recordFailure', 'explainDiagnosisFailure', 'updateLogCard', 'refreshNudge'],
        },
      },
    },
    // Uploads are being read; the job runner shows their progress, results arrive as events. Entered with
    // nothing left to read (a case reopened after its results came in), the case waits for logs again.
    diagnosing: {
      entry: ['presentDiagnosing', { type: 'enterStep', params: { step: 'logs' } }],
      always: { guard: not('hasUploadsInFlight'), target: 'awaiting' },
      on: {
        'user.message': [
          NOTE_PROCEED,
          ...LOG_QUESTIONS,
          { guard: 'isPlainText', actions: 'remindDiagnosing' },
        ],
        // The diagnosis card's "more logs" while others are read: the collection card again.
        'logs.more': { actions: 'offerLogCollection' },
      },
    },
    // Every expected machine has a diagnosis but none points to a remediation plan (nothing conclusive):
    // more logs or an engineer.
    diagnosed: {
      ...waitsForUser('diagnosed', 'presentDiagnoses'),
      on: {
        'user.message': [
          ...LOG_QUESTIONS,
          { guard: 'isPlainText', actions: ['remindDiagnosed', 'refreshNudge'] },
        ],
      },
    },
  },
} as const;

/**
 * A message about another update than the case's ("另一个补丁 KB5012170 又失败了"): not read as this case's
 * result; the bot says each problem gets its own case and asks how the case's own update is doing.
 */
const OTHER_KB = {
  guard: and(['isPlainText', 'namesOnlyOtherKb']),
  actions: ['askAboutCaseKb', 'refreshNudge'],
} as const;

/**
 * Remediation: a stage proposed (its card, its scripts; the user reports how it went), its outcome
 * verified, the stages exhausted. New logs are compared with the first diagnosis (COMPARED_RESULTS).
 */
export const REMEDIATION_PHASE = {
  id: 'remediation',
  initial: 'stage',
  on: COMPARED_RESULTS,
  states: {
    stage: {
      ...waitsForUser('remediation', 'presentStage', 'offerStageFiles', 'markStageFilesOffered'),
      // A stage card's buttons and the same answers in words ("好了", "还是不行 0x800f081f", "做不了").
      on: {
        'stage.fixed': STAGE_ANSWERS,
        'stage.failed': STAGE_ANSWERS,
        'stage.cannot': STAGE_ANSWERS,
        'report.choose': REPORT_CHOICES,
        'user.message': [
          WHICH_MACHINE_SAID,
          OTHER_KB,
          ...STAGE_REPORTS,
          // "没有安装介质" at the stage that needs media: passed over for that reason (media later reopens it).
          ...STAGE_RULED_OUT,
          ...STAGE_CONFIRMED,
          ...STAGE_ANSWERS,
          ...STAGE_CIRCUMSTANCES,
          // "脚本被拦截了", "会影响业务吗", "正在重启，等下告诉你": answered, not the reminder again.
          {
            guard: and(['isPlainText', 'asksStageQuestion']),
            actions: ['answerStageQuestion', 'refreshNudge'],
          },
          WHICH_MACHINE_AGAIN,
          { guard: 'isPlainText', actions: ['remindStage', 'refreshNudge'] },
        ],
      },
    },
    // A stage did not help: new logs to compare, the next stage, or an engineer.
    verify: {
      ...waitsForUser('verify', 'presentVerify'),
      on: {
        'verify.next': [
          {
            guard: 'hasNextStage',
            target: 'stage',
            actions: [{ type: 'freezeVerify', params: { answer: 'next' } }, 'advanceStage'],
          },
          {
            target: 'exhausted',
            actions: [
              { type: 'freezeVerify', params: { answer: 'next' } },
              'wantEngineer',
              'escalateOutOfStages',
            ],
          },
        ],
        'verify.logs': {
          actions: [{ type: 'freezeVerify', params: { answer: 'logs' } }, 'offerNewLogs', 'refreshNudge'],
        },
        'report.choose': REPORT_CHOICES,
        'user.message': [
          WHICH_MACHINE_SAID,
          OTHER_KB,
          VERIFY_REPORTS.question,
          VERIFY_REPORTS.resolves,
          {
            guard: and(['isPlainText', 'reportsWorked']),
            target: '#closure.proposing',
            actions: [
              { type: 'markStage', params: { outcome: 'fixed' } },
              'saveStageOutcome',
              'markResolved',
            ],
          },
          {
            guard: and(['asksForNext', 'hasNextStage']),
            target: 'stage',
            actions: [{ type: 'freezeVerify', params: { answer: 'next' } }, 'advanceStage'],
          },
          {
            guard: 'asksForNext',
            target: 'exhausted',
            actions: [
              { type: 'freezeVerify', params: { answer: 'next' } },
              'wantEngineer',
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
          ...VERIFY_CIRCUMSTANCES,
          WHICH_MACHINE_AGAIN,
          { guard: 'isPlainText', actions: ['remindVerify', 'refreshNudge'] },
        ],
      },
    },
    // Every stage tried or skipped: the case is with the engineers; the user can still report or send logs.
    exhausted: {
      ...waitsForUser('exhausted', 'presentExhausted'),
      on: {
        'user.message': [
          WHICH_MACHINE_SAID,
          OTHER_KB,
          VERIFY_REPORTS.resolves,
          {
            guard: and(['isPlainText', 'reportsWorked']),
            target: '#closure.proposing',
            actions: ['markResolved'],
          },
          { guard: 'isNo', target: '#closure.proposing', actions: 'markUnresolved' },
          ...EXHAUSTED_CIRCUMSTANCES,
          WHICH_MACHINE_AGAIN,
          { guard: 'isPlainText', actions: ['remindExhausted', 'refreshNudge'] },
        ],
      },
    },
  },
} as const;

/**
 * A failing machine new to the case while closure is proposed or watched (not an engineer's closure): the
 * proposal is withdrawn (its card says so) and work goes back to the stage that fixed the others, open
 * again for that machine.
 */
const reopenCurrentStage = assign<CaseContext, MachineEvent, undefined, MachineEvent, never>({
  remediation: ({ context }) => context.remediation && reopenedCurrent(context.remediation),
});
const NEW_MACHINE_REOPENS = {
  guard: and(['isKnownUpload', 'remediationStarted', 'comparesNewMachine', not('closedByEngineer')]),
  target: '#remediation.stage',
  actions: [
    ...SHOW_DIAGNOSIS,
    'withdrawClosure',
    'saveComparison',
    'addMachine',
    reopenCurrentStage,
    'markUnresolved',
  ],
} as const;

/**
 * Closure proposed (a stage fixed it, new logs were clean, or the engineer proposes it): the user consents
 * to archiving (the survey follows) or wants to watch a while. New logs are compared as in remediation; a
 * closure the engineer proposed before any remediation still takes logs as the log steps do.
 */
export const CLOSURE_PHASE = {
  id: 'closure',
  initial: 'proposing',
  on: {
    'upload.received': LOG_RESULTS_BEFORE_REMEDIATION['upload.received'],
    'diagnosis.done': [
      // Logs naming no host are asked about first (which terminal?); then a new failing machine reopens work.
      ...COMPARED_RESULTS['diagnosis.done'].slice(0, 1),
      NEW_MACHINE_REOPENS,
      ...COMPARED_RESULTS['diagnosis.done'].slice(1),
      ...LOG_RESULTS_BEFORE_REMEDIATION['diagnosis.done'],
    ],
    'diagnosis.failed': LOG_RESULTS_BEFORE_REMEDIATION['diagnosis.failed'],
    'logs.machine-chosen': COMPARED_RESULTS['logs.machine-chosen'],
  },
  states: {
    proposing: {
      ...waitsForUser('closing', 'presentClosure'),
      on: {
        'closure.accept': { target: '#case.active.steps.survey', actions: ACCEPT_CLOSURE },
        'closure.decline': [
          {
            guard: 'closedByEngineer',
            target: '#case.withEngineer',
            actions: ['freezeClosureDeclined', 'backToEngineer'],
          },
          { target: 'monitoring', actions: 'freezeClosureDeclined' },
        ],
        'user.message': [
          WHICH_MACHINE_SAID,
          { guard: 'isYes', target: '#case.active.steps.survey', actions: ACCEPT_CLOSURE },
          // The engineer proposed closing and the user does not agree ("还没解决，先别归档"): back to the
          // engineer, with the user's words.
          {
            guard: and(['closedByEngineer', or(['isNo', 'isPlainText'])]),
            target: '#case.withEngineer',
            actions: ['freezeClosureDeclined', 'backToEngineer', 'relayToEngineer'],
          },
          { guard: 'isNo', target: 'monitoring', actions: 'freezeClosureDeclined' },
          FAILS_AGAIN,
          WHICH_MACHINE_AGAIN,
          { guard: 'isPlainText', actions: ['remindClosing', 'refreshNudge'] },
        ],
      },
    },
    // The user wants to keep the case open a while (watching the next patch day, say).
    monitoring: {
      ...waitsForUser('monitoring', 'presentMonitoring'),
      on: {
        'user.message': [
          WHICH_MACHINE_SAID,
          FAILS_AGAIN,
          { guard: and(['isPlainText', 'reportsWorked']), target: 'proposing', actions: 'markResolved' },
          { guard: 'isYes', target: 'proposing' },
          WHICH_MACHINE_AGAIN,
          { guard: 'isPlainText', actions: ['remindClosing', 'refreshNudge'] },
        ],
      },
    },
  },
} as const;
