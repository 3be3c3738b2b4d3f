/**
 * Storage ports: what the rest of the bot needs from a database, nothing about which one.
 * The embedded SQLite store (src/storage/sqlite, one instance) and the PostgreSQL store
 * (src/storage/postgres, several instances) implement them; test/storage/contract holds both to the same
 * behaviour. Every method is async so that a networked engine fits without changes.
 */
import type { Attempt } from '../domain/attempts';
import type { CaseOutcome, StageRecord, SurveyResult, TimelineEvent } from '../domain/caseRecord';
import type { DiagnosisSummary } from '../domain/diagnosis';

/** The persisted state of one conversation (one case machine). */
export interface ConversationRecord {
  conversationId: string;
  /** Version of the case machine that wrote `snapshot` (see dialogs/caseMachine MACHINE_VERSION). */
  machineVersion: number;
  /** XState persisted snapshot (JSON-serialisable). */
  snapshot: unknown;
  /** Bot Framework conversation reference for proactive sends (JSON, opaque to storage). */
  reference: unknown;
  /** Activity ids of cards shown per slot, for updating a card in place. */
  cardSlots: Record<string, string>;
  /** Optimistic-concurrency tag; changes on every successful commit. */
  eTag: string;
  updatedAt: number;
}

/** A durable timer. `key` is unique: scheduling the same key again replaces the timer. */
export interface ScheduledItem {
  id: string;
  key: string;
  conversationId: string;
  kind: string;
  dueAt: number;
  payload: Record<string, unknown>;
  /** Failed deliveries so far (set on items read from the store). */
  attempts?: number;
}

/** What a case found and tried, kept with its record (JSON; fields the case machine owns). */
export interface CaseDetails {
  /** The user's last few chat messages (masked), newest last, for the engineers' case card. */
  recentMessages?: Array<{ at: number; text: string }>;
  findings?: DiagnosisSummary[];
  /** The diagnoses the remediation plan was built from (findings move on as new logs arrive). */
  initialFindings?: DiagnosisSummary[];
  stages?: StageRecord[];
  /** What the user reported doing, on which machine, with what result (src/domain/attempts.ts). */
  attempts?: Attempt[];
  survey?: SurveyResult;
  outcome?: CaseOutcome;
  /** The stored problem is the user's draft, not confirmed on the problem-definition card yet. */
  problemUnconfirmed?: boolean;
}

export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];

/**
 * A case handed to the engineers: why, when, where its card is in the engineers' channel (the card is the
 * root of the case's thread there) and who took it. One row per case; a new escalation after a hand-back
 * reopens the row.
 */
export interface EscalationRecord {
  caseNumber: string;
  reason: string;
  requestedAt: number;
  /** When the case card was last posted (first announcement or a re-announcement). */
  announcedAt?: number;
  /** The engineers' channel conversation the card was posted in, and the card's activity id. */
  channelConversationId?: string;
  cardActivityId?: string;
  takenById?: string;
  takenByName?: string;
  takenAt?: number;
  /** Set when the engineer handed the case back or closed it. */
  endedAt?: number;
}

/** A case record, as far as the foundation knows it (issue 6 extends it). */
export interface CaseRow {
  caseNumber: string;
  conversationId: string;
  userId: string;
  status: string;
  locale: string;
  problem: unknown;
  scopeConfirmed: boolean;
  details: CaseDetails;
  /** P1 (most urgent) .. P4; P3 unless an engineer changed it. */
  priority?: Priority;
  /** The engineer who took the case over (display name), if any. */
  owner?: string;
  createdAt: number;
  updatedAt: number;
}

export interface TimelineEntry {
  caseNumber: string;
  at: number;
  actor: string;
  /** The entry in English (what older entries only have). */
  what: string;
  /** The entry as data, rendered in the reader's language (src/cases/timeline.ts). */
  event?: TimelineEvent;
}

/** Everything one turn changes, committed atomically (or not at all). */
export interface TurnCommit {
  conversationId: string;
  /** The eTag the turn loaded; `undefined` when the conversation was new. */
  expectedETag: string | undefined;
  record: Omit<ConversationRecord, 'eTag' | 'updatedAt'>;
  /** Id of the activity / scheduled item this turn processed; recorded so a redelivery is skipped. */
  processedId?: string;
  schedule?: Array<Omit<ScheduledItem, 'id'>>;
  cancelKeys?: string[];
  /** Scheduled item ids this turn delivered (marked done in the same transaction). */
  completeScheduledIds?: string[];
  cases?: Array<Omit<CaseRow, 'createdAt' | 'updatedAt' | 'details'> & { details?: CaseDetails }>;
  timeline?: Array<Omit<TimelineEntry, 'at'> & { at?: number }>;
  /**
   * The messages this turn sends, in order. They are committed with the state and sent afterwards by the
   * deliverer (see OutboxStore); a message whose id is already in the outbox is not added again.
   */
  outbox?: OutboundMessage[];
  now: number;
}

/**
 * One message to the chat (or to the engineers' desk) waiting in the outbox. `id` is stable: the same
 * turn, job step or apology always produces the same id, so it is stored, and sent, once.
 */
export interface OutboundMessage {
  id: string;
  /**
   * The conversation the message goes to, or a lane of the engineers' desk (`desk|<channel id>`, posts in
   * that Teams channel): the order unit. Not necessarily a stored conversation.
   */
  conversationId: string;
  /**
   * 'text' | 'card' | 'file' | 'fileInfo' | 'typing' | 'freeze' | 'engineers' | 'channel' (what `payload`
   * holds; see src/conversation/outbound.ts).
   */
  kind: string;
  payload: Record<string, unknown>;
}

/** An outbox message as the deliverer sees it. */
export interface OutboxEntry extends OutboundMessage {
  /** Order of the messages (within a conversation they are sent in this order, one at a time). */
  seq: number;
  /** Failed attempts so far. */
  attempts: number;
  createdAt: number;
}

/**
 * The transactional outbox: messages are written with the turn that decides them (TurnCommit.outbox) or
 * by a job (`add`), and sent by a deliverer that claims them. A conversation's messages go out in order,
 * one at a time: only the oldest unsent message of a conversation can be claimed. A claim is a lease;
 * a deliverer that dies leaves its message to be claimed again. (PostgreSQL: a table and
 * `SELECT … FOR UPDATE SKIP LOCKED` on the heads.)
 */
export interface OutboxStore {
  /** Adds messages outside a turn (progress cards, notices); ids already present are ignored. */
  add(messages: OutboundMessage[], now: number): Promise<void>;
  /**
   * Claims up to `limit` due heads (the oldest unsent message of a conversation), not claimed by a live
   * lease; of one conversation only when `conversationId` is given.
   */
  claim(
    now: number,
    owner: string,
    leaseMs: number,
    limit: number,
    conversationId?: string,
  ): Promise<OutboxEntry[]>;
  /**
   * Marks a message sent; `cardSlot` records (in the same transaction) that the conversation's card
   * slot now shows `activityId`, so later updates of that slot replace this card; `slotEntries` sets (or,
   * with null, removes) other entries of the card slots in the same write (a live card kept beside its slot).
   */
  sent(
    id: string,
    now: number,
    result?: { activityId?: string; cardSlot?: string; slotEntries?: Record<string, string | null> },
  ): Promise<void>;
  /** A failed attempt: counted, the claim released, the next attempt not before `retryAt`. */
  retryLater(id: string, retryAt: number, error: string): Promise<void>;
  /** Given up: never sent (the caller tells the case's timeline and the engineers). */
  failed(id: string, now: number, error: string): Promise<void>;
  /** Messages not yet sent or given up, oldest first (all conversations when none is named). */
  pending(conversationId?: string): Promise<OutboxEntry[]>;
  /**
   * Releases (claimable at once again) the live claims of pending messages whose owner starts with
   * `ownerPrefix` and is not `except`: a restarted instance takes back what its previous boot held when it
   * died, instead of waiting for those leases to run out. Returns how many were released.
   */
  releaseClaims(ownerPrefix: string, except: string): Promise<number>;
}

export type CommitResult = { ok: true; eTag: string } | { ok: false; reason: 'conflict' };

export interface ConversationStore {
  load(conversationId: string): Promise<ConversationRecord | undefined>;
  /** True when `processedId` was already committed for this conversation (duplicate delivery). */
  wasProcessed(conversationId: string, processedId: string): Promise<boolean>;
  commit(turn: TurnCommit): Promise<CommitResult>;
  /**
   * Update only the card slots; never conflicts. (A commit never changes the slots of an existing
   * conversation: the deliverer records them as cards are sent, see OutboxStore.sent.)
   */
  saveCardSlots(conversationId: string, slots: Record<string, string>): Promise<void>;
}

/** Which kinds of items a scheduler claims (reminders and long jobs run in separate loops). */
export interface ScheduleFilter {
  kindPrefix?: string;
  excludeKindPrefix?: string;
}

export interface ScheduleStore {
  /**
   * Claims up to `limit` items due at `now` that are not done and not claimed by a live lease.
   * A claim lasts `leaseMs`; an owner that dies leaves the item to be claimed again after that.
   */
  claimDue(
    now: number,
    owner: string,
    leaseMs: number,
    limit: number,
    filter?: ScheduleFilter,
  ): Promise<ScheduledItem[]>;
  /** Schedules (or re-schedules, by key) an item outside a turn; returns its id. */
  schedule(item: Omit<ScheduledItem, 'id'>): Promise<string>;
  /** Keeps a long-running claim alive; false when the claim was lost (another owner, or done). */
  extendClaim(id: string, owner: string, until: number): Promise<boolean>;
  /** Replaces an item's payload (a job remembering its progress card, for a resume after restart). */
  updatePayload(id: string, payload: Record<string, unknown>): Promise<void>;
  get(id: string): Promise<(ScheduledItem & { done: boolean }) | undefined>;
  byKey(key: string): Promise<(ScheduledItem & { done: boolean }) | undefined>;
  /** Marks an item done outside a turn (e.g. its conversation no longer exists). */
  complete(id: string): Promise<void>;
  /** Pending (not done) items of a conversation, soonest first. */
  pending(conversationId: string): Promise<ScheduledItem[]>;
  /**
   * A failed delivery: counted, the claim released, due again at `retryAt`. Returns the number of failed
   * attempts so far (the scheduler gives up after a bounded number).
   */
  retryLater(id: string, retryAt: number, error: string): Promise<number>;
  /** As OutboxStore.releaseClaims, for items not done: a restarted instance's reminders and jobs. */
  releaseClaims(ownerPrefix: string, except: string): Promise<number>;
}

export interface CaseStore {
  get(caseNumber: string): Promise<CaseRow | undefined>;
  /** Cases of one user, newest first. */
  listByUser(userId: string): Promise<CaseRow[]>;
  timeline(caseNumber: string): Promise<TimelineEntry[]>;
  /** Appends to a case's timeline outside a turn (system and engineer actions). */
  appendTimeline(entry: TimelineEntry): Promise<void>;
  /** Cases in one of `statuses` last changed before `updatedBefore` (retention). */
  listByStatus(statuses: string[], updatedBefore: number): Promise<CaseRow[]>;
  /** Changes what the engineers own of a record (outside a turn); false for an unknown case. */
  setEngineerFields(
    caseNumber: string,
    fields: { priority?: Priority; owner?: string | null; status?: string },
    now: number,
  ): Promise<boolean>;
}

/** The escalations of cases to the engineers (see EscalationRecord). */
export interface EscalationStore {
  /**
   * Opens the case's escalation, or reopens an ended one (hand-back then a new request). Returns the
   * record and whether it is new or reopened (`false` when an escalation was already open: nothing to announce).
   */
  open(
    caseNumber: string,
    reason: string,
    now: number,
  ): Promise<{ record: EscalationRecord; opened: boolean }>;
  get(caseNumber: string): Promise<EscalationRecord | undefined>;
  /** The escalation whose case card is `activityId` (the root of a thread in the engineers' channel). */
  byCard(activityId: string): Promise<EscalationRecord | undefined>;
  /** Records where the case card was posted (or re-announced). */
  announced(
    caseNumber: string,
    channelConversationId: string,
    cardActivityId: string,
    at: number,
  ): Promise<void>;
  /** Marks a re-announcement without a new card. */
  touched(caseNumber: string, at: number): Promise<void>;
  /** Race-safe: exactly one engineer takes an open, untaken escalation; the others get `false`. */
  take(caseNumber: string, engineer: { id: string; name: string }, at: number): Promise<boolean>;
  /** Ends the escalation (handed back to the bot, or closed). */
  end(caseNumber: string, at: number): Promise<void>;
  /** Escalations not ended, oldest first. */
  listOpen(): Promise<EscalationRecord[]>;
}

/**
 * Activities of the engineers' channel already handled: Teams delivers an activity again when the bot
 * answered slowly, and an engineer's message must reach the user once.
 */
export interface ChannelActivityStore {
  /** True for the first delivery of `key` (conversation and activity id); false for every later one. Old keys are forgotten. */
  claim(key: string, at: number): Promise<boolean>;
}

/** Small named values the bot learns at run time (e.g. the engineers' channel it was installed in). */
export interface SettingsStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** One upload for a case (a machine's bundle or a single log). Names are display only, never paths. */
export interface UploadRecord {
  id: string;
  caseNumber: string;
  /** The upload link's id, or 'attachment' for a Teams file. */
  grantId: string;
  name: string;
  size: number;
  sha256: string;
  artifactKey: string;
  kind: 'zip' | 'cab' | 'log';
  receivedAt: number;
}

export interface UploadStore {
  /** Remembers an issued upload link, so that it can be listed and revoked. */
  recordGrant(grant: { id: string; caseNumber: string; expiresAt: number; createdAt: number }): Promise<void>;
  /**
   * 'unknown' for a link this store never issued for that case (refused like a forged one): a token
   * naming one case and another case's grant is not one we issued, even with a valid signature.
   */
  grantStatus(grantId: string, caseNumber: string): Promise<'active' | 'revoked' | 'unknown'>;
  /** The case's newest link that is not revoked and still valid at `validAt`, if any. */
  latestGrant(caseNumber: string, validAt: number): Promise<{ id: string; expiresAt: number } | undefined>;
  /** Revokes one link, or every link of a case (closure, an engineer's request). */
  revoke(grantId: string, at: number): Promise<void>;
  revokeCase(caseNumber: string, at: number): Promise<void>;
  /**
   * Records an upload, and its diagnosis job in the same transaction, unless the case already has the
   * same bytes; returns the existing one then (and schedules nothing).
   */
  add(record: UploadRecord, job?: Omit<ScheduledItem, 'id'>): Promise<{ existing?: UploadRecord }>;
  get(id: string): Promise<UploadRecord | undefined>;
  listByCase(caseNumber: string): Promise<UploadRecord[]>;
  /** Forgets a case's uploads (their artifacts are deleted by the caller); findings stay on the case. */
  removeByCase(caseNumber: string): Promise<number>;
}

/**
 * A file passed between the user and the engineers that is not a log bundle: one an engineer gives the
 * user (a screenshot pasted in the case's thread, a file dropped on the case page), or one the user sends
 * while the case is with the engineers (a screenshot, a document). Kept apart from uploads: never diagnosed.
 */
export interface CaseFileRecord {
  id: string;
  caseNumber: string;
  direction: 'to-user' | 'from-user';
  /** Display only, never a path. */
  name: string;
  size: number;
  sha256: string;
  artifactKey: string;
  contentType: string;
  /** Who sent it: the engineer's display name, or the user's. */
  by: string;
  at: number;
}

export interface CaseFileStore {
  add(record: CaseFileRecord): Promise<void>;
  get(id: string): Promise<CaseFileRecord | undefined>;
  listByCase(caseNumber: string): Promise<CaseFileRecord[]>;
  /** Forgets a case's files (their artifacts are deleted by the caller). */
  removeByCase(caseNumber: string): Promise<number>;
}

/** One store = one database. */
export interface Store {
  conversations: ConversationStore;
  schedules: ScheduleStore;
  cases: CaseStore;
  uploads: UploadStore;
  caseFiles: CaseFileStore;
  escalations: EscalationStore;
  channelActivities: ChannelActivityStore;
  settings: SettingsStore;
  outbox: OutboxStore;
  /**
   * A unit of work: every call `work` makes on these ports (in its async context, however deep) is one
   * transaction, committed when `work` resolves and rolled back when it throws; a unit inside a unit joins
   * it. `work` must not wait for the network meanwhile. (See src/storage/unit.ts.)
   */
  atomically<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `fn` once the current unit has committed (never when it rolls back); at once outside a unit. */
  afterCommit(fn: () => void): void;
  /** Cheap round trip for /healthz; `write` also proves the store can write (a full disk fails it). */
  ping(options?: { write?: boolean }): Promise<void>;
  close(): Promise<void>;
}
