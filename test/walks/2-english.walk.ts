// Walk (c), English, in the Playground's page: an admin who writes English gets every visible text in
// English, from the greeting to the log-collection card: the bot's messages, the cards' texts, their input
// labels and placeholders, their buttons (test-results/english/); then the reference case told as it ended,
// to the filed summary, in English (test-results/english-ending/).

import { t } from '../../src/i18n';
import { ourCollectorZip } from '../diagnosis/layouts.fixtures';
import { archiveWithSurvey, CJK, openCase, type Teams, Walk, WAIT } from './teams';

jest.setTimeout(15 * 60_000);

const HOSTS = ['TERM-0231', 'TERM-0232'];

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

// The reference case told as it ended, in English, to the filed summary: both terminals' zips from our own
// collector (English folders and systeminfo), their diagnoses named by host, stage 1 failing, the reinstall
// of both, archiving with consent, the survey, and a summary an engineer would sign — with nothing in Chinese
// on the way.
it('English: the reference case to its summary — stage 1 failed on both, the reinstall fixed both', () =>
  Walk.run('english-ending', { locale: 'en-US' }, async (walk) => {
    const { teams } = walk;
    const say = (key: string, vars?: Record<string, string | number>) => t('en', key, vars);
    const { caseNumber, uploadLink } = await openCase(
      walk,
      'en',
      'Hello, two of our branch terminals fail to install KB5011503 with error 0x80073712. ' +
        'They run Windows 10 LTSC 2019 and get updates from our WSUS server, no internet access.',
      'Zhang Gong, it-desk@example.com',
    );

    const upload = await walk.newPage();
    await walk.step(
      'zips-uploaded',
      async () => {
        await upload.goto(uploadLink);
        const [chooser] = await Promise.all([
          upload.waitForEvent('filechooser'),
          upload.getByRole('button', { name: say('uploadPage.drop') }).click(),
        ]);
        const zips = await Promise.all(
          HOSTS.map(async (host) => ({
            name: `${host}-20220519-115000.zip`,
            mimeType: 'application/x-zip-compressed',
            buffer: await ourCollectorZip(host),
          })),
        );
        await chooser.setFiles(zips);
        for (const zip of zips)
          await upload
            .getByText(say('uploadPage.received', { name: zip.name }))
            .waitFor({ timeout: WAIT.diagnosis });
      },
      upload,
    );
    await walk.page.bringToFront();

    for (const host of HOSTS) {
      const card = teams.cards(say('card.diagnosis.title', { machine: host })).first();
      await walk.step(`diagnosis-${host}`, () => card.waitFor({ timeout: WAIT.diagnosis }));
      expect(await teams.text(card)).toContain('0x80073712');
    }
    await teams
      .botMessages('The 2 machines fail for the same reason')
      .first()
      .waitFor({ timeout: WAIT.reply });

    const stage1 = teams.cards(/Stage 1 of \d+/).first();
    await walk.step('stage-1', () => stage1.waitFor({ timeout: WAIT.reply }));
    await walk.step('stage-1-fails', async () => {
      const verify = await teams.watchCard(say('card.verify.title', { stageNumber: 1 }));
      await teams.say('ran the script and restarted both, still failing');
      await verify.next();
    });
    const closure = await walk.step('reinstalled', async () => {
      const next = await teams.watchCard(say('card.closure.title', { caseNumber }));
      await teams.say(
        'in the end we backed up both terminals and reinstalled Windows, KB5011503 is installed now',
      );
      return next.next();
    });
    const summary = await archiveWithSurvey(walk, closure, caseNumber, 'Quick and clear steps', 'en');
    const text = await teams.text(summary);

    for (const host of HOSTS) expect(text).toContain(host);
    expect(text).toContain('The 2 machines fail for the same reason: 0x80073712');
    expect(text).toMatch(/Stage 1 “[^”]+”: failed on both \(TERM-0231, TERM-0232\) \(0x80073712\)/);
    expect(text).toMatch(
      /“Back up the data and clean-install Windows”[^\n]*: fixed on both \(TERM-0231, TERM-0232\), KB5011503 installed/,
    );
    expect(text).not.toMatch(/Fixed by stage 1/);
    expect(text).toContain('Quick and clear steps');
    expect(await notEnglish(teams)).toEqual([]);
  }));
