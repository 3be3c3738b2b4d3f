/**
 * What an admin asks or says while the bot waits for their logs (dialogs/understanding/questions.json):
 * where the collector is, whether the upload needs a password, that the other machine's logs come later,
 * how long the analysis takes, whether the KB applies, or a bare "收到" / "ok". The log phase answers each
 * instead of repeating its reminder. Pure: the data is imported as a module, like the other phrase tables.
 */
import { z } from 'zod';
import { compile, entry, parse, type CompiledEntry } from './phrases';
import { normalise } from './intents';
import questionsData from './understanding/questions.json';

export const QUESTIONS = ['password', 'collector', 'later', 'analysisTime', 'kbApplies', 'ack'] as const;
export type LogQuestion = (typeof QUESTIONS)[number];

const questionEntry = entry.extend({ id: z.enum(QUESTIONS), wholeMessage: z.boolean().optional() }).strict();
const schema = z.object({ $comment: z.string(), questions: z.array(questionEntry).min(1) }).strict();

interface QuestionEntry extends CompiledEntry<LogQuestion> {
  /** Only the whole message counts ("好的", not "好的，已经传了"). */
  wholeMessage?: boolean;
}

export const QUESTION_TABLE: readonly QuestionEntry[] = parse(
  schema,
  questionsData,
  'questions.json',
).questions.map((e) => ({ ...compile<LogQuestion>(e), ...(e.wholeMessage ? { wholeMessage: true } : {}) }));

/** Longer messages are stories (a pasted log, a problem statement), not one of these questions. */
const QUESTION_LIMIT = 200;

/** The question (or acknowledgement) a message is, in the table's order; `undefined` for anything else. */
export function logQuestionOf(text: string): LogQuestion | undefined {
  const said = normalise(text);
  if (said === '' || said.length > QUESTION_LIMIT) return undefined;
  return QUESTION_TABLE.find((e) => (e.wholeMessage ? e.whole : e.anywhere).test(said))?.id;
}
