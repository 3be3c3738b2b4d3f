/**
 * What the conversation runner needs from a chat channel: post text and cards, update a card in place,
 * show typing. src/bot implements it for a live turn and for proactive sends; tests use a recorder.
 */
export interface ConversationSink {
  /** Returns the id of the posted activity (if the channel returns one). */
  sendText(text: string): Promise<string | undefined>;
  sendCard(card: object, fallbackText: string): Promise<string | undefined>;
  updateCard(activityId: string, card: object, fallbackText: string): Promise<void>;
  typing(): Promise<void>;
}
