/**
 * What the case machine's effects do: each emits commands (effects.ts) with xstate's `emit`, which the
 * conversation runner collects; nothing here performs I/O or writes outside the machine. The machine's
 * setup (caseMachine.ts) takes them as they are.
 */
import { stepReminder } from './caseReminders';
import {
  stageEffect,
  caseNumberOf,
  logCollectionOffer,
  diagnosisCard,
  problemInput,
  scopeInput,
  greetingInput,
} from './caseCards';
import {
  pastedCode,
  surveyScoreOf,
  surveyCommentOf,
  followUpIndex,
  daysLeftOf,
  comparisonOf,
  arrivedByJob,
  planAsksForEngineer,
  knownProblem,
} from './caseReading';
import { NUDGE_KEY, type CaseContext } from './caseContext';
import { assertEvent, enqueueActions, type ActionArgs } from 'xstate';
import type { CaseOutcome, CaseRecordPatch, EscalationReason } from '../src/domain/caseRecord';
import type { CardInput } from '../src/domain/cards';
import type { Effect, EffectEvent } from './effects';
import { type MachineEvent } from './events';
import {
  commonFinding,
  expectedMachines,
  inFlight,
  machinesDiagnosed,
  machinesReceived,
  phaseOf,
} from './logs';
import { CARDS, VERBS } from './messages';
import { MEDIA_NEEDS } from '../src/domain/diagnosis';
import { currentStage, titleOf } from '../src/domain/plan';
import { attemptEvent, comparisonEvent, diagnosisEvent } from './caseTimeline';
import { reportEffects } from './reportEffects';
import { engineerEffects } from './engineerEffects';
import { planEffects } from './planEffects';
import { logQuestionEffects } from './logQuestionEffects';
import { logsMachineEffects } from './logsMachineEffects';
import { uploadEffects } from './uploadEffects';
import type { SayKey } from './messages';

/** What an effect reads: the context before the transition's later actions, and the event. */
interface EffectArgs {
  context: CaseContext;
  event: MachineEvent;
}
/** What an effect does: the commands it pushes (`params` as its transitions give them). */
type EffectBody = (args: EffectArgs, params: never) => void;
type Bodies = ReturnType<typeof effectBodies>;
type ParamsOf<B> = B extends (args: EffectArgs, params: infer P) => void
  ? unknown extends P
    ? undefined
    : P
  : undefined;

/**
 * The machine's effects: each body pushes its commands to a list of its own call; the action then emits
 * them, in order, as `effect` events (xstate's enqueued `emit`). Pure: what needs the runtime (case
 * numbers, the reminders' configured delays) comes in with the event or goes out as a request
 * (caseRuntime.ts).
 */
export const caseEffects = (() => {
  let pending: Effect[] = [];
  const bodies = effectBodies((effect) => pending.push(effect));
  return Object.fromEntries(
    Object.entries(bodies).map(([name, body]) => [
      name,
      enqueueActions((args, params) => {
        pending = [];
        (body as (args: unknown, params: unknown) => void)(args, params);
        const emitted = pending;
        pending = [];
        for (const effect of emitted) {
          const event: EffectEvent = { type: 'effect', effect };
          args.enqueue.emit(event);
        }
      }),
    ]),
  ) as unknown as {
    [K in keyof Bodies]: (
      args: ActionArgs<CaseContext, MachineEvent, MachineEvent>,
      params: ParamsOf<Bodies[K]>,
    ) => void;
  };
})();

/** What each effect does: the commands it pushes to `push`. */
function effectBodies(push: (effect: Effect) => void) {
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
    assertEvent(event, 'file.received');
    if (!event.url) return;
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
  type ClosureAnswer = '' | 'accepted' | 'declined' | 'withdrawn';
  const closureInput = (context: CaseContext, answered: ClosureAnswer): CardInput => ({
    card: 'closure',
    caseNumber: caseNumberOf(context),
    resolved: context.resolved === true,
    answered,
  });
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

  return {
    greet: () => say('welcome'),
    askForProblem: () => say('problem.ask'),
    askForMoreDetails: () => say('problem.needDetails'),
    openCase: ({ context }) => {
      saveCase(context, {
        status: 'open',
        timeline: {
          actor: 'bot',
          event: { key: 'caseOpened', params: { description: context.problem.description } },
        },
      });
      say('case.opened', { caseNumber: caseNumberOf(context) });
    },
    showProblemCard: ({ context }) =>
      push({ kind: 'card', ...CARDS.problem, input: problemInput(context, false) }),
    updateProblemCard: ({ context }) =>
      push({ kind: 'updateCard', ...CARDS.problem, input: problemInput(context, false) }),
    acknowledgeProblemCorrection: () => say('problem.updated'),
    askProblemCorrection: () => say('problem.askCorrection'),
    saveProblem: ({ context }) =>
      saveCase(context, {
        status: 'open',
        ...knownProblem(context),
        timeline: { actor: 'user', event: { key: 'problemConfirmed' } },
      }),
    freezeProblemCard: ({ context }) =>
      push({ kind: 'updateCard', ...CARDS.problem, input: problemInput(context, true) }),
    announceScope: () => say('problem.confirmed'),
    showScope: ({ context }) => push({ kind: 'card', ...CARDS.scope, input: scopeInput(context) }),
    acceptScope: ({ context }) => {
      saveCase(context, {
        status: 'open',
        scopeConfirmed: true,
        timeline: { actor: 'user', event: { key: 'scopeAccepted' } },
      });
      say('scope.accepted');
    },
    freezeScopeCard: ({ context }) =>
      push({ kind: 'updateCard', ...CARDS.scope, input: scopeInput(context) }),
    saveScopeCorrection: ({ context }) =>
      saveCase(context, {
        status: 'open',
        problem: context.problem,
        timeline: {
          actor: 'user',
          event: { key: 'scopeCorrected', params: { text: context.scopeCorrections.at(-1) ?? '' } },
        },
      }),
    acknowledgeScopeCorrection: () => say('scope.correctionNoted'),
    askScopeCorrection: () => say('scope.askCorrection'),
    remindLogs: ({ context }) =>
      say('logs.reminder', { received: machinesReceived(context), expected: expectedMachines(context) }),
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
    showDiagnosis: ({ context, event }) => {
      assertEvent(event, 'diagnosis.done');
      push(diagnosisCard(context, event.summary));
    },
    saveDiagnosis: ({ context, event }) => {
      assertEvent(event, 'diagnosis.done');
      saveCase(context, {
        status: phaseOf(context) === 'diagnosed' ? 'awaiting-customer' : 'open',
        findings: context.diagnoses ?? [],
        timeline: { actor: 'bot', event: diagnosisEvent(event.summary) },
      });
    },
    reportDiagnosisProgress: ({ context }) => {
      const done = machinesDiagnosed(context);
      const expected = expectedMachines(context);
      if (done < expected) say('diagnosis.progress', { done, expected });
      else say('diagnosing.inProgress', { count: inFlight(context) });
    },
    summariseDiagnoses: ({ context }) => summarise(context),
    // Nothing in flight (a case reopened after its results came in): the step passes on to waiting for logs.
    presentDiagnosing: ({ context, event }) => {
      if (arrivedByJob(event) || inFlight(context) === 0) return;
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
        ...knownProblem(context),
        timeline: { actor: 'user', event: { key: 'engineerRequested' } },
      });
      push({ kind: 'escalate', caseNumber: caseNumberOf(context), reason: 'user-request' });
      say('engineer.noted', { caseNumber: caseNumberOf(context) });
    },
    showGreetingCard: ({ context }) =>
      push({ kind: 'card', ...CARDS.greeting, input: greetingInput(context) }),
    resumeCase: ({ context }) => say('case.resumed', { caseNumber: context.caseNumber ?? '' }),
    archiveCase: ({ context }) =>
      endCase(
        context,
        'archived',
        'new-case',
        { actor: 'user', event: { key: 'archivedForNewCase' } },
        'case.archived',
      ),
    confirmLanguage: () => say('language.switched'),
    scheduleNudge: ({ context }) => {
      if (context.nudge === 'pending') push({ kind: 'scheduleFollowUp', n: 0 });
    },
    // Any user activity starts the step's series of reminders again from the first.
    refreshNudge: ({ context }) => {
      if (context.nudge === 'pending') push({ kind: 'scheduleFollowUp', n: 0 });
    },
    cancelNudge: () => push({ kind: 'cancelSchedule', key: NUDGE_KEY }),
    followUp: ({ context, event }) => {
      assertEvent(event, 'reminder.due');
      const n = followUpIndex(event);
      const caseNumber = context.caseNumber ?? '';
      if (n === 0) stepReminder(context, say);
      else if (event.payload?.warn === true)
        say('followUp.archiveWarning', { caseNumber, days: daysLeftOf(event) });
      else say('followUp.stillNeedHelp', { caseNumber });
    },
    scheduleNextFollowUp: ({ event }) => push({ kind: 'scheduleFollowUp', n: followUpIndex(event) + 1 }),
    archiveForSilence: ({ context }) =>
      endCase(
        context,
        'archived',
        'no-reply',
        { actor: 'bot', event: { key: 'archivedNoReply' } },
        'followUp.archived',
      ),
    pauseCase: ({ context }) => say('case.paused', { caseNumber: caseNumberOf(context) }),
    cancelCase: ({ context }) =>
      endCase(
        context,
        'closed',
        'cancelled',
        { actor: 'user', event: { key: 'cancelled' } },
        'case.cancelled',
      ),
    explainArchived: ({ context }) => say('archived.hint', { caseNumber: caseNumberOf(context) }),
    reopenCase: ({ context }) => {
      saveCase(context, {
        status: 'open',
        outcome: null,
        timeline: { actor: 'user', event: { key: 'reopened' } },
      });
      say('case.reopened', { caseNumber: caseNumberOf(context) });
    },
    explainNotArchived: ({ context }) => say('case.notArchived', { caseNumber: context.caseNumber ?? '' }),
    // A button of an earlier case's card (one archived before this case began): not this case's business.
    explainOtherCaseCard: ({ context, event }) => {
      assertEvent(event, 'card.other-case');
      const caseNumber = event.caseNumber;
      if (context.caseNumber === undefined) say('card.otherCaseNone', { caseNumber });
      else if (event.verb === VERBS.summaryReopen)
        say('card.otherCaseReopen', { caseNumber, current: context.caseNumber });
      else say('card.otherCase', { caseNumber, current: context.caseNumber });
    },
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
      const plan = {
        en: state.stages.map((stage, i) => `${i + 1}. ${stage.title.en}`).join('; '),
        'zh-CN': state.stages.map((stage, i) => `${i + 1}. ${stage.title['zh-CN']}`).join('；'),
      };
      saveCase(context, {
        status: 'awaiting-customer',
        findings: context.diagnoses ?? [],
        initialFindings: context.diagnoses ?? [],
        stages: state.stages,
        timeline: {
          actor: 'bot',
          event: { key: 'remediationProposed', params: { count: state.stages.length, plan } },
        },
      });
    },
    // The attempt just reported (stage buttons make one too): stages, attempts and a timeline event.
    saveStageOutcome: ({ context }) => {
      const state = context.remediation;
      const attempt = state?.attempts?.at(-1);
      if (!state || !attempt) return;
      saveCase(context, {
        status: 'awaiting-customer',
        stages: state.stages,
        attempts: state.attempts,
        timeline: { actor: 'user', event: attemptEvent(state, attempt) },
      });
    },
    ...reportEffects(push, say),
    ...planEffects(push, say, saveCase),
    ...logQuestionEffects(push, say, saveCase),
    ...logsMachineEffects(push, say),
    // Skipped for lack of media: the user is told that media brings the stage back.
    acknowledgeSkip: ({ context }) => {
      const need = currentStage(context.remediation)?.ruledOut;
      say(need && MEDIA_NEEDS.has(need) ? 'remediation.skippedForMedia' : 'remediation.skipped');
    },
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
        input: { card: 'verify', caseNumber: caseNumberOf(context), remediation: state, answered: '' },
      });
    },
    freezeVerify: ({ context }, params: { answer: 'next' | 'logs' }) => {
      if (!context.remediation) return;
      push({
        kind: 'updateCard',
        ...CARDS.verify,
        input: {
          card: 'verify',
          caseNumber: caseNumberOf(context),
          remediation: context.remediation,
          answered: params.answer,
        },
      });
    },
    offerNewLogs: ({ context }) => {
      say('verify.sendLogs', { caseNumber: caseNumberOf(context) });
      push(logCollectionOffer(context, false));
    },
    remindVerify: () => say('verify.reminder'),
    acknowledgeNewCode: ({ event }) => say('verify.differentCode', { code: pastedCode(event) ?? '' }),
    reportComparison: ({ context, event }) => {
      const comparison = comparisonOf(context, event);
      if (!comparison) return;
      if (comparison.kind === 'clean') say('compare.clean', { machine: comparison.machine });
      else if (comparison.kind === 'no-failure' && comparison.lacking)
        say('compare.lacking', { machine: comparison.machine, log: comparison.lacking });
      else if (comparison.kind === 'no-failure') say('compare.noFailure', { machine: comparison.machine });
      else if (comparison.kind === 'same')
        say('compare.same', { machine: comparison.machine, code: comparison.code });
      else if (comparison.kind === 'new-machine')
        say('compare.newMachine', {
          machine: comparison.machine,
          after: comparison.after,
          number: (context.remediation?.current ?? 0) + 1,
        });
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
        timeline: { actor: 'bot', event: comparisonEvent(comparison) },
      });
    },
    escalateOutOfStages: ({ context }) => {
      saveCase(context, {
        status: 'awaiting-engineer',
        ...(context.remediation ? { stages: context.remediation.stages } : {}),
        timeline: { actor: 'bot', event: { key: 'outOfStages' } },
      });
      push({ kind: 'escalate', caseNumber: caseNumberOf(context), reason: 'out-of-stages' });
    },
    presentExhausted: ({ context }) => say('remediation.exhausted', { caseNumber: caseNumberOf(context) }),
    remindExhausted: () => say('exhausted.reminder'),
    presentClosure: ({ context }) =>
      push({ kind: 'card', ...CARDS.closure, input: closureInput(context, '') }),
    freezeClosureAccepted: ({ context }) =>
      push({ kind: 'updateCard', ...CARDS.closure, input: closureInput(context, 'accepted') }),
    freezeClosureDeclined: ({ context }) =>
      push({ kind: 'updateCard', ...CARDS.closure, input: closureInput(context, 'declined') }),
    // A failing machine joined while closure was proposed (the card's buttons still live) or watched.
    withdrawClosure: ({ context, event }) => {
      const state = context.remediation;
      if (event.type !== 'diagnosis.done' || !state) return;
      if (context.step === 'closing')
        push({ kind: 'updateCard', ...CARDS.closure, input: closureInput(context, 'withdrawn') });
      const machine = event.summary.hostName ?? event.summary.machine;
      const stage = { number: state.current + 1, title: titleOf(currentStage(state), context.locale) };
      say('closure.withdrawnNewMachine', { machine, after: event.summary.errorCode ?? '-', ...stage });
    },
    saveClosure: ({ context }) => {
      saveCase(context, {
        status: 'archived',
        outcome: context.resolved ? 'resolved' : 'unresolved',
        findings: context.diagnoses ?? [],
        ...(context.remediation ? { stages: context.remediation.stages } : {}),
        timeline: { actor: 'user', event: { key: 'archiveConsent' } },
      });
      say('closure.archived', { caseNumber: caseNumberOf(context) });
    },
    presentMonitoring: () => say('closure.notYet'),
    remindClosing: () => say('closing.reminder'),
    presentSurvey: ({ context }) =>
      push({
        kind: 'card',
        ...CARDS.survey,
        input: { card: 'survey', caseNumber: caseNumberOf(context), answered: false, score: 0 },
      }),
    freezeSurvey: ({ context, event }) =>
      push({
        kind: 'updateCard',
        ...CARDS.survey,
        input: {
          card: 'survey',
          caseNumber: caseNumberOf(context),
          answered: true,
          score: surveyScoreOf(event) ?? 0,
        },
      }),
    saveSurvey: ({ context, event }) => {
      const score = surveyScoreOf(event);
      if (score === undefined) return;
      const comment = surveyCommentOf(event);
      saveCase(context, {
        status: 'archived',
        survey: comment ? { score, comment } : { score },
        timeline: {
          actor: 'user',
          event: { key: 'survey', params: { score, comment: comment ? ` — ${comment}` : '' } },
        },
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
    escalateFor: ({ context }, params: { reason: EscalationReason; ifPlanAsks?: boolean }) => {
      if (params.ifPlanAsks && !planAsksForEngineer(context)) return;
      saveCase(context, {
        status: 'awaiting-engineer',
        ...knownProblem(context),
        timeline: { actor: 'bot', event: { key: 'handedToEngineers', params: { reason: params.reason } } },
      });
      push({ kind: 'escalate', caseNumber: caseNumberOf(context), reason: params.reason });
      say('engineer.autoEscalated', { caseNumber: caseNumberOf(context) });
    },
    caseClosed: ({ context }) => push({ kind: 'caseClosed', caseNumber: caseNumberOf(context) }),
    ...engineerEffects(push, say, saveCase),
    ...uploadEffects(say, saveCase),
    explainHelp: () => say('help'),
    answerUnknown: () => say('notUnderstood'),
    explainCardExpired: () => say('card.expired'),
  } satisfies Record<string, EffectBody>;
}

/**
 * The status a save records: while the case waits for or is with an engineer, the bot's own steps do not
 * make it "open" or "awaiting the customer" again (the engineers' queue reads the status).
 */
function effectiveStatus(context: CaseContext, status: CaseRecordPatch['status']): CaseRecordPatch['status'] {
  if (status !== 'open' && status !== 'awaiting-customer') return status;
  if (context.engineer) return 'with-engineer';
  return context.escalated ? 'awaiting-engineer' : status;
}
