// Knowledge catalogue: loads and validates knowledge/{error-codes,causes,remediation,kb,scripts} (YAML data)
// and answers lookups — error codes by value/name/Win32 number, causes, playbooks, KB → build applicability.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { RULE_FORMATS, STAGE_NEEDS, type StageNeed } from '../domain/diagnosis';

// ---------------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------------

export type Stage = 'S0' | 'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6' | 'S7' | 'S8';
export const STAGES: readonly Stage[] = ['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8'];

export interface Localized {
  en: string;
  'zh-CN': string;
}

export interface ErrorCodeEntry {
  /** '0x' + 8 lower-case hex digits. */
  code: string;
  /** Symbolic name, e.g. ERROR_SXS_COMPONENT_STORE_CORRUPT; '' when none is known. */
  name: string;
  meaning: Localized;
  causes: Localized[];
  /** First remediation stage. S0 = nothing to repair (success/benign/triage only). */
  stage: Stage;
  causeId?: string;
  /** The cause when the code is the failure a given log type reports, where it differs from `causeId`
   * (0x8007000d in CBS.log is a damaged manifest or catalog in the component store; in WindowsUpdate.log,
   * a damaged download or update database). Keys are log types (cbs, dism, windowsupdate …). */
  causeIdIn?: Partial<Record<string, string>>;
  /** Other names/notations, e.g. STATUS_SXS_COMPONENT_STORE_CORRUPT, WININET_E_TIMEOUT. */
  aliases?: string[];
  /** Source keys of the domain brief (S1, S30 …, see knowledge/sources.yaml) or https URLs. */
  references: string[];
}

export interface Cause {
  id: string;
  title: Localized;
  explanation: Localized;
  /** Playbook ids, ordered, least invasive first. */
  playbooks: string[];
  /** True when the bot should offer an engineer early (expert-only fixes). */
  escalate?: boolean;
}

export type RiskKind =
  | 'data-loss'
  | 'apps-removed'
  | 'reinstall'
  | 'admin'
  | 'reboot'
  | 'matching-media'
  | 'time'
  | 'policy'
  | 'none';

export interface Playbook {
  id: string;
  stage: Stage;
  title: Localized;
  summary: Localized;
  steps: Localized[];
  preconditions: Localized[];
  risks: Array<{ kind: RiskKind; text: Localized }>;
  verify: Localized[];
  next?: string;
  /** Files under knowledge/scripts. */
  scripts?: string[];
  /** Environment-specific steps, e.g. 'internet' / 'wsus' / 'offline'. */
  variants?: Record<string, Localized[]>;
  /** What the case must not rule out for this stage to be proposed (src/domain/plan.ts `fitted`). */
  needs?: StageNeed[];
}

export interface KbRelease {
  /** 'KB5011503' */
  kb: string;
  /** YYYY-MM-DD */
  date: string;
  kind: 'lcu' | 'ssu' | 'ssu+lcu' | 'oob';
  title?: string;
  /** e.g. ['17763.2686'] */
  builds: string[];
  products: string[];
  /** Where the KB ↔ build pair was checked (source key or URL). */
  source?: string;
}

/** A build number → version family row (knowledge/kb/families.yaml). */
export interface BuildFamily {
  build: number;
  version: string;
  name: Localized;
  /** Builds sharing one servicing branch (enablement packages) name the branch's first build. */
  branch?: number;
  references: string[];
}

export interface SourceRef {
  key: string;
  title: string;
  url?: string;
  trust: 'MS' | 'MS-code' | '3P';
}

export interface Applicability {
  verdict: 'applies' | 'wrong-build' | 'unknown';
  kbBuilds: string[];
  /** The machine's version family, e.g. 'Windows 10 21H2 (19044)', when its build is known. */
  family?: string;
  note: Localized;
}

export interface Knowledge {
  errorCodes: Map<string, ErrorCodeEntry>;
  /** Symbolic name or alias, case-insensitive; also Win32 names (ERROR_FILE_NOT_FOUND → 0x80070002). */
  byName(name: string): ErrorCodeEntry | undefined;
  /** Entry for HRESULT_FROM_WIN32(n). */
  win32(code: number): ErrorCodeEntry | undefined;
  causes: Map<string, Cause>;
  playbooks: Map<string, Playbook>;
  kbs: Map<string, KbRelease>;
  families: Map<number, BuildFamily>;
  sources: Map<string, SourceRef>;
  /** Looks a code up in any notation normaliseCode accepts. */
  code(raw: string): ErrorCodeEntry | undefined;
  applicability(kb: string, osBuild: string | undefined): Applicability;
}

export interface KnowledgeProblem {
  severity: 'error' | 'warning';
  /** Path relative to the knowledge folder, e.g. 'error-codes/cbs.yaml'. */
  file: string;
  /** What is wrong and how to fix it. */
  message: string;
}

export class KnowledgeError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: KnowledgeProblem[],
  ) {
    super(
      `knowledge in ${dir} is invalid (${problems.length} error(s)):\n` +
        problems.map((p) => `  ${p.file}: ${p.message}`).join('\n'),
    );
    this.name = 'KnowledgeError';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Codes
// ---------------------------------------------------------------------------------------------------------

/**
 * Normalises an error code written in any usual notation to '0x' + 8 lower-case hex digits:
 * '0x80073712', '0X8007371B', '80073712' (8 hex digits, no prefix, as ReportingEvents.log writes it),
 * '0x240006' (short hex, zero-padded), '2149842967' (unsigned decimal), '-2147024894' (signed decimal).
 * Returns null for anything else (including values outside 32 bits).
 */
export function normaliseCode(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  let value: number;
  let m: RegExpMatchArray | null;
  if ((m = /^0x([0-9a-f]{1,8})$/i.exec(s))) {
    value = parseInt(m[1], 16);
  } else if (/^[0-9a-f]{8}$/i.test(s)) {
    value = parseInt(s, 16);
  } else if (/^[+-]?\d{1,10}$/.test(s)) {
    value = Number(s);
    if (value < 0) {
      if (value < -0x80000000) return null;
      value += 0x100000000;
    }
    if (value > 0xffffffff) return null;
  } else {
    return null;
  }
  return '0x' + value.toString(16).padStart(8, '0');
}

/** '0x80070002' for Win32 error 2 (HRESULT_FROM_WIN32); 0 stays 0x00000000. */
export function hresultFromWin32(n: number): string | null {
  if (!Number.isInteger(n) || n < 0 || n > 0xffff) return null;
  if (n === 0) return '0x00000000';
  return '0x' + (0x80070000 + n).toString(16).padStart(8, '0');
}

// ---------------------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------------------

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SYMBOL = /^[A-Z][A-Z0-9_]*$/;
const CJK = /[\u3400-\u9fff]/;

const LocalizedSchema = z
  .object({
    en: z.string().trim().min(1, 'en text is empty'),
    'zh-CN': z.string().trim().min(1, 'zh-CN text is empty'),
  })
  .strict();
const StageSchema = z.enum(STAGES as [Stage, ...Stage[]]);
const Refs = z
  .array(z.string().min(1))
  .min(1, 'add at least one reference (a source key such as S2, or an https URL)');

const ErrorCodeSchema = z
  .object({
    code: z.string().regex(/^0x[0-9a-f]{8}$/, "write the code as '0x' + 8 lower-case hex digits, quoted"),
    name: z.string().refine((v) => v === '' || SYMBOL.test(v), "name must be an upper-case symbol or ''"),
    meaning: LocalizedSchema,
    causes: z.array(LocalizedSchema).min(1, 'list at least one typical cause'),
    stage: StageSchema,
    causeId: z.string().regex(KEBAB).optional(),
    causeIdIn: z.partialRecord(z.enum(RULE_FORMATS), z.string().regex(KEBAB)).optional(),
    aliases: z.array(z.string().regex(SYMBOL, 'aliases must be upper-case symbols')).optional(),
    references: Refs,
  })
  .strict();

const CauseSchema = z
  .object({
    id: z.string().regex(KEBAB, 'id must be lower-case kebab'),
    title: LocalizedSchema,
    explanation: LocalizedSchema,
    playbooks: z.array(z.string().regex(KEBAB)).min(1, 'a cause needs at least one playbook'),
    escalate: z.boolean().optional(),
  })
  .strict();

const RiskKindSchema = z.enum([
  'data-loss',
  'apps-removed',
  // Apps and data stay, but some drivers, apps or language packs may need installing again.
  'reinstall',
  'admin',
  'reboot',
  'matching-media',
  'time',
  'policy',
  'none',
]);

const PlaybookSchema = z
  .object({
    id: z.string().regex(KEBAB, 'id must be lower-case kebab'),
    stage: StageSchema,
    title: LocalizedSchema,
    summary: LocalizedSchema,
    steps: z.array(LocalizedSchema).min(1, 'a playbook needs steps'),
    preconditions: z.array(LocalizedSchema),
    risks: z
      .array(z.object({ kind: RiskKindSchema, text: LocalizedSchema }).strict())
      .min(1, "list risks (kind 'none' when there are none)"),
    verify: z.array(LocalizedSchema).min(1, 'say how to verify success'),
    next: z.string().regex(KEBAB).optional(),
    scripts: z.array(z.string().min(1)).optional(),
    variants: z.record(z.string().regex(KEBAB), z.array(LocalizedSchema).min(1)).optional(),
    needs: z.array(z.enum(STAGE_NEEDS as [StageNeed, ...StageNeed[]])).optional(),
  })
  .strict();

const KbSchema = z
  .object({
    kb: z.string().regex(/^KB\d{6,7}$/, "kb must look like 'KB5011503'"),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD (quote it)'),
    kind: z.enum(['lcu', 'ssu', 'ssu+lcu', 'oob']),
    title: z.string().optional(),
    builds: z.array(z.string().regex(/^\d{5}\.\d+$/, "builds look like '17763.2686'")).min(1),
    products: z.array(z.string().min(1)).min(1),
    source: z.string().min(1, 'say where the KB ↔ build pair was checked'),
  })
  .strict();

const FamilySchema = z
  .object({
    build: z.number().int().min(10000).max(99999),
    version: z.string().min(1),
    name: LocalizedSchema,
    branch: z.number().int().optional(),
    references: Refs,
  })
  .strict();

const SourceSchema = z
  .object({
    key: z.string().min(1),
    title: z.string().min(1),
    url: z.string().url().optional(),
    trust: z.enum(['MS', 'MS-code', '3P']),
  })
  .strict();

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

// ---------------------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------------------

interface Tables {
  errorCodes: Map<string, ErrorCodeEntry>;
  names: Map<string, ErrorCodeEntry>;
  causes: Map<string, Cause>;
  playbooks: Map<string, Playbook>;
  kbs: Map<string, KbRelease>;
  families: Map<number, BuildFamily>;
  sources: Map<string, SourceRef>;
}

/** Parses '17763', '17763.2686', '10.0.17763.2686', 'Build 17763' → { build, ubr? }. */
export function parseOsBuild(raw: string | undefined): { build: number; ubr?: number } | undefined {
  if (!raw) return undefined;
  const m = /(?:^|[^\d.])(?:10\.0\.)?(\d{5})(?:\.(\d{1,5}))?(?![\d])/.exec(' ' + raw.trim());
  if (!m) return undefined;
  return { build: Number(m[1]), ubr: m[2] !== undefined ? Number(m[2]) : undefined };
}

function makeKnowledge(t: Tables): Knowledge {
  /** 'Windows 10 1809 / LTSC 2019 / Windows Server 2019' — or 'build 12345' when the family is unknown. */
  const familyName = (build: number, lang: keyof Localized): string =>
    t.families.get(build)?.name[lang] ?? (lang === 'en' ? `build ${build}` : `版本号 ${build}`);
  const majorOf = (b: string) => Number(b.split('.')[0]);
  const kbFamilies = (rel: KbRelease, lang: keyof Localized) =>
    [...new Set(rel.builds.map(majorOf))].map((b) => familyName(b, lang)).join(lang === 'en' ? '; ' : '；');

  const byName = (name: string): ErrorCodeEntry | undefined => {
    if (typeof name !== 'string') return undefined;
    let n = name.trim().toUpperCase();
    const wrapped = /^HRESULT_FROM_WIN32\s*\(\s*([A-Z0-9_]+)\s*\)$/.exec(n);
    if (wrapped) n = wrapped[1];
    return t.names.get(n);
  };

  const win32 = (code: number): ErrorCodeEntry | undefined => {
    const hr = hresultFromWin32(code);
    return hr ? t.errorCodes.get(hr) : undefined;
  };

  const applicability = (kbRaw: string, osBuild: string | undefined): Applicability => {
    const kbKey = String(kbRaw ?? '')
      .trim()
      .toUpperCase()
      .replace(/^(KB)?\s*/, 'KB');
    const rel = t.kbs.get(kbKey);
    const machine = parseOsBuild(osBuild);
    const family = machine ? `${familyName(machine.build, 'en')} (${machine.build})` : undefined;
    if (!rel) {
      return {
        verdict: 'unknown',
        kbBuilds: [],
        family,
        note: {
          en: `${kbKey} is not in the catalogue; check its "OS Build" in the KB article or the Microsoft Update Catalog before blaming the machine.`,
          'zh-CN': `知识库中没有 ${kbKey} 的记录；请先在该 KB 文章或 Microsoft Update Catalog 中核对它适用的 OS 内部版本，再判断是否是机器本身的问题。`,
        },
      };
    }
    const kbBuilds = [...rel.builds];
    const targetsEn = `${kbFamilies(rel, 'en')}, OS build ${kbBuilds.join(', ')}`;
    const targetsZh = `${kbFamilies(rel, 'zh-CN')}，OS 内部版本 ${kbBuilds.join('、')}`;
    if (!machine) {
      return {
        verdict: 'unknown',
        kbBuilds,
        note: {
          en: `${rel.kb} is for ${targetsEn}. The machine's OS build is unknown: run winver on it and send the line "OS Build 17763.xxxx".`,
          'zh-CN': `${rel.kb} 适用于 ${targetsZh}。目前不知道这台机器的 OS 内部版本：请在该机器上运行 winver，把“OS 内部版本 17763.xxxx”这一行发给我们。`,
        },
      };
    }
    const mEn = `${familyName(machine.build, 'en')}, OS build ${machine.build}${machine.ubr !== undefined ? '.' + machine.ubr : ''}`;
    const mZh = `${familyName(machine.build, 'zh-CN')}，OS 内部版本 ${machine.build}${machine.ubr !== undefined ? '.' + machine.ubr : ''}`;
    const target = rel.builds.find((b) => majorOf(b) === machine.build);
    if (target) {
      const kbUbr = Number(target.split('.')[1]);
      const ahead = machine.ubr !== undefined && machine.ubr >= kbUbr;
      return {
        verdict: 'applies',
        kbBuilds,
        family,
        note: ahead
          ? {
              en: `${rel.kb} (${target}) is for this machine's version (${mEn}), but the machine is already at or above ${target}: this or a later cumulative update is installed, so Windows may answer "already installed" or "not applicable".`,
              'zh-CN': `${rel.kb}（${target}）适用于这台机器的版本（${mZh}），但机器已不低于 ${target}：说明这个或更新的累积更新已经装好，Windows 可能提示“已安装”或“不适用”。`,
            }
          : {
              en: `${rel.kb} (${target}) matches this machine's version (${mEn}); the package itself applies.`,
              'zh-CN': `${rel.kb}（${target}）与这台机器的版本（${mZh}）一致，补丁本身是适用的。`,
            },
      };
    }
    const sibling = [...t.kbs.values()].find(
      (k) => k.date === rel.date && k.kind === rel.kind && k.builds.some((b) => majorOf(b) === machine.build),
    );
    const sibBuild = sibling?.builds.find((b) => majorOf(b) === machine.build);
    return {
      verdict: 'wrong-build',
      kbBuilds,
      family,
      note: {
        en:
          `${rel.kb} is for ${targetsEn}; this machine runs ${mEn}. The package does not apply here — expect "not applicable" (0x80240017 / 0x800f081e), which is not corruption. ` +
          (sibling
            ? `The update of the same date for this machine is ${sibling.kb} (${sibBuild}).`
            : 'Install the cumulative update released for this build instead.'),
        'zh-CN':
          `${rel.kb} 适用于 ${targetsZh}；这台机器是 ${mZh}。该补丁不适用于本机，安装时会提示“不适用”（0x80240017 / 0x800f081e），这并不代表系统损坏。` +
          (sibling
            ? `同一天发布、适用于这台机器的是 ${sibling.kb}（${sibBuild}）。`
            : '请改装适用于本机版本号的累积更新。'),
      },
    };
  };

  return {
    errorCodes: t.errorCodes,
    byName,
    win32,
    causes: t.causes,
    playbooks: t.playbooks,
    kbs: t.kbs,
    families: t.families,
    sources: t.sources,
    code: (raw: string) => {
      const n = normaliseCode(raw);
      return n ? t.errorCodes.get(n) : undefined;
    },
    applicability,
  };
}
