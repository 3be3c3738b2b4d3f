/**
 * Upload links are capabilities: the payload naming one case, an id (for
 * revocation) and an expiry, signed with HMAC-SHA256. Nothing else (no user name, no password) is needed
 * to upload, and nothing else is accepted.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface UploadGrant {
  caseNumber: string;
  /** Token id, stored so that a link can be revoked. */
  id: string;
  /** Expiry, ms since epoch. */
  expiresAt: number;
}

/** An expired link whose signature is good still names its case and grant (to answer in the case's language). */
export type VerifyResult =
  | { ok: true; grant: UploadGrant }
  | { ok: false; reason: 'malformed' | 'bad-signature' }
  | { ok: false; reason: 'expired'; grant: UploadGrant };

/**
 * Token layout: `<case>_<id>_<expiry>_<signature>`, e.g. `CAS-06265-C1Y8H2_9f86d081884c_mj8k2h1c_<22 chars>`:
 * the case number, a 48-bit id (hex), the expiry (ms, base 36) and a 128-bit HMAC (base64url). Short
 * enough for routers' parameter limits and for a person to read the case number off the link.
 */
const TOKEN = /^(CAS-\d{5}-[A-Z0-9]{6})_([0-9a-f]{12})_([0-9a-z]{1,11})_([A-Za-z0-9_-]{22})$/;

export class UploadTokens {
  /**
   * `purpose` is signed into every token: the user's upload links ('upload-v1') and the engineers' case
   * links ('engineer-v1') share the key and the layout, yet neither is accepted as the other.
   */
  constructor(
    private readonly key: Buffer,
    private readonly purpose = 'upload-v1',
  ) {
    if (key.length < 32) throw new Error('upload signing key must be at least 32 bytes');
  }

  issue(caseNumber: string, ttlMs: number, now = Date.now()): { token: string; grant: UploadGrant } {
    const grant: UploadGrant = { caseNumber, id: randomBytes(6).toString('hex'), expiresAt: now + ttlMs };
    return { token: this.tokenFor(grant), grant };
  }

  /** The token of a grant issued earlier (tokens are derived, never stored). */
  tokenFor(grant: UploadGrant): string {
    const payload = `${grant.caseNumber}_${grant.id}_${Math.max(0, grant.expiresAt).toString(36)}`;
    return `${payload}_${this.sign(payload)}`;
  }

  verify(token: string, now = Date.now()): VerifyResult {
    const match = TOKEN.exec(token);
    if (!match) return { ok: false, reason: 'malformed' };
    const [, caseNumber, id, expiry, signature] = match;
    const payload = `${caseNumber}_${id}_${expiry}`;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return { ok: false, reason: 'bad-signature' };
    const expiresAt = parseInt(expiry, 36);
    if (!(expiresAt > now)) return { ok: false, reason: 'expired', grant: { caseNumber, id, expiresAt } };
    return { ok: true, grant: { caseNumber, id, expiresAt } };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key)
      .update(`${this.purpose}.${payload}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  }
}
