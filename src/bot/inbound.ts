/**
 * Activity -> our turn: message text, card actions (Action.Execute invokes and Action.Submit messages,
 * both as `card.submit { verb, data }`), file attachments, install / members added. Anything else is
 * not a turn (undefined) and is acknowledged without touching the conversation.
 */
import { TurnContext, type Activity, type Attachment, type ConversationReference } from 'botbuilder';
import type { CaseEvent } from '../domain/events';
import type { ChannelFile, ChannelTurn } from '../handoff/channel';
import type { InboundTurn } from '../conversation/runner';
import { writtenLocale } from '../i18n';
import { cleanName } from '../domain/names';

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
const CARD = 'application/vnd.microsoft.card.adaptive';

export type InboundKind = 'message' | 'card-action' | 'install' | 'ignored';

export interface Translated {
  kind: InboundKind;
  turn?: InboundTurn;
}

/**
 * Why a parsed request body is not an activity this bot can take (undefined when it is): the fields every
 * turn reads must be there with the right types (the type, the conversation, the sender, the bot, the
 * service URL), and the optional lists must be lists of objects. Checked before the adapter runs the turn,
 * so that a malformed body is a 400 and never a failed turn with an apology sent to its service URL.
 */
export function activityProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'expected a Bot Framework activity (JSON object)';
  if (typeof body.type !== 'string' || body.type === '') return 'type: expected a non-empty string';
  if (typeof body.serviceUrl !== 'string') return 'serviceUrl: expected a string';
  for (const key of ['conversation', 'from', 'recipient']) {
    const value = body[key];
    if (!isObject(value) || typeof value.id !== 'string') return `${key}.id: expected a string`;
  }
  for (const key of ['id', 'channelId', 'text', 'locale', 'name', 'replyToId']) {
    if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'string')
      return `${key}: expected a string`;
  }
  for (const key of ['entities', 'attachments', 'membersAdded', 'membersRemoved']) {
    const value = body[key];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.every(isObject)))
      return `${key}: expected a list of objects`;
  }
  if (body.channelData !== undefined && body.channelData !== null && !isObject(body.channelData))
    return 'channelData: expected an object';
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function translateActivity(activity: Activity): Translated {
  const conversationId = activity.conversation?.id;
  if (!conversationId) return { kind: 'ignored' };
  const base = {
    conversationId,
    processedId: activity.id || undefined,
    userId: activity.from?.aadObjectId || activity.from?.id,
    clientLocale: clientLocaleOf(activity),
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
          name: cleanName(a.name ?? 'file'),
          contentType: a.contentType,
          url: content.downloadUrl,
        });
      } else if (a.contentUrl && a.contentType !== CARD && !a.contentType?.startsWith('text/html')) {
        events.push({
          type: 'file.received',
          name: attachmentName(a),
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
    // Teams announces one install twice (installationUpdate and conversationUpdate, with different ids):
    // both count as the same install when they arrive in the same minute (or the next), so it is
    // greeted once.
    const minute = Math.floor((Date.parse(String(activity.timestamp ?? '')) || Date.now()) / 60_000);
    return {
      kind: 'install',
      turn: {
        ...base,
        processedId: `install@${minute}`,
        skipIfProcessed: [`install@${minute - 1}`],
        events: [{ type: 'conversation.started' }],
      },
    };
  }
  return { kind: 'ignored' };
}

/**
 * The client's language: the activity's locale, or (Teams sends none on some install activities) the one
 * in its clientInfo entity.
 */
export function clientLocaleOf(activity: Activity): string | undefined {
  if (activity.locale) return activity.locale;
  const info = (activity.entities ?? []).find((e) => e.type === 'clientInfo') as
    { locale?: unknown } | undefined;
  return typeof info?.locale === 'string' && info.locale !== '' ? info.locale : undefined;
}

/**
 * A file on a channel message, as the desk needs it. A pasted image comes as `image/*` with a URL the bot
 * may fetch with its token (next to a `text/html` copy of the message, which is not a file); a download-info
 * attachment carries a pre-authorised URL; a file attached from the compose box lives in the team's
 * SharePoint (`reference`), which the bot cannot read without Microsoft Graph: a name without a URL.
 */
function channelFile(a: Attachment): ChannelFile[] {
  if (a.contentType === CARD || a.contentType?.startsWith('text/html')) return [];
  if (a.contentType === FILE_DOWNLOAD_INFO) {
    const url = (a.content as { downloadUrl?: unknown } | undefined)?.downloadUrl;
    return [{ name: cleanName(a.name ?? 'file'), ...(typeof url === 'string' ? { url } : {}) }];
  }
  if (a.contentType?.startsWith('image/') && a.contentUrl) {
    return [{ name: attachmentName(a), url: a.contentUrl, contentType: a.contentType }];
  }
  return [{ name: cleanName(a.name ?? 'file') }];
}

/** An attachment's name (cleaned: display text only); a pasted image has none, so it is called `image.<type>`. */
function attachmentName(a: Attachment): string {
  if (a.name) return cleanName(a.name);
  if (!a.contentType?.startsWith('image/')) return 'file';
  return `image.${a.contentType.slice('image/'.length).replace(/[^a-z0-9]/gi, '') || 'png'}`;
}

function asData(data: unknown): Record<string, unknown> {
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

/**
 * An activity from a Teams channel (a team the bot is installed in), for the engineers' desk; undefined
 * for anything else (1:1 and group chats are case conversations). In a channel, a thread's conversation
 * id is `<channel id>;messageid=<root post id>`.
 */
export function translateChannelActivity(activity: Activity): ChannelTurn | undefined {
  const conversationId = activity.conversation?.id;
  const channelData = (activity.channelData ?? {}) as { channel?: { id?: string }; team?: { id?: string } };
  if (!conversationId || (activity.conversation.conversationType !== 'channel' && !channelData.channel?.id)) {
    return undefined;
  }
  const [bare, ...rest] = conversationId.split(';');
  const channelId = channelData.channel?.id ?? bare;
  const threadRootId = /(?:^|;)messageid=([^;]+)/.exec(rest.join(';'))?.[1];
  const actor = {
    id: activity.from?.id ?? '',
    ...(activity.from?.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
    name: activity.from?.name ?? activity.from?.id ?? '?',
  };
  const teamId = channelData.team?.id;
  const base = {
    channelId,
    ...(teamId ? { teamId } : {}),
    ...(activity.id ? { activityId: activity.id } : {}),
    actor,
    reference: TurnContext.getConversationReference(activity),
    ...(threadRootId ? { threadRootId } : {}),
    ...(activity.locale ? { locale: activity.locale } : {}),
    ...(activity.recipient?.name ? { botName: activity.recipient.name } : {}),
  };
  if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
    const action = (activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
    if (typeof action?.verb !== 'string') return undefined;
    return {
      ...base,
      kind: 'action',
      verb: action.verb,
      data: asData(action.data),
      ...(activity.replyToId ? { cardActivityId: activity.replyToId } : {}),
    };
  }
  if (activity.type === 'message') {
    const value = activity.value as Record<string, unknown> | undefined;
    if (value && typeof value.verb === 'string') {
      const { verb, ...data } = value;
      return {
        ...base,
        kind: 'action',
        verb: verb as string,
        data,
        ...(activity.replyToId ? { cardActivityId: activity.replyToId } : {}),
      };
    }
    const mentioned = (activity.entities ?? []).some(
      (e) =>
        e.type === 'mention' &&
        (e as { mentioned?: { id?: string } }).mentioned?.id === activity.recipient?.id,
    );
    const text = TurnContext.removeRecipientMention(activity)?.trim() ?? '';
    const files = (activity.attachments ?? []).flatMap((a) => channelFile(a));
    if (!text && files.length === 0) return undefined;
    return { ...base, kind: 'message', text, mentioned, ...(files.length > 0 ? { files } : {}) };
  }
  const botId = activity.recipient?.id;
  const botAdded =
    (activity.type === 'conversationUpdate' && (activity.membersAdded ?? []).some((m) => m.id === botId)) ||
    (activity.type === 'installationUpdate' &&
      (activity.action === 'add' || activity.action === 'add-upgrade'));
  return botAdded ? { ...base, kind: 'install' } : undefined;
}
