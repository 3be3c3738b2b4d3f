// Knowledge catalogue: loads and validates knowledge/{error-codes,causes,remediation,kb,scripts} (YAML data)
// and answers lookups — error codes by value/name/Win32 number, causes, playbooks, KB → build applicability.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { normaliseCode } from './codes';
import { makeKnowledge } from './lookups';
import {
  CJK,
  CauseSchema,
  ErrorCodeSchema,
  FamilySchema,
  KbSchema,
  PlaybookSchema,
  SourceSchema,
} from './schemas';
import {
  KnowledgeError,
  STAGES,
  type BuildFamily,
  type Cause,
  type ErrorCodeEntry,
  type KbRelease,
  type Knowledge,
  type KnowledgeProblem,
  type Localized,
  type Playbook,
  type SourceRef,
  type Stage,
} from './types';

export * from './types';
export { hresultFromWin32, normaliseCode } from './codes';
export { parseOsBuild } from './lookups';

// ---------------------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------------------

/** <repo>/knowledge, found by walking up from this file (works from src/ and from a compiled dist/). */
export function defaultKnowledgeDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'knowledge');
    if (fs.existsSync(path.join(candidate, 'error-codes'))) return candidate;
    dir = path.dirname(dir);
  }
  return path.resolve(__dirname, '..', '..', 'knowledge');
}

interface Built {
  knowledge: Knowledge;
  problems: KnowledgeProblem[];
}

const cache = new Map<string, Knowledge>();

export function loadKnowledge(dir?: string): Knowledge {
  const root = path.resolve(dir ?? defaultKnowledgeDir());
  const hit = cache.get(root);
  if (hit) return hit;
  const { knowledge, problems } = build(root);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new KnowledgeError(root, errors);
  cache.set(root, knowledge);
  return knowledge;
}

/** Every problem in the data (errors make loadKnowledge throw; warnings are advice). Never cached. */
export function validateKnowledge(dir?: string): KnowledgeProblem[] {
  return build(path.resolve(dir ?? defaultKnowledgeDir())).problems;
}

/** Forgets cached catalogues (tests that rewrite a folder). */
export function clearKnowledgeCache(): void {
  cache.clear();
}

function yamlFiles(root: string, sub: string): string[] {
  const dir = path.join(root, sub);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => path.join(sub, f));
}

function stemOf(rel: string): string {
  return path.basename(rel).replace(/\.ya?ml$/i, '');
}

function fmtPath(p: PropertyKey[]): string {
  return p.length
    ? p
        .map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`))
        .join('')
        .replace(/^\./, '')
    : '(root)';
}

function stageNo(s: Stage): number {
  return STAGES.indexOf(s);
}

function build(root: string): Built {
  const problems: KnowledgeProblem[] = [];
  const err = (file: string, message: string) => problems.push({ severity: 'error', file, message });
  const warn = (file: string, message: string) => problems.push({ severity: 'warning', file, message });

  if (!fs.existsSync(root)) err('.', `knowledge folder ${root} does not exist`);

  const read = (rel: string): unknown => {
    let text: string;
    try {
      text = fs.readFileSync(path.join(root, rel), 'utf8');
    } catch (e) {
      err(rel, `cannot read file: ${(e as Error).message}`);
      return undefined;
    }
    const doc = parseDocument(text, { prettyErrors: true });
    if (doc.errors.length) {
      for (const e of doc.errors) err(rel, `YAML syntax error: ${e.message.split('\n')[0]} — fix the YAML`);
      return undefined;
    }
    return doc.toJS();
  };

  /** Validates `value` against `schema`, reporting each issue as "where: what". */
  function check<T>(schema: z.ZodType<T>, value: unknown, rel: string, where: string): T | undefined {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    for (const issue of r.error.issues) {
      const at = [where, fmtPath(issue.path as PropertyKey[])].filter((s) => s && s !== '(root)').join(' ');
      err(rel, `${at || where}: ${issue.message}`);
    }
    return undefined;
  }

  const zhCheck = (rel: string, where: string, l: Localized) => {
    if (!CJK.test(l['zh-CN']) && l['zh-CN'].length > 24)
      warn(rel, `${where}: zh-CN text has no Chinese characters — translate it`);
  };

  // --- sources -------------------------------------------------------------------------------------
  const sources = new Map<string, SourceRef>();
  if (fs.existsSync(path.join(root, 'sources.yaml'))) {
    const raw = read('sources.yaml');
    if (raw !== undefined) {
      if (!Array.isArray(raw)) err('sources.yaml', 'must be a list of { key, title, url?, trust }');
      else
        raw.forEach((item, i) => {
          const s = check(SourceSchema, item, 'sources.yaml', `[${i}]`);
          if (!s) return;
          if (sources.has(s.key)) err('sources.yaml', `duplicate source key ${s.key} — keep one`);
          sources.set(s.key, s);
        });
    }
  } else {
    warn('sources.yaml', 'missing: references cannot be checked against the source list');
  }
  const checkRefs = (rel: string, where: string, refs: string[]) => {
    if (!sources.size) return;
    for (const r of refs) {
      if (/^https:\/\//.test(r)) continue;
      if (!sources.has(r))
        err(
          rel,
          `${where}: unknown reference '${r}' — use a key from sources.yaml (e.g. S2) or an https URL`,
        );
    }
  };

  // --- error codes --------------------------------------------------------------------------------
  const errorCodes = new Map<string, ErrorCodeEntry>();
  const names = new Map<string, ErrorCodeEntry>();
  const codeFile = new Map<string, string>();
  const codeFiles = yamlFiles(root, 'error-codes');
  if (!codeFiles.length) err('error-codes', 'no error-code files found (error-codes/*.yaml)');
  for (const rel of codeFiles) {
    const raw = read(rel);
    if (raw === undefined) continue;
    if (!Array.isArray(raw)) {
      err(rel, 'must be a YAML list of error-code entries (- code: ...)');
      continue;
    }
    raw.forEach((item, i) => {
      const label = typeof item?.code === 'string' ? item.code : `entry [${i}]`;
      if (item && typeof item.code === 'number') {
        err(
          rel,
          `entry [${i}] code: YAML read the code as a number (${item.code}) — quote it: code: '${normaliseCode(String(item.code)) ?? item.code}'`,
        );
        return;
      }
      if (item && typeof item.code === 'string' && !/^0x[0-9a-f]{8}$/.test(item.code)) {
        const n = normaliseCode(item.code);
        err(
          rel,
          `${label}: code '${item.code}' is not normalised — write it as '${n ?? '0x + 8 lower-case hex digits'}'`,
        );
        return;
      }
      const e = check(ErrorCodeSchema, item, rel, label);
      if (!e) return;
      if (errorCodes.has(e.code)) {
        err(rel, `${e.code}: duplicate code (also in ${codeFile.get(e.code)}) — keep one entry`);
        return;
      }
      errorCodes.set(e.code, e);
      codeFile.set(e.code, rel);
      for (const n of [e.name, ...(e.aliases ?? [])]) {
        if (!n) continue;
        const prev = names.get(n.toUpperCase());
        if (prev && prev.code !== e.code)
          err(rel, `${e.code}: name ${n} is already used by ${prev.code} — a name must map to one code`);
        else names.set(n.toUpperCase(), e);
      }
      zhCheck(rel, `${e.code} meaning`, e.meaning);
      checkRefs(rel, e.code, e.references);
    });
  }

  // --- playbooks ------------------------------------------------------------------------------------
  const playbooks = new Map<string, Playbook>();
  const playbookFiles = yamlFiles(root, 'remediation');
  const scriptsDir = path.join(root, 'scripts');
  for (const rel of playbookFiles) {
    const raw = read(rel);
    if (raw === undefined) continue;
    const p = check(PlaybookSchema, raw, rel, 'playbook');
    if (!p) continue;
    if (p.id !== stemOf(rel)) {
      err(rel, `id '${p.id}' must equal the file name '${stemOf(rel)}' — rename the file or fix the id`);
      continue;
    }
    playbooks.set(p.id, p);
    for (const s of p.scripts ?? []) {
      if (s.includes('..') || path.isAbsolute(s))
        err(rel, `script '${s}' must be a file name under knowledge/scripts`);
      else if (!fs.existsSync(path.join(scriptsDir, s)))
        err(rel, `script '${s}' does not exist — add knowledge/scripts/${s} or remove it from scripts`);
    }
    zhCheck(rel, 'title', p.title);
    zhCheck(rel, 'summary', p.summary);
  }
  for (const [id, p] of playbooks) {
    const rel = `remediation/${id}.yaml`;
    if (p.next !== undefined) {
      const n = playbooks.get(p.next);
      if (!n) err(rel, `next '${p.next}' is not a playbook — create remediation/${p.next}.yaml or fix next`);
      else if (stageNo(n.stage) < stageNo(p.stage))
        err(
          rel,
          `next '${p.next}' (${n.stage}) is a lower stage than ${p.stage} — next must not step back down the ladder`,
        );
    }
    // a chain of next must end
    const seen = new Set<string>([id]);
    for (let cur = p.next; cur; cur = playbooks.get(cur)?.next) {
      if (seen.has(cur)) {
        err(rel, `next chain loops back to '${cur}' — break the cycle`);
        break;
      }
      seen.add(cur);
    }
  }

  // --- scripts handed out to users: ASCII, CRLF -------------------------------------------------------
  if (fs.existsSync(scriptsDir)) {
    for (const f of fs.readdirSync(scriptsDir).filter((n) => /\.(cmd|bat)$/i.test(n))) {
      const rel = `scripts/${f}`;
      const buf = fs.readFileSync(path.join(scriptsDir, f));
      if (buf.some((b) => b > 0x7e || (b < 0x20 && b !== 0x0d && b !== 0x0a && b !== 0x09)))
        err(
          rel,
          'contains non-ASCII or control bytes — cmd.exe reads batch files in the OEM code page; keep it plain ASCII',
        );
      const text = buf.toString('latin1');
      if (/(^|[^\r])\n/.test(text))
        err(rel, 'has LF-only line endings — convert to CRLF (cmd.exe mis-parses labels with LF)');
    }
  }

  // --- causes ---------------------------------------------------------------------------------------
  const causes = new Map<string, Cause>();
  for (const rel of yamlFiles(root, 'causes')) {
    const raw = read(rel);
    if (raw === undefined) continue;
    const c = check(CauseSchema, raw, rel, 'cause');
    if (!c) continue;
    if (c.id !== stemOf(rel)) {
      err(rel, `id '${c.id}' must equal the file name '${stemOf(rel)}' — rename the file or fix the id`);
      continue;
    }
    causes.set(c.id, c);
    let prev: Playbook | undefined;
    for (const pid of c.playbooks) {
      const p = playbooks.get(pid);
      if (!p) {
        err(rel, `playbook '${pid}' does not exist — create remediation/${pid}.yaml or fix the list`);
        continue;
      }
      if (prev && stageNo(p.stage) < stageNo(prev.stage))
        err(
          rel,
          `playbooks out of order: '${pid}' (${p.stage}) comes after '${prev.id}' (${prev.stage}) — order least invasive first`,
        );
      prev = p;
    }
    if (new Set(c.playbooks).size !== c.playbooks.length)
      err(rel, 'a playbook is listed twice — list each once');
    zhCheck(rel, 'title', c.title);
    zhCheck(rel, 'explanation', c.explanation);
  }

  for (const [code, e] of errorCodes) {
    const named: Array<[string, string | undefined]> = [
      ['causeId', e.causeId],
      ...Object.entries(e.causeIdIn ?? {}).map(([f, id]): [string, string | undefined] => [
        `causeIdIn.${f}`,
        id,
      ]),
    ];
    for (const [field, id] of named)
      if (id && !causes.has(id))
        err(
          codeFile.get(code)!,
          `${code}: ${field} '${id}' is not a cause — create causes/${id}.yaml or fix it`,
        );
    if (!e.causeId && e.stage !== 'S0')
      warn(
        codeFile.get(code)!,
        `${code}: stage ${e.stage} but no causeId — the bot cannot offer playbooks for it`,
      );
  }
  const usedPlaybooks = new Set<string>();
  for (const c of causes.values()) c.playbooks.forEach((p) => usedPlaybooks.add(p));
  for (const p of playbooks.values()) if (p.next) usedPlaybooks.add(p.next);
  for (const id of playbooks.keys())
    if (!usedPlaybooks.has(id))
      warn(`remediation/${id}.yaml`, `playbook '${id}' is not used by any cause or next`);

  // --- KB releases and build families --------------------------------------------------------------
  const kbs = new Map<string, KbRelease>();
  const families = new Map<number, BuildFamily>();
  const kbFile = new Map<string, string>();
  for (const rel of yamlFiles(root, 'kb')) {
    const raw = read(rel);
    if (raw === undefined) continue;
    if (!Array.isArray(raw)) {
      err(rel, 'must be a YAML list');
      continue;
    }
    if (stemOf(rel) === 'families') {
      raw.forEach((item, i) => {
        const f = check(FamilySchema, item, rel, `[${i}]`);
        if (!f) return;
        if (families.has(f.build)) err(rel, `build ${f.build} listed twice — keep one row`);
        families.set(f.build, f);
        checkRefs(rel, `build ${f.build}`, f.references);
      });
      continue;
    }
    raw.forEach((item, i) => {
      const label = typeof item?.kb === 'string' ? item.kb : `[${i}]`;
      const k = check(KbSchema, item, rel, label);
      if (!k) return;
      if (kbs.has(k.kb)) {
        err(rel, `${k.kb} listed twice (also in ${kbFile.get(k.kb)}) — keep one entry`);
        return;
      }
      if (Number.isNaN(Date.parse(k.date))) err(rel, `${k.kb}: date ${k.date} is not a real date`);
      kbs.set(k.kb, k);
      kbFile.set(k.kb, rel);
      checkRefs(rel, k.kb, [k.source]);
    });
  }
  if (kbs.size && !families.size)
    err(
      'kb/families.yaml',
      'missing or empty: add the build -> version family table so KB builds can be checked',
    );
  for (const [kb, k] of kbs) {
    for (const b of k.builds) {
      const major = Number(b.split('.')[0]);
      if (families.size && !families.has(major))
        err(
          kbFile.get(kb)!,
          `${kb}: build ${b} has no family in kb/families.yaml — add build ${major} there`,
        );
    }
  }

  const knowledge = makeKnowledge({ errorCodes, names, causes, playbooks, kbs, families, sources });
  return { knowledge, problems };
}
