/** Error-code extraction: every notation real logs use becomes '0x' + 8 lower-case hex digits, and the
 * look-alikes (sequence numbers, GUIDs, timestamps, success results) do not count as failures. */
import { realLines } from '../../helpers/realLines';
import {
  extractCodes,
  normaliseCode,
  isFailureCode,
  hresultFromWin32,
  byteMarkers,
  mayHoldFailure,
} from '../../../src/diagnosis/codes';

const codes = (text: string, lookup?: (n: string) => string | undefined): string[] =>
  extractCodes(text, lookup).codes;

describe('extractCodes', () => {
  it.each([
    ['Failed to get source. [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]', '0x800f081f'],
    ['Failed finalizing changes. - CDISMPackageManager::Internal_Finalize(hr:0x800f081f)', '0x800f081f'],
    ['DISM Package Manager processed the command line but failed. HRESULT=80070BC9', '0x80070bc9'],
    ['Setup WARNING: SelfUpdate: Default Service: IsUpdateRequired failed, hr = 80072efe', '0x80072efe'],
    ['Misc            *FAILED* [80070050] Method failed [CSLSClient::GetResponse:123]', '0x80070050'],
    [
      'WARNING: WinHttp: SendRequestUsingProxy failed for <https://x/wuident.cab>. error 0x80072efe',
      '0x80072efe',
    ],
    ['Agent * WARNING: Exit code = 0x8024402C', '0x8024402c'],
    ['(F) Failed to load component manifest [gle=0x80004005]', '0x80004005'],
    [
      'WER: Generating failure report for package: P~1, status: 0x800f0950, failure source: Execute',
      '0x800f0950',
    ],
    ['CDlpActionDataMigrate::ExecuteRoutine(691): Result = 0x80070032', '0x80070032'],
    [
      '(F) Installer: Network Drivers\tBinary Name: NetSetupAI.dll\tErrorCode: 800106d9\tPhase: 31',
      '0x800106d9',
    ],
    ['Completion status: HRESULT_FROM_WIN32(1058)', '0x80070422'],
    ['Completion status: HRESULT_FROM_WIN32(14098)', '0x80073712'],
    [
      'LogHistory called. idUpdate={BFC8A103-7E4B-4A5D-9D39-6A0C1C9E8F31}.200, resultMapped=80070643, resultUnMapped=FFFE',
      '0x80070643',
    ],
    ['ImageExit: Initializing SetupResult: [0x800f0818]', '0x800f0818'],
    ['Installation Failure: Windows failed to install the update with error code 2149842967', '0x80240017'],
  ])('%s → %s', (text, code) => {
    expect(codes(text)).toEqual([code]);
  });

  it('resolves HRESULT_FROM_WIN32(NAME) through the catalogue lookup and keeps the name', () => {
    const lookup = (n: string): string | undefined =>
      n === 'ERROR_FILE_NOT_FOUND' ? '0x80070002' : undefined;
    const r = extractCodes('    Completion status: HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)', lookup);
    expect(r.codes).toEqual(['0x80070002']);
    expect(r.names).toEqual(['ERROR_FILE_NOT_FOUND']);
  });

  it('maps NTSTATUS_FROM_WIN32 to the 0xC007 facility', () => {
    expect(codes('status NTSTATUS_FROM_WIN32(13)')).toEqual(['0xc007000d']);
  });

  it('collects symbolic names, upper-case only, without success names', () => {
    const r = extractCodes(
      'Error STATUS_SXS_COMPONENT_STORE_CORRUPT originated in function CCSDirect::GetComponentManifest; CheckSur: hrStatus: 0x0 [S_OK] ERROR_SUCCESS Error_Thing',
    );
    expect(r.names).toEqual(['STATUS_SXS_COMPONENT_STORE_CORRUPT']);
    expect(r.codes).toEqual([]);
  });

  it('keeps every code on a line, in order, once', () => {
    expect(
      codes('Finalize: Remapping install error [0x80070032] -> [0xC1900108] for telemetry; again 0x80070032'),
    ).toEqual(['0x80070032', '0xc1900108']);
  });

  it('reports zero results as success, never as failures', () => {
    for (const text of [
      'Agent  * END * Finding updates CallerId = Update;ScanForUpdates, Id = 5618, Exit code = 0x00000000',
      'Operation result: 0x0',
      'Execution phase [Post OOBE] exiting with HRESULT [0x00000000]',
      'CheckSur: hrStatus: 0x0 [S_OK]',
    ]) {
      const r = extractCodes(text);
      expect({ text, codes: r.codes, success: r.success }).toEqual({
        text,
        codes: [],
        success: ['0x00000000'],
      });
    }
  });

  it('ignores sequence numbers, GUID pieces, timestamps, PIDs, stack addresses, flags and message ids', () => {
    for (const text of [
      '2018-12-08 18:38:11, Error      [0x01805c] CSI    00000057 (F) Installer: Network Drivers',
      'Event name for current DISM session is Global\\{275D8F99-D591-485C-AFE9-59A7EE626440}',
      '2020/11/19 15:25:46.9997442 3304  9020  Agent  * END * Finding updates',
      'WcpInitialize (wcp.dll version 0.0.0.6) called (stack @0x7ffd497360e5 @0x7ffd49be2e53)',
      'Search ClientId = Update;ScanForUpdates, Flags: 0X8000000 (cV = jfSyZ4FfNU+lvhag.1.0.1.0.0)',
      'CBS session options=0x20100! - CDISMPackageManager::Internal_Finalize',
      'Session: 30429148_1092728672 initialized by client WindowsUpdateAgent.',
      'CProvisioningMigration::DoExecute: ProvMigration failed.[gle=0x0000012a]',
      'Disposition from Analyze: 0x1',
    ]) {
      expect({ text, codes: codes(text) }).toEqual({ text, codes: [] });
    }
  });
});

describe('normaliseCode and friends', () => {
  it('normalises hex with or without 0x, and signed or unsigned decimal', () => {
    expect(normaliseCode('0x8024402C')).toBe('0x8024402c');
    expect(normaliseCode('80242015')).toBe('0x80242015');
    expect(normaliseCode('2149842967')).toBe('0x80240017');
    expect(normaliseCode('-2145124329')).toBe('0x80240017');
    expect(normaliseCode('0x240006')).toBe('0x00240006');
    expect(normaliseCode('not a code')).toBeNull();
  });

  it('knows failures by the severity bit and wraps Win32 errors', () => {
    expect(isFailureCode('0x80073712')).toBe(true);
    expect(isFailureCode('0xc1900101')).toBe(true);
    expect(isFailureCode('0x00240006')).toBe(false);
    expect(hresultFromWin32(112)).toBe('0x80070070');
    expect(hresultFromWin32(0)).toBe('0x00000000');
  });
});

describe('mayHoldFailure: the byte check never hides a failure code extractCodes would find', () => {
  const lines = realLines({ fixtures: true });

  it('is true on every real line (corpus, samples, rule fixtures) that carries a failure code', () => {
    const withCodes = lines.filter((l) => extractCodes(l).codes.length > 0);
    expect(withCodes.length).toBeGreaterThan(500);
    const missed = withCodes.filter((l) => !mayHoldFailure(Buffer.from(l, 'latin1'), 0, l.length));
    expect(missed).toEqual([]);
  });

  it.each([
    'hr = 80070005',
    'Completion status: HRESULT_FROM_WIN32(ERROR_MOD_NOT_FOUND)',
    'error -2145124329',
    'Installation Failure: ... error code 2149842967',
    '*FAILED* [8024402C] WinHttp',
    'status: 0xC1900101',
  ])('is true on %j', (line) => {
    expect(
      extractCodes(line, (n) => (n === 'ERROR_MOD_NOT_FOUND' ? '0x8007007e' : undefined)).codes.length,
    ).toBeGreaterThan(0);
    expect(mayHoldFailure(Buffer.from(line, 'latin1'), 0, line.length)).toBe(true);
  });

  it('with markers, is also true where one stands, and only then', () => {
    const markers = byteMarkers(['KB', 'rror', 'ollupF']);
    const t = (l: string): boolean => mayHoldFailure(Buffer.from(l, 'latin1'), 0, l.length, markers);
    expect(t('Exec: Processing complete. Package: Package_for_KB5005112 [HRESULT = 0x00000000 - S_OK]')).toBe(
      true,
    );
    expect(t('2022-05-19 11:49:09, Error  CBS  Failed')).toBe(true);
    expect(t('Package_for_RollupFix~31bf3856ad364e35')).toBe(true);
    expect(t('Exec: Processing complete [HRESULT = 0x00000000 - S_OK]')).toBe(false);
    // A marker cut off by the range's end does not count.
    const l = 'Session finalized, Erro';
    expect(mayHoldFailure(Buffer.from(l + 'r'), 0, l.length, markers)).toBe(false);
    expect(t('hr = 80070005')).toBe(true);
  });

  it('is false on the benign end results that fill real logs, so they need no parse', () => {
    const line =
      'Exec: Processing complete, session(Corruption Repairing): 30983718_1234567 [HRESULT = 0x00000000 - S_OK]';
    expect(extractCodes(line).codes).toEqual([]);
    expect(mayHoldFailure(Buffer.from(line), 0, line.length)).toBe(false);
  });
});
