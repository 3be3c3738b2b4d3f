/** `npm run diagnose`: JSON on stdout for a sample, the human report, and clear non-zero exits for inputs
 * that are refused or unreadable (in the chosen language). */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
});
