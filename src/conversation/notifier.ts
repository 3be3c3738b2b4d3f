/**
 * Turns without an inbound activity: a reminder, an upload that arrived through a link, a finished
 * diagnosis. Each runs as a proactive turn on the conversation's stored reference, through the same
 * runner (serialized, committed once per `processedId`).
 */
import type { Store } from '../storage/ports';
import type { ConversationRunner, InboundTurn, TurnOutcome } from './runner';
import type { ConversationSink } from '../domain/chat';

export type Proactive = (
  reference: unknown,
  work: (sink: ConversationSink) => Promise<void>,
) => Promise<void>;

export class Notifier {
  constructor(
    private readonly store: Store,
    private readonly runner: ConversationRunner,
    private readonly proactive: Proactive,
  ) {}

  /** 'gone' when the conversation is unknown or cannot be reached (no stored reference). */
  async notify(
    conversationId: string,
    turn: Omit<InboundTurn, 'conversationId'>,
  ): Promise<TurnOutcome | 'gone'> {
    const record = await this.store.conversations.load(conversationId);
    if (!record?.reference) return 'gone';
    let outcome: TurnOutcome = 'done';
    await this.proactive(record.reference, async (sink) => {
      outcome = await this.runner.handle({ ...turn, conversationId }, sink);
    });
    return outcome;
  }

  /** Runs `work` with a sink into the conversation without a turn (progress cards); false when gone. */
  async withSink(conversationId: string, work: (sink: ConversationSink) => Promise<void>): Promise<boolean> {
    const record = await this.store.conversations.load(conversationId);
    if (!record?.reference) return false;
    await this.proactive(record.reference, work);
    return true;
  }
}
