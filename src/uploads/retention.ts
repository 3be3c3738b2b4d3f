/**
 * Retention: the bundles of a closed or archived case (and the files engineers sent its user) are deleted
 * some days after it closed (and on an engineer's request); the case record keeps its findings and timeline, and its upload links are revoked.
 */
import type { Logger } from '../log';
import { t } from '../i18n';
import type { Store } from '../storage/ports';
import type { ArtifactStore } from './artifacts';

export const FINISHED_STATUSES = ['closed', 'archived'];

export async function purgeCaseArtifacts(
  store: Store,
  artifacts: ArtifactStore,
  caseNumber: string,
  by: string,
  now: number,
): Promise<number> {
  const removed = await store.uploads.removeByCase(caseNumber);
  const shared = await store.caseFiles.removeByCase(caseNumber);
  await artifacts.removeCase(caseNumber);
  await store.uploads.revokeCase(caseNumber, now);
  if (removed > 0 || shared > 0) {
    // An event, told in each reader's language (src/cases/timeline.ts; this room cannot import it).
    const params = { removed, shared };
    await store.cases.appendTimeline({
      caseNumber,
      at: now,
      actor: by,
      what: t('en', 'timeline.event.artifactsPurged', params),
      event: { key: 'artifactsPurged', params },
    });
  }
  return removed;
}

/** One sweep: every finished case older than the retention period loses its bundles. */
export async function sweepRetention(
  store: Store,
  artifacts: ArtifactStore,
  retentionMs: number,
  now: number,
  logger: Logger,
): Promise<number> {
  let purged = 0;
  for (const row of await store.cases.listByStatus(FINISHED_STATUSES, now - retentionMs)) {
    const held =
      (await store.uploads.listByCase(row.caseNumber)).length +
      (await store.caseFiles.listByCase(row.caseNumber)).length;
    if (held === 0) continue;
    const removed = await purgeCaseArtifacts(store, artifacts, row.caseNumber, 'system', now);
    logger.info({ caseNumber: row.caseNumber, removed }, 'retention: deleted the bundles of a finished case');
    purged++;
  }
  return purged;
}
