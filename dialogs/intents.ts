/**
 * Small, pure classifiers for what a short chat message asks for (greeting, language, yes/no, help,
 * new case, continue), in English and Chinese. The phrases are data (dialogs/understanding/intents.json and
 * reports.json, loaded by phrases.ts); whole-message phrases, never a substring: "帮助我分析 KB5011503 的报错"
 * is a problem description, not a request for help. Only an intent's `within` requests are heard inside a
 * longer sentence.
 */
import type { Locale } from '../src/domain/locale';
import { INTENT_TABLE, LANGUAGE_TABLE, OUTCOME_TABLE, type CompiledEntry } from './phrases';

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

/** "成功了吗？", "fixed?": a question about the outcome, not a report of it. */
const QUESTION = /([?？]|[吗么嘛][?？]?)$|^(did|does|is|has|was|were) /;

/**
 * The outcome a message reports, if it is short enough to be an answer rather than a new story. Saying
 * it failed outweighs saying something worked ("DISM 修复好了，但是补丁还是装不了"), and a question
 * reports nothing worked.
 */
export function classifyOutcome(text: string): Outcome | undefined {
  const whole = normalise(text);
  if (whole.length > 120) return undefined;
  const found = OUTCOME_TABLE.find((e) => e.anywhere.test(whole))?.id as Outcome | undefined;
  if (found === 'worked' && QUESTION.test(text.trim().toLowerCase())) return undefined;
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
const LEADING_GREETING =
  /^(hi|hello|hey|hi there|hello there|good (morning|afternoon|evening)|你好|您好|嗨|哈喽|早上好|下午好|晚上好)[\s,，.。!！~～、]+/;

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
  return /^(没有|没|不用|不用了|不需要|不需要了|不用改|不需要改|不需要修改|无需修改|没有要改的|没有需要修改的|no changes?|nothing to change|none|all good)$/.test(
    normalise(text),
  );
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
