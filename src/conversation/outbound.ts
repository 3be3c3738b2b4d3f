/**
 * What the outbox holds: the messages of a turn rendered in the conversation's language before the turn
 * commits (text, cards with their data, files, the engineers' side), so the deliverer only sends.
 */
import type { Effect } from '../../dialogs/effects';
import type { ChatMessage, RemoveMessage } from '../domain/chat';
import type { CaseEvent } from '../domain/events';
import type { OutboundMessage } from '../storage/ports';
import type { ChannelPost } from '../handoff/posts';

/** Effects that reach the engineers' desk (escalations, relays, closures). */
export type EngineersEffect = Extract<Effect, { kind: 'escalate' | 'relay' | 'caseClosed' }>;

/**
 * A chat message with where it goes on screen: a card `slot` it fills or, with `replace`, updates in place.
 * One live card per question: `live` says the card's buttons act (it is kept beside its slot, with the case
 * it belongs to, `owner`), and `freezeNote` freezes an older live copy in the slot, with that note, before
 * this one is posted.
 */
export type ChatPayload = ChatMessage & {
  slot?: string;
  replace?: boolean;
  live?: boolean;
  owner?: string;
  freezeNote?: string;
};

/** Freezes the live card in `slot` in place (buttons gone, `note` saying why): its case ended. */
export interface FreezePayload {
  kind: 'freeze';
  slot: string;
  note: string;
}

/**
 * What an outbox row carries: a chat message, a card to freeze, an effect for the desk or a post of the
 * desk, and its case.
 */
export type OutboundPayload = (
  | ChatPayload
  | FreezePayload
  | { kind: 'engineers'; effect: EngineersEffect }
  /** A post of the engineers' desk (src/handoff/posts.ts), in the desk's lane. */
  | { kind: 'channel'; post: ChannelPost }
  /**
   * Events for the conversation's case machine (an engineer took the case, wrote, handed it back), run as
   * a proactive turn whose processed id is this message's: queued with what caused them, run once.
   */
  | { kind: 'events'; events: CaseEvent[] }
  /** A message of the bot's taken out of the chat (an answered file consent card). */
  | RemoveMessage
) & {
  caseNumber?: string;
  /** The conversation reference to send with when the conversation is not stored (a first turn's apology). */
  to?: unknown;
};

export function outbound(id: string, conversationId: string, payload: OutboundPayload): OutboundMessage {
  return { id, conversationId, kind: payload.kind, payload: payload as unknown as Record<string, unknown> };
}

export function payloadOf(message: OutboundMessage): OutboundPayload {
  return { ...message.payload, kind: message.kind } as OutboundPayload;
}

/** Typing indicators older than this are not worth sending any more (the message they announced went out). */
export const TYPING_TTL_MS = 15_000;
