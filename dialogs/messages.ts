/**
 * The names the case machine uses towards the outside: catalog keys it says, cards it shows and the
 * card verbs it handles. The i18n and card tests check these against the catalogs and templates.
 */
import { DIAGNOSIS_FAILURE_CODES, REFUSAL_CODES } from '../src/domain/failures';

/** Every catalog key the machine can emit in a `say` effect. */
export const SAY_KEYS = [
  'welcome',
  'problem.ask',
  'problem.needDetails',
  'case.opened',
  'problem.updated',
  'problem.askCorrection',
  'problem.confirmed',
  'scope.accepted',
  'scope.correctionNoted',
  'scope.askCorrection',
  'logs.instructions',
  'logs.reminder',
  'file.notYet',
  'upload.fetching',
  'file.forwarded',
  'file.kept',
  'upload.noUrl',
  'upload.received',
  'upload.duplicate',
  ...REFUSAL_CODES.map((code) => `upload.refused.${code}` as const),
  'upload.refused.other',
  ...DIAGNOSIS_FAILURE_CODES.map((code) => `diagnosis.failed.${code}` as const),
  'diagnosis.failed.other',
  'diagnosing.inProgress',
  'diagnosis.progress',
  'diagnosis.complete',
  'diagnosis.sameCause',
  'diagnosis.differentCauses',
  'diagnosis.inconclusive',
  'diagnosed.reminder',
  'engineer.noted',
  'engineer.autoEscalated',
  'engineer.joined',
  'engineer.says',
  'engineer.continues',
  'engineer.sentFile',
  'engineer.handedBack',
  'engineer.closing',
  'withEngineer.cardIgnored',
  'case.resumed',
  'case.archived',
  'language.switched',
  'nudge.problem',
  'nudge.scope',
  'nudge.logs',
  'nudge.diagnosed',
  'nudge.remediation',
  'nudge.verify',
  'nudge.exhausted',
  'nudge.closing',
  'nudge.monitoring',
  'followUp.stillNeedHelp',
  'followUp.archiveWarning',
  'followUp.archived',
  'remediation.intro',
  'remediation.skipped',
  'remediation.reminder',
  'plan.sourceSaid.wsus',
  'plan.sourceSaid.offline',
  'plan.sourceSaid.internet',
  'plan.logsSay.wsus',
  'plan.logsSay.offline',
  'plan.logsSay.internet',
  'plan.noMedia',
  'plan.hasMedia',
  'plan.sourceAgrees.wsus',
  'plan.sourceAgrees.offline',
  'plan.sourceAgrees.internet',
  'plan.noMediaNeedless',
  'remediation.skippedForMedia',
  'remediation.exhausted',
  'exhausted.reminder',
  'verify.ask',
  'verify.differentCode',
  'verify.sendLogs',
  'verify.reminder',
  'report.fixedOn',
  'report.failedOn',
  'report.skippedOn',
  'report.stillOpen',
  'compare.clean',
  'compare.noFailure',
  'compare.same',
  'compare.different',
  'compare.newMachine',
  'closure.archived',
  'closure.notYet',
  'closing.reminder',
  'survey.thanks',
  'survey.thanksLow',
  'survey.reminder',
  'case.closed',
  'case.cancelled',
  'case.paused',
  'case.reopened',
  'case.notArchived',
  'card.otherCase',
  'card.otherCaseNone',
  'card.otherCaseReopen',
  'archived.hint',
  'help',
  'notUnderstood',
  'card.expired',
] as const;

export type SayKey = (typeof SAY_KEYS)[number];

/** Card ids (file `cards/<id>.template.json`) and the slot each occupies in the conversation. */
export const CARDS = {
  greeting: { cardId: 'greeting', slot: 'greeting' },
  problem: { cardId: 'problem-definition', slot: 'problem' },
  scope: { cardId: 'scope', slot: 'scope' },
  logCollection: { cardId: 'log-collection', slot: 'logs' },
  /** One per upload: the slot is `diagnosis:<uploadId>`. */
  diagnosis: { cardId: 'diagnosis', slot: 'diagnosis' },
  /** One per remediation stage (slot `stage:<index>`); filled by the runner from the knowledge base. */
  remediation: { cardId: 'remediation', slot: 'stage' },
  /** After a stage failed: next stage, new logs to compare, or an engineer. */
  verify: { cardId: 'verify', slot: 'verify' },
  /** The closure proposal: the user consents to archiving (or not yet). */
  closure: { cardId: 'closure', slot: 'closure' },
  survey: { cardId: 'survey', slot: 'survey' },
  /** Built by the runner from the case record. */
  summary: { cardId: 'summary', slot: 'summary' },
  /** A report the user's words left open: which machines, or how it ended. */
  reportQuestion: { cardId: 'report-question', slot: 'report-question' },
  /** New logs that name no host and match none of the case's machines: which one are they from? */
  logsMachine: { cardId: 'logs-machine', slot: 'logs-machine' },
} as const;

/** Cards the conversation runner shows by itself (a diagnosis job's progress), not the machine. */
export const RUNNER_CARDS = {
  progress: { cardId: 'progress' },
} as const;

/** Card verbs (`<card-id>.<action>`) the machine handles. */
export const VERBS = {
  greetingContinue: 'greeting.continue',
  greetingNew: 'greeting.new',
  problemConfirm: 'problem-definition.confirm',
  scopeAccept: 'scope.accept',
  scopeCorrect: 'scope.correct',
  diagnosisMoreLogs: 'diagnosis.more-logs',
  diagnosisEngineer: 'diagnosis.engineer',
  remediationFixed: 'remediation.fixed',
  remediationFailing: 'remediation.failing',
  remediationCannot: 'remediation.cannot',
  remediationEngineer: 'remediation.engineer',
  verifyNext: 'verify.next',
  verifyLogs: 'verify.logs',
  verifyEngineer: 'verify.engineer',
  closureAccept: 'closure.accept',
  closureDecline: 'closure.decline',
  /** Data: `score` ('1'..'5') and `comment`. */
  surveySubmit: 'survey.submit',
  surveySkip: 'survey.skip',
  summaryReopen: 'summary.reopen',
  /** Data: `choice`, a result (`fixed`, `failed`, `skipped`), a machine's name, or `all`. */
  reportChoose: 'report-question.choose',
  /** Data: `choice`, a machine's name, or `other`. */
  logsMachineChoose: 'logs-machine.choose',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];
