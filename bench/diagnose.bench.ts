/** Benchmark: the diagnosis engine against `grep -c -E '<union of the anchors>'` on a generated, realistic
 * CBS.log (default 500 MB). Prints throughput, ratio and the engine's peak RSS; writes bench/out/diagnose.json.
 * Usage: npm run bench:diagnose -- [--size-mb N] [--runs N] [--fresh] */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, MachineScan } from '../src/diagnosis/engine';
import { loadRules } from '../src/diagnosis/rules';
import { loadKnowledge, type Knowledge } from '../src/knowledge/index';

const OUT = path.join(__dirname, 'out');
const MB = 1024 * 1024;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// A realistic CBS.log: real line shapes (samples, reference case, domain notes), healthy noise with benign
// Info/Error failures, CSI multi-line records with bare-LF continuations, CRLF line ends, the real failure
// chain planted near the end.
// ---------------------------------------------------------------------------------------------------------

/** Small deterministic PRNG (mulberry32), so every run writes the same file. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPONENTS = [
  'microsoft-windows-servicingstack',
  'microsoft-windows-shell32',
  'microsoft-windows-networking-mpssvc-svc',
  'microsoft-windows-d2d',
  'netfx4-clr_dll',
  'microsoft-windows-onecore-winrt-storage',
  'microsoft-windows-kernelbase',
  'microsoft-windows-s..tiondata-component',
  'microsoft-windows-t..ices-tabletservice',
  'microsoft-windows-a..ence-infrastructure',
];
const PACKAGES = [
  'Package_for_KB5005112',
  'Package_for_KB5010351',
  'Package_for_RollupFix',
  'Microsoft-Windows-Client-Features-Package',
  'Package_for_ServicingStack_2560',
  'Microsoft-Windows-NetFx3-OnDemand-Package',
];
const FILES = [
  'ntdll.dll',
  'shell32.dll',
  'windows.storage.dll',
  'clr.dll',
  'kernelbase.dll',
  'd2d1.dll',
  'wcp.dll',
  'mpssvc.dll',
];

function generator(seed: number): { next(ts: string): string } {
  const r = rng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const hex = (n: number): string =>
    Math.floor(r() * 16 ** n)
      .toString(16)
      .padStart(n, '0');
  let seq = 1;
  const csiSeq = (): string => (seq++ & 0xffffffff).toString(16).padStart(8, '0');
  const row = (ts: string, level: string, comp: string, msg: string): string =>
    `${ts}, ${level.padEnd(22)}${comp.padEnd(7)}${msg}`;
  const ver = (): string => `10.0.17763.${pick(['1', '2560', '2686', '1879', '2452'])}`;
  const pkg = (): string => `${pick(PACKAGES)}~31bf3856ad364e35~amd64~~${ver()}`;
  const comp = (): string => `amd64_${pick(COMPONENTS)}_31bf3856ad364e35_${ver()}_none_${hex(16)}`;
  const session = (): string => `${30928548 + Math.floor(r() * 1000)}_${Math.floor(r() * 4e9)}`;
  const kinds: Array<[number, (ts: string) => string]> = [
    [
      14,
      (ts) =>
        row(
          ts,
          'Info',
          'CBS',
          `Read out cached applicability from TiLight for package: ${pkg()}, ApplicableState: 112, CurrentState:112`,
        ),
    ],
    [
      10,
      (ts) =>
        row(
          ts,
          'Info',
          'CBS',
          `Session: ${session()} initialized by client WindowsUpdateAgent, external staging directory: (null), external registry directory: (null)`,
        ),
    ],
    [
      8,
      (ts) =>
        row(
          ts,
          'Info',
          'CBS',
          'Failed to internally open package. [HRESULT = 0x800f0805 - CBS_E_INVALID_PACKAGE]',
        ),
    ],
    [8, (ts) => row(ts, 'Info', 'CBS', 'Failed to OpenPackage using worker session [HRESULT = 0x800f0805]')],
    [
      10,
      (ts) =>
        row(
          ts,
          'Info',
          'CBS',
          `Appl: detect Parent, Package: ${pkg()}, Parent: Microsoft-Windows-Client-Features-Package0011~31bf3856ad364e35~amd64~~${ver()}, Disposition = Detect, VersionComp: EQ, BuildComp: EQ, RevisionComp: EQ, Exist: present`,
        ),
    ],
    [
      8,
      (ts) =>
        row(
          ts,
          'Info',
          'CBS',
          `Appl: Evaluating applicability block(non detectUpdate part), disposition is: 0, applicability: 0, result applicability state: 0`,
        ),
    ],
    [
      6,
      (ts) =>
        row(
          ts,
          'Info',
          'CSI',
          `${csiSeq()} Performing 1 operations as follows:\n  (0)  LockComponentPath: flags: 0 comp: {l:16 b:${hex(16)}} pathid: {l:16 b:${hex(16)}} path: [l:${100 + Math.floor(r() * 60)}]"\\SystemRoot\\WinSxS\\${comp()}" pid: ${Math.floor(r() * 9000)} starttime: ${Math.floor(r() * 1e17)}`,
        ),
    ],
    [
      5,
      (ts) =>
        row(
          ts,
          'Info',
          'CSI',
          `${csiSeq()}@${ts.slice(0, 4)}/${Number(ts.slice(5, 7))}/${Number(ts.slice(8, 10))}:${ts.slice(11)}.${Math.floor(r() * 1000)} CSI Transaction @0x${hex(12)} initialized for deployment engine {d16d444c-56d8-11d5-882d-0080c847b195} with flags 00000002 and client id [${Math.floor(r() * 40)}]"TI5.${session()}:1/"`,
        ),
    ],
    [
      4,
      (ts) =>
        row(
          ts,
          'Info',
          'CSI',
          `${csiSeq()} Hashes for file member [l:${8 + Math.floor(r() * 12)}]'${pick(FILES)}' do not match.\n Expected: {l:32 ml:33 b:${hex(32)}${hex(32)}}.\n Actual: {l:32 b:${hex(32)}${hex(32)}}.`,
        ),
    ],
    [
      4,
      (ts) =>
        row(
          ts,
          'Info',
          'CSI',
          `${csiSeq()} Shim considered [l:123]'\\??\\C:\\Windows\\WinSxS\\${comp()}\\wcp.dll' : got STATUS_SUCCESS`,
        ),
    ],
    [
      4,
      (ts) =>
        row(
          ts,
          'Info',
          'CBS',
          `Plan: Package: ${pkg()}, Update: ${pick(FILES).replace('.dll', '')}-Deployment, current: Installed, pending: Default, start: Installed, applicable: Installed, targeted: Installed, limit: Installed, selected: Default`,
        ),
    ],
    [
      3,
      (ts) =>
        row(
          ts,
          'Info',
          'CBS',
          `Perf: Doq: Resolve changes for package ${pkg()} took ${Math.floor(r() * 900)}ms`,
        ),
    ],
    [
      3,
      (ts) =>
        row(
          ts,
          'Info',
          'CBS',
          `Exec: Package: ${pkg()} is already in the correct state, current: Installed, targeted: Installed`,
        ),
    ],
    [
      2,
      (ts) =>
        row(
          ts,
          'Info',
          'CBS',
          'SQM: Failed to start upload with file pattern: C:\\Windows\\servicing\\sqm\\*_std.sqm, flags: 0x2 [HRESULT = 0x80004005 - E_FAIL]',
        ),
    ],
    [
      2,
      (ts) =>
        row(
          ts,
          'Info',
          'CBS',
          'Warning: Unrecognized packageExtended attribute. [HRESULT = 0x800f080d - CBS_E_MANIFEST_INVALID_ITEM]',
        ),
    ],
    [
      2,
      (ts) =>
        row(
          ts,
          'Info',
          'CBS',
          'Failed to initialize onesettings [HRESULT = 0x80070002 - ERROR_FILE_NOT_FOUND]',
        ),
    ],
    [
      2,
      (ts) =>
        row(
          ts,
          'Info',
          'CBS',
          'Not able to query DisableWerReporting flag.  Assuming not set... [HRESULT = 0x80070002 - ERROR_FILE_NOT_FOUND]',
        ),
    ],
    [
      2,
      (ts) =>
        row(
          ts,
          'Info',
          'CSI',
          `${csiSeq()} Creating NT transaction (seq ${Math.floor(r() * 9)}), objectname [6]"(null)"`,
        ),
    ],
    [
      2,
      (ts) =>
        row(
          ts,
          'Info',
          'CSI',
          `${csiSeq()} Created NT transaction (seq ${Math.floor(r() * 9)}) result 0x00000000, handle @0x${hex(3)}`,
        ),
    ],
    [0.05, (ts) => row(ts, 'Info', 'CBS', 'TI: --- Initializing Trusted Installer ---')],
    [
      0.05,
      (ts) =>
        row(
          ts,
          'Info',
          'CBS',
          `Loaded Servicing Stack v10.0.17763.2560 with Core: C:\\Windows\\winsxs\\${comp()}\\cbscore.dll`,
        ),
    ],
    [
      0.2,
      (ts) =>
        row(
          ts,
          'Error',
          'CBS',
          'Failed to check whether package is partially installed, package: Windows7SP1-KB976933~31bf3856ad364e35~amd64~~6.1.1.17514 [HRESULT = 0x80070490 - ERROR_NOT_FOUND]',
        ),
    ],
    [0.2, (ts) => row(ts, 'Info', 'CSI', `${csiSeq()} [SR] Verifying 100 (0x00000064) components`)],
    [
      0.3,
      (ts) =>
        row(
          ts,
          'Info',
          'CBS',
          `Failed moving directory \\SystemRoot\\WinSxS\\Temp\\PendingDeletes\\${hex(32)} to \\SystemRoot\\WinSxS\\Temp\\InFlight [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]`,
        ),
    ],
  ];
  const total = kinds.reduce((s, [w]) => s + w, 0);
  return {
    next(ts) {
      let x = r() * total;
      for (const [w, f] of kinds) {
        x -= w;
        if (x < 0) return f(ts);
      }
      return kinds[0][1](ts);
    },
  };
}

// The reference case's failure chain (reference-case.md) plus the 0x800f0922 rollback (sample04), near the end.
const PLANTED = [
  '2022-05-19 11:49:08, Info                  CBS    Exec: Processing started.  Client: WindowsUpdateAgent, Session: 30928548_3049398512, Package: Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.2686.1.8',
  '2022-05-19 11:49:09, Error                 CSI    0000002f@2022/5/19:03:49:09.532 (F) onecore\\base\\wcp\\componentstore\\csd_manifest.cpp(1108): Error STATUS_SXS_COMPONENT_STORE_CORRUPT originated in function CCSDirect::GetComponentManifest expression: (null)\n[gle=0x80004005]',
  '2022-05-19 11:49:09, Info                  CBS    Failed to get enumerator for missing components. [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
  '2022-05-19 11:49:09, Error                 CBS    Failed to complete component closure [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]',
  '2022-05-19 11:49:11, Info                  CBS    WER: Generating failure report for package: Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.2686.1.8, status: 0x80073712, failure source: Execute, start state: Staged, target state: Installed, client id: WindowsUpdateAgent',
];

function generate(file: string, sizeMb: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  const g = generator(42);
  const target = sizeMb * MB;
  const plantAt = target - 64 * 1024;
  let written = 0;
  let planted = false;
  let t = Date.UTC(2022, 4, 1, 8, 0, 0);
  fs.writeSync(fd, Buffer.from([0xef, 0xbb, 0xbf]));
  while (written < target) {
    const batch: string[] = [];
    let size = 0;
    while (size < 4 * MB) {
      t += Math.random() < 0.02 ? 1000 : 0;
      const ts = new Date(t).toISOString().replace('T', ' ').slice(0, 19);
      const l = g.next(ts) + '\r\n';
      batch.push(l);
      size += l.length;
    }
    if (!planted && written + size >= plantAt) {
      batch.push(PLANTED.join('\r\n') + '\r\n');
      planted = true;
    }
    const b = Buffer.from(batch.join(''), 'latin1');
    fs.writeSync(fd, b);
    written += b.length;
  }
  fs.closeSync(fd);
}

// ---------------------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------------------

interface EngineRun {
  seconds: number;
  maxRssMb: number;
  findings: string[];
  parsed: number;
  lines: number;
}

/** Child mode: scan the file once with the real rules and report time, findings and peak RSS. */
async function child(file: string): Promise<void> {
  let knowledge: Knowledge | undefined;
  try {
    knowledge = loadKnowledge();
  } catch {
    knowledge = undefined;
  }
  const engine = new Engine(loadRules(), { knowledge });
  const scan = new MachineScan();
  const t0 = process.hrtime.bigint();
  const s = await engine.scanPath(file, path.basename(file), 'cbs', scan);
  const findings = engine.findings(scan);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const run: EngineRun = {
    seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    findings: findings.map(
      (f) => `${f.ruleId}:${f.errorCode}:${f.count}:${f.evidence.map((e) => e.line).join(',')}`,
    ),
    parsed: s!.parsed,
    lines: s!.lines,
  };
  process.stdout.write(JSON.stringify(run) + '\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function timeGrep(
  flags: string[],
  pattern: string,
  file: string,
  runs: number,
): { seconds: number[]; count: number } {
  const seconds: number[] = [];
  let count = -1;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('grep', [...flags, pattern, file], {
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C' },
    });
    seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
    count = Number(r.stdout.trim());
  }
  return { seconds, count };
}

async function childCommand(): Promise<{ cmd: string; args: string[]; runtime: string }> {
  try {
    const esbuild = await import('esbuild');
    const outfile = path.join(OUT, 'diagnose.bench.cjs');
    fs.mkdirSync(OUT, { recursive: true });
    esbuild.buildSync({
      entryPoints: [__filename],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile,
      logLevel: 'error',
    });
    return { cmd: process.execPath, args: [outfile], runtime: `node ${process.version} (esbuild bundle)` };
  } catch {
    return {
      cmd: path.join(__dirname, '..', 'node_modules', '.bin', 'tsx'),
      args: [__filename],
      runtime: 'tsx',
    };
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--child')) return child(arg('--child')!);
  const sizeMb = Number(arg('--size-mb') ?? 500);
  const runs = Number(arg('--runs') ?? 3);
  const file = path.join(OUT, `CBS-${sizeMb}MB.log`);
  if (process.argv.includes('--fresh') || !fs.existsSync(file)) {
    process.stdout.write(`generating ${file} (${sizeMb} MB) ...\n`);
    const t0 = Date.now();
    generate(file, sizeMb);
    process.stdout.write(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const bytes = fs.statSync(file).size;
  const mb = bytes / MB;

  const engine = new Engine(loadRules());
  const cbsAnchors = engine.anchorsFor('cbs');
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = cbsAnchors.map(esc).join('|');

  // Warm the page cache so both sides read from memory.
  spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });

  // The engine runs in a child process so its peak RSS is its own: plain node on an esbuild bundle (what a
  // compiled deployment runs), or under tsx when esbuild is not installed (tsx's loader adds ~70 MB).
  const childCmd = await childCommand();
  const engineRuns: EngineRun[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(childCmd.cmd, [...childCmd.args, '--child', file], {
      encoding: 'utf8',
      maxBuffer: 16 * MB,
    });
    if (r.status !== 0) throw new Error(`engine child failed: ${r.stderr}`);
    engineRuns.push(JSON.parse(r.stdout.trim().split('\n').pop()!) as EngineRun);
  }
  const grepCs = timeGrep(['-c', '-E'], pattern, file, runs);
  const grepCi = timeGrep(['-c', '-E', '-i'], pattern, file, runs);

  const best = (xs: number[]): number => Math.min(...xs);
  const eSec = engineRuns.map((r) => r.seconds);
  const result = {
    file: path.relative(path.join(__dirname, '..'), file),
    sizeMb: Number(mb.toFixed(1)),
    lines: engineRuns[0].lines,
    anchors: cbsAnchors.length,
    runs,
    engine: {
      runtime: childCmd.runtime,
      bestSeconds: best(eSec),
      medianSeconds: median(eSec),
      mbPerSecond: mb / best(eSec),
      medianMbPerSecond: mb / median(eSec),
      peakRssMb: Math.max(...engineRuns.map((r) => r.maxRssMb)),
      recordsParsed: engineRuns[0].parsed,
      findings: engineRuns[0].findings,
    },
    grep: {
      command: `LC_ALL=C grep -c -E '<${cbsAnchors.length} anchors>'`,
      bestSeconds: best(grepCs.seconds),
      medianSeconds: median(grepCs.seconds),
      mbPerSecond: mb / best(grepCs.seconds),
      matchingLines: grepCs.count,
    },
    grepIgnoreCase: {
      command: `LC_ALL=C grep -c -E -i '<${cbsAnchors.length} anchors>'`,
      bestSeconds: best(grepCi.seconds),
      mbPerSecond: mb / best(grepCi.seconds),
      matchingLines: grepCi.count,
    },
    ratioEngineToGrep: best(grepCs.seconds) / best(eSec),
    ratioEngineToGrepIgnoreCase: best(grepCi.seconds) / best(eSec),
  };
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'diagnose.json'), JSON.stringify(result, null, 2) + '\n');
  const f = (n: number): string => n.toFixed(0).padStart(6);
  process.stdout.write(
    [
      `file            ${result.file}  ${mb.toFixed(0)} MB, ${result.lines} lines, ${result.anchors} anchors (case-insensitive)`,
      `engine          ${f(result.engine.mbPerSecond)} MB/s best, ${f(result.engine.medianMbPerSecond)} MB/s median, peak RSS ${result.engine.peakRssMb.toFixed(0)} MB, ${result.engine.recordsParsed} records parsed (${childCmd.runtime})`,
      `grep -c -E     ${f(result.grep.mbPerSecond)} MB/s best (${result.grep.matchingLines} lines)`,
      `grep -c -E -i  ${f(result.grepIgnoreCase.mbPerSecond)} MB/s best (${result.grepIgnoreCase.matchingLines} lines)`,
      `ratio           engine/grep ${result.ratioEngineToGrep.toFixed(2)}x, engine/grep -i ${result.ratioEngineToGrepIgnoreCase.toFixed(2)}x`,
      `findings        ${result.engine.findings.join('  ')}`,
      `written         bench/out/diagnose.json`,
    ].join('\n') + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
