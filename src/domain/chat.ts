/**
 * What the conversation runner needs from a chat channel: post text and cards, update a card in place,
 * show typing, offer a file. src/bot implements it for a live turn and for proactive sends; tests use a recorder.
 */
export interface ConversationSink {
  /** Returns the id of the posted activity (if the channel returns one). */
  sendText(text: string): Promise<string | undefined>;
  sendCard(card: object, fallbackText: string): Promise<string | undefined>;
  updateCard(activityId: string, card: object, fallbackText: string): Promise<void>;
  typing(): Promise<void>;
  /**
   * Offers a file: where the channel can send files (a Teams 1:1 chat) it asks the user's consent and
   * sends the file on acceptance; everywhere else it posts `fallback.text` (a download link and the text
   * to copy) instead. `fileId` and `caseNumber` let the channel build the file again on acceptance.
   */
  offerFile(
    file: { name: string; bytes: Buffer; description: string; fileId: string; caseNumber: string },
    fallback: { text: string },
  ): Promise<void>;
}

/** A file offered to the user (see ConversationSink.offerFile); the channel builds its bytes again on acceptance. */
export interface OfferedFile {
  name: string;
  size: number;
  description: string;
  fileId: string;
  caseNumber: string;
}

/** One message for a chat, as the outbox keeps it until it is sent. */
export type ChatMessage =
  | { kind: 'text'; text: string }
  | { kind: 'card'; card: object; fallbackText: string }
  | { kind: 'typing' }
  | { kind: 'file'; file: OfferedFile; fallbackText: string }
  /** A file the user accepted, now in their OneDrive: the card that shows it in the chat, and a line of text. */
  | { kind: 'fileInfo'; file: SentFile; text: string };

/** A file uploaded to the user's OneDrive after they accepted it (Teams' upload session answer). */
export interface SentFile {
  name: string;
  contentUrl: string;
  uniqueId: string;
  fileType: string;
}

/**
 * Sending into a conversation outside any inbound turn, from its stored reference (src/bot implements it).
 * Failures are `DeliveryError`s: whether another try can help, and when.
 */
/** A message of the bot's to take out of the chat (an answered file consent card). */
export interface RemoveMessage {
  kind: 'delete';
  activityId: string;
}

export interface ChatChannel {
  /** Posts a message; returns the new activity's id (if the channel names one). */
  post(reference: unknown, message: ChatMessage): Promise<string | undefined>;
  /** Replaces the card shown as `activityId`; the same content twice changes nothing (idempotent). */
  replace(
    reference: unknown,
    activityId: string,
    card: { card: object; fallbackText: string },
  ): Promise<void>;
  /** Deletes the bot's message `activityId`; one already gone (404) counts as deleted (idempotent). */
  remove(reference: unknown, activityId: string): Promise<void>;
}

/** A send that failed: `permanent` when trying again cannot help (the bot was removed, a bad request). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly status?: number,
    /** The channel asked to wait this long (Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
