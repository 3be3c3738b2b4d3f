/**
 * Turns without an inbound activity: a reminder, an upload that arrived through a link, a finished
 * diagnosis — run through the same runner (serialized, committed once per `processedId`, their messages
 * in the outbox). And messages outside any turn (a job's progress card), queued behind the turn's.
 */
import type { Store } from '../storage/ports';
import type { ConversationRunner, InboundTurn, TurnOutcome } from './runner';
import { outbound, type OutboundPayload } from './outbound';

export class Notifier {
  constructor(
    private readonly store: Store,
    private readonly runner: ConversationRunner,
    /** Told when messages were queued outside a turn (the deliverer sends them). */
    private readonly queued: (conversationId: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** 'gone' when the conversation is unknown or cannot be reached (no stored reference). */
  async notify(
    conversationId: string,
    turn: Omit<InboundTurn, 'conversationId'>,
  ): Promise<TurnOutcome | 'gone'> {
    const record = await this.store.conversations.load(conversationId);
    if (!record?.reference) return 'gone';
    return this.runner.handle({ ...turn, conversationId });
  }

  /**
   * Queues messages outside a turn; `id`s are stable (the same update queued twice is sent once).
   * False when the conversation is gone.
   */
  async post(
    conversationId: string,
    messages: Array<{ id: string; payload: OutboundPayload }>,
  ): Promise<boolean> {
    const record = await this.store.conversations.load(conversationId);
    if (!record?.reference) return false;
    await this.store.outbox.add(
      messages.map((m) => outbound(`${conversationId}|${m.id}`, conversationId, m.payload)),
      this.now(),
    );
    this.queued(conversationId);
    return true;
  }
}
