/**
 * The case lifecycle as an XState v5 machine: first message -> problem definition -> scope -> log
 * collection -> diagnosis -> remediation stages with verification -> closure with consent -> survey ->
 * summary, with reminders on silence and archiving. Actions never perform I/O: effects are emitted as
 * `effect` events (effects.ts), which the conversation runner collects.
 * This file holds the machine's setup (context updates), its top-level states and what the steps answer
 * wherever the case is; beside it: caseContext.ts (context, runtime inputs), caseReading.ts (what an event says),
 * caseGuards.ts, caseTransitions.ts (shared transitions), caseSteps.ts (the phases of an open case:
 * problem, logs, remediation, closure, as compound states), caseEndSteps.ts (survey, archived),
 * caseEngineer.ts (the engineer region beside the steps, and the case taken by an engineer),
 * caseMigrations.ts (persisted snapshots of earlier versions), caseEffects.ts (the effects;
 * engineerEffects.ts, reportEffects.ts and planEffects.ts hold their parts for an engineer's case, for
 * reports and for the plan's changes), caseCards.ts (card data), events.ts + understand.ts (named events),
 * caseRuntime.ts (what the runner gives each turn: case numbers, the reminders' configured delays).
 */
import { CLOSURE_PHASE, LOGS_PHASE, PROBLEM_PHASE, REMEDIATION_PHASE } from './caseSteps';
import { ARCHIVED, SURVEY } from './caseEndSteps';
import { onEveryCard, STALE_CARD, ENGINEER_BY_CARD, SHOW_DIAGNOSIS } from './caseTransitions';
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
  saidInCase,
  remediationAfterReport,
  reportQuestionOf,
  planChangeOf,
  newCaseNumberOf,
  placedLogs,
} from './caseReading';
import type { CaseContext, CaseInput, NudgeState, Step } from './caseContext';
import { and, assertEvent, assign, or, raise, setup, stateIn } from 'xstate';
import { type MachineEvent } from './events';
import type { EffectEvent } from './effects';
import { machineKeyOf, type DiagnosisSummary } from '../src/domain/diagnosis';
import { DEFAULT_LOCALE } from '../src/domain/locale';
import { machinesDiagnosed, type UploadEntry } from './logs';
import { advanced, bringsNewStages, planFor, replanned, withMachine } from '../src/domain/plan';
import { EMPTY_PROBLEM, draftFromText, mergeCorrection } from './problem';

import { caseEffects } from './caseEffects';
import { caseGuards } from './caseGuards';
import { ENGINEER_REGION, WITH_ENGINEER } from './caseEngineer';
/**
 * Bump when a persisted snapshot of the previous version would no longer restore correctly, and add its
 * migration (caseMigrations.ts). Version 2: the steps of an open case grouped into phases. Version 3: the
 * steps a region of `active` (`active.steps`), beside the engineer region (`active.engineer`).
 */
export const MACHINE_VERSION = 3;
export { migrations } from './caseMigrations';

export const caseMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as MachineEvent,
    emitted: {} as EffectEvent,
    // Optional so that restoring a persisted snapshot needs no input (`void`, because setup() drops an
    // `| undefined` from the inferred input type); a new conversation passes one.
    input: {} as CaseInput | void,
  },
  actions: {
    ...caseEffects,
    allocateCaseNumber: assign({ caseNumber: ({ event }) => newCaseNumberOf(event) }),
    takeProblemDraft: assign({ problem: ({ event }) => draftFromText(textOf(event) ?? '') }),
    // "先处理这一台": the case goes on with the machines whose logs are in (the others may follow later).
    proceedWithReceived: assign({
      problem: ({ context }) => ({ ...context.problem, machineCount: machinesDiagnosed(context) }),
    }),
    // Contact details sent on their own while logs are awaited: only the contact changes.
    takeContact: assign({
      problem: ({ context, event }) => ({
        ...context.problem,
        contact: mergeCorrection(context.problem, textOf(event) ?? '', { appendNarrative: false }).contact,
      }),
    }),
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
      locale: ({ context, event }) => {
        assertEvent(event, 'user.message');
        return !context.localeChosen && event.locale ? event.locale : context.locale;
      },
    }),
    // A pause outlasts steps: only "continue" lifts it.
    armNudge: assign({ nudge: ({ context }) => (context.nudge === 'paused' ? 'paused' : 'pending') }),
    disarmNudge: assign({ nudge: ({ context }) => (context.nudge === 'paused' ? 'paused' : 'none') }),
    markPaused: assign({ nudge: 'paused' as NudgeState }),
    liftPause: assign({ nudge: 'none' as NudgeState }),
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
    // The plan as the user's words about their machines leave it (see planChangeOf).
    takeCircumstances: assign({
      remediation: ({ context, event }) => planChangeOf(context, event)?.after ?? context.remediation,
    }),
    // Back from the exhausted stages: to the current stage if open again, else to the next open one.
    moveToOpenStage: assign({
      remediation: ({ context }) => {
        const state = context.remediation;
        return state && state.stages[state.current]?.outcome !== undefined ? advanced(state) : state;
      },
    }),
    holdReport: assign({ pendingReport: ({ context, event }) => reportQuestionOf(context, event) }),
    markStageFilesOffered: assign({ stageFilesOffered: ({ context }) => context.remediation?.current }),
    applyComparison: assign({
      remediation: ({ context, event }) => {
        assertEvent(event, 'diagnosis.done');
        const comparison = comparisonOf(context, event);
        if (!comparison || comparison.kind === 'clean' || comparison.kind === 'no-failure')
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
    // A machine outside the case whose new logs fail joins it (after the comparison is told and saved).
    addMachine: assign({
      remediation: ({ context, event }) => {
        assertEvent(event, 'diagnosis.done');
        return context.remediation ? withMachine(context.remediation, event.summary) : undefined;
      },
    }),
    // New logs that no machine of the case can be told from wait for the user's "which terminal" answer.
    holdLogs: assign({
      heldLogs: ({ event }) => {
        assertEvent(event, 'diagnosis.done');
        return event.summary;
      },
    }),
    // The answer places them: they come again as the chosen machine's logs (compared as any new logs are) …
    raisePlacedLogs: raise(({ context, event }) => ({
      type: 'diagnosis.done' as const,
      summary: placedLogs(context, event) ?? context.heldLogs!,
    })),
    // … and the diagnosis kept for them under the name they arrived with goes.
    dropHeldLogs: assign(({ context }) => {
      const held = context.heldLogs;
      if (!held) return {};
      const key = machineKeyOf(held);
      return {
        heldLogs: undefined,
        diagnoses: (context.diagnoses ?? []).filter((d) => machineKeyOf(d) !== key),
        uploads: (context.uploads ?? []).map((u) =>
          u.machineKeys ? { ...u, machineKeys: u.machineKeys.filter((k) => k !== key) } : u,
        ),
      };
    }),
    markResolved: assign({ resolved: true }),
    markUnresolved: assign({ resolved: false }),
    noteEngineer: assign({
      engineer: ({ event }) => {
        assertEvent(event, 'engineer.joined');
        return event.name;
      },
    }),
    clearEngineer: assign({ engineer: undefined }),
    // Whether the engineer region waits, for the effects (which see the context, not the state): written
    // only by the entries of its states and of `withEngineer` (caseEngineer.ts).
    noteEscalated: assign({ escalated: true }),
    noteNotEscalated: assign({ escalated: false }),
    // The steps ask for an engineer, or stop waiting for one (cancelled, closed, a new case).
    wantEngineer: raise({ type: 'engineer.wanted' }),
    releaseEngineer: raise({ type: 'engineer.released' }),
    // … or only if the plan just made asks for one (the region checks when it takes the event).
    wantEngineerIfPlanAsks: raise({ type: 'engineer.wanted', ifPlanAsks: true }),
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
      heldLogs: undefined,
      proceedNoted: undefined,
      stageFilesOffered: undefined,
      resolved: undefined,
      step: undefined,
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
        'conversation.started': { target: '#problem.asking', actions: 'greet' },
        'language.switch': {
          target: '#problem.asking',
          actions: ['setLocale', 'confirmLanguage', 'greet'],
        },
        'user.message': [
          {
            guard: 'describesProblem',
            target: '#problem.defining',
            actions: ['followWrittenLanguage', 'takeProblemDraft', 'allocateCaseNumber', 'openCase'],
          },
          {
            guard: 'asksForLanguage',
            target: '#problem.asking',
            actions: ['setLocale', 'confirmLanguage', 'greet'],
          },
          // Greetings, "help" and anything else: the welcome says what the bot does and what it needs.
          { target: '#problem.asking', actions: 'greet' },
        ],
        ...onEveryCard({ target: '#problem.asking', actions: 'greet' } as const),
        'file.received': { target: '#problem.asking', actions: 'greet' },
      },
    },
    // The case under way: its steps, and beside them whether it waits for an engineer (caseEngineer.ts).
    active: {
      type: 'parallel',
      states: {
        steps: {
          initial: 'open',
          // Steps handle what they understand; routing requests bubble up here and usually re-enter the
          // current step through `resume`, which repeats its prompt or card (in the current language).
          on: {
            'conversation.started': [
              { guard: 'hasOpenCase', actions: ['showGreetingCard', 'refreshNudge'] },
              { target: '.resume', reenter: true, actions: 'greet' },
            ],
            'language.switch': {
              target: '.resume',
              reenter: true,
              actions: ['setLocale', 'confirmLanguage'],
            },
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
                actions: ['wantEngineer', 'requestEngineer', 'refreshNudge'],
              },
              { guard: and(['asksForSummary', 'hasOpenCase']), actions: ['showCaseSummary', 'refreshNudge'] },
              {
                guard: and(['asksToPause', 'hasOpenCase']),
                actions: ['cancelNudge', 'markPaused', 'pauseCase'],
              },
              {
                guard: and(['asksToContinue', 'isPaused']),
                target: '.resume',
                reenter: true,
                actions: ['liftPause', 'resumeCase'],
              },
              {
                guard: and(['asksToCancel', 'hasOpenCase']),
                target: '.archived.leftOff',
                actions: ['releaseEngineer', 'cancelCase'],
              },
              {
                guard: and(['asksToReopen', 'hasOpenCase']),
                actions: ['explainNotArchived', 'refreshNudge'],
              },
              {
                guard: and(['asksForNewCase', 'hasOpenCase']),
                target: '#problem.asking',
                reenter: true,
                actions: ['archiveCase', 'clearCase', 'releaseEngineer'],
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
              { guard: 'scopeAccepted', target: '#logs.awaiting', reenter: true },
              STALE_CARD,
            ],
            'summary.reopen': { actions: 'explainNotArchived' },
            'greeting.continue': { target: '.resume', reenter: true, actions: 'resumeCase' },
            'greeting.new-case': [
              {
                guard: 'hasOpenCase',
                target: '#problem.asking',
                reenter: true,
                actions: ['archiveCase', 'clearCase', 'releaseEngineer'],
              },
              { target: '.resume', reenter: true },
            ],
            'file.received': [
              {
                guard: and(['scopeAccepted', 'hasAttachmentUrl']),
                actions: ['fetchAttachment', 'refreshNudge'],
              },
              { guard: 'scopeAccepted', actions: ['explainMissingUrl', 'refreshNudge'] },
              // Waiting for an engineer before logs are asked for: a screenshot or a file is for them.
              {
                guard: and([stateIn('#case.active.engineer.waiting'), 'hasAttachmentUrl']),
                actions: ['fetchForEngineers', 'refreshNudge'],
              },
              // Before logs are asked for: acknowledge, and say they will be asked for later.
              { actions: ['acknowledgeEarlyFile', 'refreshNudge'] },
            ],
            // Job results: the log, remediation and closure phases take those that move the case on; what
            // reaches here is noted where the case is (the survey, an archived case, a stage's new logs).
            'upload.received': [
              {
                guard: and(['scopeAccepted', 'isDuplicateUpload']),
                actions: ['acknowledgeDuplicateUpload', 'refreshNudge'],
              },
              {
                guard: 'scopeAccepted',
                actions: [
                  'recordUpload',
                  'acknowledgeUpload',
                  'saveUploadReceived',
                  'updateLogCard',
                  'refreshNudge',
                ],
              },
            ],
            'upload.refused': [
              {
                guard: and(['scopeAccepted', 'isLinkRefusal']),
                actions: ['explainRefusal', 'renewUploadLink', 'refreshNudge'],
              },
              { guard: 'scopeAccepted', actions: ['explainRefusal', 'refreshNudge'] },
            ],
            // After the case is archived (or in its survey): the result is kept and shown; the case stays.
            'diagnosis.done': { guard: 'isKnownUpload', actions: [...SHOW_DIAGNOSIS] },
            'diagnosis.failed': {
              guard: 'isKnownUpload',
              actions: ['recordFailure', 'explainDiagnosisFailure', 'updateLogCard', 'refreshNudge'],
            },
          },
          states: {
            resume: { type: 'history', history: 'deep' },
            // The case being worked on, by phase. `last` is where it was when it was left (archived, or taken
            // over by an engineer): reopening goes on from there.
            open: {
              initial: 'problem',
              states: {
                last: { type: 'history', history: 'deep', target: 'problem.defining' },
                problem: PROBLEM_PHASE,
                logs: LOGS_PHASE,
                remediation: REMEDIATION_PHASE,
                closure: CLOSURE_PHASE,
              },
            },
            survey: SURVEY,
            archived: ARCHIVED,
          },
        },
        engineer: ENGINEER_REGION,
      },
    },
    withEngineer: WITH_ENGINEER,
  },
});
