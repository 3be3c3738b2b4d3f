/**
 * The engineers' channel as the desk sees it: where it is, what the desk can do there (posts, threads,
 * team membership; src/bot implements it) and what arrives from it. No Bot Framework types.
 */
import type { ConversationSink } from '../domain/chat';

/** Where the engineers' channel is: the reference the bot learned there, and the channel's id. */
export interface EngineersChannel {
  channelId: string;
  reference: unknown;
  /** The team the channel belongs to (its members are the engineers when there is no roster). */
  teamId?: string;
  /** The bot's name as Teams shows it there (what an engineer types after @ to mention it). */
  botName?: string;
}

/**
 * Posting into the engineers' channel (src/bot implements it with proactive sends). Failures are
 * `DeliveryError`s (whether another try can help, and when), as for chat messages.
 */
export interface ChannelPort {
  /** Posts a card as a new post (a new thread) in the channel; returns the post's activity id. */
  postThread(channel: EngineersChannel, card: { card: object; fallbackText: string }): Promise<string>;
  /** Whether `userId` is a member of the team `teamId` (Teams: GET /v3/conversations/<team>/members/<user>). */
  isTeamMember(channel: EngineersChannel, teamId: string, userId: string): Promise<boolean>;
  /** Posts `text` where the activity of `reference` was written (its channel or thread), as a reply to it. */
  reply(reference: unknown, text: string): Promise<void>;
  /** Runs `work` with a sink into the thread under `rootActivityId`. */
  inThread(
    channel: EngineersChannel,
    rootActivityId: string,
    work: (sink: ConversationSink) => Promise<void>,
  ): Promise<void>;
}

/** Someone acting in the channel. */
export interface ChannelActor {
  id: string;
  aadObjectId?: string;
  name: string;
}

/** An activity from a Teams channel, as the desk needs it. */
export interface ChannelTurn {
  kind: 'install' | 'message' | 'action';
  channelId: string;
  /** The team of the channel (Teams channelData.team.id). */
  teamId?: string;
  /** The activity's id (Teams delivers an activity again when the bot was slow: it is handled once). */
  activityId?: string;
  /** The thread the activity belongs to (the root post's id), when it is in one. */
  threadRootId?: string;
  /** For card actions: the card's activity id (Teams' replyToId). */
  cardActivityId?: string;
  text?: string;
  verb?: string;
  data?: Record<string, unknown>;
  actor: ChannelActor;
  /** The conversation reference of the activity (stored when the channel is learned). */
  reference: unknown;
  /** The message @mentions the bot. */
  mentioned?: boolean;
  /** The client's language as the channel sent it (e.g. 'zh-cn'). */
  locale?: string;
  /** The bot's name as Teams shows it (the activity's recipient). */
  botName?: string;
  /** Files attached to the message; `url` when the bot can fetch it (pasted images, download links). */
  files?: ChannelFile[];
}

/** A file on a channel message. Files attached in a channel live in the team's SharePoint: no `url`. */
export interface ChannelFile {
  name: string;
  url?: string;
  contentType?: string;
}
