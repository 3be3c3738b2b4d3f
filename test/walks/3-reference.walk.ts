// Walk (a), the reference case (../shared/domain/reference-case.md) in zh-CN, told as it ended, in the
// Playground's page: the bank admin's first message (KB5011503, 0x80073712, two terminals, LTSC 2019, WSUS),
// the problem card, the scope, the log-collection card; the upload link opened in a second page and both
// terminals' collector zips (the reference collector's layout: CP936 Chinese category folders, GBK
// systeminfo naming the host, a CBS.log with the 0x80073712 chain) chosen in its file input; the diagnoses
// naming both terminals by host and their shared cause; stage 1 failing; the user telling that they backed
// up and reinstalled both terminals; archiving with consent; the survey; the summary card recording what
// happened. Screenshots: test-results/reference/.

import { cmgeZip, referenceCbsLog } from '../diagnosis/layouts.fixtures';
import { archiveWithSurvey, openCase, Walk, WAIT } from './teams';

jest.setTimeout(20 * 60_000);

const HOSTS = ['TERM-0231', 'TERM-0232'];
const CAUSE = '0x80073712';

it('the reference case in Chinese: two collector zips, both terminals diagnosed, stage 1 fails, reinstalled, archived with a summary of what happened', () =>
  Walk.run('reference', {}, async (walk) => {
    const { teams } = walk;

    // 问题定义 drafted from the admin's first message; 问题范围 accepted; 日志收集 with the case's own upload
    // link (no shared user name or password).
    const opened = await openCase(
      walk,
      'zh-CN',
      '你好，我们支行有两台柜面终端安装 KB5011503 失败，报错 0x80073712。系统是 Windows 10 企业版 LTSC 2019，' +
        '补丁走行内 WSUS 服务器，终端不能上外网。',
      '张工 138-0000-0000',
    );
    const { caseNumber, uploadLink: link } = opened;
    expect(opened.drafted).toEqual({ kb: 'KB5011503', error: CAUSE, machines: '2' });
    expect(await teams.text(opened.scope)).toContain('如果出现多个问题，我们会为每个问题分别建立案例');
    const logText = await teams.text(opened.logCard);
    expect(logText).toContain('上传不需要用户名或密码');
    expect(logText).toContain('0/2');
    expect(link).toMatch(new RegExp(`^https?://\\S+/upload/${caseNumber}_[A-Za-z0-9_-]+$`));
    expect(logText).toContain(link); // the same link as in the collector's command line

    // The link in a second page; both terminals' zips chosen in its file picker. The collector writes
    // CMGE_Log.zip on each desktop: the second copy arrives as "CMGE_Log (2).zip", so the hosts can only come
    // from inside the zips.
    const upload = await walk.newPage();
    await walk.step(
      'upload-page',
      async () => {
        await upload.goto(link);
        await upload.getByRole('heading', { name: `为案例 ${caseNumber} 上传日志` }).waitFor();
      },
      upload,
    );
    const zips = await Promise.all(
      HOSTS.map(async (host, i) => ({
        name: i === 0 ? 'CMGE_Log.zip' : 'CMGE_Log (2).zip',
        mimeType: 'application/x-zip-compressed',
        buffer: await cmgeZip(host, { cbs: referenceCbsLog({ scanNoise: true }) }),
      })),
    );
    await walk.step(
      'zips-uploaded',
      async () => {
        const [chooser] = await Promise.all([
          upload.waitForEvent('filechooser'),
          upload.getByRole('button', { name: /把文件拖到这里，或点击选择/ }).click(),
        ]);
        await chooser.setFiles(zips);
        for (const zip of zips)
          await upload.getByText(`已收到 ${zip.name}`).waitFor({ timeout: WAIT.diagnosis });
      },
      upload,
    );

    // Back in Teams: one diagnosis per terminal, named by its host, and the shared cause.
    await walk.page.bringToFront();
    const diagnoses = teams.cards('日志分析结果');
    for (const host of HOSTS) {
      const card = teams.cards(`日志分析结果：${host}`).first();
      await walk.step(`diagnosis-${host}`, async () => {
        await card.waitFor({ timeout: WAIT.diagnosis });
        await card.scrollIntoViewIfNeeded();
      });
      const text = await teams.text(card);
      expect(text).toContain(`${CAUSE} ERROR_SXS_COMPONENT_STORE_CORRUPT`);
      expect(text).toContain('组件库（WinSxS）已损坏');
      expect(text).toContain('Failed to complete component closure [HRESULT = 0x80073712');
      expect(text).toContain('17763');
    }
    const shared = teams.botMessages('这 2 台机器的失败原因相同');
    await walk.step('shared-cause', () => shared.first().waitFor({ timeout: WAIT.diagnosis }));
    expect(await teams.text(shared.first())).toContain(CAUSE);
    // Two terminals, two diagnoses: no category folder is taken for a machine.
    expect(await diagnoses.count()).toBe(2);

    // Stage 1, the reset script: the admin says it did not help.
    const stage1 = teams.cards(/第 1 步（共 \d+ 步）/).first();
    await walk.step('stage-1', () => stage1.waitFor({ timeout: WAIT.reply }));
    const stage1Title = /第 1 步（共 \d+ 步）：(.+)/.exec(await teams.text(stage1))![1].trim();
    expect(stage1Title).toContain('UpdateReset');
    await walk.step('stage-1-fails', async () => {
      const verify = await teams.watchCard('第 1 步未能解决问题');
      await teams.say('脚本运行了，也重启了，还是不行');
      await verify.next();
      await stage1.getByText('结果：仍然失败。').waitFor();
    });

    // How it ended: both terminals backed up and reinstalled, and the update installs. The bot offers to archive.
    const closure = await walk.step('reinstalled', async () => {
      const next = await teams.watchCard(`是否归档案例 ${caseNumber}？`);
      await teams.say('后来我们把这两台终端备份后重装了系统，现在KB5011503已经装上了，正常了');
      return next.next();
    });
    expect(await teams.text(closure)).toContain('归档并不代表支持结束');

    // 归档 with consent, 调查问卷, 案例总结.
    const summary = await archiveWithSurvey(walk, closure, caseNumber, '处理很及时，步骤清楚');
    await teams.botMessages(`案例 ${caseNumber} 已按以上总结归档`).waitFor();
    const text = await teams.text(summary);
    expect(text).toContain('经用户同意后归档');
    expect(text).toContain('评分：5/5');
    expect(text).toContain('处理很及时，步骤清楚');

    // ---- What the summary must record (issue 13: the case as it really ended) ----
    // Both terminals by host, with their shared cause.
    for (const host of HOSTS) expect(text).toContain(host);
    expect(text).toContain(CAUSE);
    expect(text).toContain('这 2 台机器的失败原因相同');
    // Stage 1 is recorded as failed on both terminals, with their code, and nothing credits it with the fix.
    const progress = text.split('\n');
    const stage1Lines = progress.filter((line) => line.includes('第 1 步'));
    expect(stage1Lines.length).toBeGreaterThan(0);
    expect(stage1Lines).toContainEqual(
      expect.stringMatching(/第 1 步“[^”]+”：两台（TERM-0231、TERM-0232）均失败（0x80073712）/),
    );
    for (const line of stage1Lines) expect(line).not.toMatch(/问题已解决|解决了问题|均已解决/);
    expect(text).not.toMatch(/通过第 1 步/);
    // What did fix it: the backup and clean reinstall of both terminals, KB5011503 installed afterwards.
    expect(progress).toContainEqual(
      expect.stringMatching(
        /第 6 步“备份数据，全新安装系统”（事先备份了数据）：两台（TERM-0231、TERM-0232）均已解决，已安装 KB5011503/,
      ),
    );
    expect(text).toMatch(/通过第 6 步“备份数据，全新安装系统”解决了问题/);
  }));
