/**
 * Jest global setup: one PostgreSQL cluster and one Azurite for the whole run (the storage contract suites
 * and the two-instance tests use them). A server that cannot start is not fatal here: its reason is
 * passed on, and every test that needs that server fails with it (test/support/services.ts).
 */
import { ENV, startAzurite, startPostgres, type RunningService } from './services';

declare global {
  var __UCB_SERVICES__: RunningService[] | undefined;
}

export default async function globalSetup(): Promise<void> {
  const running: RunningService[] = [];
  globalThis.__UCB_SERVICES__ = running;
  const [postgres, azurite] = await Promise.allSettled([startPostgres(), startAzurite()]);
  if (postgres.status === 'fulfilled') {
    running.push(postgres.value);
    process.env[ENV.postgres] = postgres.value.connection;
  } else process.env[ENV.postgresError] = String((postgres.reason as Error)?.message ?? postgres.reason);
  if (azurite.status === 'fulfilled') {
    running.push(azurite.value);
    process.env[ENV.azurite] = azurite.value.connection;
  } else process.env[ENV.azuriteError] = String((azurite.reason as Error)?.message ?? azurite.reason);
}
