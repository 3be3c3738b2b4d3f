/**
 * A Chinese case's timeline read with `npm run case -- show --lang zh-CN`, after the desk, a background job
 * and retention wrote to it over real HTTP (the local connector playing the user's chat and the engineers'
 * channel): every line is in Chinese; in English the same entries read in English.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { RecordedActivity } from '../../tools/connector';
import {
  ENGINEERS_CHANNEL,
  botPerTest,
  inChannel,
  installInTeam,
  isCard,
  readCard,
  textOf,
  toLogCollection,
  verbsOf,
} from './harness';

jest.setTimeout(90_000);

const ROOT = path.resolve(__dirname, '../..');
const ENGINEER = { id: 'eng-1', name: '王工', aadObjectId: 'aad-eng-1' };
const STRANGER = { id: 'someone', name: '路人甲', aadObjectId: 'aad-someone' };
const PROBLEM = 'KB5011503 在两台终端上安装失败，报错 0x80073712，联系人张工 138-0000-0000';

const fx = botPerTest({ locale: 'zh-CN', env: { ENGINEERS: 'aad-eng-1', ESCALATION_REANNOUNCE: '1h' } });

function waitIn(conversationId: string, predicate: (r: RecordedActivity) => boolean, after: number) {
  return fx.connector.waitFor((r) => r.conversationId === conversationId && predicate(r), 10_000, { after });
}

function caseCli(...args: string[]) {
  const run = spawnSync(
    path.join(ROOT, 'node_modules/.bin/tsx'),
    [path.join(ROOT, 'src/cli/case.ts'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, DATA_DIR: fx.dataDir },
    },
  );
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

/** The list items under the timeline's heading of `case show`'s Markdown. */
function timelineLines(shown: string, heading: RegExp): string[] {
  const from = shown.split('\n').findIndex((line) => heading.test(line));
  expect(from).toBeGreaterThan(-1);
  const rest = shown.split('\n').slice(from + 1);
  const end = rest.findIndex((line) => line.startsWith('## '));
  return rest.slice(0, end === -1 ? undefined : end).filter((line) => line.startsWith('- '));
}

it('shows a Chinese case’s timeline, written by the desk, a job and retention, all in Chinese', async () => {
  const { connector } = fx;
  await installInTeam(connector, ENGINEER);
  const { caseNumber } = await toLogCollection(connector, PROBLEM);
  const chat = connector.conversationId;

  // A screenshot before any engineer is involved: kept by the attachment job.
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const sent = await connector.send(
    connector.buildActivity('message', {
      attachments: [{ contentType: 'image/png', contentUrl: connector.serveFile('x', png, 'image/png') }],
    }),
  );
  await waitIn(chat, (r) => /已把 image\.png 保存到您的案例中/.test(textOf(r)), sent.seq);

  // Escalated: the card in the channel; someone not an engineer is refused; the engineer works the case.
  const escalated = await connector.sendMessage('转人工');
  const card = await waitIn(
    ENGINEERS_CHANNEL,
    (r) => r.kind === 'create' && isCard(r) && verbsOf(r).includes('escalation.take'),
    escalated.seq,
  );
  expect(readCard(card)).toContain(caseNumber);
  const thread = `${ENGINEERS_CHANNEL};messageid=${card.id}`;
  const inThread = async (user: typeof ENGINEER, text: string, answer: RegExp) => {
    const said = await connector.sendMessage(text, inChannel(user, card.id));
    await waitIn(thread, (r) => answer.test(textOf(r)), said.seq);
  };
  await inThread(STRANGER, 'take', /only the engineers can work on cases/);
  await inThread(ENGINEER, 'take', /has taken case/);
  await inThread(ENGINEER, 'priority P2', /Priority set to P2/);
  await inThread(ENGINEER, 'note 网点无法访问外网', /Noted on the timeline/);
  await inThread(ENGINEER, 'send collector', /Sent to the user/);
  const replied = await connector.sendMessage('请以管理员身份运行重置脚本', inChannel(ENGINEER, card.id));
  await waitIn(chat, (r) => textOf(r).includes('请以管理员身份运行重置脚本'), replied.seq);
  await inThread(ENGINEER, 'handback', /handed back to the bot/);
  await inThread(ENGINEER, 'close', /no longer with the engineers/);
  // Retention, on an engineer's request.
  // Retention, on an engineer's request; the operator's line follows --lang.
  expect(caseCli('purge-artifacts', caseNumber, '--by', '王工', '--lang', 'zh-CN')).toBe(
    `${caseNumber}：已删除 0 个上传的日志包；上传链接已作废；分析结果保留\n`,
  );

  const zh = timelineLines(
    caseCli('show', caseNumber, '--lang', 'zh-CN', '--no-mask'),
    /^## 案例 .* 的时间线/,
  );
  // Each line: time · who · what — what is Chinese, with only names, numbers, codes and file names verbatim.
  expect(zh.length).toBeGreaterThanOrEqual(14);
  for (const line of zh) {
    const what = line.split(' · ').slice(2).join(' · ');
    expect(what).toMatch(/[\u4e00-\u9fff]/);
    const verbatim = what.replace(
      /KB\d+|0x[0-9A-Fa-f]+|CAS-\d{5}-[A-Z0-9]{6}|[\w-]+\.(png|zip|cmd)|\bP[1-4]\b/g,
      '',
    );
    expect({ line, english: verbatim.match(/[A-Za-z]{2,}/g) }).toEqual({ line, english: null });
  }
  const joined = zh.join('\n');
  for (const expected of [
    '王工 接手了案例。',
    '王工 把优先级设为 P2。',
    '王工 的备注：网点无法访问外网',
    '王工 向用户发送了 日志收集工具。',
    '王工 对用户说：请以管理员身份运行重置脚本',
    '王工 把案例交回机器人处理。',
    '路人甲 尝试“接手”，被拒绝（不是工程师）。',
    '王工 尝试“结案”，被拒绝（转交已结束）。',
    '已把案例发布到工程师频道。',
    '已转交工程师（用户要求联系工程师）。',
    '用户发送了 image.png（不是日志包，已随案例保存）。',
    '已删除 0 个上传的日志包，以及 1 个用户与工程师之间传递的文件。',
  ])
    expect(joined).toContain(expected);

  // The JSON of the same case in Chinese: each entry's event as data, and its text as the Markdown says it.
  const json = JSON.parse(caseCli('show', caseNumber, '--json', '--lang', 'zh-CN', '--no-mask')) as {
    lang: string;
    timeline: Array<{ event?: { key: string }; what: string }>;
  };
  expect(json.lang).toBe('zh-CN');
  expect(json.timeline.map((e) => e.what)).toEqual(zh.map((line) => line.split(' · ').slice(2).join(' · ')));
  expect(json.timeline.find((e) => e.what === '王工 接手了案例。')?.event).toMatchObject({
    key: 'takenOver',
  });
  expect(json.timeline.every((e) => e.event !== undefined)).toBe(true);

  // The same entries for an English reader.
  const english = timelineLines(caseCli('show', caseNumber, '--no-mask'), /^## Timeline of case/);
  expect(english).toHaveLength(zh.length);
  expect(english.join('\n')).toContain('王工 took the case over.');
  expect(english.join('\n')).toContain('Escalated to the engineers (the user asked for an engineer).');
  expect(english.join('\n')).toContain(
    'Deleted 0 uploaded bundles and 1 file passed between the user and the engineers.',
  );
});
