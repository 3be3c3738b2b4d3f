/**
 * Conversations and timers on PostgreSQL. A turn commits in one transaction that holds the
 * conversation's advisory lock: two instances committing turns of one conversation are serialized, and
 * the one whose loaded eTag is stale gets `conflict` (the runner runs its turn again on fresh state).
 * Due timers are claimed with `FOR UPDATE SKIP LOCKED` and a lease, so each is run by one instance.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { CommitResult, ConversationStore, ScheduledItem, ScheduleStore, TurnCommit } from '../ports';
import {
  ERROR_TEXT_MAX,
  PROCESSED_ID_RETENTION_MS,
  PRUNE_EVERY_MS,
  storedWhat,
  toConversation,
  toJson,
  toScheduledItem,
  type ConversationRow,
  type ScheduledRow,
} from '../rows';
import { changed, LOCK_SPACE, Rollback, rows, transaction, type Queryable } from './db';
import { insertOutbox, pruneOutbox } from './outbox';

const CONFLICT: CommitResult = { ok: false, reason: 'conflict' };

/** Serializes writers of one conversation (turn commits, outbox additions) until their transaction ends. */
export async function lockConversation(client: pg.PoolClient, conversationId: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_SPACE, conversationId]);
}

/** A new id on re-schedule: a delivery still in flight for the old timer then completes nothing. */
export async function upsertItem(
  db: Queryable,
  item: Omit<ScheduledItem, 'id'>,
  id = randomUUID(),
): Promise<string> {
  await db.query(
    `INSERT INTO scheduled_items (id, key, conversation_id, kind, due_at, payload)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (key) DO UPDATE SET
       id = excluded.id, conversation_id = excluded.conversation_id, kind = excluded.kind,
       due_at = excluded.due_at, payload = excluded.payload,
       claimed_by = NULL, claimed_until = NULL, done_at = NULL, attempts = 0, last_error = NULL`,
    [id, item.key, item.conversationId, item.kind, item.dueAt, JSON.stringify(item.payload ?? {})],
  );
  return id;
}

const COMPLETE_ITEM = 'UPDATE scheduled_items SET done_at = $1 WHERE id = $2 AND done_at IS NULL';

async function writeTurn(client: pg.PoolClient, turn: TurnCommit, eTag: string): Promise<void> {
  await client.query(
    `INSERT INTO conversations (id, machine_version, snapshot, reference, card_slots, etag, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET
       machine_version = excluded.machine_version, snapshot = excluded.snapshot,
       reference = excluded.reference, etag = excluded.etag, updated_at = excluded.updated_at`,
    [
      turn.conversationId,
      turn.record.machineVersion,
      toJson(turn.record.snapshot),
      toJson(turn.record.reference),
      JSON.stringify(turn.record.cardSlots ?? {}),
      eTag,
      turn.now,
    ],
  );
  if (turn.processedId !== undefined)
    await client.query(
      `INSERT INTO processed_ids (conversation_id, processed_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [turn.conversationId, turn.processedId, turn.now],
    );
  // Complete and cancel before scheduling: a reminder turn that finishes its item and sets the next
  // reminder under the same key must end with the new timer pending.
  for (const id of turn.completeScheduledIds ?? []) await client.query(COMPLETE_ITEM, [turn.now, id]);
  for (const key of turn.cancelKeys ?? [])
    await client.query('UPDATE scheduled_items SET done_at = $1 WHERE key = $2 AND done_at IS NULL', [
      turn.now,
      key,
    ]);
  for (const item of turn.schedule ?? []) await upsertItem(client, item);

  for (const c of turn.cases ?? []) {
    const written = await changed(
      client,
      `INSERT INTO cases (case_number, conversation_id, user_id, status, locale, problem, scope_confirmed,
                          details, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       ON CONFLICT (case_number) DO UPDATE SET
         conversation_id = excluded.conversation_id, user_id = excluded.user_id, status = excluded.status,
         locale = excluded.locale, problem = excluded.problem, scope_confirmed = excluded.scope_confirmed,
         details = excluded.details, updated_at = excluded.updated_at
       WHERE cases.conversation_id = excluded.conversation_id`,
      [
        c.caseNumber,
        c.conversationId,
        c.userId,
        c.status,
        c.locale,
        toJson(c.problem),
        c.scopeConfirmed,
        JSON.stringify(c.details ?? {}),
        turn.now,
      ],
    );
    // Another conversation holds this case number (two instances drew the same one): the turn is run
    // again, and draws a new number.
    if (written === 0) throw new Rollback(CONFLICT);
  }
  const timeline = (turn.timeline ?? []).map((e, n) => ({
    n,
    case_number: e.caseNumber,
    at: e.at ?? turn.now,
    actor: e.actor,
    what: storedWhat(e),
  }));
  // In one statement, in order (by their place in the list): entries of the same millisecond keep it by their seq.
  if (timeline.length > 0)
    await client.query(
      `INSERT INTO timeline (case_number, at, actor, what)
       SELECT e.case_number, e.at, e.actor, e.what
       FROM json_to_recordset($1::json) AS e(case_number text, at bigint, actor text, what text, n bigint)
       ORDER BY e.n`,
      [JSON.stringify(timeline)],
    );
  await insertOutbox(client, turn.outbox ?? [], turn.now);
}

async function prune(db: Queryable, now: number): Promise<void> {
  const before = now - PROCESSED_ID_RETENTION_MS;
  await db.query('DELETE FROM processed_ids WHERE at < $1', [before]);
  await db.query('DELETE FROM channel_activities WHERE at < $1', [before]);
  await db.query('DELETE FROM scheduled_items WHERE done_at IS NOT NULL AND done_at < $1', [before]);
  await pruneOutbox(db, before);
}

export function postgresConversations(pool: pg.Pool): ConversationStore {
  let lastPruneAt = Number.NEGATIVE_INFINITY;
  return {
    async load(conversationId) {
      const [row] = await rows<ConversationRow>(pool, 'SELECT * FROM conversations WHERE id = $1', [
        conversationId,
      ]);
      return row ? toConversation(row) : undefined;
    },
    async wasProcessed(conversationId, processedId) {
      const found = await rows(
        pool,
        'SELECT 1 FROM processed_ids WHERE conversation_id = $1 AND processed_id = $2',
        [conversationId, processedId],
      );
      return found.length > 0;
    },
    async commit(turn) {
      if (turn.record.conversationId !== turn.conversationId) {
        throw new Error(
          `TurnCommit for ${turn.conversationId} carries a record of ${turn.record.conversationId}`,
        );
      }
      const result = await transaction(pool, async (client) => {
        await lockConversation(client, turn.conversationId);
        // Read under the lock: a turn of another instance that committed meanwhile is seen here.
        const [current] = await rows<{ etag: string }>(
          client,
          'SELECT etag FROM conversations WHERE id = $1',
          [turn.conversationId],
        );
        if (current?.etag !== turn.expectedETag) return CONFLICT;
        const eTag = randomUUID();
        await writeTurn(client, turn, eTag);
        return { ok: true, eTag } as CommitResult;
      });
      if (result.ok && turn.now - lastPruneAt >= PRUNE_EVERY_MS) {
        lastPruneAt = turn.now;
        await prune(pool, turn.now);
      }
      return result;
    },
    async saveCardSlots(conversationId, slots) {
      await pool.query('UPDATE conversations SET card_slots = $1 WHERE id = $2', [
        JSON.stringify(slots),
        conversationId,
      ]);
    },
  };
}

type ItemRow = ScheduledRow & { done_at: number | null };

const byDue = (a: ScheduledRow, b: ScheduledRow) =>
  a.due_at - b.due_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function postgresSchedules(pool: pg.Pool): ScheduleStore {
  const one = async (where: string, value: string) => {
    const [row] = await rows<ItemRow>(
      pool,
      `SELECT id, key, conversation_id, kind, due_at, payload, done_at FROM scheduled_items WHERE ${where} = $1`,
      [value],
    );
    return row ? { ...toScheduledItem(row), done: row.done_at !== null } : undefined;
  };
  return {
    async releaseClaims(prefix, except) {
      const result = await pool.query(
        `UPDATE scheduled_items SET claimed_by = NULL, claimed_until = NULL
         WHERE done_at IS NULL AND claimed_by IS NOT NULL AND starts_with(claimed_by, $1) AND claimed_by <> $2`,
        [prefix, except],
      );
      return result.rowCount ?? 0;
    },
    async claimDue(now, owner, leaseMs, limit, filter = {}) {
      // SKIP LOCKED: instances polling at once each take other items instead of waiting on each other.
      // The CTE runs once (a locking CTE is never inlined), so LIMIT holds; a row another instance
      // claimed meanwhile is re-read when locked and left out (READ COMMITTED re-checks the WHERE).
      const claimed = await rows<ScheduledRow>(
        pool,
        `WITH picked AS (
           SELECT id FROM scheduled_items
           WHERE done_at IS NULL AND due_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
             AND ($5 = '' OR starts_with(kind, $5)) AND ($6 = '' OR NOT starts_with(kind, $6))
           ORDER BY due_at, id COLLATE "C" LIMIT $4
           FOR UPDATE SKIP LOCKED)
         UPDATE scheduled_items s SET claimed_by = $2, claimed_until = $3
         FROM picked WHERE s.id = picked.id
         RETURNING s.id, s.key, s.conversation_id, s.kind, s.due_at, s.payload, s.attempts`,
        [now, owner, now + leaseMs, limit, filter.kindPrefix ?? '', filter.excludeKindPrefix ?? ''],
      );
      return claimed.sort(byDue).map(toScheduledItem);
    },
    schedule: (item) => upsertItem(pool, item),
    async extendClaim(id, owner, until) {
      return (
        (await changed(
          pool,
          'UPDATE scheduled_items SET claimed_until = $1 WHERE id = $2 AND claimed_by = $3 AND done_at IS NULL',
          [until, id, owner],
        )) === 1
      );
    },
    async updatePayload(id, payload) {
      await pool.query('UPDATE scheduled_items SET payload = $1 WHERE id = $2', [
        JSON.stringify(payload),
        id,
      ]);
    },
    get: (id) => one('id', id),
    byKey: (key) => one('key', key),
    async complete(id) {
      await pool.query(COMPLETE_ITEM, [Date.now(), id]);
    },
    async pending(conversationId) {
      const found = await rows<ScheduledRow>(
        pool,
        `SELECT id, key, conversation_id, kind, due_at, payload FROM scheduled_items
         WHERE conversation_id = $1 AND done_at IS NULL ORDER BY due_at, id COLLATE "C"`,
        [conversationId],
      );
      return found.map(toScheduledItem);
    },
    async retryLater(id, retryAt, error) {
      const [row] = await rows<{ attempts: number }>(
        pool,
        `UPDATE scheduled_items SET attempts = attempts + 1, due_at = $1, last_error = $2, claimed_by = NULL,
           claimed_until = NULL WHERE id = $3 AND done_at IS NULL RETURNING attempts`,
        [retryAt, error.slice(0, ERROR_TEXT_MAX), id],
      );
      return row?.attempts ?? 0;
    },
  };
}
