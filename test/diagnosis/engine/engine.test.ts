/** The engine: prefilter + record extraction (multi-line, across chunks), exact line numbers, encodings,
 * grouping, ranking, masking, benign noise, fixtures and the suspicious-lines fallback. */
import * as iconv from 'iconv-lite';
import { Engine, MachineScan } from '../../../src/diagnosis/engine';
import { loadRules, type Rule } from '../../../src/diagnosis/rules';
import type { LogFormat } from '../../../src/diagnosis/types';

const CBS_PREFIX = (ts: string, level: string, comp: string): string =>
  `${ts}, ${level.padEnd(22)}${comp.padEnd(7)}`;
const cbs = (ts: string, level: string, comp: string, msg: string): string =>
  CBS_PREFIX(ts, level, comp) + msg;

function rule(over: Partial<Rule> & Pick<Rule, 'id' | 'anchors' | 'match'>): Rule {
  return {
    title: over.id,
    status: 'test',
    description: 'test rule',
    format: 'cbs',
    cause: 'component-store-corruption',
    confidence: 0.5,
    decisive: true,
    benign: [],
    references: ['https://example.invalid'],
    ...over,
  } as Rule;
}

const STORE = rule({
  id: 'store',
  anchors: ['80073712'],
  match: { all: [{ field: 'codes', contains: '0x80073712' }] },
  errorCode: '0x80073712',
  confidence: 0.9,
});
const TRACE = rule({
  id: 'trace',
  anchors: ['STATUS_SXS_COMPONENT_STORE_CORRUPT'],
  match: { all: [{ field: 'names', contains: 'STATUS_SXS_COMPONENT_STORE_CORRUPT' }] },
  decisive: false,
  confidence: 0.6,
});

async function scanText(
  rules: Rule[],
  data: Buffer | string,
  format: LogFormat = 'cbs',
  chunk?: number,
  scanBytes?: number,
): Promise<{ engine: Engine; scan: MachineScan; parsed: number; lines: number }> {
  const engine = new Engine(rules, { scanBytes });
  const scan = new MachineScan();
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
  async function* pieces(): AsyncIterable<Buffer> {
    for (let i = 0; i < buf.length; i += chunk!) yield buf.subarray(i, i + chunk!);
  }
  const s = await engine.scanFile(chunk ? pieces() : buf, 'CBS.log', format, scan);
  return { engine, scan, parsed: s!.parsed, lines: s!.lines };
}

/** A healthy CBS.log body with planted lines at the given 1-based line numbers. */
function healthy(total: number, planted: Record<number, string>): string {
  const noise = [
    cbs(
      '2022-05-19 11:40:00',
      'Info',
      'CBS',
      'Session: 30928548_3049398512 initialized by client WindowsUpdateAgent.',
    ),
    cbs(
      '2022-05-19 11:40:00',
      'Info',
      'CBS',
      'Failed to internally open package. [HRESULT = 0x800f0805 - CBS_E_INVALID_PACKAGE]',
    ),
    cbs(
      '2022-05-19 11:40:00',
      'Info',
      'CSI',
      "0000012a Hashes for file member [l:10]'ntdll.dll' do not match.",
    ) + '\n Expected: {l:32 ml:33 b:4a5e}.\n Actual: {l:32 b:9f00}.',
  ];
  const out: string[] = [];
  let n = 0;
  let i = 0;
  while (n < total) {
    const p = planted[n + 1];
    const text = p ?? noise[i++ % noise.length];
    const physical = text.split('\n');
    const crosses = Object.keys(planted).some((k) => Number(k) > n + 1 && Number(k) <= n + physical.length);
    if (!p && (n + physical.length > total || crosses)) {
      out.push(noise[0]);
      n++;
      continue;
    }
    out.push(text);
    n += physical.length;
  }
  // CRLF between lines; CSI continuation lines keep their bare LF, as in real CBS.log files.
  return out.join('\r\n') + '\r\n';
}

describe('engine: prefilter and records', () => {
  it('parses only records holding an anchor or a probe, and finds the planted failure', async () => {
    const text = healthy(300, {
      290: cbs(
        '2022-05-19 11:49:09',
        'Error',
        'CBS',
        'Failed to complete component closure [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
      ),
    });
    const { engine, scan, parsed, lines } = await scanText([STORE], text);
    expect(lines).toBe(300);
    expect(parsed).toBe(1);
    const [f] = engine.findings(scan);
    expect(f).toMatchObject({ ruleId: 'store', errorCode: '0x80073712', count: 1 });
    expect(f.evidence[0]).toMatchObject({ file: 'CBS.log', line: 290, timestamp: '2022-05-19 11:49:09' });
  });

  it('reads a multi-line CSI record whole and cites the physical line that holds the code', async () => {
    const text = [
      cbs('2022-05-19 11:49:08', 'Info', 'CBS', 'Exec: Resolving Package'),
      cbs(
        '2022-05-19 11:49:09',
        'Error',
        'CSI',
        '0000002f@2022/5/19:03:49:09.532 (F) Error STATUS_SXS_COMPONENT_STORE_CORRUPT originated in function CCSDirect::GetComponentManifest expression: (null)',
      ),
      '[gle=0x80073712]',
      cbs('2022-05-19 11:49:09', 'Info', 'CBS', 'Next record'),
    ].join('\r\n');
    const { engine, scan } = await scanText([STORE, TRACE], text);
    const byId = Object.fromEntries(engine.findings(scan).map((f) => [f.ruleId, f]));
    // TRACE takes its code from the record ([gle=0x80073712] on the continuation line), and a finding cites
    // the line that shows the code it names.
    expect(byId.trace.evidence[0].line).toBe(3);
    expect(byId.trace.errorCode).toBe('0x80073712');
    // The STORE rule fires on the same record (its code sits on the continuation line) and cites line 3.
    expect(byId.store.evidence[0]).toMatchObject({
      line: 3,
      text: '[gle=0x80073712]',
      timestamp: '2022-05-19 11:49:09',
    });
  });

  it('keeps records and line numbers exact when the input arrives in tiny chunks', async () => {
    const planted: Record<number, string> = {};
    for (const n of [5, 777, 2000, 4321, 4999]) {
      planted[n] = cbs(
        '2022-05-19 11:49:09',
        'Error',
        'CBS',
        `Failed at ${n} [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]`,
      );
    }
    const text = healthy(5000, planted);
    const whole = await scanText([STORE], text, 'cbs', undefined, 1 << 20);
    const tiny = await scanText([STORE], text, 'cbs', 97, 4096);
    const lines = (r: typeof whole): number[] => r.engine.findings(r.scan)[0].evidence.map((e) => e.line);
    expect(lines(whole)).toEqual([5, 777, 2000, 4321, 4999]);
    expect(lines(tiny)).toEqual([5, 777, 2000, 4321, 4999]);
    expect(tiny.lines).toBe(5000);
    for (const e of tiny.engine.findings(tiny.scan)[0].evidence)
      expect(e.text).toContain(`Failed at ${e.line} `);
  });

  it('strips the UTF-8 BOM and reads UTF-16LE and GBK files', async () => {
    const line = cbs(
      '2022-05-19 11:49:09',
      'Error',
      'CBS',
      'Failed to complete component closure [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT] 路径 C:\\补丁',
    );
    const utf8 = await scanText([STORE], '\uFEFF' + line + '\r\n');
    const utf16 = await scanText(
      [STORE],
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(line + '\r\n', 'utf-16le')]),
      'cbs',
      5,
    );
    const gbk = await scanText([STORE], iconv.encode(line + '\r\n', 'gbk'));
    for (const r of [utf8, utf16, gbk]) {
      const [f] = r.engine.findings(r.scan);
      expect(f.evidence[0]).toMatchObject({ line: 1, text: line });
    }
  });

  it('groups repeated hits into one finding: a count, the first hit and the last ones', async () => {
    const planted: Record<number, string> = {};
    for (let n = 10; n <= 100; n += 10)
      planted[n] = cbs(
        `2022-05-19 11:49:${String(n % 60).padStart(2, '0')}`,
        'Error',
        'CBS',
        `try ${n} [HRESULT = 0x80073712]`,
      );
    const { engine, scan } = await scanText([STORE], healthy(120, planted));
    const [f] = engine.findings(scan);
    expect(f.count).toBe(10);
    expect(f.evidence.map((e) => e.line)).toEqual([10, 70, 80, 90, 100]);
  });

  it('ranks decisive findings first, then confidence, then the latest failure', async () => {
    const early = rule({
      id: 'early',
      anchors: ['EARLY_FAIL'],
      match: { all: [{ field: 'message', contains: 'EARLY_FAIL' }] },
      confidence: 0.8,
    });
    const late = rule({
      id: 'late',
      anchors: ['LATER_FAIL'],
      match: { all: [{ field: 'message', contains: 'LATER_FAIL' }] },
      confidence: 0.8,
    });
    const sure = rule({
      id: 'sure',
      anchors: ['SURE_FAIL'],
      match: { all: [{ field: 'message', contains: 'SURE_FAIL' }] },
      confidence: 0.95,
    });
    const support = rule({
      id: 'support',
      anchors: ['SUPPORT_ONLY'],
      match: { all: [{ field: 'message', contains: 'SUPPORT_ONLY' }] },
      confidence: 0.99,
      decisive: false,
    });
    const text = [
      cbs('2022-05-19 10:00:00', 'Error', 'CBS', 'SURE_FAIL'),
      cbs('2022-05-19 11:00:00', 'Error', 'CBS', 'EARLY_FAIL'),
      cbs('2022-05-19 12:00:00', 'Error', 'CBS', 'LATER_FAIL'),
      cbs('2022-05-19 13:00:00', 'Error', 'CBS', 'SUPPORT_ONLY'),
    ].join('\n');
    const { engine, scan } = await scanText([early, late, sure, support], text);
    expect(engine.findings(scan).map((f) => f.ruleId)).toEqual(['sure', 'late', 'early', 'support']);
  });

  it('masks user names, addresses and SIDs in evidence', async () => {
    const text = cbs(
      '2023-05-17 12:05:03',
      'Error',
      'CBS',
      "Failed on 'C:\\Users\\JaneDoe\\Desktop\\x.cab' from 10.1.2.3 for S-1-5-21-1111111111-2222222222-3333333333-1001 [HRESULT = 0x80073712]",
    );
    const { engine, scan } = await scanText([STORE], text);
    const t = engine.findings(scan)[0].evidence[0].text;
    expect(t).toContain("'C:\\Users\\<user>\\Desktop\\x.cab'");
    expect(t).toContain('from <ip> for S-1-5-21-<sid>');
    expect(t).not.toMatch(/JaneDoe|10\.1\.2\.3|1111111111/);
  });
});

describe('engine with the knowledge rules: benign noise stays quiet', () => {
  const rules = loadRules();
  it.each([
    [
      'cbs',
      cbs(
        '2016-09-28 04:30:31',
        'Info',
        'CBS',
        'Failed to internally open package. [HRESULT = 0x800f0805 - CBS_E_INVALID_PACKAGE]',
      ),
    ],
    [
      'cbs',
      cbs(
        '2016-09-28 04:30:31',
        'Info',
        'CBS',
        'Failed to OpenPackage using worker session [HRESULT = 0x800f0805]',
      ),
    ],
    [
      'cbs',
      cbs(
        '2016-09-28 04:30:31',
        'Info',
        'CBS',
        'SQM: Failed to start upload with file pattern: C:\\Windows\\servicing\\sqm\\*_std.sqm, flags: 0x2 [HRESULT = 0x80004005 - E_FAIL]',
      ),
    ],
    [
      'cbs',
      cbs(
        '2016-09-28 04:30:31',
        'Info',
        'CBS',
        'Failed to initialize onesettings [HRESULT = 0x80070002 - ERROR_FILE_NOT_FOUND]',
      ),
    ],
    [
      'panther',
      '2025-05-02 15:20:18, Error                        Failed to delete \\\\?\\C:\\windows.old\\WINDOWS\\System32\\shell32.dll. hr = 0x80070005',
    ],
    [
      'windowsupdate',
      '2020/11/19 15:25:47.0346425 5812  6864  Misc            *FAILED* [80070032] EvaluateManifestBasedRule',
    ],
    [
      'windowsupdate',
      '2020/11/19 15:25:47.0346425 5812  6864  Misc            *FAILED* [8024000C] DynamicDownloadDataFetcher',
    ],
    [
      'windowsupdate',
      '2020/11/19 15:25:46.9997442 3304  9020  Agent           * END * Finding updates CallerId = Update;ScanForUpdates, Id = 5618, Exit code = 0x00000000',
    ],
  ] as Array<[LogFormat, string]>)('%s: %s', async (format, line) => {
    const { engine, scan } = await scanText(rules, line + '\r\n', format);
    expect(engine.findings(scan)).toEqual([]);
  });
});

describe('engine fixtures and suspicious lines', () => {
  it('checkFixture reports match records that do not fire and no-match records that do', async () => {
    const engine = new Engine([]);
    const fixture = [
      '## a comment',
      '#> match',
      cbs('2022-05-19 11:49:09', 'Error', 'CBS', 'closure failed [HRESULT = 0x80073712]'),
      cbs(
        '2022-05-19 11:49:09',
        'Error',
        'CBS',
        'written without the anchor: ERROR_SXS_COMPONENT_STORE_CORRUPT',
      ),
      '#> no-match',
      cbs('2022-05-19 11:49:09', 'Info', 'CBS', 'also 0x80073712 here'),
    ].join('\n');
    const res = await engine.checkFixture(STORE, fixture);
    expect(res.records).toBe(3);
    expect(res.missed.map((r) => r.line)).toEqual([4]);
    expect(res.falseHits.map((r) => r.line)).toEqual([6]);
  });

  it('collects unexplained Error lines, one entry per line shape, most suspicious first', async () => {
    const lines = [
      '2025-05-02 15:20:12, Error                 SP         CProvisioningMigration::DoExecute: ProvMigration failed. Error: 0x80070003[gle=0x0000012a]',
      ...Array.from(
        { length: 40 },
        (_, i) =>
          `2025-05-02 15:20:18, Error                        Failed to delete \\\\?\\C:\\windows.old\\WINDOWS\\f${i}.dll. hr = 0x80070005`,
      ),
      '2025-05-02 15:20:19, Error                        Some error without a code',
    ];
    const { engine, scan } = await scanText([], lines.join('\r\n') + '\r\n', 'panther');
    const s = engine.suspicious(scan);
    expect(engine.findings(scan)).toEqual([]);
    expect(s.map((x) => [x.line, x.count, x.codes])).toEqual([
      [41, 40, ['0x80070005']],
      [1, 1, ['0x80070003']],
      [42, 1, []],
    ]);
  });
});
