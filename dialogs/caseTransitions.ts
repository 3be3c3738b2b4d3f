/**
 * Transitions the case machine's states share: how a step waits for its user, a step's answers on its
 * card or in words, the stale-card answer, the stage answers, the results of log jobs by phase.
 */

import { and, not, or } from 'xstate';
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
  target: '#remediation.verify',
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
  'releaseEngineer',
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
  { guard: 'hasOpenCase', actions: ['wantEngineer', 'requestEngineer', 'refreshNudge'] },
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
  { guard: 'reportResolvesAll', target: '#closure.proposing', actions: REPORT_RESOLVES },
  { guard: 'reportFailsStage', target: '#remediation.verify', actions: REPORT_FAILS },
  { guard: 'reportsOtherAttempt', actions: REPORT_NOTED },
  STALE_CARD,
] as const;

/** A report in words while a stage is proposed. */
export const STAGE_REPORTS = [
  {
    guard: and(['isPlainText', 'reportIsQuestion']),
    actions: ['holdReport', 'askAboutReport', 'refreshNudge'],
  },
  {
    guard: and(['isPlainText', 'reportResolvesAll']),
    target: '#closure.proposing',
    actions: REPORT_RESOLVES,
  },
  { guard: and(['isPlainText', 'reportFailsStage']), target: '#remediation.verify', actions: REPORT_FAILS },
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
    target: '#closure.proposing',
    actions: [
      { type: 'markStage', params: { outcome: 'fixed' } },
      'freezeStage',
      'saveStageOutcome',
      'markResolved',
    ],
  },
  {
    guard: 'reportsStillFails',
    target: '#remediation.verify',
    actions: [{ type: 'markStage', params: { outcome: 'failed' } }, 'freezeStage', 'saveStageOutcome'],
  },
  {
    guard: { type: 'reportsCannotWithNext' },
    target: '#remediation.stage',
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
    target: '#remediation.exhausted',
    actions: [
      { type: 'markStage', params: { outcome: 'skipped' } },
      'freezeStage',
      'saveStageOutcome',
      'wantEngineer',
      'escalateOutOfStages',
    ],
  },
] as const;

/** What every diagnosis result does first: keep it, show its card, save it on the record, update the log card. */
export const SHOW_DIAGNOSIS = ['recordDiagnosis', 'showDiagnosis', 'saveDiagnosis', 'updateLogCard'] as const;

/**
 * The log steps' job results (the `logs` phase): a new bundle is read; a result leads to the first
 * remediation stage (every machine diagnosed, with a plan), to `diagnosed` (no plan: an engineer looks at
 * it, the user may still send more logs), on diagnosing, or back to waiting for logs. `only`: the guard
 * under which the steps take logs.
 */
function logResults(only: 'scopeAccepted' | 'takesLogsBeforeRemediation' | 'hasOpenCase') {
  return {
    'upload.received': {
      guard: and([only, not('isDuplicateUpload')]),
      target: '#logs.diagnosing',
      actions: ['recordUpload', 'acknowledgeUpload', 'saveUploadReceived', 'updateLogCard'],
    },
    'diagnosis.done': [
      {
        guard: and([only, 'isKnownUpload', 'leadsToDiagnosed', 'planAfter']),
        target: '#remediation.stage',
        actions: [
          ...SHOW_DIAGNOSIS,
          'summariseDiagnoses',
          'startRemediation',
          'saveRemediationStart',
          'introduceRemediation',
          // A cause the knowledge base marks expert-only: the stages start, and an engineer is asked too.
          { type: 'escalateFor', params: { reason: 'rule', ifPlanAsks: true } },
          'wantEngineerIfPlanAsks',
        ],
      },
      {
        guard: and([only, 'isKnownUpload', 'leadsToDiagnosed']),
        target: '#logs.diagnosed',
        actions: [
          ...SHOW_DIAGNOSIS,
          'summariseDiagnoses',
          'wantEngineer',
          { type: 'escalateFor', params: { reason: 'inconclusive' } },
        ],
      },
      {
        guard: and([only, 'isKnownUpload', 'leadsToDiagnosing']),
        target: '#logs.diagnosing',
        actions: [...SHOW_DIAGNOSIS, 'reportDiagnosisProgress'],
      },
      {
        guard: and([only, 'isKnownUpload']),
        target: '#logs.awaiting',
        actions: [...SHOW_DIAGNOSIS, 'reportDiagnosisProgress'],
      },
    ],
    'diagnosis.failed': [
      {
        guard: and([only, 'isKnownUpload', 'leadsToDiagnosing']),
        target: '#logs.diagnosing',
        actions: ['recordFailure', 'explainDiagnosisFailure', 'updateLogCard'],
      },
      {
        guard: and([only, 'isKnownUpload']),
        target: '#logs.awaiting',
        actions: ['recordFailure', 'explainDiagnosisFailure', 'updateLogCard'],
      },
    ],
  } as const;
}

export const LOG_RESULTS = logResults('scopeAccepted');

/** The answer to "which terminal": the card frozen with it, the held logs placed and compared. */
const PLACE_HELD_LOGS = ['freezeWhichMachine', 'raisePlacedLogs', 'dropHeldLogs'] as const;

/**
 * New logs once remediation has started (the `remediation` and `closure` phases): compared with the first
 * diagnosis. Clean logs lead to closure, a failure to the next untried stage (or the stages of a newly
 * found cause), none left to an engineer. Logs without a failure from a machine that never failed say
 * nothing of the stage: the step stays. (Bundles and failed reads are noted where the case is: `active`.)
 */
export const COMPARED_RESULTS = {
  'diagnosis.done': [
    // Logs naming no host, several machines in the case: held, and the user asked which terminal they are from.
    {
      guard: and(['isKnownUpload', 'remediationStarted', 'leavesLogsUnplaced']),
      actions: [...SHOW_DIAGNOSIS, 'holdLogs', 'askWhichMachine', 'refreshNudge'],
    },
    // A machine outside the case fails: it joins the case, the user is told; the others' stage stays.
    {
      guard: and(['isKnownUpload', 'remediationStarted', 'comparesNewMachine']),
      actions: [...SHOW_DIAGNOSIS, 'reportComparison', 'saveComparison', 'addMachine', 'refreshNudge'],
    },
    {
      guard: and(['isKnownUpload', 'remediationStarted', 'comparesNoFailure']),
      actions: [...SHOW_DIAGNOSIS, 'reportComparison', 'saveComparison', 'refreshNudge'],
    },
    {
      guard: and(['isKnownUpload', 'remediationStarted', 'comparesClean']),
      target: '#closure.proposing',
      actions: [...SHOW_DIAGNOSIS, 'reportComparison', 'markResolved', 'saveComparison'],
    },
    {
      guard: and(['isKnownUpload', 'remediationStarted', 'leavesStagesToTry']),
      target: '#remediation.stage',
      reenter: true,
      actions: [...SHOW_DIAGNOSIS, 'reportComparison', 'applyComparison', 'saveComparison'],
    },
    {
      guard: and(['isKnownUpload', 'remediationStarted']),
      target: '#remediation.exhausted',
      actions: [
        ...SHOW_DIAGNOSIS,
        'reportComparison',
        'applyComparison',
        'saveComparison',
        'wantEngineer',
        'escalateOutOfStages',
      ],
    },
  ],
  // The answer: the held logs come again as that machine's (or a machine of their own) and are compared.
  'logs.machine-chosen': [{ guard: 'placesHeldLogs', actions: PLACE_HELD_LOGS }, STALE_CARD],
} as const;

/**
 * While held logs wait for "which terminal?" (remediation and closure steps): the answer typed ("0232的",
 * "from 0231", "另一台") places them as the card's buttons do; heard before anything else the step reads.
 */
export const WHICH_MACHINE_SAID = { guard: 'placesHeldLogs', actions: PLACE_HELD_LOGS } as const;

/**
 * Words the step understands no other way while logs are held ("0233的", "2"): the question again, with a
 * hint naming the terminals — heard in the place of the step's own reminder.
 */
export const WHICH_MACHINE_AGAIN = {
  guard: and(['isPlainText', 'holdsLogs']),
  actions: ['askWhichMachineAgain', 'refreshNudge'],
} as const;

/**
 * A closure the engineer proposed before any remediation (they closed during log collection): new logs
 * are taken as the log steps take them. Once remediation has started, they are compared instead.
 */
export const LOG_RESULTS_BEFORE_REMEDIATION = logResults('takesLogsBeforeRemediation');

/**
 * Results of logs the user sent before the problem was confirmed (to an engineer who had the case then):
 * the case goes on from them as the log steps would. Bundles themselves are taken from the scope on.
 */
export const LOG_RESULTS_BEFORE_SCOPE = {
  'diagnosis.done': logResults('hasOpenCase')['diagnosis.done'],
  'diagnosis.failed': logResults('hasOpenCase')['diagnosis.failed'],
};

/** What the user's words about their machines do to the plan: said back and kept on the record first. */
const NOTE_CIRCUMSTANCES = ['acknowledgeCircumstances', 'saveCircumstances', 'takeCircumstances'] as const;

/** Words that change nothing ("我们走WSUS" as the logs show; no media when nothing left needs it): answered. */
const CONFIRMS_PLAN = {
  guard: and(['isPlainText', 'confirmsPlan']),
  actions: [...NOTE_CIRCUMSTANCES, 'refreshNudge'],
} as const;

/**
 * While a stage is proposed, words about the machines that rule it out ("没有安装介质" at the in-place
 * repair): it is frozen as skipped for that reason and work goes on to the next stage (none left: the
 * engineers). Heard before the stage answers, which would take it as "cannot" without the reason.
 */
export const STAGE_RULED_OUT = [
  {
    guard: and(['isPlainText', 'rulesOutStageWithNext']),
    target: '#remediation.stage',
    reenter: true,
    actions: [...NOTE_CIRCUMSTANCES, 'freezeStage', 'advanceStage'],
  },
  {
    guard: and(['isPlainText', 'rulesOutStage']),
    target: '#remediation.exhausted',
    actions: [...NOTE_CIRCUMSTANCES, 'freezeStage', 'wantEngineer', 'escalateOutOfStages'],
  },
] as const;

/**
 * While a stage is proposed, words about the machines that say nothing else ("我们没有安装介质", which the stage
 * answers would take as "cannot"): when they change nothing (no stage left needs media), answered and the
 * stage stays; when they change later stages only (the DISM and in-place repairs behind WSUS, at the reset),
 * taken as any change of plan (STAGE_CIRCUMSTANCES) — the stage at hand is not the one they cannot do.
 */
export const STAGE_CONFIRMED = [
  { ...CONFIRMS_PLAN, guard: and(['isPlainText', 'confirmsPlan', 'saysOnlyCircumstances']) },
  {
    guard: and(['isPlainText', 'changesPlan', 'saysOnlyCircumstances']),
    target: '#remediation.stage',
    reenter: true,
    actions: ['freezeLeftStage', ...NOTE_CIRCUMSTANCES],
  },
] as const;

/**
 * While a stage is proposed, other words about the machines ("我们走的是行内WSUS", "拿到安装盘了"): the stage
 * card is shown again as the plan now stands (its older copy frozen by the runner), at the stage the words
 * took work back to (the card left frozen as put aside). A source the logs contradict is answered; the
 * logs' stays.
 */
export const STAGE_CIRCUMSTANCES = [
  {
    guard: and(['isPlainText', 'changesPlan']),
    target: '#remediation.stage',
    reenter: true,
    actions: ['freezeLeftStage', ...NOTE_CIRCUMSTANCES],
  },
  { guard: and(['isPlainText', 'contradictsLogs']), actions: [...NOTE_CIRCUMSTANCES, 'refreshNudge'] },
  CONFIRMS_PLAN,
] as const;

/**
 * After a stage failed (the verify question is open): media at hand takes work back to a stage passed over
 * before; other changes are noted and the verify card shown again (its next stage may have changed).
 */
export const VERIFY_CIRCUMSTANCES = [
  {
    guard: and(['isPlainText', 'reopensEarlierStage']),
    target: '#remediation.stage',
    actions: [...NOTE_CIRCUMSTANCES, { type: 'freezeVerify', params: { answer: 'next' } }],
  },
  {
    guard: and(['isPlainText', 'changesPlan']),
    actions: [...NOTE_CIRCUMSTANCES, 'presentVerifyCard', 'refreshNudge'],
  },
  { guard: and(['isPlainText', 'contradictsLogs']), actions: [...NOTE_CIRCUMSTANCES, 'refreshNudge'] },
  CONFIRMS_PLAN,
] as const;

/** Every stage tried or skipped: a stage open again (media at hand) takes the case back to it. */
export const EXHAUSTED_CIRCUMSTANCES = [
  {
    guard: and(['isPlainText', 'opensStage']),
    target: '#remediation.stage',
    actions: [...NOTE_CIRCUMSTANCES, 'moveToOpenStage', 'tellEngineersResumed'],
  },
  {
    guard: and(['isPlainText', or(['changesPlan', 'contradictsLogs', 'confirmsPlan'])]),
    actions: [...NOTE_CIRCUMSTANCES, 'refreshNudge'],
  },
] as const;
