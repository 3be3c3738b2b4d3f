/**
 * What is the PostgreSQL store's own: its migrations (applied once however many instances start at once,
 * refused when the database is newer, all or nothing) and a clear failure when the server is not there.
 */
import pg from 'pg';
import { migratePostgres, openPostgresStore, PG_MIGRATIONS } from '../../src/storage/postgres';
import { SchemaTooNewError } from '../../src/storage/schema';
import type { Store } from '../../src/storage/ports';
import { freshPostgresDatabase, type TestDatabase } from '../support/postgres';
import { freePort, requirePostgres } from '../support/services';

let database: TestDatabase;
const opened: Store[] = [];
const pools: pg.Pool[] = [];

async function open(): Promise<Store> {
  const store = await openPostgresStore({ connectionString: database.url, maxConnections: 2 });
  opened.push(store);
  return store;
}

async function query<T extends object>(sql: string): Promise<T[]> {
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  pools.push(pool);
  return (await pool.query<T>(sql)).rows;
}

beforeEach(async () => {
  database = await freshPostgresDatabase(requirePostgres(), 'pgstore');
});

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  for (const pool of pools.splice(0)) await pool.end();
  await database.drop();
});

it('applies each migration once when several instances start on a new database at once', async () => {
  await Promise.all([open(), open(), open()]);

  const versions = await query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  expect(versions).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version })));
  await expect((await open()).ping({ write: true })).resolves.toBeUndefined();
});

it('refuses a database written by a newer build, naming both versions and the server', async () => {
  await open();
  await query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)`);

  const refused = await openPostgresStore({ connectionString: database.url }).catch((err: unknown) => err);

  expect(refused).toBeInstanceOf(SchemaTooNewError);
  expect((refused as Error).message).toMatch(
    new RegExp(
      `127\\.0\\.0\\.1:\\d+/ucb_pgstore_\\w+ is at schema version 99.*only up to version ${PG_MIGRATIONS.length}`,
    ),
  );
});

it('leaves the schema at the previous version when a migration fails', async () => {
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  pools.push(pool);
  const broken = [
    { version: 1, name: 'ok', sql: 'CREATE TABLE a (x INTEGER)' },
    { version: 2, name: 'half', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' },
  ];

  await expect(migratePostgres(pool, broken)).rejects.toThrow(/nowhere/);

  expect(await query('SELECT version FROM schema_migrations')).toEqual([{ version: 1 }]);
  expect(await query(`SELECT 1 FROM pg_tables WHERE tablename = 'b'`)).toEqual([]);
});

it('fails to open, with the driver’s reason, when no server answers', async () => {
  const port = await freePort();

  await expect(
    openPostgresStore({ connectionString: `postgres://postgres@127.0.0.1:${port}/ucb` }),
  ).rejects.toThrow(/ECONNREFUSED/);
});

it('reports an idle connection the server dropped (the pool replaces it) and goes on working', async () => {
  const errors: string[] = [];
  const store = await openPostgresStore({
    connectionString: database.url,
    maxConnections: 2,
    onIdleError: (err) => errors.push(err.message),
  });
  opened.push(store);
  // A connection used, then idle in the pool.
  await store.settings.set('k', 1);
  const [{ count }] = await query<{ count: number }>(
    `SELECT count(pg_terminate_backend(pid))::int AS count FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle'`,
  );
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < 50 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 100));

  expect(errors.length).toBeGreaterThan(0);
  expect(errors[0]).toMatch(/terminat/i);
  expect(await store.settings.get('k')).toBe(1);
});
