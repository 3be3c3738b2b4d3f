/**
 * What a card of the case conversation shows, as the case machine decides it: the facts, counts and
 * answers, never the strings the template binds. The conversation runner turns one into the card's data
 * (src/cards/data/, in the conversation's language) and renders it. Pure types.
 */
import type { ProblemDefinition, StageRecord } from './caseRecord';
import type { DiagnosisSummary, Environment, Localized, StageNeed } from './diagnosis';
import type { RemediationState } from './plan';
import type { Attempt } from './attempts';

/**
 * What the remediation card shows of a stage (built from the knowledge base by src/cards/data/stage.ts);
 * `handedOver` marks a stage the user took to an engineer instead.
 */
export interface StageCardInput {
  caseNumber: string;
  stage: StageRecord;
  /** 0-based, of `count`. */
  index: number;
  count: number;
  causeId: string | null;
  environment?: Environment;
  /** Where the environment is known from: the logs' update policy or the user's words. */
  environmentFrom?: 'logs' | 'user';
  /** Stages just before this one passed over because the case rules out what they need (1-based numbers). */
  passedOver?: Array<{ number: number; title: Localized; ruledOut: StageNeed }>;
  handedOver?: boolean;
  /** Not tried, put aside: work went back to an earlier stage open again (the card is frozen saying so). */
  deferred?: boolean;
}

/** The problem as drafted or confirmed: the problem-definition card, and the greeting card's reminder of it. */
export interface ProblemCardInput {
  card: 'problem' | 'greeting';
  caseNumber?: string;
  problem: ProblemDefinition;
  confirmed: boolean;
  /** The contact is a name alone: the card asks for a phone number or e-mail. */
  contactNeedsAddress: boolean;
}

/** The scope card: the confirmed problem, the user's corrections so far, and whether it was accepted. */
export interface ScopeCardInput {
  card: 'scope';
  caseNumber?: string;
  problem: ProblemDefinition;
  contactNeedsAddress: boolean;
  corrections: string[];
  accepted: boolean;
}

/** One bundle on the log-collection card. */
export interface UploadLine {
  /** The name the uploader gave. */
  name: string;
  /** The machine its diagnosis named, once diagnosed. */
  machine?: string;
  status: 'received' | 'diagnosed' | 'failed';
}

/** The log-collection card: machines expected and received, and the bundles so far. */
export interface LogCollectionCardInput {
  card: 'logCollection';
  caseNumber: string;
  machineCount: number;
  receivedCount: number;
  uploads: UploadLine[];
}

/** One machine's diagnosis. */
export interface DiagnosisCardInput {
  card: 'diagnosis';
  caseNumber: string;
  summary: DiagnosisSummary;
}

/** The verify question after a stage failed; `answered`: '' or the button the user chose. */
export interface VerifyCardInput {
  card: 'verify';
  caseNumber: string;
  remediation: RemediationState;
  answered: '' | 'next' | 'logs' | 'engineer';
}

/** The closure proposal: whether a stage (or clean logs) resolved it, and the user's answer so far. */
export interface ClosureCardInput {
  card: 'closure';
  caseNumber: string;
  resolved: boolean;
  /** `withdrawn`: a failing machine joined the case before the user answered (the bot took it back). */
  answered: '' | 'accepted' | 'declined' | 'withdrawn';
}

/** The survey, asked or answered with its score. */
export interface SurveyCardInput {
  card: 'survey';
  caseNumber: string;
  answered: boolean;
  score: number;
}

/** The question a report leaves open: which machines, or what came of it. */
export interface ReportQuestionCardInput {
  card: 'reportQuestion';
  caseNumber: string;
  ask: 'result' | 'machines';
  attempt: Attempt;
  machines: string[];
  answered: '' | 'answered';
}

/**
 * New logs naming no host that match none of the case's machines: which machine they are from. `chosen`:
 * '' until answered, a machine's host, or 'other' for a machine not in the case.
 */
export interface LogsMachineCardInput {
  card: 'logsMachine';
  caseNumber: string;
  /** The upload's name (or the diagnosis's neutral machine name). */
  name: string;
  machines: string[];
  chosen: string;
}

export type CardInput =
  | ProblemCardInput
  | ScopeCardInput
  | LogCollectionCardInput
  | DiagnosisCardInput
  | VerifyCardInput
  | ClosureCardInput
  | SurveyCardInput
  | ReportQuestionCardInput
  | LogsMachineCardInput;
