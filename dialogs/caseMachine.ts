/**
 * The case lifecycle as an XState v5 machine: first message -> problem definition -> scope -> log
 * collection -> diagnosis -> remediation stages with verification -> closure with consent -> survey ->
 * summary, with reminders on silence and archiving. Actions only push effects to an Outbox given at runtime.
 */
import { and, assign, not, or, setup, stateIn } from 'xstate';
import type { CaseOutcome, CaseRecordPatch, EscalationReason } from '../src/domain/caseRecord';
import type { Effect, Outbox } from './effects';
import { CARD_EVENT_TYPES, type CardEventType, type MachineEvent } from './events';
import type { DiagnosisSummary } from '../src/domain/diagnosis';
import {
  classifyIntent,
  classifyOutcome,
  languageRequest,
  needsNoChanges,
  resolveLanguageRequest,
} from './intents';
import type { Outcome } from './intents';
import type { Intent } from './intents';
import { DEFAULT_LOCALE } from '../src/domain/locale';
import type { Locale } from '../src/domain/locale';
import {
  addUpload,
  commonFinding,
  diagnosisCardData,
  expectedMachines,
  inFlight,
  isKnownUpload,
  logCollectionCardData,
  machinesDiagnosed,
  machinesReceived,
  markDiagnosed,
  markFailed,
  phaseOf,
  reasonOf,
  withDiagnosis,
} from './logs';
import type { LogsPhase, LogsProgress, UploadEntry } from './logs';
import { CARDS } from './messages';
import { diagnosisFailureKey, refusalKey } from '../src/domain/failures';
import {
  advanced,
  bringsNewStages,
  compare,
  currentStage,
  nextStageIndex,
  planFor,
  replanned,
  titleOf,
  withOutcome,
} from '../src/domain/plan';
import { verifyCardData } from './remediation';
import type { Comparison, RemediationState } from '../src/domain/plan';
import type { SayKey } from './messages';
import {
  EMPTY_PROBLEM,
  describesProblem,
  draftFromText,
  extractErrorCodes,
  mergeCorrection,
  problemCardData,
  problemFromCardInputs,
} from './problem';
import type { ProblemDraft } from './problem';

/** Bump when a persisted snapshot of the previous version would no longer restore correctly. */
export const MACHINE_VERSION = 1;

/**
 * Snapshot migrations. Key `n` turns a persisted snapshot written by machine version `n` into one
 * of version `n + 1`; the runner applies them in a chain up to MACHINE_VERSION and, where a step is
 * missing, resets the conversation with a message instead of restoring (XState throws on states that
 * no longer exist). Each migration is pure and must not assume anything outside the snapshot.
 */
export const migrations: Record<number, (persisted: unknown) => unknown> = {};

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
  /** Index of the stage whose files (scripts) were already offered. */
  stageFilesOffered?: number;
  /** Set when closure is proposed: a stage fixed it or the new logs were clean. */
  resolved?: boolean;
  /** The engineer who has taken the case over (while the conversation is with them). */
  engineer?: string;
  /** The case waits for (or is with) the engineers: saves keep that status until it is handed back or ends. */
  escalated?: boolean;
}

export interface CaseInput {
  locale: Locale;
}

export interface CaseMachineDeps {
  outbox: Outbox;
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

const NUDGE_KEY = 'nudge';

/** Routing intents are answered the same way in every step (by the `active` parent state). */
const ROUTING_INTENTS: ReadonlySet<Intent> = new Set([
  'greeting',
  'help',
  'newCase',
  'continue',
  'engineer',
  'pause',
  'cancel',
  'summary',
  'reopen',
]);

function textOf(event: MachineEvent): string | undefined {
  return event.type === 'user.message' ? event.text : undefined;
}

function intentOf(event: MachineEvent): Intent | undefined {
  const text = textOf(event);
  return text === undefined ? undefined : classifyIntent(text);
}

/** What a chat message or a stage card's button says about the outcome of a stage. */
function outcomeOf(event: MachineEvent): Outcome | undefined {
  if (event.type === 'stage.fixed') return 'worked';
  if (event.type === 'stage.failed') return 'stillFails';
  if (event.type === 'stage.cannot') return 'cannot';
  const text = textOf(event);
  if (text === undefined) return undefined;
  const intent = classifyIntent(text);
  if (intent === 'skip') return 'cannot';
  if (intent !== undefined) return undefined;
  // An error code is a report that it still fails: pasted alone ("0x800f081f"), or after words that
  // sound like success ("the script ran successfully, the update still shows 0x80073712").
  const said = classifyOutcome(text);
  if (pastedCode(event) && (said === undefined || said === 'worked')) return 'stillFails';
  return said;
}

function pastedCode(event: MachineEvent): string | undefined {
  const text = textOf(event);
  return text === undefined ? undefined : extractErrorCodes(text)[0];
}

/** The survey score in a card submit or a message ("5", "4分"), or undefined. */
function surveyScoreOf(event: MachineEvent): number | undefined {
  const raw =
    event.type === 'survey.submit'
      ? String(event.data.score ?? '')
      : event.type === 'user.message'
        ? event.text
        : '';
  // "5", "4分", "5/5", also with words after it ("5分，很满意").
  const match = /^\s*([1-5])\s*(分|星|\/\s*5)?\s*(?:[.。!！,，、;；:：\s].*)?$/s.exec(raw);
  return match ? Number(match[1]) : undefined;
}

function surveyCommentOf(event: MachineEvent): string | undefined {
  const comment = event.type === 'survey.submit' ? event.data.comment : undefined;
  return typeof comment === 'string' && comment.trim() !== '' ? comment.trim() : undefined;
}

function followUpIndex(event: MachineEvent): number {
  const n = event.type === 'reminder.due' ? event.payload?.n : undefined;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0;
}

/** The comparison of a new diagnosis with the case's baseline, once remediation has begun. */
function comparisonOf(context: CaseContext, event: MachineEvent): Comparison | undefined {
  if (event.type !== 'diagnosis.done' || !context.remediation) return undefined;
  return compare(context.remediation, event.summary);
}

/** The remediation after a stage outcome: the current stage marked (a stage already marked keeps its own). */
function markedRemediation(context: CaseContext, outcome: 'fixed' | 'failed' | 'skipped', code?: string) {
  const state = context.remediation;
  if (!state) return state;
  return withOutcome(state, outcome, code);
}

/** Marks the current stage failed when new logs show it did not help and the user had not said so yet. */
function failedIfOpen(state: RemediationState | undefined, code?: string): RemediationState | undefined {
  if (!state || currentStage(state)?.outcome !== undefined) return state;
  return withOutcome(state, 'failed', code);
}

/** The locale a language event or a "English" / "中文" message asks for. */
function requestedLocale(context: CaseContext, event: MachineEvent): Locale {
  if (event.type === 'language.switch') return event.locale;
  const request = languageRequest(textOf(event) ?? '');
  return request ? resolveLanguageRequest(request, context.locale) : context.locale;
}

/** The correction a user gave on the scope: the card's comment box or a chat message. */
function scopeCorrectionOf(event: MachineEvent): string {
  if (event.type === 'scope.correct')
    return typeof event.data.comment === 'string' ? event.data.comment.trim() : '';
  return textOf(event)?.trim() ?? '';
}

/** Results of background jobs (intake, diagnosis): they present themselves in their own transitions. */
const JOB_EVENTS: ReadonlySet<MachineEvent['type']> = new Set([
  'upload.received',
  'upload.refused',
  'diagnosis.done',
  'diagnosis.failed',
]);

/**
 * A step entered because a job reported (rather than because the user arrived or came back) has already
 * been presented by that transition: its entry must not post its card again.
 */
function arrivedByJob(event: MachineEvent): boolean {
  return JOB_EVENTS.has(event.type);
}

/** Refusals that concern the link itself: the card gets a fresh one. */
const LINK_REFUSALS: ReadonlySet<string> = new Set(['expired-link', 'invalid-link', 'revoked-link']);

/** The case's log work as it will be once `event` (a job's result) is applied. */
function progressAfter(context: CaseContext, event: MachineEvent): LogsProgress {
  const progress: LogsProgress = {
    problem: context.problem,
    uploads: context.uploads ?? [],
    diagnoses: context.diagnoses ?? [],
  };
  if (event.type === 'upload.received' && !event.duplicate) {
    return { ...progress, uploads: addUpload(progress.uploads ?? [], event.uploadId, event.name) };
  }
  if (event.type === 'diagnosis.done') {
    return {
      ...progress,
      uploads: markDiagnosed(progress.uploads ?? [], event.summary),
      diagnoses: withDiagnosis(progress.diagnoses ?? [], event.summary),
    };
  }
  if (event.type === 'diagnosis.failed') {
    return { ...progress, uploads: markFailed(progress.uploads ?? [], event.uploadId) };
  }
  return progress;
}

/**
 * The step a job's result leads to. A failed upload never completes the picture: the user is about to
 * send another, so the conversation waits for logs unless other uploads are still being read.
 */
function phaseAfter(context: CaseContext, event: MachineEvent): LogsPhase {
  const after = progressAfter(context, event);
  if (event.type === 'diagnosis.failed') return inFlight(after) > 0 ? 'diagnosing' : 'awaitingLogs';
  return phaseOf(after);
}

function jobUploadId(event: MachineEvent): string | undefined {
  if (event.type === 'diagnosis.done') return event.summary.uploadId;
  if (event.type === 'diagnosis.failed') return event.uploadId;
  return undefined;
}

function confirmedProblem(context: CaseContext, event: MachineEvent): ProblemDraft {
  return event.type === 'problem.confirm'
    ? problemFromCardInputs(event.data, context.problem)
    : context.problem;
}

/** Stands in for an effect until `provideCaseMachine` gives the real one: running without deps is a bug. */
function notProvided(name: string): () => never {
  return () => {
    throw new Error(
      `caseMachine: action "${name}" is not provided; create the actor from provideCaseMachine(deps)`,
    );
  };
}

const effectNames = [
  'greet',
  'askForProblem',
  'askForMoreDetails',
  'openCase',
  'showProblemCard',
  'updateProblemCard',
  'acknowledgeProblemCorrection',
  'askProblemCorrection',
  'saveProblem',
  'freezeProblemCard',
  'announceScope',
  'showScope',
  'acceptScope',
  'freezeScopeCard',
  'giveLogInstructions',
  'saveScopeCorrection',
  'acknowledgeScopeCorrection',
  'askScopeCorrection',
  'remindLogs',
  'acknowledgeEarlyFile',
  'offerLogCollection',
  'updateLogCard',
  'renewUploadLink',
  'fetchAttachment',
  'fetchForEngineers',
  'explainMissingUrl',
  'acknowledgeUpload',
  'acknowledgeDuplicateUpload',
  'saveUploadReceived',
  'explainRefusal',
  'explainDiagnosisFailure',
  'showDiagnosis',
  'saveDiagnosis',
  'reportDiagnosisProgress',
  'summariseDiagnoses',
  'presentDiagnosing',
  'presentDiagnoses',
  'remindDiagnosing',
  'remindDiagnosed',
  'requestEngineer',
  'showGreetingCard',
  'resumeCase',
  'archiveCase',
  'confirmLanguage',
  'scheduleNudge',
  'refreshNudge',
  'cancelNudge',
  'explainHelp',
  'answerUnknown',
  'explainCardExpired',
  'introduceRemediation',
  'presentStage',
  'freezeStage',
  'offerStageFiles',
  'saveRemediationStart',
  'saveStageOutcome',
  'acknowledgeSkip',
  'remindStage',
  'presentVerify',
  'offerNewLogs',
  'remindVerify',
  'backToEngineer',
  'acknowledgeNewCode',
  'reportComparison',
  'saveComparison',
  'escalateOutOfStages',
  'presentExhausted',
  'remindExhausted',
  'presentClosure',
  'freezeClosureAccepted',
  'freezeClosureDeclined',
  'saveClosure',
  'presentMonitoring',
  'remindClosing',
  'presentSurvey',
  'freezeSurvey',
  'saveSurvey',
  'thankForSurvey',
  'remindSurvey',
  'showCaseSummary',
  'announceClosed',
  'cancelCase',
  'archiveForSilence',
  'explainArchived',
  'reopenCase',
  'explainNotArchived',
  'pauseCase',
  'followUp',
  'scheduleNextFollowUp',
  'announceEngineer',
  'relayToEngineer',
  'relayFileToEngineer',
  'confirmFileForwarded',
  'relayUploadToEngineer',
  'relayDiagnosisToEngineer',
  'sayEngineerMessage',
  'announceHandback',
  'announceEngineerClosing',
  'explainWithEngineer',
  'caseClosed',
  'sendEngineerFile',
] as const;

type EffectName = (typeof effectNames)[number];

const effectPlaceholders = Object.fromEntries(effectNames.map((name) => [name, notProvided(name)])) as Record<
  EffectName,
  () => never
>;

/**
 * A step that waits for the user: it presents itself (`present`), is remembered as the case's step (reminders
 * name it, reopening returns to it) and arms the reminders on silence, which its exit cancels.
 */
function waitsForUser<const A extends readonly unknown[]>(step: Step, ...present: A) {
  return {
    entry: [...present, { type: 'enterStep', params: { step } }, 'armNudge', 'scheduleNudge'] as const,
    exit: ['cancelNudge', 'disarmNudge'] as const,
  };
}

/** "It fails again" after a fix was reported (closing, monitoring): back to verifying the stage. */
const FAILS_AGAIN = {
  guard: 'failsAgain',
  target: 'verifying',
  actions: [{ type: 'markStage', params: { outcome: 'failed' } }, 'saveStageOutcome', 'markUnresolved'],
} as const;

// What a step does when the user answers it, on its card or in words (both transitions share these).
const CONFIRM_PROBLEM = ['confirmProblem', 'saveProblem', 'freezeProblemCard', 'announceScope'] as const;
const ACCEPT_SCOPE = ['markScopeConfirmed', 'acceptScope', 'freezeScopeCard'] as const;
const ACCEPT_CLOSURE = [
  'freezeClosureAccepted',
  'reopenAsMonitoring',
  'clearEscalated',
  'clearEngineer',
  'saveClosure',
] as const;
const ANSWER_SURVEY = [
  'freezeSurvey',
  'saveSurvey',
  'thankForSurvey',
  'showCaseSummary',
  'announceClosed',
  'caseClosed',
] as const;
const SKIP_SURVEY = ['freezeSurvey', 'showCaseSummary', 'announceClosed', 'caseClosed'] as const;

/** The same transition for every card button (`card.unknown` included), e.g. an idle conversation's greeting. */
function onEveryCard<T>(transition: T): Record<CardEventType | 'card.unknown', T> {
  return Object.fromEntries(CARD_EVENT_TYPES.map((type) => [type, transition])) as Record<
    CardEventType | 'card.unknown',
    T
  >;
}

/** A button on a card from an earlier step: said so rather than acted on. */
const STALE_CARD = { actions: ['explainCardExpired', 'refreshNudge'] } as const;

/** "Talk to an engineer" on a diagnosis, stage or verify card: heard whatever the step, once a case is open. */
const ENGINEER_BY_CARD = [
  { guard: 'hasOpenCase', actions: ['markEscalated', 'requestEngineer', 'refreshNudge'] },
  STALE_CARD,
] as const;

/** How a user answers a stage (its card's buttons or words; see outcomeOf), in the remediating step. */
const STAGE_ANSWERS = [
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

export const caseMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as MachineEvent,
    // Optional so that restoring a persisted snapshot needs no input (`void`, because setup() drops an
    // `| undefined` from the inferred input type); a new conversation passes one.
    input: {} as CaseInput | void,
  },
  actions: {
    ...effectPlaceholders,
    allocateCaseNumber: assign({ caseNumber: () => notProvided('allocateCaseNumber')() }),
    takeProblemDraft: assign({ problem: ({ event }) => draftFromText(textOf(event) ?? '') }),
    applyProblemCorrection: assign({
      problem: ({ context, event }) => mergeCorrection(context.problem, textOf(event) ?? ''),
    }),
    confirmProblem: assign({
      problem: ({ context, event }) => confirmedProblem(context, event),
      problemConfirmed: true,
    }),
    recordScopeCorrection: assign({
      scopeCorrections: ({ context, event }) => [...context.scopeCorrections, scopeCorrectionOf(event)],
      // Facts in a scope correction ("是三台终端") update the problem; the words stay on the timeline.
      problem: ({ context, event }) =>
        mergeCorrection(context.problem, scopeCorrectionOf(event), { appendNarrative: false }),
    }),
    markScopeConfirmed: assign({ scopeConfirmed: true }),
    markCollectorOffered: assign({ collectorOffered: true }),
    recordUpload: assign({ uploads: ({ context, event }) => progressAfter(context, event).uploads }),
    recordDiagnosis: assign(({ context, event }) => {
      const after = progressAfter(context, event);
      return { uploads: after.uploads, diagnoses: after.diagnoses };
    }),
    recordFailure: assign({ uploads: ({ context, event }) => progressAfter(context, event).uploads }),
    setLocale: assign({
      locale: ({ context, event }) => requestedLocale(context, event),
      localeChosen: true,
    }),
    // Teams' client language is often English on a Chinese user's PC: the first problem statement's own
    // language wins, unless the user chose one explicitly.
    followWrittenLanguage: assign({
      locale: ({ context, event }) =>
        !context.localeChosen && event.type === 'user.message' && event.locale
          ? event.locale
          : context.locale,
    }),
    // A pause outlasts steps: only "continue" lifts it.
    armNudge: assign({ nudge: ({ context }) => (context.nudge === 'paused' ? 'paused' : 'pending') }),
    disarmNudge: assign({ nudge: ({ context }) => (context.nudge === 'paused' ? 'paused' : 'none') }),
    markPaused: assign({ nudge: 'paused' as NudgeState }),
    liftPause: assign({ nudge: 'none' as NudgeState }),
    freezeVerify: (_args, _params: { answer: 'next' | 'logs' }) => notProvided('freezeVerify')(),
    enterStep: assign({ step: (_args, params: { step: Step }) => params.step }),
    startRemediation: assign({
      remediation: ({ context }) => planFor(context.diagnoses ?? []),
      resolved: false,
    }),
    markStage: assign({
      remediation: ({ context, event }, params: { outcome: 'fixed' | 'failed' | 'skipped' }) =>
        markedRemediation(context, params.outcome, pastedCode(event)),
    }),
    advanceStage: assign({
      remediation: ({ context }) => (context.remediation ? advanced(context.remediation) : undefined),
    }),
    markStageFilesOffered: assign({ stageFilesOffered: ({ context }) => context.remediation?.current }),
    applyComparison: assign({
      remediation: ({ context, event }) => {
        const comparison = comparisonOf(context, event);
        if (!comparison || comparison.kind === 'clean' || event.type !== 'diagnosis.done')
          return context.remediation;
        const failed = failedIfOpen(
          context.remediation,
          comparison.kind === 'same' ? comparison.code : comparison.after,
        );
        if (!failed) return failed;
        if (comparison.kind === 'different' && bringsNewStages(failed, event.summary))
          return replanned(failed, event.summary);
        return advanced(failed);
      },
    }),
    markResolved: assign({ resolved: true }),
    markUnresolved: assign({ resolved: false }),
    reopenAsMonitoring: assign({ step: 'monitoring' as Step }),
    noteEngineer: assign({
      engineer: ({ context, event }) => (event.type === 'engineer.joined' ? event.name : context.engineer),
    }),
    clearEngineer: assign({ engineer: undefined }),
    markEscalated: assign({ escalated: true }),
    markEscalatedIfPlanAsks: assign({
      escalated: ({ context }) => context.escalated === true || planAsksForEngineer(context),
    }),
    escalateFor: (_args, _params: { reason: EscalationReason; ifPlanAsks?: boolean }) =>
      notProvided('escalateFor')(),
    clearEscalated: assign({ escalated: false }),
    clearCase: assign({
      caseNumber: undefined,
      problem: EMPTY_PROBLEM,
      problemConfirmed: false,
      scopeConfirmed: false,
      scopeCorrections: [] as string[],
      uploads: [] as UploadEntry[],
      diagnoses: [] as DiagnosisSummary[],
      collectorOffered: false,
      remediation: undefined,
      stageFilesOffered: undefined,
      resolved: undefined,
      step: undefined,
      escalated: false,
      engineer: undefined,
    }),
  },
  guards: {
    describesProblem: ({ event }) => event.type === 'user.message' && describesProblem(event.text),
    isPlainText: ({ event }) => {
      const intent = intentOf(event);
      return (
        event.type === 'user.message' &&
        (intent === undefined || !ROUTING_INTENTS.has(intent)) &&
        languageRequest(event.text) === undefined
      );
    },
    isYes: ({ event }) => intentOf(event) === 'yes',
    isNo: ({ event }) => intentOf(event) === 'no',
    needsNoChanges: ({ event }) => event.type === 'user.message' && needsNoChanges(event.text),
    isGreeting: ({ event }) => intentOf(event) === 'greeting',
    asksForHelp: ({ event }) => intentOf(event) === 'help',
    asksForNewCase: ({ event }) => intentOf(event) === 'newCase',
    asksToContinue: ({ event }) => intentOf(event) === 'continue',
    asksForLanguage: ({ event }) =>
      event.type === 'user.message' && languageRequest(event.text) !== undefined,
    hasOpenCase: ({ context }) => context.caseNumber !== undefined,
    hasScopeComment: ({ event }) => scopeCorrectionOf(event) !== '',
    followUpIsDue: ({ context, event }) =>
      event.type === 'reminder.due' && event.kind === 'nudge' && context.nudge === 'pending',
    // The scheduling action marks the last reminder of the series (it knows the configured schedule).
    isLastFollowUp: ({ event }) => event.type === 'reminder.due' && event.payload?.last === true,
    asksForEngineer: ({ event }) => intentOf(event) === 'engineer',
    asksToPause: ({ event }) => intentOf(event) === 'pause',
    asksToCancel: ({ event }) => intentOf(event) === 'cancel',
    asksForSummary: ({ event }) => intentOf(event) === 'summary',
    asksToReopen: ({ event }) => intentOf(event) === 'reopen',
    isPaused: ({ context }) => context.nudge === 'paused',
    reportsWorked: ({ event }) => outcomeOf(event) === 'worked',
    reportsStillFails: ({ event }) => outcomeOf(event) === 'stillFails',
    reportsCannot: ({ event }) => outcomeOf(event) === 'cannot',
    asksForNext: ({ event }) => {
      const intent = intentOf(event);
      // At the verify question "继续" means go on to the next stage (there is no pause to resume).
      return intent === 'next' || intent === 'yes' || intent === 'skip' || intent === 'continue';
    },
    hasNextStage: ({ context }) => nextStageIndex(context.remediation) !== undefined,
    failsAgain: ({ context, event }) =>
      context.remediation !== undefined && event.type === 'user.message' && outcomeOf(event) === 'stillFails',
    reportsCannotWithNext: ({ context, event }) =>
      outcomeOf(event) === 'cannot' && nextStageIndex(context.remediation) !== undefined,
    remediationStarted: ({ context }) => context.remediation !== undefined,
    planAfter: ({ context, event }) => planFor(progressAfter(context, event).diagnoses ?? []) !== undefined,
    comparesClean: ({ context, event }) => comparisonOf(context, event)?.kind === 'clean',
    // Where work goes on after new logs that still fail: the next untried stage (new ones for a new cause).
    leavesStagesToTry: ({ context, event }) => {
      const comparison = comparisonOf(context, event);
      const state = failedIfOpen(context.remediation);
      if (!comparison || !state || event.type !== 'diagnosis.done') return false;
      if (comparison.kind === 'different' && bringsNewStages(state, event.summary)) return true;
      return nextStageIndex(state) !== undefined;
    },
    hasSurveyScore: ({ event }) => surveyScoreOf(event) !== undefined,
    asksToSkip: ({ event }) => intentOf(event) === 'skip' || intentOf(event) === 'no',
    stepIs: ({ context }, params: { step: Step }) => context.step === params.step,

    // Set on accepting the scope and cleared with the case: the log steps (awaitingLogs, diagnosing, diagnosed).
    scopeAccepted: ({ context }) => context.scopeConfirmed,
    hasAttachmentUrl: ({ event }) => event.type === 'file.received' && Boolean(event.url),
    waitsForEngineer: ({ context }) => context.escalated === true,
    // The closure under way was started by the engineer who still owns the case.
    closedByEngineer: ({ context }) => context.engineer !== undefined,
    // An error code the stage and the first diagnosis have not shown yet.
    reportsNewCode: ({ context, event }) => {
      const code = pastedCode(event);
      const state = context.remediation;
      return (
        code !== undefined &&
        state !== undefined &&
        code !== currentStage(state)?.errorCode &&
        !state.baseline.some((b) => b.errorCode === code)
      );
    },
    isDuplicateUpload: ({ event }) => event.type === 'upload.received' && event.duplicate,
    isLinkRefusal: ({ event }) => event.type === 'upload.refused' && LINK_REFUSALS.has(event.code),
    // Results for uploads this case does not know (one archived meanwhile) are not this case's business.
    isKnownUpload: ({ context, event }) => {
      const uploadId = jobUploadId(event);
      return uploadId !== undefined && isKnownUpload(context, uploadId);
    },
    leadsToDiagnosed: ({ context, event }) => phaseAfter(context, event) === 'diagnosed',
    leadsToDiagnosing: ({ context, event }) => phaseAfter(context, event) === 'diagnosing',
  },
}).createMachine({
  id: 'case',
  context: ({ input }) => ({
    locale: input ? input.locale : DEFAULT_LOCALE,
    problem: EMPTY_PROBLEM,
    problemConfirmed: false,
    scopeConfirmed: false,
    scopeCorrections: [],
    nudge: 'none',
    uploads: [],
    diagnoses: [],
  }),
  initial: 'idle',
  // Wherever the case is, a file the engineers received in its place (not logs) is confirmed, and what the
  // owning engineer says or sends reaches the user (also while the closure they started is under way).
  on: {
    'file.forwarded': { actions: 'confirmFileForwarded' },
    'engineer.message': { actions: 'sayEngineerMessage' },
    'engineer.file': { actions: 'sendEngineerFile' },
  },
  states: {
    idle: {
      on: {
        'conversation.started': { target: 'active.awaitingProblem', actions: 'greet' },
        'language.switch': {
          target: 'active.awaitingProblem',
          actions: ['setLocale', 'confirmLanguage', 'greet'],
        },
        'user.message': [
          {
            guard: 'describesProblem',
            target: 'active.definingProblem',
            actions: ['followWrittenLanguage', 'takeProblemDraft', 'allocateCaseNumber', 'openCase'],
          },
          {
            guard: 'asksForLanguage',
            target: 'active.awaitingProblem',
            actions: ['setLocale', 'confirmLanguage', 'greet'],
          },
          // Greetings, "help" and anything else: the welcome says what the bot does and what it needs.
          { target: 'active.awaitingProblem', actions: 'greet' },
        ],
        ...onEveryCard({ target: 'active.awaitingProblem', actions: 'greet' } as const),
        'file.received': { target: 'active.awaitingProblem', actions: 'greet' },
      },
    },
    active: {
      initial: 'awaitingProblem',
      // Steps handle what they understand; routing requests bubble up here and usually re-enter the
      // current step through `resume`, which repeats its prompt or card (in the current language).
      on: {
        'conversation.started': [
          { guard: 'hasOpenCase', actions: ['showGreetingCard', 'refreshNudge'] },
          { target: '.resume', reenter: true, actions: 'greet' },
        ],
        'language.switch': { target: '.resume', reenter: true, actions: ['setLocale', 'confirmLanguage'] },
        'user.message': [
          {
            guard: 'asksForLanguage',
            target: '.resume',
            reenter: true,
            actions: ['setLocale', 'confirmLanguage'],
          },
          { guard: and(['isGreeting', 'hasOpenCase']), actions: ['showGreetingCard', 'refreshNudge'] },
          { guard: 'isGreeting', target: '.resume', reenter: true, actions: 'greet' },
          {
            guard: and(['asksForEngineer', 'hasOpenCase']),
            actions: ['markEscalated', 'requestEngineer', 'refreshNudge'],
          },
          { guard: and(['asksForSummary', 'hasOpenCase']), actions: ['showCaseSummary', 'refreshNudge'] },
          { guard: and(['asksToPause', 'hasOpenCase']), actions: ['cancelNudge', 'markPaused', 'pauseCase'] },
          {
            guard: and(['asksToContinue', 'isPaused']),
            target: '.resume',
            reenter: true,
            actions: ['liftPause', 'resumeCase'],
          },
          {
            guard: and(['asksToCancel', 'hasOpenCase']),
            target: '.archived',
            actions: ['clearEscalated', 'cancelCase'],
          },
          { guard: and(['asksToReopen', 'hasOpenCase']), actions: ['explainNotArchived', 'refreshNudge'] },
          {
            guard: and(['asksForNewCase', 'hasOpenCase']),
            target: '.awaitingProblem',
            reenter: true,
            actions: ['archiveCase', 'clearCase'],
          },
          {
            guard: and(['asksToContinue', 'hasOpenCase']),
            target: '.resume',
            reenter: true,
            actions: 'resumeCase',
          },
          // Nothing open yet to continue or replace: ask for the problem again.
          { guard: or(['asksForNewCase', 'asksToContinue']), target: '.resume', reenter: true },
          { guard: 'asksForHelp', target: '.resume', reenter: true, actions: 'explainHelp' },
          { target: '.resume', reenter: true, actions: 'answerUnknown' },
        ],
        // A button on a card from an earlier step: say so rather than act on stale input.
        ...onEveryCard(STALE_CARD),
        // "Talk to an engineer" works on every card that offers it, whatever the step.
        'diagnosis.asks-engineer': ENGINEER_BY_CARD,
        'stage.asks-engineer': ENGINEER_BY_CARD,
        'verify.asks-engineer': ENGINEER_BY_CARD,
        'logs.more': [
          // During remediation, more logs are compared with the first diagnosis; the step stays.
          { guard: 'remediationStarted', actions: ['offerNewLogs', 'refreshNudge'] },
          // The diagnosis card's buttons work in every log step (it is shown from the first diagnosis on).
          { guard: stateIn({ active: 'diagnosing' }), actions: 'offerLogCollection' },
          { guard: 'scopeAccepted', target: '.awaitingLogs', reenter: true },
          STALE_CARD,
        ],
        'summary.reopen': { actions: 'explainNotArchived' },
        'greeting.continue': { target: '.resume', reenter: true, actions: 'resumeCase' },
        'greeting.new-case': [
          {
            guard: 'hasOpenCase',
            target: '.awaitingProblem',
            reenter: true,
            actions: ['archiveCase', 'clearCase'],
          },
          { target: '.resume', reenter: true },
        ],
        'file.received': [
          { guard: and(['scopeAccepted', 'hasAttachmentUrl']), actions: ['fetchAttachment', 'refreshNudge'] },
          { guard: 'scopeAccepted', actions: ['explainMissingUrl', 'refreshNudge'] },
          // Waiting for an engineer before logs are asked for: a screenshot or a file is for them.
          {
            guard: and(['waitsForEngineer', 'hasAttachmentUrl']),
            actions: ['fetchForEngineers', 'refreshNudge'],
          },
          // Before logs are asked for: acknowledge, and say they will be asked for later.
          { actions: ['acknowledgeEarlyFile', 'refreshNudge'] },
        ],
        // Job results for the log steps are handled here, once: where they lead depends on the uploads and
        // diagnoses after the event (phaseAfter), not on the step they arrive in.
        'upload.received': [
          {
            guard: and(['scopeAccepted', 'isDuplicateUpload']),
            actions: ['acknowledgeDuplicateUpload', 'refreshNudge'],
          },
          // New logs during remediation: read and compared with the first diagnosis; the step stays.
          {
            guard: 'remediationStarted',
            actions: [
              'recordUpload',
              'acknowledgeUpload',
              'saveUploadReceived',
              'updateLogCard',
              'refreshNudge',
            ],
          },
          {
            guard: 'scopeAccepted',
            target: '.diagnosing',
            actions: ['recordUpload', 'acknowledgeUpload', 'saveUploadReceived', 'updateLogCard'],
          },
        ],
        'upload.refused': [
          {
            guard: and(['scopeAccepted', 'isLinkRefusal']),
            actions: ['explainRefusal', 'renewUploadLink', 'refreshNudge'],
          },
          { guard: 'scopeAccepted', actions: ['explainRefusal', 'refreshNudge'] },
        ],
        'diagnosis.done': [
          // After the case is archived: the result is kept and shown; the case stays archived.
          {
            guard: and([
              'isKnownUpload',
              or([stateIn({ active: 'archived' }), stateIn({ active: 'survey' })]),
            ]),
            actions: ['recordDiagnosis', 'showDiagnosis', 'saveDiagnosis', 'updateLogCard'],
          },
          // During remediation: compared with the first diagnosis; clean logs lead to closure, a failure
          // to the next untried stage (or the stages of a newly found cause), none left to an engineer.
          {
            guard: and(['isKnownUpload', 'remediationStarted', 'comparesClean']),
            target: '.closing',
            actions: [
              'recordDiagnosis',
              'showDiagnosis',
              'saveDiagnosis',
              'updateLogCard',
              'reportComparison',
              'markResolved',
              'saveComparison',
            ],
          },
          {
            guard: and(['isKnownUpload', 'remediationStarted', 'leavesStagesToTry']),
            target: '.remediating',
            reenter: true,
            actions: [
              'recordDiagnosis',
              'showDiagnosis',
              'saveDiagnosis',
              'updateLogCard',
              'reportComparison',
              'applyComparison',
              'saveComparison',
            ],
          },
          {
            guard: and(['isKnownUpload', 'remediationStarted']),
            target: '.exhausted',
            actions: [
              'recordDiagnosis',
              'showDiagnosis',
              'saveDiagnosis',
              'updateLogCard',
              'reportComparison',
              'applyComparison',
              'saveComparison',
              'markEscalated',
              'escalateOutOfStages',
            ],
          },
          // Every machine diagnosed with a plan: the first remediation stage follows the verdict.
          {
            guard: and(['isKnownUpload', 'leadsToDiagnosed', 'planAfter']),
            target: '.remediating',
            actions: [
              'recordDiagnosis',
              'showDiagnosis',
              'saveDiagnosis',
              'updateLogCard',
              'summariseDiagnoses',
              'startRemediation',
              'saveRemediationStart',
              'introduceRemediation',
              // A cause the knowledge base marks expert-only: the stages start, and an engineer is asked too.
              { type: 'escalateFor', params: { reason: 'rule', ifPlanAsks: true } },
              'markEscalatedIfPlanAsks',
            ],
          },
          {
            guard: and(['isKnownUpload', 'leadsToDiagnosed']),
            target: '.diagnosed',
            actions: [
              'recordDiagnosis',
              'showDiagnosis',
              'saveDiagnosis',
              'updateLogCard',
              'summariseDiagnoses',
              // No plan from the logs: an engineer looks at it (the user may still send more logs).
              'markEscalated',
              { type: 'escalateFor', params: { reason: 'inconclusive' } },
            ],
          },
          {
            guard: and(['isKnownUpload', 'leadsToDiagnosing']),
            target: '.diagnosing',
            actions: [
              'recordDiagnosis',
              'showDiagnosis',
              'saveDiagnosis',
              'updateLogCard',
              'reportDiagnosisProgress',
            ],
          },
          // Still waiting for logs and staying there: no re-entry, so a spent reminder stays spent.
          {
            guard: and(['isKnownUpload', stateIn({ active: 'awaitingLogs' })]),
            actions: [
              'recordDiagnosis',
              'showDiagnosis',
              'saveDiagnosis',
              'updateLogCard',
              'reportDiagnosisProgress',
              'refreshNudge',
            ],
          },
          {
            guard: 'isKnownUpload',
            target: '.awaitingLogs',
            actions: [
              'recordDiagnosis',
              'showDiagnosis',
              'saveDiagnosis',
              'updateLogCard',
              'reportDiagnosisProgress',
            ],
          },
        ],
        'diagnosis.failed': [
          {
            guard: and(['isKnownUpload', 'remediationStarted']),
            actions: ['recordFailure', 'explainDiagnosisFailure', 'updateLogCard', 'refreshNudge'],
          },
          {
            guard: and(['isKnownUpload', 'leadsToDiagnosing']),
            target: '.diagnosing',
            actions: ['recordFailure', 'explainDiagnosisFailure', 'updateLogCard'],
          },
          {
            guard: and(['isKnownUpload', stateIn({ active: 'awaitingLogs' })]),
            actions: ['recordFailure', 'explainDiagnosisFailure', 'updateLogCard', 'refreshNudge'],
          },
          {
            guard: 'isKnownUpload',
            target: '.awaitingLogs',
            actions: ['recordFailure', 'explainDiagnosisFailure', 'updateLogCard'],
          },
        ],
        'engineer.joined': {
          guard: 'hasOpenCase',
          target: '#case.withEngineer',
          actions: ['noteEngineer', 'announceEngineer'],
        },
        // Reminders on silence, one series per step; the last archives the case. A case waiting for an
        // engineer waits on us, not on the user: no reminders then, and never archived for silence.
        'reminder.due': [
          { guard: 'waitsForEngineer' },
          {
            guard: and(['followUpIsDue', 'isLastFollowUp']),
            target: '.archived',
            actions: ['clearEscalated', 'archiveForSilence'],
          },
          { guard: 'followUpIsDue', actions: ['followUp', 'scheduleNextFollowUp'] },
        ],
      },
      states: {
        resume: { type: 'history', history: 'shallow' },
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
        remediating: {
          ...waitsForUser('remediation', 'presentStage', 'offerStageFiles', 'markStageFilesOffered'),
          // A stage card's buttons and the same answers in words ("好了", "还是不行 0x800f081f", "做不了").
          on: {
            'stage.fixed': STAGE_ANSWERS,
            'stage.failed': STAGE_ANSWERS,
            'stage.cannot': STAGE_ANSWERS,
            'user.message': [
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
            'user.message': [
              {
                guard: and(['isPlainText', 'reportsWorked']),
                target: 'closing',
                actions: [
                  { type: 'markStage', params: { outcome: 'fixed' } },
                  'saveStageOutcome',
                  'markResolved',
                ],
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
                guard: and(['isPlainText', 'reportsNewCode']),
                actions: [
                  { type: 'markStage', params: { outcome: 'failed' } },
                  'saveStageOutcome',
                  'acknowledgeNewCode',
                  'refreshNudge',
                ],
              },
              { guard: 'isPlainText', actions: ['remindVerify', 'refreshNudge'] },
            ],
          },
        },
        // Every stage tried or skipped: the case is with the engineers; the user can still report or send logs.
        exhausted: {
          ...waitsForUser('exhausted', 'presentExhausted'),
          on: {
            'user.message': [
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
      },
    },
    // An engineer has the case: the user's messages and files go to them, theirs come back; no reminders.
    // Handing back resumes the step the case left (`active.resume`); closing runs the closure flow.
    withEngineer: {
      on: {
        'user.message': [
          { guard: 'asksForLanguage', actions: ['setLocale', 'confirmLanguage'] },
          // The summary so far is the bot's to give at any time; the engineer still sees the question.
          { guard: 'asksForSummary', actions: ['showCaseSummary', 'relayToEngineer'] },
          { actions: 'relayToEngineer' },
        ],
        'language.switch': { actions: ['setLocale', 'confirmLanguage'] },
        ...onEveryCard({ actions: 'explainWithEngineer' } as const),
        'conversation.started': { actions: 'explainWithEngineer' },
        'file.received': [
          { guard: 'hasAttachmentUrl', actions: ['fetchAttachment', 'relayFileToEngineer'] },
          { actions: 'explainMissingUrl' },
        ],
        'engineer.joined': { actions: ['noteEngineer', 'announceEngineer'] },
        'engineer.message': { actions: 'sayEngineerMessage' },
        'engineer.file': { actions: 'sendEngineerFile' },
        'engineer.handback': [
          // Logs were diagnosed while the engineer had the case: the step the case left (log collection)
          // is done, so the case goes on from the diagnosis rather than asking for logs again.
          {
            guard: and(['scopeAccepted', not('remediationStarted'), 'leadsToDiagnosed', 'planAfter']),
            target: 'active.remediating',
            actions: [
              'clearEngineer',
              'clearEscalated',
              'announceHandback',
              'summariseDiagnoses',
              'startRemediation',
              'saveRemediationStart',
              'introduceRemediation',
            ],
          },
          {
            guard: and(['scopeAccepted', not('remediationStarted'), 'leadsToDiagnosed']),
            target: 'active.diagnosed',
            actions: ['clearEngineer', 'clearEscalated', 'announceHandback', 'summariseDiagnoses'],
          },
          {
            target: 'active.resume',
            actions: ['clearEngineer', 'clearEscalated', 'announceHandback'],
          },
        ],
        // The engineer stays the owner until the user agrees: declining goes back to the engineer.
        'engineer.close': {
          target: 'active.closing',
          actions: 'announceEngineerClosing',
        },
        'upload.received': [
          { guard: 'isDuplicateUpload', actions: 'acknowledgeDuplicateUpload' },
          { actions: ['recordUpload', 'acknowledgeUpload', 'saveUploadReceived', 'relayUploadToEngineer'] },
        ],
        'upload.refused': { actions: 'explainRefusal' },
        'diagnosis.done': {
          guard: 'isKnownUpload',
          actions: ['recordDiagnosis', 'showDiagnosis', 'saveDiagnosis', 'relayDiagnosisToEngineer'],
        },
        'diagnosis.failed': { guard: 'isKnownUpload', actions: ['recordFailure', 'explainDiagnosisFailure'] },
      },
    },
  },
});

/** The machine with every effect wired to push commands to `deps.outbox`. */
export function provideCaseMachine(deps: CaseMachineDeps) {
  const push = (effect: Effect): void => deps.outbox.push(effect);
  const say = (key: SayKey, params?: Record<string, string | number>): void =>
    push(params ? { kind: 'say', key, params } : { kind: 'say', key });
  const saveCase = (context: CaseContext, patch: Omit<CaseRecordPatch, 'caseNumber' | 'locale'>): void =>
    push({
      kind: 'saveCase',
      caseRecord: {
        caseNumber: caseNumberOf(context),
        locale: context.locale,
        ...patch,
        status: effectiveStatus(context, patch.status),
      },
    });
  /** A file the user attached, fetched by a job: for the diagnosis, or as it is for the engineers. */
  const fetchFile = (context: CaseContext, event: MachineEvent, forEngineers: boolean): void => {
    if (event.type !== 'file.received' || !event.url) return;
    push({
      kind: 'fetchAttachment',
      caseNumber: caseNumberOf(context),
      name: event.name,
      url: event.url,
      contentType: event.contentType,
      ...(forEngineers ? { forEngineers } : {}),
    });
    say('upload.fetching', { name: event.name });
  };
  /** The case ends without the closure flow (a new case, silence, cancelled): recorded, and the user told. */
  const endCase = (
    context: CaseContext,
    status: 'archived' | 'closed',
    outcome: CaseOutcome,
    timeline: NonNullable<CaseRecordPatch['timeline']>,
    key: SayKey,
  ): void => {
    saveCase(context, { status, outcome, timeline });
    say(key, { caseNumber: caseNumberOf(context) });
    // An escalation of the case ends with it (the engineers' thread gets the outcome).
    push({ kind: 'caseClosed', caseNumber: caseNumberOf(context) });
  };
  const problemCard = (context: CaseContext, confirmed: boolean): Record<string, unknown> =>
    problemCardData(context.problem, context.caseNumber, confirmed);
  /** What all machines' diagnoses say together, once every expected machine has one. */
  const summarise = (context: CaseContext): void => {
    const diagnoses = context.diagnoses ?? [];
    const finding = commonFinding(diagnoses, context.locale);
    const caseNumber = caseNumberOf(context);
    if (finding.kind === 'single') say('diagnosis.complete', { caseNumber });
    else if (finding.kind === 'same')
      say('diagnosis.sameCause', { count: diagnoses.length, reason: finding.reason });
    else if (finding.kind === 'different') say('diagnosis.differentCauses', { count: diagnoses.length });
    else say('diagnosis.inconclusive', { caseNumber });
  };

  return caseMachine.provide({
    actions: {
      allocateCaseNumber: assign({ caseNumber: () => deps.newCaseNumber() }),
      greet: () => say('welcome'),
      askForProblem: () => say('problem.ask'),
      askForMoreDetails: () => say('problem.needDetails'),
      openCase: ({ context }) => {
        saveCase(context, {
          status: 'open',
          timeline: {
            actor: 'bot',
            what: `Case opened from the user's first description: ${context.problem.description}`,
          },
        });
        say('case.opened', { caseNumber: caseNumberOf(context) });
      },
      showProblemCard: ({ context }) =>
        push({ kind: 'card', ...CARDS.problem, data: problemCard(context, false) }),
      updateProblemCard: ({ context }) =>
        push({ kind: 'updateCard', ...CARDS.problem, data: problemCard(context, false) }),
      acknowledgeProblemCorrection: () => say('problem.updated'),
      askProblemCorrection: () => say('problem.askCorrection'),
      saveProblem: ({ context }) =>
        saveCase(context, {
          status: 'open',
          problem: context.problem,
          timeline: { actor: 'user', what: 'Confirmed the problem definition.' },
        }),
      freezeProblemCard: ({ context }) =>
        push({ kind: 'updateCard', ...CARDS.problem, data: problemCard(context, true) }),
      announceScope: () => say('problem.confirmed'),
      showScope: ({ context }) => push({ kind: 'card', ...CARDS.scope, data: scopeCardData(context) }),
      acceptScope: ({ context }) => {
        saveCase(context, {
          status: 'open',
          scopeConfirmed: true,
          timeline: { actor: 'user', what: 'Accepted the scope statement.' },
        });
        say('scope.accepted');
      },
      freezeScopeCard: ({ context }) =>
        push({ kind: 'updateCard', ...CARDS.scope, data: scopeCardData(context) }),
      saveScopeCorrection: ({ context }) =>
        saveCase(context, {
          status: 'open',
          problem: context.problem,
          timeline: { actor: 'user', what: `Corrected the scope: ${context.scopeCorrections.at(-1) ?? ''}` },
        }),
      acknowledgeScopeCorrection: () => say('scope.correctionNoted'),
      askScopeCorrection: () => say('scope.askCorrection'),
      remindLogs: ({ context }) =>
        say('logs.reminder', { received: machinesReceived(context), expected: expectedMachines(context) }),
      acknowledgeEarlyFile: ({ event }) => say('file.notYet', { name: fileNameOf(event) }),
      offerLogCollection: ({ context, event }) => {
        if (arrivedByJob(event)) return;
        say('logs.instructions', { caseNumber: caseNumberOf(context) });
        push(logCollectionOffer(context, false));
        // The collector kit itself, as a file in the chat (1:1) or a download link (elsewhere). Only with
        // the card as posted here, never with its in-place "N of M received" updates.
        if (!context.collectorOffered)
          push({ kind: 'offerFile', fileId: 'collector-kit', caseNumber: caseNumberOf(context) });
      },
      updateLogCard: ({ context }) => push(logCollectionOffer(context, true)),
      // A new card rather than an update: the fresh link should be where the user is reading.
      renewUploadLink: ({ context }) => push(logCollectionOffer(context, false)),
      fetchAttachment: ({ context, event }) => fetchFile(context, event, false),
      fetchForEngineers: ({ context, event }) => fetchFile(context, event, true),
      explainMissingUrl: ({ event }) => say('upload.noUrl', { name: fileNameOf(event) }),
      confirmFileForwarded: ({ event }) =>
        say(event.type === 'file.forwarded' && event.toEngineers === false ? 'file.kept' : 'file.forwarded', {
          name: event.type === 'file.forwarded' ? event.name : '',
        }),
      acknowledgeUpload: ({ event }) => say('upload.received', { name: uploadNameOf(event) }),
      acknowledgeDuplicateUpload: ({ event }) => say('upload.duplicate', { name: uploadNameOf(event) }),
      saveUploadReceived: ({ context, event }) => {
        if (event.type !== 'upload.received') return;
        saveCase(context, {
          status: 'open',
          timeline: {
            actor: 'user',
            what: `Uploaded ${event.name} (${event.size} bytes, upload ${event.uploadId}).`,
          },
        });
      },
      explainRefusal: ({ event }) => {
        if (event.type !== 'upload.refused') return;
        say(refusalKey(event.code), failureParams(event.name, event.params));
      },
      explainDiagnosisFailure: ({ context, event }) => {
        if (event.type !== 'diagnosis.failed') return;
        saveCase(context, {
          status: 'awaiting-customer',
          timeline: {
            actor: 'bot',
            what: `Could not diagnose ${event.name} (upload ${event.uploadId}): ${event.code}.`,
          },
        });
        say(diagnosisFailureKey(event.code), failureParams(event.name, event.params));
      },
      showDiagnosis: ({ context, event }) => {
        if (event.type !== 'diagnosis.done') return;
        push(diagnosisCard(context, event.summary));
      },
      saveDiagnosis: ({ context, event }) => {
        if (event.type !== 'diagnosis.done') return;
        saveCase(context, {
          status: phaseOf(context) === 'diagnosed' ? 'awaiting-customer' : 'open',
          findings: context.diagnoses ?? [],
          timeline: { actor: 'bot', what: diagnosisTimelineLine(event.summary) },
        });
      },
      reportDiagnosisProgress: ({ context }) => {
        const done = machinesDiagnosed(context);
        const expected = expectedMachines(context);
        if (done < expected) say('diagnosis.progress', { done, expected });
        else say('diagnosing.inProgress', { count: inFlight(context) });
      },
      summariseDiagnoses: ({ context }) => summarise(context),
      presentDiagnosing: ({ context, event }) => {
        if (arrivedByJob(event)) return;
        say('diagnosing.inProgress', { count: inFlight(context) });
        push(logCollectionOffer(context, false));
      },
      // Back in the step (language switch, "continue", help): every machine's card again, then the verdict.
      presentDiagnoses: ({ context, event }) => {
        if (arrivedByJob(event)) return;
        for (const summary of context.diagnoses ?? []) push(diagnosisCard(context, summary));
        summarise(context);
      },
      remindDiagnosing: ({ context }) => say('diagnosing.inProgress', { count: inFlight(context) }),
      remindDiagnosed: ({ context }) => say('diagnosed.reminder', { caseNumber: caseNumberOf(context) }),
      requestEngineer: ({ context }) => {
        saveCase(context, {
          status: 'awaiting-engineer',
          timeline: { actor: 'user', what: 'Asked to talk to an engineer.' },
        });
        push({ kind: 'escalate', caseNumber: caseNumberOf(context), reason: 'user-request' });
        say('engineer.noted', { caseNumber: caseNumberOf(context) });
      },
      showGreetingCard: ({ context }) =>
        push({ kind: 'card', ...CARDS.greeting, data: greetingCardData(context) }),
      resumeCase: ({ context }) => say('case.resumed', { caseNumber: context.caseNumber ?? '' }),
      archiveCase: ({ context }) =>
        endCase(
          context,
          'archived',
          'new-case',
          { actor: 'user', what: 'Archived the case to start a new one.' },
          'case.archived',
        ),
      confirmLanguage: () => say('language.switched'),
      scheduleNudge: ({ context }) => {
        if (context.nudge === 'pending') push(followUpSchedule(deps, 0));
      },
      // Any user activity starts the step's series of reminders again from the first.
      refreshNudge: ({ context }) => {
        if (context.nudge === 'pending') push(followUpSchedule(deps, 0));
      },
      cancelNudge: () => push({ kind: 'cancelSchedule', key: NUDGE_KEY }),
      followUp: ({ context, event }) => {
        const n = followUpIndex(event);
        const caseNumber = context.caseNumber ?? '';
        if (n === 0) stepReminder(context, say);
        else if (event.type === 'reminder.due' && event.payload?.warn === true)
          say('followUp.archiveWarning', { caseNumber, days: daysUntilArchive(deps, n) });
        else say('followUp.stillNeedHelp', { caseNumber });
      },
      scheduleNextFollowUp: ({ event }) => push(followUpSchedule(deps, followUpIndex(event) + 1)),
      archiveForSilence: ({ context }) =>
        endCase(
          context,
          'archived',
          'no-reply',
          { actor: 'bot', what: 'Archived after the reminders went unanswered.' },
          'followUp.archived',
        ),
      pauseCase: ({ context }) => say('case.paused', { caseNumber: caseNumberOf(context) }),
      cancelCase: ({ context }) =>
        endCase(
          context,
          'closed',
          'cancelled',
          { actor: 'user', what: 'Cancelled the case.' },
          'case.cancelled',
        ),
      explainArchived: ({ context }) => say('archived.hint', { caseNumber: caseNumberOf(context) }),
      reopenCase: ({ context }) => {
        saveCase(context, {
          status: 'open',
          outcome: null,
          timeline: { actor: 'user', what: 'Reopened the case.' },
        });
        say('case.reopened', { caseNumber: caseNumberOf(context) });
      },
      explainNotArchived: ({ context }) => say('case.notArchived', { caseNumber: context.caseNumber ?? '' }),
      introduceRemediation: ({ context }) => {
        if (context.remediation)
          say('remediation.intro', {
            count: context.remediation.stages.length,
            caseNumber: caseNumberOf(context),
          });
      },
      presentStage: ({ context }) => {
        if (context.remediation) push(stageEffect(context, context.remediation, false));
      },
      freezeStage: ({ context }) => {
        if (context.remediation) push(stageEffect(context, context.remediation, true));
      },
      // A stage's scripts go out with its card, once (not again when the step is re-entered).
      offerStageFiles: ({ context }) => {
        const state = context.remediation;
        if (!state || context.stageFilesOffered === state.current) return;
        for (const fileId of currentStage(state)?.fileIds ?? [])
          push({ kind: 'offerFile', fileId, caseNumber: caseNumberOf(context) });
      },
      saveRemediationStart: ({ context }) => {
        const state = context.remediation;
        if (!state) return;
        const plan = state.stages.map((stage, i) => `${i + 1}. ${stage.title.en}`).join('; ');
        saveCase(context, {
          status: 'awaiting-customer',
          findings: context.diagnoses ?? [],
          initialFindings: context.diagnoses ?? [],
          stages: state.stages,
          timeline: { actor: 'bot', what: `Proposed remediation in ${state.stages.length} stages: ${plan}.` },
        });
      },
      saveStageOutcome: ({ context }) => {
        const state = context.remediation;
        const stage = currentStage(state);
        if (!state || !stage) return;
        const code = stage.errorCode ? ` (${stage.errorCode})` : '';
        saveCase(context, {
          status: 'awaiting-customer',
          stages: state.stages,
          timeline: {
            actor: 'user',
            what: `Stage ${state.current + 1} (${stage.title.en}): ${STAGE_OUTCOME_WORDS[stage.outcome ?? 'failed']}${code}.`,
          },
        });
      },
      acknowledgeSkip: () => say('remediation.skipped'),
      remindStage: ({ context }) =>
        say('remediation.reminder', { title: titleOf(currentStage(context.remediation), context.locale) }),
      presentVerify: ({ context }) => {
        const state = context.remediation;
        if (!state) return;
        const code = currentStage(state)?.errorCode;
        const before = state.baseline.map((b) => b.errorCode).find((c) => c !== null);
        if (code && code !== before) say('verify.differentCode', { code });
        else say('verify.ask');
        push({
          kind: 'card',
          ...CARDS.verify,
          data: verifyCardData(state, caseNumberOf(context), context.locale),
        });
      },
      freezeVerify: ({ context }, params: { answer: 'next' | 'logs' }) => {
        if (!context.remediation) return;
        push({
          kind: 'updateCard',
          ...CARDS.verify,
          data: verifyCardData(context.remediation, caseNumberOf(context), context.locale, params.answer),
        });
      },
      offerNewLogs: ({ context }) => {
        say('verify.sendLogs', { caseNumber: caseNumberOf(context) });
        push(logCollectionOffer(context, false));
      },
      remindVerify: () => say('verify.reminder'),
      backToEngineer: ({ context }) => {
        saveCase(context, {
          status: 'with-engineer',
          timeline: { actor: 'user', what: 'Did not agree to close the case; back with the engineer.' },
        });
        say('engineer.continues', { name: context.engineer ?? '' });
        push({ kind: 'relay', caseNumber: caseNumberOf(context), message: { kind: 'closureDeclined' } });
      },
      acknowledgeNewCode: ({ event }) => say('verify.differentCode', { code: pastedCode(event) ?? '' }),
      reportComparison: ({ context, event }) => {
        const comparison = comparisonOf(context, event);
        if (!comparison) return;
        if (comparison.kind === 'clean') say('compare.clean', { machine: comparison.machine });
        else if (comparison.kind === 'same')
          say('compare.same', { machine: comparison.machine, code: comparison.code });
        else
          say('compare.different', {
            machine: comparison.machine,
            before: comparison.before ?? '-',
            after: comparison.after,
          });
      },
      saveComparison: ({ context, event }) => {
        const comparison = comparisonOf(context, event);
        if (!comparison) return;
        saveCase(context, {
          status: 'awaiting-customer',
          findings: context.diagnoses ?? [],
          ...(context.remediation ? { stages: context.remediation.stages } : {}),
          timeline: { actor: 'bot', what: comparisonTimelineLine(comparison) },
        });
      },
      escalateOutOfStages: ({ context }) => {
        saveCase(context, {
          status: 'awaiting-engineer',
          ...(context.remediation ? { stages: context.remediation.stages } : {}),
          timeline: {
            actor: 'bot',
            what: 'Every remediation stage was tried or skipped; handed to the engineers.',
          },
        });
        push({ kind: 'escalate', caseNumber: caseNumberOf(context), reason: 'out-of-stages' });
      },
      presentExhausted: ({ context }) => say('remediation.exhausted', { caseNumber: caseNumberOf(context) }),
      remindExhausted: () => say('exhausted.reminder'),
      presentClosure: ({ context }) =>
        push({ kind: 'card', ...CARDS.closure, data: closureCardData(context, '') }),
      freezeClosureAccepted: ({ context }) =>
        push({ kind: 'updateCard', ...CARDS.closure, data: closureCardData(context, 'accepted') }),
      freezeClosureDeclined: ({ context }) =>
        push({ kind: 'updateCard', ...CARDS.closure, data: closureCardData(context, 'declined') }),
      saveClosure: ({ context }) => {
        saveCase(context, {
          status: 'archived',
          outcome: context.resolved ? 'resolved' : 'unresolved',
          findings: context.diagnoses ?? [],
          ...(context.remediation ? { stages: context.remediation.stages } : {}),
          timeline: { actor: 'user', what: 'Consented to archiving the case.' },
        });
        say('closure.archived', { caseNumber: caseNumberOf(context) });
      },
      presentMonitoring: () => say('closure.notYet'),
      remindClosing: () => say('closing.reminder'),
      presentSurvey: ({ context }) =>
        push({
          kind: 'card',
          ...CARDS.survey,
          data: { caseNumber: caseNumberOf(context), answered: false, score: 0 },
        }),
      freezeSurvey: ({ context, event }) =>
        push({
          kind: 'updateCard',
          ...CARDS.survey,
          data: { caseNumber: caseNumberOf(context), answered: true, score: surveyScoreOf(event) ?? 0 },
        }),
      saveSurvey: ({ context, event }) => {
        const score = surveyScoreOf(event);
        if (score === undefined) return;
        const comment = surveyCommentOf(event);
        saveCase(context, {
          status: 'archived',
          survey: comment ? { score, comment } : { score },
          timeline: { actor: 'user', what: `Survey: ${score}/5${comment ? ` — ${comment}` : ''}` },
        });
        if (score <= 2) push({ kind: 'escalate', caseNumber: caseNumberOf(context), reason: 'low-survey' });
      },
      thankForSurvey: ({ event }) => {
        const score = surveyScoreOf(event) ?? 0;
        say(score <= 2 ? 'survey.thanksLow' : 'survey.thanks');
      },
      remindSurvey: () => say('survey.reminder'),
      showCaseSummary: ({ context }) => push({ kind: 'showSummary', caseNumber: caseNumberOf(context) }),
      announceClosed: ({ context }) => say('case.closed', { caseNumber: caseNumberOf(context) }),
      escalateFor: ({ context }, params) => {
        if (params.ifPlanAsks && !planAsksForEngineer(context)) return;
        saveCase(context, {
          status: 'awaiting-engineer',
          timeline: { actor: 'bot', what: `Handed to the engineers (${params.reason}).` },
        });
        push({ kind: 'escalate', caseNumber: caseNumberOf(context), reason: params.reason });
        say('engineer.autoEscalated', { caseNumber: caseNumberOf(context) });
      },
      caseClosed: ({ context }) => push({ kind: 'caseClosed', caseNumber: caseNumberOf(context) }),
      announceEngineer: ({ context, event }) => {
        if (event.type !== 'engineer.joined') return;
        saveCase(context, { status: 'with-engineer' });
        say('engineer.joined', { name: event.name, caseNumber: caseNumberOf(context) });
      },
      relayToEngineer: ({ context, event }) => {
        if (event.type !== 'user.message') return;
        // Both sides of the conversation are on the record (the desk records the engineer's side).
        saveCase(context, {
          status: 'with-engineer',
          timeline: { actor: 'user', what: `To the engineer: ${event.text}` },
        });
        push({
          kind: 'relay',
          caseNumber: caseNumberOf(context),
          message: { kind: 'text', text: event.text },
        });
      },
      relayFileToEngineer: ({ context, event }) =>
        push({
          kind: 'relay',
          caseNumber: caseNumberOf(context),
          message: { kind: 'file', name: fileNameOf(event) },
        }),
      relayUploadToEngineer: ({ context, event }) => {
        if (event.type !== 'upload.received') return;
        push({
          kind: 'relay',
          caseNumber: caseNumberOf(context),
          message: { kind: 'upload', name: event.name, uploadId: event.uploadId },
        });
      },
      relayDiagnosisToEngineer: ({ context, event }) => {
        if (event.type !== 'diagnosis.done') return;
        const { machine, errorCode, symbolicName } = event.summary;
        push({
          kind: 'relay',
          caseNumber: caseNumberOf(context),
          message: { kind: 'diagnosis', machine, errorCode, symbolicName },
        });
      },
      sendEngineerFile: ({ context, event }) => {
        if (event.type !== 'engineer.file') return;
        say('engineer.sentFile', { name: event.name });
        push({ kind: 'offerFile', fileId: event.fileId, caseNumber: caseNumberOf(context) });
      },
      sayEngineerMessage: ({ event }) => {
        if (event.type === 'engineer.message') say('engineer.says', { name: event.name, text: event.text });
      },
      announceHandback: ({ context, event }) => {
        saveCase(context, { status: 'open' });
        say('engineer.handedBack', { name: event.type === 'engineer.handback' ? event.name : '' });
      },
      announceEngineerClosing: ({ context, event }) => {
        saveCase(context, { status: 'awaiting-customer' });
        say('engineer.closing', { name: event.type === 'engineer.close' ? event.name : '' });
      },
      explainWithEngineer: ({ context }) => say('withEngineer.cardIgnored', { name: context.engineer ?? '' }),
      explainHelp: () => say('help'),
      answerUnknown: () => say('notUnderstood'),
      explainCardExpired: () => say('card.expired'),
    },
  });
}

/**
 * The status a save records: while the case waits for or is with an engineer, the bot's own steps do not
 * make it "open" or "awaiting the customer" again (the engineers' queue reads the status).
 */
function planAsksForEngineer(context: CaseContext): boolean {
  return context.remediation?.stages.some((stage) => stage.escalate === true) ?? false;
}

function effectiveStatus(context: CaseContext, status: CaseRecordPatch['status']): CaseRecordPatch['status'] {
  if (status !== 'open' && status !== 'awaiting-customer') return status;
  if (context.engineer) return 'with-engineer';
  return context.escalated ? 'awaiting-engineer' : status;
}

/**
 * The `n`-th reminder of a step's series, due `followUpsMs[n] - followUpsMs[n - 1]` after the one before.
 * The payload tells the machine which it is: the one before last warns, the last archives.
 */
function followUpSchedule(deps: CaseMachineDeps, n: number): Effect {
  const series = deps.settings.followUpsMs;
  const delayMs = Math.max(0, (series[n] ?? 0) - (n > 0 ? (series[n - 1] ?? 0) : 0));
  const last = n >= series.length - 1;
  const warn = n > 0 && n === series.length - 2;
  return { kind: 'schedule', key: NUDGE_KEY, timerKind: 'nudge', delayMs, payload: { n, last, warn } };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from reminder `n` to the archiving one (at least 1: "tomorrow" rather than "in 0 days"). */
function daysUntilArchive(deps: CaseMachineDeps, n: number): number {
  const series = deps.settings.followUpsMs;
  return Math.max(1, Math.round(((series.at(-1) ?? 0) - (series[n] ?? 0)) / DAY_MS));
}

/** The first reminder of a step: it names what the step is waiting for. */
function stepReminder(
  context: CaseContext,
  say: (key: SayKey, params?: Record<string, string | number>) => void,
) {
  const caseNumber = context.caseNumber ?? '';
  switch (context.step) {
    case 'logs':
      return say('nudge.logs', {
        caseNumber,
        received: machinesReceived(context),
        expected: expectedMachines(context),
      });
    case 'scope':
      return say('nudge.scope');
    case 'remediation':
      return say('nudge.remediation', {
        caseNumber,
        title: titleOf(currentStage(context.remediation), context.locale),
      });
    case 'diagnosed':
    case 'verify':
    case 'exhausted':
    case 'closing':
    case 'monitoring':
      return say(`nudge.${context.step}`, { caseNumber });
    default:
      return say('nudge.problem');
  }
}

const STAGE_OUTCOME_WORDS: Record<'fixed' | 'failed' | 'skipped', string> = {
  fixed: 'fixed',
  failed: 'still failing',
  skipped: 'could not be done, skipped',
};

function comparisonTimelineLine(comparison: Comparison): string {
  if (comparison.kind === 'clean')
    return `New logs of ${comparison.machine}: no failure any more (was ${comparison.before ?? 'none'}).`;
  if (comparison.kind === 'same') return `New logs of ${comparison.machine}: still ${comparison.code}.`;
  return `New logs of ${comparison.machine}: now ${comparison.after} (was ${comparison.before ?? 'none'}).`;
}

function stageEffect(context: CaseContext, state: RemediationState, update: boolean): Effect {
  const stage = state.stages[state.current];
  return {
    kind: 'showStage',
    caseNumber: caseNumberOf(context),
    stage,
    index: state.current,
    count: state.stages.length,
    causeId: state.causeId,
    ...(state.environment ? { environment: state.environment } : {}),
    ...(update ? { update: true } : {}),
  };
}

function closureCardData(
  context: CaseContext,
  answered: '' | 'accepted' | 'declined',
): Record<string, unknown> {
  return { caseNumber: caseNumberOf(context), resolved: context.resolved === true, answered };
}

function caseNumberOf(context: CaseContext): string {
  if (context.caseNumber === undefined) throw new Error('caseMachine: no case is open in this conversation');
  return context.caseNumber;
}

function fileNameOf(event: MachineEvent): string {
  return event.type === 'file.received' ? event.name : '';
}

function uploadNameOf(event: MachineEvent): string {
  return event.type === 'upload.received' ? event.name : '';
}

/** The log-collection card with the case's upload link (added by the runner); `update` replaces it in place. */
function logCollectionOffer(context: CaseContext, update: boolean): Effect {
  const offer: Effect = {
    kind: 'offerUpload',
    caseNumber: caseNumberOf(context),
    ...CARDS.logCollection,
    data: logCollectionCardData(context, caseNumberOf(context)),
  };
  return update ? { ...offer, update: true } : offer;
}

function diagnosisCard(context: CaseContext, summary: DiagnosisSummary): Effect {
  return {
    kind: 'card',
    cardId: CARDS.diagnosis.cardId,
    slot: `${CARDS.diagnosis.slot}:${summary.uploadId}`,
    data: diagnosisCardData(summary, caseNumberOf(context), context.locale),
  };
}

function diagnosisTimelineLine(summary: DiagnosisSummary): string {
  const verdict = summary.errorCode === null ? 'no decisive failure in the logs' : reasonOf(summary, 'en');
  const missing = summary.missingLogs.length > 0 ? `; missing logs: ${summary.missingLogs.join(', ')}` : '';
  return `Diagnosed ${summary.machine} (upload ${summary.uploadId}): ${verdict}${missing}.`;
}

/**
 * The file's name and the job's details for a refusal message. A detail the job did not give shows as
 * "?" rather than as a raw placeholder.
 */
function failureParams(
  name: string,
  params: Record<string, string | number> | undefined,
): Record<string, string | number> {
  return { limitMb: '?', detail: '?', missing: '?', status: '?', ...params, name };
}

/** The scope card binds the confirmed facts and the corrections so far; its wording is in the catalogs. */
function scopeCardData(context: CaseContext): Record<string, unknown> {
  return {
    ...problemCardData(context.problem, context.caseNumber, true),
    corrections: context.scopeCorrections.map((text) => ({ text })),
    hasCorrections: context.scopeCorrections.length > 0,
    accepted: context.scopeConfirmed,
  };
}

function greetingCardData(context: CaseContext): Record<string, unknown> {
  return problemCardData(context.problem, context.caseNumber, context.problemConfirmed);
}
