/**
 * What the parts of the engineers' desk share: its dependencies and settings (given by the composition
 * root), and the few helpers both the desk (desk.ts) and the thread's commands (thread.ts) use.
 */
import type { CaseEvent } from '../domain/events';
import type { TimelineEvent } from '../domain/caseRecord';
import type { Locale } from '../domain/locale';
import type { Logger } from '../log';
import type { CaseFileRecord, EscalationRecord, Store } from '../storage/ports';
import { MASKING_OFF, MASKING_ON, maskText } from '../cases/mask';
import type { ChannelActor, ChannelFile, ChannelPort, ChannelTurn, EngineersChannel } from './channel';
import type { CardRenderer, DeskPosts } from './posts';

export interface DeskSettings {
  /** User ids (Teams or Entra object ids) of the engineers; empty: the members of the engineers' team. */
  roster: readonly string[];
  /**
   * A fixed engineers' channel id; otherwise the first team channel the bot is installed in (with a
   * roster: installed by an engineer on it).
   */
  channelId?: string;
  reannounceMs: number;
  mask: boolean;
  /** The channel's language (cards, replies, summaries). */
  locale: Locale;
}

export interface DeskDeps {
  store: Store;
  channel: ChannelPort;
  /**
   * Queues events for the user's conversation, run as a proactive turn of its case machine once the
   * caller's transaction commits (the outbox; `processedId` is stable, so they are run once).
   */
  notifyUser(
    conversationId: string,
    events: CaseEvent[],
    processedId: string,
    caseNumber?: string,
  ): Promise<unknown>;
  /** Told when the desk queued posts in a lane of the outbox (the deliverer sends them at once). */
  queued?: (lane: string) => void;
  card: CardRenderer;
  text: (locale: Locale, key: string, params?: Record<string, string | number>) => string;
  logger: Logger;
  /**
   * The engineers' case link (src/uploads/caseFiles.ts): its page lists the user's uploads
   * (`<page>/artifacts/<id>`) and takes files for the user.
   */
  caseLinks: { issue(caseNumber: string): { pageUrl: string; expiresAt: number } };
  /** Fetches a file pasted into a case's thread and keeps it as a file shared with the case's user. */
  fetchShared(
    caseNumber: string,
    file: ChannelFile & { url: string },
    reference: unknown,
    by: string,
  ): Promise<CaseFileRecord>;
  settings: DeskSettings;
  now?: () => number;
}

/** Why an engineer's action was refused (`timeline.refusal.<key>`; `owner` for a case someone else has). */
export interface Refusal {
  key: 'notEngineer' | 'ended' | 'notTaken' | 'takenBy' | 'ownedBy';
  owner?: string;
}

/** Settings key prefix: a case card's activity id -> its case number (older cards of a case included). */
export const CARD_KEY = 'engineers.card.';

/** The desk as its parts see it. */
export interface DeskContext {
  deps: DeskDeps;
  posts: DeskPosts;
  now(): number;
  /** A text in the channel's language. */
  say(key: string, params?: Record<string, string | number>): string;
  /** An entry on the case's timeline, as an event (rendered in each reader's language). */
  timeline(caseNumber: string, actor: string, event: TimelineEvent): Promise<void>;
  /** An event for the case's user, as a proactive turn of the case machine; `key` is stable per cause. */
  toUser(caseNumber: string, event: CaseEvent, key: string): Promise<void>;
  engineersChannel(): Promise<EngineersChannel | undefined>;
  /** A refused action on the audit trail: the log always, the case's timeline when it concerns a case. */
  refused(
    actor: ChannelActor,
    caseNumber: string | undefined,
    action: string | Record<Locale, string>,
    refusal: Refusal,
  ): Promise<void>;
  /** The case a thread belongs to: the case whose card is its root, now or earlier (a case escalated again). */
  caseOfThread(rootActivityId: string): Promise<EscalationRecord | undefined>;
  /**
   * How to @mention the bot, for the hints: "@<its name as Teams shows it>" (from the activity, else the
   * channel as learned), or words for it when no name is known ('me' in the bot's replies, 'bot' on cards).
   */
  mention(fallback: 'me' | 'bot', turn?: ChannelTurn): Promise<string>;
  /** The case owner's file for the user: to the user's chat, onto the timeline, and the thread told. */
  fileShared(record: CaseFileRecord): Promise<void>;
}

/**
 * A file name for a message in the channel: masked like other personal data, and with Markdown's
 * characters escaped, so that a name like `[x](https://…)` is shown, not turned into a link.
 */
export function fileName(name: string, mask: boolean): string {
  return maskText(name, mask ? MASKING_ON : MASKING_OFF).replace(/[\\`*_[\]()<>#!|]/g, (c) => `\\${c}`);
}
