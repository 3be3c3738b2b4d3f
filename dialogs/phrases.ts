/**
 * The bot's understanding of chat words as data: dialogs/understanding/*.json (intents, stage reports,
 * counts), validated here with zod when first loaded and compiled into regular expressions. Every entry
 * carries examples in both languages that must and must not match it; `examplesFailing` runs them (the
 * validator test fails on any example that misclassifies). JSON rather than YAML because dialogs/ reads no
 * files (its layer fence): the data is imported as a module.
 */
import { z } from 'zod';
import type { Locale } from '../src/domain/locale';
import countsData from './understanding/counts.json';
import intentsData from './understanding/intents.json';
import reportsData from './understanding/reports.json';

const phraseList = z.array(z.string().min(1)).min(1);
const exampleSet = z.object({ match: z.array(z.string()).min(1), notMatch: z.array(z.string()).min(1) });
/** Each entry proves itself in both languages: what must match it and what must not. */
const examples = z.object({ en: exampleSet, 'zh-CN': exampleSet }).strict();
const localized = z.object({ en: z.string().min(1), 'zh-CN': z.string().min(1) }).strict();

const entry = z.object({ id: z.string().min(1), phrases: phraseList, examples }).strict();
const intentEntry = entry.extend({ within: phraseList.optional() }).strict();
const actionEntry = entry.extend({ playbook: z.string().optional(), title: localized }).strict();

const intentsSchema = z
  .object({ $comment: z.string(), intents: z.array(intentEntry), languages: z.array(entry) })
  .strict();
const reportsSchema = z
  .object({
    $comment: z.string(),
    outcomes: z.array(entry),
    actions: z.array(actionEntry),
    backup: z.object({ phrases: phraseList, examples }).strict(),
    machines: z.array(entry),
  })
  .strict();
const countsSchema = z
  .object({
    $comment: z.string(),
    en: z.record(z.string(), z.number().int().positive()),
    'zh-CN': z.record(z.string(), z.number().int().positive()),
    examples: z.array(z.tuple([z.string(), z.number().int().positive().nullable()])).min(1),
  })
  .strict();

/** A table entry compiled: `whole` matches a whole normalised message, `anywhere` a part of one. */
export interface CompiledEntry<T extends string = string> {
  id: T;
  whole: RegExp;
  anywhere: RegExp;
  /** Requests also heard inside a longer sentence (intents only). */
  within?: RegExp;
  examples: z.infer<typeof examples>;
}

export interface ActionPhrase extends CompiledEntry {
  playbook?: string;
  title: { en: string; 'zh-CN': string };
}

function compile<T extends string>(raw: z.infer<typeof entry> & { within?: string[] }): CompiledEntry<T> {
  const alternatives = raw.phrases.join('|');
  try {
    return {
      id: raw.id as T,
      whole: new RegExp(`^(?:${alternatives})$`, 'u'),
      anywhere: new RegExp(`(?:${alternatives})`, 'u'),
      ...(raw.within ? { within: new RegExp(`(?:${raw.within.join('|')})`, 'u') } : {}),
      examples: raw.examples,
    };
  } catch (error) {
    throw new Error(
      `dialogs/understanding: entry "${raw.id}" has a phrase that is not a valid pattern: ${String(error)}`,
    );
  }
}

function parse<S extends z.ZodType>(schema: S, data: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success)
    throw new Error(
      `dialogs/understanding/${file} is invalid: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return result.data;
}

const intents = parse(intentsSchema, intentsData, 'intents.json');
const reports = parse(reportsSchema, reportsData, 'reports.json');
const counts = parse(countsSchema, countsData, 'counts.json');

export const INTENT_TABLE = intents.intents.map((e) => compile(e));
export const LANGUAGE_TABLE = intents.languages.map((e) => compile(e));
export const OUTCOME_TABLE = reports.outcomes.map((e) => compile(e));
export const ACTION_TABLE: readonly ActionPhrase[] = reports.actions.map((e) => ({
  ...compile(e),
  ...(e.playbook ? { playbook: e.playbook } : {}),
  title: e.title,
}));
export const BACKUP = compile({ id: 'backup', ...reports.backup });
export const MACHINE_TABLE = reports.machines.map((e) => compile(e));
export const COUNT_WORDS: Readonly<Record<Locale, Readonly<Record<string, number>>>> = {
  en: counts.en,
  'zh-CN': counts['zh-CN'],
};
export const COUNT_EXAMPLES: ReadonlyArray<readonly [string, number | null]> = counts.examples;

/** One example that did not classify as its entry says. */
export interface ExampleFailure {
  table: string;
  id: string;
  locale: Locale;
  text: string;
  expected: 'match' | 'no match';
  got: string | undefined;
}

/**
 * Runs every entry's examples through `classify` (what the bot makes of a text with this table): a
 * must-match example must come out as its entry, a must-not-match example as anything else.
 */
export function examplesFailing(
  table: string,
  entries: ReadonlyArray<CompiledEntry>,
  classify: (text: string) => string | undefined,
): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  for (const e of entries) {
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const text of e.examples[locale].match) {
        const got = classify(text);
        if (got !== e.id) failures.push({ table, id: e.id, locale, text, expected: 'match', got });
      }
      for (const text of e.examples[locale].notMatch) {
        const got = classify(text);
        if (got === e.id) failures.push({ table, id: e.id, locale, text, expected: 'no match', got });
      }
    }
  }
  return failures;
}
