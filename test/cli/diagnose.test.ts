/** `npm run diagnose`: JSON on stdout for a sample, the human report, and clear non-zero exits for inputs
 * that are refused or unreadable (in the chosen language). */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { cmgeZip, intuneZip, quietWindowsUpdateLog } from '../diagnosis/layouts.fixtures';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const SAMPLES = '/work/shared/samples/logs';

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, [path.join(ROOT, 'src/cli/diagnose.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('diagnose CLI', () => {
  it('prints the case as JSON for a sample and exits 0', () => {
    const r = run(path.join(SAMPLES, 'sample04.CBS.log'), '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['machines', 'primary', 'commonCause']));
    expect(out.machines).toHaveLength(1);
    const m = out.machines[0];
    expect(Object.keys(m)).toEqual(
      expect.arrayContaining(['source', 'hostName', 'osBuild', 'primary', 'findings']),
    );
    expect(m.primary).toMatchObject({
      ruleId: 'cbs-installers-failed',
      causeId: 'advanced-installer-failure',
      errorCode: '0x800f0922',
      symbolicName: 'CBS_E_INSTALLERS_FAILED',
      confidence: expect.any(Number),
      evidence: [
        expect.objectContaining({
          file: 'sample04.CBS.log',
          line: 7,
          timestamp: '2018-12-08 18:38:11',
          text: expect.stringContaining('0x800f0922'),
        }),
      ],
    });
    expect(out.primary.errorCode).toBe('0x800f0922');
    expect(out.commonCause).toBeNull();
  });

  it('prints a report with the decisive error and cites the evidence line', () => {
    const r = run(path.join(SAMPLES, 'sample05.WindowsUpdate.log'), '--kb', 'KB5011503');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Decisive error: 0x8024402c WU_E_PT_WINHTTP_NAME_NOT_RESOLVED');
    expect(r.stdout).toMatch(
      /sample05\.WindowsUpdate\.log:10 {2}2010-01-05 18:52:06:762 {2}.*Exit code = 0x8024402C/,
    );
    expect(r.stdout).toContain('Update KB5011503 (named by the user)');
  });

  it('refuses a program with a clear message in Chinese and a non-zero exit', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ucb-cli-'));
    try {
      const exe = path.join(dir, 'collector.exe');
      await fs.writeFile(exe, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]));
      const r = run(exe, '--lang', 'zh-CN');
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^无法完成分析：/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('says so when an input does not exist, and rejects bad options', () => {
    const missing = run('/no/such/bundle.zip');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Could not diagnose: The uploaded file could not be found.');
    const bad = run('--kb', 'nonsense', path.join(SAMPLES, 'sample04.CBS.log'));
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('--kb needs a KB number');
  });

  describe('collector bundles as users upload them', () => {
    let dir: string;
    let zips: string[];

    beforeAll(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ucb-cli-layouts-'));
      zips = [path.join(dir, 'CMGE_Log.zip'), path.join(dir, 'CMGE_Log (1).zip')];
      await fs.writeFile(zips[0], await cmgeZip('TERM-0231'));
      await fs.writeFile(zips[1], await cmgeZip('TERM-0232'));
    });

    afterAll(async () => {
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('diagnoses the reference case’s two CMGE zips as two terminals named by host, 0x80073712 in common (zh-CN)', () => {
      const r = run(...zips, '--lang', 'zh-CN');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('日志分析：共 2 台机器');
      expect(r.stdout).toMatch(
        /共同原因: 0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT .*\(涉及 TERM-0231, TERM-0232\)/,
      );
      expect(r.stdout.match(/^== 机器 .*==$/gm)).toEqual(['== 机器 TERM-0231 ==', '== 机器 TERM-0232 ==']);
      expect(r.stdout).not.toContain('这些机器没有同一个决定性原因');
      // WindowsUpdate.log and systeminfo are in each zip: only the event logs are missing.
      expect(r.stdout.match(/^缺少的日志: .*$/gm)).toEqual([
        '缺少的日志: 事件日志（系统、安装）',
        '缺少的日志: 事件日志（系统、安装）',
      ]);
    });

    it('says the same in English, and as JSON with host names', () => {
      const r = run(...zips, '--lang', 'en');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Diagnosis of 2 machines');
      expect(r.stdout).toMatch(
        /Common cause: 0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT .*\(on TERM-0231, TERM-0232\)/,
      );
      expect(r.stdout.match(/^== Machine .*==$/gm)).toEqual([
        '== Machine TERM-0231 ==',
        '== Machine TERM-0232 ==',
      ]);
      const json = JSON.parse(run(...zips, '--json').stdout);
      expect(
        json.machines.map((m: { machine: string; hostName: string }) => [m.machine, m.hostName]),
      ).toEqual([
        ['TERM-0231', 'TERM-0231'],
        ['TERM-0232', 'TERM-0232'],
      ]);
      expect(json.commonCause).toMatchObject({
        errorCode: '0x80073712',
        machines: ['TERM-0231', 'TERM-0232'],
      });
    });

    it('names an Intune download by host and a lone WindowsUpdate.log by its file', async () => {
      const intune = path.join(dir, 'DiagLogs-TERM-0240-20220519T115000Z.zip');
      await fs.writeFile(intune, await intuneZip('TERM-0240'));
      const wu = path.join(dir, 'WindowsUpdate.log');
      await fs.writeFile(wu, quietWindowsUpdateLog());
      const json = JSON.parse(run(intune, wu, '--json').stdout);
      expect(
        json.machines.map((m: { machine: string; hostName: string | null; missingLogs: string[] }) => [
          m.machine,
          m.hostName,
          m.missingLogs,
        ]),
      ).toEqual([
        ['TERM-0240', 'TERM-0240', ['systeminfo']],
        ['WindowsUpdate.log', null, ['cbs', 'eventlog', 'systeminfo']],
      ]);
      expect(json.commonCause).toBeNull();
    });

    it('refuses a damaged zip with a clear message in each language', async () => {
      const bad = path.join(dir, 'CMGE_Log_TERM-0299.zip');
      await fs.writeFile(bad, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 0x41)]));
      const zh = run(bad, '--lang', 'zh-CN');
      expect(zh.code).toBe(2);
      expect(zh.stderr).toMatch(/^无法完成分析：.*[\u4e00-\u9fff]/);
      const en = run(bad, '--lang', 'en');
      expect(en.code).toBe(2);
      expect(en.stderr).toMatch(/^Could not diagnose: .*damaged or incomplete/);
    });
  });
});
