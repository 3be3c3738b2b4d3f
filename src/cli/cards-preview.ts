/**
 * `npm run cards:preview`: every card template, expanded with its sample data in both languages,
 * rendered by the official Adaptive Cards renderer into one HTML gallery, and a screenshot of it taken
 * in headless Chromium — so a person can look at all cards at once. Writes to cards-preview/ (ignored).
 * The gallery itself lives in tools/cardsPreview.ts (test/cards/preview.test.ts uses it too).
 */
import path from 'node:path';
import {
  chromiumMissing,
  isCjkFont,
  launchChromium,
  renderGallery,
  writeGallery,
} from '../../tools/cardsPreview';

const OUT = path.resolve(__dirname, '../../cards-preview');

async function main(): Promise<void> {
  const htmlFile = writeGallery(OUT);
  process.stdout.write(`gallery:    ${htmlFile}\n`);
  const missing = chromiumMissing();
  if (missing) {
    process.stdout.write(`screenshot: skipped (${missing})\n`);
    return;
  }
  const browser = await launchChromium();
  try {
    const run = await renderGallery(browser, htmlFile, path.join(OUT, 'cards.png'));
    process.stdout.write(`screenshot: ${run.pngFile}\n`);
    process.stdout.write(
      `cards:      ${new Set(run.cards.map((c) => c.id)).size} templates, ${run.cards.length} cards rendered\n`,
    );
    if (!run.chineseFonts.some(isCjkFont)) {
      process.stdout.write(
        `warning:    Chinese text drawn without a CJK font (${run.chineseFonts.join(', ') || 'none'}); apt-get install fonts-noto-cjk\n`,
      );
    }
    const failed = run.cards.filter((c) => c.errors.length > 0);
    if (failed.length > 0) {
      const detail = failed.map((c) => `  ${c.id}/${c.locale}: ${c.errors.join('; ')}`).join('\n');
      throw new Error(`the renderer reported problems with ${failed.length} card(s):\n${detail}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`cards:preview failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
