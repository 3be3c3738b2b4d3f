/** Every labelled sample diagnoses to its label: the code and the evidence line that really holds it, or no
 * primary finding for the negatives (benign noise must stay quiet). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnoseBundle } from '../../src/diagnosis/diagnose';

const DIR = '/work/shared/samples/logs';
interface Label {
  id: string;
  file: string;
  errorCode: string | null;
  symbolicName: string | null;
}
const labels = JSON.parse(fs.readFileSync(path.join(DIR, 'labels.json'), 'utf8')) as Label[];

describe.each(labels.map((l) => [l.id, l] as const))('%s', (_id, label) => {
  it(
    label.errorCode
      ? `diagnoses ${label.errorCode} and cites a line that holds it`
      : 'finds nothing conclusive',
    async () => {
      const [m] = await diagnoseBundle(path.join(DIR, label.file));
      if (!label.errorCode) {
        expect(m.primary).toBeNull();
        return;
      }
      expect(m.primary).not.toBeNull();
      const p = m.primary!;
      expect(p.errorCode).toBe(label.errorCode.toLowerCase());
      if (label.symbolicName) expect(p.symbolicName).toBe(label.symbolicName);
      expect(p.evidence.length).toBeGreaterThan(0);
      const lines = fs.readFileSync(path.join(DIR, label.file), 'utf8').split(/\r?\n/);
      for (const e of p.evidence) {
        expect(e.file).toBe(label.file);
        expect(lines[e.line - 1].toLowerCase()).toContain(label.errorCode.slice(2).toLowerCase());
      }
    },
  );
});

it('names a machine of a single uploaded log after the name it was uploaded under, not the stored hash', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ucb-name-'));
  try {
    const stored = path.join(dir, 'd7e09deb91c8a1f3b2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081c1c6');
    fs.copyFileSync(path.join(DIR, 'sample04.CBS.log'), stored);

    const [m] = await diagnoseBundle(stored, { displayName: 'CBS-branch.log' });

    expect(m.machine).toBe('CBS-branch.log');
    expect(m.findings.length).toBeGreaterThan(0);
    for (const f of m.findings) expect(f.machine).toBe('CBS-branch.log');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
