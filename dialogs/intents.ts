/**
 * Small, pure classifiers for what a short chat message asks for (greeting, language, yes/no, help,
 * new case, continue), in English and Chinese. The phrases are data (dialogs/understanding/intents.json and
 * reports.json, loaded by phrases.ts); whole-message phrases, never a substring: "帮助我分析 KB5011503 的报错"
 * is a problem description, not a request for help. Only an intent's `within` requests are heard inside a
 * longer sentence.
 */
import type { Locale } from '../src/domain/locale';
import {
  ANSWER_TABLE,
  GREETING_PHRASES,
  INTENT_TABLE,
  LANGUAGE_TABLE,
  OUTCOME_TABLE,
  QUESTION,
  type CompiledEntry,
} from './phrases';

/** The intents the case machine reads (each has its phrases in dialogs/understanding/intents.json). */
export const INTENTS = [
  'greeting',
  'help',
  'yes',
  'no',
  'newCase',
  'continue',
  'engineer',
  'pause',
  'cancel',
  'summary',
  'reopen',
  'next',
  'skip',
] as const;

export type Intent = (typeof INTENTS)[number];

/** What a user says about the outcome of a repair: it worked, it still fails, or they cannot do it. */
export type Outcome = 'worked' | 'stillFails' | 'cannot';

/**
 * The outcome a message reports, if it is short enough to be an answer rather than a new story. Saying
 * it failed outweighs saying something worked ("DISM 修复好了，但是补丁还是装不了"), and a question
 * reports nothing worked.
 */
export function classifyOutcome(text: string): Outcome | undefined {
  const whole = normalise(text);
  if (whole.length > 120) return undefined;
  const found = OUTCOME_TABLE.find((e) => e.anywhere.test(whole))?.id as Outcome | undefined;
  // "成功了吗？", "fixed?": a question about the outcome, not a report of it.
  if (found === 'worked' && isQuestion(text)) return undefined;
  return found;
}

/** What a language request asks for: a locale, or the other one ("switch language"). */
export type LanguageRequest = Locale | 'toggle';

// Punctuation that decorates short chat replies ("好的！", "OK.").
const DECORATION = /^[\s,，.。!！~～、]+|[\s,，.。!！~～、]+$/g;

/** Lower-case, trimmed, without the punctuation and filler that decorate short chat replies. */
export function normalise(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(DECORATION, '')
    .replace(/(?<=[^?？\s])[?？]+$/, '') // "在吗？" is "在吗"; a lone "?" stays a question
    .replace(DECORATION, '')
    .replace(/\s+/g, ' ');
}

/** Strips a leading greeting ("你好，" / "hi,") so that "你好，我有个问题" still reads as help. */
const LEADING_GREETING = new RegExp(`^(?:${GREETING_PHRASES.join('|')})[\\s,，.。!！~～、]+`, 'u');

/** "成功了吗？", "did it work": the message asks rather than tells. */
export function isQuestion(text: string): boolean {
  return QUESTION.anywhere.test(text.trim().toLowerCase());
}

/** The intent of a short message, or `undefined` when the message is something else. */
export function classifyIntent(text: string): Intent | undefined {
  const whole = normalise(text);
  const found = wholeMatch(INTENT_TABLE, whole);
  if (found) return found as Intent;
  // "hi, I need help" is a greeting: answer it with the welcome, which says what the bot can do.
  const rest = normalise(whole.replace(LEADING_GREETING, ''));
  if (rest !== whole && (rest === '' || wholeMatch(INTENT_TABLE, rest) === 'help')) return 'greeting';
  // A request heard inside a longer sentence ("我要找工程师，回电 138-0000-0000"), if not too long to be one.
  if (whole.length <= WITHIN_LIMIT) return INTENT_TABLE.find((e) => e.within?.test(whole))?.id as Intent;
  return undefined;
}

/** Longer messages are stories (a pasted log, a problem statement), not requests. */
const WITHIN_LIMIT = 200;

/** "不用了", "没有", "no changes": the answer to "anything to change?" when nothing needs changing. */
export function needsNoChanges(text: string): boolean {
  return wholeMatch(ANSWER_TABLE, normalise(text)) === 'noChanges';
}

/** A request to speak another language, or `undefined`. */
export function languageRequest(text: string): LanguageRequest | undefined {
  return wholeMatch(LANGUAGE_TABLE, normalise(text)) as LanguageRequest | undefined;
}

/** The locale a language request leads to from `current`. */
export function resolveLanguageRequest(request: LanguageRequest, current: Locale): Locale {
  if (request !== 'toggle') return request;
  return current === 'en' ? 'zh-CN' : 'en';
}

function wholeMatch(table: ReadonlyArray<CompiledEntry>, text: string): string | undefined {
  return table.find((e) => e.whole.test(text))?.id;
}
