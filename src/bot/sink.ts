/** The ConversationSink over a botbuilder TurnContext (a live turn or a proactive continuation). */
import { ActivityTypes, CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { DeliveryError, type ChatMessage, type ConversationSink } from '../domain/chat';
import { canOfferFiles, consentCard, fileInfoCard } from './fileConsent';

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
      await this.context.sendActivity(
        MessageFactory.attachment(consentCard({ ...file, size: file.bytes.length })),
      );
    } else {
      await this.context.sendActivity(MessageFactory.text(fallback.text));
    }
  }
}

/** The activity for one outbox message; `inbound` says where it goes (file consent only in a 1:1 chat). */
export function chatActivity(message: ChatMessage, inbound: Partial<Activity>): Partial<Activity> {
  switch (message.kind) {
    case 'text':
      return MessageFactory.text(message.text);
    case 'typing':
      return { type: ActivityTypes.Typing };
    case 'card': {
      const activity = MessageFactory.attachment(CardFactory.adaptiveCard(message.card));
      activity.summary = message.fallbackText;
      return activity;
    }
    case 'fileInfo':
      return MessageFactory.attachment(fileInfoCard(message.file), message.text);
    case 'file':
      return canOfferFiles(inbound)
        ? MessageFactory.attachment(consentCard(message.file))
        : MessageFactory.text(message.fallbackText);
  }
}

/** Statuses after which another try cannot help: a bad request, the bot removed, the conversation gone. */
const PERMANENT = new Set([400, 403, 404, 405, 413]);

/** A connector failure as a DeliveryError: its status, whether it is worth another try, and Retry-After. */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as {
    statusCode?: number;
    message?: string;
    name?: string;
    response?: { headers?: { get?: (name: string) => string | undefined } | Record<string, string> };
  };
  const status = typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  const headers = e?.response?.headers;
  const raw =
    typeof headers?.get === 'function'
      ? (headers.get as (name: string) => string | undefined)('retry-after')
      : (headers as Record<string, string> | undefined)?.['retry-after'];
  const message = `${e?.message ?? String(err)}${status ? ` (HTTP ${status})` : ''}`;
  return new DeliveryError(message, status !== undefined && PERMANENT.has(status), status, retryAfterMs(raw));
}

/** Retry-After in seconds or as an HTTP date. */
function retryAfterMs(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
