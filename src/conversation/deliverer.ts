/**
 * The deliverer: sends what turns and jobs put in the outbox, and marks each message sent. A
 * conversation's messages go out in order, one at a time (a worker per conversation); conversations do
 * not wait for each other (up to `concurrency` workers), so a connector that hangs for one chat holds up
 * only that chat. A failed send is tried again with exponential backoff and jitter, never sooner than the
 * channel's Retry-After; after `maxAttempts` (or at once when the channel says it cannot work) it is
 * given up, and `onGiveUp` tells the case's timeline and the engineers. Started, it also picks up what a
 * previous process left unsent; a message whose send was in flight when the process died is sent again.
 */
import { frozenCopy } from '../cards/freeze';
import { CardSlots, liveEntry } from './liveCards';
import type { Logger } from '../log';
import { DeliveryError, type ChatChannel } from '../domain/chat';
import type { OutboxEntry, Store } from '../storage/ports';
import { crashPoint } from '../faults';
import { payloadOf, TYPING_TTL_MS, type EngineersEffect, type OutboundPayload } from './outbound';
import { backoffDelay } from './backoff';
import type { ChannelPost } from '../handoff/posts';
import type { CaseEvent } from '../domain/events';

export interface DelivererOptions {
  store: Store;
  channel: ChatChannel;
  /**
   * Carries out the engineers' side of a turn (escalations, relays, closures); `id` (the outbox row's)
   * keys what it queues, so that running it again after a crash queues nothing twice.
   */
  engineers?: (effect: EngineersEffect, id: string) => Promise<void>;
  /**
   * Runs events queued for a conversation's case machine as a proactive turn with processed id `id` (run
   * again after a crash, it is recognised and skipped); 'gone' when the conversation is unknown.
   */
  events?: (conversationId: string, events: CaseEvent[], id: string) => Promise<unknown>;
  /** Sends a post of the engineers' desk (src/handoff/posts.ts); failures as DeliveryErrors. */
  channelPosts?: (post: ChannelPost, id: string) => Promise<void>;
  /** A message given up: tell the case and the engineers (errors here are logged, not retried). */
  onGiveUp?: (entry: OutboxEntry, payload: OutboundPayload, error: string) => Promise<void>;
  logger: Logger;
  /** Names this process in claims. */
  owner: string;
  /** Longer than the slowest send (every connector request has a timeout). */
  leaseMs: number;
  pollMs: number;
  /** Conversations served at the same time. */
  concurrency?: number;
  maxAttempts: number;
  /** First retry after about this long; doubled each time, at most `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs?: number;
  now?: () => number;
}

interface Worker {
  queue: OutboxEntry[];
  /** The message being sent now. */
  current?: string;
  again: boolean;
  done: Promise<void>;
}

export class Deliverer {
  private readonly workers = new Map<string, Worker>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private polling: Promise<void> = Promise.resolve();

  constructor(private readonly options: DelivererOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedulePoll(0);
  }

  /** Stops claiming; waits for the sends in flight (what is left stays in the outbox for the next start). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.polling.catch(() => undefined);
    await Promise.all([...this.workers.values()].map((w) => w.done));
  }

  /** New messages for a conversation: send them now rather than at the next poll. */
  kick(conversationId: string): void {
    if (this.running) void this.work(conversationId);
  }

  /**
   * Sends the conversation's due messages and resolves when they are out (or failed for now), or after
   * `timeoutMs` at the latest: a turn waits for its replies this long, then answers the channel anyway.
   */
  async flush(conversationId: string, timeoutMs: number): Promise<void> {
    if (!this.running) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.work(conversationId),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  private schedulePoll(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => {
        if (this.running) this.schedulePoll(this.options.pollMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    const { store, owner, leaseMs, logger } = this.options;
    const free = (this.options.concurrency ?? 16) - this.workers.size;
    if (!this.running || free <= 0) return;
    try {
      const heads = await store.outbox.claim(this.now(), owner, leaseMs, free);
      for (const head of heads) void this.work(head.conversationId, head);
    } catch (err) {
      logger.error({ err, owner }, 'outbox: claiming messages failed');
    }
  }

  /** The conversation's worker (started unless one runs), optionally handed a head already claimed. */
  private work(conversationId: string, claimed?: OutboxEntry): Promise<void> {
    const existing = this.workers.get(conversationId);
    if (existing) {
      // A message this worker holds already (its lease ran out while it was being sent) is not queued twice.
      const held =
        claimed && (existing.current === claimed.id || existing.queue.some((q) => q.id === claimed.id));
      if (claimed && !held) existing.queue.push(claimed);
      existing.again = true;
      return existing.done;
    }
    const worker: Worker = { queue: claimed ? [claimed] : [], again: false, done: Promise.resolve() };
    this.workers.set(conversationId, worker);
    worker.done = this.drain(conversationId, worker).finally(() => this.workers.delete(conversationId));
    return worker.done;
  }

  private async drain(conversationId: string, worker: Worker): Promise<void> {
    const { store, owner, leaseMs, logger } = this.options;
    while (this.running) {
      let entry = worker.queue.shift();
      if (!entry) {
        worker.again = false;
        try {
          [entry] = await store.outbox.claim(this.now(), owner, leaseMs, 1, conversationId);
        } catch (err) {
          logger.error({ err, conversationId }, 'outbox: claiming messages failed');
          return;
        }
      }
      if (!entry) {
        if (worker.again) continue;
        return;
      }
      worker.current = entry.id;
      await this.deliver(entry);
      worker.current = undefined;
    }
  }

  private async deliver(entry: OutboxEntry): Promise<void> {
    const { store, channel } = this.options;
    const payload = payloadOf(entry);
    try {
      if (payload.kind === 'engineers' || payload.kind === 'channel' || payload.kind === 'events') {
        if (payload.kind === 'engineers') await this.options.engineers?.(payload.effect, entry.id);
        else if (payload.kind === 'events') {
          if (!this.options.events) throw new DeliveryError('no case machine to run events', false);
          const outcome = await this.options.events(entry.conversationId, payload.events, entry.id);
          if (outcome === 'gone')
            this.options.logger.warn({ id: entry.id }, 'outbox: events for a conversation that is gone');
        } else if (this.options.channelPosts) {
          crashPoint('desk.before-post');
          await this.options.channelPosts(payload.post, entry.id);
          crashPoint('desk.after-post');
        } else throw new DeliveryError('no desk to post for', false);
        await store.outbox.sent(entry.id, this.now());
        return;
      }
      if (payload.kind === 'typing' && this.now() - entry.createdAt > TYPING_TTL_MS) {
        await store.outbox.sent(entry.id, this.now());
        return;
      }
      const stored = await store.conversations.load(entry.conversationId);
      // A message queued before anything of its conversation was stored carries the reference itself.
      const reference = stored?.reference ?? payload.to;
      if (!reference) throw new DeliveryError('the conversation has no stored reference', true);
      const record = { reference, cardSlots: stored?.cardSlots ?? {} };
      if (payload.kind === 'delete') {
        await channel.remove(record.reference, payload.activityId);
        await store.outbox.sent(entry.id, this.now());
        return;
      }
      if (payload.kind === 'freeze') {
        await this.freeze(
          entry,
          record.reference,
          new CardSlots(record.cardSlots),
          payload.slot,
          payload.note,
        );
        await store.outbox.sent(entry.id, this.now(), {
          slotEntries: { [liveEntry(payload.slot, {}, '', false)[0]]: null },
        });
        return;
      }
      const { slot, replace, live, owner, freezeNote, to: _to, ...message } = payload;
      const shown = slot ? record.cardSlots[slot] : undefined;
      // One live card per question: the card kept beside its slot while its buttons act.
      const keep =
        slot && message.kind === 'card'
          ? Object.fromEntries([
              liveEntry(slot, message.card, owner ?? payload.caseNumber ?? '', live === true),
            ])
          : undefined;
      if (message.kind === 'card' && replace && shown) {
        await channel.replace(record.reference, shown, message);
        await store.outbox.sent(entry.id, this.now(), { activityId: shown, slotEntries: keep });
      } else {
        if (slot && freezeNote)
          await this.freeze(entry, record.reference, new CardSlots(record.cardSlots), slot, freezeNote);
        crashPoint('outbox.before-send');
        const activityId = await channel.post(record.reference, message);
        crashPoint('outbox.after-send');
        await store.outbox.sent(entry.id, this.now(), { activityId, cardSlot: slot, slotEntries: keep });
      }
      crashPoint('outbox.after-mark');
    } catch (err) {
      await this.failed(entry, payload, err).catch((markErr: unknown) =>
        this.options.logger.error({ err: markErr, id: entry.id }, 'outbox: recording a failed send failed'),
      );
    }
  }

  /**
   * Freezes the live card in `slot` in place (its buttons gone, `note` saying why). A card the channel cannot
   * update any more (deleted) is logged and passed over: the messages after it still go out.
   */
  private async freeze(
    entry: OutboxEntry,
    reference: unknown,
    slots: CardSlots,
    slot: string,
    note: string,
  ): Promise<void> {
    const card = slots.live(slot);
    if (!card) return;
    const fallback = (card.card as { fallbackText?: unknown }).fallbackText;
    try {
      await this.options.channel.replace(reference, card.activityId, {
        card: frozenCopy(card.card, note),
        fallbackText: typeof fallback === 'string' ? fallback : note,
      });
    } catch (err) {
      this.options.logger.warn(
        { conversationId: entry.conversationId, slot, err: String(err) },
        'an earlier card could not be frozen',
      );
    }
  }

  private async failed(entry: OutboxEntry, payload: OutboundPayload, err: unknown): Promise<void> {
    const { store, logger, maxAttempts } = this.options;
    const error = err instanceof Error ? err.message : String(err);
    const attempts = entry.attempts + 1;
    const log = { id: entry.id, conversationId: entry.conversationId, kind: entry.kind, attempts, error };
    // A typing indicator is not worth a retry.
    if (payload.kind === 'typing') return store.outbox.sent(entry.id, this.now());
    const permanent = err instanceof DeliveryError && err.permanent;
    if (permanent || attempts >= maxAttempts) {
      logger.error(log, 'outbox: message given up');
      await store.outbox.failed(entry.id, this.now(), error);
      await this.options
        .onGiveUp?.(entry, payload, error)
        .catch((notifyErr: unknown) =>
          logger.error({ err: notifyErr, id: entry.id }, 'outbox: telling about a message given up failed'),
        );
      return;
    }
    const retryAfterMs = err instanceof DeliveryError ? err.retryAfterMs : undefined;
    const delay = backoffDelay(entry.attempts, {
      baseMs: this.options.backoffMs,
      maxMs: this.options.maxBackoffMs,
      retryAfterMs,
    });
    logger.warn({ ...log, retryInMs: delay }, 'outbox: send failed; will try again');
    await store.outbox.retryLater(entry.id, this.now() + delay, error);
  }
}
