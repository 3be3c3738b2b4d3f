/**
 * What the desk posts in Teams goes through the outbox like every message to a user: queued under a
 * stable id (the same decision queued twice is one message), sent by the deliverer in order with its
 * retries, backoff and Retry-After, and picked up again after a crash. The desk's messages of one channel
 * form one lane (an outbox "conversation", `deskLane`): a case card is posted before anything in its
 * thread, since the thread's root is the card's id, known only once the card is out.
 *
 * A queued post says what to do, not the bytes: a case card is rendered when it is sent (so it shows the
 * case as it is then), a thread message finds its thread then.
 */
import { DeliveryError } from '../domain/chat';
import type { TimelineEvent } from '../domain/caseRecord';
import type { Locale } from '../domain/locale';
import type { Logger } from '../log';
import type { OutboundMessage, Store } from '../storage/ports';
import { ESCALATION_CARD_ID, escalationCardData } from '../cards/data/escalation';
import type { ChannelPort, EngineersChannel } from './channel';
import { CARD_KEY } from './context';

/** One post of the desk, as the outbox keeps it. */
export type ChannelPost =
  /** The case card as a new post in the channel: the root of the case's thread. */
  | { op: 'announce'; caseNumber: string; requestedAt: number }
  /** A message in the case's thread (under its card). */
  | { op: 'thread'; caseNumber: string; text: string }
  /** The case card updated in place (rendered as the case is when it is sent). */
  | { op: 'refresh'; caseNumber: string }
  /** An answer where an engineer (or someone) wrote: `reference` is that activity's. */
  | { op: 'reply'; reference: unknown; text: string; caseNumber?: string };

/** Renders a card template with its data, in a language (src/cards/render.ts). */
export type CardRenderer = (
  cardId: string,
  locale: Locale,
  data: Record<string, unknown>,
) => { card: object; fallbackText: string };

/** The outbox lane of the desk's posts in a channel. */
export function deskLane(channelId: string): string {
  return `desk|${channelId}`;
}

export interface DeskPostsDeps {
  store: Store;
  channel: ChannelPort;
  /** Told when posts were queued for a lane (the deliverer sends them now rather than at its next poll). */
  queued?: (lane: string) => void;
  card: CardRenderer;
  /** The engineers' channel, when it is known. */
  engineersChannel(): Promise<EngineersChannel | undefined>;
  /** After the case card is posted: what else to say in its new thread (files that waited for it). */
  afterAnnounce(caseNumber: string, announceId: string): Promise<void>;
  timeline(caseNumber: string, actor: string, event: TimelineEvent): Promise<void>;
  /** How the case card tells engineers to @mention the bot. */
  mention(): Promise<string>;
  settings: { mask: boolean; locale: Locale };
  logger: Logger;
  now: () => number;
}

export class DeskPosts {
  constructor(private readonly deps: DeskPostsDeps) {}

  /** Queues posts into `lane` (ids already queued or sent are not queued again). */
  async queue(lane: string, posts: Array<{ id: string; post: ChannelPost }>): Promise<void> {
    if (posts.length === 0) return;
    const messages: OutboundMessage[] = posts.map(({ id, post }) => ({
      id: `${lane}|${id}`,
      conversationId: lane,
      kind: 'channel',
      payload: { post, ...('caseNumber' in post && post.caseNumber ? { caseNumber: post.caseNumber } : {}) },
    }));
    await this.deps.store.outbox.add(messages, this.deps.now());
    this.deps.queued?.(lane);
  }

  /**
   * Queues a message into the thread of the case's open escalation; false (and a warning) when there is
   * none to post into (no channel known yet, or the escalation ended).
   */
  async toThread(caseNumber: string, id: string, text: string): Promise<boolean> {
    const [escalation, channel] = await Promise.all([
      this.deps.store.escalations.get(caseNumber),
      this.deps.engineersChannel(),
    ]);
    if (!escalation || escalation.endedAt !== undefined || !channel) {
      this.deps.logger.warn({ caseNumber }, 'nothing to post into: no open escalation thread');
      return false;
    }
    await this.queue(deskLane(channel.channelId), [{ id, post: { op: 'thread', caseNumber, text } }]);
    return true;
  }

  /** Queues an update of the case card in place (nothing when the card was never posted). */
  async refresh(caseNumber: string, id: string): Promise<void> {
    const channel = await this.deps.engineersChannel();
    if (channel) await this.queue(deskLane(channel.channelId), [{ id, post: { op: 'refresh', caseNumber } }]);
  }

  /** Carries out one queued post (the deliverer calls it); failures are DeliveryErrors, retried by the outbox. */
  async deliver(post: ChannelPost, entryId: string): Promise<void> {
    if (post.op === 'reply') {
      await this.deps.channel.reply(post.reference, post.text);
      return;
    }
    const channel = await this.deps.engineersChannel();
    if (!channel) throw new DeliveryError("the engineers' channel is not known", true);
    const escalation = await this.deps.store.escalations.get(post.caseNumber);
    switch (post.op) {
      case 'announce': {
        // Posted already, ended, or a later escalation of the case took its place: nothing to post.
        // (A card in a channel that is no longer the engineers' does not count: it is posted here.)
        const posted =
          escalation?.cardActivityId !== undefined &&
          (escalation.channelConversationId === undefined ||
            escalation.channelConversationId === channel.channelId);
        if (!escalation || posted || escalation.endedAt !== undefined) return;
        if (escalation.requestedAt !== post.requestedAt) return;
        const rendered = await this.render(post.caseNumber);
        if (!rendered) return;
        const activityId = await this.deps.channel.postThread(channel, rendered);
        await this.deps.store.escalations.announced(
          post.caseNumber,
          channel.channelId,
          activityId,
          this.deps.now(),
        );
        // Every card the case ever had stays its thread (a case escalated again gets a new card).
        await this.deps.store.settings.set(`${CARD_KEY}${activityId}`, post.caseNumber);
        await this.deps.timeline(post.caseNumber, 'bot', { key: 'cardPosted' });
        await this.deps.afterAnnounce(post.caseNumber, entryId);
        return;
      }
      case 'thread': {
        const root = escalation?.cardActivityId;
        if (!root)
          throw new DeliveryError('the case has no thread in the channel (its card was not posted)', true);
        await this.deps.channel.inThread(
          channel,
          root,
          async (sink) => void (await sink.sendText(post.text)),
        );
        return;
      }
      case 'refresh': {
        const cardId = escalation?.cardActivityId;
        const rendered = cardId ? await this.render(post.caseNumber) : undefined;
        if (!cardId || !rendered) return;
        await this.deps.channel.inThread(channel, cardId, (sink) =>
          sink.updateCard(cardId, rendered.card, rendered.fallbackText),
        );
        return;
      }
    }
  }

  /** The case card as the case is now. */
  private async render(caseNumber: string) {
    const { store, settings } = this.deps;
    const [row, escalation] = await Promise.all([
      store.cases.get(caseNumber),
      store.escalations.get(caseNumber),
    ]);
    if (!row || !escalation) return undefined;
    const timeline = await store.cases.timeline(caseNumber);
    const data = {
      ...escalationCardData(row, timeline, escalation, this.deps.now(), settings),
      mention: await this.deps.mention(),
    };
    return this.deps.card(ESCALATION_CARD_ID, settings.locale, data);
  }
}
