/**
 * Upload links are capabilities: `<payload>.<signature>`, the payload naming one case, an id (for
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

export type VerifyResult =
  | { ok: true; grant: UploadGrant }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

export class UploadTokens {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('upload signing key must be at least 32 bytes');
  }

  issue(caseNumber: string, ttlMs: number, now = Date.now()): { token: string; grant: UploadGrant } {
    const grant: UploadGrant = { caseNumber, id: randomBytes(9).toString('base64url'), expiresAt: now + ttlMs };
    const payload = Buffer.from(JSON.stringify([grant.caseNumber, grant.id, grant.expiresAt])).toString('base64url');
    return { token: `${payload}.${this.sign(payload)}`, grant };
  }

  verify(token: string, now = Date.now()): VerifyResult {
    const match = /^([A-Za-z0-9_-]{8,512})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return { ok: false, reason: 'malformed' };
    const [, payload, signature] = match;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad-signature' };
    let fields: unknown;
    try {
      fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (!Array.isArray(fields) || fields.length !== 3) return { ok: false, reason: 'malformed' };
    const [caseNumber, id, expiresAt] = fields as [unknown, unknown, unknown];
    if (typeof caseNumber !== 'string' || typeof id !== 'string' || typeof expiresAt !== 'number') {
      return { ok: false, reason: 'malformed' };
    }
    if (expiresAt <= now) return { ok: false, reason: 'expired' };
    return { ok: true, grant: { caseNumber, id, expiresAt } };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(`upload-v1.${payload}`).digest('base64url');
  }
}
