/**
 * Rows as both engines store them (the same tables and columns in SQLite and PostgreSQL: JSON as text,
 * times as epoch milliseconds) and their mapping to the port types. Engine-neutral: no driver here.
 */
import type {
  CaseDetails,
  CaseFileRecord,
  CaseRow,
  ConversationRecord,
  EscalationRecord,
  OutboxEntry,
  Priority,
  ScheduledItem,
  TimelineEntry,
  UploadRecord,
} from './ports';

export interface ConversationRow {
  id: string;
  machine_version: number;
  snapshot: string | null;
  reference: string | null;
  card_slots: string;
  etag: string;
  updated_at: number;
}

export interface ScheduledRow {
  id: string;
  key: string;
  conversation_id: string;
  kind: string;
  due_at: number;
  payload: string;
  attempts?: number;
}

export interface UploadDbRow {
  id: string;
  case_number: string;
  grant_id: string;
  name: string;
  size: number;
  sha256: string;
  artifact_key: string;
  kind: string;
  received_at: number;
}

export function toUpload(row: UploadDbRow): UploadRecord {
  return {
    id: row.id,
    caseNumber: row.case_number,
    grantId: row.grant_id,
    name: row.name,
    size: row.size,
    sha256: row.sha256,
    artifactKey: row.artifact_key,
    kind: row.kind as UploadRecord['kind'],
    receivedAt: row.received_at,
  };
}

export interface CaseFileDbRow {
  id: string;
  case_number: string;
  direction: string;
  name: string;
  size: number;
  sha256: string;
  artifact_key: string;
  content_type: string;
  by_name: string;
  added_at: number;
}

export function toCaseFile(row: CaseFileDbRow): CaseFileRecord {
  return {
    id: row.id,
    caseNumber: row.case_number,
    direction: row.direction as CaseFileRecord['direction'],
    name: row.name,
    size: row.size,
    sha256: row.sha256,
    artifactKey: row.artifact_key,
    contentType: row.content_type,
    by: row.by_name,
    at: row.added_at,
  };
}

export interface CaseDbRow {
  case_number: string;
  conversation_id: string;
  user_id: string;
  status: string;
  locale: string;
  problem: string | null;
  /** SQLite: 0 / 1; PostgreSQL: a boolean. */
  scope_confirmed: number | boolean;
  details: string;
  priority: string;
  owner: string | null;
  created_at: number;
  updated_at: number;
}

export interface TimelineRow {
  case_number: string;
  at: number;
  actor: string;
  what: string;
}

/**
 * A timeline entry's `what` column: its text, or, for an entry that is an event, JSON holding the text and the
 * event (`{"text":…,"event":…}`) — read back by `readWhat`; rows written before events stay plain text.
 */
export function storedWhat(entry: Pick<TimelineEntry, 'what' | 'event'>): string {
  return entry.event ? JSON.stringify({ text: entry.what, event: entry.event }) : entry.what;
}

export function readWhat(what: string): Pick<TimelineEntry, 'what' | 'event'> {
  if (!what.startsWith('{"text":')) return { what };
  try {
    const parsed = JSON.parse(what) as { text?: unknown; event?: TimelineEntry['event'] };
    if (typeof parsed.text === 'string' && typeof parsed.event?.key === 'string')
      return { what: parsed.text, event: parsed.event };
  } catch {
    // Text that only looks like an event: shown as written.
  }
  return { what };
}

/** `undefined` becomes SQL NULL (and comes back as `undefined`); everything else is JSON text. */
export function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export function fromJson(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text);
}

export function toScheduledItem(row: ScheduledRow): ScheduledItem {
  return {
    id: row.id,
    key: row.key,
    conversationId: row.conversation_id,
    kind: row.kind,
    dueAt: row.due_at,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    ...(row.attempts ? { attempts: row.attempts } : {}),
  };
}

export interface EscalationRow {
  case_number: string;
  reason: string;
  requested_at: number;
  announced_at: number | null;
  channel_id: string | null;
  card_activity_id: string | null;
  taken_by_id: string | null;
  taken_by_name: string | null;
  taken_at: number | null;
  ended_at: number | null;
}

export function toEscalation(row: EscalationRow): EscalationRecord {
  const optional = {
    announcedAt: row.announced_at,
    channelConversationId: row.channel_id,
    cardActivityId: row.card_activity_id,
    takenById: row.taken_by_id,
    takenByName: row.taken_by_name,
    takenAt: row.taken_at,
    endedAt: row.ended_at,
  };
  const record: EscalationRecord = {
    caseNumber: row.case_number,
    reason: row.reason,
    requestedAt: row.requested_at,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== null) Object.assign(record, { [key]: value });
  }
  return record;
}

export function toCaseRow(row: CaseDbRow): CaseRow {
  return {
    caseNumber: row.case_number,
    conversationId: row.conversation_id,
    userId: row.user_id,
    status: row.status,
    locale: row.locale,
    problem: fromJson(row.problem),
    scopeConfirmed: row.scope_confirmed === 1 || row.scope_confirmed === true,
    details: JSON.parse(row.details) as CaseDetails,
    priority: row.priority as Priority,
    ...(row.owner !== null ? { owner: row.owner } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toConversation(row: ConversationRow): ConversationRecord {
  return {
    conversationId: row.id,
    machineVersion: row.machine_version,
    snapshot: fromJson(row.snapshot),
    reference: fromJson(row.reference),
    cardSlots: JSON.parse(row.card_slots) as Record<string, string>,
    eTag: row.etag,
    updatedAt: row.updated_at,
  };
}

export interface OutboxRow {
  seq: number;
  id: string;
  conversation_id: string;
  kind: string;
  payload: string;
  created_at: number;
  attempts: number;
}

export function toOutboxEntry(row: OutboxRow): OutboxEntry {
  return {
    seq: row.seq,
    id: row.id,
    conversationId: row.conversation_id,
    kind: row.kind,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    createdAt: row.created_at,
    attempts: row.attempts,
  };
}

/** The card slots after a sent card: `cardSlot` now shows `activityId`; `entries` set (or, null, remove) others. */
export function updatedSlots(
  stored: string,
  activityId: string | null,
  cardSlot: string | undefined,
  entries: Record<string, string | null> | undefined,
): string {
  const slots = JSON.parse(stored) as Record<string, string>;
  if (cardSlot !== undefined && activityId !== null) slots[cardSlot] = activityId;
  for (const [key, value] of Object.entries(entries ?? {})) {
    if (value === null) delete slots[key];
    else slots[key] = value;
  }
  return JSON.stringify(slots);
}

/** A timeline row as the port gives it. */
export function toTimelineEntry(r: TimelineRow): TimelineEntry {
  return { caseNumber: r.case_number, at: r.at, actor: r.actor, ...readWhat(r.what) };
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Processed ids, engineers'-channel keys, done timers and finished outbox rows are kept this long (channels redeliver within minutes). */
export const PROCESSED_ID_RETENTION_MS = 30 * DAY_MS;
/** Each store prunes them inside (or right after) a commit at most this often. */
export const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** Error texts kept with a failed delivery are cut to this length. */
export const ERROR_TEXT_MAX = 500;
