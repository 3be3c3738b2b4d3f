/**
 * The embedded store: every storage port on one SQLite file through better-sqlite3.
 * Nothing SQLite-specific leaves this folder; callers see only the interfaces in ../ports.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import DatabaseConstructor from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import type {
  EscalationStore,
  ChannelActivityStore,
  Priority,
  SettingsStore,
  CaseStore,
  CommitResult,
  ConversationRecord,
  ConversationStore,
  ScheduledItem,
  ScheduleFilter,
  ScheduleStore,
  UploadRecord,
  UploadStore,
  CaseFileStore,
  Store,
  TimelineEntry,
  TurnCommit,
} from '../ports';
import {
  ERROR_TEXT_MAX,
  PROCESSED_ID_RETENTION_MS,
  PRUNE_EVERY_MS,
  storedWhat,
  toCaseFile,
  toCaseRow,
  toConversation,
  toEscalation,
  toJson,
  toScheduledItem,
  toTimelineEntry,
  toUpload,
  type CaseDbRow,
  type CaseFileDbRow,
  type ConversationRow,
  type EscalationRow,
  type ScheduledRow,
  type TimelineRow,
  type UploadDbRow,
} from '../rows';
import { MIGRATIONS, migrate } from './migrations';
import { sqliteOutbox, type SqliteOutbox } from './outboxStore';
import { restrictFiles } from './files';
import { withUnits, type Ports } from '../unit';

/** How long a connection waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/** Rolls a turn back whose new case number another conversation already holds (see commit). */
class CaseNumberTaken extends Error {}

function isInMemory(file: string): boolean {
  return file === ':memory:' || file === '' || file.startsWith('file::memory:');
}

/**
 * Opens (creating when needed) the database at `file`, brings its schema up to date and returns the
 * store. `':memory:'` gives a private, throw-away database. Throws `SchemaTooNewError` for a file
 * written by a newer build.
 */
export function openSqliteStore(file: string): Store {
  if (!isInMemory(file)) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // Created owner-only before SQLite opens it; SQLite gives its -wal and -shm the same mode.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
  }
  const db = new DatabaseConstructor(file);
  try {
    // WAL lets readers (health checks, the scheduler's claims) proceed while a turn commits.
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, file);
    // The database holds conversations and case records: readable by the bot's user only.
    if (!isInMemory(file)) restrictFiles(file);
  } catch (err) {
    db.close();
    throw err;
  }
  const raw = new SqliteStore(db);
  return withUnits({
    ports: raw,
    // One connection: a unit holds the write lock (IMMEDIATE) and the connection until it ends; the
    // statements inside it, the nested transactions of the ports included (savepoints), are its own.
    exclusive: true,
    begin: async () => {
      db.exec('BEGIN IMMEDIATE');
      return {
        ports: raw,
        commit: async () => void db.exec('COMMIT'),
        rollback: async () => {
          if (db.inTransaction) db.exec('ROLLBACK');
        },
      };
    },
    ping: (options) => raw.ping(options),
    close: () => raw.close(),
  });
}

class SqliteStore implements Ports {
  readonly conversations: ConversationStore;
  readonly schedules: ScheduleStore;
  readonly cases: CaseStore;
  readonly uploads: UploadStore;
  readonly caseFiles: CaseFileStore;
  readonly escalations: EscalationStore;
  readonly channelActivities: ChannelActivityStore;
  readonly settings: SettingsStore;
  readonly outbox: SqliteOutbox;
  private lastPruneAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly db: Database) {
    const outbox = sqliteOutbox(db);
    this.outbox = outbox;
    const s = {
      loadConversation: db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?'),
      etagOf: db.prepare<[string], { etag: string }>('SELECT etag FROM conversations WHERE id = ?'),
      upsertConversation: db.prepare(
        `INSERT INTO conversations (id, machine_version, snapshot, reference, card_slots, etag, updated_at)
         VALUES (@id, @machineVersion, @snapshot, @reference, @cardSlots, @etag, @now)
         ON CONFLICT (id) DO UPDATE SET
           machine_version = excluded.machine_version, snapshot = excluded.snapshot,
           reference = excluded.reference,
           etag = excluded.etag, updated_at = excluded.updated_at`,
      ),
      saveCardSlots: db.prepare('UPDATE conversations SET card_slots = ? WHERE id = ?'),
      wasProcessed: db.prepare<[string, string], { found: number }>(
        'SELECT 1 AS found FROM processed_ids WHERE conversation_id = ? AND processed_id = ?',
      ),
      insertProcessed: db.prepare(
        `INSERT INTO processed_ids (conversation_id, processed_id, at) VALUES (?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
      pruneProcessed: db.prepare('DELETE FROM processed_ids WHERE at < ?'),
      claimChannelActivity: db.prepare(
        'INSERT INTO channel_activities (key, at) VALUES (?, ?) ON CONFLICT DO NOTHING',
      ),
      pruneChannelActivities: db.prepare('DELETE FROM channel_activities WHERE at < ?'),
      pruneDoneItems: db.prepare('DELETE FROM scheduled_items WHERE done_at IS NOT NULL AND done_at < ?'),
      // A new id on re-schedule: a delivery still in flight for the old timer then completes a row
      // that no longer exists instead of marking the new timer done.
      upsertItem: db.prepare(
        `INSERT INTO scheduled_items (id, key, conversation_id, kind, due_at, payload)
         VALUES (@id, @key, @conversationId, @kind, @dueAt, @payload)
         ON CONFLICT (key) DO UPDATE SET
           id = excluded.id, conversation_id = excluded.conversation_id, kind = excluded.kind,
           due_at = excluded.due_at, payload = excluded.payload,
           claimed_by = NULL, claimed_until = NULL, done_at = NULL, attempts = 0, last_error = NULL`,
      ),
      cancelKey: db.prepare('UPDATE scheduled_items SET done_at = ? WHERE key = ? AND done_at IS NULL'),
      completeItem: db.prepare('UPDATE scheduled_items SET done_at = ? WHERE id = ? AND done_at IS NULL'),
      selectDue: db.prepare<[{ now: number; prefix: string; exclude: string; limit: number }], ScheduledRow>(
        `SELECT id, key, conversation_id, kind, due_at, payload, attempts FROM scheduled_items
         WHERE done_at IS NULL AND due_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
           AND (@prefix = '' OR substr(kind, 1, length(@prefix)) = @prefix)
           AND (@exclude = '' OR substr(kind, 1, length(@exclude)) <> @exclude)
         ORDER BY due_at, id LIMIT @limit`,
      ),
      extendClaim: db.prepare(
        'UPDATE scheduled_items SET claimed_until = ? WHERE id = ? AND claimed_by = ? AND done_at IS NULL',
      ),
      updatePayload: db.prepare('UPDATE scheduled_items SET payload = ? WHERE id = ?'),
      retryItem: db.prepare<[number, string, string], { attempts: number }>(
        `UPDATE scheduled_items SET attempts = attempts + 1, due_at = ?, last_error = ?, claimed_by = NULL,
           claimed_until = NULL WHERE id = ? AND done_at IS NULL RETURNING attempts`,
      ),
      getItem: db.prepare<[string], ScheduledRow & { done_at: number | null }>(
        'SELECT id, key, conversation_id, kind, due_at, payload, done_at FROM scheduled_items WHERE id = ?',
      ),
      itemByKey: db.prepare<[string], ScheduledRow & { done_at: number | null }>(
        'SELECT id, key, conversation_id, kind, due_at, payload, done_at FROM scheduled_items WHERE key = ?',
      ),
      insertGrant: db.prepare(
        `INSERT INTO upload_grants (id, case_number, created_at, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
      ),
      grantRevoked: db.prepare<[string, string], { revoked_at: number | null }>(
        'SELECT revoked_at FROM upload_grants WHERE id = ? AND case_number = ?',
      ),
      latestGrant: db.prepare<[string, number], { id: string; expires_at: number }>(
        `SELECT id, expires_at FROM upload_grants
         WHERE case_number = ? AND revoked_at IS NULL AND expires_at > ?
         ORDER BY expires_at DESC LIMIT 1`,
      ),
      revokeGrant: db.prepare('UPDATE upload_grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      revokeCaseGrants: db.prepare(
        'UPDATE upload_grants SET revoked_at = ? WHERE case_number = ? AND revoked_at IS NULL',
      ),
      insertUpload: db.prepare(
        `INSERT INTO uploads (id, case_number, grant_id, name, size, sha256, artifact_key, kind, received_at)
         VALUES (@id, @caseNumber, @grantId, @name, @size, @sha256, @artifactKey, @kind, @receivedAt)
         ON CONFLICT (case_number, sha256) DO NOTHING`,
      ),
      uploadBySha: db.prepare<[string, string], UploadDbRow>(
        'SELECT * FROM uploads WHERE case_number = ? AND sha256 = ?',
      ),
      uploadById: db.prepare<[string], UploadDbRow>('SELECT * FROM uploads WHERE id = ?'),
      uploadsByCase: db.prepare<[string], UploadDbRow>(
        'SELECT * FROM uploads WHERE case_number = ? ORDER BY received_at, id',
      ),
      removeUploads: db.prepare('DELETE FROM uploads WHERE case_number = ?'),
      insertCaseFile: db.prepare(
        `INSERT INTO case_files
           (id, case_number, direction, name, size, sha256, artifact_key, content_type, by_name, added_at)
         VALUES (@id, @caseNumber, @direction, @name, @size, @sha256, @artifactKey, @contentType, @by, @at)`,
      ),
      caseFileById: db.prepare<[string], CaseFileDbRow>('SELECT * FROM case_files WHERE id = ?'),
      caseFilesByCase: db.prepare<[string], CaseFileDbRow>(
        'SELECT * FROM case_files WHERE case_number = ? ORDER BY added_at, id',
      ),
      removeCaseFiles: db.prepare('DELETE FROM case_files WHERE case_number = ?'),
      casesByStatus: db.prepare<[string, number], CaseDbRow>(
        `SELECT * FROM cases WHERE status IN (SELECT value FROM json_each(?)) AND updated_at < ?
         ORDER BY updated_at`,
      ),
      claimItem: db.prepare('UPDATE scheduled_items SET claimed_by = ?, claimed_until = ? WHERE id = ?'),
      releaseItems: db.prepare(
        `UPDATE scheduled_items SET claimed_by = NULL, claimed_until = NULL
         WHERE done_at IS NULL AND claimed_by IS NOT NULL
           AND substr(claimed_by, 1, length(@prefix)) = @prefix AND claimed_by <> @except`,
      ),
      pending: db.prepare<[string], ScheduledRow>(
        `SELECT id, key, conversation_id, kind, due_at, payload FROM scheduled_items
         WHERE conversation_id = ? AND done_at IS NULL ORDER BY due_at, id`,
      ),
      upsertCase: db.prepare(
        `INSERT INTO cases (case_number, conversation_id, user_id, status, locale, problem, scope_confirmed,
                            details, created_at, updated_at)
         VALUES (@caseNumber, @conversationId, @userId, @status, @locale, @problem, @scopeConfirmed, @details,
                 @now, @now)
         ON CONFLICT (case_number) DO UPDATE SET
           conversation_id = excluded.conversation_id, user_id = excluded.user_id, status = excluded.status,
           locale = excluded.locale, problem = excluded.problem, scope_confirmed = excluded.scope_confirmed,
           details = excluded.details, updated_at = excluded.updated_at
         WHERE cases.conversation_id = excluded.conversation_id`,
      ),
      getCase: db.prepare<[string], CaseDbRow>('SELECT * FROM cases WHERE case_number = ?'),
      casesByUser: db.prepare<[string], CaseDbRow>(
        'SELECT * FROM cases WHERE user_id = ? ORDER BY created_at DESC, case_number DESC',
      ),
      appendTimeline: db.prepare('INSERT INTO timeline (case_number, at, actor, what) VALUES (?, ?, ?, ?)'),
      timeline: db.prepare<[string], TimelineRow>(
        'SELECT case_number, at, actor, what FROM timeline WHERE case_number = ? ORDER BY at, seq',
      ),
    };

    const commitTurn = db.transaction((turn: TurnCommit): CommitResult => {
      if (s.etagOf.get(turn.conversationId)?.etag !== turn.expectedETag)
        return { ok: false, reason: 'conflict' };

      const eTag = randomUUID();
      s.upsertConversation.run({
        id: turn.conversationId,
        machineVersion: turn.record.machineVersion,
        snapshot: toJson(turn.record.snapshot),
        reference: toJson(turn.record.reference),
        cardSlots: JSON.stringify(turn.record.cardSlots ?? {}),
        etag: eTag,
        now: turn.now,
      });
      if (turn.processedId !== undefined)
        s.insertProcessed.run(turn.conversationId, turn.processedId, turn.now);

      // Complete and cancel before scheduling: a reminder turn that finishes its item and sets the
      // next reminder under the same key must end with the new timer pending.
      for (const id of turn.completeScheduledIds ?? []) s.completeItem.run(turn.now, id);
      for (const key of turn.cancelKeys ?? []) s.cancelKey.run(turn.now, key);
      for (const item of turn.schedule ?? []) {
        s.upsertItem.run({
          id: randomUUID(),
          key: item.key,
          conversationId: item.conversationId,
          kind: item.kind,
          dueAt: item.dueAt,
          payload: JSON.stringify(item.payload ?? {}),
        });
      }

      for (const c of turn.cases ?? []) {
        const written = s.upsertCase.run({
          caseNumber: c.caseNumber,
          conversationId: c.conversationId,
          userId: c.userId,
          status: c.status,
          locale: c.locale,
          problem: toJson(c.problem),
          scopeConfirmed: c.scopeConfirmed ? 1 : 0,
          details: JSON.stringify(c.details ?? {}),
          now: turn.now,
        });
        // The case number is another conversation's (two random numbers met): the turn is run again.
        if (written.changes === 0) throw new CaseNumberTaken();
      }
      for (const e of turn.timeline ?? [])
        s.appendTimeline.run(e.caseNumber, e.at ?? turn.now, e.actor, storedWhat(e));
      outbox.insertAll(turn.outbox ?? [], turn.now);

      if (turn.now - this.lastPruneAt >= PRUNE_EVERY_MS) {
        s.pruneProcessed.run(turn.now - PROCESSED_ID_RETENTION_MS);
        s.pruneChannelActivities.run(turn.now - PROCESSED_ID_RETENTION_MS);
        s.pruneDoneItems.run(turn.now - PROCESSED_ID_RETENTION_MS);
        outbox.prune(turn.now - PROCESSED_ID_RETENTION_MS);
        this.lastPruneAt = turn.now;
      }
      return { ok: true, eTag };
    });

    const claim = db.transaction(
      (now: number, owner: string, leaseMs: number, limit: number, filter: ScheduleFilter) => {
        const prefix = filter.kindPrefix ?? '';
        const exclude = filter.excludeKindPrefix ?? '';
        const rows = s.selectDue.all({ now, prefix, exclude, limit });
        for (const row of rows) s.claimItem.run(owner, now + leaseMs, row.id);
        return rows.map(toScheduledItem);
      },
    );

    const addUpload = db.transaction(
      (record: UploadRecord, job?: Omit<ScheduledItem, 'id'>): { existing?: UploadRecord } => {
        const inserted = s.insertUpload.run(record).changes === 1;
        if (inserted) {
          if (job) s.upsertItem.run({ id: randomUUID(), ...job, payload: JSON.stringify(job.payload ?? {}) });
          return {};
        }
        const existing = s.uploadBySha.get(record.caseNumber, record.sha256);
        return existing ? { existing: toUpload(existing) } : {};
      },
    );

    this.conversations = {
      async load(conversationId): Promise<ConversationRecord | undefined> {
        const row = s.loadConversation.get(conversationId);
        return row ? toConversation(row) : undefined;
      },
      async wasProcessed(conversationId, processedId) {
        return s.wasProcessed.get(conversationId, processedId) !== undefined;
      },
      async commit(turn) {
        if (turn.record.conversationId !== turn.conversationId) {
          throw new Error(
            `TurnCommit for ${turn.conversationId} carries a record of ${turn.record.conversationId}`,
          );
        }
        // IMMEDIATE takes the write lock before reading the eTag. A deferred transaction would read,
        // then fail with SQLITE_BUSY (which busy_timeout cannot retry) if another process wrote meanwhile.
        try {
          return commitTurn.immediate(turn);
        } catch (err) {
          if (err instanceof CaseNumberTaken) return { ok: false, reason: 'conflict' };
          throw err;
        }
      },
      async saveCardSlots(conversationId, slots) {
        s.saveCardSlots.run(JSON.stringify(slots), conversationId);
      },
    };

    this.schedules = {
      async claimDue(now, owner, leaseMs, limit, filter = {}) {
        return claim.immediate(now, owner, leaseMs, limit, filter);
      },
      async schedule(item) {
        const id = randomUUID();
        s.upsertItem.run({
          id,
          key: item.key,
          conversationId: item.conversationId,
          kind: item.kind,
          dueAt: item.dueAt,
          payload: JSON.stringify(item.payload ?? {}),
        });
        return id;
      },
      async releaseClaims(prefix, except) {
        return s.releaseItems.run({ prefix, except }).changes;
      },
      async extendClaim(id, owner, until) {
        return s.extendClaim.run(until, id, owner).changes === 1;
      },
      async updatePayload(id, payload) {
        s.updatePayload.run(JSON.stringify(payload), id);
      },
      async get(id) {
        const row = s.getItem.get(id);
        return row ? { ...toScheduledItem(row), done: row.done_at !== null } : undefined;
      },
      async byKey(key) {
        const row = s.itemByKey.get(key);
        return row ? { ...toScheduledItem(row), done: row.done_at !== null } : undefined;
      },
      async complete(id) {
        s.completeItem.run(Date.now(), id);
      },
      async pending(conversationId) {
        return s.pending.all(conversationId).map(toScheduledItem);
      },
      async retryLater(id, retryAt, error) {
        return s.retryItem.get(retryAt, error.slice(0, ERROR_TEXT_MAX), id)?.attempts ?? 0;
      },
    };

    const q = {
      setPriority: db.prepare('UPDATE cases SET priority = ?, updated_at = ? WHERE case_number = ?'),
      setOwner: db.prepare('UPDATE cases SET owner = ?, updated_at = ? WHERE case_number = ?'),
      setStatus: db.prepare('UPDATE cases SET status = ?, updated_at = ? WHERE case_number = ?'),
      getEscalation: db.prepare<[string], EscalationRow>('SELECT * FROM escalations WHERE case_number = ?'),
      escalationByCard: db.prepare<[string], EscalationRow>(
        'SELECT * FROM escalations WHERE card_activity_id = ?',
      ),
      insertEscalation: db.prepare(
        `INSERT INTO escalations (case_number, reason, requested_at) VALUES (?, ?, ?)
         ON CONFLICT (case_number) DO UPDATE SET reason = excluded.reason, requested_at = excluded.requested_at,
           announced_at = NULL, card_activity_id = NULL, channel_id = NULL, taken_by_id = NULL,
           taken_by_name = NULL, taken_at = NULL, ended_at = NULL
         WHERE escalations.ended_at IS NOT NULL`,
      ),
      announced: db.prepare(
        'UPDATE escalations SET channel_id = ?, card_activity_id = ?, announced_at = ? WHERE case_number = ?',
      ),
      touched: db.prepare('UPDATE escalations SET announced_at = ? WHERE case_number = ?'),
      take: db.prepare(
        `UPDATE escalations SET taken_by_id = ?, taken_by_name = ?, taken_at = ?
         WHERE case_number = ? AND taken_by_id IS NULL AND ended_at IS NULL`,
      ),
      end: db.prepare('UPDATE escalations SET ended_at = ? WHERE case_number = ? AND ended_at IS NULL'),
      openEscalations: db.prepare<[], EscalationRow>(
        'SELECT * FROM escalations WHERE ended_at IS NULL ORDER BY requested_at, case_number',
      ),
      getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      setSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
    };
    this.cases = {
      async get(caseNumber) {
        const row = s.getCase.get(caseNumber);
        return row ? toCaseRow(row) : undefined;
      },
      async listByUser(userId) {
        return s.casesByUser.all(userId).map(toCaseRow);
      },
      async timeline(caseNumber): Promise<TimelineEntry[]> {
        return s.timeline.all(caseNumber).map(toTimelineEntry);
      },
      async appendTimeline(entry) {
        s.appendTimeline.run(entry.caseNumber, entry.at, entry.actor, storedWhat(entry));
      },
      async listByStatus(statuses, updatedBefore) {
        return s.casesByStatus.all(JSON.stringify(statuses), updatedBefore).map(toCaseRow);
      },
      async setEngineerFields(
        caseNumber: string,
        fields: { priority?: Priority; owner?: string | null; status?: string },
        now: number,
      ) {
        return db.transaction(() => {
          if (!s.getCase.get(caseNumber)) return false;
          if (fields.priority) q.setPriority.run(fields.priority, now, caseNumber);
          if (fields.owner !== undefined) q.setOwner.run(fields.owner, now, caseNumber);
          if (fields.status) q.setStatus.run(fields.status, now, caseNumber);
          return true;
        })();
      },
    };

    this.escalations = {
      async open(caseNumber, reason, now) {
        return db.transaction(() => {
          const opened = q.insertEscalation.run(caseNumber, reason, now).changes === 1;
          return { record: toEscalation(q.getEscalation.get(caseNumber)!), opened };
        })();
      },
      async get(caseNumber) {
        const row = q.getEscalation.get(caseNumber);
        return row ? toEscalation(row) : undefined;
      },
      async byCard(activityId) {
        const row = q.escalationByCard.get(activityId);
        return row ? toEscalation(row) : undefined;
      },
      async announced(caseNumber, channelConversationId, cardActivityId, at) {
        q.announced.run(channelConversationId, cardActivityId, at, caseNumber);
      },
      async touched(caseNumber, at) {
        q.touched.run(at, caseNumber);
      },
      async take(caseNumber, engineer, at) {
        return q.take.run(engineer.id, engineer.name, at, caseNumber).changes === 1;
      },
      async end(caseNumber, at) {
        q.end.run(at, caseNumber);
      },
      async listOpen() {
        return q.openEscalations.all().map(toEscalation);
      },
    };

    this.settings = {
      async get(key) {
        const row = q.getSetting.get(key);
        return row ? (JSON.parse(row.value) as unknown) : undefined;
      },
      async set(key, value) {
        q.setSetting.run(key, JSON.stringify(value));
      },
    };

    this.uploads = {
      async recordGrant(grant) {
        s.insertGrant.run(grant.id, grant.caseNumber, grant.createdAt, grant.expiresAt);
      },
      async grantStatus(grantId, caseNumber) {
        const row = s.grantRevoked.get(grantId, caseNumber);
        if (!row) return 'unknown';
        return row.revoked_at === null ? 'active' : 'revoked';
      },
      async latestGrant(caseNumber, validAt) {
        const row = s.latestGrant.get(caseNumber, validAt);
        return row ? { id: row.id, expiresAt: row.expires_at } : undefined;
      },
      async revoke(grantId, at) {
        s.revokeGrant.run(at, grantId);
      },
      async revokeCase(caseNumber, at) {
        s.revokeCaseGrants.run(at, caseNumber);
      },
      async add(record, job) {
        return addUpload.immediate(record, job);
      },
      async get(id) {
        const row = s.uploadById.get(id);
        return row ? toUpload(row) : undefined;
      },
      async listByCase(caseNumber) {
        return s.uploadsByCase.all(caseNumber).map(toUpload);
      },
      async removeByCase(caseNumber) {
        return s.removeUploads.run(caseNumber).changes;
      },
    };

    this.channelActivities = {
      async claim(key, at) {
        return s.claimChannelActivity.run(key, at).changes === 1;
      },
    };

    this.caseFiles = {
      async add(record) {
        s.insertCaseFile.run(record);
      },
      async get(id) {
        const row = s.caseFileById.get(id);
        return row ? toCaseFile(row) : undefined;
      },
      async listByCase(caseNumber) {
        return s.caseFilesByCase.all(caseNumber).map(toCaseFile);
      },
      async removeByCase(caseNumber) {
        return s.removeCaseFiles.run(caseNumber).changes;
      },
    };
  }

  async ping(options: { write?: boolean } = {}): Promise<void> {
    this.db.prepare('SELECT 1').get();
    // A write that changes nothing lasting still needs the disk: a full one (or a read-only file) fails it.
    if (options.write)
      this.db
        .prepare(
          'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        )
        .run('health.lastWrite', JSON.stringify(Date.now()));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
