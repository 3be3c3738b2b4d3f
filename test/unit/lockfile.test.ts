// The lock file installs: `npm ci` (what CI and a production install run) refuses a package-lock.json that
// is out of sync with package.json, e.g. missing the optional platform bindings of a dependency (the
// `@unrs/resolver-binding-*` entries once were). `npm ci --dry-run --offline` runs the same check without
// touching node_modules or the network, in a folder holding only the two files.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

jest.setTimeout(120_000);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-lockfile-'));
  for (const file of ['package.json', 'package-lock.json'])
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `npm ci --dry-run` in the folder: its exit code and what it said. */
function npmCi(): { status: number | null; output: string } {
  const run = spawnSync(
    'npm',
    ['ci', '--dry-run', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'error' },
    },
  );
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

it('package-lock.json is in sync with package.json: npm ci accepts it', () => {
  const { status, output } = npmCi();
  // On failure, npm's own words show (e.g. "Missing: <package>@<version> from lock file").
  expect({ status, output: status === 0 ? '' : output }).toEqual({ status: 0, output: '' });
});

it("the check can fail: a lock file missing one optional package (another platform's binding) is refused", () => {
  const file = path.join(dir, 'package-lock.json');
  const lock = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    packages: Record<string, { optional?: boolean }>;
  };
  // An optional package for another platform: what `npm install` on one machine can leave out.
  const binding = Object.keys(lock.packages).find((key) => key !== '' && lock.packages[key].optional);
  expect(binding).toBeDefined();
  delete lock.packages[binding!];
  fs.writeFileSync(file, JSON.stringify(lock, null, 2));
  const { status, output } = npmCi();
  expect(status).not.toBe(0);
  expect(output).toContain(`Missing: ${binding!.replace(/^node_modules\//, '')}@`);
});
