import { formatTime } from '../../src/conversation/runner';

describe('times shown to users', () => {
  it('names the time zone in both languages', () => {
    const at = Date.UTC(2026, 11, 1, 2, 30);
    expect(formatTime('en', at)).toMatch(/2026/);
    expect(formatTime('en', at)).toMatch(/UTC|GMT|[A-Z]{2,4}/);
    expect(formatTime('zh-CN', at)).toMatch(/2026年/);
  });
});
