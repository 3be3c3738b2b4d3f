/**
 * The data of the problem-definition, greeting and scope cards (cards/problem-definition.template.json,
 * greeting, scope): strings ready to show (empty when unknown), so the templates need no logic.
 */
import type { ProblemCardInput, ScopeCardInput } from '../../domain/cards';

/** `hasMachineCount` picks the Input.Number variant that carries a value. */
export function problemCardData(input: Omit<ProblemCardInput, 'card'>): Record<string, unknown> {
  const { problem } = input;
  return {
    caseNumber: input.caseNumber ?? '',
    confirmed: input.confirmed,
    os: problem.os ?? '',
    kbNumbers: problem.kbNumbers.join(', '),
    errorCodes: problem.errorCodes.join(', '),
    hasMachineCount: problem.machineCount !== undefined,
    machineCount: problem.machineCount ?? 0,
    machineCountText: problem.machineCount === undefined ? '' : String(problem.machineCount),
    since: problem.since ?? '',
    impact: problem.impact ?? '',
    contact: problem.contact ?? '',
    // A contact without a phone or e-mail: the card asks for one, once, while the problem is a draft.
    contactNeedsAddress: input.contactNeedsAddress,
    description: problem.description,
  };
}

/** The scope card binds the confirmed facts and the corrections so far; its wording is in the catalogs. */
export function scopeCardData(input: ScopeCardInput): Record<string, unknown> {
  return {
    ...problemCardData({ ...input, confirmed: true }),
    corrections: input.corrections.map((text) => ({ text })),
    hasCorrections: input.corrections.length > 0,
    accepted: input.accepted,
  };
}
