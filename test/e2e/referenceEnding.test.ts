/**
 * The reference case as it really ended, through the real bot (HTTP server, runner, SQLite file, upload
 * link, real collector zips of TERM-0231 and TERM-0232): stage 1 fails on both, DISM fails with 0x800f081f,
 * then the user backs up and reinstalls both terminals and KB5011503 installs. The filed summary tells it
 * that way — each stage's result per terminal, the reinstall as what fixed both, the shared cause
 * 0x80073712 — and the timeline reads in the reader's language. In Chinese and in English.
 */
import fs from 'node:fs';
import type { App } from '../../src/app';
import { buildCaseSummary, summaryText } from '../../src/cases/summary';
import { timelineText } from '../../src/cases/timeline';
import type { LocalConnector, RecordedActivity } from '../../tools/connector';
import { cmgeZip } from '../diagnosis/layouts.fixtures';
import {
  connectTo,
  isCard,
  press,
  readCard,
  startBot,
  tempDataDir,
  testConfig,
  toLogCollection,
  verbsOf,
} from './harness';

const WALK = {
  'zh-CN': {
    problem:
      '网点两台终端（TERM-0231、TERM-0232）安装 KB5011503 失败，报错 0x80073712，LTSC 2019，走行内WSUS',
    stage1: '还是不行',
    stage2: 'DISM用安装盘做了源，报0x800f081f，sfc也修不了，更新还是失败',
    ending: '后来我们把这两台终端备份后重装了系统，现在KB5011503已经装上了，正常了',
    summary: [
      '第 1 步“重置 Windows 更新组件（UpdateReset.cmd）”：两台（TERM-0231、TERM-0232）均失败（0x80073712）。',
      '第 2 步“用 DISM 修复组件库，再运行 SFC”：两台（TERM-0231、TERM-0232）均失败（0x800f081f）。',
      '第 6 步“备份数据，全新安装系统”（事先备份了数据）：两台（TERM-0231、TERM-0232）均已解决，已安装 KB5011503。',
      '通过第 6 步“备份数据，全新安装系统”解决了问题。',
      '这 2 台机器的失败原因相同：0x80073712',
    ],
    notInSummary: ['通过第 2 步', '通过第 1 步', '失败原因不同'],
    timeline: ['建立案例', '第 1 步', '两台（TERM-0231、TERM-0232）均失败（0x80073712）', '同意归档案例'],
  },
  en: {
    problem:
      'KB5011503 fails on two branch terminals (TERM-0231, TERM-0232) with 0x80073712, LTSC 2019 behind WSUS',
    stage1: 'still failing',
    stage2:
      'DISM with the install media as source fails with 0x800f081f, sfc cannot fix it, the update still fails',
    ending:
      'in the end we backed up both terminals and reinstalled Windows, KB5011503 is installed now, all good',
    summary: [
      'Stage 1 “Reset the Windows Update components (UpdateReset.cmd)”: failed on both (TERM-0231, TERM-0232) (0x80073712).',
      'Stage 2 “Repair the component store with DISM, then run SFC”: failed on both (TERM-0231, TERM-0232) (0x800f081f).',
      'Stage 6 “Back up the data and clean-install Windows” (data backed up first): fixed on both (TERM-0231, TERM-0232), KB5011503 installed.',
      'The 2 machines fail for the same reason: 0x80073712',
    ],
    notInSummary: ['Fixed by stage 2', 'Fixed by stage 1', 'do not fail for the same reason'],
    timeline: [
      'Case opened',
      'Stage 1',
      'failed on both (TERM-0231, TERM-0232) (0x80073712)',
      'Consented to archiving',
    ],
  },
} as const;

async function put(pageUrl: string, body: Buffer, name: string): Promise<number> {
  const url = pageUrl.replace('/upload/', '/api/uploads/');
  return (await fetch(`${url}?name=${encodeURIComponent(name)}`, { method: 'PUT', body })).status;
}

const withVerb = (verb: string) => (r: RecordedActivity) =>
  r.kind !== 'update' && isCard(r) && verbsOf(r).includes(verb);

describe.each(['zh-CN', 'en'] as const)('the reference case told as it ended (%s)', (locale) => {
  const walk = WALK[locale];
  let dataDir: string;
  let app: App;
  let connector: LocalConnector;

  beforeAll(async () => {
    dataDir = tempDataDir();
    app = await startBot(testConfig(dataDir));
    connector = await connectTo(app, { locale: locale === 'en' ? 'en-US' : 'zh-CN' });
  });

  afterAll(async () => {
    await connector.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('files a summary that credits the reinstall on both terminals, never a failed stage', async () => {
    const { caseNumber, uploadPage, after } = await toLogCollection(connector, walk.problem);
    expect(await put(uploadPage, await cmgeZip('TERM-0231'), 'CMGE_Log.zip')).toBe(200);
    expect(await put(uploadPage, await cmgeZip('TERM-0232'), 'CMGE_Log (1).zip')).toBe(200);
    const stage1 = await connector.waitFor(withVerb('remediation.failing'), 60_000, { after });

    const said1 = await connector.sendMessage(walk.stage1);
    const verify1 = await connector.waitFor(withVerb('verify.next'), 10_000, { after: said1.seq });
    expect(stage1.seq).toBeLessThan(verify1.seq);
    const next = await press(connector, verify1, 'verify.next');
    await connector.waitFor(withVerb('remediation.failing'), 10_000, { after: next.seq });

    const said2 = await connector.sendMessage(walk.stage2);
    await connector.waitFor(withVerb('verify.next'), 10_000, { after: said2.seq });

    const said3 = await connector.sendMessage(walk.ending);
    const closure = await connector.waitFor(withVerb('closure.accept'), 10_000, { after: said3.seq });
    const accepted = await press(connector, closure, 'closure.accept');
    const survey = await connector.waitFor(withVerb('survey.skip'), 10_000, { after: accepted.seq });
    const skipped = await press(connector, survey, 'survey.skip');
    const summaryCard = await connector.waitFor(withVerb('summary.reopen'), 10_000, { after: skipped.seq });

    const card = readCard(summaryCard);
    for (const line of walk.summary) expect(card).toContain(line);
    for (const wrong of walk.notInSummary) expect(card).not.toContain(wrong);

    // The record behind it: per-terminal attempts, and a summary and timeline in either language.
    const row = await app.store.cases.get(caseNumber);
    const timeline = await app.store.cases.timeline(caseNumber);
    expect(row?.details.attempts?.map((a) => a.stage)).toEqual([0, 1, 5]);
    const text = summaryText(buildCaseSummary(row!, timeline), locale);
    for (const line of walk.summary) expect(text).toContain(line);
    const readerTimeline = timelineText(caseNumber, timeline, locale, { mask: false });
    for (const phrase of walk.timeline) expect(readerTimeline).toContain(phrase);
  }, 120_000);
});
