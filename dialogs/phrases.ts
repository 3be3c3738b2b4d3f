/**
 * The bot's understanding of chat words as data: dialogs/understanding/*.json (intents, stage reports,
 * counts, the words of a problem statement), validated here with zod when first loaded and compiled into regular expressions. Every entry
 * carries examples in both languages that must and must not match it; `examplesFailing` runs them (the
 * validator test fails on any example that misclassifies). JSON rather than YAML because dialogs/ reads no
 * files (its layer fence): the data is imported as a module.
 */
import { z } from 'zod';
import type { Locale } from '../src/domain/locale';
import countsData from './understanding/counts.json';
import intentsData from './understanding/intents.json';
import problemData from './understanding/problem.json';
import reportsData from './understanding/reports.json';

const phraseList = z.array(z.string().min(1)).min(1);
const exampleSet = z.object({ match: z.array(z.string()).min(1), notMatch: z.array(z.string()).min(1) });
/** Each entry proves itself in both languages: what must match it and what must not. */
const examples = z.object({ en: exampleSet, 'zh-CN': exampleSet }).strict();
const localized = z.object({ en: z.string().min(1), 'zh-CN': z.string().min(1) }).strict();

export const entry = z.object({ id: z.string().min(1), phrases: phraseList, examples }).strict();
const intentEntry = entry.extend({ within: phraseList.optional() }).strict();
const actionEntry = entry.extend({ playbook: z.string().optional(), title: localized }).strict();

const intentsSchema = z
  .object({
    $comment: z.string(),
    intents: z.array(intentEntry),
    languages: z.array(entry),
    answers: z.array(entry),
    question: entry,
  })
  .strict();
const problemSchema = z
  .object({
    $comment: z.string(),
    problemWords: entry,
    featureRequest: entry,
    additive: entry,
    negation: entry,
    phoneContext: entry,
    contact: entry.extend({ honorifics: phraseList, notNames: phraseList, linkWords: phraseList }).strict(),
    fillers: phraseList,
    since: z
      .object({
        patterns: phraseList,
        examples: z.array(z.tuple([z.string(), z.string().nullable()])).min(1),
      })
      .strict(),
  })
  .strict();
const reportsSchema = z
  .object({
    $comment: z.string(),
    outcomes: z.array(entry),
    actions: z.array(actionEntry),
    backup: z.object({ phrases: phraseList, examples }).strict(),
    notDone: z.object({ before: phraseList, after: phraseList, examples }).strict(),
    machines: z.array(entry),
  })
  .strict();
const countsSchema = z
  .object({
    $comment: z.string(),
    en: z.record(z.string(), z.number().int().positive()),
    'zh-CN': z.record(z.string(), z.number().int().positive()),
    examples: z.array(z.tuple([z.string(), z.number().int().positive().nullable()])).min(1),
    machineNouns: z.object({ en: phraseList, 'zh-CN': phraseList }).strict(),
    notACountAfter: phraseList,
  })
  .strict();

/** A table entry compiled: `whole` matches a whole normalised message, `anywhere` a part of one. */
export interface CompiledEntry<T extends string = string> {
  id: T;
  whole: RegExp;
  anywhere: RegExp;
  /** `anywhere`, global: every place a text says it. */
  everywhere: RegExp;
  /** Requests also heard inside a longer sentence (intents only). */
  within?: RegExp;
  examples: z.infer<typeof examples>;
}

export interface ActionPhrase extends CompiledEntry {
  playbook?: string;
  title: { en: string; 'zh-CN': string };
}

export function compile<T extends string>(
  raw: z.infer<typeof entry> & { within?: string[] },
  flags = 'u',
): CompiledEntry<T> {
  const alternatives = raw.phrases.join('|');
  try {
    return {
      id: raw.id as T,
      whole: new RegExp(`^(?:${alternatives})$`, flags),
      anywhere: new RegExp(`(?:${alternatives})`, flags),
      everywhere: new RegExp(`(?:${alternatives})`, `${flags}g`),
      ...(raw.within ? { within: new RegExp(`(?:${raw.within.join('|')})`, 'u') } : {}),
      examples: raw.examples,
    };
  } catch (error) {
    throw new Error(
      `dialogs/understanding: entry "${raw.id}" has a phrase that is not a valid pattern: ${String(error)}`,
    );
  }
}

export function parse<S extends z.ZodType>(schema: S, data: unknown, file: string): z.infer<S> {
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
const problem = parse(problemSchema, problemData, 'problem.json');

export const INTENT_TABLE = intents.intents.map((e) => compile(e));
export const LANGUAGE_TABLE = intents.languages.map((e) => compile(e));
export const OUTCOME_TABLE = reports.outcomes.map((e) => compile(e));
/**
 * Each outcome phrase on its own (global), in table order: where each one ends, also where another phrase of
 * the entry matched from the same start ("没有成功" and "没有成功安装").
 */
export const OUTCOME_PHRASES: ReadonlyArray<{ id: string; each: readonly RegExp[] }> = reports.outcomes.map(
  (e) => ({ id: e.id, each: e.phrases.map((phrase) => new RegExp(phrase, 'ug')) }),
);
export const ACTION_TABLE: readonly ActionPhrase[] = reports.actions.map((e) => ({
  ...compile(e),
  ...(e.playbook ? { playbook: e.playbook } : {}),
  title: e.title,
}));
export const BACKUP = compile({ id: 'backup', ...reports.backup });
/**
 * Words that say an action was not done ("we did not run DISM", "还没跑DISM", "DISM还没跑"): `before` ends right
 * where the action's words begin (each phrase carries the gap it allows), `after` begins right after them.
 */
export const NOT_DONE = {
  ...compile({ id: 'notDone', phrases: reports.notDone.before, examples: reports.notDone.examples }),
  before: new RegExp(`(?:${reports.notDone.before.join('|')})$`, 'u'),
  after: new RegExp(`^\\s*(?:${reports.notDone.after.join('|')})`, 'u'),
};
export const MACHINE_TABLE = reports.machines.map((e) => compile(e));
export const COUNT_WORDS: Readonly<Record<Locale, Readonly<Record<string, number>>>> = {
  en: counts.en,
  'zh-CN': counts['zh-CN'],
};
export const COUNT_EXAMPLES: ReadonlyArray<readonly [string, number | null]> = counts.examples;
/** The nouns a count of machines is followed by ("2 terminals", "两台终端"), and words a number after which is no count ("Windows 10"). */
export const MACHINE_NOUNS: Readonly<Record<Locale, readonly string[]>> = counts.machineNouns;
export const NOT_A_COUNT_AFTER: readonly string[] = counts.notACountAfter;

/** "没有", "no changes": the answer to "anything to change?" when nothing needs changing (whole message). */
export const ANSWER_TABLE = intents.answers.map((e) => compile(e));
/** "成功了吗？", "did it work": a question (ends with a question mark or particle, or opens like one). */
export const QUESTION = compile(intents.question);
/** The greeting intent's phrases: a greeting that opens a longer message ("你好，我有个问题"). */
export const GREETING_PHRASES: readonly string[] =
  intents.intents.find((e) => e.id === 'greeting')?.phrases ?? [];

/**
 * The words of a problem statement and its corrections (dialogs/understanding/problem.json), compiled
 * case-insensitively; problem.ts puts them into its grammar. Each entry keeps its examples.
 */
export const PROBLEM_PHRASES = {
  problemWords: compile(problem.problemWords, 'iu'),
  featureRequest: compile(problem.featureRequest, 'iu'),
  additive: compile(problem.additive, 'iu'),
  negation: compile(problem.negation, 'iu'),
  phoneContext: compile(problem.phoneContext, 'iu'),
  contact: {
    ...compile(problem.contact),
    honorifics: problem.contact.honorifics,
    notNames: problem.contact.notNames,
    linkWords: problem.contact.linkWords,
  },
  fillers: problem.fillers,
  since: problem.since.patterns,
  sinceExamples: problem.since.examples as ReadonlyArray<readonly [string, string | null]>,
};
/** The phrase fragments of a problem entry, as alternatives for a larger pattern. */
export const PROBLEM_ALTERNATIVES = {
  negation: problem.negation.phrases.join('|'),
  phoneContext: problem.phoneContext.phrases.join('|'),
  contactLabels: problem.contact.phrases.join('|'),
};

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
