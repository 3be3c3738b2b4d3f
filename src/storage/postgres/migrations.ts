/**
 * Schema of the PostgreSQL store: its own ordered migrations (the same tables and columns as the SQLite
 * store's, created at once), applied each once in its own transaction under an advisory lock, so that
 * instances starting together on a new database do not both run them.
 */
import type pg from 'pg';
import { SchemaTooNewError, type Migration } from '../schema';
import { LOCK_SPACE } from './db';

/** Second key of the migration lock. */
const MIGRATION_LOCK = 1;

/**
 * Append only. JSON stays in TEXT columns as in SQLite (any string survives, \u0000 included, which
 * jsonb refuses; nothing queries inside it). Times are epoch milliseconds in BIGINT.
 */
export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'conversations, timers, cases, timeline, uploads, files, escalations, settings, outbox',
    sql: `
      CREATE TABLE conversations (
        id              TEXT PRIMARY KEY,
        machine_version INTEGER NOT NULL,
        snapshot        TEXT,
        reference       TEXT,
        card_slots      TEXT NOT NULL DEFAULT '{}',
        etag            TEXT NOT NULL,
        updated_at      BIGINT NOT NULL
      );

      CREATE TABLE processed_ids (
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        processed_id    TEXT NOT NULL,
        at              BIGINT NOT NULL,
        PRIMARY KEY (conversation_id, processed_id)
      );
      CREATE INDEX processed_ids_at ON processed_ids(at);

      CREATE TABLE scheduled_items (
        id              TEXT PRIMARY KEY,
        key             TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        kind            TEXT NOT NULL,
        due_at          BIGINT NOT NULL,
        payload         TEXT NOT NULL,
        claimed_by      TEXT,
        claimed_until   BIGINT,
        done_at         BIGINT,
        attempts        INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT
      );
      CREATE INDEX scheduled_items_due ON scheduled_items(due_at) WHERE done_at IS NULL;
      CREATE INDEX scheduled_items_conversation ON scheduled_items(conversation_id);
      CREATE INDEX scheduled_items_done ON scheduled_items(done_at) WHERE done_at IS NOT NULL;

      -- No foreign key to conversations: a case record outlives the chat it came from.
      CREATE TABLE cases (
        case_number     TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        user_id         TEXT NOT NULL,
        status          TEXT NOT NULL,
        locale          TEXT NOT NULL,
        problem         TEXT,
        scope_confirmed BOOLEAN NOT NULL DEFAULT false,
        details         TEXT NOT NULL DEFAULT '{}',
        priority        TEXT NOT NULL DEFAULT 'P3',
        owner           TEXT,
        created_at      BIGINT NOT NULL,
        updated_at      BIGINT NOT NULL
      );
      CREATE INDEX cases_user ON cases(user_id, created_at);
      CREATE INDEX cases_conversation ON cases(conversation_id);
      CREATE INDEX cases_status ON cases(status, updated_at);

      CREATE TABLE timeline (
        seq         BIGSERIAL PRIMARY KEY,
        case_number TEXT NOT NULL REFERENCES cases(case_number) ON DELETE CASCADE,
        at          BIGINT NOT NULL,
        actor       TEXT NOT NULL,
        what        TEXT NOT NULL
      );
      CREATE INDEX timeline_case ON timeline(case_number, at, seq);

      CREATE TABLE upload_grants (
        id          TEXT PRIMARY KEY,
        case_number TEXT NOT NULL,
        created_at  BIGINT NOT NULL,
        expires_at  BIGINT NOT NULL,
        revoked_at  BIGINT
      );
      CREATE INDEX upload_grants_case ON upload_grants(case_number);

      CREATE TABLE uploads (
        id           TEXT PRIMARY KEY,
        case_number  TEXT NOT NULL,
        grant_id     TEXT NOT NULL,
        name         TEXT NOT NULL,
        size         BIGINT NOT NULL,
        sha256       TEXT NOT NULL,
        artifact_key TEXT NOT NULL,
        kind         TEXT NOT NULL,
        received_at  BIGINT NOT NULL,
        UNIQUE (case_number, sha256)
      );

      CREATE TABLE escalations (
        case_number      TEXT PRIMARY KEY REFERENCES cases(case_number) ON DELETE CASCADE,
        reason           TEXT NOT NULL,
        requested_at     BIGINT NOT NULL,
        announced_at     BIGINT,
        channel_id       TEXT,
        card_activity_id TEXT,
        taken_by_id      TEXT,
        taken_by_name    TEXT,
        taken_at         BIGINT,
        ended_at         BIGINT
      );
      CREATE INDEX escalations_card ON escalations(card_activity_id);

      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE case_files (
        id           TEXT PRIMARY KEY,
        case_number  TEXT NOT NULL,
        direction    TEXT NOT NULL CHECK (direction IN ('to-user', 'from-user')),
        name         TEXT NOT NULL,
        size         BIGINT NOT NULL,
        sha256       TEXT NOT NULL,
        artifact_key TEXT NOT NULL,
        content_type TEXT NOT NULL,
        by_name      TEXT NOT NULL,
        added_at     BIGINT NOT NULL
      );
      CREATE INDEX case_files_case ON case_files(case_number, added_at);

      CREATE TABLE channel_activities (
        key TEXT PRIMARY KEY,
        at  BIGINT NOT NULL
      );
      CREATE INDEX channel_activities_at ON channel_activities(at);

      CREATE TABLE outbox (
        seq             BIGSERIAL PRIMARY KEY,
        id              TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL,
        kind            TEXT NOT NULL,
        payload         TEXT NOT NULL,
        created_at      BIGINT NOT NULL,
        due_at          BIGINT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        claimed_by      TEXT,
        claimed_until   BIGINT,
        sent_at         BIGINT,
        activity_id     TEXT,
        failed_at       BIGINT,
        last_error      TEXT
      );
      CREATE INDEX outbox_pending ON outbox(conversation_id, seq) WHERE sent_at IS NULL AND failed_at IS NULL;
      CREATE INDEX outbox_finished ON outbox(created_at) WHERE sent_at IS NOT NULL OR failed_at IS NOT NULL;
    `,
  },
];

/** host:port/database of a connection, for messages. */
export function describeDatabase(client: pg.PoolClient): string {
  const c = client as unknown as { host?: string; port?: number; database?: string };
  return `${c.host ?? '?'}:${c.port ?? '?'}/${c.database ?? '?'}`;
}

/**
 * Brings the database up to the last of `migrations`; returns the versions applied now. Each migration
 * and its `schema_migrations` row commit together (PostgreSQL's DDL is transactional), so a failed one
 * leaves the previous version and the next start tries it again.
 */
export async function migratePostgres(pool: pg.Pool, migrations: readonly Migration[]): Promise<number[]> {
  const client = await pool.connect();
  try {
    // Session lock: waits while another instance migrates, then finds its work done.
    await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_SPACE, MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        applied_at BIGINT NOT NULL
      )`);
      const known = migrations.reduce((max, m) => Math.max(max, m.version), 0);
      const current = (
        await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations')
      ).rows[0].v;
      if (current !== null && current > known)
        throw new SchemaTooNewError(current, known, describeDatabase(client));
      const applied: number[] = [];
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (current !== null && migration.version <= current) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
            [migration.version, migration.name, Date.now()],
          );
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
