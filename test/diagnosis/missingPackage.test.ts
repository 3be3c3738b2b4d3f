/**
 * What the conversation keeps of a diagnosis says whether a log names a package missing from the store:
 * installing that package from the Catalog is proposed only then (src/domain/plan.ts `fitted`).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diagnoseCase } from '../../src/diagnosis/diagnose';
import { summarize } from '../../src/diagnosis/summary';
import { loadKnowledge } from '../../src/knowledge';
import { referenceCbsLog } from './layouts.fixtures';

const knowledge = loadKnowledge();

async function summaryOf(cbsLog: string) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'missing-package-'));
  try {
    const file = path.join(dir, 'CBS.log');
    await fs.writeFile(file, cbsLog);
    const [machine] = (await diagnoseCase([file], { knowledge })).machines;
    return summarize(machine, { id: 'u1', name: 'CBS.log' }, knowledge);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('a missing package named by the logs', () => {
  it('is noted when CBS.log says which package’s manifest is missing', async () => {
    const lines = [
      '2017-11-15 12:40:00, Info                  CBS    Store corruption, manifest missing for package: Package_123_for_KB3192392~31bf3856ad364e35~amd64~~6.3.1.4',
      "2017-11-15 12:40:00, Error                 CBS    Failed to resolve package 'Package_123_for_KB3192392~31bf3856ad364e35~amd64~~6.3.1.4' [HRESULT = 0x800f0831 - CBS_E_STORE_CORRUPTION]",
    ];
    const summary = await summaryOf(lines.join('\r\n') + '\r\n');

    expect(summary.errorCode).toBe('0x800f0831');
    expect(summary.missingPackageNamed).toBe(true);
    expect(summary.plan?.find((s) => s.playbookId === 'install-missing-package')?.needs).toEqual([
      'missing-package-named',
    ]);
  });

  it('is not noted for the reference case’s corrupt store, whose plan still lists the stage with its need', async () => {
    const summary = await summaryOf(referenceCbsLog());

    expect(summary.errorCode).toBe('0x80073712');
    expect(summary.missingPackageNamed).toBeUndefined();
    expect(summary.plan?.map((s) => [s.playbookId, s.needs ?? []])).toEqual([
      ['wu-reset-script', []],
      ['dism-sfc', ['repair-source']],
      ['install-missing-package', ['missing-package-named']],
      ['in-place-repair', ['installation-media']],
      ['reset-keep-files', []],
      ['backup-clean-install', []],
    ]);
  });
});
