/**
 * Events the case machine understands. Every inbound thing (a chat message, a card action, a file,
 * a due reminder) arrives as one of these; nothing here knows about Bot Framework activities.
 */
import type { Locale } from './locale';

/** Free text the user typed. `locale` is what the client said the user's language is, if anything. */
export interface UserMessageEvent {
  type: 'user.message';
  text: string;
  locale?: Locale;
}

/** A card action: verb `<card-id>.<action>` plus the card's input values. */
export interface CardSubmitEvent {
  type: 'card.submit';
  verb: string;
  data: Record<string, unknown>;
}

/** The bot was installed / the user joined the conversation. */
export interface ConversationStartedEvent {
  type: 'conversation.started';
  locale?: Locale;
}

/** A file the user attached (metadata only; the bytes go to the upload intake). */
export interface FileReceivedEvent {
  type: 'file.received';
  name: string;
  contentType: string;
  url?: string;
  size?: number;
}

/** A durable timer set with a `schedule` command came due. */
export interface ReminderDueEvent {
  type: 'reminder.due';
  key: string;
  kind: string;
  payload?: Record<string, unknown>;
}

/** The user asked for the other language ("English", "中文") or picked it on a card. */
export interface LanguageSwitchEvent {
  type: 'language.switch';
  locale: Locale;
}

export type CaseEvent =
  | UserMessageEvent
  | CardSubmitEvent
  | ConversationStartedEvent
  | FileReceivedEvent
  | ReminderDueEvent
  | LanguageSwitchEvent;
