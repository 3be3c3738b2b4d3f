/**
 * The connection pool of the PostgreSQL store and the two helpers every part uses: a query that returns
 * rows, and a transaction that commits, rolls back on error, or rolls back on purpose (`Rollback`).
 */
import pg from 'pg';

/** epoch-millisecond times and sequence numbers are BIGINT: read them as numbers (they fit, < 2^53). */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** postgres://user:password@host:port/database; without it the standard PG* variables apply. */
  connectionString?: string;
  /** Connections this instance keeps at most (the default suits one bot instance). */
  maxConnections?: number;
  /** An idle connection of the pool failed (the server dropped it): the pool replaces it; this logs it. */
  onIdleError?: (err: Error) => void;
}

export function createPool(options: PostgresOptions): pg.Pool {
  return new pg.Pool({
    ...(options.connectionString ? { connectionString: options.connectionString } : {}),
    max: options.maxConnections ?? 10,
    types,
    // A connection that dropped (server restart, failover) is replaced rather than reused.
    idleTimeoutMillis: 30_000,
  });
}

export type Queryable = pg.Pool | pg.PoolClient;

export async function rows<T extends object>(
  db: Queryable,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await db.query<T>(sql, params)).rows;
}

export async function changed(db: Queryable, sql: string, params: unknown[] = []): Promise<number> {
  return (await db.query(sql, params)).rowCount ?? 0;
}

/** Thrown inside `transaction` to roll back and return `value` instead. */
export class Rollback<T> {
  constructor(readonly value: T) {}
}

export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection whose ROLLBACK failed is broken: it is closed, not given back to the pool.
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      if (err instanceof Rollback) return err.value as T;
      throw err;
    }
  } finally {
    client.release(broken);
  }
}

/** First key of the advisory locks this store takes ('ucb1'); the second names what is locked. */
export const LOCK_SPACE = 0x75636231;

/**
 * The connection of a unit of work (src/storage/unit.ts) as the ports see a pool: their queries run on
 * it, inside the unit's transaction, and a port's own transaction (`transaction`) becomes a savepoint.
 * Those run one at a time (a savepoint released out of order would release the others with it).
 */
export function unitPool(client: pg.PoolClient): pg.Pool {
  let savepoints = 0;
  let tail: Promise<void> = Promise.resolve();
  const facade = {
    query: (...args: Parameters<pg.PoolClient['query']>) =>
      (client.query as (...a: unknown[]) => unknown)(...args),
    async connect() {
      let done!: () => void;
      const previous = tail;
      tail = new Promise<void>((resolve) => (done = resolve));
      await previous;
      const name = `unit_${++savepoints}`;
      const statement: Record<string, string> = {
        BEGIN: `SAVEPOINT ${name}`,
        COMMIT: `RELEASE SAVEPOINT ${name}`,
        ROLLBACK: `ROLLBACK TO SAVEPOINT ${name}`,
      };
      return {
        query: (sql: unknown, ...rest: unknown[]) =>
          (client.query as (...a: unknown[]) => unknown)(
            typeof sql === 'string' ? (statement[sql] ?? sql) : sql,
            ...rest,
          ),
        release: () => done(),
      };
    },
  };
  return facade as unknown as pg.Pool;
}
