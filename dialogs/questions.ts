/**
 * What an admin asks or says while the bot waits (dialogs/understanding/questions.json). For their logs:
 * where the collector is, whether the upload needs a password, that the other machine's logs come later,
 * how long the analysis takes, whether the KB applies, or a bare "收到" / "ok". For a stage's result: the
 * script was blocked, whether the step affects the business or its data, that it is running and the result
 * comes later, or a bare acknowledgement. The phases answer each instead of repeating their reminder.
 * Pure: the data is imported as a module, like the other phrase tables.
 */
import { z } from 'zod';
import { compile, entry, parse, type CompiledEntry } from './phrases';
import { normalise } from './intents';
import questionsData from './understanding/questions.json';

export const QUESTIONS = [
  'password',
  'collector',
  'proceed',
  'later',
  'analysisTime',
  'kbApplies',
  'ack',
] as const;
export type LogQuestion = (typeof QUESTIONS)[number];
export const STAGE_QUESTIONS = ['scriptBlocked', 'impact', 'working', 'ack'] as const;
export type StageQuestion = (typeof STAGE_QUESTIONS)[number];

const questionEntry = <T extends readonly [string, ...string[]]>(ids: T) =>
  entry.extend({ id: z.enum(ids), wholeMessage: z.boolean().optional() }).strict();
const schema = z
  .object({
    $comment: z.string(),
    questions: z.array(questionEntry(QUESTIONS)).min(1),
    stageQuestions: z.array(questionEntry(STAGE_QUESTIONS)).min(1),
  })
  .strict();

interface QuestionEntry<T extends string> extends CompiledEntry<T> {
  /** Only the whole message counts ("好的", not "好的，已经传了"). */
  wholeMessage?: boolean;
}

function compiled<T extends string>(
  raw: Parameters<typeof compile>[0] & { wholeMessage?: boolean },
): QuestionEntry<T> {
  return { ...compile<T>(raw), ...(raw.wholeMessage ? { wholeMessage: true } : {}) };
}

const data = parse(schema, questionsData, 'questions.json');
export const QUESTION_TABLE: readonly QuestionEntry<LogQuestion>[] = data.questions.map((e) =>
  compiled<LogQuestion>(e),
);
export const STAGE_QUESTION_TABLE: readonly QuestionEntry<StageQuestion>[] = data.stageQuestions.map((e) =>
  compiled<StageQuestion>(e),
);

/** Longer messages are stories (a pasted log, a problem statement), not one of these questions. */
const QUESTION_LIMIT = 200;

function firstMatch<T extends string>(table: readonly QuestionEntry<T>[], text: string): T | undefined {
  const said = normalise(text);
  if (said === '' || said.length > QUESTION_LIMIT) return undefined;
  return table.find((e) => (e.wholeMessage ? e.whole : e.anywhere).test(said))?.id;
}

/** The question (or acknowledgement) a message is while logs are awaited; `undefined` for anything else. */
export function logQuestionOf(text: string): LogQuestion | undefined {
  return firstMatch(QUESTION_TABLE, text);
}

/** The question (or acknowledgement) a message is while a stage's result is awaited. */
export function stageQuestionOf(text: string): StageQuestion | undefined {
  return firstMatch(STAGE_QUESTION_TABLE, text);
}
