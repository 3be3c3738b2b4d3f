/**
 * A hand walk through Microsoft's Agents Playground (not a test): the reference case as the bank's IT admin
 * would do it, with the customer's CMGE collector zips (one per terminal, Chinese category folders), in the
 * Playground's own web UI in headless Chromium, with screenshots for a person to look at.
 * Usage: npx tsx test/devtools/walk-uploads.ts <out-dir> [zh-CN|en] [file ...]
 * With files, those are uploaded one by one (real logs, e.g. from test/corpus/logs) instead of the CMGE zips.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cmgeZip, referenceCbsLog } from '../diagnosis/layouts.fixtures';
import { cardText, type Post } from './playgroundClient';
import { startWalk } from './walkSession';

const out = process.argv[2] ?? '/tmp/walk';
const lang = process.argv[3] === 'en' ? 'en' : 'zh-CN';
const files = process.argv.slice(4);

const cardWith =
  (chat: string, verb: string, text?: string) =>
  (p: Post): boolean =>
    p.conversationId === chat &&
    p.kind === 'new' &&
    JSON.stringify(p.card ?? {}).includes(verb) &&
    (!text || cardText(p).includes(text));

void (async () => {
  const { app, pg, page, snap, close } = await startWalk(out, lang);
  try {
    const chat = pg.personalChatId;
    const first =
      lang === 'zh-CN'
        ? '你好，我们支行两台终端安装 KB5011503 失败，报错 0x80073712，LTSC 1809，走行内 WSUS，不能上外网。联系人 张工'
        : 'Hello, two of our branch terminals fail to install KB5011503 with 0x80073712 (LTSC 1809, internal WSUS, no internet).';
    let at = await pg.say(chat, first);
    const problem = await pg.waitFor('problem card', cardWith(chat, 'problem-definition.confirm'), {
      after: at,
      timeoutMs: 30_000,
    });

    at = await pg.press(problem, 'problem-definition.confirm');
    const scope = await pg.waitFor('scope card', cardWith(chat, 'scope.accept'), { after: at });
    at = await pg.press(scope, 'scope.accept');
    const logCard = await pg.waitFor(
      'log card',
      (p) => p.conversationId === chat && p.kind === 'new' && /\/upload\//.test(JSON.stringify(p.card ?? {})),
      { after: at },
    );
    const link = /https?:\/\/[^"\s)]+\/upload\/(CAS-[A-Za-z0-9_-]+)/.exec(JSON.stringify(logCard.card))!;
    const api = `${app.url}/api/uploads/${link[1]}`;
    const uploads: Array<{ name: string; body: Buffer; expect: string }> = files.length
      ? files.map((f) => ({
          name: path.basename(path.dirname(f)) + '-' + path.basename(f),
          body: fs.readFileSync(f),
          expect: '',
        }))
      : await Promise.all(
          ['TERM-0231', 'TERM-0232'].map(async (host) => ({
            // The collector writes CMGE_Log.zip on the desktop; users rename it or not: the second keeps the default.
            name: host === 'TERM-0231' ? `CMGE_Log_${host}.zip` : 'CMGE_Log.zip',
            body: await cmgeZip(host, { cbs: referenceCbsLog() }),
            expect: host,
          })),
        );
    for (const u of uploads) {
      at = pg.cursor();
      const res = await fetch(`${api}?name=${encodeURIComponent(u.name)}`, { method: 'PUT', body: u.body });
      console.log('PUT', u.name, res.status, await res.text());
      await pg.waitFor(`diagnosis of ${u.name}`, cardWith(chat, 'diagnosis.engineer', u.expect), {
        after: at,
        timeoutMs: 60_000,
      });
    }
    await page.waitForTimeout(3000);
    await page.goto(pg.url, { waitUntil: 'networkidle' });
    await page.getByText('Personal Chat').first().click();
    await snap('chat-end');
    // Scroll up through the conversation, one screen at a time.
    for (let i = 1; i <= 8; i++) {
      await page.mouse.move(650, 500);
      await page.mouse.wheel(0, -800);
      await snap(`chat-up-${i}`);
    }
    // Scroll the chat to show everything since the first diagnosis.
    const posts = pg.all().filter((p) => p.conversationId === chat);
    fs.writeFileSync(
      path.join(out, 'transcript.txt'),
      posts.map((p) => `--- ${p.kind}\n${p.text ?? ''}\n${p.card ? cardText(p) : ''}`).join('\n'),
    );
  } finally {
    await close();
  }
})();
