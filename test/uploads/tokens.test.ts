import { randomBytes } from 'node:crypto';
import { UploadTokens } from '../../src/uploads/tokens';
import { UploadLinks } from '../../src/uploads/links';
import { openSqliteStore } from '../../src/storage/sqlite';

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
    // Still authentic: it names its case (the refusal is said in the case's language, and the chat told).
    expect(tokens.verify(token, now + 7 * DAY + 1)).toEqual({
      ok: false,
      reason: 'expired',
      grant: { caseNumber: 'CAS-06265-C1Y8H2', id: expect.any(String), expiresAt: now + 7 * DAY },
    });
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

describe('upload links of a case', () => {
  it('keeps the same link while it is fresh, and issues a new one once half its life is gone', async () => {
    const store = openSqliteStore(':memory:');
    let now = Date.UTC(2026, 10, 24);
    const tokens = new UploadTokens(randomBytes(32));
    const links = new UploadLinks(
      tokens,
      store.uploads,
      () => 'https://bot.example',
      7 * DAY,
      () => now,
    );
    const first = await links.issue('CAS-06265-C1Y8H2');
    now += 2 * DAY;
    expect((await links.issue('CAS-06265-C1Y8H2')).pageUrl).toBe(first.pageUrl);
    now += 2 * DAY;
    const renewed = await links.issue('CAS-06265-C1Y8H2');
    expect(renewed.pageUrl).not.toBe(first.pageUrl);
    const grantOf = (url: string) => url.split('/upload/')[1].split('_')[1];
    expect(await store.uploads.grantStatus(grantOf(first.pageUrl), 'CAS-06265-C1Y8H2')).toBe('active');
    expect(await store.uploads.grantStatus(grantOf(renewed.pageUrl), 'CAS-06265-C1Y8H2')).toBe('active');
    // Both remain valid until they expire.
    const token = (url: string) => url.split('/upload/')[1];
    expect(tokens.verify(token(first.pageUrl), now).ok).toBe(true);
    expect(tokens.verify(token(renewed.pageUrl), now).ok).toBe(true);
    await store.close();
  });
});
