/** A code's cause follows the log that reports it: ERROR_INVALID_DATA (0x8007000d) written by CBS is a damaged
 * catalog or manifest in the component store; written by the Windows Update agent, a damaged download or
 * update database (knowledge/error-codes: causeIdIn). */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnoseBundle } from '../../src/diagnosis/diagnose';
import { loadKnowledge } from '../../src/knowledge/index';

const knowledge = loadKnowledge();

it('0x8007000d in a real CBS.log (catalog verification failed) is component store corruption', async () => {
  const [m] = await diagnoseBundle(path.join(__dirname, '../corpus/logs/c-06-catalog-invalid-data/CBS.log'), {
    knowledge,
  });
  expect(m.primary).toMatchObject({ errorCode: '0x8007000d', causeId: 'component-store-corruption' });
});

it('0x8007000d as the Windows Update agent’s end result keeps the code’s own cause', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'causes-'));
  const file = path.join(dir, 'WindowsUpdate.log');
  await fs.writeFile(
    file,
    [
      '2022-05-19 11:49:01:100 1040 1d2c Agent *************',
      '2022-05-19 11:49:01:100 1040 1d2c Agent ** START **  Agent: Installing updates [CallerId = AutomaticUpdates]',
      '2022-05-19 11:49:09:200 1040 1d2c Agent * WARNING: Exit code = 0x8007000D',
      '2022-05-19 11:49:09:200 1040 1d2c Agent *********',
      '2022-05-19 11:49:09:200 1040 1d2c Agent **  END  **  Agent: Installing updates [CallerId = AutomaticUpdates]',
    ].join('\r\n') + '\r\n',
  );
  const [m] = await diagnoseBundle(file, { knowledge });
  expect(m.primary).toMatchObject({ errorCode: '0x8007000d' });
  expect(m.primary!.causeId).toBe(knowledge.code('0x8007000d')!.causeId);
  expect(knowledge.code('0x8007000d')!.causeId).toBe('wu-datastore-corrupt');
});
