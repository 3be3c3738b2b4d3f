/**
 * The cards the case machine shows, as effects with their data (the runner renders them): stage,
 * closure, log collection, diagnosis, scope, greeting. Pure.
 */
import type { Effect, ShowStage } from './effects';
import type { DiagnosisSummary } from '../src/domain/diagnosis';
import { diagnosisCardData, logCollectionCardData } from './logs';
import { CARDS } from './messages';
import { passedOverBefore, type RemediationState } from '../src/domain/plan';
import { problemCardData } from './problem';

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

export function closureCardData(
  context: CaseContext,
  answered: '' | 'accepted' | 'declined',
): Record<string, unknown> {
  return { caseNumber: caseNumberOf(context), resolved: context.resolved === true, answered };
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
    data: logCollectionCardData(context, caseNumberOf(context)),
  };
  return update ? { ...offer, update: true } : offer;
}

export function diagnosisCard(context: CaseContext, summary: DiagnosisSummary): Effect {
  return {
    kind: 'card',
    cardId: CARDS.diagnosis.cardId,
    slot: `${CARDS.diagnosis.slot}:${summary.uploadId}`,
    data: diagnosisCardData(summary, caseNumberOf(context), context.locale),
  };
}

/** The scope card binds the confirmed facts and the corrections so far; its wording is in the catalogs. */
export function scopeCardData(context: CaseContext): Record<string, unknown> {
  return {
    ...problemCardData(context.problem, context.caseNumber, true),
    corrections: context.scopeCorrections.map((text) => ({ text })),
    hasCorrections: context.scopeCorrections.length > 0,
    accepted: context.scopeConfirmed,
  };
}

export function greetingCardData(context: CaseContext): Record<string, unknown> {
  return problemCardData(context.problem, context.caseNumber, context.problemConfirmed);
}
