/**
 * Storage ports: what the rest of the bot needs from a database, nothing about which one.
 * The embedded SQLite store implements them (src/storage/sqlite); a PostgreSQL one can follow behind
 * the same interfaces. Every method is async so that a networked engine fits without changes.
 */

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
  createdAt: number;
  updatedAt: number;
}

export interface TimelineEntry {
  caseNumber: string;
  at: number;
  actor: string;
  what: string;
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
  cases?: Array<Omit<CaseRow, 'createdAt' | 'updatedAt'>>;
  timeline?: Array<Omit<TimelineEntry, 'at'> & { at?: number }>;
  now: number;
}

export type CommitResult = { ok: true; eTag: string } | { ok: false; reason: 'conflict' };

export interface ConversationStore {
  load(conversationId: string): Promise<ConversationRecord | undefined>;
  /** True when `processedId` was already committed for this conversation (duplicate delivery). */
  wasProcessed(conversationId: string, processedId: string): Promise<boolean>;
  commit(turn: TurnCommit): Promise<CommitResult>;
  /** Update only the card slots (after messages were sent); never conflicts. */
  saveCardSlots(conversationId: string, slots: Record<string, string>): Promise<void>;
}

export interface ScheduleStore {
  /**
   * Claims up to `limit` items due at `now` that are not done and not claimed by a live lease.
   * A claim lasts `leaseMs`; an owner that dies leaves the item to be claimed again after that.
   */
  claimDue(now: number, owner: string, leaseMs: number, limit: number): Promise<ScheduledItem[]>;
  /** Marks an item done outside a turn (e.g. its conversation no longer exists). */
  complete(id: string): Promise<void>;
  /** Pending (not done) items of a conversation, soonest first. */
  pending(conversationId: string): Promise<ScheduledItem[]>;
}

export interface CaseStore {
  get(caseNumber: string): Promise<CaseRow | undefined>;
  /** Cases of one user, newest first. */
  listByUser(userId: string): Promise<CaseRow[]>;
  timeline(caseNumber: string): Promise<TimelineEntry[]>;
}

/** One store = one database. */
export interface Store {
  conversations: ConversationStore;
  schedules: ScheduleStore;
  cases: CaseStore;
  /** Cheap round trip for /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
