/**
 * The engineers' side of a case's files. An engineer with the case gets a case link (signed, per case,
 * expiring, and valid only while the case is with the engineers) to a page listing the user's uploads and
 * files for download and taking files to send the user. "Case files" are what passes between the user and
 * the engineers that is not a log bundle: what an engineer gives the user (dropped on that page, or pasted
 * into the case's thread; offered to the user like the bot's own files), and what the user sends while the
 * case is with the engineers (a screenshot, a document). Stored with the case's artifacts, never diagnosed.
 */
import { megabytes } from '../domain/sizes';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { CaseFileRecord, Store } from '../storage/ports';
import { EmptyUploadError, TooLargeError, type ArtifactStore } from './artifacts';
import { FINISHED_STATUSES } from './retention';
import { UploadRefused } from './service';
import { cleanName } from '../domain/names';
import type { UploadTokens } from './tokens';

/**
 * A file for the user reaches a Teams 1:1 chat as one PUT to the user's OneDrive upload session, which
 * takes less than 60 MiB per request; the cap stays under that (for both directions).
 */
export const MAX_CASE_FILE_BYTES = 50 * 1024 * 1024;

/** The token purpose of engineers' case links: a user's upload link is never one. */
export const ENGINEER_TOKEN_PURPOSE = 'engineer-v1';

export interface CaseLink {
  /** The page: the user's uploads to download, and a place to drop files for the user. */
  pageUrl: string;
  /** Where a script PUTs a file for the user (`?name=`). */
  apiUrl: string;
  expiresAt: number;
}

/** The case behind an engineer's link, and who has it (files go to the user in the owner's name). */
export interface EngineerGrant {
  caseNumber: string;
  expiresAt: number;
  owner?: string;
}

export class EngineerLinks {
  constructor(
    private readonly tokens: UploadTokens,
    private readonly store: Pick<Store, 'escalations' | 'cases'>,
    private readonly baseUrl: () => string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A fresh link for the engineers. Not stored: it dies at its expiry, or earlier when the case leaves
   * the engineers (handed back or closed), since every use checks the escalation.
   */
  issue(caseNumber: string): CaseLink {
    const { token, grant } = this.tokens.issue(caseNumber, this.ttlMs, this.now());
    const base = this.baseUrl();
    return {
      pageUrl: `${base}/engineer/${token}`,
      apiUrl: `${base}/api/engineer/${token}`,
      expiresAt: grant.expiresAt,
    };
  }

  /**
   * The case of a link, or the refusal: forged or a user's link, expired, issued for an earlier escalation
   * of the case (handed back, then escalated again), or the case left the engineers or ended.
   */
  async authorize(token: string): Promise<EngineerGrant> {
    const verdict = this.tokens.verify(token, this.now());
    if (!verdict.ok) throw new UploadRefused(verdict.reason === 'expired' ? 'expired-link' : 'invalid-link');
    const { caseNumber, expiresAt } = verdict.grant;
    const [escalation, row] = await Promise.all([
      this.store.escalations.get(caseNumber),
      this.store.cases.get(caseNumber),
    ]);
    if (!escalation || !row) throw new UploadRefused('invalid-link');
    if (escalation.endedAt !== undefined || FINISHED_STATUSES.includes(row.status))
      throw new UploadRefused('case-closed');
    // Links carry no escalation id: one issued before this escalation began belongs to an earlier one.
    if (expiresAt - this.ttlMs < escalation.requestedAt) throw new UploadRefused('invalid-link');
    return {
      caseNumber,
      expiresAt,
      ...(escalation.takenByName !== undefined ? { owner: escalation.takenByName } : {}),
    };
  }
}

export class CaseFiles {
  constructor(
    private readonly store: Pick<Store, 'caseFiles'>,
    private readonly artifacts: ArtifactStore,
    private readonly now: () => number = Date.now,
    private readonly maxBytes = MAX_CASE_FILE_BYTES,
  ) {}

  /** The largest file, as the pages and messages say it (in MB). */
  get limitMb(): string {
    return megabytes(this.maxBytes);
  }

  get limitBytes(): number {
    return this.maxBytes;
  }

  /** Stores a file of the case; refuses (`too-large`, `empty`) before it is recorded. */
  async add(
    caseNumber: string,
    file: { name: string; contentType?: string; body: Readable; length?: number },
    from: Pick<CaseFileRecord, 'direction' | 'by'>,
  ): Promise<CaseFileRecord> {
    if (file.length !== undefined && file.length > this.maxBytes) {
      file.body.resume();
      throw new UploadRefused('too-large', { limitMb: this.limitMb });
    }
    let stored;
    try {
      stored = await this.artifacts.put(caseNumber, file.body, this.maxBytes);
    } catch (err) {
      if (err instanceof TooLargeError) throw new UploadRefused('too-large', { limitMb: this.limitMb });
      if (err instanceof EmptyUploadError) throw new UploadRefused('empty');
      throw err;
    }
    const record: CaseFileRecord = {
      id: randomUUID(),
      caseNumber,
      direction: from.direction,
      name: cleanName(file.name),
      size: stored.size,
      sha256: stored.sha256,
      artifactKey: stored.key,
      contentType: (file.contentType ?? 'application/octet-stream').split(';')[0].trim(),
      by: from.by,
      at: this.now(),
    };
    await this.store.caseFiles.add(record);
    return record;
  }

  /** A file of this case (another case's id finds nothing) and where its bytes are. */
  async open(caseNumber: string, id: string): Promise<{ record: CaseFileRecord; path: string } | undefined> {
    const record = await this.store.caseFiles.get(id);
    if (!record || record.caseNumber !== caseNumber) return undefined;
    return { record, path: await this.artifacts.localPath(record.artifactKey) };
  }

  async read(caseNumber: string, id: string): Promise<{ record: CaseFileRecord; bytes: Buffer } | undefined> {
    const found = await this.open(caseNumber, id);
    return found && { record: found.record, bytes: await fs.readFile(found.path) };
  }
}
