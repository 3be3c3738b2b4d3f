/**
 * The real-log corpus: verbatim excerpts of logs people published (GitHub issues, repositories that commit
 * raw logs, Microsoft articles, Q&A threads), each with its provenance and an engineer's label
 * (test/corpus/labels/*.json), plus the six shared samples. `evaluate()` runs every case through the real
 * diagnosis (the same `diagnoseBundle` the bot uses) and scores it against its label.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnoseBundle, type MachineResult } from '../../src/diagnosis/diagnose';
import { loadKnowledge, type Knowledge } from '../../src/knowledge/index';
import { loadRules } from '../../src/diagnosis/rules';
import { Engine } from '../../src/diagnosis/engine';
import { LOG_FORMATS } from '../../src/diagnosis/parsers/index';

export const CORPUS_DIR = path.join(__dirname, 'logs');
const LABEL_DIR = path.join(__dirname, 'labels');
/** The shared samples (verbatim public excerpts with labels) count as corpus cases too. */
const SHARED_DIR = path.resolve(__dirname, '../../../shared/samples/logs');

/** Every log format the diagnosis reads (the ones with a parser): the corpus must cover each. */
export const LOG_TYPES: readonly string[] = LOG_FORMATS;

export interface CorpusLabel {
  id: string;
  /** Relative to the corpus's logs folder (or the shared samples folder for `shared-*`). */
  file: string;
  logType: string;
  source: string;
  errorCode: string | null;
  symbolicName: string | null;
  category: string;
  note?: string;
  notes?: string;
}

export interface CorpusCase extends CorpusLabel {
  group: string;
  absPath: string;
}

export function loadCorpus(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const f of fs
    .readdirSync(LABEL_DIR)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const group = f.replace(/\.json$/, '');
    const labels = JSON.parse(fs.readFileSync(path.join(LABEL_DIR, f), 'utf8')) as CorpusLabel[];
    for (const l of labels) cases.push({ ...l, group, absPath: path.join(CORPUS_DIR, l.file) });
  }
  // The shared samples sit beside the project (../shared), as on every machine and in CI: a missing one fails.
  const shared = JSON.parse(fs.readFileSync(path.join(SHARED_DIR, 'labels.json'), 'utf8')) as CorpusLabel[];
  for (const l of shared)
    cases.push({
      ...l,
      id: `shared-${l.id}`,
      logType: normaliseLogType(l.logType),
      group: 'shared',
      absPath: path.join(SHARED_DIR, l.file),
    });
  return cases;
}

function normaliseLogType(t: string): string {
  const s = t.toLowerCase();
  if (s.startsWith('cbs')) return 'cbs';
  if (s.startsWith('dism')) return 'dism';
  if (s.startsWith('windowsupdate')) return 'windowsupdate';
  if (s.startsWith('setup') || s.includes('panther')) return 'panther';
  return s;
}

export type Verdict = 'right' | 'wrong-code' | 'missed' | 'quiet' | 'false-finding';

export interface CaseOutcome {
  c: CorpusCase;
  verdict: Verdict;
  /** The primary finding's code and rule, if any. */
  found: string | null;
  ruleId: string | null;
  /** Findings whose evidence lines do not hold their code (file:line). */
  uncited: string[];
  /** Every finding on a negative (rule ids). */
  negativeFindings: string[];
}

/** The forms a code may take on a log line: 0x800f0922, 800F0922, its symbolic name, its decimal value. */
function codeForms(code: string, names: Array<string | null | undefined>): string[] {
  const hex = code.slice(2).toLowerCase();
  const v = parseInt(hex, 16);
  const forms = [hex, hex.replace(/^0+/, ''), String(v), String(v - 0x100000000)];
  for (const n of names) if (n) forms.push(n.toLowerCase());
  // HRESULT_FROM_WIN32(n) with n in decimal; DISM's console prints the bare Win32 number ('Error: 14098').
  if (/^8007/.test(hex)) {
    const n = parseInt(hex.slice(4), 16);
    forms.push(`hresult_from_win32(${n})`, `error: ${n}`);
  }
  return forms;
}

const linesCache = new Map<string, string[]>();
function linesOf(file: string): string[] {
  let l = linesCache.get(file);
  if (!l) {
    l = fs.readFileSync(file).toString('latin1').split('\n');
    linesCache.set(file, l);
  }
  return l;
}

export async function evaluate(
  cases = loadCorpus(),
  knowledge: Knowledge = loadKnowledge(),
): Promise<CaseOutcome[]> {
  const engine = new Engine(loadRules(), { knowledge });
  const out: CaseOutcome[] = [];
  for (const c of cases) {
    const machines: MachineResult[] = await diagnoseBundle(c.absPath, { knowledge, engine });
    const m = machines[0];
    const p = m?.primary ?? null;
    const findings = machines.flatMap((x) => x.findings);
    const uncited: string[] = [];
    for (const f of findings) {
      if (!f.errorCode) continue;
      const forms = codeForms(f.errorCode, [
        f.symbolicName,
        knowledge.code(f.errorCode)?.name,
        ...(knowledge.code(f.errorCode)?.aliases ?? []),
      ]);
      for (const e of f.evidence) {
        const line = (linesOf(c.absPath)[e.line - 1] ?? '').toLowerCase();
        if (!forms.some((x) => line.includes(x))) uncited.push(`${f.ruleId} ${e.file}:${e.line}`);
      }
    }
    let verdict: Verdict;
    if (c.errorCode === null) verdict = findings.length ? 'false-finding' : 'quiet';
    else if (!p) verdict = 'missed';
    else verdict = p.errorCode === c.errorCode.toLowerCase() ? 'right' : 'wrong-code';
    out.push({
      c,
      verdict,
      found: p?.errorCode ?? null,
      ruleId: p?.ruleId ?? null,
      uncited,
      negativeFindings: c.errorCode === null ? findings.map((f) => `${f.ruleId}:${f.errorCode ?? ''}`) : [],
    });
  }
  return out;
}

export interface CorpusTotals {
  cases: number;
  failures: number;
  negatives: number;
  right: number;
  wrong: number;
  missed: number;
  quietNegatives: number;
  uncited: number;
  codes: number;
  byType: Record<
    string,
    { cases: number; right: number; failures: number; negatives: number; quiet: number }
  >;
}

export function totals(outcomes: CaseOutcome[]): CorpusTotals {
  const t: CorpusTotals = {
    cases: outcomes.length,
    failures: 0,
    negatives: 0,
    right: 0,
    wrong: 0,
    missed: 0,
    quietNegatives: 0,
    uncited: 0,
    codes: new Set(outcomes.map((o) => o.c.errorCode?.toLowerCase()).filter(Boolean)).size,
    byType: {},
  };
  for (const o of outcomes) {
    const b = (t.byType[o.c.logType] ??= { cases: 0, right: 0, failures: 0, negatives: 0, quiet: 0 });
    b.cases++;
    if (o.c.errorCode === null) {
      t.negatives++;
      b.negatives++;
      if (o.verdict === 'quiet') {
        t.quietNegatives++;
        b.quiet++;
      }
    } else {
      t.failures++;
      b.failures++;
      if (o.verdict === 'right') {
        t.right++;
        b.right++;
      } else if (o.verdict === 'wrong-code') t.wrong++;
      else t.missed++;
    }
    t.uncited += o.uncited.length;
  }
  return t;
}

/** The Markdown table for the README (per log type) plus the totals line. */
export function table(outcomes: CaseOutcome[]): string {
  const t = totals(outcomes);
  const rows = [
    '| log type | cases | failures: decisive code right | negatives: quiet |',
    '|---|---:|---:|---:|',
  ];
  for (const type of Object.keys(t.byType).sort()) {
    const b = t.byType[type];
    rows.push(`| ${type} | ${b.cases} | ${b.right} / ${b.failures} | ${b.quiet} / ${b.negatives} |`);
  }
  rows.push(
    `| **all** | **${t.cases}** | **${t.right} / ${t.failures}** (${pct(t.right, t.failures)}) | **${t.quietNegatives} / ${t.negatives}** |`,
  );
  return (
    rows.join('\n') +
    `\n\n${t.codes} distinct decisive codes; evidence lines without their code: ${t.uncited}.`
  );
}

function pct(a: number, b: number): string {
  return b ? `${((100 * a) / b).toFixed(1)} %` : '–';
}

/** One line per case that is not right, for a failing test's message. */
export function misses(outcomes: CaseOutcome[]): string[] {
  return outcomes
    .filter(
      (o) =>
        o.verdict === 'wrong-code' ||
        o.verdict === 'missed' ||
        o.verdict === 'false-finding' ||
        o.uncited.length,
    )
    .map((o) =>
      `${o.c.id} [${o.c.logType}] label ${o.c.errorCode ?? 'none'} → ${o.verdict} ${o.found ?? ''} ${o.ruleId ?? ''} ${o.negativeFindings.join(' ')} ${o.uncited.length ? 'uncited: ' + o.uncited.join(', ') : ''}`.trim(),
    );
}
