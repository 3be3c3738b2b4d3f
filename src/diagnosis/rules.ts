/** Detection rules (knowledge/rules/<area>/<id>.yaml): the zod schema of the rule format, the loader, the
 * compiled structured match over LogRecord fields, and the reader of `<id>.fixture.log` files. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { LogFormat, LogLine, LogRecord } from './types';
import { defaultKnowledgeDir } from '../knowledge/index';
import { RULE_FORMATS } from '../domain/diagnosis';

export { RULE_FORMATS };
// Every format a rule may target is one the parsers read.
RULE_FORMATS satisfies readonly LogFormat[];

/** Shortest anchor accepted: short anchors slow the byte scan down for every file of the format. */
export const MIN_ANCHOR_LENGTH = 6;

const FIELD = /^(message|level|component|codes|names|timestamp|file|fields\.[A-Za-z_][\w]*)$/;
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const Scalar = z.union([z.string(), z.number(), z.boolean()]);

const ConditionSchema = z
  .object({
    field: z
      .string()
      .regex(
        FIELD,
        'field must be message, level, component, codes, names, timestamp, file or fields.<name>',
      ),
    equals: Scalar.optional(),
    contains: Scalar.optional(),
    regex: z
      .string()
      .refine((s) => {
        try {
          new RegExp(s, 'i');
          return true;
        } catch {
          return false;
        }
      }, 'regex does not compile (JavaScript syntax, applied case-insensitively)')
      .optional(),
    in: z.array(Scalar).min(1).optional(),
    exists: z.boolean().optional(),
  })
  .strict()
  .refine(
    (c) =>
      ['equals', 'contains', 'regex', 'in', 'exists'].filter(
        (k) => (c as Record<string, unknown>)[k] !== undefined,
      ).length === 1,
    'a condition has exactly one operator: equals, contains, regex, in or exists',
  );

export type Condition = z.infer<typeof ConditionSchema>;

const FormatSchema = z.enum(RULE_FORMATS);

export const RuleSchema = z
  .object({
    id: z.string().regex(KEBAB, 'id must be lower-case kebab (and equal the file stem)'),
    title: z.string().min(1),
    status: z.enum(['experimental', 'test', 'stable', 'deprecated']),
    description: z.string().min(1),
    format: z.union([FormatSchema, z.array(FormatSchema).min(1)]),
    anchors: z
      .array(
        z
          .string()
          .min(
            MIN_ANCHOR_LENGTH,
            `anchors need at least ${MIN_ANCHOR_LENGTH} characters (the byte scan slows down)`,
          ),
      )
      .min(1, 'a rule needs at least one anchor')
      .refine((a) => a.every((s) => !/[\r\n]/.test(s)), 'anchors are single-line literals'),
    match: z
      .object({
        all: z.array(ConditionSchema).optional(),
        any: z.array(ConditionSchema).optional(),
        not: z.array(ConditionSchema).optional(),
      })
      .strict()
      .refine(
        (m) => (m.all?.length ?? 0) + (m.any?.length ?? 0) > 0,
        'match needs `all` or `any` conditions',
      ),
    cause: z.string().regex(KEBAB, 'cause is a cause id (lower-case kebab) from knowledge/causes'),
    errorCode: z
      .string()
      .regex(/^0x[0-9a-f]{8}$/, "errorCode is '0x' + 8 lower-case hex digits, quoted")
      .optional(),
    confidence: z.number().min(0).max(1),
    decisive: z.boolean(),
    /** Record fields copied into the finding's details (besides the engine's defaults), e.g. [installer]. */
    details: z.array(z.string().regex(/^[A-Za-z_]\w*$/)).optional(),
    benign: z.array(z.string()).default([]),
    references: z.array(z.string().min(1)).min(1, 'add at least one reference'),
  })
  .strict();

export type Rule = z.infer<typeof RuleSchema> & { /** Path relative to the rules folder. */ file?: string };

export interface RuleProblem {
  file: string;
  message: string;
}

/** A rule ready to run: formats as a list and a match function over records. */
export interface CompiledRule {
  rule: Rule;
  id: string;
  formats: readonly LogFormat[];
  /** Lower-cased anchors. */
  anchors: readonly string[];
  test(record: LogRecord): boolean;
}

export function defaultRulesDir(): string {
  return path.join(defaultKnowledgeDir(), 'rules');
}

function yamlFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFilesUnder(p));
    else if (/\.ya?ml$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** Reads and validates every rule under `dir`. Problems say which file and what to fix; rules with
 * problems are left out of `rules`. */
export function readRules(dir: string = defaultRulesDir()): { rules: Rule[]; problems: RuleProblem[] } {
  const rules: Rule[] = [];
  const problems: RuleProblem[] = [];
  const seen = new Map<string, string>();
  for (const abs of yamlFilesUnder(dir)) {
    const file = path.relative(dir, abs).split(path.sep).join('/');
    let data: unknown;
    try {
      data = parseYaml(fs.readFileSync(abs, 'utf8'));
    } catch (e) {
      problems.push({ file, message: `YAML does not parse: ${(e as Error).message}` });
      continue;
    }
    const r = RuleSchema.safeParse(data);
    if (!r.success) {
      for (const i of r.error.issues)
        problems.push({ file, message: `${i.path.join('.') || '(rule)'}: ${i.message}` });
      continue;
    }
    const stem = path.basename(abs).replace(/\.ya?ml$/i, '');
    if (r.data.id !== stem) {
      problems.push({ file, message: `id '${r.data.id}' must equal the file stem '${stem}'` });
      continue;
    }
    const dup = seen.get(r.data.id);
    if (dup) {
      problems.push({ file, message: `id '${r.data.id}' is already used by ${dup}` });
      continue;
    }
    seen.set(r.data.id, file);
    rules.push({ ...r.data, file });
  }
  return { rules, problems };
}

/** Rules under `dir`; throws with every problem listed when any rule is invalid. */
export function loadRules(dir: string = defaultRulesDir()): Rule[] {
  const { rules, problems } = readRules(dir);
  if (problems.length) {
    throw new Error(
      `invalid rules in ${dir}:\n` + problems.map((p) => `  ${p.file}: ${p.message}`).join('\n'),
    );
  }
  return rules;
}

type Value = string | number | boolean | string[] | undefined;

function valueOf(record: LogRecord, field: string): Value {
  switch (field) {
    case 'message':
      return record.message;
    case 'level':
      return record.level;
    case 'component':
      return record.component;
    case 'codes':
      return record.codes;
    case 'names':
      return record.names;
    case 'timestamp':
      return record.timestamp;
    case 'file':
      return record.file;
    default:
      return record.fields[field.slice('fields.'.length)];
  }
}

const norm = (v: string | number | boolean): string => String(v).toLowerCase();

function compileCondition(c: Condition): (r: LogRecord) => boolean {
  const re = c.regex !== undefined ? new RegExp(c.regex, 'i') : undefined;
  const inSet = c.in ? new Set(c.in.map(norm)) : undefined;
  const one = (v: string | number | boolean): boolean => {
    if (c.equals !== undefined) return norm(v) === norm(c.equals);
    if (c.contains !== undefined) return norm(v).includes(norm(c.contains));
    if (re) return re.test(String(v));
    if (inSet) return inSet.has(norm(v));
    return false;
  };
  return (r) => {
    const v = valueOf(r, c.field);
    const present = Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '';
    if (c.exists !== undefined) return c.exists === present;
    if (v === undefined) return false;
    // For lists, contains/equals/in/regex test the elements.
    return Array.isArray(v) ? v.some(one) : one(v);
  };
}

export function compileRule(rule: Rule): CompiledRule {
  const all = (rule.match.all ?? []).map(compileCondition);
  const any = (rule.match.any ?? []).map(compileCondition);
  const not = (rule.match.not ?? []).map(compileCondition);
  const formats = (Array.isArray(rule.format) ? rule.format : [rule.format]) as LogFormat[];
  const anchors = rule.anchors.map((a) => a.toLowerCase());
  return {
    rule,
    id: rule.id,
    formats,
    anchors,
    test(record) {
      for (const f of all) if (!f(record)) return false;
      if (any.length && !any.some((f) => f(record))) return false;
      for (const f of not) if (f(record)) return false;
      return true;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Fixtures: '#> match' / '#> no-match' sections of real-shaped records
// ---------------------------------------------------------------------------------------------------------

export interface Fixture {
  match: LogLine[];
  noMatch: LogLine[];
}

/** Splits a fixture into records with the format's record-start test. Lines before the first section
 * marker, lines starting with '##' and blank lines are not part of any record. */
export function parseFixture(text: string, isRecordStart: (line: string) => boolean): Fixture {
  const out: Fixture = { match: [], noMatch: [] };
  let section: LogLine[] | undefined;
  let current: LogLine | undefined;
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const marker = /^#>\s*(match|no-match)\s*$/.exec(line);
    if (marker) {
      section = marker[1] === 'match' ? out.match : out.noMatch;
      current = undefined;
      return;
    }
    if (!section || line.startsWith('##') || line.trim() === '') return;
    if (current && !isRecordStart(line)) {
      current.text += '\n' + line;
      return;
    }
    current = { line: i + 1, text: line };
    section.push(current);
  });
  return out;
}
