/**
 * The card gallery behind `npm run cards:preview` and test/cards/preview.test.ts: every card template,
 * expanded with its sample data in every locale, rendered in a page by the official Adaptive Cards
 * renderer and screenshot in headless Chromium. The page records what the renderer said about each card
 * on the card's cell (`data-*` attributes), so a caller can check the result and not only look at it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { LOCALES } from '../src/domain/locale';
import type { Locale } from '../src/domain/locale';
import { CARDS_DIR, cardIds, renderCard } from '../src/cards/render';

const ROOT = path.resolve(__dirname, '..');
const RENDERER = path.join(ROOT, 'node_modules/adaptivecards/dist/adaptivecards.min.js');

/** Headless Chromium on a closed network: no sandbox (root in CI), no GPU, nothing that phones home. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Debian's Chromium, or `$CHROMIUM_PATH`. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** Why Chromium cannot be launched, or undefined when it can. */
export function chromiumMissing(): string | undefined {
  const file = chromiumPath();
  if (fs.existsSync(file)) return undefined;
  return `no Chromium at ${file}: apt-get install chromium (or set CHROMIUM_PATH)`;
}

export async function launchChromium(): Promise<Browser> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  // Required lazily: playwright-core is a devDependency and only this dev tool needs it.
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
}

/** One cell of the gallery: a card expanded for one locale, or why it could not be expanded. */
export interface GalleryEntry {
  id: string;
  locale: Locale;
  card?: object;
  error?: string;
}

/** Every template in cards/ with its `<id>.sample.json`, in every locale. */
export function galleryEntries(): GalleryEntry[] {
  return cardIds()
    .sort()
    .flatMap((id) =>
      LOCALES.map((locale): GalleryEntry => {
        try {
          const sampleFile = path.join(CARDS_DIR, `${id}.sample.json`);
          if (!fs.existsSync(sampleFile))
            throw new Error(`no sample data: cards/${id}.sample.json is missing`);
          const sample = JSON.parse(fs.readFileSync(sampleFile, 'utf8')) as Record<string, unknown>;
          return { id, locale, card: renderCard(id, locale, sample).card };
        } catch (error) {
          return { id, locale, error: `expanding the template failed: ${(error as Error).message}` };
        }
      }),
    );
}

/**
 * The gallery page. Each `.cell` carries `data-card`, `data-locale`, `data-errors` (a JSON array of the
 * renderer's parse and validation events, empty when clean) and `data-status` (`ok` or `error`);
 * `body[data-done]` is set once every card has been tried, and `window.cardResults()` measures them.
 */
export function galleryHtml(entries: GalleryEntry[]): string {
  const renderer = fs.readFileSync(RENDERER, 'utf8');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Cards</title>
<style>body{font-family:"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f5f5f5;margin:16px}
.grid{display:grid;grid-template-columns:repeat(2,480px);gap:16px}.cell{background:#fff;border-radius:8px;padding:12px;box-shadow:0 1px 3px #0003}
h2{font-size:13px;color:#605e5c;margin:0 0 8px}.ac-pushButton{margin:4px 0}
.errors{color:#a4262c;font-size:12px;white-space:pre-wrap;margin:8px 0 0}</style>
<script>${renderer}</script></head><body><div class="grid" id="grid"></div>
<script>
const entries = ${JSON.stringify(entries).replace(/</g, '\\u003c')};
for (const c of entries) {
  const cell = document.createElement('div');
  cell.className = 'cell';
  cell.dataset.card = c.id;
  cell.dataset.locale = c.locale;
  cell.lang = c.locale; // so Chromium draws Chinese with Simplified Chinese glyphs, not Japanese ones
  const h = document.createElement('h2');
  h.textContent = c.id + ' · ' + c.locale;
  cell.appendChild(h);
  const errors = c.error ? [c.error] : [];
  if (c.card) {
    try {
      const ac = new AdaptiveCards.AdaptiveCard();
      const context = new AdaptiveCards.SerializationContext();
      ac.parse(c.card, context);
      for (let i = 0; i < context.eventCount; i++) {
        const e = context.getEventAt(i);
        errors.push('parse: ' + AdaptiveCards.ValidationEvent[e.event] + ': ' + e.message);
      }
      for (const e of ac.validateProperties().validationEvents) {
        errors.push('validation: ' + AdaptiveCards.ValidationEvent[e.event] + ': ' + e.message);
      }
      const el = ac.render();
      if (el) cell.appendChild(el);
      else errors.push('render: the renderer returned nothing');
    } catch (error) {
      errors.push('render: threw ' + (error && error.message ? error.message : String(error)));
    }
  }
  if (errors.length) {
    const p = document.createElement('pre');
    p.className = 'errors';
    p.textContent = errors.join('\\n');
    cell.appendChild(p);
  }
  cell.dataset.errors = JSON.stringify(errors);
  cell.dataset.status = errors.length ? 'error' : 'ok';
  document.getElementById('grid').appendChild(cell);
}
window.cardResults = () =>
  [...document.querySelectorAll('.cell')].map((cell) => {
    const card = cell.querySelector('.ac-adaptiveCard');
    return {
      id: cell.dataset.card,
      locale: cell.dataset.locale,
      errors: JSON.parse(cell.dataset.errors),
      height: card ? card.getBoundingClientRect().height : 0,
      text: card ? card.innerText.trim() : '',
    };
  });
document.body.dataset.done = 'true';
</script></body></html>`;
}

/** What the page says about one card after rendering. */
export interface CardResult {
  id: string;
  locale: string;
  /** The renderer's parse and validation events (and expansion or render failures); empty when clean. */
  errors: string[];
  /** Height of the rendered card in CSS pixels; 0 when nothing was rendered. */
  height: number;
  /** The rendered card's visible text (`innerText`). */
  text: string;
}

export interface GalleryRun {
  htmlFile: string;
  pngFile: string;
  cards: CardResult[];
  /** Families of the fonts Chromium actually used for the Chinese cards' text. */
  chineseFonts: string[];
}

/** Writes `<outDir>/index.html` for the given cards (by default all of them); returns its path. */
export function writeGallery(outDir: string, entries: GalleryEntry[] = galleryEntries()): string {
  fs.mkdirSync(outDir, { recursive: true });
  const htmlFile = path.join(outDir, 'index.html');
  fs.writeFileSync(htmlFile, galleryHtml(entries));
  return htmlFile;
}

/** Opens the gallery in the browser, waits for the cards and fonts, reads the results, screenshots it. */
export async function renderGallery(
  browser: Browser,
  htmlFile: string,
  pngFile: string,
): Promise<GalleryRun> {
  const page = await browser.newPage({ viewport: { width: 1040, height: 900 } });
  try {
    await page.goto(`file://${htmlFile}`);
    await page.waitForSelector('body[data-done]', { state: 'attached' });
    await page.evaluate('document.fonts.ready');
    const cards = (await page.evaluate('window.cardResults()')) as CardResult[];
    const chineseFonts = await fontsUsed(page, '.cell[data-locale="zh-CN"] .ac-adaptiveCard *');
    await page.screenshot({ path: pngFile, fullPage: true });
    return { htmlFile, pngFile, cards, chineseFonts };
  } finally {
    await page.close();
  }
}

/** Does a font family cover Chinese (Noto/Source Han CJK, WenQuanYi, Droid fallback, Windows' own)? */
export function isCjkFont(family: string): boolean {
  return /CJK|Source Han|WenQuanYi|Droid Sans Fallback|YaHei|SimSun|SimHei|PingFang|Hiragino/i.test(family);
}

/** The platform fonts Chromium used to draw the text directly inside the elements `selector` matches. */
async function fontsUsed(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
    const families = new Set<string>();
    for (const nodeId of nodeIds) {
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      for (const font of fonts) families.add(font.familyName);
    }
    return [...families].sort();
  } finally {
    await cdp.detach();
  }
}
