/** Upload links, uploads (with their diagnosis jobs) and the files between user and engineers, on PostgreSQL. */
import type pg from 'pg';
import type { CaseFileStore, UploadStore } from '../ports';
import { toCaseFile, toUpload, type CaseFileDbRow, type UploadDbRow } from '../rows';
import { upsertItem } from './conversations';
import { changed, rows, transaction } from './db';

export function postgresUploads(pool: pg.Pool): UploadStore {
  return {
    async recordGrant(grant) {
      await pool.query(
        `INSERT INTO upload_grants (id, case_number, created_at, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO NOTHING`,
        [grant.id, grant.caseNumber, grant.createdAt, grant.expiresAt],
      );
    },
    async grantStatus(grantId, caseNumber) {
      const [row] = await rows<{ revoked_at: number | null }>(
        pool,
        'SELECT revoked_at FROM upload_grants WHERE id = $1 AND case_number = $2',
        [grantId, caseNumber],
      );
      if (!row) return 'unknown';
      return row.revoked_at === null ? 'active' : 'revoked';
    },
    async latestGrant(caseNumber, validAt) {
      const [row] = await rows<{ id: string; expires_at: number }>(
        pool,
        `SELECT id, expires_at FROM upload_grants
         WHERE case_number = $1 AND revoked_at IS NULL AND expires_at > $2
         ORDER BY expires_at DESC LIMIT 1`,
        [caseNumber, validAt],
      );
      return row ? { id: row.id, expiresAt: row.expires_at } : undefined;
    },
    async revoke(grantId, at) {
      await pool.query('UPDATE upload_grants SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
        at,
        grantId,
      ]);
    },
    async revokeCase(caseNumber, at) {
      await pool.query(
        'UPDATE upload_grants SET revoked_at = $1 WHERE case_number = $2 AND revoked_at IS NULL',
        [at, caseNumber],
      );
    },
    async add(record, job) {
      return transaction(pool, async (client) => {
        const inserted = await changed(
          client,
          `INSERT INTO uploads (id, case_number, grant_id, name, size, sha256, artifact_key, kind, received_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (case_number, sha256) DO NOTHING`,
          [
            record.id,
            record.caseNumber,
            record.grantId,
            record.name,
            record.size,
            record.sha256,
            record.artifactKey,
            record.kind,
            record.receivedAt,
          ],
        );
        if (inserted === 1) {
          if (job) await upsertItem(client, job);
          return {};
        }
        const [existing] = await rows<UploadDbRow>(
          client,
          'SELECT * FROM uploads WHERE case_number = $1 AND sha256 = $2',
          [record.caseNumber, record.sha256],
        );
        return existing ? { existing: toUpload(existing) } : {};
      });
    },
    async get(id) {
      const [row] = await rows<UploadDbRow>(pool, 'SELECT * FROM uploads WHERE id = $1', [id]);
      return row ? toUpload(row) : undefined;
    },
    async listByCase(caseNumber) {
      const found = await rows<UploadDbRow>(
        pool,
        'SELECT * FROM uploads WHERE case_number = $1 ORDER BY received_at, id COLLATE "C"',
        [caseNumber],
      );
      return found.map(toUpload);
    },
    removeByCase: (caseNumber) => changed(pool, 'DELETE FROM uploads WHERE case_number = $1', [caseNumber]),
  };
}

export function postgresCaseFiles(pool: pg.Pool): CaseFileStore {
  return {
    async add(record) {
      await pool.query(
        `INSERT INTO case_files
           (id, case_number, direction, name, size, sha256, artifact_key, content_type, by_name, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          record.id,
          record.caseNumber,
          record.direction,
          record.name,
          record.size,
          record.sha256,
          record.artifactKey,
          record.contentType,
          record.by,
          record.at,
        ],
      );
    },
    async get(id) {
      const [row] = await rows<CaseFileDbRow>(pool, 'SELECT * FROM case_files WHERE id = $1', [id]);
      return row ? toCaseFile(row) : undefined;
    },
    async listByCase(caseNumber) {
      const found = await rows<CaseFileDbRow>(
        pool,
        'SELECT * FROM case_files WHERE case_number = $1 ORDER BY added_at, id COLLATE "C"',
        [caseNumber],
      );
      return found.map(toCaseFile);
    },
    removeByCase: (caseNumber) =>
      changed(pool, 'DELETE FROM case_files WHERE case_number = $1', [caseNumber]),
  };
}
