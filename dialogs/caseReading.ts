/**
 * What an event says, as the case machine's guards and actions read it: intents in a message, a stage
 * outcome from a button or words, a survey score, a scope correction, and where a job's result leads.
 * Pure functions of the context and the event.
 */
import type { CaseContext } from './caseContext';
import type { CaseRecordPatch } from '../src/domain/caseRecord';
import { type MachineEvent } from './events';
import { assertEvent } from 'xstate';
import { classifyIntent, classifyOutcome, languageRequest, resolveLanguageRequest } from './intents';
import type { Outcome } from './intents';
import type { Intent } from './intents';
import type { Locale } from '../src/domain/locale';
import { addUpload, inFlight, markDiagnosed, markFailed, phaseOf, withDiagnosis } from './logs';
import type { LogsPhase, LogsProgress } from './logs';
import {
  caseMachines,
  compare,
  currentStage,
  machineOfLogs,
  nextStageIndex,
  skippedForMedia,
  toldBy,
  withAttempt,
  withOutcome,
} from '../src/domain/plan';
import type { DiagnosisSummary, Environment } from '../src/domain/diagnosis';
import type { Comparison, RemediationState, UserSays } from '../src/domain/plan';
import type { Attempt } from '../src/domain/attempts';
import { userSays } from './circumstances';
import { readMachineChoice, type MachineChoice } from './machineChoice';
import { completeReport, readReport, withCode, type PendingReport } from './reports';
import { extractErrorCodes, extractKbNumbers, negatedKbNumbers, problemFromCardInputs } from './problem';
import type { ProblemDraft } from './problem';

/** Routing intents are answered the same way in every step (by the `active` parent state). */
export const ROUTING_INTENTS: ReadonlySet<Intent> = new Set([
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

export function textOf(event: MachineEvent): string | undefined {
  return event.type === 'user.message' ? event.text : undefined;
}

export function intentOf(event: MachineEvent): Intent | undefined {
  const text = textOf(event);
  return text === undefined ? undefined : classifyIntent(text);
}

/** What a chat message or a stage card's button says about the outcome of a stage. */
export function outcomeOf(event: MachineEvent): Outcome | undefined {
  if (event.type === 'stage.fixed') return 'worked';
  if (event.type === 'stage.failed') return 'stillFails';
  if (event.type === 'stage.cannot') return 'cannot';
  const text = textOf(event);
  if (text === undefined) return undefined;
  const intent = classifyIntent(text);
  if (intent === 'skip') return 'cannot';
  if (intent !== undefined) return undefined;
  // An error code is a report that it still fails (pasted alone, or after words that sound like success)
  // unless success is said after it ("先报0x80073712，重启后装上了"): the report reader's rule, one for both.
  return withCode(classifyOutcome(text), text);
}

export function pastedCode(event: MachineEvent): string | undefined {
  const text = textOf(event);
  return text === undefined ? undefined : extractErrorCodes(text)[0];
}

/** The survey score in a card submit or a message ("5", "4分"), or undefined. */
export function surveyScoreOf(event: MachineEvent): number | undefined {
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

export function surveyCommentOf(event: MachineEvent): string | undefined {
  const comment = event.type === 'survey.submit' ? event.data.comment : undefined;
  return typeof comment === 'string' && comment.trim() !== '' ? comment.trim() : undefined;
}

export function followUpIndex(event: MachineEvent): number {
  const n = event.type === 'reminder.due' ? event.payload?.n : undefined;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0;
}

/**
 * The number of the case a message opens, issued by the runner with the message (caseRuntime.ts). A
 * message without one is a runner that skipped the edge: a bug, so it fails loudly.
 */
export function newCaseNumberOf(event: MachineEvent): string {
  assertEvent(event, 'user.message');
  if (!event.newCaseNumber)
    throw new Error(
      'caseMachine: a message that opens a case carries no newCaseNumber (see withRuntimeInputs)',
    );
  return event.newCaseNumber;
}

/** Whole days from a due reminder to the archiving one, as the runner worked them out (caseRuntime.ts). */
export function daysLeftOf(event: MachineEvent): number | string {
  const days = event.type === 'reminder.due' ? event.payload?.daysLeft : undefined;
  return typeof days === 'number' ? days : '?';
}

/** The comparison of a new diagnosis with the case's baseline, once remediation has begun. */
export function comparisonOf(context: CaseContext, event: MachineEvent): Comparison | undefined {
  if (event.type !== 'diagnosis.done' || !context.remediation) return undefined;
  return compare(context.remediation, event.summary, context.problem.machineCount);
}

/**
 * The remediation after a stage outcome: the current stage marked (a stage already marked keeps its own),
 * and later stages fitted to what the user's words say ("没有安装介质" passes the in-place repair over).
 */
export function markedRemediation(
  context: CaseContext,
  outcome: 'fixed' | 'failed' | 'skipped',
  code?: string,
  text?: string,
) {
  const state = context.remediation;
  if (!state) return state;
  const marked = withOutcome(state, outcome, code);
  if (text === undefined) return marked;
  // Media at hand said with an outcome ("拿到安装盘了，还是不行") is not taken here: it could take work back
  // behind the stage just answered. Said on its own, it is (planChangeOf).
  const { hasMedia: _hasMedia, ...said } = userSays(text);
  const told = toldBy(marked, said);
  // "DISM 做不了，没有安装盘": the stage the user could not do for lack of media is one media reopens.
  const stage = told.stages[state.current];
  if (outcome !== 'skipped' || !said.noMedia || stage?.outcome !== 'skipped') return told;
  // (A DISM repair's need is its repair source: the media it lacks is that.)
  const need = stage.needs?.includes('repair-source')
    ? ('repair-source' as const)
    : ('installation-media' as const);
  const stages = told.stages.map((s, i) => (i === state.current ? { ...s, ruledOut: need } : s));
  return { ...told, stages };
}

/** What the user said about the update source and media in the problem description and scope corrections. */
export function saidInCase(context: CaseContext): UserSays {
  return userSays([context.problem.description, ...context.scopeCorrections].join('\n'));
}

/** What a message in remediation says that concerns the plan ("我们走行内WSUS", "没有安装介质", "拿到安装盘了"). */
export interface PlanChange {
  /**
   * The plan as the words leave it. A current stage they rule out stays current (marked skipped), so that
   * its card is frozen before work moves on (`advanceStage`).
   */
  after: RemediationState;
  /** The update source the user named, now the plan's (the logs name none). */
  source?: Environment;
  /** The user named another source than the logs' policy, which stays. */
  logsSay?: { said: Environment; logs: Environment };
  /** Stages the words passed over (no installation media). */
  ruledOut: number[];
  /** Stages passed over for the lack of media that are open again (media at hand). */
  reopened: number[];
  /** The user named the source the plan already follows (the logs' or their own earlier words). */
  agrees?: Environment;
  /** The user said there is no installation media, and no stage left to try needs it. */
  noMediaNeedless?: boolean;
}

export function planChangeOf(context: CaseContext, event: MachineEvent): PlanChange | undefined {
  const state = context.remediation;
  const text = textOf(event);
  if (!state || text === undefined) return undefined;
  const said = userSays(text);
  if (!said.environment && !said.noMedia && !said.hasMedia) return undefined;
  const told = toldBy(state, said);
  const passedCurrent =
    state.stages[state.current]?.outcome === undefined && told.stages[state.current]?.ruledOut !== undefined;
  const after = passedCurrent ? { ...told, current: state.current } : told;
  const source =
    said.environment &&
    after.environmentFrom === 'user' &&
    (state.environment !== said.environment || state.environmentFrom !== 'user')
      ? said.environment
      : undefined;
  const logsSay =
    said.environment &&
    state.environmentFrom === 'logs' &&
    state.environment &&
    state.environment !== said.environment
      ? { said: said.environment, logs: state.environment }
      : undefined;
  const agrees = said.environment && !source && !logsSay ? said.environment : undefined;
  const ruledOut = after.stages.flatMap((s, i) => (s.ruledOut && !state.stages[i]?.ruledOut ? [i] : []));
  return {
    after,
    ...(source ? { source } : {}),
    ...(logsSay ? { logsSay } : {}),
    ruledOut,
    reopened: skippedForMedia(state).filter((i) => after.stages[i]?.outcome === undefined),
    ...(agrees ? { agrees } : {}),
    ...(said.noMedia && ruledOut.length === 0 ? { noMediaNeedless: true } : {}),
  };
}

/** The words change the plan: a source taken, stages passed over or open again. */
export function changesPlan(change: PlanChange | undefined): change is PlanChange {
  return (
    change !== undefined &&
    (change.source !== undefined || change.ruledOut.length + change.reopened.length > 0)
  );
}

/**
 * The words change nothing but deserve an answer: the source the plan already follows, or no media when no
 * stage left needs it.
 */
export function confirmsPlan(change: PlanChange | undefined): change is PlanChange {
  return (
    change !== undefined &&
    change.source === undefined &&
    change.ruledOut.length + change.reopened.length === 0 &&
    change.logsSay === undefined &&
    (change.agrees !== undefined || change.noMediaNeedless === true)
  );
}

/** The words rule out the current stage (not tried yet): it is passed over. */
export function rulesOutCurrent(context: CaseContext, change: PlanChange | undefined): boolean {
  return change !== undefined && change.ruledOut.includes(context.remediation?.current ?? -1);
}

/** After the words, a stage is open to work on: the current one (work went back to it) or a next one. */
export function opensStage(change: PlanChange | undefined): boolean {
  if (!change || change.reopened.length === 0) return false;
  const { after } = change;
  return after.stages[after.current]?.outcome === undefined || nextStageIndex(after) !== undefined;
}

/**
 * New logs that name no host and that no machine of the case can be told from (several machines named a host
 * each): the user is asked which terminal they are from.
 */
export function unplacedLogs(context: CaseContext, event: MachineEvent): boolean {
  const state = context.remediation;
  // (Summaries from before host names were kept, `hostName` absent, are compared as they always were.)
  if (event.type !== 'diagnosis.done' || !state || event.summary.hostName !== null) return false;
  return (
    caseMachines(state).length > 0 &&
    machineOfLogs(state, event.summary, context.problem.machineCount) === undefined
  );
}

/**
 * The answer to "which terminal" while logs are held: a button of its card, or the same typed
 * ("0232的", "from 0231", "另一台"; see machineChoice.ts). Undefined when there is no question open or the
 * event is no answer to it; `unclear` for words that try to answer but fit no machine (or several).
 */
export function machineChoiceOf(context: CaseContext, event: MachineEvent): MachineChoice | undefined {
  const state = context.remediation;
  if (!context.heldLogs || !state) return undefined;
  const machines = caseMachines(state).map((m) => m.machine);
  if (event.type === 'user.message') return readMachineChoice(event.text, machines);
  if (event.type !== 'logs.machine-chosen') return undefined;
  const choice = String(event.data.choice ?? '');
  if (choice === 'other') return { kind: 'other' };
  return machines.includes(choice) ? { kind: 'machine', machine: choice } : undefined;
}

/**
 * The held logs as the answer to "which terminal" places them: under the chosen machine's host, or, for
 * another machine, under the name the user gave it or else the name they arrived with (a machine of its
 * own). Undefined for a stale or unclear answer.
 */
export function placedLogs(context: CaseContext, event: MachineEvent): DiagnosisSummary | undefined {
  const held = context.heldLogs;
  const choice = machineChoiceOf(context, event);
  if (!held || !choice || choice.kind === 'unclear') return undefined;
  if (choice.kind === 'machine') return { ...held, machine: choice.machine, hostName: choice.machine };
  return choice.name
    ? { ...held, machine: choice.name, hostName: choice.name }
    : { ...held, hostName: held.machine };
}

/** Marks the current stage failed when new logs show it did not help and the user had not said so yet. */
export function failedIfOpen(
  state: RemediationState | undefined,
  code?: string,
): RemediationState | undefined {
  if (!state || currentStage(state)?.outcome !== undefined) return state;
  return withOutcome(state, 'failed', code);
}

/** The locale a language event or a "English" / "中文" message asks for. */
export function requestedLocale(context: CaseContext, event: MachineEvent): Locale {
  if (event.type === 'language.switch') return event.locale;
  const request = languageRequest(textOf(event) ?? '');
  return request ? resolveLanguageRequest(request, context.locale) : context.locale;
}

/** The correction a user gave on the scope: the card's comment box or a chat message. */
export function scopeCorrectionOf(event: MachineEvent): string {
  if (event.type === 'scope.correct')
    return typeof event.data.comment === 'string' ? event.data.comment.trim() : '';
  return textOf(event)?.trim() ?? '';
}

/** Results of background jobs (intake, diagnosis): they present themselves in their own transitions. */
export const JOB_EVENTS: ReadonlySet<MachineEvent['type']> = new Set([
  'upload.received',
  'upload.refused',
  'diagnosis.done',
  'diagnosis.failed',
]);

/**
 * A step entered because a job reported (rather than because the user arrived or came back) has already
 * been presented by that transition: its entry must not post its card again.
 */
export function arrivedByJob(event: MachineEvent): boolean {
  return JOB_EVENTS.has(event.type);
}

/** Refusals that concern the link itself: the card gets a fresh one. */
export const LINK_REFUSALS: ReadonlySet<string> = new Set(['expired-link', 'invalid-link', 'revoked-link']);

/** The case's log work as it will be once `event` (a job's result) is applied. */
export function progressAfter(context: CaseContext, event: MachineEvent): LogsProgress {
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
export function phaseAfter(context: CaseContext, event: MachineEvent): LogsPhase {
  const after = progressAfter(context, event);
  if (event.type === 'diagnosis.failed') return inFlight(after) > 0 ? 'diagnosing' : 'awaitingLogs';
  return phaseOf(after);
}

export function jobUploadId(event: MachineEvent): string | undefined {
  if (event.type === 'diagnosis.done') return event.summary.uploadId;
  if (event.type === 'diagnosis.failed') return event.uploadId;
  return undefined;
}

export function confirmedProblem(context: CaseContext, event: MachineEvent): ProblemDraft {
  return event.type === 'problem.confirm'
    ? problemFromCardInputs(event.data, context.problem)
    : context.problem;
}

/** The remediation plan has a stage an engineer should do (an expert-only fix). */
export function planAsksForEngineer(context: CaseContext): boolean {
  return context.remediation?.stages.some((stage) => stage.escalate === true) ?? false;
}

/**
 * The problem as far as it is known, for the record the engineers read: the user's draft until they
 * confirmed it (`problemConfirmed: false` marks it so), with the update source their words name.
 */
export function knownProblem(context: CaseContext): Pick<CaseRecordPatch, 'problem' | 'problemConfirmed'> {
  const source = saidInCase(context).environment;
  return {
    problem: { ...context.problem, ...(source ? { updateSource: source } : {}) },
    problemConfirmed: context.problemConfirmed,
  };
}

/**
 * What a message or the report question's answer says was done, on which machines, with what result, once
 * it is complete (see dialogs/reports.ts). Buttons of the stage card go their own way (`markStage`).
 */
export function attemptOf(context: CaseContext, event: MachineEvent): Attempt | undefined {
  const state = context.remediation;
  if (!state) return undefined;
  const pending = context.pendingReport;
  if (event.type === 'report.choose')
    return pending ? completeReport(pending, state, { choice: String(event.data.choice ?? '') }) : undefined;
  const text = textOf(event);
  if (text === undefined) return undefined;
  const completed = pending ? completeReport(pending, state, { text }) : undefined;
  if (completed) return completed;
  const reading = readReport(text, state);
  return reading?.kind === 'attempt' ? reading.attempt : undefined;
}

/** The question a message leaves open (which machines, or how it ended), when it completes nothing. */
export function reportQuestionOf(context: CaseContext, event: MachineEvent): PendingReport | undefined {
  const state = context.remediation;
  const text = textOf(event);
  if (!state || text === undefined || attemptOf(context, event)) return undefined;
  const reading = readReport(text, state);
  return reading?.kind === 'question' ? reading.pending : undefined;
}

/** The remediation with the reported attempt applied (unchanged when the event reports none). */
export function remediationAfterReport(
  context: CaseContext,
  event: MachineEvent,
): RemediationState | undefined {
  const attempt = attemptOf(context, event);
  return attempt && context.remediation ? withAttempt(context.remediation, attempt) : context.remediation;
}

/** The KBs a message names that are not the case's, when it names none of the case's. */
export function otherKbsIn(context: CaseContext, event: MachineEvent): string[] {
  if (event.type !== 'user.message') return [];
  const caseKbs = new Set(context.problem.kbNumbers);
  const negated = negatedKbNumbers(event.text);
  const named = extractKbNumbers(event.text).filter((kb) => !negated.has(kb));
  if (caseKbs.size === 0 || named.some((kb) => caseKbs.has(kb))) return [];
  return named;
}
