/**
 * The outbox on SQLite: one table, heads claimed with a lease (see OutboxStore in ../ports). The same
 * statements insert a turn's messages inside its commit (`insertAll`, no transaction of its own).
 */
import type { Database } from 'better-sqlite3';
import type { OutboundMessage, OutboxStore } from '../ports';
import { ERROR_TEXT_MAX, toOutboxEntry as toEntry, updatedSlots, type OutboxRow } from '../rows';

const PENDING = 'sent_at IS NULL AND failed_at IS NULL';

export interface SqliteOutbox extends OutboxStore {
  /** Inserts inside the caller's transaction (a turn's commit). */
  insertAll(messages: readonly OutboundMessage[], now: number): void;
  /** Forgets messages sent or given up before `before`. */
  prune(before: number): void;
}

export function sqliteOutbox(db: Database): SqliteOutbox {
  const s = {
    insert: db.prepare(
      `INSERT INTO outbox (id, conversation_id, kind, payload, created_at, due_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ),
    // The head of each conversation: its oldest pending message, claimable when due and not leased.
    heads: db.prepare<[{ now: number; conversation: string | null; limit: number }], OutboxRow>(
      `SELECT o.seq, o.id, o.conversation_id, o.kind, o.payload, o.created_at, o.attempts FROM outbox o
       WHERE o.${PENDING.replace(/ AND /g, ' AND o.')}
         AND (@conversation IS NULL OR o.conversation_id = @conversation)
         AND o.seq = (SELECT MIN(p.seq) FROM outbox p
                      WHERE p.conversation_id = o.conversation_id AND p.sent_at IS NULL AND p.failed_at IS NULL)
         AND o.due_at <= @now AND (o.claimed_until IS NULL OR o.claimed_until <= @now)
       ORDER BY o.seq LIMIT @limit`,
    ),
    claim: db.prepare('UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE seq = ?'),
    sent: db.prepare(
      `UPDATE outbox SET sent_at = ?, activity_id = ?, claimed_by = NULL, claimed_until = NULL
       WHERE id = ? AND ${PENDING}`,
    ),
    slots: db.prepare<[string], { card_slots: string }>('SELECT card_slots FROM conversations WHERE id = ?'),
    saveSlots: db.prepare('UPDATE conversations SET card_slots = ? WHERE id = ?'),
    conversationOf: db.prepare<[string], { conversation_id: string }>(
      'SELECT conversation_id FROM outbox WHERE id = ?',
    ),
    retry: db.prepare(
      `UPDATE outbox SET attempts = attempts + 1, due_at = ?, last_error = ?, claimed_by = NULL,
         claimed_until = NULL WHERE id = ? AND ${PENDING}`,
    ),
    failed: db.prepare(
      `UPDATE outbox SET failed_at = ?, attempts = attempts + 1, last_error = ?, claimed_by = NULL,
         claimed_until = NULL WHERE id = ? AND ${PENDING}`,
    ),
    pending: db.prepare<[{ c: string | null }], OutboxRow>(
      `SELECT seq, id, conversation_id, kind, payload, created_at, attempts FROM outbox
       WHERE ${PENDING} AND (@c IS NULL OR conversation_id = @c) ORDER BY seq`,
    ),
    release: db.prepare(
      `UPDATE outbox SET claimed_by = NULL, claimed_until = NULL
       WHERE ${PENDING} AND claimed_by IS NOT NULL AND substr(claimed_by, 1, length(@prefix)) = @prefix
         AND claimed_by <> @except`,
    ),
    prune: db.prepare(
      'DELETE FROM outbox WHERE (sent_at IS NOT NULL OR failed_at IS NOT NULL) AND created_at < ?',
    ),
  };

  const insertAll = (messages: readonly OutboundMessage[], now: number): void => {
    for (const m of messages)
      s.insert.run(m.id, m.conversationId, m.kind, JSON.stringify(m.payload), now, now);
  };
  const claim = db.transaction(
    (now: number, owner: string, leaseMs: number, limit: number, conversation: string | null) => {
      const rows = s.heads.all({ now, conversation, limit });
      for (const row of rows) s.claim.run(owner, now + leaseMs, row.seq);
      return rows.map(toEntry);
    },
  );
  const markSent = db.transaction(
    (
      id: string,
      now: number,
      activityId: string | null,
      cardSlot: string | undefined,
      entries: Record<string, string | null> | undefined,
    ) => {
      if (s.sent.run(now, activityId, id).changes === 0) return;
      const showing = cardSlot !== undefined && activityId !== null;
      if (!showing && !entries) return;
      const conversationId = s.conversationOf.get(id)?.conversation_id;
      const row = conversationId ? s.slots.get(conversationId) : undefined;
      if (!conversationId || !row) return;
      s.saveSlots.run(updatedSlots(row.card_slots, activityId, cardSlot, entries), conversationId);
    },
  );

  return {
    insertAll,
    prune: (before) => void s.prune.run(before),
    async add(messages, now) {
      db.transaction(() => insertAll(messages, now)).immediate();
    },
    async claim(now, owner, leaseMs, limit, conversationId) {
      return claim.immediate(now, owner, leaseMs, limit, conversationId ?? null);
    },
    async sent(id, now, result = {}) {
      markSent.immediate(id, now, result.activityId ?? null, result.cardSlot, result.slotEntries);
    },
    async retryLater(id, retryAt, error) {
      s.retry.run(retryAt, error.slice(0, ERROR_TEXT_MAX), id);
    },
    async failed(id, now, error) {
      s.failed.run(now, error.slice(0, ERROR_TEXT_MAX), id);
    },
    async releaseClaims(prefix, except) {
      return s.release.run({ prefix, except }).changes;
    },
    async pending(conversationId) {
      return s.pending.all({ c: conversationId ?? null }).map(toEntry);
    },
  };
}
