/** dism.log parser: provider fields, hr, DISM.EXE lines, usage errors and session attribution. */
import { dismParser } from '../../../src/diagnosis/parsers/dism';

describe('dism parser', () => {
  it('splits provider, PID, TID, Class::Method and the hr tail', () => {
    const r = dismParser().parse(
      {
        line: 59,
        text: '2023-05-17 12:06:13, Error                 DISM   DISM Package Manager: PID=5372 TID=12244 Failed finalizing changes. - CDISMPackageManager::Internal_Finalize(hr:0x800f081f)',
      },
      'dism.log',
    );
    expect(r).toMatchObject({ level: 'Error', component: 'DISM', codes: ['0x800f081f'] });
    expect(r.fields).toMatchObject({
      provider: 'DISM Package Manager',
      pid: 5372,
      tid: 12244,
      class: 'CDISMPackageManager',
      method: 'Internal_Finalize',
      hr: '0x800f081f',
    });
  });

  it('reads lines without provider or TID, and uppercase codes without 0x', () => {
    const p = dismParser();
    expect(
      p.parse(
        {
          line: 1,
          text: "2023-05-17 12:05:03, Info                  DISM   PID=7044 TID=12196 Scratch directory set to 'C:\\Users\\x\\AppData\\Local\\Temp\\'. - CDISMManager::put_ScratchDir",
        },
        'd',
      ).fields,
    ).toMatchObject({ pid: 7044, tid: 12196, method: 'put_ScratchDir' });
    expect(
      p.parse(
        {
          line: 2,
          text: '2021-01-01 10:00:00, Info                  DISM   PID=17428 Feature name Microsoft-Hyper-V is unknown.',
        },
        'd',
      ).fields,
    ).toMatchObject({ pid: 17428 });
    expect(
      p.parse(
        {
          line: 3,
          text: '2021-01-01 10:00:01, Error                 DISM   DISM.EXE: DISM Package Manager processed the command line but failed. HRESULT=80070BC9',
        },
        'd',
      ).codes,
    ).toEqual(['0x80070bc9']);
  });

  it('attributes records to their Dism.exe session and carries the session command line', () => {
    const p = dismParser();
    const lines = [
      '2023-05-17 12:04:53, Info                  DISM   DISM.EXE: <----- Starting Dism.exe session ----->',
      '2023-05-17 12:04:53, Error                 DISM   DISM.EXE: Failed validating command line: dism  /online /cleanup-image /restorehealth /limit access',
      '2023-05-17 12:04:53, Info                  DISM   DISM.EXE: <----- Ending Dism.exe session ----->',
      '2023-05-17 12:05:03, Info                  DISM   PID=7044 TID=12196 Scratch directory set to x - CDISMManager::put_ScratchDir',
      '2023-05-17 12:05:03, Info                  DISM   DISM.EXE: <----- Starting Dism.exe session ----->',
      '2023-05-17 12:05:03, Info                  DISM   DISM.EXE: Host machine information: OS Version=10.0.22621, Running architecture=amd64, Number of processors=12',
      '2023-05-17 12:05:03, Info                  DISM   DISM.EXE: Executing command line: dism  /online /cleanup-image /restorehealth /source:I:\\sources\\install.wim /limitaccess',
      '2023-05-17 12:05:03, Info                  DISM   DISM.EXE: Target image information: OS Version=10.0.22621.1702, Image architecture=amd64',
      '2023-05-17 12:06:13, Error                 DISM   DISM Package Manager: PID=5372 TID=12244 Failed to restore the image health. - CPackageManagerCLIHandler::ProcessCmdLine_CleanupImage(hr:0x800f081f)',
    ].map((text, i) => p.parse({ line: i + 1, text }, 'dism.log'));
    expect(lines[1].fields).toMatchObject({
      session: 1,
      inSession: true,
      usageError: true,
      command: 'dism  /online /cleanup-image /restorehealth /limit access',
    });
    expect(lines[3].fields).toMatchObject({ session: 1, inSession: false });
    expect(lines[5].fields.hostOsVersion).toBe('10.0.22621');
    expect(lines[7].fields.targetOsVersion).toBe('10.0.22621.1702');
    expect(lines[8].fields).toMatchObject({
      session: 2,
      inSession: true,
      command: 'dism  /online /cleanup-image /restorehealth /source:I:\\sources\\install.wim /limitaccess',
    });
    expect(lines[8].fields.usageError).toBeUndefined();
  });
});
