/**
 * `npm run cards:preview`: every card template, expanded with its sample data in both languages,
 * rendered by the official Adaptive Cards renderer into one HTML gallery, and a screenshot of it taken
 * in headless Chromium — so a person can look at all cards at once. Writes to cards-preview/ (ignored).
 */
import fs from 'node:fs';
import path from 'node:path';
import { LOCALES } from '../../dialogs/locale';
import { CARDS_DIR, cardIds, renderCard } from '../cards/render';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'cards-preview');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function galleryHtml(): string {
  const cards = cardIds().flatMap((id) =>
    LOCALES.map((locale) => {
      const sample = JSON.parse(fs.readFileSync(path.join(CARDS_DIR, `${id}.sample.json`), 'utf8')) as Record<
        string,
        unknown
      >;
      return { id, locale, card: renderCard(id, locale, sample).card };
    }),
  );
  const renderer = fs.readFileSync(
    path.join(ROOT, 'node_modules/adaptivecards/dist/adaptivecards.min.js'),
    'utf8',
  );
  return `<!doctype html><html><head><meta charset="utf-8"><title>Cards</title>
<style>body{font-family:"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f5f5f5;margin:16px}
.grid{display:grid;grid-template-columns:repeat(2,480px);gap:16px}.cell{background:#fff;border-radius:8px;padding:12px;box-shadow:0 1px 3px #0003}
h2{font-size:13px;color:#605e5c;margin:0 0 8px}.ac-pushButton{margin:4px 0}</style>
<script>${renderer}</script></head><body><div class="grid" id="grid"></div>
<script>
const cards = ${JSON.stringify(cards).replace(/</g, '\\u003c')};
const errors = [];
for (const c of cards) {
  const cell = document.createElement('div'); cell.className = 'cell';
  const h = document.createElement('h2'); h.textContent = c.id + ' · ' + c.locale; cell.appendChild(h);
  const ac = new AdaptiveCards.AdaptiveCard();
  ac.parse(c.card);
  const el = ac.render();
  if (!el) errors.push(c.id + '/' + c.locale);
  else cell.appendChild(el);
  document.getElementById('grid').appendChild(cell);
}
document.body.dataset.rendered = String(cards.length - errors.length);
document.body.dataset.errors = errors.join(',');
</script></body></html>`;
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const htmlFile = path.join(OUT, 'index.html');
  fs.writeFileSync(htmlFile, galleryHtml());
  process.stdout.write(`gallery:    ${htmlFile}\n`);
  if (!fs.existsSync(CHROMIUM)) {
    process.stdout.write(`screenshot: skipped (no Chromium at ${CHROMIUM}; apt-get install chromium)\n`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1040, height: 900 } });
    await page.goto(`file://${htmlFile}`);
    await page.waitForFunction('document.body.dataset.rendered !== undefined');
    const errors = (await page.evaluate('document.body.dataset.errors')) as string;
    const png = path.join(OUT, 'cards.png');
    await page.screenshot({ path: png, fullPage: true });
    process.stdout.write(`screenshot: ${png}\n`);
    if (errors) throw new Error(`cards the renderer could not render: ${errors}`);
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`cards:preview failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
