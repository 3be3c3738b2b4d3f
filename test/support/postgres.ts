/** Fresh databases on the test cluster: one per test (or per app), so no test sees another's rows. */
import pg from 'pg';

let counter = 0;

async function asAdmin(clusterUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export interface TestDatabase {
  url: string;
  /** Drops the database (sessions still open on it are ended). */
  drop(): Promise<void>;
}

/** Creates an empty database on the cluster at `clusterUrl`. */
export async function freshPostgresDatabase(clusterUrl: string, purpose: string): Promise<TestDatabase> {
  const name = `ucb_${purpose}_${process.pid}_${++counter}_${Date.now().toString(36)}`;
  await asAdmin(clusterUrl, `CREATE DATABASE ${name}`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => asAdmin(clusterUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
