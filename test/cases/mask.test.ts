/**
 * Masking for channel posts and summaries: phone numbers, e-mail, IP addresses, tokens and secrets, user
 * names are masked; case numbers, KB numbers, error codes, builds, versions, dates and times never are.
 * The switch turns it all off; summaries are masked deep and not changed in place.
 */
import { buildCaseSummary } from '../../src/cases/summary';
import { MASKING_OFF, MASKING_ON, looksRandom, maskSummary, maskText, maskValue } from '../../src/cases/mask';
import { maskText as maskLogText } from '../../src/diagnosis/mask';
import { CASE_NUMBER, referenceRow, referenceTimeline } from './referenceCase';

describe('maskText: what is masked', () => {
  it.each([
    // Chinese mobiles, with or without separators and +86
    ['手机 13812345678', '手机 <phone>'],
    ['手机 138 1234 5678。', '手机 <phone>。'],
    ['tel 138-1234-5678', 'tel <phone>'],
    ['电话：+86 138 1234 5678', '电话：<phone>'],
    ['电话：+86-13912345678', '电话：<phone>'],
    ['+8615912345678', '<phone>'],
    ['张先生13812345678', '张先生<phone>'],
    ['(19912345678)', '(<phone>)'],
    // Landlines
    ['座机 010-12345678', '座机 <phone>'],
    ['0755 8765 4321', '<phone>'],
    ['(021) 6123-4567', '<phone>'],
    ['0755-87654321 转 801', '<phone>'],
    ['Tel: 0571-8888 6666, ask for Li', 'Tel: <phone>, ask for Li'],
    // International
    ['Call +1 (425) 555-0100 today', 'Call <phone> today'],
    ['+44 20 7946 0958', '<phone>'],
    ['+49 30 12345678', '<phone>'],
    // E-mail, IP addresses
    ['mail li.wei@contoso.com', 'mail <email>'],
    ['WSUS http://192.168.10.5:8530/', 'WSUS http://<ip>:8530/'],
    ['gateway 10.20.30.40.', 'gateway <ip>.'],
    ['fe80::1c2b:3d4e:5f60:7a8b%12', '<ip>'],
    ['2001:0db8:85a3:0000:0000:8a2e:0370:7334', '<ip>'],
    // Tokens and secrets
    [
      'https://bot.example/u/CAS-06265-C1Y8H2_9f86d081884c_mj8k2h1c_AbCdEfGhIjKlMnOpQrSt-_ ok',
      'https://bot.example/u/CAS-06265-C1Y8H2_<token> ok',
    ],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV', '<token>'],
    ['Authorization: Bearer abcdef0123456789', 'Authorization: Bearer <secret>'],
    ['?sig=AbC%2Fdef&x=1', '?sig=<secret>&x=1'],
    ['key 3f786850e387550fdab836ed7e6dc881de23001b', 'key <secret>'],
    ['secret dGhpcyBpcyBhIHNlY3JldCBrZXkgdmFsdWU9MTIz==', 'secret <secret>'],
    ['key: Xq7k9+Q2mNvB3wR8tY1uZ4pL6sD0fG5h', 'key: <secret>'],
    ['密码：P@ssw0rd!', '密码：<secret>'],
    ['password: hunter2', 'password: <secret>'],
    // User names
    ['C:\\Users\\zhangsan\\Desktop\\logs.zip', 'C:\\Users\\<user>\\Desktop\\logs.zip'],
    ['C:/Users/JaneDoe/Desktop', 'C:/Users/<user>/Desktop'],
    ['C:\\Users\\zhang san\\Desktop', 'C:\\Users\\<user>\\Desktop'],
    ['logs under C:\\Users\\zhangsan. Then I rebooted', 'logs under C:\\Users\\<user>. Then I rebooted'],
    ['日志在 C:\\Users\\张三 下面，请查收', '日志在 C:\\Users\\<user> 下面，请查收'],
    ['日志在C:\\Users\\li.wei，谢谢', '日志在C:\\Users\\<user>，谢谢'],
    ['logged on as CORP\\zhangsan', 'logged on as CORP\\<user>'],
    ['BANKHQ\\li.wei ran it', 'BANKHQ\\<user> ran it'],
    ['UPN zhangsan@CORP.', 'UPN <user>.'],
    ['用户名：bankuser01 密码：Abc12345', '用户名：<user> 密码：<secret>'],
    ['user name: li.wei, thanks', 'user name: <user>, thanks'],
    ['账号: admin01', '账号: <user>'],
  ])('%s', (input, expected) => {
    expect(maskText(input)).toBe(expected);
  });

  it('masks the reference case contact line in Chinese', () => {
    expect(maskText('联系人：张先生 13812345678，邮箱 zhang@bank.example.cn')).toBe(
      '联系人：张先生 <phone>，邮箱 <email>',
    );
  });

  it.each([
    // People in the names of uploaded files: the phone and the name go, the terminal, date and log names stay.
    ['The user sent zhangsan_13812345678_TERM-0231.zip.', 'The user sent <name>_<phone>_TERM-0231.zip.'],
    ['张三-TERM-0232-20260105.zip', '<name>-TERM-0232-20260105.zip'],
    ['LiWei-13812345678.log', '<name>-<phone>.log'],
    [
      'TERM-01-20220518.zip CBS.log pending.xml collect-logs-CAS-06265-C1Y8H2.zip',
      'TERM-01-20220518.zip CBS.log pending.xml collect-logs-CAS-06265-C1Y8H2.zip',
    ],
    // People introduced as such; a surname with a form of address names nobody in particular.
    ['联系人：张三 13812345678', '联系人：<name> <phone>'],
    ['我是李四，两台终端更新失败', '我是<name>，两台终端更新失败'],
    ['contact: Li Wei', 'contact: <name>'],
    ['请联系张工或王经理', '请联系张工或王经理'],
  ])('masks personal names: %s', (input, expected) => {
    expect(maskText(input)).toBe(expected);
  });

  it('masks every kind in one message and leaves the rest of it', () => {
    const text =
      '我是 BANKHQ\\zhangsan，电话 0755-87654321 或 13912345678，邮箱 zhang@bank.example.cn；' +
      '终端 IP 10.1.2.3，报错 0x80073712，案例 CAS-06265-C1Y8H2。';

    expect(maskText(text)).toBe(
      '我是 BANKHQ\\<user>，电话 <phone> 或 <phone>，邮箱 <email>；终端 IP <ip>，报错 0x80073712，案例 CAS-06265-C1Y8H2。',
    );
  });
});

describe('maskText: what is never masked', () => {
  it.each([
    CASE_NUMBER,
    `case ${CASE_NUMBER}, upload upl-1`,
    'KB5011503 and KB5034441',
    '0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT',
    '[HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED] [gle=0x80004005]',
    '10.0.17763.2686',
    'build 17763.2686 (1809)',
    'version 0.0.0.6, version 6.3.1.0, v1.2.3, ver. 10.1.2.3, 版本 2.0.1.5',
    '2022-05-19 11:49:09, Info CBS',
    '2026-11-24T10:05:00.000Z',
    '2026/11/24 10:05',
    '2026年11月24日 上午10:05',
    'Uploaded T01.zip (4812345 bytes, upload upl-1).',
    '1764000000000',
    'Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.2686.1.10',
    'Error STATUS_SXS_COMPONENT_STORE_CORRUPT originated in function CCSDirect::GetComponentManifest',
    'C:\\Windows\\WinSxS\\Temp and C:\\WINDOWS\\system32\\config',
    'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion',
    'NT AUTHORITY\\SYSTEM and NT SERVICE\\TrustedInstaller',
    'LOGS\\CBS.log',
    'path Windows/WinSxS/Temp/PendingRenames1',
    'C:\\Users\\Public\\Desktop',
    '{5B4CD9C8-1234-4A5B-9C8D-0305E82C3301}',
    'Microsoft-Windows-Foundation-Package~31bf3856ad364e35~amd64~~10.0.17763.1',
    'Stage 2 of 5 took 25 min; 3 machines; score 4/5',
    'UTC+8 and +5 points',
    'Tel. 400 is not a phone',
    '评分 5 分，谢谢',
    'Reset this PC → Keep my files',
  ])('%s', (text) => {
    expect(maskText(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = maskText(
      '用户名：bankuser01 密码：x，电话 13812345678，CORP\\li，a@b.example.com，10.0.0.1',
    );

    expect(maskText(once)).toBe(once);
  });

  it('tells random base64 from words and paths', () => {
    expect(looksRandom('Xq7k9+Q2mNvB3wR8tY1uZ4pL6sD0fG5h')).toBe(true);
    expect(looksRandom('WindowsUpdateAgentInstallation2')).toBe(false);
    expect(looksRandom('Windows/WinSxS/Temp/PendingRenames1')).toBe(false);
  });
});

describe('the Masking switch', () => {
  it('returns the input unchanged when masking is off', () => {
    const text = '联系人：张先生 13812345678，邮箱 zhang@bank.example.cn';
    const summary = buildCaseSummary(referenceRow(), referenceTimeline());
    const value = { contact: text };

    expect(maskText(text, MASKING_OFF)).toBe(text);
    expect(maskSummary(summary, { enabled: false })).toBe(summary);
    expect(maskValue(value, MASKING_OFF)).toBe(value);
  });

  it('masks by default and when on', () => {
    expect(maskText('13812345678')).toBe('<phone>');
    expect(maskText('13812345678', MASKING_ON)).toBe('<phone>');
    expect(maskText('13812345678', { enabled: true })).toBe('<phone>');
  });
});

describe('maskSummary', () => {
  const base = referenceRow();
  const finding = base.details.findings![0];
  const row = referenceRow({
    problem: {
      ...(base.problem as object),
      description: 'KB5011503 在两台终端上安装失败，报错 0x80073712，日志在 C:\\Users\\zhangsan\\Desktop',
      contact: '张先生 13812345678，zhang@bank.example.cn',
      impact: '联系 BANKHQ\\li.wei',
    },
    details: {
      ...base.details,
      findings: [
        {
          ...finding,
          meaning: { en: 'Seen by li.wei@contoso.com', 'zh-CN': '由 li.wei@contoso.com 发现' },
          evidence: [
            {
              file: 'CBS.log',
              line: 7,
              text: 'Scratch directory set to C:\\Users\\JaneDoe\\AppData\\Local\\Temp, server 10.1.2.3',
            },
          ],
        },
      ],
      stages: [{ ...base.details.stages![0], outcome: 'failed', errorCode: '0x80073712' }],
      survey: { score: 2, comment: '请打 13812345678 找我' },
    },
  });
  const summary = buildCaseSummary(row, referenceTimeline());
  const copy = JSON.parse(JSON.stringify(summary));
  const masked = maskSummary(summary);

  it('masks the problem definition, findings, evidence and the survey comment', () => {
    expect(masked.problem).toMatchObject({
      kbNumbers: ['KB5011503'],
      errorCodes: ['0x80073712'],
      description: 'KB5011503 在两台终端上安装失败，报错 0x80073712，日志在 C:\\Users\\<user>\\Desktop',
      contact: '张先生 <phone>，<email>',
      impact: '联系 BANKHQ\\<user>',
      os: 'Windows 10 Enterprise LTSC 2019 (1809)',
      since: '2022-05-16',
    });
    expect(masked.machines[0].meaning).toEqual({ en: 'Seen by <email>', 'zh-CN': '由 <email> 发现' });
    expect(masked.machines[0].evidence[0].text).toBe(
      'Scratch directory set to C:\\Users\\<user>\\AppData\\Local\\Temp, server <ip>',
    );
    expect(masked.survey).toEqual({ score: 2, comment: '请打 <phone> 找我' });
  });

  it('keeps what identifies the case and the diagnosis', () => {
    expect(masked.caseNumber).toBe(CASE_NUMBER);
    expect(masked.machines[0]).toMatchObject({
      machine: 'BRANCH-T01',
      osBuild: '10.0.17763.2628',
      errorCode: '0x80073712',
      symbolicName: 'ERROR_SXS_COMPONENT_STORE_CORRUPT',
    });
    expect(masked.tried[0]).toMatchObject({ outcome: 'failed', errorCode: '0x80073712' });
    expect(masked.progress.map((p) => p.kind)).toEqual(summary.progress.map((p) => p.kind));
  });

  it('does not change the summary it was given', () => {
    expect(summary).toEqual(copy);
  });

  it('finds nothing left to mask anywhere in the result', () => {
    const json = JSON.stringify(masked);

    for (const secret of ['13812345678', 'zhang@bank', 'zhangsan', 'li.wei', 'JaneDoe', '10.1.2.3'])
      expect(json).not.toContain(secret);
  });
});

describe('maskValue', () => {
  it('masks every string of a JSON value and keeps its shape', () => {
    const value = { a: ['13812345678', 3, null, { b: 'CORP\\zhangsan' }], c: true, d: 'KB5011503' };

    expect(maskValue(value)).toEqual({
      a: ['<phone>', 3, null, { b: 'CORP\\<user>' }],
      c: true,
      d: 'KB5011503',
    });
  });
});

/**
 * Texts of 200,000 characters that made rules backtrack quadratically (the e-mail rule on a run of name
 * characters, the version keeper on a run of spaces): minutes each before. All of a long text is masked.
 */
describe('maskText on long pathological texts', () => {
  const LONG = 200_000;

  it('masks an e-mail address after a long run of name characters', () => {
    const masked = maskText(`${'x'.repeat(LONG)} li.wei@example.com`);
    expect(masked).toBe(`${'x'.repeat(LONG)} <email>`);
    expect(maskLogText(`${'a.'.repeat(LONG / 2)}b@example.com`)).toBe('<email>');
  });

  it('keeps a version and masks an IP address after a long run of spaces', () => {
    const masked = maskText(`${' '.repeat(LONG)}version 10.1.2.3 from 10.1.2.3`);
    expect(masked).toBe(`${' '.repeat(LONG)}version 10.1.2.3 from <ip>`);
  });

  it('masks everything in a long text, not only its start', () => {
    const line = 'CBS Failed for C:\\Users\\zhangsan\\AppData from 192.168.10.5, call 13812345678\n';
    const masked = maskText(line.repeat(LONG / line.length));
    expect(masked).not.toMatch(/zhangsan|192\.168|13812345678/);
    expect(masked.match(/<ip>/g)).toHaveLength(Math.floor(LONG / line.length));
  });
});
