// Walk (c), English, in the Playground's page: an admin who writes English gets every visible text in
// English, from the greeting to the log-collection card: the bot's messages, the cards' texts, their input
// labels and placeholders, their buttons. Screenshots: test-results/english/.

import { CJK, openCase, type Teams, Walk } from './teams';

jest.setTimeout(15 * 60_000);

/** What the bot shows that is not English: each message's text, the cards' placeholders, with their place. */
async function notEnglish(teams: Teams): Promise<string[]> {
  const found: string[] = [];
  const texts = await teams.botMessages().allInnerTexts();
  texts.forEach((text, i) => {
    for (const line of text.split('\n')) if (CJK.test(line)) found.push(`message ${i + 1}: ${line}`);
  });
  const inputs = teams.page.locator('.ac-adaptiveCard').locator('input, textarea');
  for (const input of await inputs.all()) {
    const shown = [await input.getAttribute('placeholder'), await input.getAttribute('aria-label')];
    for (const text of shown) if (text && CJK.test(text)) found.push(`an input: ${text}`);
  }
  return found;
}

it('English: the walk to the log-collection card shows only English', () =>
  Walk.run('english', { locale: 'en-US' }, async (walk) => {
    const { teams } = walk;

    const { caseNumber, drafted, logCard, uploadLink } = await openCase(
      walk,
      'en',
      'Hello, two of our branch terminals fail to install KB5011503 with error 0x80073712. ' +
        'They run Windows 10 LTSC 2019 and get updates from our WSUS server.',
      'Zhang Gong, it-desk@example.com',
    );
    expect(drafted).toEqual({ kb: 'KB5011503', error: '0x80073712', machines: '2' });
    const logText = await teams.text(logCard);
    expect(logText).toContain(caseNumber);
    expect(logText).toContain(uploadLink);
    expect(await teams.cards('Problem definition').first().innerText()).toContain(
      'Confirmed problem definition:',
    );

    // Every text the bot showed on the way is English: no Chinese, Japanese or Korean characters anywhere.
    expect(await notEnglish(teams)).toEqual([]);
    // And there was something to read: the greeting, the problem, the scope and the log-collection cards.
    expect((await teams.botMessages().allInnerTexts()).join('\n')).toMatch(
      /Problem definition[\s\S]*Scope of this case[\s\S]*Log collection/,
    );
  }));
