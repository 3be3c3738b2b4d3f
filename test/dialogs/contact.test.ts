/**
 * A contact named without a phone number (联系人 张工, contact: Zhang): kept as the contact, name only, on
 * the problem card; the card asks once, politely, for a phone number or e-mail, and a number sent later
 * completes the contact. Through the case machine and the real card templates, in both languages.
 */
import type { Effect } from './harness';
import type { Locale } from '../../src/domain/locale';
import { renderCard as expandCard } from '../../src/cards/render';
import { renderCard as readCard } from '../../tools/cardText';
import { startConversation } from './harness';

/** The problem card a turn showed or updated, as the user reads it, and its data. */
function problemCard(effects: Effect[], locale: Locale) {
  const shown = effects.find(
    (e): e is Extract<Effect, { kind: 'card' | 'updateCard' }> =>
      (e.kind === 'card' || e.kind === 'updateCard') && e.cardId === 'problem-definition',
  );
  if (!shown) throw new Error(`no problem card in ${effects.map((e) => e.kind).join(', ')}`);
  const rendered = readCard(expandCard('problem-definition', locale, shown.data).card);
  return { data: shown.data, text: rendered.text, contact: rendered.inputs.find((i) => i.id === 'contact') };
}

describe.each([
  {
    locale: 'zh-CN' as const,
    first: 'KB5011503 在两台终端上安装失败，报错 0x80073712，联系人 张工',
    name: '张工',
    ask: '您提供了联系人 张工，但没有电话或邮箱',
    phone: '他的电话是 138-0000-0000',
  },
  {
    locale: 'en' as const,
    first: 'KB5011503 fails on two terminals with 0x80073712, contact: Zhang',
    name: 'Zhang',
    ask: 'You named Zhang as the contact, without a phone number or e-mail',
    phone: 'his phone is 138-0000-0000',
  },
])('a contact named without a phone ($locale)', ({ locale, first, name, ask, phone }) => {
  it('keeps the name as the contact, asks once on the card, and completes it with a number sent later', () => {
    const conversation = startConversation(locale);

    const opened = problemCard(conversation.say(first), locale);
    expect(opened.data.contact).toBe(name);
    expect(opened.contact?.value).toBe(name);
    expect(opened.text).toContain(ask);
    // No number is made up for the contact.
    expect(opened.text).not.toMatch(/(?<!\d)1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/);

    const completed = problemCard(conversation.say(phone), locale);
    expect(completed.data.contact).toBe(`${name} 138-0000-0000`);
    expect(completed.text).not.toContain(ask);

    const confirmed = conversation.submit('problem-definition.confirm', {});
    expect(JSON.stringify(confirmed)).toContain(`${name} 138-0000-0000`);
  });

  it('confirms a name-only contact as it was given, without asking again', () => {
    const conversation = startConversation(locale);
    conversation.say(first);

    const confirmed = conversation.submit('problem-definition.confirm', {});
    const saved = confirmed.find((e) => e.kind === 'saveCase');
    expect(JSON.stringify(saved)).toContain(`"contact":"${name}"`);
    const card = problemCard(confirmed, locale);
    expect(card.text).not.toContain(ask);
  });
});
