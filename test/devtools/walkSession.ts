/**
 * What every hand walk through the Agents Playground starts with (not a test): the bot on a fresh data
 * folder, the Playground in front of it, headless Chromium on its page, numbered screenshots, and one
 * `close` that stops them all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { App } from '../../src/app';
import { CHROMIUM_FLAGS, chromiumPath } from '../../tools/cardsPreview';
import { startBot, tempDataDir, testConfig } from '../e2e/harness';
import { Playground } from './playgroundClient';

export interface WalkSession {
  app: App;
  pg: Playground;
  page: Page;
  /** A screenshot of the page as `<out>/<nn>-<name>.png`, after the page settled a moment. */
  snap(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startWalk(out: string, lang: string): Promise<WalkSession> {
  fs.mkdirSync(out, { recursive: true });
  const dataDir = tempDataDir();
  const app = await startBot(testConfig(dataDir, { FOLLOW_UPS: '30d,60d,90d,120d' }));
  const pg = await Playground.start(`${app.url}/api/messages`);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: lang });
  let shot = 0;
  return {
    app,
    pg,
    page,
    async snap(name) {
      await page.waitForTimeout(1500);
      const file = path.join(out, `${String(++shot).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      console.log('screenshot', file);
    },
    async close() {
      await browser.close();
      await pg.stop().catch(() => undefined);
      await app.close().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
