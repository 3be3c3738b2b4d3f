/**
 * The users' words hold-out (test/dialogs/realWords/*.json): real sentences from public threads, labelled
 * with a support engineer's reading, run through the same readers the conversation runner uses — the
 * problem statement (dialogs/problem.ts `describesProblem`, `extractProblem`), the update source
 * (dialogs/circumstances.ts `userSays`), the report of a remediation stage (dialogs/reports.ts `readReport`
 * on the reference case's two terminals and plan) and the request a message makes (dialogs/intents.ts
 * `classifyIntent`). Scores each labelled field per language and lists what is still read wrong.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { userSays } from '../../../dialogs/circumstances';
import { classifyIntent } from '../../../dialogs/intents';
import { describesProblem, extractProblem } from '../../../dialogs/problem';
import { actionIn, readReport } from '../../../dialogs/reports';
import type { StageOutcome } from '../../../src/domain/caseRecord';
import type { Locale } from '../../../src/domain/locale';
import type { RemediationState } from '../../../src/domain/plan';
import { referencePlan } from '../../cases/referenceCase';

export interface ProblemLabel {
  describes: boolean;
  kbNumbers: string[];
  errorCodes: string[];
  machineCount: number | null;
  source: 'wsus' | 'offline' | 'internet' | null;
}

export interface ReportLabel {
  outcome: 'worked' | 'stillFails' | 'cannot' | null;
  action: string | null;
}

export interface Sentence {
  id: string;
  text: string;
  source: string;
  problem?: ProblemLabel;
  report?: ReportLabel;
  intent: string | null;
  /**
   * 2, 3: collected after the readers were improved on the batches before (words not seen while changing
   * them); each batch is labelled and committed before the readers run on it.
   */
  batch?: 2 | 3;
}

export const FIELDS = [
  'describes',
  'kbNumbers',
  'errorCodes',
  'machineCount',
  'source',
  'outcome',
  'action',
  'intent',
] as const;
export type Field = (typeof FIELDS)[number];

export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

export function loadSentences(locale: Locale): Sentence[] {
  const file = path.join(__dirname, `${locale}.json`);
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { sentences: Sentence[] }).sentences;
}

const HOSTS = ['TERM-0231', 'TERM-0232'];

/** The reference case at its first stage: two terminals failing with 0x80073712, the six-stage plan. */
export const REFERENCE_STATE: RemediationState = {
  stages: referencePlan(),
  current: 0,
  causeId: 'component-store-corruption',
  baseline: HOSTS.map((host) => ({
    machine: host,
    hostName: host,
    errorCode: '0x80073712',
    causeId: 'component-store-corruption',
  })),
  attempts: [],
};

const OUTCOMES: Record<StageOutcome, ReportLabel['outcome']> = {
  fixed: 'worked',
  failed: 'stillFails',
  skipped: 'cannot',
};

/** What the readers make of a sentence, field by field (only the fields its labels ask about). */
export function readingOf(sentence: Sentence): Partial<Record<Field, unknown>> {
  const { text } = sentence;
  const read: Partial<Record<Field, unknown>> = { intent: classifyIntent(text) ?? null };
  if (sentence.problem) {
    const facts = extractProblem(text);
    read.describes = describesProblem(text);
    read.kbNumbers = facts.kbNumbers ?? [];
    read.errorCodes = facts.errorCodes ?? [];
    read.machineCount = facts.machineCount ?? null;
    read.source = userSays(text).environment ?? null;
  }
  if (sentence.report) Object.assign(read, reportOf(text));
  return read;
}

function reportOf(text: string): { outcome: ReportLabel['outcome'] | 'mixed'; action: string | null } {
  const reading = readReport(text, REFERENCE_STATE);
  if (!reading) return { outcome: null, action: null };
  const action = actionIn(text)?.id ?? null;
  const results = reading.kind === 'attempt' ? reading.attempt.results : reading.pending.attempt.results;
  const said = [...new Set(results.map((r) => OUTCOMES[r.result]))];
  return { outcome: said.length === 0 ? null : said.length === 1 ? said[0] : 'mixed', action };
}

function expected(sentence: Sentence): Partial<Record<Field, unknown>> {
  return { ...sentence.problem, ...sentence.report, intent: sentence.intent };
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && [...a].sort().join() === [...b].sort().join();
  return a === b;
}

export interface Miss {
  id: string;
  text: string;
  field: Field;
  expected: unknown;
  got: unknown;
}

export interface Score {
  locale: Locale;
  sentences: number;
  /** Sentences whose every labelled field is read right. */
  sentencesRight: number;
  fields: Record<Field, { right: number; total: number }>;
  misses: Miss[];
}

export function score(locale: Locale, sentences: readonly Sentence[] = loadSentences(locale)): Score {
  const fields = Object.fromEntries(FIELDS.map((f) => [f, { right: 0, total: 0 }])) as Score['fields'];
  const misses: Miss[] = [];
  let sentencesRight = 0;
  for (const sentence of sentences) {
    const want = expected(sentence);
    const got = readingOf(sentence);
    let allRight = true;
    for (const field of FIELDS) {
      if (!(field in want)) continue;
      fields[field].total++;
      if (same(want[field], got[field])) fields[field].right++;
      else {
        allRight = false;
        misses.push({ id: sentence.id, text: sentence.text, field, expected: want[field], got: got[field] });
      }
    }
    if (allRight) sentencesRight++;
  }
  return { locale, sentences: sentences.length, sentencesRight, fields, misses };
}

/** The score as a few lines of text (per field, then every miss). */
export function report(s: Score): string {
  const right = FIELDS.reduce((n, f) => n + s.fields[f].right, 0);
  const total = FIELDS.reduce((n, f) => n + s.fields[f].total, 0);
  const lines = [
    `${s.locale}: ${s.sentencesRight} of ${s.sentences} sentences read right in every field; ${right} of ${total} fields`,
    `  ${FIELDS.filter((f) => s.fields[f].total > 0)
      .map((f) => `${f} ${s.fields[f].right}/${s.fields[f].total}`)
      .join(', ')}`,
  ];
  for (const m of s.misses)
    lines.push(
      `  miss ${m.id} ${m.field}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.got)} — ${JSON.stringify(m.text.slice(0, 140))}`,
    );
  return lines.join('\n');
}

/** One later batch alone: how the readers do on words not seen while they were changed. */
export function unseen(sentences: readonly Sentence[], batch: 2 | 3): Sentence[] {
  return sentences.filter((s) => s.batch === batch);
}

if (require.main === module) {
  for (const locale of LOCALES) {
    const sentences = loadSentences(locale);
    console.log(report(score(locale, sentences)));
    for (const batch of [2, 3] as const)
      console.log(
        `batch ${batch} only — ${report(score(locale, unseen(sentences, batch)))
          .split('\n')
          .slice(0, 2)
          .join('\n')}`,
      );
  }
}
