/**
 * Sending a file in Teams: in a personal (1:1) chat a bot posts a file consent card; the user's answer
 * comes back as a `fileConsent/invoke`. On accept Teams gives an upload session (OneDrive of the user):
 * the bot PUTs the bytes there and posts a file info card that shows the file in the chat. On decline,
 * and in group chats and channels (no consent cards there), the user gets the attachment-free fallback.
 * An answered consent card is removed from the chat.
 */
import type { Activity, Attachment, TurnContext } from 'botbuilder';
import type { FileId } from '../domain/caseRecord';
import type { Locale } from '../domain/locale';
import type { Logger } from '../log';
import type { ChatMessage, RemoveMessage } from '../domain/chat';

export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';
export const FILE_CONSENT_INVOKE = 'fileConsent/invoke';

/** What the consent card carries back to us in both answers: enough to build the file again. */
export interface ConsentContext {
  fileId: string;
  caseNumber: string;
}

export interface UploadInfo {
  name: string;
  uploadUrl: string;
  contentUrl: string;
  uniqueId: string;
  fileType: string;
}

export interface ConsentAnswer {
  action: 'accept' | 'decline';
  context: ConsentContext;
  uploadInfo?: UploadInfo;
}

/** File consent cards exist only in personal chats. */
export function canOfferFiles(activity: Partial<Activity>): boolean {
  return activity.conversation?.conversationType === 'personal';
}

export function consentCard(file: {
  name: string;
  /** The file's size in bytes (its bytes are built again when the user accepts). */
  size: number;
  description: string;
  fileId: string;
  caseNumber: string;
}): Attachment {
  const context: ConsentContext = { fileId: file.fileId, caseNumber: file.caseNumber };
  return {
    contentType: FILE_CONSENT_CARD,
    name: file.name,
    content: {
      description: file.description,
      sizeInBytes: file.size,
      acceptContext: context,
      declineContext: context,
    },
  };
}

export function fileInfoCard(
  info: Pick<UploadInfo, 'name' | 'contentUrl' | 'uniqueId' | 'fileType'>,
): Attachment {
  return {
    contentType: FILE_INFO_CARD,
    contentUrl: info.contentUrl,
    name: info.name,
    content: { uniqueId: info.uniqueId, fileType: info.fileType },
  };
}

/** The answer in a `fileConsent/invoke`, or undefined when it is not one we can act on. */
export function readConsentAnswer(activity: Partial<Activity>): ConsentAnswer | undefined {
  const value = activity.value as Record<string, unknown> | undefined;
  if (!value || typeof value !== 'object') return undefined;
  const action = value.action;
  if (action !== 'accept' && action !== 'decline') return undefined;
  const context = value.context as Record<string, unknown> | undefined;
  if (typeof context?.fileId !== 'string' || typeof context.caseNumber !== 'string') return undefined;
  const answer: ConsentAnswer = {
    action,
    context: { fileId: context.fileId, caseNumber: context.caseNumber },
  };
  const info = value.uploadInfo as Partial<Record<keyof UploadInfo, unknown>> | undefined;
  if (info && typeof info.uploadUrl === 'string') {
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    answer.uploadInfo = {
      name: str(info.name),
      uploadUrl: info.uploadUrl,
      contentUrl: str(info.contentUrl),
      uniqueId: str(info.uniqueId),
      fileType: str(info.fileType),
    };
  }
  return answer;
}

export class FileUploadError extends Error {
  override readonly name = 'FileUploadError';
}

/**
 * Writes the whole file to a Teams upload session in one request: `Content-Length` and
 * `Content-Range: bytes 0-<n-1>/<n>` (the session's single and final chunk).
 */
export async function putFile(
  uploadUrl: string,
  bytes: Buffer,
  options: { requireHttps?: boolean; timeoutMs?: number } = {},
): Promise<void> {
  let url: URL;
  try {
    url = new URL(uploadUrl);
  } catch {
    throw new FileUploadError('the upload URL is not a URL');
  }
  if (url.protocol !== 'https:' && (options.requireHttps || url.protocol !== 'http:'))
    throw new FileUploadError(`refusing to upload to a ${url.protocol} URL`);
  if (bytes.length === 0) throw new FileUploadError('refusing to upload an empty file');
  const res = await fetch(url, {
    method: 'PUT',
    headers: {
      'Content-Length': String(bytes.length),
      'Content-Range': `bytes 0-${bytes.length - 1}/${bytes.length}`,
    },
    body: bytes,
    signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
  });
  // Drain the answer so the connection can be reused.
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new FileUploadError(`the upload session answered ${res.status}`);
}

export interface FileConsentDeps {
  files: {
    resolve(
      fileId: FileId,
      caseNumber: string,
      locale: Locale,
    ): Promise<{ name: string; bytes: Buffer; sentText: string }>;
    fallback(fileId: FileId, caseNumber: string, locale: Locale): Promise<string>;
    nameOf(fileId: FileId, caseNumber: string): Promise<string>;
  };
  isFileId(value: unknown): value is FileId;
  /** The case a consent card was for: who may answer it (its conversation) and its language. */
  caseOf(caseNumber: string): Promise<{ conversationId: string; locale: Locale } | undefined>;
  text: (locale: Locale, key: string, params?: Record<string, string | number>) => string;
  logger: Logger;
  /**
   * Queues the answer's messages in the conversation's outbox (sent from there, with its retries; `id`s
   * are stable per consent answer, so a redelivered answer is answered once).
   */
  send(
    conversationId: string,
    messages: Array<{ id: string; message: ChatMessage | RemoveMessage; caseNumber?: string }>,
  ): Promise<void>;
  /** Upload sessions must be https (with credentials configured). */
  requireHttps?: boolean;
  uploadTimeoutMs?: number;
}

/**
 * Carries out the user's answer to a consent card. The context comes from the client, so the case must
 * belong to this conversation: a forged context gets nothing (not even another case's upload link).
 */
export async function handleFileConsent(context: TurnContext, deps: FileConsentDeps): Promise<void> {
  const { activity } = context;
  const answer = readConsentAnswer(activity);
  const conversationId = activity.conversation?.id;
  const fileId = answer?.context.fileId;
  if (!answer || !deps.isFileId(fileId)) {
    deps.logger.warn({ conversationId }, 'file consent answer without a usable context; ignored');
    return;
  }
  const { caseNumber } = answer.context;
  const owner = await deps.caseOf(caseNumber);
  if (!owner || owner.conversationId !== conversationId) {
    deps.logger.warn(
      { conversationId, caseNumber },
      'file consent answer for a case of another conversation',
    );
    return;
  }
  const locale = owner.locale;
  const answerId = `consent:${activity.id ?? `${fileId}:${answer.action}`}`;
  const say = (what: string, message: ChatMessage) =>
    deps.send(owner.conversationId, [{ id: `${answerId}|${what}`, message }]);
  let name: string;
  try {
    name = await deps.files.nameOf(fileId, caseNumber);
  } catch (err) {
    // A shared file of another case, or one retention deleted: nothing to send, nothing to link.
    deps.logger.warn({ conversationId, caseNumber, fileId, err }, 'file consent answer for an unknown file');
    await say('gone', { kind: 'text', text: deps.text(locale, 'file.gone') });
    return;
  }
  const sendFallback = async (leadKey: string) => {
    const fallback = await deps.files.fallback(fileId, caseNumber, locale);
    await say(leadKey, { kind: 'text', text: `${deps.text(locale, leadKey, { name })}\n\n${fallback}` });
  };

  if (answer.action === 'decline') {
    deps.logger.info({ conversationId, caseNumber, fileId }, 'file declined');
    await sendFallback('file.declined');
    await removeConsentCard(context, deps, `${answerId}|remove`, caseNumber);
    return;
  }
  try {
    if (!answer.uploadInfo) throw new FileUploadError('the accepted consent carries no upload session');
    const file = await deps.files.resolve(fileId, caseNumber, locale);
    await putFile(answer.uploadInfo.uploadUrl, file.bytes, {
      requireHttps: deps.requireHttps,
      timeoutMs: deps.uploadTimeoutMs,
    });
    const { contentUrl, uniqueId, fileType } = answer.uploadInfo;
    await say('sent', {
      kind: 'fileInfo',
      file: { name: answer.uploadInfo.name || file.name, contentUrl, uniqueId, fileType },
      text: file.sentText,
    });
    deps.logger.info({ conversationId, caseNumber, fileId, size: file.bytes.length }, 'file sent');
    await removeConsentCard(context, deps, `${answerId}|remove`, caseNumber);
  } catch (err) {
    deps.logger.warn(
      { conversationId, caseNumber, fileId, err },
      'could not send the file; giving the fallback',
    );
    await sendFallback('file.uploadFailed');
  }
}

/**
 * Once the answer is carried out, the consent card goes (as Microsoft's file upload samples do): its
 * buttons would otherwise stay live, and a second accept would upload the file again. A card whose
 * upload failed stays, so the user can try again. The deletion is queued behind the answer in the outbox
 * (retried like a message, given up after as many tries; a card already gone counts as deleted).
 */
async function removeConsentCard(
  context: TurnContext,
  deps: FileConsentDeps,
  id: string,
  caseNumber: string,
): Promise<void> {
  const cardId = context.activity.replyToId;
  const conversationId = context.activity.conversation?.id;
  if (!cardId || !conversationId) return;
  await deps.send(conversationId, [{ id, message: { kind: 'delete', activityId: cardId }, caseNumber }]);
}
