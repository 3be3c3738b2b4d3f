/**
 * The names the case machine uses towards the outside: catalog keys it says, cards it shows and the
 * card verbs it handles. The i18n and card tests check these against the catalogs and templates.
 */

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
  'logs.fileNoted',
  'file.notYet',
  'case.resumed',
  'case.archived',
  'language.switched',
  'nudge.problem',
  'nudge.scope',
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
} as const;

/** Card verbs (`<card-id>.<action>`) the machine handles. */
export const VERBS = {
  greetingContinue: 'greeting.continue',
  greetingNew: 'greeting.new',
  problemConfirm: 'problem-definition.confirm',
  scopeAccept: 'scope.accept',
  scopeCorrect: 'scope.correct',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];
