/**
 * The cards the case machine shows, as effects that say what each shows (src/domain/cards.ts; the runner
 * builds their data in src/cards/data/): stage, closure, log collection, diagnosis, scope, greeting,
 * problem. Pure.
 */
import type { Effect, ShowStage } from './effects';
import type { DiagnosisSummary } from '../src/domain/diagnosis';
import type { LogCollectionCardInput, ProblemCardInput, ScopeCardInput } from '../src/domain/cards';
import { expectedMachines, machinesReceived } from './logs';
import { CARDS } from './messages';
import { passedOverBefore, type RemediationState } from '../src/domain/plan';
import { contactLacksAddress } from './problem';

import type { CaseContext } from './caseContext';

export function stageEffect(context: CaseContext, state: RemediationState, update: boolean): ShowStage {
  const stage = state.stages[state.current];
  return {
    kind: 'showStage',
    caseNumber: caseNumberOf(context),
    stage,
    index: state.current,
    count: state.stages.length,
    causeId: state.causeId,
    ...(state.environment ? { environment: state.environment } : {}),
    ...(state.environmentFrom ? { environmentFrom: state.environmentFrom } : {}),
    ...passedOver(state),
    ...(update ? { update: true } : {}),
  };
}

function passedOver(state: RemediationState) {
  const stages = passedOverBefore(state, state.current).map((s) => ({
    number: state.stages.indexOf(s) + 1,
    title: s.title,
    ruledOut: s.ruledOut!,
  }));
  return stages.length > 0 ? { passedOver: stages } : {};
}

export function caseNumberOf(context: CaseContext): string {
  if (context.caseNumber === undefined) throw new Error('caseMachine: no case is open in this conversation');
  return context.caseNumber;
}

/** The log-collection card with the case's upload link (added by the runner); `update` replaces it in place. */
export function logCollectionOffer(context: CaseContext, update: boolean): Effect {
  const offer: Effect = {
    kind: 'offerUpload',
    caseNumber: caseNumberOf(context),
    ...CARDS.logCollection,
    input: logCollectionInput(context),
  };
  return update ? { ...offer, update: true } : offer;
}

/** Machines expected and received so far, and each bundle with the machine its diagnosis named. */
function logCollectionInput(context: CaseContext): LogCollectionCardInput {
  return {
    card: 'logCollection',
    caseNumber: caseNumberOf(context),
    machineCount: expectedMachines(context),
    receivedCount: machinesReceived(context),
    uploads: (context.uploads ?? []).map(({ name, machine, status }) => ({
      name,
      status,
      ...(machine !== undefined ? { machine } : {}),
    })),
  };
}

export function diagnosisCard(context: CaseContext, summary: DiagnosisSummary): Effect {
  return {
    kind: 'card',
    cardId: CARDS.diagnosis.cardId,
    slot: `${CARDS.diagnosis.slot}:${summary.uploadId}`,
    input: { card: 'diagnosis', caseNumber: caseNumberOf(context), summary },
  };
}

/**
 * The problem as drafted or confirmed (the problem-definition card, or the greeting card's reminder of
 * it). A contact that is a name alone makes the card ask for a phone number or e-mail.
 */
export function problemInput(
  context: Pick<CaseContext, 'problem' | 'caseNumber'>,
  confirmed: boolean,
  card: ProblemCardInput['card'] = 'problem',
): ProblemCardInput {
  return {
    card,
    ...(context.caseNumber !== undefined ? { caseNumber: context.caseNumber } : {}),
    problem: context.problem,
    confirmed,
    contactNeedsAddress: contactLacksAddress(context.problem.contact),
  };
}

/** The scope card: the confirmed facts and the corrections so far. */
export function scopeInput(context: CaseContext): ScopeCardInput {
  const { card: _card, confirmed: _confirmed, ...problem } = problemInput(context, true);
  return {
    card: 'scope',
    ...problem,
    corrections: context.scopeCorrections,
    accepted: context.scopeConfirmed,
  };
}

export function greetingInput(context: CaseContext): ProblemCardInput {
  return problemInput(context, context.problemConfirmed, 'greeting');
}
