/**
 * The store and the artifact store the configuration names: SQLite and a folder in DATA_DIR (one
 * instance; the default), or PostgreSQL and Azure Blob Storage (several instances behind a load balancer).
 */
import path from 'node:path';
import type { Config } from './config';
import type { Logger } from './log';
import type { Store } from './storage/ports';
import { openPostgresStore } from './storage/postgres';
import { openSqliteStore } from './storage/sqlite';
import { FileArtifactStore, type ArtifactStore } from './uploads/artifacts';
import { BlobArtifactStore } from './uploads/blobArtifacts';

export async function openStore(config: Config, logger?: Logger): Promise<Store> {
  if (config.store.kind === 'postgres')
    return openPostgresStore({
      ...(config.store.url ? { connectionString: config.store.url } : {}),
      maxConnections: config.store.maxConnections,
      // The pool replaces the connection; the log says the server dropped it (a restart, a failover).
      onIdleError: (err) =>
        logger?.warn({ err: err.message }, 'PostgreSQL: an idle connection failed; the pool replaces it'),
    });
  return openSqliteStore(config.databaseFile);
}

export async function openArtifacts(config: Config): Promise<ArtifactStore> {
  if (config.artifacts.kind === 'azure-blob')
    return BlobArtifactStore.open({
      connectionString: config.artifacts.connectionString,
      container: config.artifacts.container,
      // This instance's received bytes and downloaded copies; the blobs are the artifacts.
      cacheDir: path.join(config.dataDir, 'artifact-cache'),
    });
  return new FileArtifactStore(path.join(config.dataDir, 'artifacts'));
}

/** Where the data is, for the start-up log line (no secrets). */
export function describeStores(config: Config): Record<string, string> {
  return {
    store: config.store.kind === 'postgres' ? 'postgres' : `sqlite ${config.databaseFile}`,
    artifacts:
      config.artifacts.kind === 'azure-blob'
        ? `azure-blob container ${config.artifacts.container}`
        : `folder ${path.join(config.dataDir, 'artifacts')}`,
  };
}
