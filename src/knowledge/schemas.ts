/** The shapes of the knowledge files (zod), checked when the catalogue is loaded (index.ts). */
import { z } from 'zod';
import { RULE_FORMATS, STAGE_NEEDS, type StageNeed } from '../domain/diagnosis';
import { STAGES, type Stage } from './types';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SYMBOL = /^[A-Z][A-Z0-9_]*$/;
export const CJK = /[\u3400-\u9fff]/;

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

export const ErrorCodeSchema = z
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

export const CauseSchema = z
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

export const PlaybookSchema = z
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

export const KbSchema = z
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

export const FamilySchema = z
  .object({
    build: z.number().int().min(10000).max(99999),
    version: z.string().min(1),
    name: LocalizedSchema,
    branch: z.number().int().optional(),
    references: Refs,
  })
  .strict();

export const SourceSchema = z
  .object({
    key: z.string().min(1),
    title: z.string().min(1),
    url: z.string().url().optional(),
    trust: z.enum(['MS', 'MS-code', '3P']),
  })
  .strict();
