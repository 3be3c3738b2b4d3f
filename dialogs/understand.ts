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

export function understand(event: CaseEvent): MachineEvent {
  if (event.type !== 'card.submit') return event;
  const type = VERB_EVENTS.get(event.verb);
  return type ? { type, data: event.data } : { type: 'card.unknown', verb: event.verb, data: event.data };
}
