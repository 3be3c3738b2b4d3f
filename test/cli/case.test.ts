/**
 * `npm run case -- list|show` as a real child process against a real SQLite file written through the
 * store (cases, timeline, engineer fields): the table and JSON of `list`, the masked summary and timeline
 * of `show` (Markdown and JSON, both languages, --no-mask), and clear failures for unknown cases and bad
 * arguments.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../src/storage/sqlite';
import type { CaseRow, TurnCommit } from '../../src/storage/ports';
import { CASE_NUMBER, OPENED_AT, referenceRow, referenceTimeline } from '../cases/referenceCase';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const DAY = 24 * 60 * 60 * 1000;
const OTHER = 'CAS-11111-ABCDEF';
const THIRD = 'CAS-22222-XYZ234';

let dir: string;
let databaseFile: string;

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, [path.join(ROOT, 'src/cli/case.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, DATA_DIR: dir, DATABASE_FILE: databaseFile },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function turn(row: CaseRow, now: number, conversationId: string): TurnCommit {
  const { createdAt: _c, updatedAt: _u, priority: _p, owner: _o, ...fields } = row;
  return {
    conversationId,
    expectedETag: undefined,
    record: { conversationId, machineVersion: 1, snapshot: {}, reference: {}, cardSlots: {} },
    cases: [fields],
    now,
  };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-case-cli-'));
  databaseFile = path.join(dir, 'bot.sqlite');
  const store = openSqliteStore(databaseFile);
  try {
    // The reference case, archived, with the user's contact and a message quoting a phone number.
    const base = referenceRow();
    const reference = referenceRow({
      problem: { ...(base.problem as object), contact: '张先生 13812345678，邮箱 zhang@bank.example.cn' },
      details: { ...base.details, recentMessages: [{ at: OPENED_AT, text: '打我电话 13812345678' }] },
    });
    const first = turn(reference, OPENED_AT, 'conv-ref');
    const timeline = referenceTimeline();
    const result = await store.conversations.commit({
      ...first,
      timeline: [
        ...timeline,
        {
          caseNumber: CASE_NUMBER,
          at: OPENED_AT + 3 * DAY,
          actor: 'engineer:Li Wei',
          what: 'Note: called 张先生 at 13812345678; logs under C:\\Users\\zhangsan.',
        },
      ],
    });
    expect(result.ok).toBe(true);
    const eTag = result.ok ? result.eTag : undefined;
    // The record's last change: the archive on day 13.
    const archived = await store.conversations.commit({
      ...turn(reference, OPENED_AT + 13 * DAY, 'conv-ref'),
      expectedETag: eTag,
    });
    expect(archived.ok).toBe(true);
    // Its files: a log upload, a screenshot the user sent the engineers, a file an engineer sent back.
    const sha = (c: string) => c.repeat(64);
    await store.uploads.add({
      id: 'up-1',
      caseNumber: CASE_NUMBER,
      grantId: 'g1',
      name: 'TERM-01-20220518.zip',
      size: 2048,
      sha256: sha('a'),
      artifactKey: `${CASE_NUMBER}/${sha('a')}`,
      kind: 'zip',
      receivedAt: OPENED_AT + DAY,
    });
    for (const [id, direction, name, by, at] of [
      ['f-1', 'from-user', '张先生-13812345678.png', 'user', OPENED_AT + 2 * DAY],
      ['f-2', 'to-user', 'fix.reg', 'Li Wei', OPENED_AT + 3 * DAY],
    ] as const) {
      await store.caseFiles.add({
        id,
        caseNumber: CASE_NUMBER,
        direction,
        name,
        size: 100,
        sha256: sha(id === 'f-1' ? 'b' : 'c'),
        artifactKey: `${CASE_NUMBER}/${sha(id === 'f-1' ? 'b' : 'c')}`,
        contentType: 'application/octet-stream',
        by,
        at,
      });
    }

    // An English case waiting for an engineer, with priority and owner set by the desk.
    const other = referenceRow({
      caseNumber: OTHER,
      status: 'awaiting-engineer',
      locale: 'en',
      userId: 'user-2',
      problem: {
        kbNumbers: ['KB5034441'],
        errorCodes: ['0x80070643'],
        machineCount: 1,
        description: 'WinRE update fails',
      },
      details: {},
    });
    expect((await store.conversations.commit(turn(other, OPENED_AT + 20 * DAY, 'conv-2'))).ok).toBe(true);
    await store.cases.setEngineerFields(OTHER, { priority: 'P1', owner: 'Wang Fang' }, OPENED_AT + 21 * DAY);

    // A case just opened, no problem definition yet.
    const third = referenceRow({ caseNumber: THIRD, status: 'open', problem: null, details: {} });
    expect((await store.conversations.commit(turn(third, OPENED_AT + 15 * DAY, 'conv-3'))).ok).toBe(true);
  } finally {
    await store.close();
  }
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('list', () => {
  it('prints a table of every case, most recently changed first', () => {
    const r = run('list');

    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^CASE\s+STATUS\s+PRIORITY\s+OWNER\s+LANG\s+CREATED \(UTC\)\s+UPDATED \(UTC\)\s+PROBLEM$/,
    );
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual([OTHER, THIRD, CASE_NUMBER]);
    expect(lines[1]).toMatch(
      /^CAS-11111-ABCDEF\s+awaiting-engineer\s+P1\s+Wang Fang\s+en\s+2022-06-06 02:00\s+2022-06-07 02:00\s+KB5034441 · 0x80070643 · 1 machine · WinRE update fails$/,
    );
    expect(lines[3]).toMatch(
      /^CAS-06265-C1Y8H2\s+archived\s+P3\s+-\s+zh-CN\s+2022-05-17 02:00\s+2022-05-30 02:00\s+KB5011503 · 0x80073712 · 2 machines · KB5011503 在两台终端上安装失败/,
    );
    expect(lines[2]).toMatch(/^CAS-22222-XYZ234\s+open\s+P3\s+-\s+zh-CN\s.*\s-$/);
  });

  it('filters by status and prints JSON', () => {
    const r = run('list', '--status', 'archived', '--json');

    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        caseNumber: CASE_NUMBER,
        status: 'archived',
        priority: 'P3',
        owner: '',
        locale: 'zh-CN',
        createdAt: '2022-05-17T02:00:00.000Z',
        updatedAt: '2022-05-30T02:00:00.000Z',
        problem: 'KB5011503 · 0x80073712 · 2 machines · KB5011503 在两台终端上安装失败，报错 0x80073712',
      },
    ]);
  });

  it('says when no case has the status, and refuses an unknown status', () => {
    expect(run('list', '--status', 'closed')).toMatchObject({
      code: 0,
      stdout: 'no cases with status closed\n',
    });
    const bad = run('list', '--status', 'lost');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown status lost');
  });
});

describe('show', () => {
  it('prints the summary and the timeline as Markdown, masked', () => {
    const r = run('show', CASE_NUMBER);

    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`## Case summary: ${CASE_NUMBER}`);
    expect(r.stdout).toContain('**Status**: archived');
    expect(r.stdout).toContain('`0x80073712` ERROR_SXS_COMPONENT_STORE_CORRUPT');
    expect(r.stdout).toContain(`## Timeline of case ${CASE_NUMBER}`);
    expect(r.stdout).toContain('- 2022-05-17 02:00 · user · Confirmed the problem definition.');
    expect(r.stdout).toContain(
      '- 2022-05-20 02:00 · engineer Li Wei · Note: called 张先生 at <phone>; logs under C:\\Users\\<user>.',
    );
    expect(r.stdout).not.toMatch(/13812345678|zhang@bank|zhangsan/);
    expect(r.stdout).toContain(`## Files of case ${CASE_NUMBER}`);
    const files = r.stdout
      .slice(r.stdout.indexOf('## Files of case'))
      .split('\n')
      .filter((l) => l.startsWith('- '));
    expect(files).toEqual([
      `- 2022-05-18 02:00 · log upload · TERM-01-20220518.zip (2048 B) · stored at \`${path.join(dir, 'artifacts', CASE_NUMBER, 'a'.repeat(64))}\``,
      `- 2022-05-19 02:00 · from the user · 张先生-<phone>.png (100 B) · stored at \`${path.join(dir, 'artifacts', CASE_NUMBER, 'b'.repeat(64))}\``,
      `- 2022-05-20 02:00 · to the user, from Li Wei · fix.reg (100 B) · stored at \`${path.join(dir, 'artifacts', CASE_NUMBER, 'c'.repeat(64))}\``,
    ]);
  });

  it('prints it in Chinese with --lang zh-CN and unmasked with --no-mask', () => {
    const r = run('show', CASE_NUMBER, '--md', '--lang', 'zh-CN', '--no-mask');

    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`## 案例 ${CASE_NUMBER} 的时间线`);
    expect(r.stdout).toContain('- 2022-05-17 10:00 · 用户 · Confirmed the problem definition.');
    expect(r.stdout).toContain('13812345678');
    expect(r.stdout).toContain('C:\\Users\\zhangsan');
  });

  it('prints the record, the timeline and the summary as JSON', () => {
    const r = run('show', CASE_NUMBER, '--json');

    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['case', 'timeline', 'summary', 'lang', 'masked', 'files']);
    expect(out.lang).toBe('en');
    expect(out.files.map((f: { kind: string; name: string }) => [f.kind, f.name])).toEqual([
      ['upload', 'TERM-01-20220518.zip'],
      ['from-user', '张先生-<phone>.png'],
      ['to-user', 'fix.reg'],
    ]);
    expect(out.masked).toBe(true);
    expect(out.case).toMatchObject({
      caseNumber: CASE_NUMBER,
      status: 'archived',
      locale: 'zh-CN',
      priority: 'P3',
      problem: { contact: '张先生 <phone>，邮箱 <email>', kbNumbers: ['KB5011503'] },
      details: { recentMessages: [{ text: '打我电话 <phone>' }] },
      createdAt: '2022-05-17T02:00:00.000Z',
    });
    expect(out.timeline).toHaveLength(5);
    expect(out.timeline[0]).toEqual({
      at: '2022-05-17T02:00:00.000Z',
      actor: 'user',
      what: 'Confirmed the problem definition.',
    });
    expect(out.summary).toMatchObject({
      caseNumber: CASE_NUMBER,
      outcome: 'resolved',
      archivedWithConsent: true,
      problem: { contact: '张先生 <phone>，邮箱 <email>' },
    });
    expect(out.summary.machines).toHaveLength(2);
    expect(r.stdout).not.toMatch(/13812345678|zhang@bank|zhangsan/);
  });

  it('shows a case without a problem definition', () => {
    const r = run('show', THIRD);

    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`## Case summary: ${THIRD}`);
    expect(r.stdout).toContain('Nothing is on the timeline yet.');
  });

  it('says so for an unknown case and exits 1', () => {
    const r = run('show', 'CAS-99999-ZZZZZZ');

    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`no case CAS-99999-ZZZZZZ in ${databaseFile}\n`);
  });

  it.each([
    [['show'], 'a case number is needed'],
    [['show', 'UC-1'], 'not a case number: UC-1'],
    [['show', CASE_NUMBER, '--lang', 'fr'], 'unknown language fr'],
    [['show', CASE_NUMBER, '--json', '--md'], 'choose one of --json and --md'],
    [['show', CASE_NUMBER, '--verbose'], 'unknown option --verbose'],
    [['frobnicate'], 'unknown command frobnicate'],
  ])('refuses %j with usage and exit 2', (args, message) => {
    const r = run(...args);

    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('usage: npm run case -- list');
  });
});

describe('purge-artifacts', () => {
  it.each([
    [[] as string[], `${THIRD}: deleted 0 uploaded bundles; upload links revoked; findings kept\n`],
    [['--lang', 'zh-CN'], `${THIRD}：已删除 0 个上传的日志包；上传链接已作废；分析结果保留\n`],
  ])('says what it did in the language asked for (%j)', (lang, line) => {
    const r = run('purge-artifacts', THIRD, '--by', '王工', ...lang);

    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(line);
  });

  it('refuses an unknown language with usage and exit 2', () => {
    const r = run('purge-artifacts', THIRD, '--lang', 'fr');

    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown language fr');
  });
});

describe('without a database', () => {
  it('says where it looked and exits 1, creating nothing', () => {
    const missing = path.join(dir, 'none', 'bot.sqlite');
    const r = spawnSync(TSX, [path.join(ROOT, 'src/cli/case.ts'), 'list'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, DATA_DIR: dir, DATABASE_FILE: missing },
    });

    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`no database at ${missing}`);
    expect(fs.existsSync(missing)).toBe(false);
  });
});
