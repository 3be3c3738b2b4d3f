/**
 * The case lifecycle as an XState v5 machine: first message -> problem definition -> scope -> log
 * collection -> diagnosis -> remediation stages with verification -> closure with consent -> survey ->
 * summary, with reminders on silence and archiving. Actions only push effects to an Outbox given at runtime.
 * This file holds the machine's setup (context updates), its top-level states and what `active` answers in
 * every step; beside it: caseContext.ts (context, deps), caseReading.ts (what an event says), caseGuards.ts,
 * caseTransitions.ts (shared transitions), caseSteps.ts (the steps of an open case, by phase),
 * caseEffectNames.ts + caseEffects.ts (the effects, declared and implemented), caseCards.ts (card data),
 * events.ts + understand.ts (the named events the machine takes).
 */
import { CLOSURE_STEPS, LOG_STEPS, PROBLEM_STEPS, REMEDIATION_STEPS } from './caseSteps';
import { notProvided, effectPlaceholders } from './caseEffectNames';
import { onEveryCard, STALE_CARD, ENGINEER_BY_CARD } from './caseTransitions';
import {
  textOf,
  pastedCode,
  comparisonOf,
  markedRemediation,
  failedIfOpen,
  requestedLocale,
  scopeCorrectionOf,
  progressAfter,
  confirmedProblem,
  planAsksForEngineer,
  saidInCase,
  remediationAfterReport,
  reportQuestionOf,
} from './caseReading';
import type { CaseContext, CaseInput, CaseMachineDeps, NudgeState, Step } from './caseContext';
import { and, assign, not, or, setup, stateIn } from 'xstate';
import type { EscalationReason } from '../src/domain/caseRecord';
import { type MachineEvent } from './events';
import type { DiagnosisSummary } from '../src/domain/diagnosis';
import { DEFAULT_LOCALE } from '../src/domain/locale';
import type { UploadEntry } from './logs';
import { advanced, bringsNewStages, planFor, replanned } from '../src/domain/plan';
import { EMPTY_PROBLEM, draftFromText, mergeCorrection } from './problem';

import { caseEffects } from './caseEffects';
import { caseGuards } from './caseGuards';
/** Bump when a persisted snapshot of the previous version would no longer restore correctly. */
export const MACHINE_VERSION = 1;

/**
 * Snapshot migrations. Key `n` turns a persisted snapshot written by machine version `n` into one
 * of version `n + 1`; the runner applies them in a chain up to MACHINE_VERSION and, where a step is
 * missing, resets the conversation with a message instead of restoring (XState throws on states that
 * no longer exist). Each migration is pure and must not assume anything outside the snapshot.
 */
export const migrations: Record<number, (persisted: unknown) => unknown> = {};

/** What every diagnosis result does first: keep it, show its card, save it on the record, update the log card. */
const SHOW_DIAGNOSIS = ['recordDiagnosis', 'showDiagnosis', 'saveDiagnosis', 'updateLogCard'] as const;

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
      remediation: ({ context }) => planFor(context.diagnoses ?? [], saidInCase(context)),
      resolved: false,
    }),
    markStage: assign({
      remediation: ({ context, event }, params: { outcome: 'fixed' | 'failed' | 'skipped' }) =>
        markedRemediation(context, params.outcome, pastedCode(event), textOf(event)),
    }),
    advanceStage: assign({
      remediation: ({ context }) => (context.remediation ? advanced(context.remediation) : undefined),
    }),
    applyReport: assign({
      remediation: ({ context, event }) => remediationAfterReport(context, event),
      pendingReport: undefined,
    }),
    holdReport: assign({ pendingReport: ({ context, event }) => reportQuestionOf(context, event) }),
    markStageFilesOffered: assign({ stageFilesOffered: ({ context }) => context.remediation?.current }),
    applyComparison: assign({
      remediation: ({ context, event }) => {
        const comparison = comparisonOf(context, event);
        if (
          !comparison ||
          comparison.kind === 'clean' ||
          comparison.kind === 'no-failure' ||
          event.type !== 'diagnosis.done'
        )
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
      pendingReport: undefined,
      stageFilesOffered: undefined,
      resolved: undefined,
      step: undefined,
      escalated: false,
      engineer: undefined,
    }),
  },
  guards: caseGuards,
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
    'card.other-case': { actions: 'explainOtherCaseCard' },
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
            actions: [...SHOW_DIAGNOSIS],
          },
          // During remediation: compared with the first diagnosis; clean logs lead to closure, a failure
          // to the next untried stage (or the stages of a newly found cause), none left to an engineer.
          // Logs without a failure from a machine that never failed say nothing of the stage: the step stays.
          {
            guard: and(['isKnownUpload', 'remediationStarted', 'comparesNoFailure']),
            actions: [...SHOW_DIAGNOSIS, 'reportComparison', 'saveComparison', 'refreshNudge'],
          },
          {
            guard: and(['isKnownUpload', 'remediationStarted', 'comparesClean']),
            target: '.closing',
            actions: [...SHOW_DIAGNOSIS, 'reportComparison', 'markResolved', 'saveComparison'],
          },
          {
            guard: and(['isKnownUpload', 'remediationStarted', 'leavesStagesToTry']),
            target: '.remediating',
            reenter: true,
            actions: [...SHOW_DIAGNOSIS, 'reportComparison', 'applyComparison', 'saveComparison'],
          },
          {
            guard: and(['isKnownUpload', 'remediationStarted']),
            target: '.exhausted',
            actions: [
              ...SHOW_DIAGNOSIS,
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
              ...SHOW_DIAGNOSIS,
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
              ...SHOW_DIAGNOSIS,
              'summariseDiagnoses',
              // No plan from the logs: an engineer looks at it (the user may still send more logs).
              'markEscalated',
              { type: 'escalateFor', params: { reason: 'inconclusive' } },
            ],
          },
          {
            guard: and(['isKnownUpload', 'leadsToDiagnosing']),
            target: '.diagnosing',
            actions: [...SHOW_DIAGNOSIS, 'reportDiagnosisProgress'],
          },
          // Still waiting for logs and staying there: no re-entry, so a spent reminder stays spent.
          {
            guard: and(['isKnownUpload', stateIn({ active: 'awaitingLogs' })]),
            actions: [...SHOW_DIAGNOSIS, 'reportDiagnosisProgress', 'refreshNudge'],
          },
          {
            guard: 'isKnownUpload',
            target: '.awaitingLogs',
            actions: [...SHOW_DIAGNOSIS, 'reportDiagnosisProgress'],
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
        ...PROBLEM_STEPS,
        ...LOG_STEPS,
        ...REMEDIATION_STEPS,
        ...CLOSURE_STEPS,
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

/** The machine with every effect wired to push commands to `deps.outbox` (caseEffects.ts). */
export function provideCaseMachine(deps: CaseMachineDeps) {
  return caseMachine.provide({ actions: caseEffects(deps) });
}
