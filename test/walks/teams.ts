/**
 * The E2E walks' harness (`npm run test:e2e`): the real bot on a free port with a fresh data folder and a log
 * file, Microsoft's Agents Playground against it (`npm run playground`'s command), and its web page in
 * headless Chromium, driven as a person does: typing in the editor, pressing card buttons, filling card
 * inputs, switching between the personal chat and the team's channel.
 *
 * Everything a walk checks is read from the rendered page. Every step leaves a screenshot in
 * `test-results/<walk>/NN-<step>.png`; a failed step leaves `NN-<step>-FAILED.png` and `FAILED.txt` (the
 * error and the conversation's visible text), and the bot's log is always `test-results/<walk>/bot.log`.
 *
 * The Playground's page (0.2.28, found by inspecting it): the chat's editor is `[data-lexical-editor]`,
 * Enter sends; a chat message is a block holding `[aria-label="Message header"]` (author, time) and its
 * body; a channel post is a `[role="group"]` card holding its thread and the thread's editor; Adaptive Cards
 * are rendered by the official renderer (`.ac-adaptiveCard`, actions are buttons named by their titles,
 * inputs labelled by their labels); typing `@` in an editor opens `#typeahead-menu` with the bot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { App } from '../../src/app';
import type { Locale } from '../../src/domain/locale';
import { t } from '../../src/i18n';
import { createLogger } from '../../src/log';
import { CHROMIUM_FLAGS, chromiumMissing, chromiumPath } from '../../tools/cardsPreview';
import { startBot, tempDataDir, testConfig } from '../e2e/harness';
import { Playground } from '../devtools/playgroundClient';

const ROOT = path.resolve(__dirname, '../..');
export const RESULTS = path.join(ROOT, 'test-results');

/**
 * How long to wait for what the page should show. Generous: the suite runs on a 2-core machine shared with
 * other work, where a Chromium render, a bot turn and a zip's diagnosis can each take many seconds.
 */
export const WAIT = { ui: 60_000, reply: 90_000, diagnosis: 180_000 };

/** Reminders far in the future: nothing the walks do not ask for. */
const QUIET = { FOLLOW_UPS: '30d,60d,90d,120d', ESCALATION_REANNOUNCE: '1d' };

/** The bot's name in the Playground (its default app manifest). */
const BOT = 'Test Bot';
/** The team channel the Playground installs the bot in. */
const CHANNEL = 'My Team - General';

/** Chinese, Japanese or Korean characters (and their full-width punctuation). */
export const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** `text` as a case-sensitive pattern (Playwright's `hasText` strings ignore case: "Log collection" would
 * also match a card that mentions "log collection"). */
function sensitive(text: string | RegExp): RegExp {
  return typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text;
}

/** A locator and how many elements matched it when watching began: `next()` waits for one more. */
export interface Watch {
  next(timeout?: number): Promise<Locator>;
}

/** The Playground's web page, as its user sees and uses it. */
export class Teams {
  private marks = 0;

  constructor(readonly page: Page) {}

  /** Opens the personal chat with the bot. */
  async openChat(): Promise<void> {
    await this.page.getByRole('treeitem', { name: 'Personal Chat' }).click();
    await this.editor().waitFor();
  }

  /** Opens the team's channel (the Playground installs the bot in its team when it is first opened). */
  async openChannel(): Promise<void> {
    await this.page.getByRole('treeitem', { name: CHANNEL }).click();
    await this.page.getByText('Start a new post').waitFor();
  }

  /** The personal chat's messages, oldest first. */
  messages(): Locator {
    return this.page.locator('div:has(> [aria-label="Message header"])');
  }

  /** The bot's messages in the personal chat (`text`: only those showing it). */
  botMessages(text?: string | RegExp): Locator {
    const mine = this.messages().filter({
      has: this.page.locator('[aria-label="Message author"]', { hasText: BOT }),
    });
    return text === undefined ? mine : mine.filter({ hasText: sensitive(text) });
  }

  /** The user's own messages in the personal chat. */
  userMessages(text?: string | RegExp): Locator {
    const mine = this.messages().filter({ hasNot: this.page.locator('[aria-label="Message author"]') });
    return text === undefined ? mine : mine.filter({ hasText: sensitive(text) });
  }

  /** The Adaptive Cards on the page that show `text`. */
  cards(text: string | RegExp): Locator {
    return this.page.locator('.ac-adaptiveCard').filter({ hasText: sensitive(text) });
  }

  /** A channel post (with its thread) that shows `text`. */
  post(text: string | RegExp): Locator {
    return this.page.locator('[role="group"]').filter({ hasText: sensitive(text) });
  }

  /**
   * Starts watching `locator`: `next()` resolves with the first element that matches after this moment,
   * pinned (see `pin`). `inner`: what to return inside the pinned message (a card's selector).
   */
  async watch(locator: Locator, inner?: string): Promise<Watch> {
    const before = await locator.count();
    return {
      next: async (timeout = WAIT.reply) => {
        const item = locator.nth(before);
        await item.waitFor({ timeout });
        await item.scrollIntoViewIfNeeded();
        return this.pin(item, inner);
      },
    };
  }

  /** Watches for the next Adaptive Card showing `text` (see `watch`). */
  async watchCard(text: string | RegExp): Promise<Watch> {
    return this.watch(this.cards(text), '.ac-adaptiveCard');
  }

  /**
   * A locator for this element that stays on it. Playwright's locators are queries run again at each use:
   * `nth(i)` of "cards showing X" moves when an earlier card is later updated to show X too. The element's
   * chat message (kept by the page when the bot updates a card; the card inside is rendered anew) gets a
   * mark, and the pinned locator finds that mark.
   */
  private async pin(item: Locator, inner?: string): Promise<Locator> {
    const mark = `walk-${++this.marks}`;
    const message = item.locator('xpath=ancestor-or-self::div[div[@aria-label="Message header"]][1]');
    const holder = (await message.count()) > 0 ? message : item;
    await holder.evaluate((element, value) => element.setAttribute('data-walk', value), mark);
    const pinned = this.page.locator(`[data-walk="${mark}"]`);
    return inner && holder !== item ? pinned.locator(inner) : pinned;
  }

  /** Types a message in the personal chat and sends it with Enter; resolves once the chat shows it. */
  async say(text: string): Promise<void> {
    const sent = await this.watch(this.userMessages(text));
    await this.editor().click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    await sent.next(WAIT.ui);
  }

  /**
   * Replies in a channel post's thread; with `mention`, the reply starts with an @mention of the bot picked
   * from the editor's menu (the only way a channel message reaches the bot). Resolves once the thread shows it.
   */
  async reply(post: Locator, text: string, options: { mention?: boolean } = {}): Promise<void> {
    const editor = post.locator('[data-lexical-editor="true"]');
    const sent = await this.watch(post.getByText(text));
    await editor.click();
    if (options.mention) {
      await this.page.keyboard.type(`@${BOT.split(' ')[0]}`);
      await this.page.locator('#typeahead-menu').getByRole('menuitem', { name: BOT }).click();
      await this.page.keyboard.type(' ');
    }
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    // Sent, the editor empties; then the thread shows the reply.
    await editor.filter({ hasText: text }).waitFor({ state: 'hidden' });
    await sent.next(WAIT.ui);
  }

  /** Presses a card's button (an action, by its title). */
  async press(card: Locator, title: string): Promise<void> {
    const button = card.getByRole('button', { name: title, exact: true });
    await button.scrollIntoViewIfNeeded();
    await button.click();
  }

  /** Fills a card's text input (found by its label). */
  async fill(card: Locator, label: string, value: string): Promise<void> {
    const input = card.getByLabel(label, { exact: true });
    await input.fill(value);
  }

  /** Picks a choice of a card's expanded choice set (radio buttons, by the choice's title). */
  async choose(card: Locator, choice: string): Promise<void> {
    await card.getByRole('radio', { name: choice, exact: true }).check();
  }

  /** The visible text of a locator (a card, a message, a post), whitespace as rendered. */
  async text(locator: Locator): Promise<string> {
    return locator.innerText();
  }

  private editor(): Locator {
    return this.page.locator('[data-lexical-editor="true"]').last();
  }
}

/** One walk: the bot, the Playground, Chromium, and the steps' screenshots. */
export class Walk {
  private shots = 0;
  private recorded = false;

  private constructor(
    readonly name: string,
    readonly dir: string,
    readonly app: App,
    private readonly dataDir: string,
    readonly playground: Playground,
    readonly context: BrowserContext,
    private readonly profile: string,
    readonly teams: Teams,
  ) {}

  /** Starts everything for walk `name` (results in `test-results/<name>/`, emptied first). */
  private static async start(name: string, options: { locale?: string } = {}): Promise<Walk> {
    const missing = chromiumMissing();
    if (missing) throw new Error(missing);
    const dir = path.join(RESULTS, name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const dataDir = tempDataDir();
    const log = pino.destination({ dest: path.join(dir, 'bot.log'), sync: true });
    const app = await startBot(testConfig(dataDir, { ...QUIET, LOG_LEVEL: 'debug' }), {
      logger: createLogger('debug', log),
    });
    let playground: Playground | undefined;
    let context: BrowserContext | undefined;
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-chromium-'));
    try {
      playground = await Playground.start(`${app.url}/api/messages`, WAIT.ui);
      context = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath(),
        args: CHROMIUM_FLAGS,
        headless: true,
        viewport: { width: 1400, height: 1300 },
        locale: options.locale ?? 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      context.setDefaultTimeout(WAIT.ui);
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(playground.url, { waitUntil: 'load' });
      // The log panel repeats every message; hidden, the page shows the conversation only.
      await page.getByTitle('Hide log panel').click();
      return new Walk(name, dir, app, dataDir, playground, context, profile, new Teams(page));
    } catch (error) {
      await context?.close().catch(() => undefined);
      await playground?.stop().catch(() => undefined);
      await app.close().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(profile, { recursive: true, force: true });
      throw error;
    }
  }

  get page(): Page {
    return this.teams.page;
  }

  /**
   * Runs walk `name` (see `start`) and always stops it. Whatever fails in it, a step or a check between
   * steps, leaves `FAILED.png` (the Teams page as it was) and `FAILED.txt` beside the bot's log.
   */
  static async run(
    name: string,
    options: { locale?: string },
    body: (walk: Walk) => Promise<void>,
  ): Promise<void> {
    const walk = await Walk.start(name, options);
    try {
      await body(walk);
    } catch (error) {
      await walk.record(error, 'FAILED', walk.page);
      throw error;
    } finally {
      await walk.close();
    }
  }

  /**
   * One step of the walk: runs it, then screenshots the page (or `shoot`, another page such as the upload
   * page) as `NN-<name>.png`. A step that fails leaves `NN-<name>-FAILED.png` and says which step it was.
   */
  async step<T>(name: string, run: () => Promise<T>, shoot: Page = this.page): Promise<T> {
    const file = `${String(++this.shots).padStart(2, '0')}-${name}`;
    let result: T;
    try {
      result = await run();
    } catch (error) {
      await this.record(error, `${file}-FAILED`, shoot);
      throw new Error(
        `walk ${this.name}, step "${name}" failed (see test-results/${this.name}/${file}-FAILED.png, ` +
          `FAILED.txt and bot.log): ${(error as Error).message}`,
        { cause: error },
      );
    }
    await shoot.screenshot({ path: path.join(this.dir, `${file}.png`) });
    return result;
  }

  /** Leaves `<file>.png` of `page` and, once per walk, `FAILED.txt`: the error and what the page showed. */
  private async record(error: unknown, file: string, page: Page): Promise<void> {
    if (this.recorded) return;
    this.recorded = true;
    await page.screenshot({ path: path.join(this.dir, `${file}.png`) }).catch(() => undefined);
    const shown = await page
      .locator('body')
      .innerText()
      .catch((e: unknown) => `(could not read the page: ${String(e)})`);
    fs.writeFileSync(
      path.join(this.dir, 'FAILED.txt'),
      `${file}: ${(error as Error).stack ?? String(error)}\n\nThe page showed:\n${shown}\n`,
    );
  }

  /** A second page in the same browser (the upload page a link opens). */
  async newPage(): Promise<Page> {
    const page = await this.context.newPage();
    return page;
  }

  /** Stops Chromium, the Playground and the bot; removes the data folder and the browser profile. */
  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await this.playground.stop().catch(() => undefined);
    await this.app.close().catch(() => undefined);
    fs.rmSync(this.dataDir, { recursive: true, force: true });
    fs.rmSync(this.profile, { recursive: true, force: true });
  }
}

/** What the user reads and presses on the way to the log-collection card, in each language. */
const WORDS = {
  'zh-CN': {
    problem: '问题定义',
    kb: '补丁（KB）',
    error: '报错代码',
    machines: '受影响机器数量',
    contact: '联系人',
    confirm: '确认',
    scope: '问题范围',
    accept: '同意，继续',
    logs: '日志收集',
    openUpload: '打开上传链接',
  },
  en: {
    problem: 'Problem definition',
    kb: 'Update (KB)',
    error: 'Error code',
    machines: 'Machines affected',
    contact: 'Contact',
    confirm: 'Confirm',
    scope: 'Scope of this case',
    accept: 'Agree, continue',
    logs: 'Log collection',
    openUpload: 'Open the upload link',
  },
} as const;

/** A case opened in the personal chat and walked to its log-collection card. */
export interface OpenedCase {
  caseNumber: string;
  /** What the problem card drafted from the first message, before it was confirmed. */
  drafted: { kb: string; error: string; machines: string };
  scope: Locator;
  logCard: Locator;
  /**
   * The log-collection card's upload link: the Playground renders the card's "open the upload link" button
   * as a link whose tooltip (title) is the URL, but does not open it.
   */
  uploadLink: string;
}

/**
 * Steps `chat-greeting`, `problem-card`, `problem-confirmed` and `log-collection-card`: the personal chat
 * opened (the bot greets), the user's first message, the problem card (read, then `contact` filled in and
 * confirmed), the scope accepted, the log-collection card.
 */
export async function openCase(
  walk: Walk,
  language: keyof typeof WORDS,
  first: string,
  contact: string,
): Promise<OpenedCase> {
  const { teams } = walk;
  const w = WORDS[language];
  await walk.step('chat-greeting', async () => {
    await teams.openChat();
    await teams.botMessages().first().waitFor({ timeout: WAIT.reply });
  });
  const problem = await walk.step('problem-card', async () => {
    const card = await teams.watchCard(w.problem);
    await teams.say(first);
    return card.next();
  });
  const caseNumber = caseNumberIn(await teams.text(problem));
  const value = (label: string) => problem.getByLabel(label, { exact: true }).inputValue();
  const drafted = { kb: await value(w.kb), error: await value(w.error), machines: await value(w.machines) };
  const scope = await walk.step('problem-confirmed', async () => {
    await teams.fill(problem, w.contact, contact);
    const next = await teams.watchCard(w.scope);
    await teams.press(problem, w.confirm);
    return next.next();
  });
  const logCard = await walk.step('log-collection-card', async () => {
    const next = await teams.watchCard(w.logs);
    await teams.press(scope, w.accept);
    return next.next();
  });
  const uploadLink = await logCard
    .getByRole('link', { name: w.openUpload, exact: true })
    .getAttribute('title');
  if (!uploadLink) throw new Error(`the log-collection card's "${w.openUpload}" has no URL`);
  return { caseNumber, drafted, scope, logCard, uploadLink };
}

/**
 * Steps `archived-with-consent` and `survey-answered` in the personal chat, in `language`: the closure
 * card's accept button, then the survey scored 5 with `comment`; resolves with the summary card that follows.
 * The labels are the catalogue's, so the walk presses what the user reads.
 */
export async function archiveWithSurvey(
  walk: Walk,
  closure: Locator,
  caseNumber: string,
  comment: string,
  language: Locale = 'zh-CN',
): Promise<Locator> {
  const { teams } = walk;
  const say = (key: string, vars?: Record<string, string>) => t(language, key, vars);
  const survey = await walk.step('archived-with-consent', async () => {
    const next = await teams.watchCard(say('card.survey.title'));
    await teams.press(closure, say('card.closure.accept'));
    await closure.getByText(say('card.closure.answeredAccepted')).waitFor({ timeout: WAIT.reply });
    return next.next();
  });
  return walk.step('survey-answered', async () => {
    await teams.choose(survey, say('card.survey.score5'));
    await teams.fill(survey, say('card.survey.commentLabel'), comment);
    const next = await teams.watchCard(say('card.summary.title', { caseNumber }));
    await teams.press(survey, say('card.survey.submit'));
    return next.next();
  });
}

/** The case number a text shows. */
export function caseNumberIn(text: string): string {
  const found = /CAS-\d{5}-[A-Z0-9]{6}/.exec(text)?.[0];
  if (!found) throw new Error(`no case number in: ${text}`);
  return found;
}
