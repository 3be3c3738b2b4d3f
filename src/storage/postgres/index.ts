/**
 * The PostgreSQL store: every storage port on one database, for several bot instances behind a load
 * balancer. Same tables as the SQLite store; what differs is how instances share them: turns serialized
 * per conversation with advisory locks and eTags, timers and outbox messages claimed with
 * `FOR UPDATE SKIP LOCKED` leases.
 */
import type pg from 'pg';
import type { Store } from '../ports';
import { withUnits, type Ports } from '../unit';
import { postgresCaseFiles, postgresUploads } from './uploads';
import {
  postgresCases,
  postgresChannelActivities,
  postgresEscalations,
  postgresSettings,
  UPSERT_SETTING,
} from './cases';
import { postgresConversations, postgresSchedules } from './conversations';
import { createPool, unitPool, type PostgresOptions } from './db';
import { migratePostgres, PG_MIGRATIONS } from './migrations';
import { postgresOutbox } from './outbox';

export type { PostgresOptions };
export { PG_MIGRATIONS, migratePostgres };

/**
 * Connects, brings the schema up to date and returns the store. Throws `SchemaTooNewError` for a
 * database a newer build wrote, and the driver's error when the server cannot be reached.
 */
export async function openPostgresStore(options: PostgresOptions = {}): Promise<Store> {
  const pool = createPool(options);
  // An idle connection the server dropped must not crash the process; the pool replaces it (logged).
  pool.on('error', (err) => options.onIdleError?.(err));
  try {
    await migratePostgres(pool, PG_MIGRATIONS);
  } catch (err) {
    await pool.end();
    throw err;
  }
  let closed: Promise<void> | undefined;
  return withUnits({
    ports: postgresPorts(pool),
    exclusive: false,
    // A unit has a connection of its own; the ports' own transactions inside it are savepoints.
    begin: async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
      } catch (err) {
        client.release(err as Error);
        throw err;
      }
      return {
        ports: postgresPorts(unitPool(client)),
        commit: async () => {
          try {
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        },
        rollback: async () => {
          // A connection whose ROLLBACK failed is broken: it is closed, not given back to the pool.
          let broken: Error | undefined;
          await client.query('ROLLBACK').catch((err: Error) => (broken = err));
          client.release(broken);
        },
      };
    },
    async ping(ping = {}) {
      await pool.query('SELECT 1');
      // A write proves the server accepts writes (a read-only replica after failover, a full disk fail it).
      if (ping.write) await pool.query(UPSERT_SETTING, ['health.lastWrite', JSON.stringify(Date.now())]);
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  });
}

function postgresPorts(pool: pg.Pool): Ports {
  return {
    conversations: postgresConversations(pool),
    schedules: postgresSchedules(pool),
    cases: postgresCases(pool),
    uploads: postgresUploads(pool),
    caseFiles: postgresCaseFiles(pool),
    escalations: postgresEscalations(pool),
    channelActivities: postgresChannelActivities(pool),
    settings: postgresSettings(pool),
    outbox: postgresOutbox(pool),
  };
}
