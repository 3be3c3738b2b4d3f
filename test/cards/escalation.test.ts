/**
 * The engineers' case card, built from a record shaped like the reference case at the moment the user
 * asks for an engineer: what it shows (priority, reason, contact, problem, diagnosis with evidence,
 * stages, last messages, time waiting), how it changes when taken, closed or handed back, its two verbs,
 * and masking.
 */
import type { Locale } from '../../src/domain/locale';
import { renderCard } from '../../src/cards/render';
import {
  ESCALATION_VERBS,
  MAX_RECENT_MESSAGES,
  durationText,
  escalationCardData,
  escalationState,
} from '../../src/cards/data/escalation';
import type { CaseRow, EscalationRecord } from '../../src/storage/ports';
import { CASE_NUMBER, OPENED_AT, referenceRow, referenceTimeline } from '../cases/referenceCase';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const REQUESTED_AT = OPENED_AT + 5 * DAY;

interface Node {
  type?: string;
  text?: string;
  verb?: string;
  fontType?: string;
  data?: Record<string, unknown>;
  [key: string]: unknown;
}

function escalatedRow(overrides: Partial<CaseRow> = {}): CaseRow {
  const base = referenceRow();
  return referenceRow({
    status: 'awaiting-engineer',
    problem: { ...(base.problem as object), contact: '张先生 13812345678，邮箱 zhang@bank.example.cn' },
    details: {
      findings: base.details.findings,
      stages: [
        { ...base.details.stages![0], outcome: 'failed', errorCode: '0x80073712' },
        { ...base.details.stages![1], outcome: 'skipped' },
        { ...base.details.stages![2], outcome: undefined },
      ],
      recentMessages: [
        '你好',
        '补丁装不上',
        '脚本运行完了，重启后还是装不上',
        '日志在 C:\\Users\\zhangsan\\Desktop\\logs.zip',
        '需要的话打我电话 138-1234-5678',
        '或者发邮件 zhang@bank.example.cn',
        '我想找工程师',
      ].map((text, i) => ({ at: REQUESTED_AT - (7 - i) * MIN, text })),
    },
    updatedAt: REQUESTED_AT,
    ...overrides,
  });
}

const waiting: EscalationRecord = {
  caseNumber: CASE_NUMBER,
  reason: 'user-request',
  requestedAt: REQUESTED_AT,
};
const taken: EscalationRecord = {
  ...waiting,
  announcedAt: REQUESTED_AT,
  takenById: 'eng-1',
  takenByName: 'Li Wei',
  takenAt: REQUESTED_AT + 30 * MIN,
};
const ended: EscalationRecord = { ...taken, endedAt: REQUESTED_AT + 2 * HOUR };

function build(
  escalation: EscalationRecord = waiting,
  options: { mask: boolean; locale?: Locale } = { mask: true },
  row = escalatedRow(),
  now = REQUESTED_AT + 25 * MIN,
) {
  return escalationCardData(row, referenceTimeline(), escalation, now, options);
}

function nodes(card: unknown): Node[] {
  if (Array.isArray(card)) return card.flatMap(nodes);
  if (typeof card !== 'object' || card === null) return [];
  return [card as Node, ...Object.values(card).flatMap(nodes)];
}

function render(data: Record<string, unknown>, locale: Locale = 'en') {
  const { card, fallbackText } = renderCard('escalation', locale, data);
  const all = nodes(card);
  return {
    card,
    fallbackText,
    json: JSON.stringify(card),
    texts: all.filter((n) => typeof n.text === 'string').map((n) => n.text!),
    actions: all.filter((n) => n.type === 'Action.Execute'),
    monospace: all.filter((n) => n.fontType === 'Monospace').map((n) => n.text!),
  };
}

describe('a case the user just escalated', () => {
  const data = build();
  const shown = render(data);

  it('heads the card with number, priority, status, language, reason and time waiting', () => {
    expect(data).toMatchObject({
      caseNumber: CASE_NUMBER,
      priority: 'P2',
      status: 'awaiting-engineer',
      statusText: 'waiting for an engineer',
      caseLocale: 'zh-CN',
      languageText: 'Chinese (Simplified)',
      reason: 'user-request',
      reasonText: 'The user asked for an engineer.',
      state: 'waiting',
      stateText: 'Waiting 25 min',
      waitingMinutes: 25,
      canTake: true,
    });
    expect(shown.texts).toEqual(
      expect.arrayContaining([`Case ${CASE_NUMBER} needs an engineer`, 'Waiting 25 min']),
    );
    expect(shown.json).toContain('"title":"Priority","value":"P2"');
    // A sentence: a wrapped text under its heading, not a FactSet value (those are cut at the card's edge).
    expect(shown.texts).toEqual(expect.arrayContaining(['Why escalated', 'The user asked for an engineer.']));
    expect(shown.json).not.toContain('"value":"The user asked for an engineer."');
    expect(shown.json).toContain('"title":"Language of the case","value":"Chinese (Simplified)"');
  });

  it('shows the customer contact masked', () => {
    expect(data.contact).toBe('张先生 <phone>，邮箱 <email>');
    expect(shown.json).toContain('"title":"Contact","value":"张先生 <phone>，邮箱 <email>"');
  });

  it('shows the problem definition', () => {
    expect(data).toMatchObject({
      hasProblem: true,
      kbNumbers: 'KB5011503',
      errorCodes: '0x80073712',
      machineCountText: '2',
      os: 'Windows 10 Enterprise LTSC 2019 (1809)',
      since: '2022-05-16',
      impact: '两台柜面终端无法完成补丁更新',
      description: 'KB5011503 在两台终端上安装失败，报错 0x80073712',
    });
    expect(shown.texts).toContain('KB5011503 在两台终端上安装失败，报错 0x80073712');
  });

  it('shows the diagnosis per machine: decisive error, cause, three evidence lines in monospace', () => {
    const machines = data.machines as Array<{ machine: string; errorCode: string; evidence: unknown[] }>;

    expect(machines.map((m) => [m.machine, m.errorCode, m.evidence.length])).toEqual([
      ['BRANCH-T01', '0x80073712', 3],
      ['BRANCH-T02', '0x80073712', 3],
    ]);
    expect(shown.monospace).toEqual(
      expect.arrayContaining(['0x80073712', ' ERROR_SXS_COMPONENT_STORE_CORRUPT']),
    );
    expect(
      shown.monospace.filter((t) => t.startsWith('Error CBS Failed to complete component closure')),
    ).toHaveLength(2);
    expect(shown.json).not.toContain('a fourth line no summary quotes');
    expect(shown.json).toContain('The component store (WinSxS) is corrupt');
  });

  it('shows the stages tried with their outcomes, and the one still open', () => {
    expect((data.stages as Array<{ text: string }>).map((s) => s.text)).toEqual([
      '1. Reset the Windows Update components (UpdateReset.cmd): still failing (0x80073712)',
      expect.stringMatching(/^2\. .+: skipped \(could not be done\)$/),
      expect.stringMatching(/^3\. .+: waiting for the outcome$/),
    ]);
    expect(shown.texts).toContain(
      '1. Reset the Windows Update components (UpdateReset.cmd): still failing (0x80073712)',
    );
  });

  it('quotes the last few user messages, masked, newest last', () => {
    const messages = data.messages as Array<{ time: string; text: string }>;

    expect(messages).toHaveLength(MAX_RECENT_MESSAGES);
    expect(messages.map((m) => m.text)).toEqual([
      '脚本运行完了，重启后还是装不上',
      '日志在 C:\\Users\\<user>\\Desktop\\logs.zip',
      '需要的话打我电话 <phone>',
      '或者发邮件 <email>',
      '我想找工程师',
    ]);
    expect(messages.at(-1)!.time).toBe('2022-05-22 01:59 UTC');
  });

  it('leaves no personal data anywhere on the card', () => {
    for (const secret of ['13812345678', '138-1234-5678', 'zhang@bank', 'zhangsan'])
      expect(shown.json).not.toContain(secret);
  });

  it('offers "Take over" and "View timeline" with the verb and the case number in data', () => {
    expect(shown.actions.map((a) => [a.verb, a.title, a.data])).toEqual([
      [ESCALATION_VERBS.take, 'Take over', { verb: 'escalation.take', caseNumber: CASE_NUMBER }],
      [ESCALATION_VERBS.timeline, 'View timeline', { verb: 'escalation.timeline', caseNumber: CASE_NUMBER }],
    ]);
  });

  it('has fallback text naming the case, priority, reason and waiting time', () => {
    expect(shown.fallbackText).toBe(
      `Case ${CASE_NUMBER} (P2) needs an engineer. The user asked for an engineer. Waiting 25 min. Open the card in Teams to take it over or to view its timeline.`,
    );
  });
});

describe('as the escalation goes on', () => {
  it('says who took it and when, and no longer offers "Take over"', () => {
    const data = build(taken, { mask: true }, escalatedRow({ status: 'with-engineer', owner: 'Li Wei' }));
    const shown = render(data);

    expect(data).toMatchObject({
      state: 'taken',
      stateText: 'Taken by Li Wei at 2022-05-22 02:30 UTC',
      canTake: false,
      takenBy: 'Li Wei',
      owner: 'Li Wei',
    });
    expect(shown.actions.map((a) => a.verb)).toEqual(['escalation.timeline']);
    expect(shown.texts[0]).toBe(`Case ${CASE_NUMBER} is with Li Wei`);
  });

  it('says closed when the engineer closed the case, and no stage is waiting any more', () => {
    const data = build(ended, { mask: true }, escalatedRow({ status: 'archived' }));

    expect(data).toMatchObject({
      state: 'closed',
      stateText: 'Closed at 2022-05-22 04:00 UTC',
      canTake: false,
    });
    const shown = render(data);
    expect(shown.actions.map((a) => a.verb)).toEqual(['escalation.timeline']);
    expect(shown.texts[0]).toBe(`Case ${CASE_NUMBER} is closed`);
    expect((data.stages as Array<{ text: string }>).at(-1)!.text).toMatch(/^3\. .+: not tried$/);
  });

  it('marks only the stage the user is on as waiting; the later ones of the plan are not tried', () => {
    const row = escalatedRow();
    const stages = row.details!.stages!;
    const data = build(
      waiting,
      { mask: true },
      {
        ...row,
        details: {
          ...row.details,
          stages: [...stages, { ...stages.at(-1)!, playbookId: 'in-place-repair' }],
        },
      },
    );

    expect((data.stages as Array<{ text: string }>).slice(2).map((s) => s.text)).toEqual([
      expect.stringMatching(/^3\. .+: waiting for the outcome$/),
      expect.stringMatching(/^4\. .+: not tried$/),
    ]);
  });

  it('says handed back when the case went back to the bot', () => {
    const data = build(ended, { mask: true }, escalatedRow({ status: 'awaiting-customer' }));

    expect(data).toMatchObject({
      state: 'handed-back',
      stateText: 'Handed back to the bot at 2022-05-22 04:00 UTC',
      canTake: false,
    });
    expect(render(data).texts[0]).toBe(`Case ${CASE_NUMBER} is back with the bot`);
  });

  it('knows its state from the record', () => {
    expect(escalationState(escalatedRow(), waiting)).toBe('waiting');
    expect(escalationState(escalatedRow(), taken)).toBe('taken');
    expect(escalationState(escalatedRow({ status: 'closed' }), ended)).toBe('closed');
    expect(escalationState(escalatedRow({ status: 'open' }), ended)).toBe('handed-back');
  });

  it.each([
    [0, '0 min'],
    [25 * MIN + 59_000, '25 min'],
    [2 * HOUR + 5 * MIN, '2 h 5 min'],
    [3 * DAY + 4 * HOUR + 10 * MIN, '3 d 4 h'],
    [-5 * MIN, '0 min'],
  ])('writes a wait of %d ms as "%s"', (ms, text) => {
    expect(durationText(ms, 'en')).toBe(text);
  });

  it('waits in hours and days too', () => {
    expect(build(waiting, { mask: true }, escalatedRow(), REQUESTED_AT + 26 * HOUR).stateText).toBe(
      'Waiting 1 d 2 h',
    );
  });
});

describe.each([
  ['out-of-stages', 'The bot has no remediation stage left to recommend.'],
  ['inconclusive', 'The log analysis was inconclusive.'],
  ['low-survey', 'The user rated the support 1 or 2 out of 5.'],
  ['rule', 'A diagnosis rule says this needs an engineer.'],
  ['something-new', 'Escalated (something-new).'],
])('escalated for %s', (reason, text) => {
  it('says why', () => {
    expect(build({ ...waiting, reason }).reasonText).toBe(text);
  });
});

describe('options', () => {
  it('shows the record as it is without masking', () => {
    const data = build(waiting, { mask: false });

    expect(data.contact).toBe('张先生 13812345678，邮箱 zhang@bank.example.cn');
    expect((data.messages as Array<{ text: string }>).map((m) => m.text)).toContain(
      '需要的话打我电话 138-1234-5678',
    );
  });

  it('renders in Chinese with Beijing time when asked', () => {
    const data = build(taken, { mask: true, locale: 'zh-CN' });
    const shown = render(data, 'zh-CN');

    expect(data).toMatchObject({
      languageText: '简体中文',
      reasonText: '用户要求工程师介入。',
      stateText: '已由 Li Wei 于 2022-05-22 10:30 UTC+8 接手',
    });
    expect(shown.texts).toContain(`案例 ${CASE_NUMBER} 由 Li Wei 处理中`);
    expect(shown.actions.map((a) => a.title)).toEqual(['查看时间线']);
    expect(shown.fallbackText).toContain('需要工程师处理');
  });

  it('copes with a bare record: no problem, no findings, no stages, no messages', () => {
    const row = escalatedRow({ problem: null, details: {}, priority: undefined });
    const data = build({ ...waiting, reason: 'inconclusive' }, { mask: true }, row);
    const shown = render(data);

    expect(data).toMatchObject({
      priority: 'P3',
      hasContact: false,
      hasProblem: false,
      hasFindings: false,
      hasStages: false,
      hasMessages: false,
    });
    expect(shown.texts).toEqual(
      expect.arrayContaining([
        'No logs have been analysed for this case yet.',
        'No remediation stage has been tried yet.',
      ]),
    );
    expect(shown.json).not.toContain('${');
  });
});
