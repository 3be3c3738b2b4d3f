// Behaviour of the knowledge catalogue: the real data validates and answers lookups; the validator and
// loader reject broken copies with messages that say what to fix.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  KnowledgeError,
  STAGES,
  loadKnowledge,
  normaliseCode,
  validateKnowledge,
  type Knowledge,
  type Localized,
  type Stage,
} from '../../src/knowledge';

const ROOT = path.resolve(__dirname, '..', '..', 'knowledge');
const stageNo = (s: Stage) => STAGES.indexOf(s);

/** Every { en, zh-CN } object anywhere inside a value, with its path. */
function localizedIn(
  value: unknown,
  at: string,
  out: Array<[string, Localized]> = [],
): Array<[string, Localized]> {
  if (Array.isArray(value)) value.forEach((v, i) => localizedIn(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('en' in o || 'zh-CN' in o) out.push([at, o as unknown as Localized]);
    else for (const [k, v] of Object.entries(o)) localizedIn(v, `${at}.${k}`, out);
  }
  return out;
}

describe('the real knowledge data', () => {
  let k: Knowledge;
  beforeAll(() => {
    k = loadKnowledge();
  });

  it('validates without errors', () => {
    const errors = validateKnowledge().filter((p) => p.severity === 'error');
    expect(errors).toEqual([]);
  });

  it('is loaded once per folder (cached)', () => {
    expect(loadKnowledge()).toBe(k);
    expect(loadKnowledge(ROOT)).toBe(k);
  });

  it('holds at least 120 error codes, each written normalised and listed once across all files', () => {
    const seen = new Map<string, string>();
    for (const f of fs.readdirSync(path.join(ROOT, 'error-codes')).filter((n) => n.endsWith('.yaml'))) {
      const list = parse(fs.readFileSync(path.join(ROOT, 'error-codes', f), 'utf8')) as Array<{
        code: unknown;
      }>;
      for (const e of list) {
        expect(typeof e.code).toBe('string');
        expect(e.code).toMatch(/^0x[0-9a-f]{8}$/);
        expect(normaliseCode(e.code as string)).toBe(e.code);
        expect(seen.get(e.code as string)).toBeUndefined();
        seen.set(e.code as string, f);
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(120);
    expect(k.errorCodes.size).toBe(seen.size);
  });

  it('covers the brief: CBS, WU, Win32, WinHTTP, setup and success codes with the right names and stages', () => {
    const expectCode = (code: string, name: string, stage?: Stage) => {
      const e = k.errorCodes.get(code);
      expect(e?.name).toBe(name);
      if (stage) expect(e?.stage).toBe(stage);
    };
    expectCode('0x80073712', 'ERROR_SXS_COMPONENT_STORE_CORRUPT', 'S4');
    expectCode('0x800f081f', 'CBS_E_SOURCE_MISSING', 'S4');
    expectCode('0x800f0831', 'CBS_E_STORE_CORRUPTION');
    expectCode('0x800f0920', 'CBS_E_HANG_DETECTED');
    expectCode('0x800f082f', 'CBS_E_EXCLUSIVE_WOULD_MERGE');
    expectCode('0x800f0988', 'PSFX_E_INVALID_DELTA_COMBINATION');
    expectCode('0x8024402c', 'WU_E_PT_WINHTTP_NAME_NOT_RESOLVED', 'S2');
    expectCode('0x80072f8f', 'ERROR_WINHTTP_SECURE_FAILURE');
    expectCode('0xc1900101', 'MOSETUP_E_SETUP_PLATFORM');
    expectCode('0x80070070', 'ERROR_DISK_FULL', 'S1');
    for (const benign of ['0x00240006', '0x00240005', '0x00248001', '0x000f0801']) {
      expect(k.errorCodes.get(benign)?.stage).toBe('S0');
    }
  });

  it('gives every code, cause and playbook text in both languages, the Chinese one actually Chinese', () => {
    const all: Array<[string, Localized]> = [];
    for (const [c, e] of k.errorCodes) localizedIn(e, c, all);
    for (const [id, c] of k.causes) localizedIn(c, id, all);
    for (const [id, p] of k.playbooks) localizedIn(p, id, all);
    for (const [b, f] of k.families) localizedIn(f, String(b), all);
    expect(all.length).toBeGreaterThan(1000);
    for (const [at, l] of all) {
      expect([at, l.en.trim().length > 0]).toEqual([at, true]);
      expect([at, l['zh-CN'].trim().length > 0]).toEqual([at, true]);
    }
    // titles and meanings are translated, not copied
    for (const [at, l] of all.filter(([a]) => /\.(title|meaning|summary|explanation)$/.test(a))) {
      expect([at, /[\u4e00-\u9fff]/.test(l['zh-CN'])]).toEqual([at, true]);
    }
    expect(k.errorCodes.get('0x80073712')?.meaning['zh-CN']).toContain('组件库');
  });

  it('points every code with a causeId at an existing cause, and cites its sources', () => {
    for (const [code, e] of k.errorCodes) {
      if (e.causeId) expect([code, k.causes.has(e.causeId)]).toEqual([code, true]);
      expect(e.references.length).toBeGreaterThan(0);
      for (const r of e.references)
        expect([code, r, k.sources.has(r) || r.startsWith('https://')]).toEqual([code, r, true]);
    }
  });

  it('has the causes the detection rules reference', () => {
    const required = [
      'component-store-corruption',
      'missing-prior-package-manifest',
      'repair-source-missing',
      'advanced-installer-failure',
      'pending-reboot',
      'servicing-stack-outdated',
      'update-not-applicable',
      'disk-full',
      'access-denied',
      'file-in-use',
      'update-source-unreachable',
      'proxy-misconfigured',
      'tls-or-clock',
      'download-trust-failure',
      'delta-payload-mismatch',
      'driver-operation-failure',
      'upgrade-rollback-driver',
      'upgrade-compat-block',
      'system-file-corruption',
      'wu-datastore-corrupt',
      'update-policy-block',
      'ntfs-transaction-failure',
      'servicing-timeout',
      'service-disabled',
      'dism-usage-error',
    ];
    for (const id of required) expect([id, k.causes.has(id)]).toEqual([id, true]);
  });

  it("lists every cause's playbooks as existing playbooks ordered least invasive first", () => {
    for (const [id, c] of k.causes) {
      const stages = c.playbooks.map((p) => {
        const pb = k.playbooks.get(p);
        expect([id, p, pb !== undefined]).toEqual([id, p, true]);
        return stageNo(pb!.stage);
      });
      expect([id, stages]).toEqual([id, [...stages].sort((a, b) => a - b)]);
    }
    // the reference case: a corrupt store starts with the reset script, repairs with DISM, and ends with
    // reset / clean install
    const store = k.causes.get('component-store-corruption')!.playbooks;
    expect(store.slice(0, 2)).toEqual(['wu-reset-script', 'dism-sfc']);
    expect(store).toEqual(
      expect.arrayContaining(['in-place-repair', 'reset-keep-files', 'backup-clean-install']),
    );
  });

  it('chains playbooks through existing next steps, never down the ladder, and ships the scripts they name', () => {
    for (const [id, p] of k.playbooks) {
      if (p.next) {
        const n = k.playbooks.get(p.next);
        expect([id, p.next, n !== undefined]).toEqual([id, p.next, true]);
        expect(stageNo(n!.stage)).toBeGreaterThanOrEqual(stageNo(p.stage));
      }
      for (const s of p.scripts ?? [])
        expect([id, s, fs.existsSync(path.join(ROOT, 'scripts', s))]).toEqual([id, s, true]);
    }
    expect(k.playbooks.get('wu-reset-script')?.scripts).toEqual(['UpdateReset.cmd']);
  });

  it('describes the ladder: DISM variants, in-place repair preconditions, reset warnings', () => {
    const dism = k.playbooks.get('dism-sfc')!;
    expect(dism.stage).toBe('S4');
    expect(Object.keys(dism.variants ?? {}).sort()).toEqual(['internet', 'offline', 'wsus']);
    expect(dism.variants!.internet.map((s) => s.en).join(' ')).toContain('/RestoreHealth');
    for (const env of ['wsus', 'offline']) {
      const text = dism.variants![env].map((s) => s.en).join(' ');
      expect(text).toMatch(/\/Source:wim:D:\\sources\\install\.wim:<index> \/LimitAccess/);
      expect(text).toContain('/Get-WimInfo');
    }
    expect(dism.steps.map((s) => s.en).join(' ')).toContain('sfc /scannow');

    const ipu = k.playbooks.get('in-place-repair')!;
    expect(ipu.stage).toBe('S6');
    const pre = ipu.preconditions.map((p) => p.en).join(' ');
    for (const word of ['edition', 'language', 'architecture', 'newer']) expect(pre).toContain(word);

    const reset = k.playbooks.get('reset-keep-files')!;
    expect(reset.stage).toBe('S7');
    expect(reset.risks.map((r) => r.kind)).toContain('apps-removed');
    expect(reset.summary.en).toMatch(/WinSxS/);
    expect(k.playbooks.get('backup-clean-install')!.risks.map((r) => r.kind)).toContain('data-loss');
  });
});

describe('normaliseCode', () => {
  it.each([
    ['0x80073712', '0x80073712'],
    ['0X8007371B', '0x8007371b'],
    ['80073712', '0x80073712'],
    ['800F081F', '0x800f081f'],
    ['  0x800f0922 ', '0x800f0922'],
    ['0x240006', '0x00240006'],
    ['2149842967', '0x80240017'],
    ['2359302', '0x00240006'],
    ['2388526074', '0x8e5e03fa'],
    ['-2147024894', '0x80070002'],
    ['-2146498527', '0x800f0821'],
    ['0', '0x00000000'],
  ])('%s -> %s', (raw, want) => {
    expect(normaliseCode(raw)).toBe(want);
  });

  it.each([
    '',
    'hello',
    '0x',
    '0x123456789',
    '0xZZ',
    '4294967296',
    '-2147483649',
    '12.5',
    '0x8007 0002',
    'E_FAIL',
  ])('rejects %j', (raw) => {
    expect(normaliseCode(raw)).toBeNull();
  });
});

describe('lookups', () => {
  const k = loadKnowledge();

  it('resolves symbolic names, aliases and Win32 names case-insensitively', () => {
    expect(k.byName('ERROR_FILE_NOT_FOUND')?.code).toBe('0x80070002');
    expect(k.byName('error_mod_not_found')?.code).toBe('0x8007007e');
    expect(k.byName('ERROR_ACCESS_DENIED')?.code).toBe('0x80070005');
    expect(k.byName('ERROR_NOT_FOUND')?.code).toBe('0x80070490');
    expect(k.byName('ERROR_INVALID_DATA')?.code).toBe('0x8007000d');
    expect(k.byName('HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION)')?.code).toBe('0x80070020');
    expect(k.byName('STATUS_SXS_COMPONENT_STORE_CORRUPT')?.code).toBe('0x80073712');
    expect(k.byName('WININET_E_DECODING_FAILED')?.code).toBe('0x80072f8f');
    expect(k.byName('NO_SUCH_NAME')).toBeUndefined();
  });

  it('maps Win32 numbers through HRESULT_FROM_WIN32', () => {
    expect(k.win32(1058)?.code).toBe('0x80070422');
    expect(k.win32(2)?.name).toBe('ERROR_FILE_NOT_FOUND');
    expect(k.win32(112)?.name).toBe('ERROR_DISK_FULL');
    expect(k.win32(87)?.name).toBe('ERROR_INVALID_PARAMETER');
    expect(k.win32(-1)).toBeUndefined();
    expect(k.win32(70000)).toBeUndefined();
  });

  it('looks codes up in any notation', () => {
    expect(k.code('2149842967')?.name).toBe('WU_E_NOT_APPLICABLE');
    expect(k.code('80242015')?.name).toBe('WU_E_UH_POSTREBOOTRESULTUNKNOWN');
    expect(k.code('2359302')?.name).toBe('WU_S_ALREADY_INSTALLED');
    expect(k.code('not a code')).toBeUndefined();
  });
});

describe('KB applicability', () => {
  const k = loadKnowledge();

  it('knows the March 2022 releases from the reference case', () => {
    expect(k.kbs.get('KB5011503')).toMatchObject({ date: '2022-03-08', builds: ['17763.2686'] });
    expect(k.kbs.get('KB5011487')?.builds).toEqual(['19042.1586', '19043.1586', '19044.1586']);
    expect(k.kbs.get('KB5011493')?.builds).toEqual(['22000.556']);
    expect(k.families.get(17763)?.version).toBe('1809');
    expect(k.families.get(19045)?.branch).toBe(19041);
  });

  it('covers 2021-2023 monthly updates for 17763, 19044/19045, 20348 and Windows 11, each with a source', () => {
    const months = (major: number) =>
      new Set(
        [...k.kbs.values()]
          .filter((r) => r.builds.some((b) => b.startsWith(`${major}.`)))
          .map((r) => r.date.slice(0, 7)),
      );
    expect(months(17763).size).toBeGreaterThanOrEqual(36);
    expect(months(19044).size).toBeGreaterThanOrEqual(24);
    expect(months(20348).size).toBeGreaterThanOrEqual(28);
    expect(months(22000).size).toBeGreaterThanOrEqual(27);
    for (const r of k.kbs.values()) expect([r.kb, !!r.source]).toEqual([r.kb, true]);
  });

  it('says a KB applies to a machine of its build family', () => {
    const a = k.applicability('KB5011503', '17763.1');
    expect(a.verdict).toBe('applies');
    expect(a.kbBuilds).toEqual(['17763.2686']);
    expect(a.family).toContain('1809');
    expect(k.applicability('kb5011503', '10.0.17763.2300').verdict).toBe('applies');
  });

  it('says wrong-build when the machine is another version, in both languages, and names the right KB', () => {
    const a = k.applicability('KB5011503', '19044.1826');
    expect(a.verdict).toBe('wrong-build');
    expect(a.family).toContain('21H2');
    expect(a.note.en).toContain('KB5011487');
    expect(a.note['zh-CN']).toContain('不适用');
    expect(a.note['zh-CN']).toContain('KB5011487');
  });

  it('notes when the machine is already past the KB', () => {
    const a = k.applicability('KB5011503', '17763.3000');
    expect(a.verdict).toBe('applies');
    expect(a.note.en).toMatch(/already/);
  });

  it('says unknown for a KB it does not know, or a machine build it does not know', () => {
    expect(k.applicability('KB1234567', '17763.1')).toMatchObject({ verdict: 'unknown', kbBuilds: [] });
    const b = k.applicability('KB5011503', undefined);
    expect(b.verdict).toBe('unknown');
    expect(b.kbBuilds).toEqual(['17763.2686']);
  });
});

describe('UpdateReset.cmd', () => {
  const buf = fs.readFileSync(path.join(ROOT, 'scripts', 'UpdateReset.cmd'));
  const text = buf.toString('latin1');

  it('is plain ASCII with CRLF line endings', () => {
    expect(buf.every((b) => b === 0x0d || b === 0x0a || b === 0x09 || (b >= 0x20 && b < 0x7f))).toBe(true);
    expect(text).toContain('\r\n');
    expect(/(^|[^\r])\n/.test(text)).toBe(false);
  });

  it('refuses to run without elevation before touching any service', () => {
    const check = text.search(/net session >nul 2>&1\r\nif errorlevel 1 \(/);
    expect(check).toBeGreaterThan(0);
    expect(text.indexOf('exit /b 1', check)).toBeGreaterThan(check);
    expect(check).toBeLessThan(text.search(/net stop/i));
  });

  it('does the reset steps and says it leaves the component store alone', () => {
    for (const svc of ['bits', 'wuauserv', 'cryptsvc', 'appidsvc', 'msiserver'])
      expect(text).toMatch(new RegExp(`\\b${svc}\\b`));
    expect(text).toMatch(/qmgr\*\.dat/);
    expect(text).toMatch(/SoftwareDistribution\.bak-%TS%/);
    expect(text).toMatch(/catroot2\.bak-%TS%/);
    expect(text).toMatch(/if exist "%%d\.dll" regsvr32\.exe \/s "%%d\.dll"/);
    expect(text).toContain('netsh winsock reset');
    expect(text).toMatch(/RESTART/);
    expect(text).toMatch(/does NOT touch the component store/i);
  });
});

describe('the validator on broken data', () => {
  let dir: string;
  const write = (rel: string, body: string) => fs.writeFileSync(path.join(dir, rel), body);
  const read = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
  const messages = () =>
    validateKnowledge(dir)
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.file}: ${p.message}`);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knowledge-'));
    fs.cpSync(ROOT, dir, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts an untouched copy', () => {
    expect(messages()).toEqual([]);
  });

  it('reports unquoted, non-normalised and duplicate codes', () => {
    write(
      'error-codes/zz-broken.yaml',
      [
        '- code: 0x80070002', // YAML reads this as a number
        '  name: ERROR_X\n  meaning: { en: a, zh-CN: 甲 }\n  causes: [{ en: a, zh-CN: 甲 }]\n  stage: S1\n  references: [S2]',
        "- code: '0X8007000E'",
        '  name: ERROR_Y\n  meaning: { en: a, zh-CN: 甲 }\n  causes: [{ en: a, zh-CN: 甲 }]\n  stage: S1\n  references: [S2]',
        "- code: '0x80073712'",
        '  name: ERROR_Z\n  meaning: { en: a, zh-CN: 甲 }\n  causes: [{ en: a, zh-CN: 甲 }]\n  stage: S4\n  references: [S2]',
      ].join('\n'),
    );
    const m = messages();
    expect(m).toContainEqual(
      expect.stringContaining("YAML read the code as a number (2147942402) — quote it: code: '0x80070002'"),
    );
    expect(m).toContainEqual(
      expect.stringContaining("code '0X8007000E' is not normalised — write it as '0x8007000e'"),
    );
    expect(m).toContainEqual(
      expect.stringMatching(/zz-broken\.yaml: 0x80073712: duplicate code \(also in error-codes\/cbs\.yaml\)/),
    );
  });

  it('reports a missing translation, an unknown stage, an unknown reference and a dangling causeId', () => {
    write(
      'error-codes/zz-broken.yaml',
      "- code: '0x8badf00d'\n  name: ERROR_BAD_FOOD\n  meaning: { en: food }\n  causes: [{ en: a, zh-CN: 甲 }]\n  stage: S9\n  references: [S999]\n" +
        "- code: '0x8badf00e'\n  name: ERROR_BAD_FOOE\n  meaning: { en: a, zh-CN: 甲 }\n  causes: [{ en: a, zh-CN: 甲 }]\n  stage: S4\n  causeId: no-such-cause\n  references: [S999]\n",
    );
    const m = messages();
    expect(m).toContainEqual(expect.stringMatching(/0x8badf00d meaning\.zh-CN: /));
    expect(m).toContainEqual(expect.stringMatching(/0x8badf00d stage: /));
    expect(m).toContainEqual(
      expect.stringContaining("0x8badf00e: unknown reference 'S999' — use a key from sources.yaml"),
    );
    expect(m).toContainEqual(
      expect.stringContaining(
        "0x8badf00e: causeId 'no-such-cause' is not a cause — create causes/no-such-cause.yaml",
      ),
    );
  });

  it('reports causes with missing or out-of-order playbooks and an id that is not the file name', () => {
    write(
      'causes/disk-full.yaml',
      read('causes/disk-full.yaml').replace(
        '[ free-disk-space, component-cleanup ]',
        '[ in-place-repair, reboot-retry, no-such-playbook ]',
      ),
    );
    write('causes/renamed.yaml', read('causes/pending-reboot.yaml'));
    const m = messages();
    expect(m).toContain(
      "causes/disk-full.yaml: playbook 'no-such-playbook' does not exist — create remediation/no-such-playbook.yaml or fix the list",
    );
    expect(m).toContain(
      "causes/disk-full.yaml: playbooks out of order: 'reboot-retry' (S1) comes after 'in-place-repair' (S6) — order least invasive first",
    );
    expect(m).toContain(
      "causes/renamed.yaml: id 'pending-reboot' must equal the file name 'renamed' — rename the file or fix the id",
    );
  });

  it('reports playbooks whose next is missing or steps down, and scripts that do not exist', () => {
    write(
      'remediation/reboot-retry.yaml',
      read('remediation/reboot-retry.yaml').replace('next: wu-reset-script', 'next: nowhere'),
    );
    write(
      'remediation/in-place-repair.yaml',
      read('remediation/in-place-repair.yaml').replace('next: reset-keep-files', 'next: dism-sfc'),
    );
    write(
      'remediation/wu-reset-script.yaml',
      read('remediation/wu-reset-script.yaml').replace('[ UpdateReset.cmd ]', '[ Missing.cmd ]'),
    );
    const m = messages();
    expect(m).toContain(
      "remediation/reboot-retry.yaml: next 'nowhere' is not a playbook — create remediation/nowhere.yaml or fix next",
    );
    expect(m).toContain(
      "remediation/in-place-repair.yaml: next 'dism-sfc' (S4) is a lower stage than S6 — next must not step back down the ladder",
    );
    expect(m).toContain(
      "remediation/wu-reset-script.yaml: script 'Missing.cmd' does not exist — add knowledge/scripts/Missing.cmd or remove it from scripts",
    );
  });

  it('reports a script with LF line endings or non-ASCII bytes', () => {
    write(
      'scripts/UpdateReset.cmd',
      read('scripts/UpdateReset.cmd').replace(/\r\n/g, '\n') + 'echo “done”\n',
    );
    const m = messages();
    expect(m).toContainEqual(
      expect.stringMatching(/^scripts\/UpdateReset\.cmd: has LF-only line endings — convert to CRLF/),
    );
    expect(m).toContainEqual(
      expect.stringMatching(/^scripts\/UpdateReset\.cmd: contains non-ASCII or control bytes/),
    );
  });

  it('reports KB entries with a bad date, a duplicate, or a build with no family', () => {
    write(
      'kb/zz-broken.yaml',
      "- { kb: KB5011503, date: '2022-03-08', kind: lcu, builds: ['17763.2686'], products: [x], source: S36 }\n" +
        "- { kb: KB0000001, date: '8 March 2022', kind: lcu, builds: ['17763.1'], products: [x], source: S36 }\n" +
        "- { kb: KB0000002, date: '2022-03-08', kind: lcu, builds: ['99999.1'], products: [x], source: S36 }\n",
    );
    const m = messages();
    expect(m).toContainEqual(
      expect.stringContaining(
        'kb/zz-broken.yaml: KB5011503 listed twice (also in kb/windows10-1809-server2019.yaml)',
      ),
    );
    expect(m).toContainEqual(expect.stringContaining('KB0000001 date: date must be YYYY-MM-DD'));
    expect(m).toContainEqual(
      expect.stringContaining(
        'KB0000002: build 99999.1 has no family in kb/families.yaml — add build 99999 there',
      ),
    );
  });

  it('reports a missing build-family table', () => {
    fs.rmSync(path.join(dir, 'kb', 'families.yaml'));
    expect(messages()).toContainEqual(expect.stringMatching(/^kb\/families\.yaml: missing or empty/));
  });

  it('reports YAML syntax errors per file', () => {
    write('causes/disk-full.yaml', 'id: disk-full\ntitle: [unclosed\n');
    expect(messages()).toContainEqual(
      expect.stringMatching(/^causes\/disk-full\.yaml: YAML syntax error: .* — fix the YAML$/),
    );
  });

  it('makes loadKnowledge throw one KnowledgeError listing every problem', () => {
    write(
      'remediation/reboot-retry.yaml',
      read('remediation/reboot-retry.yaml').replace('next: wu-reset-script', 'next: nowhere'),
    );
    write(
      'causes/disk-full.yaml',
      read('causes/disk-full.yaml').replace('free-disk-space, ', 'no-such-playbook, '),
    );
    let err: unknown;
    try {
      loadKnowledge(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KnowledgeError);
    const problems = (err as KnowledgeError).problems.map((p) => p.message);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("next 'nowhere'"),
        expect.stringContaining("playbook 'no-such-playbook'"),
      ]),
    );
    expect((err as Error).message).toContain('reboot-retry.yaml');
  });
});
