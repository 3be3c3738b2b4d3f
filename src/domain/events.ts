/**
 * What can happen to a case: every inbound thing (a chat message, a card action, a file, a due reminder,
 * a finished job, an engineer's move) arrives as one of these; nothing here knows about Bot Framework
 * activities. The case machine (dialogs/) understands them.
 */
import type { FileId } from './caseRecord';
import type { DiagnosisSummary } from './diagnosis';
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

/** A bundle for this case was stored (upload link, collector script, or a Teams attachment). */
export interface UploadReceivedEvent {
  type: 'upload.received';
  uploadId: string;
  /** The name the uploader gave (display only). */
  name: string;
  size: number;
  /** The case already had these exact bytes; nothing new will be diagnosed. */
  duplicate: boolean;
}

/** An upload or attachment was refused before diagnosis; `code` says why (src/uploads RefusalCode). */
export interface UploadRefusedEvent {
  type: 'upload.refused';
  name: string;
  code: string;
  params?: Record<string, string | number>;
}

/**
 * A file the user sent that is not a log bundle (a screenshot, a document) was kept with the case instead
 * of going to the diagnosis: for the engineers when they have the case or are asked, else kept for later
 * (`toEngineers: false`).
 */
export interface FileForwardedEvent {
  type: 'file.forwarded';
  name: string;
  toEngineers?: boolean;
}

/** The diagnosis of one upload finished. */
export interface DiagnosisDoneEvent {
  type: 'diagnosis.done';
  summary: DiagnosisSummary;
}

/** The diagnosis of one upload could not run (unreadable or hostile bundle); `code` says why. */
export interface DiagnosisFailedEvent {
  type: 'diagnosis.failed';
  uploadId: string;
  name: string;
  code: string;
  params?: Record<string, string | number>;
}

/** An engineer took the case over in the engineers' channel; the user's messages now go to them. */
export interface EngineerJoinedEvent {
  type: 'engineer.joined';
  name: string;
}

/** An engineer's reply in the case's thread, for the user. */
export interface EngineerMessageEvent {
  type: 'engineer.message';
  name: string;
  text: string;
}

/** The engineer handed the case back to the bot: it continues at the step it left. */
export interface EngineerHandbackEvent {
  type: 'engineer.handback';
  name: string;
}

/** The engineer sends the user one of the bot's files (a script, the collector kit). */
export interface EngineerFileEvent {
  type: 'engineer.file';
  name: string;
  fileId: FileId;
}

/** The engineer closes the case: the closure flow (consent, survey, summary) runs with the user. */
export interface EngineerCloseEvent {
  type: 'engineer.close';
  name: string;
}

export type CaseEvent =
  | UserMessageEvent
  | CardSubmitEvent
  | ConversationStartedEvent
  | FileReceivedEvent
  | ReminderDueEvent
  | LanguageSwitchEvent
  | UploadReceivedEvent
  | UploadRefusedEvent
  | FileForwardedEvent
  | DiagnosisDoneEvent
  | DiagnosisFailedEvent
  | EngineerJoinedEvent
  | EngineerMessageEvent
  | EngineerHandbackEvent
  | EngineerFileEvent
  | EngineerCloseEvent;
