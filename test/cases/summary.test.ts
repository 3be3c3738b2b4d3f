/**
 * The case summary of the reference case, built from its record and timeline: the card renders in both
 * languages and the Markdown says the code, the stages with their outcomes in order, and the outcome.
 */
import type { Locale } from '../../src/domain/locale';
import { renderCard } from '../../src/cards/render';
import { buildCaseSummary, summaryText } from '../../src/cases/summary';
import { summaryCardData } from '../../src/cards/data/summary';
import type { CaseRow } from '../../src/storage/ports';
import { CASE_NUMBER, OPENED_AT, REFERENCE_STAGES, referenceRow, referenceTimeline } from './referenceCase';
import { loadKnowledge } from '../../src/knowledge';

const knowledge = loadKnowledge();
const title = (playbookId: string, locale: Locale): string =>
  knowledge.playbooks.get(playbookId)!.title[locale];

interface Action {
  verb?: string;
}

describe('the reference case', () => {
  const summary = buildCaseSummary(referenceRow(), referenceTimeline());

  it('is summarised from the record: two terminals, one cause, five stages, resolved, survey 5', () => {
    expect(summary.machines.map((m) => [m.machine, m.errorCode, m.symbolicName])).toEqual([
      ['BRANCH-T01', '0x80073712', 'ERROR_SXS_COMPONENT_STORE_CORRUPT'],
      ['BRANCH-T02', '0x80073712', 'ERROR_SXS_COMPONENT_STORE_CORRUPT'],
    ]);
    expect(summary.machines.every((m) => m.evidence.length === 3)).toBe(true);
    expect(summary.commonCause).toMatchObject({ same: true, count: 2 });
    expect(summary.recommended.map((r) => r.playbookId)).toEqual(REFERENCE_STAGES.map(([id]) => id));
    expect(summary.tried.map((s) => [s.playbookId, s.outcome])).toEqual(REFERENCE_STAGES);
    expect(summary.fixedBy?.playbookId).toBe('backup-clean-install');
    expect(summary).toMatchObject({
      outcome: 'resolved',
      archived: true,
      archivedWithConsent: true,
      survey: { score: 5 },
    });
  });

  describe.each<Locale>(['zh-CN', 'en'])('in %s', (locale) => {
    const text = summaryText(summary, locale);

    it('renders as a card with the reopen action (the case is archived)', () => {
      const { card, fallbackText } = renderCard('summary', locale, summaryCardData(summary, locale));
      const json = JSON.stringify(card);

      expect(json).not.toContain('${');
      expect(json).toContain('ERROR_SXS_COMPONENT_STORE_CORRUPT');
      expect(json).toContain(title('backup-clean-install', locale));
      expect(fallbackText).toContain(CASE_NUMBER);
      expect(((card as { actions?: Action[] }).actions ?? []).map((a) => a.verb)).toEqual(['summary.reopen']);
    });

    it('has the case header: status, outcome, priority', () => {
      const header = text.split('\n')[1];

      expect(header).toContain(locale === 'en' ? 'archived' : '已归档');
      expect(header).toContain(locale === 'en' ? 'resolved' : '已解决');
      expect(header).toContain('P2');
    });

    it('names the error code and its symbolic name', () => {
      expect(text).toContain('`0x80073712` ERROR_SXS_COMPONENT_STORE_CORRUPT');
      expect(text).toContain('CCSDirect::GetComponentManifest');
      expect(text).not.toContain('a fourth line no summary quotes');
    });

    it('lists the stages tried with their outcomes, in order', () => {
      const words: Record<string, Record<Locale, string>> = {
        failed: { en: 'still failing', 'zh-CN': '仍然失败' },
        skipped: { en: 'skipped (could not be done)', 'zh-CN': '已跳过（无法执行）' },
        fixed: { en: 'fixed', 'zh-CN': '问题已解决' },
      };
      const section = text.slice(text.indexOf(locale === 'en' ? '### Stages tried' : '### 已尝试的操作'));
      const colon = locale === 'en' ? ': ' : '：';
      const expected = REFERENCE_STAGES.map(
        ([id, outcome], i) => `${i + 1}. ${title(id, locale)}${colon}${words[outcome][locale]}`,
      );

      const positions = expected.map((line) => section.indexOf(line));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    });

    it('says how it ended: resolved by the clean install, archived with consent', () => {
      const outcome = text.slice(text.indexOf(locale === 'en' ? '### Outcome' : '### 处理结果'));

      expect(outcome).toContain(locale === 'en' ? 'The update problem is resolved.' : '更新问题已解决。');
      expect(outcome).toContain(title('backup-clean-install', locale));
      expect(outcome).toContain(locale === 'en' ? "Archived with the user's consent." : '经用户同意后归档。');
      expect(text).toContain('5/5');
    });

    it('uses the words of its language', () => {
      const headings = text.split('\n').filter((line) => line.startsWith('#'));

      expect(headings.some((h) => /[\u4e00-\u9fff]/.test(h))).toBe(locale === 'zh-CN');
    });
  });

  it('uses the reference case vocabulary in Chinese', () => {
    const text = summaryText(summary, 'zh-CN');

    for (const term of [
      '案例总结',
      '问题定义',
      '案例进展',
      '日志分析',
      '报错代码',
      '建议操作',
      '归档',
      '调查问卷',
    ])
      expect(text).toContain(term);
    expect(text).toContain('备份数据，全新安装系统');
  });
});

describe('progress from the record and the timeline', () => {
  const lines = (row: CaseRow, timeline = referenceTimeline()): string[] =>
    (summaryCardData(buildCaseSummary(row, timeline), 'en').progress as Array<{ text: string }>).map(
      (p) => p.text,
    );

  it('tells the story in order: opened, analysed, recommended, stages, resolved, archived with consent', () => {
    expect(lines(referenceRow())).toEqual([
      'Case opened on 2022-05-17.',
      'Logs of BRANCH-T01 analysed: 0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT.',
      'Logs of BRANCH-T02 analysed: 0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT.',
      'Analysis and recommended actions sent (5 stages).',
      `Stage 1 “${title('wu-reset-script', 'en')}”: still failing.`,
      `Stage 2 “${title('dism-sfc', 'en')}”: skipped (could not be done).`,
      `Stage 3 “${title('in-place-repair', 'en')}”: skipped (could not be done).`,
      `Stage 4 “${title('reset-keep-files', 'en')}”: still failing.`,
      `Stage 5 “${title('backup-clean-install', 'en')}”: fixed.`,
      `Resolved by stage 5: ${title('backup-clean-install', 'en')}.`,
      "Archived with the user's consent on 2022-05-30.",
    ]);
  });

  it('keeps the analysis the plan came from when later logs of the same machine are clean', () => {
    const row = referenceRow();
    const [first, second] = row.details.findings!;
    const clean = {
      ...first,
      uploadId: 'upl-3',
      errorCode: null,
      symbolicName: null,
      causeId: null,
      evidence: [],
    };
    const later = referenceRow({
      details: { ...row.details, initialFindings: [first, second], findings: [clean, second] },
    });

    const summary = buildCaseSummary(later, referenceTimeline());
    expect(summary.machines.map((m) => m.errorCode)).toEqual(['0x80073712', '0x80073712']);
    const story = lines(later);
    expect(story.slice(1, 3)).toEqual([
      'Logs of BRANCH-T01 analysed: 0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT.',
      'Logs of BRANCH-T02 analysed: 0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT.',
    ]);
    // The clean retry comes after the stages, where it happened.
    expect(story.indexOf('Logs of BRANCH-T01 analysed: no decisive failure found.')).toBeGreaterThan(
      story.findIndex((line) => line.startsWith('Stage 5')),
    );
  });

  it('tells archiving after silence, reopening and consent in the order they happened', () => {
    const day = (n: number) => OPENED_AT + n * 24 * 60 * 60 * 1000;
    const timeline = [
      ...referenceTimeline().filter((e) => !/Consented/.test(e.what)),
      {
        caseNumber: CASE_NUMBER,
        at: day(9),
        actor: 'bot',
        what: 'Archived after the reminders went unanswered.',
      },
      { caseNumber: CASE_NUMBER, at: day(10), actor: 'user', what: 'Reopened the case.' },
      { caseNumber: CASE_NUMBER, at: day(13), actor: 'user', what: 'Consented to archiving the case.' },
    ];

    expect(lines(referenceRow(), timeline).slice(-3)).toEqual([
      'Archived on 2022-05-26 after the reminders went unanswered.',
      'Reopened on 2022-05-27.',
      "Archived with the user's consent on 2022-05-30.",
    ]);
  });

  it('says the case was reopened when the timeline does', () => {
    const reopened = [
      ...referenceTimeline(),
      { caseNumber: CASE_NUMBER, at: OPENED_AT + 20 * 86_400_000, actor: 'user', what: 'Reopened the case.' },
    ];

    expect(lines(referenceRow({ status: 'open' }), reopened).at(-1)).toBe('Reopened on 2022-06-06.');
  });

  it('reads the lines that say so, not words of the user quoted in another line', () => {
    const timeline = [
      {
        caseNumber: CASE_NUMBER,
        at: OPENED_AT,
        actor: 'user',
        what: 'Survey: 4/5 — agreed to archive; reopened the laptop and asked for an engineer',
      },
      { caseNumber: CASE_NUMBER, at: OPENED_AT, actor: 'user', what: 'Asked to talk to an engineer.' },
    ];
    const summary = buildCaseSummary(referenceRow(), timeline);

    expect(summary.archivedWithConsent).toBe(false);
    expect(summary.reopenedAt).toEqual([]);
    expect(summary.progress.filter((p) => p.kind === 'engineerRequested')).toHaveLength(1);
  });

  it('does not claim consent the timeline does not record', () => {
    const row = referenceRow({ details: { ...referenceRow().details, outcome: 'no-reply' } });
    const summary = buildCaseSummary(row, []);

    expect(summary.archivedWithConsent).toBe(false);
    expect(lines(row, [])).toContain('Archived after the reminders went unanswered.');
    expect(lines(row, []).join('\n')).not.toContain('consent');
  });
});

describe('an early or damaged record', () => {
  const early = referenceRow({
    status: 'open',
    problem: { kbNumbers: 'KB5011503', errorCodes: [42, '0x80073712'], description: 7, machineCount: -1 },
    details: {},
  });
  const summary = buildCaseSummary(early, []);

  it('takes what it can from a problem of the wrong shape', () => {
    expect(summary.problem).toEqual({ kbNumbers: [], errorCodes: ['0x80073712'], description: '' });
  });

  it('has no findings, stages, outcome or survey, and no reopen action', () => {
    const data = summaryCardData(summary, 'zh-CN');
    const { card } = renderCard('summary', 'zh-CN', data);

    expect(data).toMatchObject({ hasFindings: false, hasStages: false, hasPlan: false, hasSurvey: false });
    expect(data.outcomeText).toBe('');
    expect(((card as { actions?: Action[] }).actions ?? []).length).toBe(0);
    expect(summaryText(summary, 'zh-CN')).toContain('本案例尚未分析过日志。');
  });

  it('survives a record without a problem', () => {
    expect(buildCaseSummary(referenceRow({ problem: null }), []).problem).toBeUndefined();
  });
});

describe('machines that fail for different reasons', () => {
  it('says so in the common cause', () => {
    const row = referenceRow();
    const [first, second] = row.details.findings!;
    const different = {
      ...row,
      details: {
        ...row.details,
        findings: [first, { ...second, errorCode: '0x800f0922', causeId: 'pending-reboot' }],
      },
    };

    expect(summaryCardData(buildCaseSummary(different, []), 'en').commonCause).toBe(
      'The 2 machines do not fail for the same reason; see the analysis of each machine.',
    );
  });
});
