/** The case machine's guards: predicates over its context and the event (named in its transitions). */
import {
  ROUTING_INTENTS,
  intentOf,
  outcomeOf,
  pastedCode,
  surveyScoreOf,
  comparisonOf,
  failedIfOpen,
  scopeCorrectionOf,
  LINK_REFUSALS,
  progressAfter,
  phaseAfter,
  jobUploadId,
  markedRemediation,
  textOf,
  attemptOf,
  reportQuestionOf,
  remediationAfterReport,
  planChangeOf,
  changesPlan,
  confirmsPlan,
  rulesOutCurrent,
  opensStage,
  otherKbsIn,
  unplacedLogs,
  placedLogs,
  planAsksForEngineer,
} from './caseReading';
import { allFixed } from '../src/domain/attempts';
import type { CaseContext } from './caseContext';
import { type MachineEvent } from './events';
import { classifyOutcome, languageRequest, needsNoChanges } from './intents';
import { withoutCircumstances } from './circumstances';
import { inFlight, isKnownUpload } from './logs';
import { bringsNewStages, caseMachines, currentStage, nextStageIndex, planFor } from '../src/domain/plan';
import { describesProblem, extractContact, contactLacksAddress } from './problem';
import { logQuestionOf, stageQuestionOf } from './questions';

interface GuardArgs {
  context: CaseContext;
  event: MachineEvent;
}

export const caseGuards = {
  describesProblem: ({ event }) => event.type === 'user.message' && describesProblem(event.text),
  isPlainText: ({ event }) => {
    const intent = intentOf(event);
    return (
      event.type === 'user.message' &&
      (intent === undefined || !ROUTING_INTENTS.has(intent)) &&
      languageRequest(event.text) === undefined
    );
  },
  /**
   * "重启后装上了，但是另一个补丁 KB5012170 又失败了": the message names only updates other than the case's
   * (not negated), so what it says of success or failure is not about this case's stage.
   */
  namesOnlyOtherKb: ({ context, event }) => otherKbsIn(context, event).length > 0,
  asksToProceed: ({ event }) => event.type === 'user.message' && logQuestionOf(event.text) === 'proceed',
  hasDiagnosisToProceed: ({ context }) => (context.diagnoses?.length ?? 0) > 0 && inFlight(context) === 0,
  // "先处理这一台" said while logs were read, and this result is the last of them: go on with those diagnosed
  // (unless every expected machine is in by then, which goes on as it would anyway).
  proceedsAsNoted: ({ context, event }) => {
    if (context.proceedNoted === undefined || context.proceedNoted !== context.caseNumber) return false;
    const after = progressAfter(context, event);
    return (
      (after.diagnoses?.length ?? 0) > 0 &&
      inFlight(after) === 0 &&
      phaseAfter(context, event) !== 'diagnosed'
    );
  },
  asksLogQuestion: ({ event }) => event.type === 'user.message' && logQuestionOf(event.text) !== undefined,
  asksStageQuestion: ({ event }) =>
    event.type === 'user.message' && stageQuestionOf(event.text) !== undefined,
  /** A phone number or e-mail sent on its own (a signature), not a problem statement. */
  givesContact: ({ event }) => {
    if (event.type !== 'user.message' || describesProblem(event.text)) return false;
    const contact = extractContact(event.text);
    return contact !== undefined && !contactLacksAddress(contact);
  },
  isYes: ({ event }) => intentOf(event) === 'yes',
  isNo: ({ event }) => intentOf(event) === 'no',
  needsNoChanges: ({ event }) => event.type === 'user.message' && needsNoChanges(event.text),
  isGreeting: ({ event }) => intentOf(event) === 'greeting',
  asksForHelp: ({ event }) => intentOf(event) === 'help',
  asksForNewCase: ({ event }) => intentOf(event) === 'newCase',
  asksToContinue: ({ event }) => intentOf(event) === 'continue',
  asksForLanguage: ({ event }) => event.type === 'user.message' && languageRequest(event.text) !== undefined,
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
  // Next after this answer: what it says may pass later stages over too ("没有安装介质").
  reportsCannotWithNext: ({ context, event }) =>
    outcomeOf(event) === 'cannot' &&
    nextStageIndex(markedRemediation(context, 'skipped', undefined, textOf(event))) !== undefined,
  remediationStarted: ({ context }) => context.remediation !== undefined,
  planAfter: ({ context, event }) => planFor(progressAfter(context, event).diagnoses ?? []) !== undefined,
  comparesClean: ({ context, event }) => comparisonOf(context, event)?.kind === 'clean',
  // Logs without a failure from a machine that had not failed (or is new to the case) prove nothing.
  // New logs naming no host that no machine of the case can be told from: "which terminal?".
  leavesLogsUnplaced: ({ context, event }) => unplacedLogs(context, event),
  // The answer to it (its card's button, or typed), while those logs are held.
  placesHeldLogs: ({ context, event }) => placedLogs(context, event) !== undefined,
  holdsLogs: ({ context }) => context.heldLogs !== undefined && context.remediation !== undefined,
  comparesNoFailure: ({ context, event }) => comparisonOf(context, event)?.kind === 'no-failure',
  // A failure on a machine outside the case (its logs name another host): it joins the case.
  comparesNewMachine: ({ context, event }) => comparisonOf(context, event)?.kind === 'new-machine',
  // Where work goes on after new logs that still fail: the next untried stage (new ones for a new cause).
  leavesStagesToTry: ({ context, event }) => {
    const comparison = comparisonOf(context, event);
    const state = failedIfOpen(context.remediation);
    if (!comparison || !state || event.type !== 'diagnosis.done') return false;
    if (comparison.kind === 'different' && bringsNewStages(state, event.summary)) return true;
    return nextStageIndex(state) !== undefined;
  },
  // A report in words (or the answer to the report question): what was done, on which machines, how it ended.
  reportIsQuestion: ({ context, event }) => reportQuestionOf(context, event) !== undefined,
  reportResolvesAll: ({ context, event }) => {
    const after = remediationAfterReport(context, event);
    return (
      attemptOf(context, event) !== undefined &&
      after !== undefined &&
      allFixed(caseMachines(after), after.attempts ?? [])
    );
  },
  reportFailsStage: ({ context, event }) => {
    const attempt = attemptOf(context, event);
    return (
      attempt?.stage === context.remediation?.current &&
      (attempt?.results.some((r) => r.result === 'failed') ?? false)
    );
  },
  // Anything else reported (a machine fixed while another is not yet, an action outside the plan that did not
  // help), except "this stage cannot be done", which the stage answers handle (the next stage follows).
  reportsOtherAttempt: ({ context, event }) => {
    const attempt = attemptOf(context, event);
    if (!attempt) return false;
    return !(
      attempt.stage === context.remediation?.current && attempt.results.every((r) => r.result === 'skipped')
    );
  },
  // What the user says of their machines mid-remediation ("走行内WSUS", "没有安装介质", "拿到安装盘了").
  changesPlan: ({ context, event }) => changesPlan(planChangeOf(context, event)),
  contradictsLogs: ({ context, event }) => planChangeOf(context, event)?.logsSay !== undefined,
  // Words that change nothing but are answered: the source the plan follows, no media with none needed.
  confirmsPlan: ({ context, event }) => confirmsPlan(planChangeOf(context, event)),
  // The words say only that (no outcome beside it): "我们没有安装介质" at a stage that needs none is a fact.
  saysOnlyCircumstances: ({ event }) =>
    event.type === 'user.message' && classifyOutcome(withoutCircumstances(event.text)) === undefined,
  rulesOutStage: ({ context, event }) => rulesOutCurrent(context, planChangeOf(context, event)),
  rulesOutStageWithNext: ({ context, event }) => {
    const change = planChangeOf(context, event);
    return rulesOutCurrent(context, change) && nextStageIndex(change?.after) !== undefined;
  },
  // Media at hand takes work back to a stage passed over before the current one.
  reopensEarlierStage: ({ context, event }) => {
    const change = planChangeOf(context, event);
    return (
      change !== undefined &&
      change.reopened.length > 0 &&
      change.after.stages[change.after.current]?.outcome === undefined
    );
  },
  opensStage: ({ context, event }) => opensStage(planChangeOf(context, event)),
  hasSurveyScore: ({ event }) => surveyScoreOf(event) !== undefined,
  asksToSkip: ({ event }) => intentOf(event) === 'skip' || intentOf(event) === 'no',

  // Set on accepting the scope and cleared with the case: from the log phase on.
  scopeAccepted: ({ context }) => context.scopeConfirmed,
  // Logs are taken as the log steps take them (not compared with a first diagnosis): no remediation yet.
  takesLogsBeforeRemediation: ({ context }) => context.scopeConfirmed && context.remediation === undefined,
  hasAttachmentUrl: ({ event }) => event.type === 'file.received' && Boolean(event.url),
  // The steps asked for an engineer, unconditionally or because the plan they made asks for one.
  engineerWanted: ({ context, event }) =>
    event.type === 'engineer.wanted' && (event.ifPlanAsks !== true || planAsksForEngineer(context)),
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
  leadsToAwaitingLogs: ({ context, event }) => phaseAfter(context, event) === 'awaitingLogs',
  hasUploadsInFlight: ({ context }) => inFlight(context) > 0,
} satisfies Record<string, (args: GuardArgs, params: never) => boolean>;
