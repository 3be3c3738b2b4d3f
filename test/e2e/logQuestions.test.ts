/**
 * While the bot waits for logs, over real HTTP: what admins really say there gets its own answer, not the
 * step's reminder again — a signature with a phone and an e-mail updates the case's contact (as in the
 * reference case, where colleagues replied with contact details only), "收到" / "ok" is acknowledged
 * briefly, "where is the collector?" and "do I need a password?" are answered with the log-collection card
 * shown again, "the other one comes tomorrow" after one upload says what is in and what is analysed, and a
 * sentence that is none of these still gets the reminder. In both languages.
 */
import type { RecordedActivity } from '../../tools/connector';
import { t } from '../../src/i18n';
import type { Locale } from '../../src/domain/locale';
import { cmgeZip } from '../diagnosis/layouts.fixtures';
import { botPerTest, cardOf, isCard, putUpload, readCard, textOf, toLogCollection } from './harness';

const WORDS: Array<{
  locale: string;
  lang: Locale;
  problem: string;
  signature: string;
  contact: string;
  ack: string;
  collector: string;
  password: string;
  later: string;
  other: string;
}> = [
  {
    locale: 'zh-CN',
    lang: 'zh-CN',
    problem: '我们支行有两台柜面终端安装 KB5011503 失败，报错 0x80073712，LTSC 2019，走行内 WSUS',
    signature: '李四\nXX银行XX分行 科技部\n电话：010-00000000\n邮箱：it-desk@example.com',
    contact: 'it-desk@example.com',
    ack: '收到',
    collector: '日志收集工具在哪里下载？',
    password: '上传的时候需要用户名密码吗',
    later: '另一台的日志明天再传',
    other: '我们领导问这个问题什么时候能解决',
  },
  {
    locale: 'en-US',
    lang: 'en',
    problem: 'Two of our branch terminals fail to install KB5011503 with 0x80073712, LTSC 2019 behind WSUS',
    signature: 'Li Si\nIT department, Example Bank branch\nPhone: 010-00000000\nit-desk@example.com',
    contact: 'it-desk@example.com',
    ack: 'ok thanks',
    collector: 'where do I get the log collector?',
    password: 'do I need a password to upload?',
    later: "I'll send the other terminal's logs tomorrow",
    other: 'my manager asks when this will be solved',
  },
];

describe.each(WORDS)('what an admin says while logs are awaited ($locale)', (words) => {
  const fx = botPerTest({ locale: words.locale });
  const say = (key: string, params?: Record<string, string | number>) => t(words.lang, key, params);

  /** The bot's activities after the user's message, once its text reply arrived. */
  async function answerTo(text: string): Promise<{ texts: string[]; cards: RecordedActivity[] }> {
    const said = await fx.connector.sendMessage(text);
    await fx.connector.waitFor((r) => r.kind !== 'update' && !isCard(r) && textOf(r) !== '', 10_000, {
      after: said.seq,
    });
    const after = fx.connector.activities().filter((r) => r.seq > said.seq && r.kind !== 'update');
    return { texts: after.filter((r) => !isCard(r)).map(textOf), cards: after.filter(isCard) };
  }

  it('answers each instead of repeating the reminder', async () => {
    const { uploadPage } = await toLogCollection(fx.connector, words.problem);
    const reminder = (received: number) => say('logs.reminder', { received, expected: 2 });

    const signature = await answerTo(words.signature);
    expect(signature.texts).toHaveLength(1);
    expect(signature.texts[0]).toContain(words.contact);
    expect(signature.texts[0]).toContain('010-00000000');

    expect((await answerTo(words.ack)).texts).toEqual([say('logs.faq.ack', { received: 0, expected: 2 })]);

    for (const [question, key] of [
      [words.collector, 'logs.faq.collector'],
      [words.password, 'logs.faq.password'],
    ] as const) {
      const answer = await answerTo(question);
      expect(answer.texts[0]).toBe(say(key, { caseNumber: answer.texts[0].match(/CAS-[\w-]+/)?.[0] ?? '' }));
      // The log-collection card again, with the upload link, below the answer.
      expect(answer.cards.some((c) => /\/upload\//.test(JSON.stringify(cardOf(c))))).toBe(true);
    }

    // One terminal's zip in; the other "tomorrow": what is in and what is read first.
    expect((await putUpload(uploadPage, 'CMGE_Log.zip', await cmgeZip('TERM-0231'))).status).toBe(200);
    const progress = say('diagnosis.progress', { done: 1, expected: 2 });
    await fx.connector.waitFor((r) => !isCard(r) && textOf(r) === progress, 60_000);
    const later = await answerTo(words.later);
    expect(later.texts).toEqual([say('logs.faq.laterSome', { received: 1, expected: 2 })]);

    // Anything else still gets the step's reminder.
    expect((await answerTo(words.other)).texts).toEqual([reminder(1)]);
  }, 120_000);
});

describe.each([
  {
    locale: 'zh-CN',
    lang: 'zh-CN' as Locale,
    proceed: '另一台明天再传，先处理这一台吧',
  },
  {
    locale: 'en-US',
    lang: 'en' as Locale,
    proceed: "don't wait for the other terminal, go ahead with this one",
  },
])('going ahead with the machines diagnosed so far ($locale)', (words) => {
  const fx = botPerTest({ locale: words.locale });
  const say = (key: string, params?: Record<string, string | number>) => t(words.lang, key, params);
  const problem =
    words.lang === 'zh-CN'
      ? '我们支行有两台柜面终端安装 KB5011503 失败，报错 0x80073712'
      : 'Two of our branch terminals fail to install KB5011503 with 0x80073712';

  it('says there is nothing to go on with before any logs, then starts the plan with the one diagnosed', async () => {
    const { uploadPage } = await toLogCollection(fx.connector, problem);
    const early = await fx.connector.sendMessage(words.proceed);
    const nothing = await fx.connector.waitFor(
      (r) => !isCard(r) && r.kind !== 'update' && textOf(r) !== '',
      10_000,
      {
        after: early.seq,
      },
    );
    expect(textOf(nothing)).toBe(say('logs.faq.proceedNothing'));

    expect((await putUpload(uploadPage, 'CMGE_Log.zip', await cmgeZip('TERM-0231'))).status).toBe(200);
    const progress = say('diagnosis.progress', { done: 1, expected: 2 });
    await fx.connector.waitFor((r) => !isCard(r) && textOf(r) === progress, 60_000);

    const said = await fx.connector.sendMessage(words.proceed);
    const stage = await fx.connector.waitFor(
      (r) => isCard(r) && /remediation\.failing/.test(JSON.stringify(cardOf(r))),
      10_000,
      { after: said.seq },
    );
    const texts = fx.connector
      .activities()
      .filter((r) => r.seq > said.seq && r.seq < stage.seq && !isCard(r))
      .map(textOf);
    expect(texts[0]).toBe(say('logs.proceeding', { done: 1, expected: 2 }));
    expect(readCard(stage)).toContain('UpdateReset');
    // The case record now goes on with the one machine diagnosed.
    const caseNumber = /CAS-\d{5}-[A-Z0-9]{6}/.exec(readCard(stage))![0];
    const row = await fx.app.store.cases.get(caseNumber);
    expect((row?.problem as { machineCount?: number } | undefined)?.machineCount).toBe(1);
  }, 120_000);
});

describe.each([
  {
    locale: 'zh-CN',
    lang: 'zh-CN' as Locale,
    problem: '我们支行有一台柜面终端安装 KB5011503 失败，报错 0x80073712，LTSC 2019，走行内 WSUS',
    blocked: '脚本收不到，被邮件系统拦截了',
    impact: '这个脚本会不会影响业务？数据会丢吗',
    working: '脚本跑完了，正在重启，等下告诉你结果',
    other: '领导问今天能不能搞定',
    otherKb: '重启后更新装上了，但是另一个补丁KB5012170又失败了',
    fixed: 'KB5011503 已经装上了',
  },
  {
    locale: 'en-US',
    lang: 'en' as Locale,
    problem: 'One branch terminal fails to install KB5011503 with 0x80073712, LTSC 2019 behind WSUS',
    blocked: 'the script was blocked by our mail filter',
    impact: 'will this affect our users? will data be lost?',
    working: 'rebooting now, will report back',
    other: 'my manager asks if this is done today',
    otherKb: 'after the reboot the update went in, but another one, KB5012170, fails now',
    fixed: 'KB5011503 is installed now',
  },
])('what an admin says at a stage ($locale)', (words) => {
  const fx = botPerTest({ locale: words.locale });
  const say = (key: string, params?: Record<string, string | number>) => t(words.lang, key, params);

  it('answers a blocked script (offering it again), the impact, and "running, will report back"', async () => {
    const { uploadPage, after } = await toLogCollection(fx.connector, words.problem);
    expect((await putUpload(uploadPage, 'CMGE_Log.zip', await cmgeZip('TERM-0231'))).status).toBe(200);
    const stage = await fx.connector.waitFor(
      (r) => isCard(r) && /remediation\.failing/.test(JSON.stringify(cardOf(r))),
      60_000,
      { after },
    );
    expect(readCard(stage)).toContain('UpdateReset.cmd');
    const offersScript = (r: RecordedActivity) => /UpdateReset\.(cmd|txt)/.test(JSON.stringify(r));
    // The stage's script was offered once with its card; settle before asking.
    await fx.connector.waitFor(offersScript, 10_000, { after: stage.seq });

    // A blocked script: the answer, and the script offered again.
    const blocked = await fx.connector.sendMessage(words.blocked);
    const answer = await fx.connector.waitFor(
      (r) => !isCard(r) && r.kind !== 'update' && textOf(r) !== '',
      10_000,
      { after: blocked.seq },
    );
    const [head] = say('stage.faq.scriptBlocked', { title: '§' }).split('§');
    expect(textOf(answer).startsWith(head)).toBe(true);
    await fx.connector.waitFor(offersScript, 10_000, { after: blocked.seq });

    for (const [text, key] of [
      [words.impact, 'stage.faq.impact'],
      [words.working, 'stage.faq.working'],
      [words.other, 'remediation.reminder'],
    ] as const) {
      const said = await fx.connector.sendMessage(text);
      const reply = await fx.connector.waitFor(
        (r) => !isCard(r) && r.kind !== 'update' && textOf(r) !== '',
        10_000,
        {
          after: said.seq,
        },
      );
      const [head] = say(key, { title: '§' }).split('§');
      expect(textOf(reply).startsWith(head)).toBe(true);
    }
  }, 120_000);

  it('does not take another update’s failure for the stage’s result, and asks about the case’s update', async () => {
    const { uploadPage, after } = await toLogCollection(fx.connector, words.problem);
    expect((await putUpload(uploadPage, 'CMGE_Log.zip', await cmgeZip('TERM-0231'))).status).toBe(200);
    await fx.connector.waitFor(
      (r) => isCard(r) && /remediation\.failing/.test(JSON.stringify(cardOf(r))),
      60_000,
      { after },
    );
    const said = await fx.connector.sendMessage(words.otherKb);
    const reply = await fx.connector.waitFor(
      (r) => !isCard(r) && r.kind !== 'update' && textOf(r) !== '',
      10_000,
      {
        after: said.seq,
      },
    );
    expect(textOf(reply)).toBe(say('stage.otherKb', { kbs: 'KB5012170', caseKb: 'KB5011503' }));
    // The case's own update installed: the case moves to closure.
    const fixed = await fx.connector.sendMessage(words.fixed);
    await fx.connector.waitFor(
      (r) => isCard(r) && /closure\.accept/.test(JSON.stringify(cardOf(r))),
      10_000,
      {
        after: fixed.seq,
      },
    );
  }, 120_000);
});
