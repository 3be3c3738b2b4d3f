/**
 * Per-case upload links: issued on demand (the log-collection card, the collector's -UploadUrl),
 * remembered for revocation, signed with a key that survives restarts (configured, or kept in DATA_DIR).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { UploadStore } from '../storage/ports';
import { UploadTokens } from './tokens';

/** The configured key, or one generated once and kept (mode 0600) beside the database. */
export function loadSigningKey(dataDir: string, configured?: Buffer): Buffer {
  if (configured) return configured;
  const file = path.join(dataDir, 'upload-signing.key');
  try {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    fs.writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    throw err;
  }
}

export interface UploadLink {
  /** The page to open in a browser. */
  pageUrl: string;
  /** Where a script PUTs the file (the collector's -UploadUrl accepts either). */
  apiUrl: string;
  expiresAt: number;
}

export class UploadLinks {
  constructor(
    private readonly tokens: UploadTokens,
    private readonly grants: UploadStore,
    private readonly baseUrl: () => string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The case's current link while it has more than half its life left (cards updated in place keep the
   * link the user may already have copied), else a new one.
   */
  async issue(caseNumber: string): Promise<UploadLink> {
    const now = this.now();
    const current = await this.grants.latestGrant(caseNumber, now + this.ttlMs / 2);
    let token: string;
    let expiresAt: number;
    if (current) {
      token = this.tokens.tokenFor({ caseNumber, id: current.id, expiresAt: current.expiresAt });
      expiresAt = current.expiresAt;
    } else {
      const issued = this.tokens.issue(caseNumber, this.ttlMs, now);
      await this.grants.recordGrant({
        id: issued.grant.id,
        caseNumber,
        createdAt: now,
        expiresAt: issued.grant.expiresAt,
      });
      token = issued.token;
      expiresAt = issued.grant.expiresAt;
    }
    const base = this.baseUrl();
    return {
      pageUrl: `${base}/upload/${token}`,
      apiUrl: `${base}/api/uploads/${token}`,
      expiresAt,
    };
  }
}
