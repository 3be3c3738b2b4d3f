/** The ConversationSink over a botbuilder TurnContext (a live turn or a proactive continuation). */
import { ActivityTypes, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { ConversationSink } from '../domain/chat';
import { canOfferFiles, consentCard } from './fileConsent';

export class TurnContextSink implements ConversationSink {
  constructor(private readonly context: TurnContext) {}

  async sendText(text: string): Promise<string | undefined> {
    const res = await this.context.sendActivity(MessageFactory.text(text));
    return res?.id;
  }

  async sendCard(card: object, fallbackText: string): Promise<string | undefined> {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    activity.summary = fallbackText;
    const res = await this.context.sendActivity(activity);
    return res?.id;
  }

  async updateCard(activityId: string, card: object, fallbackText: string): Promise<void> {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    activity.id = activityId;
    activity.summary = fallbackText;
    await this.context.updateActivity(activity);
  }

  async typing(): Promise<void> {
    await this.context.sendActivity({ type: ActivityTypes.Typing });
  }

  /** A file consent card in a 1:1 chat (the bot answers its invoke); the fallback text elsewhere. */
  async offerFile(
    file: { name: string; bytes: Buffer; description: string; fileId: string; caseNumber: string },
    fallback: { text: string },
  ): Promise<void> {
    if (canOfferFiles(this.context.activity)) {
      await this.context.sendActivity(MessageFactory.attachment(consentCard(file)));
    } else {
      await this.context.sendActivity(MessageFactory.text(fallback.text));
    }
  }
}
