/**
 * The remediation card of one stage, filled from the real knowledge base: the steps fit the machine's
 * update source, risks that take something away stand out, scripts are named, answered cards lose their
 * buttons, and a stage the knowledge base does not know still renders.
 */
import type { StageRecord } from '../../src/domain/caseRecord';
import type { Environment } from '../../src/domain/diagnosis';
import type { Locale } from '../../src/domain/locale';
import { renderCard } from '../../src/cards/render';
import { stageCardData } from '../../src/cards/data/stage';
import type { StageCardInput } from '../../src/cards/data/stage';
import { loadKnowledge } from '../../src/knowledge';
import { CASE_NUMBER, planStage } from '../cases/referenceCase';

const knowledge = loadKnowledge();

interface Node {
  type?: string;
  text?: string;
  color?: string;
  fontType?: string;
  verb?: string;
  [key: string]: unknown;
}

function stageInput(playbookId: string, overrides: Partial<StageCardInput> = {}): StageCardInput {
  return {
    caseNumber: CASE_NUMBER,
    stage: planStage(playbookId),
    index: 1,
    count: 5,
    causeId: 'component-store-corruption',
    ...overrides,
  };
}

function render(input: StageCardInput, locale: Locale = 'en'): { card: Node; texts: Node[] } {
  const { card } = renderCard('remediation', locale, stageCardData(knowledge, input, locale));
  return { card: card as Node, texts: textNodes(card) };
}

/** Every TextBlock and TextRun a card shows, in document order (not what a ShowCard button reveals). */
function textNodes(node: unknown): Node[] {
  if (Array.isArray(node)) return node.flatMap(textNodes);
  if (typeof node !== 'object' || node === null) return [];
  const n = node as Node;
  if (n.type === 'Action.ShowCard') return [];
  const here = n.type === 'TextBlock' || n.type === 'TextRun' ? [n] : [];
  return [...here, ...Object.values(n).flatMap(textNodes)];
}

/** The ShowCard buttons of a card: their titles and the text of the card each reveals. */
function shownByButtons(node: unknown): Array<{ title: string; text: string }> {
  if (Array.isArray(node)) return node.flatMap(shownByButtons);
  if (typeof node !== 'object' || node === null) return [];
  const n = node as Node;
  if (n.type === 'Action.ShowCard')
    return [{ title: String(n.title), text: allText(textNodes((n.card as Node).body)) }];
  return Object.values(n).flatMap(shownByButtons);
}

function allText(texts: Node[]): string {
  return texts.map((n) => n.text).join('\n');
}

function dismSfc(environment?: Environment): Node[] {
  return render(stageInput('dism-sfc', environment ? { environment } : {})).texts;
}

describe('the DISM stage', () => {
  it('gives a WSUS terminal the local-source repair command and not the internet one', () => {
    const texts = dismSfc('wsus');
    const text = allText(texts);

    const command = texts.find((n) => /\/Source:wim:.*\/LimitAccess/.test(n.text ?? ''));
    expect(command?.text).toBe(
      'DISM /Online /Cleanup-Image /RestoreHealth /Source:wim:D:\\sources\\install.wim:<index> /LimitAccess',
    );
    expect(command?.fontType).toBe('Monospace');
    expect(text).toContain('This machine gets its updates from a WSUS server:');
    expect(text).not.toContain('files are fetched from Windows Update');
    expect(text).not.toContain('install.esd');
  });

  it('keeps the other environments behind one button, under their "if" headings', () => {
    const { card } = render(stageInput('dism-sfc', { environment: 'wsus' }));

    const buttons = shownByButtons(card);
    expect(buttons).toHaveLength(1);
    expect(buttons[0].title).toBe('Steps for other update environments');
    expect(buttons[0].text).toContain('If the machine gets its updates from Windows Update on the internet:');
    expect(buttons[0].text).toContain('files are fetched from Windows Update');
    expect(buttons[0].text).toContain('If the machine cannot reach an update server (offline):');
    expect(buttons[0].text).not.toContain('WSUS server:');
  });

  it('says so when the environment is known from the user’s words rather than the logs', () => {
    const zh = allText(
      render(stageInput('dism-sfc', { environment: 'wsus', environmentFrom: 'user' }), 'zh-CN').texts,
    );
    const en = allText(
      render(stageInput('dism-sfc', { environment: 'wsus', environmentFrom: 'user' })).texts,
    );

    expect(zh).toContain('您说本机从 WSUS 服务器获取更新：');
    expect(zh).toContain('/Source:wim:D:\\sources\\install.wim:<索引号> /LimitAccess');
    expect(zh).not.toContain('修复文件从 Windows 更新下载');
    expect(en).toContain('You said this machine gets its updates from a WSUS server:');
  });

  it('names the stages passed over before it, with the reason, in both languages', () => {
    const passedOver = [
      {
        number: 3,
        title: planStage('install-missing-package').title,
        ruledOut: 'missing-package-named' as const,
      },
      { number: 4, title: planStage('in-place-repair').title, ruledOut: 'installation-media' as const },
    ];
    const input = stageInput('reset-keep-files', { index: 4, count: 6, passedOver });

    expect(allText(render(input, 'zh-CN').texts)).toContain(
      '第 3 步“从 Microsoft Update Catalog 安装缺失的程序包”已跳过：没有日志指明缺失的程序包。',
    );
    expect(allText(render(input, 'zh-CN').texts)).toContain(
      '第 4 步“就地升级修复（保留个人文件和应用）”已跳过：您说没有安装介质。',
    );
    expect(allText(render(input).texts)).toContain(
      'Stage 3 (Install the missing package from the Microsoft Update Catalog) is skipped: no log names a missing package.',
    );
  });

  it('shows every environment under its heading when the machine’s is unknown', () => {
    const text = allText(dismSfc());

    expect(text).toContain('If the machine gets its updates from Windows Update on the internet:');
    expect(text).toContain('If the machine gets its updates from a WSUS server:');
    expect(text).toContain('If the machine cannot reach an update server (offline):');
    expect(text).toContain(
      'DISM /Online /Cleanup-Image /RestoreHealth (files are fetched from Windows Update).',
    );
    expect(text).toContain('/Source:esd:D:\\sources\\install.esd:<index>');
    expect(text.indexOf('WSUS server:')).toBeLessThan(text.indexOf('(offline):'));
    expect(shownByButtons(render(stageInput('dism-sfc')).card)).toEqual([]);
  });

  it('says what the stage does and why, from the playbook and the case’s cause', () => {
    const data = stageCardData(knowledge, stageInput('dism-sfc', { environment: 'offline' }), 'zh-CN');

    expect(data.title).toBe('用 DISM 修复组件库，再运行 SFC');
    expect(data.summary).toContain('DISM /RestoreHealth');
    expect(data.why).toBe(knowledge.causes.get('component-store-corruption')!.explanation['zh-CN']);
    expect(data.stageNumber).toBe(2);
    expect(data.stageCount).toBe(5);
  });

  it('leaves out the why when the case has no cause', () => {
    expect(stageCardData(knowledge, stageInput('dism-sfc', { causeId: null }), 'en').why).toBe('');
  });
});

describe('risks', () => {
  it('shows "apps are removed" of Reset this PC in the attention colour, and the time risk plainly', () => {
    const texts = render(stageInput('reset-keep-files')).texts;

    const apps = texts.find((n) => n.text?.includes('All installed apps and settings are removed'));
    const time = texts.find((n) => n.text?.includes('may fail for the same reason as the update'));
    expect(apps?.color).toBe('Attention');
    expect(time).toBeDefined();
    expect(time?.color).toBeUndefined();
    expect(allText(texts)).toContain('This stage removes apps or may lose data: back up first.');
  });

  it('gives a stage without such risks no warning', () => {
    expect(allText(dismSfc('wsus'))).not.toContain('back up first');
  });

  it('does not warn that the in-place repair removes apps (it keeps them), and never sends LTSC to the Media Creation Tool', () => {
    const text = allText(render(stageInput('in-place-repair')).texts);

    expect(text).toContain('Apps and data are kept');
    expect(text).not.toContain('back up first');
    expect(text).toContain('the Media Creation Tool cannot make them');
    expect(text).toContain('Not right now');
  });
});

describe('scripts', () => {
  it('names UpdateReset.cmd for the reset script stage, with its .txt copy on the upload page', () => {
    const data = stageCardData(knowledge, stageInput('wu-reset-script', { index: 0 }), 'en');
    const { card } = renderCard('remediation', 'en', data);

    expect(data.scripts).toEqual([
      { name: 'UpdateReset.cmd', note: expect.stringContaining('UpdateReset.txt') },
    ]);
    const texts = allText(textNodes(card));
    expect(texts).toContain('UpdateReset.cmd\nSent to you as a file in this chat. If it is blocked, download UpdateReset.txt');
  });

  it('has no scripts section for a stage without scripts', () => {
    expect(stageCardData(knowledge, stageInput('dism-sfc'), 'en').hasScripts).toBe(false);
  });
});

describe('answers', () => {
  const verbs = (card: Node): string[] =>
    ((card.actions as Node[] | undefined) ?? []).map((action) => action.verb ?? '');

  it('offers the four answers while the stage is proposed', () => {
    expect(verbs(render(stageInput('dism-sfc')).card)).toEqual([
      'remediation.fixed',
      'remediation.failing',
      'remediation.cannot',
      'remediation.engineer',
    ]);
  });

  it.each<[string, Partial<StageRecord>, boolean, string]>([
    ['fixed', { outcome: 'fixed' }, false, 'Outcome: fixed.'],
    ['still failing', { outcome: 'failed', errorCode: '0x80073712' }, false, 'Outcome: still failing.'],
    ['skipped', { outcome: 'skipped' }, false, 'Outcome: skipped (could not be done).'],
    ['handed to an engineer', {}, true, 'Outcome: handed to an engineer.'],
  ])('hides the actions once answered (%s) and says the outcome', (_name, outcome, handedOver, line) => {
    const input = stageInput('dism-sfc', { handedOver });
    const { card, texts } = render({ ...input, stage: { ...input.stage, ...outcome } });

    expect(verbs(card)).toEqual([]);
    expect(allText(texts)).toContain(line);
  });

  it('shows the error the user reported with a failed stage', () => {
    const input = stageInput('dism-sfc');
    const { texts } = render({
      ...input,
      stage: { ...input.stage, outcome: 'failed', errorCode: '0x800f081f' },
    });

    expect(allText(texts)).toContain('Reported error: 0x800f081f');
  });
});

describe('a stage the knowledge base does not know', () => {
  const input: StageCardInput = {
    caseNumber: CASE_NUMBER,
    stage: { playbookId: 'retired-playbook', title: { en: 'Call the vendor', 'zh-CN': '联系厂商' } },
    index: 2,
    count: 3,
    causeId: 'no-such-cause',
  };

  it.each<Locale>(['en', 'zh-CN'])('still renders with the stage’s own title (%s)', (locale) => {
    const { card, texts } = render(input, locale);

    expect(texts[0].text).toContain(locale === 'en' ? 'Call the vendor' : '联系厂商');
    expect(JSON.stringify(card)).not.toContain('${');
    expect((card.actions as Node[]).length).toBe(4);
  });
});
