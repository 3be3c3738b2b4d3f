/**
 * The outbox on PostgreSQL (see OutboxStore in ../ports): a conversation's oldest unsent message is its
 * head; deliverers on any instance claim heads with `FOR UPDATE SKIP LOCKED` and a lease. Writers of one
 * conversation's messages hold its advisory lock, so sequence numbers follow commit order.
 */
import type pg from 'pg';
import type { OutboundMessage, OutboxStore } from '../ports';
import { ERROR_TEXT_MAX, toOutboxEntry, type OutboxRow } from '../rows';
import { LOCK_SPACE, rows, transaction, type Queryable } from './db';

/**
 * What a sent message changes in the card slots, as keys to set and keys to remove: the same result as
 * `updatedSlots` in ../rows (the slot first, then the other entries), applied in SQL.
 */
function slotChanges(
  activityId: string | null,
  cardSlot: string | undefined,
  entries: Record<string, string | null> | undefined,
): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {};
  const remove = new Set<string>();
  if (cardSlot !== undefined && activityId !== null) set[cardSlot] = activityId;
  for (const [key, value] of Object.entries(entries ?? {})) {
    if (value === null) {
      delete set[key];
      remove.add(key);
    } else {
      set[key] = value;
      remove.delete(key);
    }
  }
  return { set, remove: [...remove] };
}

const PENDING = 'sent_at IS NULL AND failed_at IS NULL';
const COLUMNS = 'seq, id, conversation_id, kind, payload, created_at, attempts';

/** Inserts inside the caller's transaction (a turn's commit), in order, in one statement; ids already present are ignored. */
export async function insertOutbox(client: pg.PoolClient, messages: readonly OutboundMessage[], now: number) {
  if (messages.length === 0) return;
  const rowsJson = messages.map((m, n) => ({
    n,
    id: m.id,
    conversation_id: m.conversationId,
    kind: m.kind,
    payload: JSON.stringify(m.payload),
  }));
  // Sorted by their place in the list: the messages' order becomes their sequence numbers' order.
  await client.query(
    `INSERT INTO outbox (id, conversation_id, kind, payload, created_at, due_at)
     SELECT m.id, m.conversation_id, m.kind, m.payload, $2, $2
     FROM json_to_recordset($1::json) AS m(id text, conversation_id text, kind text, payload text, n bigint)
     ORDER BY m.n
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(rowsJson), now],
  );
}

/** Forgets messages sent or given up before `before`. */
export async function pruneOutbox(db: Queryable, before: number): Promise<void> {
  await db.query(
    'DELETE FROM outbox WHERE (sent_at IS NOT NULL OR failed_at IS NOT NULL) AND created_at < $1',
    [before],
  );
}

export function postgresOutbox(pool: pg.Pool): OutboxStore {
  return {
    async add(messages, now) {
      await transaction(pool, async (client) => {
        const conversations = [...new Set(messages.map((m) => m.conversationId))].sort();
        for (const id of conversations)
          await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_SPACE, id]);
        await insertOutbox(client, messages, now);
      });
    },
    async releaseClaims(prefix, except) {
      // A restarted instance's own leases from its previous start (`prefix`), not its current one.
      const result = await pool.query(
        `UPDATE outbox SET claimed_by = NULL, claimed_until = NULL
         WHERE ${PENDING} AND claimed_by IS NOT NULL AND starts_with(claimed_by, $1) AND claimed_by <> $2`,
        [prefix, except],
      );
      return result.rowCount ?? 0;
    },
    async claim(now, owner, leaseMs, limit, conversationId) {
      // The heads, then those due and not leased, locked without waiting for another deliverer's; the
      // conditions are checked again on each locked row (it may have been sent or claimed meanwhile).
      const claimed = await rows<OutboxRow>(
        pool,
        `WITH heads AS (
           SELECT MIN(seq) AS seq FROM outbox
           WHERE ${PENDING} AND ($5::text IS NULL OR conversation_id = $5)
           GROUP BY conversation_id),
         picked AS (
           SELECT o.seq FROM outbox o JOIN heads h ON h.seq = o.seq
           WHERE o.sent_at IS NULL AND o.failed_at IS NULL
             AND o.due_at <= $1 AND (o.claimed_until IS NULL OR o.claimed_until <= $1)
           ORDER BY o.seq LIMIT $4
           FOR UPDATE OF o SKIP LOCKED)
         UPDATE outbox SET claimed_by = $2, claimed_until = $3
         FROM picked WHERE outbox.seq = picked.seq
         RETURNING outbox.seq, outbox.id, outbox.conversation_id, outbox.kind, outbox.payload, outbox.created_at,
           outbox.attempts`,
        [now, owner, now + leaseMs, limit, conversationId ?? null],
      );
      return claimed.sort((a, b) => a.seq - b.seq).map(toOutboxEntry);
    },
    async sent(id, now, result = {}) {
      // One statement: the message marked sent and, when it changes them, the conversation's card slots
      // merged in the row (not read and written back, so two messages sent at once both land).
      const { set, remove } = slotChanges(result.activityId ?? null, result.cardSlot, result.slotEntries);
      await pool.query(
        `WITH marked AS (
           UPDATE outbox SET sent_at = $1, activity_id = $2, claimed_by = NULL, claimed_until = NULL
           WHERE id = $3 AND ${PENDING} RETURNING conversation_id)
         UPDATE conversations c SET card_slots = ((c.card_slots::jsonb - $4::text[]) || $5::jsonb)::text
         FROM marked WHERE c.id = marked.conversation_id AND $6`,
        [
          now,
          result.activityId ?? null,
          id,
          remove,
          JSON.stringify(set),
          remove.length + Object.keys(set).length > 0,
        ],
      );
    },
    async retryLater(id, retryAt, error) {
      await pool.query(
        `UPDATE outbox SET attempts = attempts + 1, due_at = $1, last_error = $2, claimed_by = NULL,
           claimed_until = NULL WHERE id = $3 AND ${PENDING}`,
        [retryAt, error.slice(0, ERROR_TEXT_MAX), id],
      );
    },
    async failed(id, now, error) {
      await pool.query(
        `UPDATE outbox SET failed_at = $1, attempts = attempts + 1, last_error = $2, claimed_by = NULL,
           claimed_until = NULL WHERE id = $3 AND ${PENDING}`,
        [now, error.slice(0, ERROR_TEXT_MAX), id],
      );
    },
    async pending(conversationId) {
      const found = await rows<OutboxRow>(
        pool,
        `SELECT ${COLUMNS} FROM outbox WHERE ${PENDING} AND ($1::text IS NULL OR conversation_id = $1) ORDER BY seq`,
        [conversationId ?? null],
      );
      return found.map(toOutboxEntry);
    },
  };
}
