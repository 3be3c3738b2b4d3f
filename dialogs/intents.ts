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
  OUTCOME_PHRASES,
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

/** What a message says of a repair, also `ran`: a tool finished ("completed successfully"), the result open. */
export type OutcomeSaid = Outcome | 'ran';

/**
 * Longer messages are stories or pasted logs, not answers. Real replies run long ("I even stopped the update
 * service and BITS, deleted the SoftwareDistribution folder, and rebooted - but still the update fails and
 * there are no clues in the event log"), so the limit is a few sentences, not one.
 */
const OUTCOME_LIMIT = 300;

/**
 * The outcome a message reports, if it is short enough to be an answer rather than a new story. What is said
 * last counts ("sfc, DISM … nothing work, but when I reinstall with iso the problem got fix";
 * "DISM 修复好了，但是补丁还是装不了"); a tool that merely finished ("The operation completed successfully")
 * reports no outcome, and a question reports nothing worked unless a statement before it says so
 * ("又可以了...什么情况 你们服务器修复了bug?").
 */
export function classifyOutcome(text: string): Outcome | undefined {
  const said = outcomeSaid(text);
  return said === 'ran' ? undefined : said;
}

/** As `classifyOutcome`, but telling a tool that finished (`ran`) from nothing said (the data's examples). */
export function outcomeSaid(text: string): OutcomeSaid | undefined {
  const whole = normalise(text);
  if (whole.length > OUTCOME_LIMIT) return undefined;
  if (!isQuestion(text)) return lastSaid(whole);
  const before = statementBefore(whole);
  const stated = before === undefined ? undefined : lastSaid(before);
  if (stated !== undefined) return stated;
  // "成功了吗？", "fixed?": a question about the outcome, not a report of it.
  const found = lastSaid(whole);
  return found === 'worked' || found === 'ran' ? undefined : found;
}

/**
 * The outcome whose words end last in `text`; on a tie, the first of the table (negations come first).
 * Phrases may overlap ("the operation completed" and "completed successfully", "没有成功" and
 * "没有成功安装"), so each phrase is tried from every start.
 */
function lastSaid(text: string): OutcomeSaid | undefined {
  let best: { end: number; rank: number; id: string } | undefined;
  for (const [rank, entry] of OUTCOME_PHRASES.entries()) {
    for (const pattern of entry.each) {
      pattern.lastIndex = 0;
      for (let m; (m = pattern.exec(text)); pattern.lastIndex = m.index + 1) {
        const end = m.index + m[0].length;
        if (!best || end > best.end || (end === best.end && rank < best.rank))
          best = { end, rank, id: entry.id };
      }
    }
  }
  return best?.id as OutcomeSaid | undefined;
}

/** What a message says before its closing question ("又可以了..." of "又可以了...什么情况 …bug?"), if anything. */
function statementBefore(text: string): string | undefined {
  const m = /^(.*(?:[。！!…\n]|\.(?=\s|\.|$)))[^。！!…\n]*$/su.exec(text);
  const before = m?.[1].trim();
  return before ? before : undefined;
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
