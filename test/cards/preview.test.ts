/**
 * `npm run cards:preview` for real: the gallery of every card template (found in cards/, in every
 * locale) is rendered by the official Adaptive Cards renderer in Debian's headless Chromium, and what
 * the page recorded per card is checked, then the screenshot. Chromium is required: CI installs it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { LOCALES } from '../../src/domain/locale';
import { CARDS_DIR } from '../../src/cards/render';
import type { GalleryRun } from '../../tools/cardsPreview';
import {
  chromiumMissing,
  isCjkFont,
  launchChromium,
  renderGallery,
  writeGallery,
} from '../../tools/cardsPreview';

// Starting Chromium and rendering every card takes seconds on a 2-core machine: once per file.
jest.setTimeout(120_000);

const CJK = /[\u4e00-\u9fff]/;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Read from cards/ here, independently of the gallery, so a card the gallery drops is noticed. */
const templateIds = readdirSync(CARDS_DIR)
  .filter((file) => file.endsWith('.template.json'))
  .map((file) => file.slice(0, -'.template.json'.length))
  .sort();

let workDir: string | undefined;
let browser: Browser | undefined;
let run: GalleryRun;

beforeAll(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(`headless Chromium is needed for the card preview test; ${missing}`);
  workDir = mkdtempSync(path.join(os.tmpdir(), 'cards-preview-test-'));
  const htmlFile = writeGallery(workDir);
  browser = await launchChromium();
  run = await renderGallery(browser, htmlFile, path.join(workDir, 'cards.png'));
});

afterAll(async () => {
  await browser?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

it('finds card templates to preview', () => {
  expect(templateIds.length).toBeGreaterThan(0);
});

it('shows every card template in every locale, once', () => {
  const expected = templateIds.flatMap((id) => LOCALES.map((locale) => `${id}/${locale}`)).sort();
  expect(run.cards.map((card) => `${card.id}/${card.locale}`).sort()).toEqual(expected);
});

it('renders every card without parse, validation or expansion errors', () => {
  const problems = run.cards
    .filter((card) => card.errors.length > 0)
    .map((card) => `${card.id}/${card.locale}: ${card.errors.join('; ')}`);
  expect(problems).toEqual([]);
});

it('gives every rendered card a height and visible text', () => {
  const empty = run.cards
    .filter((card) => !(card.height > 0) || card.text.length === 0)
    .map((card) => `${card.id}/${card.locale} (height ${card.height}, ${card.text.length} characters)`);
  expect(empty).toEqual([]);
});

it('writes the Chinese cards in Chinese, drawn with a CJK font', () => {
  const chinese = run.cards.filter((card) => card.locale === 'zh-CN');
  expect(chinese.length).toBe(templateIds.length);
  expect(chinese.filter((card) => !CJK.test(card.text)).map((card) => card.id)).toEqual([]);
  if (!run.chineseFonts.some(isCjkFont)) {
    throw new Error(
      `Chinese text was drawn with ${run.chineseFonts.join(', ') || 'no font'}: apt-get install fonts-noto-cjk`,
    );
  }
});

it('screenshots the gallery as a real PNG of a plausible size', () => {
  const png = readFileSync(run.pngFile);
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect(width).toBeGreaterThanOrEqual(1000); // two 480 px columns
  // Full page: at least the tallest card, and at least half of all cards stacked (two columns).
  const heights = run.cards.map((card) => card.height);
  expect(height).toBeGreaterThanOrEqual(Math.max(...heights));
  expect(height).toBeGreaterThanOrEqual(heights.reduce((sum, h) => sum + h, 0) / 2);
  const bytes = statSync(run.pngFile).size;
  expect(bytes).toBeGreaterThan(20_000);
  expect(bytes).toBeLessThan(50_000_000);
});

it('records what the renderer complains about, so the checks above can fail', async () => {
  const broken = writeGallery(path.join(workDir!, 'broken'), [
    {
      id: 'unknown-element',
      locale: 'en',
      card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Bogus' }] },
    },
    {
      id: 'input-without-id',
      locale: 'en',
      card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Text' }] },
    },
    { id: 'no-sample', locale: 'zh-CN', error: 'no sample data' },
  ]);
  const result = await renderGallery(browser!, broken, path.join(workDir!, 'broken', 'cards.png'));
  expect(result.cards.map((card) => [card.id, card.errors])).toEqual([
    ['unknown-element', [expect.stringMatching(/^parse: UnknownElementType/)]],
    ['input-without-id', [expect.stringMatching(/^validation: PropertyCantBeNull/)]],
    ['no-sample', ['no sample data']],
  ]);
  expect(result.cards[2].height).toBe(0);
});
