/**
 * What the outbox holds: the messages of a turn rendered in the conversation's language before the turn
 * commits (text, cards with their data, files, the engineers' side), so the deliverer only sends.
 */
import type { Effect } from '../../dialogs/effects';
import type { ChatMessage } from '../domain/chat';
import type { OutboundMessage } from '../storage/ports';

/** Effects that reach the engineers' desk (escalations, relays, closures). */
export type EngineersEffect = Extract<Effect, { kind: 'escalate' | 'relay' | 'caseClosed' }>;

/** A chat message with where it goes on screen: a card `slot` it fills or, with `replace`, updates in place. */
export type ChatPayload = ChatMessage & { slot?: string; replace?: boolean };

/** What an outbox row carries: a chat message or an effect for the desk, and the case it concerns. */
export type OutboundPayload = (ChatPayload | { kind: 'engineers'; effect: EngineersEffect }) & {
  caseNumber?: string;
};

export function outbound(id: string, conversationId: string, payload: OutboundPayload): OutboundMessage {
  return { id, conversationId, kind: payload.kind, payload: payload as unknown as Record<string, unknown> };
}

export function payloadOf(message: OutboundMessage): OutboundPayload {
  return { ...message.payload, kind: message.kind } as OutboundPayload;
}

/** Typing indicators older than this are not worth sending any more (the message they announced went out). */
export const TYPING_TTL_MS = 15_000;
