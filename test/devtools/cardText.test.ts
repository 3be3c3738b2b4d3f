// Behaviour of the terminal card renderer: what a user of `npm run chat` sees and what pressing sends.

import {
  actionData,
  displayWidth,
  missingRequired,
  parseInputValue,
  renderCard,
  toggleVisibility,
} from '../../tools/cardText';

const diagnosisCard = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  fallbackText: 'Diagnosis for case 1042',
  body: [
    { type: 'TextBlock', text: 'Diagnosis for case 1042', size: 'Large', weight: 'Bolder', wrap: true },
    {
      type: 'TextBlock',
      text: 'The component store is **corrupt**. See [KB5005322](https://support.microsoft.com/kb/5005322).',
      wrap: true,
    },
    {
      type: 'FactSet',
      facts: [
        { title: 'Error', value: '0x80073712' },
        { title: 'OS build', value: '19045.4291' },
      ],
    },
    {
      type: 'Container',
      items: [
        {
          type: 'Input.ChoiceSet',
          id: 'source',
          label: 'Repair source',
          value: 'wu',
          choices: [
            { title: 'Windows Update', value: 'wu' },
            { title: 'Mounted ISO', value: 'iso' },
          ],
        },
        {
          type: 'Input.Text',
          id: 'notes',
          label: 'Notes',
          placeholder: 'anything we should know',
          isMultiline: true,
        },
        { type: 'Input.Toggle', id: 'backup', title: 'I have a backup', valueOn: 'yes', valueOff: 'no' },
        { type: 'TextBlock', id: 'details', text: 'CBS.log line 2231', isVisible: false },
      ],
    },
  ],
  actions: [
    { type: 'Action.Execute', title: 'Run DISM', verb: 'runDism', data: { caseId: '1042' } },
    {
      type: 'Action.Submit',
      title: 'Talk to an engineer',
      data: { intent: 'escalate' },
      associatedInputs: 'none',
    },
    { type: 'Action.OpenUrl', title: 'Docs', url: 'https://learn.microsoft.com/windows' },
    { type: 'Action.ToggleVisibility', title: 'Details', targetElements: ['details'] },
  ],
};

const chineseCard = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: '更新失败诊断', style: 'heading' },
    {
      type: 'FactSet',
      facts: [
        { title: '错误代码', value: '0x800f081f' },
        { title: 'KB', value: 'KB5034441' },
      ],
    },
    { type: 'Input.Text', id: 'machine', label: '计算机名', isRequired: true },
    {
      type: 'ActionSet',
      actions: [{ type: 'Action.Execute', title: '上传日志', verb: 'upload' }],
    },
  ],
  actions: [
    { type: 'Action.Execute', title: '确认', verb: 'confirm' },
    { type: 'Action.Execute', title: '取消', verb: 'cancel' },
  ],
};

describe('renderCard', () => {
  it('shows text blocks, headings and links as plain readable lines', () => {
    const { lines } = renderCard(diagnosisCard);
    expect(lines[0]).toBe('# Diagnosis for case 1042');
    expect(lines[1]).toBe(
      'The component store is corrupt. See KB5005322 <https://support.microsoft.com/kb/5005322>.',
    );
  });

  it('aligns a fact set on its titles', () => {
    const { lines } = renderCard(diagnosisCard);
    expect(lines).toContain('  Error    : 0x80073712');
    expect(lines).toContain('  OS build : 19045.4291');
  });

  it('lists inputs with their ids, current values and choices', () => {
    const { lines, inputs } = renderCard(diagnosisCard);
    expect(lines).toContain('[input source] Repair source: Windows Update');
    expect(lines).toContain('    choices: 1) Windows Update  2) Mounted ISO');
    expect(lines).toContain('[input notes] Notes: (empty; e.g. anything we should know)');
    expect(lines).toContain('[input backup] [ ] I have a backup');
    expect(inputs.map((input) => input.id)).toEqual(['source', 'notes', 'backup']);
  });

  it('shows values the user set instead of the card defaults', () => {
    const { lines } = renderCard(diagnosisCard, {
      values: { source: 'iso', notes: 'line one\nline two', backup: 'yes' },
    });
    expect(lines).toContain('[input source] Repair source: Mounted ISO');
    expect(lines).toContain('[input notes] Notes: line one');
    expect(lines).toContain('    line two');
    expect(lines).toContain('[input backup] [x] I have a backup');
  });

  it('numbers the actions on one line and hides invisible elements', () => {
    const { lines, actions } = renderCard(diagnosisCard);
    expect(lines[lines.length - 1]).toBe(
      '[1] Run DISM  [2] Talk to an engineer  [3] Docs <https://learn.microsoft.com/windows>  [4] Details',
    );
    expect(actions.map((a) => [a.number, a.type])).toEqual([
      [1, 'Action.Execute'],
      [2, 'Action.Submit'],
      [3, 'Action.OpenUrl'],
      [4, 'Action.ToggleVisibility'],
    ]);
    expect(lines.join('\n')).not.toContain('CBS.log');
  });

  it('renders a Chinese card, aligning facts by terminal width and numbering ActionSet actions first', () => {
    const { text, actions } = renderCard(chineseCard);
    expect(text).toBe(
      [
        '# 更新失败诊断',
        '  错误代码 : 0x800f081f',
        '  KB       : KB5034441',
        '[input machine*] 计算机名: (empty)',
        '[1] 上传日志',
        '[2] 确认  [3] 取消',
      ].join('\n'),
    );
    expect(actions.map((a) => a.verb)).toEqual(['upload', 'confirm', 'cancel']);
  });

  it('puts short columns side by side and renders tables row by row', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', items: [{ type: 'TextBlock', text: '机器' }] },
            { type: 'Column', items: [{ type: 'TextBlock', text: 'PC-01' }] },
          ],
        },
        {
          type: 'Table',
          columns: [{ width: 1 }, { width: 1 }],
          rows: [
            {
              type: 'TableRow',
              cells: [
                { type: 'TableCell', items: [{ type: 'TextBlock', text: '阶段' }] },
                { type: 'TableCell', items: [{ type: 'TextBlock', text: 'Result' }] },
              ],
            },
            {
              type: 'TableRow',
              cells: [
                { type: 'TableCell', items: [{ type: 'TextBlock', text: 'DISM' }] },
                { type: 'TableCell', items: [{ type: 'TextBlock', text: '失败' }] },
              ],
            },
          ],
        },
      ],
    };
    expect(renderCard(card).lines).toEqual([
      '机器  PC-01',
      '  阶段 | Result',
      '  -----+-------',
      '  DISM | 失败',
    ]);
  });

  it('shows an element it does not know, or its fallback', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        { type: 'Future.Widget' },
        { type: 'Future.Other', fallback: { type: 'TextBlock', text: 'fallback text' } },
        { type: 'Future.Dropped', fallback: 'drop' },
      ],
    };
    expect(renderCard(card).lines).toEqual(['[unsupported: Future.Widget]', 'fallback text']);
    expect(renderCard('not a card').lines).toEqual(['[unsupported: card is not a JSON object]']);
  });
});

describe('acting on a card', () => {
  it('merges input values into an Execute action data, inputs winning over data', () => {
    const { actions, inputs } = renderCard(diagnosisCard);
    const data = actionData(actions[0], inputs, { notes: 'pending reboot' });
    expect(data).toEqual({ caseId: '1042', source: 'wu', notes: 'pending reboot', backup: 'no' });
    const clash = { ...actions[0], data: { caseId: '1042', source: 'from-data' } };
    expect(actionData(clash, inputs, { source: 'iso' })).toMatchObject({ caseId: '1042', source: 'iso' });
  });

  it('sends no inputs for an action with associatedInputs none', () => {
    const { actions, inputs } = renderCard(diagnosisCard);
    expect(actionData(actions[1], inputs, { notes: 'x' })).toEqual({ intent: 'escalate' });
  });

  it('accepts a choice by value, title or number, and rejects anything else', () => {
    const source = renderCard(diagnosisCard).inputs[0];
    expect(parseInputValue(source, 'iso')).toEqual({ ok: true, value: 'iso' });
    expect(parseInputValue(source, 'mounted iso')).toEqual({ ok: true, value: 'iso' });
    expect(parseInputValue(source, '1')).toEqual({ ok: true, value: 'wu' });
    const wrong = parseInputValue(source, '3');
    expect(wrong.ok).toBe(false);
  });

  it('maps on/off words to a toggle value and \\n to a line break in multi-line text', () => {
    const [, notes, backup] = renderCard(diagnosisCard).inputs;
    expect(parseInputValue(backup, 'on')).toEqual({ ok: true, value: 'yes' });
    expect(parseInputValue(backup, 'no')).toEqual({ ok: true, value: 'no' });
    expect(parseInputValue(backup, 'maybe').ok).toBe(false);
    expect(parseInputValue(notes, 'a\\nb')).toEqual({ ok: true, value: 'a\nb' });
  });

  it('reports required inputs that are still empty', () => {
    const { inputs } = renderCard(chineseCard);
    expect(missingRequired(inputs).map((input) => input.id)).toEqual(['machine']);
    expect(missingRequired(inputs, { machine: 'PC-01' })).toEqual([]);
  });

  it('toggles visibility without changing the original card', () => {
    const shown = toggleVisibility(diagnosisCard, ['details']);
    expect(renderCard(shown).text).toContain('CBS.log line 2231');
    expect(renderCard(diagnosisCard).text).not.toContain('CBS.log');
  });

  it('counts CJK characters as two columns', () => {
    expect(displayWidth('错误 OK')).toBe(7);
  });
});
