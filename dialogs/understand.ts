/**
 * The translator at the machine's edge: an inbound case event (src/domain/events.ts) as the case
 * machine takes it. A card submit becomes the event its verb names (dialogs/events.ts CARD_EVENTS);
 * everything else passes as it is. Pure; the conversation runner calls it for every event of a turn.
 */
import type { CaseEvent } from '../src/domain/events';
import { CARD_EVENTS, type MachineEvent } from './events';

const VERB_EVENTS: ReadonlyMap<string, (typeof CARD_EVENTS)[keyof typeof CARD_EVENTS]> = new Map(
  Object.entries(CARD_EVENTS),
);

/**
 * `currentCase`: the case the conversation works on; a button whose card names another case becomes
 * `card.other-case` (cards posted before buttons carried their case number name none and pass).
 */
export function understand(event: CaseEvent, currentCase?: string): MachineEvent {
  if (event.type !== 'card.submit') return event;
  const cardCase = event.data.caseNumber;
  if (typeof cardCase === 'string' && cardCase !== '' && cardCase !== currentCase)
    return { type: 'card.other-case', verb: event.verb, caseNumber: cardCase };
  const type = VERB_EVENTS.get(event.verb);
  return type ? { type, data: event.data } : { type: 'card.unknown', verb: event.verb, data: event.data };
}
