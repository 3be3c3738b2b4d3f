/** The ConversationSink over a botbuilder TurnContext (a live turn or a proactive continuation). */
import { ActivityTypes, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { ConversationSink } from '../conversation/sink';

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
}
