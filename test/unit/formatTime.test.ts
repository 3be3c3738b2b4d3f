import { formatCaseTime } from '../../src/i18n';

describe('times shown to users', () => {
  it('are in UTC in English and in Beijing time in Chinese, and say so', () => {
    const at = Date.UTC(2026, 11, 1, 2, 30);
    expect(formatCaseTime(at, 'en', true)).toBe('2026-12-01 02:30 UTC');
    expect(formatCaseTime(at, 'zh-CN', true)).toBe('2026-12-01 10:30 UTC+8');
  });
});
