/**
 * The log collector handed out to users (knowledge/scripts/collect-logs.ps1 + collect-logs.cmd): loads it,
 * reads its collection plan, and checks it statically — there is no PowerShell on the build machine, so these
 * checks are what stands between a typo and a bank branch's terminal. A small PowerShell scanner (strings,
 * here-strings, comments, `$( )` inside strings, brackets) backs checks that must not look inside strings or
 * comments. It is not a parser: it proves brackets, quotes and here-strings close, not that the code runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultKnowledgeDir } from '../src/knowledge/index';

export const COLLECTOR_PS1 = 'collect-logs.ps1';
export const COLLECTOR_CMD = 'collect-logs.cmd';

export interface CollectorFiles {
  ps1: Buffer;
  cmd: Buffer;
}

/** One entry of the script's `$Plan` table. */
export interface CollectorPlanEntry {
  Id: string;
  Kind: string;
  /** Path inside the zip; a trailing '/' means a folder whose files keep their own names. */
  Output?: string;
  [key: string]: string | number | boolean | string[] | undefined;
}

export interface CollectorIssue {
  rule: string;
  message: string;
  /** 1-based line in the file the rule is about, when there is one. */
  line?: number;
  file: 'ps1' | 'cmd';
}

export function loadCollector(dir = path.join(defaultKnowledgeDir(), 'scripts')): CollectorFiles {
  return {
    ps1: fs.readFileSync(path.join(dir, COLLECTOR_PS1)),
    cmd: fs.readFileSync(path.join(dir, COLLECTOR_CMD)),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Scanner
// ---------------------------------------------------------------------------------------------------------

export type SegmentKind = 'comment' | 'string' | 'herestring';

/** A stretch of the source that is not code; everything between segments is code. */
export interface Segment {
  kind: SegmentKind;
  start: number;
  end: number;
}

export interface ScanResult {
  segments: Segment[];
  problems: Array<{ line: number; message: string }>;
}

const OPEN: Record<string, string> = { '(': ')', '{': '}', '[': ']' };
const CLOSE: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
// '#' opens a comment at the start of a token, not inside a word (`a#b` is one argument)
const TOKEN_BREAK = /[\s;(){}[\]|&,=]/;

export function lineAt(src: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < src.length; i++) if (src.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Splits PowerShell source into code and non-code (comments, strings, here-strings) and checks that every
 * bracket, quote, block comment and here-string closes. `$( … )` inside a double-quoted string is scanned as
 * code (its brackets must balance; its own strings may contain quotes).
 */
export function scanPowerShell(src: string): ScanResult {
  const segments: Segment[] = [];
  const problems: ScanResult['problems'] = [];
  const stack: Array<{ ch: string; at: number }> = [];
  const problem = (at: number, message: string) => problems.push({ line: lineAt(src, at), message });

  // Scans code from i until `stopAt` (a ')' that closes a `$(` in a string) or the end; returns the index after.
  const code = (start: number, stopDepth: number | null): number => {
    let i = start;
    while (i < src.length) {
      const c = src[i];
      const next = src[i + 1];
      if (c === '<' && next === '#') {
        const end = src.indexOf('#>', i + 2);
        if (end < 0) {
          problem(i, 'block comment <# is never closed with #>');
          segments.push({ kind: 'comment', start: i, end: src.length });
          return src.length;
        }
        segments.push({ kind: 'comment', start: i, end: end + 2 });
        i = end + 2;
        continue;
      }
      if (c === '#' && (i === 0 || TOKEN_BREAK.test(src[i - 1]))) {
        let end = src.indexOf('\n', i);
        if (end < 0) end = src.length;
        segments.push({ kind: 'comment', start: i, end });
        i = end;
        continue;
      }
      if (c === '@' && (next === "'" || next === '"')) {
        const m = /^@(['"])[ \t]*\r?\n/.exec(src.slice(i, i + 64));
        if (m) {
          i = hereString(i, m[1], m[0].length);
          continue;
        }
      }
      if (c === "'") {
        i = singleQuoted(i);
        continue;
      }
      if (c === '"') {
        i = doubleQuoted(i);
        continue;
      }
      if (c === '`') {
        i += 2; // escaped character or line continuation
        continue;
      }
      if (c === '$' && next === '{') {
        // ${name with spaces or (parens)}
        let j = i + 2;
        while (j < src.length && src[j] !== '}') j += src[j] === '`' ? 2 : 1;
        if (j >= src.length) problem(i, '${ variable name is never closed');
        i = j + 1;
        continue;
      }
      if (OPEN[c]) {
        stack.push({ ch: c, at: i });
      } else if (CLOSE[c]) {
        if (stopDepth !== null && c === ')' && stack.length === stopDepth) return i + 1;
        const top = stack.pop();
        if (!top) problem(i, `'${c}' closes nothing`);
        else if (top.ch !== CLOSE[c]) {
          problem(i, `'${c}' closes '${top.ch}' opened on line ${lineAt(src, top.at)}`);
        }
      }
      i++;
    }
    if (stopDepth !== null) problem(start, '$( in a string is never closed');
    return i;
  };

  const singleQuoted = (start: number): number => {
    let i = start + 1;
    while (i < src.length) {
      if (src[i] === "'") {
        if (src[i + 1] === "'") {
          i += 2;
          continue;
        }
        segments.push({ kind: 'string', start, end: i + 1 });
        return i + 1;
      }
      i++;
    }
    problem(start, 'single-quoted string is never closed');
    segments.push({ kind: 'string', start, end: src.length });
    return src.length;
  };

  const doubleQuoted = (start: number): number => {
    let i = start + 1;
    let segStart = start;
    while (i < src.length) {
      const c = src[i];
      if (c === '`') {
        i += 2;
        continue;
      }
      if (c === '"') {
        if (src[i + 1] === '"') {
          i += 2;
          continue;
        }
        segments.push({ kind: 'string', start: segStart, end: i + 1 });
        return i + 1;
      }
      if (c === '$' && src[i + 1] === '(') {
        segments.push({ kind: 'string', start: segStart, end: i + 2 });
        const depth = stack.length;
        i = code(i + 2, depth);
        segStart = i - 1; // the ')' belongs to the string again
        continue;
      }
      i++;
    }
    problem(start, 'double-quoted string is never closed');
    segments.push({ kind: 'string', start: segStart, end: src.length });
    return src.length;
  };

  const hereString = (start: number, quote: string, headerLength: number): number => {
    const closer = new RegExp(`\\n${quote}@`, 'g');
    closer.lastIndex = start + headerLength - 1;
    const m = closer.exec(src);
    if (!m) {
      problem(start, `here-string @${quote} is never closed with ${quote}@ at the start of a line`);
      segments.push({ kind: 'herestring', start, end: src.length });
      return src.length;
    }
    const end = m.index + m[0].length;
    segments.push({ kind: 'herestring', start, end });
    return end;
  };

  code(0, null);
  for (const open of stack) problem(open.at, `'${open.ch}' is never closed`);
  segments.sort((a, b) => a.start - b.start);
  return { segments, problems };
}

/** The source with the chosen segment kinds blanked (newlines kept, so offsets and line numbers still hold).
 * Strings keep their quote characters so that `'x'` stays recognisable as a string. */
export function blank(src: string, segments: Segment[], kinds: SegmentKind[]): string {
  const out = src.split('');
  for (const s of segments) {
    if (!kinds.includes(s.kind)) continue;
    for (let i = s.start; i < s.end; i++) {
      const keep =
        out[i] === '\n' || out[i] === '\r' || (s.kind !== 'comment' && (i === s.start || i === s.end - 1));
      if (!keep) out[i] = ' ';
    }
  }
  return out.join('');
}

// ---------------------------------------------------------------------------------------------------------
// The plan table
// ---------------------------------------------------------------------------------------------------------

/** Reads `$Plan = @( @{ Key = 'value'; … } … )`: values may be single-quoted strings, numbers, $true/$false
 * or @('a', 'b'). Returns null when there is no such table. */
export function readPlan(src: string): CollectorPlanEntry[] | null {
  const { segments } = scanPowerShell(src);
  const text = blank(src, segments, ['comment']);
  const code = blank(src, segments, ['comment', 'string', 'herestring']);
  const head = /^\$Plan\s*=\s*@\(/m.exec(code);
  if (!head) return null;
  const open = head.index + head[0].length - 1;
  const close = matching(code, open);
  if (close < 0) return null;
  const entries: CollectorPlanEntry[] = [];
  let i = open + 1;
  while (i < close) {
    const at = code.indexOf('@{', i);
    if (at < 0 || at > close) break;
    const end = matching(code, at + 1);
    if (end < 0) return null;
    entries.push(parseEntry(text.slice(at + 2, end)) as CollectorPlanEntry);
    i = end + 1;
  }
  return entries;
}

/** Index of the bracket closing the one at `open` in code whose strings and comments are blanked; -1 if none. */
function matching(code: string, open: number): number {
  const want = OPEN[code[open]];
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === code[open]) depth++;
    else if (c === want && --depth === 0) return i;
  }
  return -1;
}

const SINGLE = /^'((?:[^']|'')*)'/;

function parseEntry(body: string): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string | number | boolean | string[]> = {};
  let rest = body;
  const skip = () => {
    rest = rest.replace(/^[\s;]+/, '');
  };
  skip();
  while (rest.length) {
    const key = /^([A-Za-z]\w*)\s*=\s*/.exec(rest);
    if (!key) throw new Error(`plan entry: cannot read '${rest.slice(0, 40)}'`);
    rest = rest.slice(key[0].length);
    let m: RegExpExecArray | null;
    if ((m = SINGLE.exec(rest))) {
      out[key[1]] = m[1].replace(/''/g, "'");
    } else if ((m = /^@\(([^)]*)\)/.exec(rest))) {
      out[key[1]] = [...m[1].matchAll(/'((?:[^']|'')*)'/g)].map((x) => x[1].replace(/''/g, "'"));
    } else if ((m = /^-?\d+/.exec(rest))) {
      out[key[1]] = Number(m[0]);
    } else if ((m = /^\$(true|false)\b/i.exec(rest))) {
      out[key[1]] = m[1].toLowerCase() === 'true';
    } else {
      throw new Error(`plan entry: value of ${key[1]} is not a literal`);
    }
    rest = rest.slice(m[0].length);
    skip();
  }
  return out;
}

/** The zip paths the collector promises (file outputs; folders end with '/'). */
export function collectorOutputs(files: CollectorFiles = loadCollector()): string[] {
  return (readPlan(files.ps1.toString('utf8')) ?? []).flatMap((e) => (e.Output ? [e.Output] : []));
}

// ---------------------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------------------

/** Entries the issue asks for; each must stay in the plan. */
export const REQUIRED_PLAN_IDS = [
  'cbs',
  'cbs-persist',
  'dism',
  'windowsupdate',
  'reportingevents',
  'panther',
  'evt-system',
  'evt-setup',
  'update-events',
  'systeminfo',
  'gpresult-r',
  'gpresult-x',
  'ipconfig',
  'winhttp-proxy',
  'hotfixes',
  'dism-packages',
  'pending-reboot',
  'wu-policy',
  'os-version',
  'console',
  'time-zone',
  'system-drive',
];

/** Things a read-only collector must never do (checked outside comments; strings included, since a string
 * handed to cmd.exe runs too). Remove-Item, File.Move and deletes have their own rule below. */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bStop-Service\b/i, 'Stop-Service'],
  [/\bSet-Service\b/i, 'Set-Service'],
  [/\bRestart-Service\b/i, 'Restart-Service'],
  [/\bSuspend-Service\b/i, 'Suspend-Service'],
  [/\bRestart-Computer\b/i, 'Restart-Computer'],
  [/\bStop-Computer\b/i, 'Stop-Computer'],
  [/\bRename-Item\b/i, 'Rename-Item'],
  [/\bMove-Item\b/i, 'Move-Item'],
  [/\bCopy-Item\b/i, 'Copy-Item (locked logs need the shared-read copy; use Copy-Shared)'],
  [
    /\bSet-ItemProperty\b|\bNew-ItemProperty\b|\bRemove-ItemProperty\b|\bClear-ItemProperty\b/i,
    'registry writes',
  ],
  [/\bSet-ExecutionPolicy\b/i, 'Set-ExecutionPolicy'],
  [
    /\bClear-EventLog\b|\bwevtutil(\.exe)?\s+(cl|clear-log|sl|set-log)\b/i,
    'clearing or configuring event logs',
  ],
  [/\bsc(\.exe)?\s+(config|stop|start|delete|failure)\b/i, 'sc.exe config/stop/start/delete'],
  [/\bnet(\.exe)?\s+(stop|start)\b/i, 'net stop/start'],
  [/-ForceFlush\b/i, 'Get-WindowsUpdateLog -ForceFlush (it stops usosvc and wuauserv)'],
  [/\breg(\.exe)?\s+(add|delete|import|restore|load|unload|copy)\b/i, 'reg add/delete/import'],
  [/\b(bcdedit|shutdown|takeown|icacls|cacls)(\.exe)?\b/i, 'bcdedit/shutdown/takeown/icacls'],
  [/\b(del|erase|rd|rmdir|ren|rename|move)\s+[/"'%\w\\]/i, 'cmd.exe delete/rename/move'],
  [/\bInvoke-Expression\b|\biex\b/i, 'Invoke-Expression'],
  [/\bGet-Credential\b|-AsSecureString\b|\bConvertTo-SecureString\b/i, 'asking for or handling a password'],
  [
    /\bStart-BitsTransfer\b|\bInvoke-WebRequest\b|\bInvoke-RestMethod\b/i,
    'other transfer commands (HttpWebRequest only)',
  ],
];

/** Syntax Windows PowerShell 5.1 does not have (PowerShell 7 only). Checked on code only. */
const PS7_ONLY: Array<[RegExp, string]> = [
  // outside strings a '?' is only the Where-Object alias right after a pipe
  [/(?<!\|\s*)\?/, "'?' that is not Where-Object after '|': ternary 'a ? b : c', '??', '?.'"],
  [/&&|\|\|/, "pipeline chain '&&' / '||'"],
  [/-Parallel\b/i, 'ForEach-Object -Parallel'],
];

/** Syntax PowerShell 2.0 (Windows 7 / 2008 R2 as shipped) cannot parse, so the script at least starts there. */
const PS3_PLUS: Array<[RegExp, string]> = [
  [/\[ordered\]/i, '[ordered]'],
  [/\[pscustomobject\]/i, '[pscustomobject]'],
  [/\*>|[3-6]>&1|[3-6]>/, 'redirection of streams 3-6 or *>'],
  [/\s-(not)?in\s/i, '-in / -notin'],
  [/\$PSItem\b/i, '$PSItem'],
  [/\.(Where|ForEach)\(/, '.Where() / .ForEach()'],
  [/::new\(/i, '::new()'],
  [/^\s*(class|enum|using)\s/im, 'class / enum / using'],
  [/\$PSScriptRoot\b|\$PSCommandPath\b/i, '$PSScriptRoot'],
  [/\bConvertTo-Json\b|\bConvertFrom-Json\b/i, 'ConvertTo-Json (PS 3.0+; the script writes its own JSON)'],
];

/** Cmdlets the script may call; any other Verb-Noun command must be a function the script defines. */
export const KNOWN_CMDLETS = new Set(
  [
    'Add-Member',
    'Add-Type',
    'ForEach-Object',
    'Get-Command',
    'Get-Culture',
    'Get-Date',
    'Get-HotFix',
    'Get-Item',
    'Get-UICulture',
    'Get-WindowsUpdateLog',
    'Get-WinEvent',
    'Get-WmiObject',
    'Join-Path',
    'New-Object',
    'Out-Null',
    'Out-String',
    'Read-Host',
    'Remove-Item',
    'Select-Object',
    'Sort-Object',
    'Split-Path',
    'Test-Path',
    'Where-Object',
    'Write-Host',
  ].map((s) => s.toLowerCase()),
);

// Kinds whose handler must write to the entry's Output (facts write nothing).
const KINDS_WITH_OUTPUT = ['pending', 'copy', 'wulog', 'native', 'events', 'hotfix', 'services'];

/** Every statically checkable promise of the collector. An empty list means all checks pass. */
export function checkCollector(files: CollectorFiles): CollectorIssue[] {
  return [...checkScript(files.ps1), ...checkLauncher(files.cmd)];
}

export function checkScript(buf: Buffer): CollectorIssue[] {
  const issues: CollectorIssue[] = [];
  const add = (rule: string, message: string, line?: number) =>
    issues.push({ rule, message, line, file: 'ps1' });

  // --- encoding: PS 5.1 reads a BOM-less .ps1 as ANSI, so non-ASCII needs a UTF-8 BOM -----------------------
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  if (!bom) {
    const at = buf.findIndex((b) => b > 0x7e || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d));
    if (at >= 0)
      add(
        'ps-encoding',
        'non-ASCII byte in a file without UTF-8 BOM (PowerShell 5.1 would read it as ANSI)',
        lineAt(buf.toString('latin1'), at),
      );
  }
  const src = buf.toString('utf8').replace(/^\ufeff/, '');
  if (/(^|[^\r])\n/.test(src))
    add(
      'ps-line-endings',
      'LF-only line ending (Notepad on Windows 7 shows one long line)',
      lineAt(src, src.search(/(^|[^\r])\n/) + 1),
    );

  // --- syntax ----------------------------------------------------------------------------------------------
  const scan = scanPowerShell(src);
  for (const p of scan.problems) add('ps-syntax', p.message, p.line);
  const noComments = blank(src, scan.segments, ['comment']);
  const codeOnly = blank(src, scan.segments, ['comment', 'string', 'herestring']);
  const grep = (text: string, re: RegExp, rule: string, what: string) => {
    const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
    for (const m of text.matchAll(g)) add(rule, what, lineAt(text, m.index ?? 0));
  };
  for (const [re, what] of PS7_ONLY) grep(codeOnly, re, 'ps-ps7-syntax', `PowerShell 7 only: ${what}`);
  for (const [re, what] of PS3_PLUS) grep(codeOnly, re, 'ps-legacy-syntax', `not in PowerShell 2.0: ${what}`);

  // --- must not change the machine ---------------------------------------------------------------------------
  for (const [re, what] of FORBIDDEN)
    grep(noComments, re, 'ps-forbidden', `changes the machine or breaks a rule: ${what}`);
  for (const m of noComments.matchAll(/\bRemove-Item\b[^\r\n;]*/gi)) {
    if (!/-LiteralPath\s+\$script:TempRoot\b/.test(m[0])) {
      add(
        'ps-forbidden',
        "Remove-Item may only remove the run's own temporary folder ($script:TempRoot)",
        lineAt(src, m.index ?? 0),
      );
    }
  }
  for (const m of noComments.matchAll(
    /\[(System\.)?IO\.(File|Directory)\]::(Delete|Move|Replace)\(([^\r\n]*)/gi,
  )) {
    if (!(m[3].toLowerCase() === 'move' && /^\s*\$tmpZip\s*,/.test(m[4]))) {
      add(
        'ps-forbidden',
        `[IO.${m[2]}]::${m[3]} is only allowed for moving the finished zip ($tmpZip)`,
        lineAt(src, m.index ?? 0),
      );
    }
  }
  grep(noComments, /\.Delete\(\)/, 'ps-forbidden', 'deletes a file or folder');

  // --- a method whose result is not used would leak into a function's return value -----------------------------
  // (a function returns everything its statements output: an unused ArrayList.Add index would turn a
  // hashtable result into an array)
  const leaky = /(?:\.|::)(Add|Append|AppendLine|Insert|CreateDirectory|WaitForExit|ReadToEnd)\(/g;
  for (const m of codeOnly.matchAll(leaky)) {
    const at = m.index ?? 0;
    const before = codeOnly.slice(codeOnly.lastIndexOf('\n', at) + 1, at);
    const stmt = before.slice(Math.max(before.lastIndexOf('{'), before.lastIndexOf(';')) + 1).trim();
    if (
      !/^\[void\]|^\$null\s*=|^\$[\w:]+(\[[^\]]*\])?\s*\+?=|^\[\w+\]\$\w+\s*=|^return\b|^(if|elseif|while)\s*\(/i.test(
        stmt,
      )
    ) {
      add('ps-stray-output', `result of ${m[1]}() is neither used nor cast to [void]`, lineAt(src, at));
    }
  }

  // --- every command is a known cmdlet or defined here ------------------------------------------------------------
  const defined = new Set(
    [...codeOnly.matchAll(/^\s*function\s+([\w-]+)/gim)].map((m) => m[1].toLowerCase()),
  );
  for (const m of codeOnly.matchAll(/(?<![\w$.-])([A-Z][a-z]+-[A-Z][A-Za-z0-9]+)\b/g)) {
    const name = m[1].toLowerCase();
    if (!defined.has(name) && !KNOWN_CMDLETS.has(name))
      add(
        'ps-unknown-command',
        `${m[1]} is neither a known cmdlet nor defined in the script`,
        lineAt(src, m.index ?? 0),
      );
  }

  // --- structure: param first, Main last ----------------------------------------------------------------------
  const firstCode = codeOnly.search(/\S/);
  if (!/^\[CmdletBinding\(\)\]\s*param\s*\(/.test(codeOnly.slice(firstCode)))
    add('ps-structure', 'the script must start with [CmdletBinding()] param(...) (after its help comment)');
  const paramOpen = codeOnly.indexOf('(', codeOnly.indexOf('param', firstCode));
  const params = codeOnly.slice(paramOpen, matching(codeOnly, paramOpen));
  for (const p of ['UploadUrl', 'OutputFolder', 'CaseNumber', 'Days', 'NoUpload']) {
    if (!new RegExp(`\\$${p}\\b`).test(params)) add('ps-structure', `parameter -${p} is missing`);
  }
  const tail = codeOnly
    .trimEnd()
    .split(/\r?\n/)
    .filter((l) => l.trim());
  if (!/^exit \$ExitCode$/.test(tail[tail.length - 1]?.trim() ?? '') || !/^\$null = Main$/m.test(codeOnly)) {
    add(
      'ps-structure',
      'the script must end with "$null = Main" ... "exit $ExitCode" (functions are defined before they run)',
    );
  }

  // --- the plan, and that the manifest is built from it --------------------------------------------------------
  issues.push(...checkPlan(src, noComments, codeOnly));

  // --- console messages: English and Chinese ----------------------------------------------------------------------
  issues.push(...checkMessages(src, noComments));

  // --- zip, Windows Update log, upload ---------------------------------------------------------------------------
  const need = (re: RegExp, rule: string, what: string) => {
    if (!re.test(noComments)) add(rule, what);
  };
  need(
    /\$Stamp\s*=\s*\$StartTime\.ToString\('yyyyMMdd-HHmmss'/,
    'zip-name',
    "the time stamp must be formatted 'yyyyMMdd-HHmmss'",
  );
  need(
    /\$ZipName\s*=\s*\$HostName\s*\+\s*'-'\s*\+\s*\$Stamp\s*\+\s*'\.zip'/,
    'zip-name',
    'the zip must be named <host>-<yyyyMMdd-HHmmss>.zip',
  );
  need(
    /\$HostName\s*=\s*\(\$env:COMPUTERNAME\b/,
    'zip-name',
    'the host part must come from $env:COMPUTERNAME',
  );
  need(
    /System\.IO\.Compression\.ZipArchive\b/,
    'zip-name',
    'the zip must be written with System.IO.Compression',
  );
  grep(
    noComments,
    /\bCompress-Archive\b/,
    'zip-name',
    'Compress-Archive writes backslashes into entry names on PS 5.1',
  );
  need(
    /\bGet-Command\s+Get-WindowsUpdateLog\b/,
    'wulog',
    'Get-WindowsUpdateLog must be guarded (it does not exist on Windows 7/8.1)',
  );
  need(
    /Join-Path \$env:SystemRoot 'WindowsUpdate\.log'/,
    'wulog',
    'without Get-WindowsUpdateLog, %windir%\\WindowsUpdate.log must be copied',
  );
  need(/\.Method\s*=\s*'PUT'/, 'upload', 'the upload must use PUT');
  need(
    /SecurityProtocol\s*=\s*\[Net\.ServicePointManager\]::SecurityProtocol\s*-bor\s*(\[Net\.SecurityProtocolType\]::Tls12|3072)/,
    'upload',
    'the upload must enable TLS 1.2 (and keep what is enabled)',
  );
  need(
    /\.AllowWriteStreamBuffering\s*=\s*\$false/,
    'upload',
    'the upload must stream (AllowWriteStreamBuffering = $false)',
  );
  need(
    /\.ContentLength\s*=|\.SendChunked\s*=\s*\$true/,
    'upload',
    'a streamed upload needs ContentLength or SendChunked',
  );
  need(/GetSystemWebProxy\(\)|DefaultWebProxy/, 'upload', 'the upload must use the system proxy');
  // CBS.log is held open by TrustedInstaller: only an open that shares ReadWrite can read it
  const body = (name: string) => {
    const r = functionRange(codeOnly, name);
    return r ? noComments.slice(r[0], r[1]) : '';
  };
  if (
    !/\[IO\.FileAccess\]::Read,\s*\[IO\.FileShare\]('ReadWrite(, Delete)?'|::ReadWrite)/.test(
      body('Open-Shared'),
    )
  ) {
    add('locked-copy', 'Open-Shared must open for Read while sharing ReadWrite (locked logs)');
  }
  if (!/\bOpen-Shared\b/.test(body('Copy-Shared')) || !/\bCopy-Shared\b/.test(body('Invoke-CopyItem'))) {
    add('locked-copy', 'logs must be copied through Copy-Shared / Open-Shared');
  }
  return issues;
}

function checkPlan(src: string, text: string, codeOnly: string): CollectorIssue[] {
  const issues: CollectorIssue[] = [];
  const add = (rule: string, message: string) => issues.push({ rule, message, file: 'ps1' });
  let plan: CollectorPlanEntry[] | null;
  try {
    plan = readPlan(src);
  } catch (err) {
    add('plan', (err as Error).message);
    return issues;
  }
  if (!plan || plan.length === 0) {
    add('plan', 'no $Plan = @( @{ Id = ...; Kind = ...; Output = ... } ... ) table');
    return issues;
  }
  const handlerCases = caseLabels(text, codeOnly, 'Invoke-PlanItem', /switch\s*\(\$item\.Kind\)/);
  const factCases = caseLabels(text, codeOnly, 'Invoke-FactItem', /switch\s*\(\$item\.Id\)/);
  const ids = new Set<string>();
  const outputs = new Set<string>();
  for (const e of plan) {
    const id = String(e.Id ?? '');
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) add('plan', `entry '${id}': Id must be lower-case kebab`);
    if (ids.has(id)) add('plan', `entry '${id}' appears twice`);
    ids.add(id);
    if (!handlerCases.has(String(e.Kind).toLowerCase()))
      add('plan', `entry '${id}': no handler for Kind '${e.Kind}' in Invoke-PlanItem`);
    if (e.Kind === 'fact') {
      if (!e.Key) add('plan', `fact '${id}' needs a Key (its name in manifest facts)`);
      if (!factCases.has(id)) add('plan', `fact '${id}' has no reader in Invoke-FactItem`);
      continue;
    }
    const out = e.Output;
    if (typeof out !== 'string' || !out) {
      add('plan', `entry '${id}' has no Output`);
      continue;
    }
    if (/\\|^\/|(^|\/)\.\.?(\/|$)|[:*?"<>|]/.test(out))
      add('plan', `entry '${id}': Output '${out}' must be a relative path with '/'`);
    if (!out.endsWith('/')) {
      if (outputs.has(out.toLowerCase())) add('plan', `Output '${out}' is written by two entries`);
      outputs.add(out.toLowerCase());
    }
    if (['manifest.json', 'collector.log'].includes(out.toLowerCase()))
      add('plan', `entry '${id}': '${out}' is the collector's own file`);
    if (e.Kind === 'copy' && (!e.Source || !Array.isArray(e.Include) || !out.endsWith('/')))
      add('plan', `copy '${id}' needs Source, Include = @(...) and a folder Output ('.../')`);
    if (e.Kind === 'native' && !e.Command) add('plan', `native '${id}' needs a Command`);
  }
  for (const id of REQUIRED_PLAN_IDS) if (!ids.has(id)) add('plan', `required entry '${id}' is missing`);

  // The manifest is built generically: one loop over $Plan, each entry through Invoke-PlanItem, which records
  // its step and the files it produced; the manifest's file list is a scan of the staging folder.
  const body = (name: string) => {
    const r = functionRange(codeOnly, name);
    return r ? text.slice(r[0], r[1]) : '';
  };
  const need = (ok: boolean, message: string) => {
    if (!ok) add('manifest', message);
  };
  need(
    /foreach\s*\(\$item in \$Plan\)\s*\{[^}]*Invoke-PlanItem \$item\b/.test(body('Main')),
    'Main must run every $Plan entry through Invoke-PlanItem',
  );
  const run = body('Invoke-PlanItem');
  need(
    /\$step\['id'\]\s*=\s*\$item\.Id/.test(run) && /\$script:Steps\.Add\(\$step\)/.test(run),
    'Invoke-PlanItem must record every entry (id, status) in $script:Steps',
  );
  need(
    /catch\s*\{[^}]*\$step\['status'\]\s*=\s*'failed'/.test(run),
    'Invoke-PlanItem must turn any error into a failed step (one step never stops the others)',
  );
  need(
    /Get-StageFiles/.test(run) && /\$step\['files'\]\s*=/.test(run),
    'Invoke-PlanItem must record the files each step produced',
  );
  const manifest = body('Write-Manifest');
  need(/\$m\['steps'\]\s*=\s*\$script:Steps/.test(manifest), 'manifest.json must contain $script:Steps');
  need(
    /foreach\s*\(\$rel in @\(Get-StageFiles\)\)[\s\S]*\$m\['files'\]\s*=/.test(manifest),
    'manifest.json must list every staged file',
  );
  need(/\['size'\]\s*=/.test(manifest), 'manifest.json must give each file its size');
  need(/'manifest\.json'/.test(src) && /UTF8Encoding/.test(src), 'manifest.json must be written as UTF-8');
  for (const key of ['collectorVersion', 'machineName', 'caseNumber', 'facts', 'encodings']) {
    need(manifest.includes(`$m['${key}'] =`), `manifest.json must contain '${key}'`);
  }
  for (const kind of KINDS_WITH_OUTPUT) {
    const fn = handlerName(text, kind);
    if (fn && !/\$item\.Output/.test(body(fn)))
      add('manifest', `${fn} must write to $item.Output (the path the plan promises)`);
  }
  return issues;
}

/** Labels of the `switch (...)` inside a function, lower-cased (`text`: comments blanked; `code`: strings too). */
function caseLabels(text: string, code: string, fn: string, switchHead: RegExp): Set<string> {
  const labels = new Set<string>();
  const range = functionRange(code, fn);
  if (!range) return labels;
  const m = switchHead.exec(text.slice(range[0], range[1]));
  if (!m) return labels;
  const open = code.indexOf('{', range[0] + m.index + m[0].length);
  const close = matching(code, open);
  // a label is a single-quoted string at depth 0 of the switch body, followed by '{'
  const label = /'((?:[^']|'')*)'\s*\{/y;
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const c = code[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === "'" && depth === 0) {
      label.lastIndex = i;
      const l = label.exec(text);
      if (l) {
        labels.add(l[1].toLowerCase());
        i += l[0].length - 2;
      }
    }
  }
  return labels;
}

function handlerName(src: string, kind: string): string | undefined {
  const m = new RegExp(`'${kind}'\\s*\\{\\s*\\$out\\s*=\\s*([\\w-]+)\\s+\\$item`).exec(src);
  return m?.[1];
}

/** Offsets [start, end) of a function's body in blanked code (strings and comments blanked). */
function functionRange(code: string, name: string): [number, number] | undefined {
  const m = new RegExp(`^[ \\t]*function\\s+${name.replace(/-/g, '\\-')}\\s*\\{`, 'im').exec(code);
  if (!m) return undefined;
  const open = m.index + m[0].length - 1;
  const close = matching(code, open);
  return close < 0 ? undefined : [open + 1, close];
}

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

/** `Say 'english' 'chinese' ...`: both literals; the Chinese one written as \uXXXX escapes that decode to
 * Chinese text with the same {n} placeholders ('' = show the English text). */
function checkMessages(src: string, noComments: string): CollectorIssue[] {
  const issues: CollectorIssue[] = [];
  const add = (message: string, at: number) =>
    issues.push({ rule: 'messages', message, line: lineAt(src, at), file: 'ps1' });
  let count = 0;
  for (const m of noComments.matchAll(/(^|[\s;{(])Say\b([^\r\n]*)/g)) {
    if (/^\s*\{/.test(m[2])) continue; // the definition
    count++;
    const at = (m.index ?? 0) + m[1].length;
    const args = /^\s+'((?:[^']|'')*)'\s+'((?:[^']|'')*)'/.exec(m[2]);
    if (!args) {
      add('Say needs an English and a Chinese message as single-quoted literals', at);
      continue;
    }
    const [, en, zh] = args;
    if (zh === '') continue;
    if (/\\u(?![0-9a-fA-F]{4})/.test(zh)) add(`malformed \\u escape in '${zh.slice(0, 40)}'`, at);
    const decoded = zh.replace(/\\u([0-9a-fA-F]{4})/g, (_x, h: string) =>
      String.fromCharCode(parseInt(h, 16)),
    );
    if (!CJK.test(decoded)) add(`Chinese text expected for '${en.slice(0, 40)}'`, at);
    const holes = (s: string) =>
      [...s.matchAll(/\{(\d+)\}/g)]
        .map((x) => x[1])
        .sort()
        .join(',');
    if (holes(en) !== holes(decoded))
      add(`placeholders differ between '${en.slice(0, 40)}' and its Chinese text`, at);
  }
  if (count === 0) add('no console messages (Say) found', 0);
  if (!/\(Get-UICulture\)\.Name -like 'zh\*'/.test(noComments))
    add("the language must be chosen by (Get-UICulture).Name -like 'zh*'", 0);
  return issues;
}

export function checkLauncher(buf: Buffer): CollectorIssue[] {
  const issues: CollectorIssue[] = [];
  const add = (rule: string, message: string, line?: number) =>
    issues.push({ rule, message, line, file: 'cmd' });
  const at = buf.findIndex((b) => b > 0x7e || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d));
  if (at >= 0)
    add(
      'cmd-ascii',
      'non-ASCII or control byte (cmd.exe reads batch files in the OEM code page)',
      lineAt(buf.toString('latin1'), at),
    );
  const text = buf.toString('latin1');
  const lf = text.search(/(^|[^\r])\n/);
  if (lf >= 0)
    add(
      'cmd-line-endings',
      'LF-only line ending (cmd.exe mis-parses labels and goto with LF)',
      lineAt(text, lf + 1),
    );
  const code = text
    .split(/\r?\n/)
    .filter((l) => !/^\s*(rem\b|::)/i.test(l))
    .join('\n');
  const need = (re: RegExp, what: string) => {
    if (!re.test(code)) add('cmd-launcher', what);
  };
  need(/^net session >nul 2>&1$/m, 'must check elevation with "net session >nul 2>&1"');
  need(/-Verb RunAs\b/, 'must re-launch elevated (Start-Process -Verb RunAs)');
  need(/Start-Process\b/, 'must re-launch with Start-Process');
  need(
    /"%CL_PS%" -NoProfile -ExecutionPolicy Bypass -Command "%CL_E%"/,
    'must start the elevation through powershell -NoProfile -ExecutionPolicy Bypass -Command',
  );
  need(
    /-NoProfile -ExecutionPolicy Bypass -File "%CL_SCRIPT%" %\*/,
    'must pass every argument (%*) to the script, quoted path, -ExecutionPolicy Bypass',
  );
  need(/^set CL_ARGS=%\*$/m, 'must hand the arguments (%*) to the elevated run');
  need(/\$env:CL_ARGS/, 'the elevated run must receive the arguments');
  need(/set "CL_SCRIPT=%~dp0collect-logs\.ps1"/, 'must find the script next to itself (%~dp0), quoted');
  for (const [re, what] of [
    [/\bnet\s+(stop|start)\b/i, 'net stop/start'],
    [/\bsc(\.exe)?\s+(config|stop|start|delete)\b/i, 'sc config/stop'],
    [/^\s*(del|erase|rd|rmdir|ren|rename|move)\s/im, 'deletes, renames or moves files'],
    [/\breg(\.exe)?\s+(add|delete|import)\b/i, 'reg add/delete'],
    [/Set-ExecutionPolicy/i, 'Set-ExecutionPolicy (changes the machine; use -ExecutionPolicy Bypass)'],
  ] as Array<[RegExp, string]>) {
    if (re.test(code)) add('cmd-forbidden', `changes the machine: ${what}`);
  }
  // the PowerShell code handed to -Command must not contain double quotes (cmd would split it)
  for (const m of code.matchAll(/^set "CL_E=(.*)"$/gm)) {
    if (m[1].includes('"'))
      add('cmd-launcher', 'the -Command code must not contain double quotes (use [char]34)');
  }
  return issues;
}
