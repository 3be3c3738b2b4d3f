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
