/**
 * Schema of the embedded SQLite store as an ordered list of migrations, and the runner that applies
 * the missing ones (each once, each in its own transaction) and refuses a database newer than this code.
 */
import type { Database } from 'better-sqlite3';
import { SchemaTooNewError, type Migration } from '../schema';

export type { Migration };
export { SchemaTooNewError };

/**
 * Append only. JSON columns stay TEXT (readable with the sqlite3 shell, and the same shape a
 * PostgreSQL adapter would keep in `jsonb`). Times are epoch milliseconds.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'conversations, schedules, cases, timeline',
    sql: `
      CREATE TABLE conversations (
        id              TEXT PRIMARY KEY,
        machine_version INTEGER NOT NULL,
        snapshot        TEXT,
        reference       TEXT,
        card_slots      TEXT NOT NULL DEFAULT '{}',
        etag            TEXT NOT NULL,
        updated_at      INTEGER NOT NULL
      );

      CREATE TABLE processed_ids (
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        processed_id    TEXT NOT NULL,
        at              INTEGER NOT NULL,
        PRIMARY KEY (conversation_id, processed_id)
      ) WITHOUT ROWID;
      CREATE INDEX processed_ids_at ON processed_ids(at);

      CREATE TABLE scheduled_items (
        id              TEXT PRIMARY KEY,
        key             TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        kind            TEXT NOT NULL,
        due_at          INTEGER NOT NULL,
        payload         TEXT NOT NULL,
        claimed_by      TEXT,
        claimed_until   INTEGER,
        done_at         INTEGER
      );
      -- claimDue only ever looks at pending items; a partial index keeps that scan small.
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
        scope_confirmed INTEGER NOT NULL DEFAULT 0,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
      );
      CREATE INDEX cases_user ON cases(user_id, created_at);
      CREATE INDEX cases_conversation ON cases(conversation_id);

      -- seq keeps entries written in the same millisecond in the order they were appended.
      CREATE TABLE timeline (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        case_number TEXT NOT NULL REFERENCES cases(case_number) ON DELETE CASCADE,
        at          INTEGER NOT NULL,
        actor       TEXT NOT NULL,
        what        TEXT NOT NULL
      );
      CREATE INDEX timeline_case ON timeline(case_number, at, seq);
    `,
  },
  {
    version: 2,
    name: 'upload links, uploads, case status index',
    sql: `
      CREATE TABLE upload_grants (
        id          TEXT PRIMARY KEY,
        case_number TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL,
        revoked_at  INTEGER
      );
      CREATE INDEX upload_grants_case ON upload_grants(case_number);

      CREATE TABLE uploads (
        id           TEXT PRIMARY KEY,
        case_number  TEXT NOT NULL,
        grant_id     TEXT NOT NULL,
        name         TEXT NOT NULL,
        size         INTEGER NOT NULL,
        sha256       TEXT NOT NULL,
        artifact_key TEXT NOT NULL,
        kind         TEXT NOT NULL,
        received_at  INTEGER NOT NULL,
        UNIQUE (case_number, sha256)
      );

      CREATE INDEX cases_status ON cases(status, updated_at);
    `,
  },
  {
    version: 3,
    name: 'case details (findings, stages, survey, outcome)',
    sql: `
      ALTER TABLE cases ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
    `,
  },
  {
    version: 4,
    name: 'engineers: priority and owner, escalations, settings',
    sql: `
      ALTER TABLE cases ADD COLUMN priority TEXT NOT NULL DEFAULT 'P3';
      ALTER TABLE cases ADD COLUMN owner TEXT;

      CREATE TABLE escalations (
        case_number      TEXT PRIMARY KEY REFERENCES cases(case_number) ON DELETE CASCADE,
        reason           TEXT NOT NULL,
        requested_at     INTEGER NOT NULL,
        announced_at     INTEGER,
        channel_id       TEXT,
        card_activity_id TEXT,
        taken_by_id      TEXT,
        taken_by_name    TEXT,
        taken_at         INTEGER,
        ended_at         INTEGER
      );
      CREATE INDEX escalations_card ON escalations(card_activity_id);

      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'files between the user and the engineers',
    sql: `
      CREATE TABLE case_files (
        id           TEXT PRIMARY KEY,
        case_number  TEXT NOT NULL,
        direction    TEXT NOT NULL CHECK (direction IN ('to-user', 'from-user')),
        name         TEXT NOT NULL,
        size         INTEGER NOT NULL,
        sha256       TEXT NOT NULL,
        artifact_key TEXT NOT NULL,
        content_type TEXT NOT NULL,
        by_name      TEXT NOT NULL,
        added_at     INTEGER NOT NULL
      );
      CREATE INDEX case_files_case ON case_files(case_number, added_at);
    `,
  },
  {
    version: 6,
    name: "the engineers' channel: each activity handled once",
    sql: `
      CREATE TABLE channel_activities (
        key TEXT PRIMARY KEY,
        at  INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX channel_activities_at ON channel_activities(at);
    `,
  },
  {
    version: 7,
    name: 'the outbox; failed deliveries of scheduled items counted',
    sql: `
      -- Every message the bot sends, written with the turn that decided it; sent (in seq order per
      -- conversation) by the deliverer. No foreign key: a message outlives nothing it refers to.
      CREATE TABLE outbox (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        id              TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL,
        kind            TEXT NOT NULL,
        payload         TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        due_at          INTEGER NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        claimed_by      TEXT,
        claimed_until   INTEGER,
        sent_at         INTEGER,
        activity_id     TEXT,
        failed_at       INTEGER,
        last_error      TEXT
      );
      CREATE INDEX outbox_pending ON outbox(conversation_id, seq) WHERE sent_at IS NULL AND failed_at IS NULL;
      CREATE INDEX outbox_finished ON outbox(created_at) WHERE sent_at IS NOT NULL OR failed_at IS NOT NULL;

      ALTER TABLE scheduled_items ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE scheduled_items ADD COLUMN last_error TEXT;
    `,
  },
];

/**
 * Brings `db` up to the last migration in `migrations`. Returns the versions applied now.
 * Each migration and its `schema_migrations` row commit together, so a failed one leaves the
 * database at the previous version and the next start tries it again.
 */
export function migrate(db: Database, migrations: readonly Migration[], file: string): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);

  const known = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const current = (
    db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }
  ).v;
  if (current !== null && current > known) throw new SchemaTooNewError(current, known, file);

  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (current !== null && migration.version <= current) continue;
    // IMMEDIATE: two processes starting on the same new file must not both run migration 1.
    db.transaction(() => {
      const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
      if (done) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
      applied.push(migration.version);
    }).immediate();
  }
  return applied;
}
