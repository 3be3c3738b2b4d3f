// Walk (d), the plan changed by what the admin says mid-remediation, in zh-CN, in the Playground's page: one
// terminal whose collector zip carries no update policy, so the DISM stage first shows every update source's
// steps; "我们走的是行内WSUS" said back and the DISM card sent again with only the WSUS steps (the older copy
// frozen); DISM fails; at the in-place repair stage "我们没有安装介质" passes that stage over; later
// "拿到安装盘了" puts it back in the plan. The reset stage met on the way says what a WSUS-only terminal can
// use (no Cloud download). Screenshots: test-results/plan-changes/.

import { collectorBundle } from '../transcripts/fixtures';
import { openCase, Walk, WAIT } from './teams';

jest.setTimeout(20 * 60_000);

const HOST = 'TERM-0231';

it('the plan follows what the admin says: WSUS named at the DISM stage, no media, then media', () =>
  Walk.run('plan-changes', {}, async (walk) => {
    const { teams } = walk;
    const { uploadLink: link } = await openCase(
      walk,
      'zh-CN',
      'KB5011503 在一台柜面终端上安装失败，报错 0x80073712，系统是 Windows 10 企业版 LTSC 2019',
      '张工 138-0000-0000',
    );

    // The collector zip sent through the upload page; its logs name no update policy.
    const upload = await walk.newPage();
    const zip = await collectorBundle({
      machine: HOST,
      logs: 'component-store-corrupt',
      day: '2022-05-19',
      source: 'internet',
    });
    await walk.step(
      'zip-uploaded',
      async () => {
        await upload.goto(link);
        const [chooser] = await Promise.all([
          upload.waitForEvent('filechooser'),
          upload.getByRole('button', { name: /把文件拖到这里，或点击选择/ }).click(),
        ]);
        await chooser.setFiles({
          name: `${HOST}-20220519.zip`,
          mimeType: 'application/x-zip-compressed',
          buffer: zip,
        });
        await upload.getByText(`已收到 ${HOST}-20220519.zip`).waitFor({ timeout: WAIT.diagnosis });
      },
      upload,
    );
    await walk.page.bringToFront();

    // Stage 1 fails; the verify card's 进行下一步 leads to the DISM stage, which shows every source's steps.
    const stage1 = teams.cards(/第 1 步（共 \d+ 步）/).first();
    await walk.step('stage-1', () => stage1.waitFor({ timeout: WAIT.diagnosis }));
    const verify1 = await walk.step('stage-1-fails', async () => {
      const next = await teams.watchCard('第 1 步未能解决问题');
      await teams.press(stage1, '已完成——仍然失败');
      return next.next();
    });
    const dism = await walk.step('dism-stage', async () => {
      const next = await teams.watchCard(/第 2 步（共 \d+ 步）：.*DISM/);
      await teams.press(verify1, '进行下一步');
      return next.next();
    });
    const everySource = await teams.text(dism);
    expect(everySource).toMatch(/WSUS/);
    expect(everySource).toMatch(/互联网|Windows Update/);

    // The admin names the source: said back, the DISM card comes again with the WSUS steps only.
    const wsusOnly = await walk.step('wsus-said', async () => {
      const next = await teams.watchCard(/第 2 步（共 \d+ 步）：.*DISM/);
      await teams.say('我们走的是行内WSUS');
      return next.next();
    });
    await teams.botMessages('已记下：这些终端走行内 WSUS 更新').first().waitFor();
    const wsusText = await teams.text(wsusOnly);
    expect(wsusText).toContain('/LimitAccess');
    expect(wsusText).not.toMatch(/能上外网|离线/);
    expect(wsusText.length).toBeLessThan(everySource.length);
    // The first DISM card is frozen: no buttons left on it.
    await expect(dism.getByRole('button', { name: '已完成——仍然失败', exact: true }).count()).resolves.toBe(
      0,
    );

    // DISM fails too; the next stage is the in-place repair, which needs installation media.
    const verify2 = await walk.step('dism-fails', async () => {
      const next = await teams.watchCard('第 2 步未能解决问题');
      await teams.press(wsusOnly, '已完成——仍然失败');
      return next.next();
    });
    const inPlace = await walk.step('in-place-stage', async () => {
      const next = await teams.watchCard(/第 \d+ 步（共 \d+ 步）/);
      await teams.press(verify2, '进行下一步');
      return next.next();
    });
    const inPlaceTitle = /第 (\d+) 步（共 \d+ 步）：(.+)/.exec(await teams.text(inPlace))!;
    expect(inPlaceTitle[2]).toMatch(/就地|修复安装|升级/);

    // No media: the stage is passed over, and the bot says so.
    const after = await walk.step('no-media', async () => {
      const next = await teams.watchCard(/第 \d+ 步（共 \d+ 步）/);
      await teams.say('我们这边没有安装介质');
      return next.next();
    });
    await teams.botMessages(`已记下：没有安装介质，第 ${inPlaceTitle[1]} 步`).first().waitFor();
    const afterTitle = /第 (\d+) 步（共 \d+ 步）：(.+)/.exec(await teams.text(after))!;
    expect(Number(afterTitle[1])).toBeGreaterThan(Number(inPlaceTitle[1]));
    expect(afterTitle[2]).not.toContain(inPlaceTitle[2].trim());
    // The reset stage is told for a WSUS terminal: no Cloud download there, and why a local reset may fail.
    const resetText = await teams.text(after);
    expect(resetText).toContain('只能连接 WSUS 服务器的机器用不了它');
    expect(resetText).not.toContain('选择“云下载”');

    // Media found later: the in-place stage is back in the plan, its card shown again.
    const back = await walk.step('media-found', async () => {
      const next = await teams.watchCard(inPlaceTitle[2].trim());
      await teams.say('拿到安装盘了');
      return next.next();
    });
    await teams.botMessages('已记下：有安装介质了').first().waitFor();
    await expect(back.getByRole('button', { name: '已完成——问题解决', exact: true }).count()).resolves.toBe(
      1,
    );
  }));
