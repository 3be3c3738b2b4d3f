/**
 * The storage contract on PostgreSQL: a new database per test on the run's throw-away cluster
 * (test/support/globalSetup.ts), one pool per "instance". Without PostgreSQL these tests fail, naming why.
 */
import { openPostgresStore } from '../../src/storage/postgres';
import { freshPostgresDatabase, type TestDatabase } from '../support/postgres';
import { requirePostgres } from '../support/services';
import { storeContract } from './contract';

let database: TestDatabase | undefined;

storeContract({
  name: 'PostgreSQL',
  async database() {
    const fresh = await freshPostgresDatabase(requirePostgres(), 'contract');
    database = fresh;
    return () => openPostgresStore({ connectionString: fresh.url, maxConnections: 4 });
  },
  async cleanUp() {
    await database?.drop();
    database = undefined;
  },
});
