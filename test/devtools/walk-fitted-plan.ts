/**
 * A hand walk through Microsoft's Agents Playground (not a test): issue 13's loose ends as the bank's IT
 * admin meets them. "?" after the problem card (the older card freezes), the WSUS the admin names in the
 * first message (the logs carry no policy), stage 1 fails, and the DISM stage shows only the WSUS steps,
 * the others behind a button. Screenshots for a person to look at.
 * Usage: npx tsx test/devtools/walk-fitted-plan.ts <out-dir> [zh-CN|en]
 */
import { cmgeZip, referenceCbsLog } from '../diagnosis/layouts.fixtures';
import type { Post } from './playgroundClient';
import { startWalk } from './walkSession';

const out = process.argv[2] ?? '/tmp/walk-fitted';
const lang = process.argv[3] === 'en' ? 'en' : 'zh-CN';

const cardWith =
  (chat: string, verb: string) =>
  (p: Post): boolean =>
    p.conversationId === chat && p.kind === 'new' && JSON.stringify(p.card ?? {}).includes(verb);

void (async () => {
  const { app, pg, page, snap, close } = await startWalk(out, lang);
  try {
    const chat = pg.personalChatId;
    const first =
      lang === 'zh-CN'
        ? '你好，我们支行两台终端安装 KB5011503 失败，报错 0x80073712，LTSC 1809，走行内 WSUS，不能上外网。联系人 张工'
        : 'Two of our branch terminals fail to install KB5011503 with 0x80073712 (LTSC 1809, internal WSUS, no internet).';
    let at = await pg.say(chat, first);
    await pg.waitFor('problem card', cardWith(chat, 'problem-definition.confirm'), {
      after: at,
      timeoutMs: 30_000,
    });
    at = await pg.say(chat, '?');
    const problem = await pg.waitFor('problem card again', cardWith(chat, 'problem-definition.confirm'), {
      after: at,
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
    for (const host of ['TERM-0231', 'TERM-0232']) {
      at = pg.cursor();
      const body = await cmgeZip(host, { cbs: referenceCbsLog() });
      const res = await fetch(`${api}?name=CMGE_Log_${host}.zip`, { method: 'PUT', body });
      console.log('PUT', host, res.status);
      await pg.waitFor(`diagnosis of ${host}`, cardWith(chat, 'diagnosis.engineer'), {
        after: at,
        timeoutMs: 60_000,
      });
    }
    await pg.waitFor('stage 1', cardWith(chat, 'remediation.failing'), { timeoutMs: 60_000 });
    at = await pg.say(chat, lang === 'zh-CN' ? '还是不行' : 'still failing');
    const verify = await pg.waitFor('verify card', cardWith(chat, 'verify.next'), { after: at });
    at = await pg.press(verify, 'verify.next');
    await pg.waitFor('stage 2', cardWith(chat, 'remediation.failing'), { after: at });
    // The page is loaded once, at the end: loading it installs the app again (the greeting card).
    await page.waitForTimeout(2000);
    await page.goto(pg.url, { waitUntil: 'networkidle' });
    await page.getByText('Personal Chat').first().click();
    await page.waitForTimeout(3000);
    const others = page.getByText(
      lang === 'zh-CN' ? '查看其他更新环境的做法' : 'Steps for other update environments',
    );
    await others.last().scrollIntoViewIfNeeded();
    await snap('stage-2-wsus-only');
    await others.last().click();
    await snap('stage-2-other-environments');
    for (let i = 1; i <= 10; i++) {
      await page.mouse.move(650, 500);
      await page.mouse.wheel(0, -800);
      await snap(`chat-up-${i}`);
    }
  } finally {
    await close();
  }
})();
