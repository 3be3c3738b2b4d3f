/** Panther setupact/setuperr parser: empty component column, result chains, SetupResult and extend codes. */
import { pantherParser } from '../../../src/diagnosis/parsers/panther';

const parse = (text: string) => pantherParser().parse({ line: 1, text }, 'setuperr.log');

describe('panther parser', () => {
  it('reads lines with an empty component column', () => {
    const r = parse(
      '2025-05-02 15:20:18, Error                        Failed to delete \\\\?\\C:\\windows.old\\WINDOWS\\System32\\shell32.dll. hr = 0x80070005',
    );
    expect(r.component).toBeUndefined();
    expect(r.level).toBe('Error');
    expect(r.message.startsWith('Failed to delete')).toBe(true);
    expect(r.codes).toEqual(['0x80070005']);
  });

  it('reads a component followed by extra spaces and the [gle] tail', () => {
    const r = parse(
      '2025-05-02 15:20:12, Error                 SP         CProvisioningMigration::DoExecute: ProvMigration failed. Error: 0x80070003[gle=0x0000012a]',
    );
    expect(r.component).toBe('SP');
    expect(r.message.startsWith('CProvisioningMigration::DoExecute')).toBe(true);
    expect(r.codes).toEqual(['0x80070003']);
  });

  it('reads message ids, result chains, SetupResult, extend codes and phase changes', () => {
    expect(
      parse(
        '2019-03-29 00:32:48, Error      [0x0606ae] IBS    [SetupCl library] Required profile hive does not exist: [x]',
      ).fields.msgId,
    ).toBe('0x0606ae');
    expect(
      parse(
        '2022-07-06 08:18:24, Error                 MOUPG  CDlpActionDataMigrate::ExecuteRoutine(691): Result = 0x80070032',
      ).fields,
    ).toMatchObject({
      class: 'CDlpActionDataMigrate',
      method: 'ExecuteRoutine',
      result: '0x80070032',
    });
    expect(
      parse(
        '2022-07-06 08:18:30, Info                  MOUPG  ImageExit: Initializing SetupResult: [0x800f0818]',
      ).fields.setupResult,
    ).toBe('0x800f0818');
    expect(
      parse(
        '2022-07-06 08:18:30, Info                  MOUPG  ImageExit: Initializing Extended:    [0x50013]',
      ).fields.extendCode,
    ).toBe('0x50013');
    expect(
      parse(
        '2022-07-06 08:18:31, Info                  MOUPG  SetupHost: Reporting error event -> [0x80070032, 0x50013]',
      ).fields,
    ).toMatchObject({ result: '0x80070032', extendCode: '0x50013' });
    expect(
      parse(
        '2022-07-06 08:18:31, Info                  SP     Setup phase change: [SetupPhaseInstall] -> [SetupPhaseError]',
      ).fields,
    ).toMatchObject({ phaseFrom: 'SetupPhaseInstall', phaseTo: 'SetupPhaseError' });
    const ok = parse(
      '2025-05-02 15:40:00, Info                  SP     Execution phase [Post OOBE] exiting with HRESULT [0x00000000]',
    );
    expect(ok.codes).toEqual([]);
    expect(ok.success).toBe(true);
  });
});
