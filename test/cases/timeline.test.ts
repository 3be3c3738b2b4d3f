/**
 * The timeline as Markdown: one line per entry, oldest first, "date time · actor · what"; UTC in English,
 * Beijing time in Chinese; masked when asked and only then.
 */
import { actorText, entryText, eventEntry, timelineEventText, timelineText } from '../../src/cases/timeline';
import type { TimelineEvent } from '../../src/domain/caseRecord';
import { en } from '../../src/i18n/en';
import { formatCaseTime } from '../../src/i18n';
import type { TimelineEntry } from '../../src/storage/ports';
import { CASE_NUMBER } from './referenceCase';

const AT = Date.UTC(2026, 10, 24, 10, 5); // 2026-11-24 10:05 UTC = 18:05 in Shanghai
const MIN = 60_000;

const entry = (at: number, actor: string, what: string): TimelineEntry => ({
  caseNumber: CASE_NUMBER,
  at,
  actor,
  what,
});

const entries: TimelineEntry[] = [
  entry(AT + 20 * MIN, 'engineer:Li Wei', 'Took the case over.'),
  entry(AT, 'user', 'Asked to talk to an engineer. Call me at 13812345678 or zhang@bank.example.cn'),
  entry(AT + 10 * MIN, 'bot', 'Posted the case card in the engineers\u2019 channel.'),
  entry(AT + 20 * MIN, 'engineer', 'Note: checked CORP\\zhangsan on 10.1.2.3,\nsee KB5011503 / 0x80073712.'),
];

describe('formatCaseTime', () => {
  it('writes UTC for English and Beijing time for Chinese', () => {
    expect(formatCaseTime(AT, 'en')).toBe('2026-11-24 10:05');
    expect(formatCaseTime(AT, 'zh-CN')).toBe('2026-11-24 18:05');
    expect(formatCaseTime(Date.UTC(2026, 10, 24, 20, 0), 'zh-CN')).toBe('2026-11-25 04:00');
  });

  it('names the zone when asked', () => {
    expect(formatCaseTime(AT, 'en', true)).toBe('2026-11-24 10:05 UTC');
    expect(formatCaseTime(AT, 'zh-CN', true)).toBe('2026-11-24 18:05 UTC+8');
  });

  it('writes midnight as 00, not 24', () => {
    expect(formatCaseTime(Date.UTC(2026, 0, 1, 0, 0), 'en')).toBe('2026-01-01 00:00');
  });
});

describe('actorText', () => {
  it.each([
    ['user', 'en', 'user'],
    ['engineer', 'en', 'engineer'],
    ['engineer:Li Wei', 'en', 'engineer Li Wei'],
    ['engineer', 'zh-CN', '工程师'],
    ['bot', 'zh-CN', '机器人'],
    ['engineer:Li Wei', 'zh-CN', '工程师 Li Wei'],
    ['scheduler', 'en', 'scheduler'],
  ] as const)('%s in %s: %s', (actor, locale, expected) => {
    expect(actorText(actor, locale)).toBe(expected);
  });
});

describe('timelineText', () => {
  it('lists the entries oldest first, one line each, in English and UTC', () => {
    const text = timelineText(CASE_NUMBER, entries, 'en', { mask: false });

    expect(text.split('\n')).toEqual([
      `## Timeline of case ${CASE_NUMBER}`,
      'Times in UTC.',
      '',
      '- 2026-11-24 10:05 · user · Asked to talk to an engineer. Call me at 13812345678 or zhang@bank.example.cn',
      '- 2026-11-24 10:15 · bot · Posted the case card in the engineers\u2019 channel.',
      '- 2026-11-24 10:25 · engineer Li Wei · Took the case over.',
      '- 2026-11-24 10:25 · engineer · Note: checked CORP\\zhangsan on 10.1.2.3, see KB5011503 / 0x80073712.',
      '',
    ]);
  });

  it('masks the entries when asked, keeping KB numbers and error codes', () => {
    const text = timelineText(CASE_NUMBER, entries, 'en', { mask: true });

    expect(text).toContain('· user · Asked to talk to an engineer. Call me at <phone> or <email>');
    expect(text).toContain('· engineer · Note: checked CORP\\<user> on <ip>, see KB5011503 / 0x80073712.');
    expect(text).toContain(CASE_NUMBER);
    expect(text).not.toMatch(/13812345678|zhang@|zhangsan|10\.1\.2\.3/);
  });

  it('is written in Chinese with Beijing time and says as of when', () => {
    const text = timelineText(CASE_NUMBER, entries, 'zh-CN', { mask: true, now: AT + 30 * MIN });
    const lines = text.split('\n');

    expect(lines[0]).toBe(`## 案例 ${CASE_NUMBER} 的时间线`);
    expect(lines[1]).toBe('时间为北京时间（UTC+8），截至 2026-11-24 18:35。');
    expect(lines[3]).toBe(
      '- 2026-11-24 18:05 · 用户 · Asked to talk to an engineer. Call me at <phone> or <email>',
    );
    expect(lines[5]).toBe('- 2026-11-24 18:25 · 工程师 Li Wei · Took the case over.');
  });

  it('names the moment in English too', () => {
    expect(timelineText(CASE_NUMBER, entries, 'en', { mask: false, now: AT }).split('\n')[1]).toBe(
      'Times in UTC, as of 2026-11-24 10:05.',
    );
  });

  it('says so when the timeline is empty', () => {
    expect(timelineText(CASE_NUMBER, [], 'en', { mask: true })).toContain('Nothing is on the timeline yet.');
    expect(timelineText(CASE_NUMBER, [], 'zh-CN', { mask: true })).toContain('时间线上还没有记录。');
  });

  it('does not reorder or change the entries it was given', () => {
    const copy = JSON.parse(JSON.stringify(entries));

    timelineText(CASE_NUMBER, entries, 'en', { mask: true });

    expect(entries).toEqual(copy);
  });
});

describe('timeline events', () => {
  const attempt = {
    stage: 0,
    title: { en: 'Reset the Windows Update components', 'zh-CN': '重置 Windows 更新组件' },
    results: [
      { machine: 'TERM-0231', result: 'failed' as const, errorCode: '0x80073712' },
      { machine: 'TERM-0232', result: 'failed' as const, errorCode: '0x80073712' },
    ],
  };
  const events: TimelineEntry[] = [
    {
      ...entry(AT, 'bot', 'Case opened …'),
      event: { key: 'caseOpened', params: { description: 'KB5011503 失败' } },
    },
    {
      ...entry(AT + MIN, 'user', 'Stage 1 …'),
      event: { key: 'attempt', params: { machineCount: 2 }, attempt },
    },
    {
      ...entry(AT + 2 * MIN, 'bot', 'Proposed …'),
      event: {
        key: 'remediationProposed',
        params: { count: 2, plan: { en: '1. Reset; 2. DISM', 'zh-CN': '1. 重置；2. DISM' } },
      },
    },
    { ...entry(AT + 3 * MIN, 'bot', 'Something a newer version said.'), event: { key: 'fromTheFuture' } },
  ];

  it("renders the machine's entries in the reader's language", () => {
    const zh = timelineText(CASE_NUMBER, events, 'zh-CN', { mask: false });
    expect(zh).toContain('· 机器人 · 根据用户的首次描述建立案例：KB5011503 失败');
    expect(zh).toContain(
      '第 1 步“重置 Windows 更新组件”：两台（TERM-0231、TERM-0232）均失败（0x80073712）。',
    );
    expect(zh).toContain('建议分 2 步处理：1. 重置；2. DISM。');
    const en = timelineText(CASE_NUMBER, events, 'en', { mask: false });
    expect(en).toContain("Case opened from the user's first description: KB5011503 失败");
    expect(en).toContain(
      'Stage 1 “Reset the Windows Update components”: failed on both (TERM-0231, TERM-0232) (0x80073712).',
    );
  });

  it('shows an event it has no words for as the English it was stored with', () => {
    expect(timelineText(CASE_NUMBER, events, 'zh-CN', { mask: false })).toContain(
      'Something a newer version said.',
    );
  });
});

describe('every timeline event in Chinese', () => {
  // Every event kind the catalog knows (the case machine's, the desk's, the jobs' and retention's), with
  // each placeholder filled by a value that is not English (a number, a machine name, a bilingual value).
  const keys = Object.keys(en)
    .filter((key) => key.startsWith('timeline.event.') && key !== 'timeline.event.missingLogs')
    .map((key) => key.slice('timeline.event.'.length));
  const bilingual = { en: 'the English value', 'zh-CN': '中文值' };
  const NUMBER_PARAMS = new Set(['count', 'removed', 'shared', 'score', 'size']);

  function eventOf(key: string): TimelineEvent {
    const template = en[`timeline.event.${key}` as keyof typeof en];
    const names = new Set([...template.matchAll(/\{(\w+)/g)].map((m) => m[1]));
    const params: NonNullable<TimelineEvent['params']> = {};
    for (const name of names) {
      if (NUMBER_PARAMS.has(name)) params[name] = 2;
      else if (name === 'reason') params[name] = 'user-request';
      else if (name === 'machine' || name === 'name' || name === 'priority') params[name] = 'TERM-0231';
      else params[name] = bilingual;
    }
    return { key, params };
  }

  it('knows the events written outside the case machine', () => {
    expect(keys).toEqual(
      expect.arrayContaining([
        'escalated',
        'cardPosted',
        'undeliverable',
        'userFileForEngineers',
        'userFileKept',
        'fileToUser',
        'engineerNote',
        'engineerToUser',
        'prioritySet',
        'takenOver',
        'handedBack',
        'closeProposed',
        'refused',
        'artifactsPurged',
      ]),
    );
  });

  it.each(keys)('%s has no English words in a Chinese timeline', (key) => {
    const event = eventOf(key);
    const zh = timelineEventText(event, 'zh-CN');
    const english = timelineEventText(event, 'en');

    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(zh).not.toContain('the English value');
    // What is left once the values are taken out: no word of English.
    expect(zh.replace(/TERM-0231/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    expect(english).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('tells an escalation reason in the reader’s words, and an unknown one as stored', () => {
    expect(timelineEventText({ key: 'escalated', params: { reason: 'out-of-stages' } }, 'zh-CN')).toBe(
      '已转交工程师（已没有可建议的补救步骤）。',
    );
    expect(timelineEventText({ key: 'handedToEngineers', params: { reason: 'user-request' } }, 'en')).toBe(
      'Handed to the engineers (the user asked for an engineer).',
    );
    expect(timelineEventText({ key: 'escalated', params: { reason: 'new-reason' } }, 'zh-CN')).toBe(
      '已转交工程师（new-reason）。',
    );
  });

  it('counts the deleted bundles and files in each language', () => {
    const purged = (removed: number, shared: number) => ({
      key: 'artifactsPurged',
      params: { removed, shared },
    });
    expect(timelineEventText(purged(1, 0), 'en')).toBe('Deleted 1 uploaded bundle.');
    expect(timelineEventText(purged(2, 1), 'en')).toBe(
      'Deleted 2 uploaded bundles and 1 file passed between the user and the engineers.',
    );
    expect(timelineEventText(purged(2, 3), 'zh-CN')).toBe(
      '已删除 2 个上传的日志包，以及 3 个用户与工程师之间传递的文件。',
    );
  });

  it('writes an entry with its English text beside the event', () => {
    const written = eventEntry(CASE_NUMBER, AT, 'engineer', { key: 'takenOver', params: { name: '王工' } });
    expect(written).toEqual({
      caseNumber: CASE_NUMBER,
      at: AT,
      actor: 'engineer',
      what: '王工 took the case over.',
      event: { key: 'takenOver', params: { name: '王工' } },
    });
    expect(entryText(written, 'zh-CN')).toBe('王工 接手了案例。');
  });
});
