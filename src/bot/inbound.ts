/**
 * Activity -> our turn: message text, card actions (Action.Execute invokes and Action.Submit messages,
 * both as `card.submit { verb, data }`), file attachments, install / members added. Anything else is
 * not a turn (undefined) and is acknowledged without touching the conversation.
 */
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { CaseEvent } from '../../dialogs/events';
import type { InboundTurn } from '../conversation/runner';
import { writtenLocale } from '../i18n';

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
const CARD = 'application/vnd.microsoft.card.adaptive';

export type InboundKind = 'message' | 'card-action' | 'install' | 'ignored';

export interface Translated {
  kind: InboundKind;
  turn?: InboundTurn;
}

export function translateActivity(activity: Activity): Translated {
  const conversationId = activity.conversation?.id;
  if (!conversationId) return { kind: 'ignored' };
  const base = {
    conversationId,
    processedId: activity.id || undefined,
    userId: activity.from?.aadObjectId || activity.from?.id,
    clientLocale: activity.locale || undefined,
    reference: TurnContext.getConversationReference(activity) as ConversationReference,
  };

  if (activity.type === 'invoke') {
    if (activity.name !== 'adaptiveCard/action') return { kind: 'ignored' };
    const action = (activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
    if (typeof action?.verb !== 'string' || action.verb === '') return { kind: 'ignored' };
    return {
      kind: 'card-action',
      turn: { ...base, events: [{ type: 'card.submit', verb: action.verb, data: asData(action.data) }] },
    };
  }

  if (activity.type === 'message') {
    const events: CaseEvent[] = [];
    const value = activity.value as Record<string, unknown> | undefined;
    if (value && typeof value === 'object' && typeof value.verb === 'string') {
      // Action.Submit: Teams posts the action's data as the message value; our cards put the verb there.
      const { verb, ...data } = value;
      events.push({ type: 'card.submit', verb: verb as string, data });
    }
    const text = TurnContext.removeRecipientMention(activity)?.trim() ?? '';
    if (text && events.length === 0) events.push({ type: 'user.message', text, locale: writtenLocale(text) });
    for (const a of activity.attachments ?? []) {
      if (a.contentType === FILE_DOWNLOAD_INFO) {
        const content = (a.content ?? {}) as { downloadUrl?: string; fileType?: string };
        events.push({
          type: 'file.received',
          name: a.name ?? 'file',
          contentType: a.contentType,
          url: content.downloadUrl,
        });
      } else if (a.contentUrl && a.contentType !== CARD && !a.contentType?.startsWith('text/html')) {
        events.push({
          type: 'file.received',
          name: a.name ?? 'file',
          contentType: a.contentType,
          url: a.contentUrl,
        });
      }
    }
    if (events.length === 0) return { kind: 'ignored' };
    return { kind: 'message', turn: { ...base, text: text || undefined, events } };
  }

  const botId = activity.recipient?.id;
  const botAdded =
    (activity.type === 'conversationUpdate' && (activity.membersAdded ?? []).some((m) => m.id === botId)) ||
    (activity.type === 'installationUpdate' &&
      (activity.action === 'add' || activity.action === 'add-upgrade'));
  if (botAdded) {
    return { kind: 'install', turn: { ...base, events: [{ type: 'conversation.started' }] } };
  }
  return { kind: 'ignored' };
}

function asData(data: unknown): Record<string, unknown> {
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}
