/** The log collector (knowledge/scripts/collect-logs.ps1 + .cmd), checked statically: there is no PowerShell
 * on this machine. Every check runs on the real files (must pass) and on a mutated copy (must fail), so a
 * check that cannot fail does not count as a check. */
import {
  blank,
  checkLauncher,
  checkScript,
  collectorOutputs,
  loadCollector,
  readPlan,
  REQUIRED_PLAN_IDS,
  scanPowerShell,
  type CollectorIssue,
} from '../../tools/collectorLint';
import { PENDING_REBOOT_FILE, parsePendingReboot } from '../../src/diagnosis/facts/pendingReboot';
import { detectFormat } from '../../src/diagnosis/detect';

const real = loadCollector();
const ps = real.ps1.toString('utf8');
const cmd = real.cmd.toString('latin1');

const rules = (issues: CollectorIssue[]) => [...new Set(issues.map((i) => i.rule))];
const psRules = (text: string | Buffer) =>
  rules(checkScript(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8')));
const cmdRules = (text: string) => rules(checkLauncher(Buffer.from(text, 'latin1')));

/** Replaces the first occurrence, failing loudly when the text is not there (a mutation that does not apply
 * would make its test pass for the wrong reason). */
function mutate(src: string, from: string | RegExp, to: string): string {
  const hit = typeof from === 'string' ? src.includes(from) : from.test(src);
  if (!hit) throw new Error(`mutation target not found: ${String(from)}`);
  return src.replace(from, to);
}
/** Inserts a line of code before `$null = Main`. */
const withCode = (line: string) => mutate(ps, '$null = Main\r\n', `${line}\r\n$null = Main\r\n`);

describe('collect-logs: the real files', () => {
  it('pass every check', () => {
    expect(checkScript(real.ps1)).toEqual([]);
    expect(checkLauncher(real.cmd)).toEqual([]);
  });

  it('read a plan with every required entry', () => {
    const ids = (readPlan(ps) ?? []).map((e) => e.Id);
    expect(ids).toEqual(expect.arrayContaining(REQUIRED_PLAN_IDS));
  });
});

describe('PowerShell scanner', () => {
  const problems = (src: string) => scanPowerShell(src).problems.map((p) => p.message);

  it('accepts brackets inside strings, here-strings, comments and $() in strings', () => {
    const src = [
      "$a = '(( {{ ''[['",
      '$b = "x `" ( $(Get-Date -Format "yyyy)") ] `$( {"',
      "$c = @'\n } ) ]\n'@",
      '$d = @"\n { $($a) (\n"@',
      '# } ) ]',
      '<# { ( [ #>',
      'Write-Host a#b',
      '${env:ProgramFiles(x86)}',
    ].join('\n');
    expect(problems(src)).toEqual([]);
  });

  it('reports a missing brace, a stray bracket and a mismatch with line numbers', () => {
    expect(problems('function A {\n  if ($x) { 1 \n}')).toEqual(["'{' is never closed"]);
    expect(scanPowerShell('a\nb )').problems).toEqual([{ line: 2, message: "')' closes nothing" }]);
    expect(problems('( ]')).toEqual(["']' closes '(' opened on line 1"]);
  });

  it('reports strings, here-strings, block comments and $() that never close', () => {
    expect(problems("$a = 'x")).toEqual(['single-quoted string is never closed']);
    expect(problems('$a = "x `"')).toEqual(['double-quoted string is never closed']);
    expect(problems("$a = @'\nx\n '@")).toEqual([
      "here-string @' is never closed with '@ at the start of a line",
    ]);
    expect(problems('<# x')).toEqual(['block comment <# is never closed with #>']);
    expect(problems('"a $(b"')).toContain('$( in a string is never closed');
  });

  it('does not take # inside a word for a comment', () => {
    expect(problems('Write-Host a#{')).toEqual(["'{' is never closed"]);
  });

  it('blanks comments and strings but keeps offsets and lines', () => {
    const src = "$a = 'Stop-Service' # Stop-Service\n$b";
    const { segments } = scanPowerShell(src);
    const code = blank(src, segments, ['comment', 'string', 'herestring']);
    expect(code).toHaveLength(src.length);
    expect(code).not.toMatch(/Stop-Service/);
    expect(code.split('\n')[1]).toBe('$b');
    expect(blank(src, segments, ['comment'])).toMatch(/^\$a = 'Stop-Service' +\n/);
  });
});

describe('collect-logs.ps1 checks fail on broken copies', () => {
  it('syntax: a brace removed', () => {
    expect(
      psRules(
        mutate(
          ps,
          'if ($Color) { Write-Host $text -ForegroundColor $Color }',
          'if ($Color) { Write-Host $text -ForegroundColor $Color',
        ),
      ),
    ).toContain('ps-syntax');
  });

  it('syntax: an unclosed string', () => {
    expect(psRules(mutate(ps, "$CollectorVersion = '1.0.0'", "$CollectorVersion = '1.0.0"))).toContain(
      'ps-syntax',
    );
  });

  it('syntax: brackets in comments and strings do not count', () => {
    expect(psRules(withCode("# ((( {{{\r\n$unused = '}}} )))'"))).toEqual([]);
  });

  it('encoding: Chinese without a BOM fails, with a BOM passes', () => {
    const zh = withCode('# 中文注释');
    expect(psRules(zh)).toContain('ps-encoding');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(zh, 'utf8')]);
    expect(psRules(withBom)).not.toContain('ps-encoding');
  });

  it('line endings: an LF-only line', () => {
    expect(
      psRules(mutate(ps, "$ErrorActionPreference = 'Stop'\r\n", "$ErrorActionPreference = 'Stop'\n")),
    ).toContain('ps-line-endings');
  });

  it.each([
    ["$x = $a ?? 'b'"],
    ['$x = $a ? 1 : 2'],
    ['$x = $a?.Name'],
    ['Get-Date && Get-Date'],
    ['Get-Date || Get-Date'],
  ])('PowerShell 7 syntax: %s', (line) => {
    expect(psRules(withCode(line))).toContain('ps-ps7-syntax');
  });

  it('PowerShell 7 syntax: the Where-Object alias after a pipe is fine', () => {
    expect(psRules(withCode('$x = @(1, 2) | ? { $_ -gt 1 }'))).toEqual([]);
  });

  it.each([
    ['$x = [ordered]@{}'],
    ['$x = [pscustomobject]@{ a = 1 }'],
    ['$x = 1 -in @(1)'],
    ['$x = (1, 2).Where({ $_ })'],
    ['$x = $PSScriptRoot'],
  ])('PowerShell 2.0 cannot parse: %s', (line) => {
    expect(psRules(withCode(line))).toContain('ps-legacy-syntax');
  });

  it.each([
    ['Stop-Service wuauserv'],
    ['Set-Service wuauserv -StartupType Disabled'],
    ['Restart-Computer -Force'],
    ["Rename-Item -LiteralPath 'C:\\Windows\\SoftwareDistribution' 'sd.old'"],
    ["Copy-Item -LiteralPath 'C:\\Windows\\Logs\\CBS\\CBS.log' $Stage"],
    ["$r = Invoke-Native 'sc.exe config wuauserv start= disabled' $Stage 'x.txt' 10"],
    ["$r = Invoke-Native 'net stop wuauserv' $Stage 'x.txt' 10"],
    ["$r = Invoke-Native 'reg add HKLM\\SOFTWARE\\X /v Y /d 1 /f' $Stage 'x.txt' 10"],
    ['Get-WindowsUpdateLog -LogPath $dst -ForceFlush'],
    ["Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\X' -Name Y -Value 1"],
    ['Remove-Item -LiteralPath (Join-Path $env:SystemRoot SoftwareDistribution) -Recurse -Force'],
    ['Remove-Item -LiteralPath $Stage -Recurse'],
    ['[IO.File]::Delete($dst)'],
    ["[IO.File]::Move($legacy, 'C:\\x')"],
    ['$cred = Get-Credential'],
  ])('forbidden: %s', (line) => {
    expect(psRules(withCode(line))).toContain('ps-forbidden');
  });

  it('forbidden words in a comment are fine', () => {
    expect(psRules(withCode('# never Stop-Service, never -ForceFlush, never net stop'))).toEqual([]);
  });

  it('stray output: an ArrayList.Add whose index is not discarded', () => {
    expect(psRules(mutate(ps, '[void]$found.Add(', '$found.Add('))).toContain('ps-stray-output');
  });

  it('unknown command: a misspelt function', () => {
    expect(
      psRules(mutate(ps, 'Invoke-PlanItem $item $i $Plan.Count', 'Invoke-PlanItems $item $i $Plan.Count')),
    ).toContain('ps-unknown-command');
  });

  it('structure: no exit at the end, or a parameter missing', () => {
    expect(psRules(mutate(ps, /exit \$ExitCode\r\n$/, ''))).toContain('ps-structure');
    expect(psRules(mutate(ps, "[string]$CaseNumber = '',", ''))).toContain('ps-structure');
  });

  it('plan: a duplicate id, an unknown kind, a missing output, a backslash path', () => {
    expect(psRules(mutate(ps, "@{ Id = 'ipconfig';", "@{ Id = 'systeminfo';"))).toContain('plan');
    expect(
      psRules(mutate(ps, "@{ Id = 'ipconfig'; Kind = 'native';", "@{ Id = 'ipconfig'; Kind = 'shell';")),
    ).toContain('plan');
    expect(psRules(mutate(ps, "Output = 'Network/ipconfig.txt' }", '}'))).toContain('plan');
    expect(
      psRules(mutate(ps, "Output = 'Network/ipconfig.txt'", "Output = 'Network\\ipconfig.txt'")),
    ).toContain('plan');
  });

  it('plan: a required entry removed, a fact without a reader', () => {
    expect(psRules(mutate(ps, /    @\{ Id = 'gpresult-x';[^\r\n]*\r\n/, ''))).toContain('plan');
    expect(psRules(mutate(ps, "'time-zone' { $value = Get-TimeZoneFacts }", ''))).toContain('plan');
  });

  it('manifest: entries not run through Invoke-PlanItem, steps left out, a handler ignoring Output', () => {
    expect(psRules(mutate(ps, 'Invoke-PlanItem $item $i $Plan.Count', 'Invoke-CopyItem $item'))).toContain(
      'manifest',
    );
    expect(psRules(mutate(ps, "$m['steps'] = $script:Steps", "$m['steps'] = @()"))).toContain('manifest');
    expect(
      psRules(
        mutate(
          ps,
          "Write-CsvFile (Get-StagePath $item.Output) @('HotFixID'",
          "Write-CsvFile (Get-StagePath 'Updates/other.csv') @('HotFixID'",
        ),
      ),
    ).toContain('manifest');
    expect(psRules(mutate(ps, "$step['status'] = 'failed'", 'throw'))).toContain('manifest');
  });

  it('messages: a missing, untranslated or mismatched Chinese text', () => {
    expect(psRules(withCode("Say 'Done.'"))).toContain('messages');
    expect(psRules(withCode("Say 'Done {0}.' 'Fertig {0}.' @(1)"))).toContain('messages');
    expect(psRules(withCode("Say 'Done {0}.' '\\u5b8c\\u6210' @(1)"))).toContain('messages');
    expect(psRules(withCode("Say 'Done.' '\\u5b8c\\u62'"))).toContain('messages');
  });

  it('zip name: another time format, another name, Compress-Archive', () => {
    expect(psRules(mutate(ps, "ToString('yyyyMMdd-HHmmss'", "ToString('yyyyMMddHHmmss'"))).toContain(
      'zip-name',
    );
    expect(psRules(mutate(ps, "$HostName + '-' + $Stamp + '.zip'", "$Stamp + '.zip'"))).toContain('zip-name');
    expect(psRules(withCode('Compress-Archive -Path $Stage -DestinationPath $ZipName'))).toContain(
      'zip-name',
    );
  });

  it('upload: POST, no TLS 1.2, a buffered body', () => {
    expect(psRules(mutate(ps, "$req.Method = 'PUT'", "$req.Method = 'POST'"))).toContain('upload');
    expect(
      psRules(mutate(ps, '-bor [Net.SecurityProtocolType]::Tls12', '-bor [Net.SecurityProtocolType]::Tls')),
    ).toContain('upload');
    expect(
      psRules(
        mutate(ps, '$req.AllowWriteStreamBuffering = $false', '$req.AllowWriteStreamBuffering = $true'),
      ),
    ).toContain('upload');
  });

  it('Windows Update log: no guard for Windows 7', () => {
    expect(
      psRules(mutate(ps, 'Get-Command Get-WindowsUpdateLog -ErrorAction SilentlyContinue', '$true')),
    ).toContain('wulog');
  });

  it('locked copy: an exclusive read, or a copy that bypasses it', () => {
    expect(psRules(mutate(ps, "[IO.FileShare]'ReadWrite, Delete'", '[IO.FileShare]::Read'))).toContain(
      'locked-copy',
    );
    expect(
      psRules(mutate(ps, 'try { Copy-Shared $f.FullName', 'try { [IO.File]::Copy($f.FullName')),
    ).toContain('locked-copy');
  });
});

describe('collect-logs.cmd checks fail on broken copies', () => {
  it('non-ASCII', () => {
    expect(
      cmdRules(mutate(cmd, 'rem Administrator?', 'rem \xe7\xae\xa1\xe7\x90\x86\xe5\x91\x98?')),
    ).toContain('cmd-ascii');
  });

  it('LF line endings', () => {
    expect(cmdRules(mutate(cmd, '@echo off\r\n', '@echo off\n'))).toContain('cmd-line-endings');
  });

  it('arguments not passed, no elevation check, no RunAs, quotes inside -Command', () => {
    expect(cmdRules(mutate(cmd, '-File "%CL_SCRIPT%" %*', '-File "%CL_SCRIPT%"'))).toContain('cmd-launcher');
    expect(cmdRules(mutate(cmd, 'set CL_ARGS=%*\r\n', 'set CL_ARGS=\r\n'))).toContain('cmd-launcher');
    expect(cmdRules(mutate(cmd, 'net session >nul 2>&1\r\n', ''))).toContain('cmd-launcher');
    expect(cmdRules(mutate(cmd, '-Verb RunAs', ''))).toContain('cmd-launcher');
    expect(cmdRules(mutate(cmd, '$q=[char]34;', '$q="x";'))).toContain('cmd-launcher');
  });

  it('commands that change the machine', () => {
    expect(cmdRules(mutate(cmd, ':elevated\r\n', ':elevated\r\nnet stop wuauserv\r\n'))).toContain(
      'cmd-forbidden',
    );
    expect(cmdRules(mutate(cmd, ':elevated\r\n', ':elevated\r\ndel /q "%TEMP%\\x"\r\n'))).toContain(
      'cmd-forbidden',
    );
  });
});

describe('collect-logs outputs fit the parsers', () => {
  const plan = readPlan(ps) ?? [];
  const output = (id: string) => plan.find((e) => e.Id === id)?.Output ?? '';

  it('names its outputs so that detectFormat recognises them', () => {
    const expected: Array<[string, string]> = [
      ['systeminfo', 'systeminfo'],
      ['gpresult-r', 'gpresult'],
      ['gpresult-x', 'gpresult'],
      ['wu-policy', 'gpresult'],
      ['ipconfig', 'ipconfig'],
      ['winhttp-proxy', 'winhttp-proxy'],
      ['hotfixes', 'hotfixes'],
      ['dism-packages', 'hotfixes'],
      ['windowsupdate', 'windowsupdate'],
      ['evt-system', 'eventlog'],
    ];
    for (const [id, format] of expected) expect([id, detectFormat(output(id), '')]).toEqual([id, format]);
  });

  it('writes update-events.csv in the Event Viewer layout the eventlog detector knows', () => {
    expect(ps).toContain("@('Level', 'Date and Time', 'Source', 'Event ID', 'Task Category', 'Description')");
    expect(
      detectFormat(
        output('update-events'),
        'Level,Date and Time,Source,Event ID,Task Category,Description\r\n',
      ),
    ).toBe('eventlog');
    expect(detectFormat(output('hotfixes'), '"HotFixID","Description","InstalledOn","InstalledBy"\r\n')).toBe(
      'hotfixes',
    );
  });

  it('writes pending-reboot.txt in the v1 format the facts parser reads', async () => {
    expect(PENDING_REBOOT_FILE.test(output('pending-reboot'))).toBe(true);
    expect(ps).toContain("'# update-case-bot pending-reboot v1'");
    // the line the script builds: ($name + '=' + $bool).PadRight(36) + ' # ' + note; PowerShell prints True/False
    expect(ps).toContain("($name + '=' + $markers[$name]).PadRight(36) + ' # ' + $notes[$name]");
    const names = [...ps.matchAll(/\$markers\['(\w+)'\] = /g)].map((m) => m[1]);
    expect(names.slice(0, 4)).toEqual([
      'RebootPending',
      'RebootRequired',
      'PendingFileRenameOperations',
      'UpdateExeVolatile',
    ]);
    const sample = [
      '# update-case-bot pending-reboot v1',
      ...names.map((n, i) => `${`${n}=${i === 1 ? 'True' : 'False'}`.padEnd(36)} # note`),
    ];
    expect(await parsePendingReboot(sample)).toEqual({ pendingReboot: true });
    expect(await parsePendingReboot(sample.map((l) => l.replace('True', 'False')))).toEqual({
      pendingReboot: false,
    });
  });

  it('lists its outputs for others (instructions, parsers)', () => {
    expect(collectorOutputs(real)).toEqual(
      expect.arrayContaining(['System/systeminfo.txt', 'Logs/CBS/', 'EventLogs/update-events.csv']),
    );
  });
});
