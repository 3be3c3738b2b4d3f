import { randomBytes } from 'node:crypto';
import { UploadTokens } from '../../src/uploads/tokens';

const DAY = 86_400_000;

describe('upload tokens', () => {
  const tokens = new UploadTokens(randomBytes(32));

  it('grants upload to the case it was issued for until it expires', () => {
    const now = Date.UTC(2026, 10, 24);
    const { token, grant } = tokens.issue('CAS-06265-C1Y8H2', 7 * DAY, now);
    const result = tokens.verify(token, now + 6 * DAY);
    expect(result).toEqual({ ok: true, grant });
    expect(grant.caseNumber).toBe('CAS-06265-C1Y8H2');
  });

  it('refuses an expired link', () => {
    const now = Date.UTC(2026, 10, 24);
    const { token } = tokens.issue('CAS-06265-C1Y8H2', 7 * DAY, now);
    expect(tokens.verify(token, now + 7 * DAY + 1)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a link whose case was changed, even by one character', () => {
    const { token } = tokens.issue('CAS-06265-C1Y8H2', DAY);
    const forged = token.replace('CAS-06265-C1Y8H2', 'CAS-06265-C1Y8H3');
    expect(forged).not.toBe(token);
    expect(tokens.verify(forged)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a link signed with another key', () => {
    const other = new UploadTokens(randomBytes(32));
    const { token } = other.issue('CAS-06265-C1Y8H2', DAY);
    expect(tokens.verify(token)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses garbage without throwing', () => {
    for (const junk of [
      '',
      'abc',
      'a_b',
      '../../etc/passwd',
      `CAS-00001-ABCDEF_${'0'.repeat(12)}_zz_${'y'.repeat(22)}`,
    ]) {
      expect(tokens.verify(junk).ok).toBe(false);
    }
  });

  it('keeps links short enough for routers and readable: the case number is in plain sight', () => {
    const { token } = tokens.issue('CAS-06265-C1Y8H2', 7 * DAY);
    expect(token.length).toBeLessThan(80);
    expect(token.startsWith('CAS-06265-C1Y8H2_')).toBe(true);
  });

  it('needs a real key', () => {
    expect(() => new UploadTokens(Buffer.from('short'))).toThrow(/32 bytes/);
  });
});
