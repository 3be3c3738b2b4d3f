/**
 * The case lifecycle as an XState v5 machine: first message -> problem definition -> scope -> log
 * collection -> diagnosis (later steps extend it). Actions only push effects to an Outbox given at runtime.
 */
import { and, assign, or, setup, stateIn } from 'xstate';
import type { CaseRecordPatch, Effect, Outbox } from './effects';
import type { CaseEvent, DiagnosisSummary } from './events';
import { classifyIntent, languageRequest, resolveLanguageRequest } from './intents';
import type { Intent } from './intents';
import { DEFAULT_LOCALE } from './locale';
import type { Locale } from './locale';
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
import { CARDS, VERBS, diagnosisFailureKey, refusalKey } from './messages';
import type { SayKey } from './messages';
import {
  EMPTY_PROBLEM,
  describesProblem,
  draftFromText,
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

/** Whether the silence reminder of the current step is still to come, already said, or not armed. */
export type NudgeState = 'none' | 'pending' | 'spent';

export type NudgeStep = 'problem' | 'scope' | 'logs';

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
}

export interface CaseInput {
  locale: Locale;
}

export interface CaseMachineDeps {
  outbox: Outbox;
  newCaseNumber(): string;
  settings: { nudgeAfterMs: number };
}

const NUDGE_KEY = 'nudge';

/** Routing intents are answered the same way in every step (by the `active` parent state). */
const ROUTING_INTENTS: ReadonlySet<Intent> = new Set(['greeting', 'help', 'newCase', 'continue']);

function textOf(event: CaseEvent): string | undefined {
  return event.type === 'user.message' ? event.text : undefined;
}

function intentOf(event: CaseEvent): Intent | undefined {
  const text = textOf(event);
  return text === undefined ? undefined : classifyIntent(text);
}

/** The locale a language event or a "English" / "中文" message asks for. */
function requestedLocale(context: CaseContext, event: CaseEvent): Locale {
  if (event.type === 'language.switch') return event.locale;
  const request = languageRequest(textOf(event) ?? '');
  return request ? resolveLanguageRequest(request, context.locale) : context.locale;
}

/** The correction a user gave on the scope: the card's comment box or a chat message. */
function scopeCorrectionOf(event: CaseEvent): string {
  if (event.type === 'card.submit')
    return typeof event.data.comment === 'string' ? event.data.comment.trim() : '';
  return textOf(event)?.trim() ?? '';
}

/** Results of background jobs (intake, diagnosis): they present themselves in their own transitions. */
const JOB_EVENTS: ReadonlySet<CaseEvent['type']> = new Set([
  'upload.received',
  'upload.refused',
  'diagnosis.done',
  'diagnosis.failed',
]);

/**
 * A step entered because a job reported (rather than because the user arrived or came back) has already
 * been presented by that transition: its entry must not post its card again.
 */
function arrivedByJob(event: CaseEvent): boolean {
  return JOB_EVENTS.has(event.type);
}

/** Refusals that concern the link itself: the card gets a fresh one. */
const LINK_REFUSALS: ReadonlySet<string> = new Set(['expired-link', 'invalid-link', 'revoked-link']);

/** The case's log work as it will be once `event` (a job's result) is applied. */
function progressAfter(context: CaseContext, event: CaseEvent): LogsProgress {
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
function phaseAfter(context: CaseContext, event: CaseEvent): LogsPhase {
  const after = progressAfter(context, event);
  if (event.type === 'diagnosis.failed') return inFlight(after) > 0 ? 'diagnosing' : 'awaitingLogs';
  return phaseOf(after);
}

function jobUploadId(event: CaseEvent): string | undefined {
  if (event.type === 'diagnosis.done') return event.summary.uploadId;
  if (event.type === 'diagnosis.failed') return event.uploadId;
  return undefined;
}

function confirmedProblem(context: CaseContext, event: CaseEvent): ProblemDraft {
  return event.type === 'card.submit' ? problemFromCardInputs(event.data, context.problem) : context.problem;
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
] as const;

type EffectName = (typeof effectNames)[number];

const effectPlaceholders = Object.fromEntries(effectNames.map((name) => [name, notProvided(name)])) as Record<
  EffectName,
  () => never
>;

export const caseMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseEvent,
    // Optional so that restoring a persisted snapshot needs no input (`void`, because setup() drops an
    // `| undefined` from the inferred input type); a new conversation passes one.
    input: {} as CaseInput | void,
  },
  actions: {
    ...effectPlaceholders,
    nudge: (_args, _params: { step: NudgeStep }) => notProvided('nudge')(),
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
    armNudge: assign({ nudge: 'pending' as NudgeState }),
    spendNudge: assign({ nudge: 'spent' as NudgeState }),
    disarmNudge: assign({ nudge: 'none' as NudgeState }),
    clearCase: assign({
      caseNumber: undefined,
      problem: EMPTY_PROBLEM,
      problemConfirmed: false,
      scopeConfirmed: false,
      scopeCorrections: [] as string[],
      uploads: [] as UploadEntry[],
      diagnoses: [] as DiagnosisSummary[],
      collectorOffered: false,
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
    isGreeting: ({ event }) => intentOf(event) === 'greeting',
    asksForHelp: ({ event }) => intentOf(event) === 'help',
    asksForNewCase: ({ event }) => intentOf(event) === 'newCase',
    asksToContinue: ({ event }) => intentOf(event) === 'continue',
    asksForLanguage: ({ event }) =>
      event.type === 'user.message' && languageRequest(event.text) !== undefined,
    hasOpenCase: ({ context }) => context.caseNumber !== undefined,
    isVerb: ({ event }, params: { verb: string }) =>
      event.type === 'card.submit' && event.verb === params.verb,
    hasScopeComment: ({ event }) => scopeCorrectionOf(event) !== '',
    nudgeIsDue: ({ context, event }) =>
      event.type === 'reminder.due' && event.kind === 'nudge' && context.nudge === 'pending',
    // Set on accepting the scope and cleared with the case: the log steps (awaitingLogs, diagnosing, diagnosed).
    scopeAccepted: ({ context }) => context.scopeConfirmed,
    hasAttachmentUrl: ({ event }) => event.type === 'file.received' && Boolean(event.url),
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
        'card.submit': { target: 'active.awaitingProblem', actions: 'greet' },
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
        'card.submit': [
          // The diagnosis card's buttons work in every log step (it is shown from the first diagnosis on).
          {
            guard: and([
              { type: 'isVerb', params: { verb: VERBS.diagnosisMoreLogs } },
              stateIn({ active: 'diagnosing' }),
            ]),
            actions: 'offerLogCollection',
          },
          {
            guard: and([{ type: 'isVerb', params: { verb: VERBS.diagnosisMoreLogs } }, 'scopeAccepted']),
            target: '.awaitingLogs',
            reenter: true,
          },
          {
            guard: and([{ type: 'isVerb', params: { verb: VERBS.diagnosisEngineer } }, 'scopeAccepted']),
            actions: ['requestEngineer', 'refreshNudge'],
          },
          {
            guard: { type: 'isVerb', params: { verb: VERBS.greetingContinue } },
            target: '.resume',
            reenter: true,
            actions: 'resumeCase',
          },
          {
            guard: and([{ type: 'isVerb', params: { verb: VERBS.greetingNew } }, 'hasOpenCase']),
            target: '.awaitingProblem',
            reenter: true,
            actions: ['archiveCase', 'clearCase'],
          },
          {
            guard: { type: 'isVerb', params: { verb: VERBS.greetingNew } },
            target: '.resume',
            reenter: true,
          },
          // A button on a card from an earlier step: say so rather than act on stale input.
          { actions: ['explainCardExpired', 'refreshNudge'] },
        ],
        'file.received': [
          { guard: and(['scopeAccepted', 'hasAttachmentUrl']), actions: ['fetchAttachment', 'refreshNudge'] },
          { guard: 'scopeAccepted', actions: ['explainMissingUrl', 'refreshNudge'] },
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
          {
            guard: and(['isKnownUpload', 'leadsToDiagnosed']),
            target: '.diagnosed',
            actions: [
              'recordDiagnosis',
              'showDiagnosis',
              'saveDiagnosis',
              'updateLogCard',
              'summariseDiagnoses',
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
          entry: ['showProblemCard', 'armNudge', 'scheduleNudge'],
          exit: ['cancelNudge', 'disarmNudge'],
          on: {
            'card.submit': {
              guard: { type: 'isVerb', params: { verb: VERBS.problemConfirm } },
              target: 'confirmingScope',
              actions: ['confirmProblem', 'saveProblem', 'freezeProblemCard', 'announceScope'],
            },
            'user.message': [
              {
                guard: 'isYes',
                target: 'confirmingScope',
                actions: ['confirmProblem', 'saveProblem', 'freezeProblemCard', 'announceScope'],
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
            'reminder.due': {
              guard: 'nudgeIsDue',
              actions: [{ type: 'nudge', params: { step: 'problem' } }, 'spendNudge'],
            },
          },
        },
        confirmingScope: {
          entry: ['showScope', 'armNudge', 'scheduleNudge'],
          exit: ['cancelNudge', 'disarmNudge'],
          on: {
            'card.submit': [
              {
                guard: { type: 'isVerb', params: { verb: VERBS.scopeAccept } },
                target: 'awaitingLogs',
                actions: ['markScopeConfirmed', 'acceptScope', 'freezeScopeCard'],
              },
              {
                guard: and([{ type: 'isVerb', params: { verb: VERBS.scopeCorrect } }, 'hasScopeComment']),
                target: 'confirmingScope',
                reenter: true,
                actions: ['recordScopeCorrection', 'saveScopeCorrection', 'acknowledgeScopeCorrection'],
              },
              {
                guard: { type: 'isVerb', params: { verb: VERBS.scopeCorrect } },
                actions: ['askScopeCorrection', 'refreshNudge'],
              },
            ],
            'user.message': [
              {
                guard: 'isYes',
                target: 'awaitingLogs',
                actions: ['markScopeConfirmed', 'acceptScope', 'freezeScopeCard'],
              },
              { guard: 'isNo', actions: ['askScopeCorrection', 'refreshNudge'] },
              {
                guard: 'isPlainText',
                target: 'confirmingScope',
                reenter: true,
                actions: ['recordScopeCorrection', 'saveScopeCorrection', 'acknowledgeScopeCorrection'],
              },
            ],
            'reminder.due': {
              guard: 'nudgeIsDue',
              actions: [{ type: 'nudge', params: { step: 'scope' } }, 'spendNudge'],
            },
          },
        },
        // The log-collection card (how to collect, the upload link, N of M machines received) and a reminder.
        awaitingLogs: {
          entry: ['offerLogCollection', 'markCollectorOffered', 'armNudge', 'scheduleNudge'],
          exit: ['cancelNudge', 'disarmNudge'],
          on: {
            'user.message': { guard: 'isPlainText', actions: ['remindLogs', 'refreshNudge'] },
            'reminder.due': {
              guard: 'nudgeIsDue',
              actions: [{ type: 'nudge', params: { step: 'logs' } }, 'spendNudge'],
            },
          },
        },
        // Uploads are being read; the job runner shows their progress, results arrive as events.
        diagnosing: {
          entry: 'presentDiagnosing',
          on: {
            'user.message': { guard: 'isPlainText', actions: 'remindDiagnosing' },
          },
        },
        // Every expected machine has a diagnosis (remediation stages come in a later issue).
        diagnosed: {
          entry: 'presentDiagnoses',
          on: {
            'user.message': { guard: 'isPlainText', actions: 'remindDiagnosed' },
          },
        },
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
      caseRecord: { caseNumber: caseNumberOf(context), locale: context.locale, ...patch },
    });
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
      fetchAttachment: ({ context, event }) => {
        if (event.type !== 'file.received' || !event.url) return;
        push({
          kind: 'fetchAttachment',
          caseNumber: caseNumberOf(context),
          name: event.name,
          url: event.url,
          contentType: event.contentType,
        });
        say('upload.fetching', { name: event.name });
      },
      explainMissingUrl: ({ event }) => say('upload.noUrl', { name: fileNameOf(event) }),
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
          status: 'open',
          timeline: { actor: 'user', what: 'Asked to talk to an engineer.' },
        });
        say('engineer.noted', { caseNumber: caseNumberOf(context) });
      },
      showGreetingCard: ({ context }) =>
        push({ kind: 'card', ...CARDS.greeting, data: greetingCardData(context) }),
      resumeCase: ({ context }) => say('case.resumed', { caseNumber: context.caseNumber ?? '' }),
      archiveCase: ({ context }) => {
        saveCase(context, {
          status: 'archived',
          timeline: { actor: 'user', what: 'Archived the case to start a new one.' },
        });
        say('case.archived', { caseNumber: caseNumberOf(context) });
      },
      confirmLanguage: () => say('language.switched'),
      scheduleNudge: () => push(nudgeSchedule(deps)),
      // Pushes the pending reminder back after user activity; a spent one stays spent (once per step).
      refreshNudge: ({ context }) => {
        if (context.nudge === 'pending') push(nudgeSchedule(deps));
      },
      cancelNudge: () => push({ kind: 'cancelSchedule', key: NUDGE_KEY }),
      nudge: ({ context }, params) => {
        if (params.step === 'logs') {
          say('nudge.logs', {
            caseNumber: caseNumberOf(context),
            received: machinesReceived(context),
            expected: expectedMachines(context),
          });
        } else say(params.step === 'problem' ? 'nudge.problem' : 'nudge.scope');
      },
      explainHelp: () => say('help'),
      answerUnknown: () => say('notUnderstood'),
      explainCardExpired: () => say('card.expired'),
    },
  });
}

function nudgeSchedule(deps: CaseMachineDeps): Effect {
  return { kind: 'schedule', key: NUDGE_KEY, timerKind: 'nudge', delayMs: deps.settings.nudgeAfterMs };
}

function caseNumberOf(context: CaseContext): string {
  if (context.caseNumber === undefined) throw new Error('caseMachine: no case is open in this conversation');
  return context.caseNumber;
}

function fileNameOf(event: CaseEvent): string {
  return event.type === 'file.received' ? event.name : '';
}

function uploadNameOf(event: CaseEvent): string {
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
