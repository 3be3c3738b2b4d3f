/** How the decisive failure is chosen on real logs (test/corpus), beyond "a rule matched": an end result
 * written after a rule's step restates the code; E_FAIL wraps the specific failure before it; a message CBS
 * writes while servicing an offline image is not a failure; the COMPONENTS hive that cannot load is. */
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { diagnoseBundle } from '../../src/diagnosis/diagnose';
import { loadKnowledge } from '../../src/knowledge/index';

const knowledge = loadKnowledge();
const CORPUS = path.join(__dirname, '../corpus/logs');
const corpusFile = (prefix: string): string => {
  const dir = fs.readdirSync(CORPUS).find((d) => d.startsWith(prefix))!;
  return path.join(CORPUS, dir, fs.readdirSync(path.join(CORPUS, dir))[0]);
};
const primaryOf = async (prefix: string) =>
  (await diagnoseBundle(corpusFile(prefix), { knowledge }))[0].primary;

describe('an end result after the step a rule explains', () => {
  it('names the scan’s exit code (0x8024402F) and keeps the rule’s cause and its step code', async () => {
    const p = await primaryOf('b-08-');
    expect(p).toMatchObject({ ruleId: 'wu-name-not-resolved', errorCode: '0x8024402f' });
    expect(p!.causeId).toBe('update-source-unreachable');
    expect(p!.details.stepCode).toBe('0x8024402c');
    expect(p!.evidence.map((e) => e.text)).toEqual([expect.stringContaining('Result code = 0x8024402F')]);
  });

  it('names the download call’s result (0x80240061) after the trust failure 0x80096010', async () => {
    const p = await primaryOf('f-03-');
    expect(p).toMatchObject({ ruleId: 'wu-trust-bad-digest', errorCode: '0x80240061' });
    expect(p!.details.stepCode).toBe('0x80096010');
  });

  it('leaves a rule alone whose code the end result repeats (the reference case’s 0x80073712)', async () => {
    const [m] = await diagnoseBundle('/work/shared/samples/logs/sample02.CBS.log', { knowledge });
    expect(m.primary?.details.stepCode).toBeUndefined();
  });
});

it('E_FAIL at the end of a DISM command gives way to the specific failure before it (0x80070020)', async () => {
  const p = await primaryOf('f-10-');
  expect(p).toMatchObject({ errorCode: '0x80070020' });
});

it('"Failed to unload offline registry … the client may still need it open" (0x80070005) is not a failure', async () => {
  expect(await primaryOf('f-07-')).toBeNull();
});

it('"Failed to load the COMPONENTS hive … 0x800705aa", even at Info level, is the registry size limit', async () => {
  const p = await primaryOf('f-22-');
  expect(p).toMatchObject({ errorCode: '0x800705aa', causeId: 'registry-size-limit' });
  expect(knowledge.causes.get('registry-size-limit')!.playbooks).toEqual(['remove-registry-size-limit']);
});

it('a DismApi call that returns clears the provider errors inside it, and the same look-up failing again is that noise', async () => {
  expect(await primaryOf('f-19-')).toBeNull();
});

it('an RPC call failing after the connection was lost gives way to the loss itself (0x80010108, not 0x800706be)', async () => {
  expect(await primaryOf('f-15-')).toMatchObject({ errorCode: '0x80010108' });
});

it('setup failing because the machine was shutting down names 0x8007045B and the interruption', async () => {
  expect(await primaryOf('c-17-')).toMatchObject({
    ruleId: 'setup-shutdown-in-progress',
    errorCode: '0x8007045b',
    causeId: 'transient-interruption',
  });
});

it('a CBS error line pasted without its timestamp is still read as one', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verdicts-'));
  const file = path.join(dir, 'CBS.log');
  fs.writeFileSync(
    file,
    'Error                 CBS    Failed to internally open package. [HRESULT = 0x80070570 - ERROR_FILE_OR_DIRECTORY_CORRUPTED]\n',
  );
  const [m] = await diagnoseBundle(file, { knowledge });
  expect(m.primary).toMatchObject({ ruleId: 'generic/cbs-error-line', errorCode: '0x80070570' });
});
