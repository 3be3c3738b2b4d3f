/**
 * Upload intake behind the per-case link: verify the capability, stream the bytes into the artifact
 * store under a cap, recognise duplicates, refuse what is not a log bundle (executables, unknown
 * binaries, hostile archives), record the upload on the case and hand it on for diagnosis.
 * Every refusal has a stable code; the HTTP layer turns it into a message in the case's language.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { cleanName } from '../domain/names';
import type { ArtifactStore } from './artifacts';
import { EmptyUploadError, TooLargeError } from './artifacts';
import type { UploadTokens } from './tokens';
import type { BundleErrorCode } from '../diagnosis/bundle';
import type { ScheduledItem, UploadRecord, UploadStore } from '../storage/ports';
import { crashPoint } from '../faults';
import { megabytes } from '../domain/sizes';

export type UploadKind = UploadRecord['kind'];
export type { UploadRecord };

/** Where uploads and link revocations are recorded (the store's UploadStore). */
export type UploadRecords = Pick<UploadStore, 'grantStatus' | 'add' | 'listByCase'>;

export type RefusalCode =
  | BundleErrorCode
  | 'download-failed'
  | 'invalid-link'
  | 'expired-link'
  | 'revoked-link'
  | 'case-closed'
  | 'too-large'
  | 'case-full'
  | 'empty'
  | 'executable'
  | 'not-a-bundle';

export class UploadRefused extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly params: Record<string, string | number> = {},
    /** For an expired link (its signature good): the case and grant it was issued for. */
    readonly link?: { caseNumber: string; grantId: string },
  ) {
    super(`upload refused: ${code}`);
    this.name = 'UploadRefused';
  }
}

export interface UploadServiceDeps {
  tokens: UploadTokens;
  records: UploadRecords;
  artifacts: ArtifactStore;
  maxBytes: number;
  /**
   * What all of a case's uploads may take together (a leaked link must not fill the disk). Uploads in
   * progress count with their declared length, or the largest upload when they declare none.
   */
  caseQuotaBytes?: number;
  /** The case's language and whether it still takes uploads (undefined: no such case). */
  caseInfo(caseNumber: string): Promise<{ locale: string; open: boolean } | undefined>;
  /**
   * Checks an archive before it is accepted (entry names, sizes, encryption, nesting); throws an
   * UploadRefused with the reader's code (e.g. 'bomb', 'unsafe-name') when it is hostile or broken.
   */
  inspect?(file: string, kind: UploadKind): Promise<void>;
  /**
   * The diagnosis of uploads: the job that diagnoses one (committed with its record; undefined when the
   * case has no conversation to report to), whether an upload already recorded is diagnosed or on its
   * way (a retry of it is then a duplicate), and scheduling the job again for one that is not.
   */
  diagnosis?: {
    job(record: UploadRecord): Promise<Omit<ScheduledItem, 'id'> | undefined>;
    inHand(record: UploadRecord): Promise<boolean>;
    schedule(job: Omit<ScheduledItem, 'id'>): Promise<void>;
  };
  now?: () => number;
}

export interface Accepted {
  record: UploadRecord;
  /** The case already had these bytes, diagnosed or on their way: nothing new to do. */
  duplicate: boolean;
  /** The case had these bytes, but they were never diagnosed (or their file was lost): diagnosed now. */
  again?: boolean;
}

export class UploadService {
  private readonly now: () => number;
  /** Bytes uploads in progress may still bring, per case (what the quota holds back for them). */
  private readonly reserved = new Map<string, number>();

  constructor(private readonly deps: UploadServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Resolves a link to its case, or throws the refusal. */
  async authorize(
    token: string,
  ): Promise<{ caseNumber: string; grantId: string; expiresAt: number; locale: string }> {
    const verdict = this.deps.tokens.verify(token, this.now());
    if (!verdict.ok && verdict.reason === 'expired') {
      const { caseNumber, id } = verdict.grant;
      throw new UploadRefused('expired-link', {}, { caseNumber, grantId: id });
    }
    if (!verdict.ok) throw new UploadRefused('invalid-link');
    const { grant } = verdict;
    const status = await this.deps.records.grantStatus(grant.id, grant.caseNumber);
    if (status === 'revoked') throw new UploadRefused('revoked-link');
    // Signed with our key but never issued: treat like a forgery.
    if (status === 'unknown') throw new UploadRefused('invalid-link');
    const info = await this.deps.caseInfo(grant.caseNumber);
    if (!info) throw new UploadRefused('invalid-link');
    if (!info.open) throw new UploadRefused('case-closed');
    return {
      caseNumber: grant.caseNumber,
      grantId: grant.id,
      expiresAt: grant.expiresAt,
      locale: info.locale,
    };
  }

  /** The language of a case (undefined: no such case). */
  async caseLocale(caseNumber: string): Promise<string | undefined> {
    return (await this.deps.caseInfo(caseNumber))?.locale;
  }

  /** An upload through a link (page, script, collector). */
  async receive(token: string, name: string, body: Readable, declaredLength?: number): Promise<Accepted> {
    const grant = await this.authorize(token);
    return this.ingest(grant.caseNumber, grant.grantId, name, body, declaredLength);
  }

  /** Stores, checks and records one file for a case; `source` is the link id or 'attachment'. */
  async ingest(
    caseNumber: string,
    source: string,
    name: string,
    body: Readable,
    declaredLength?: number,
  ): Promise<Accepted> {
    if (declaredLength !== undefined && declaredLength > this.deps.maxBytes) {
      body.resume();
      throw new UploadRefused('too-large', { limitMb: megabytes(this.deps.maxBytes) });
    }
    const release = await this.reserve(caseNumber, declaredLength, body);
    try {
      return await this.store(caseNumber, source, name, body);
    } finally {
      release();
    }
  }

  /**
   * Holds back room in the case's quota for one upload, or refuses it (`case-full`) when the stored
   * uploads and those in progress leave none. The check and the hold happen without a pause between
   * them, so uploads arriving together cannot all pass on the same free room.
   */
  private async reserve(
    caseNumber: string,
    declaredLength: number | undefined,
    body: Readable,
  ): Promise<() => void> {
    const quota = this.deps.caseQuotaBytes;
    if (quota === undefined) return () => undefined;
    const stored = (await this.deps.records.listByCase(caseNumber)).reduce((n, u) => n + u.size, 0);
    const held = this.reserved.get(caseNumber) ?? 0;
    const wants = declaredLength ?? this.deps.maxBytes;
    if (stored + held + wants > quota) {
      body.resume();
      throw new UploadRefused('case-full', { limit: sizeLimitText(quota) });
    }
    this.reserved.set(caseNumber, held + wants);
    return () => {
      const left = (this.reserved.get(caseNumber) ?? 0) - wants;
      if (left > 0) this.reserved.set(caseNumber, left);
      else this.reserved.delete(caseNumber);
    };
  }

  private async store(caseNumber: string, source: string, name: string, body: Readable): Promise<Accepted> {
    let staged;
    try {
      staged = await this.deps.artifacts.stage(caseNumber, body, this.deps.maxBytes);
    } catch (err) {
      if (err instanceof TooLargeError)
        throw new UploadRefused('too-large', { limitMb: megabytes(err.limit) });
      if (err instanceof EmptyUploadError) throw new UploadRefused('empty');
      throw err;
    }
    let kind: UploadKind;
    try {
      kind = await sniffKind(staged.path);
      if (this.deps.inspect && kind !== 'log') await this.deps.inspect(staged.path, kind);
    } catch (err) {
      await staged.discard();
      throw err;
    }
    const stored = await staged.commit();
    const record: UploadRecord = {
      id: randomUUID(),
      caseNumber,
      grantId: source,
      name: cleanName(name),
      size: stored.size,
      sha256: stored.sha256,
      artifactKey: stored.key,
      kind,
      receivedAt: this.now(),
    };
    const diagnosis = this.deps.diagnosis;
    const { existing } = await this.deps.records.add(record, await diagnosis?.job(record));
    crashPoint('upload.after-record');
    if (!existing) return { record, duplicate: false };
    if (!diagnosis || (await diagnosis.inHand(existing))) return { record: existing, duplicate: true };
    // The same bytes as an upload that was never diagnosed (the process died before its job was
    // committed, or the file was lost): they were just stored again, so diagnose them now.
    const job = await diagnosis.job(existing);
    if (job) await diagnosis.schedule(job);
    return { record: existing, duplicate: false, again: true };
  }
}

/** What the first bytes say: a zip, a cab, a text log — or something we refuse. */
export async function sniffKind(file: string): Promise<UploadKind> {
  const handle = await fs.promises.open(file, 'r');
  const head = Buffer.alloc(4096);
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  await handle.close();
  const b = head.subarray(0, bytesRead);
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05 || b[2] === 0x07))
    return 'zip';
  if (b.subarray(0, 4).toString('latin1') === 'MSCF') return 'cab';
  if (b.length >= 2 && b[0] === 0x4d && b[1] === 0x5a) throw new UploadRefused('executable');
  if (looksLikeText(b)) return 'log';
  throw new UploadRefused('not-a-bundle');
}

function looksLikeText(b: Buffer): boolean {
  if (b.length === 0) return false;
  if (b[0] === 0xff && b[1] === 0xfe) return true; // UTF-16LE BOM (PowerShell 5.1 output)
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return true;
  let control = 0;
  let nul = 0;
  for (const byte of b) {
    if (byte === 0) nul++;
    else if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) control++;
  }
  // UTF-16LE without BOM: every other byte NUL on ASCII text.
  if (nul > 0) return nul >= b.length / 3 && control === 0;
  return control / b.length < 0.01;
}

/** "20 GB", "1.5 GB", "300 MB": a limit as people read it. */
function sizeLimitText(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${Math.round((bytes / 1024 ** 3) * 10) / 10} GB`;
  return `${Math.max(1, Math.round(bytes / 1024 ** 2))} MB`;
}
