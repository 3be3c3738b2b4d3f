/**
 * Problem facts from free text (KB numbers, error codes, machine count, OS, since when, contact) and
 * from the problem-definition card's inputs. Pure functions, English and Chinese phrasings. The formats
 * (KB numbers, codes, addresses, dates, Windows versions) are here; the words are data
 * (dialogs/understanding/problem.json and counts.json, loaded by phrases.ts).
 */
import type { ProblemDefinition } from '../src/domain/caseRecord';
import {
  COUNT_WORDS,
  MACHINE_NOUNS,
  NOT_A_COUNT_AFTER as NOT_A_COUNT_WORDS,
  PROBLEM_ALTERNATIVES,
  PROBLEM_PHRASES,
} from './phrases';

/** The problem as drafted so far; the same shape the user confirms. */
export type ProblemDraft = ProblemDefinition;

export const EMPTY_PROBLEM: ProblemDraft = { kbNumbers: [], errorCodes: [], description: '' };

// "KB5011503", "kb 5011503", "KB-5011503", "补丁KB5011503". KB articles have 6 or 7 digits.
const KB_PATTERN = /\bKB[\s-]?(\d{6,7})(?!\d)/gi;

// "0x80073712", "0X800F081F"; shorter forms ("0x5") are zero-padded to 8 digits.
const HEX_CODE_PATTERN = /(?<![0-9a-z])0x([0-9a-f]{1,8})(?![0-9a-z])/gi;

/**
 * Eight hex digits without "0x" count as an error code only when they start like an HRESULT users
 * meet in servicing: 0x8007 (Win32), 0x800F (CBS), 0x8024 (Windows Update), 0x8009/0x8019/0x8020
 * (crypto, BITS), 0xC190/0xC180 (setup), 0xC000/0xC004 (NTSTATUS, activation). A bare 8-digit
 * number after "-" or "+" is a phone number ("010-80073712"), so it is not taken.
 */
const BARE_HRESULT_PATTERN =
  /(?<![0-9a-z+\-])((?:8007|800f|8024|8000|8004|8009|8019|8020|c190|c180|c000|c004)[0-9a-f]{4})(?![0-9a-z\-])/gi;

// A bare number right after these words is a phone number, not an error code.
const PHONE_CONTEXT = new RegExp(
  `(?:${PROBLEM_ALTERNATIVES.phoneContext})(?:\\s*(?:me\\s+)?at|号码|号)?[\\s:：是为]*$`,
  'iu',
);

// Number words ("two", "a couple of", "both"; 两, 俩): data, in dialogs/understanding/counts.json.
const EN_NUMBERS = COUNT_WORDS.en;
const ZH_DIGITS = COUNT_WORDS['zh-CN'];

const MACHINE_NOUNS_EN = MACHINE_NOUNS.en.join('|');

/**
 * "2 terminals", "two Windows 10 machines", "3 PCs". The number must not follow an OS name or its
 * version (NOT_A_COUNT_AFTER), so neither "10" nor "1809" of "Windows 10 1809 machines" is a count; the
 * words between number and noun describe the machines, so "of" ends them ("a list of clients" counts none).
 */
const MACHINE_COUNT_EN = new RegExp(
  // 'two terminals', '2 branch PCs', 'two of our branch terminals'
  `\\b(\\d{1,3}|${Object.keys(EN_NUMBERS)
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/ /g, '\\s+'))
    .join(
      '|',
    )})\\s+(?:of\\s+(?:our|the|my|these|those|its|their)\\s+)?(?:(?!of\\b)[a-z0-9-]+\\s+){0,2}?(?:${MACHINE_NOUNS_EN})\\b`,
  'gi',
);

/**
 * What comes right before a number that is not a count. Checked on the text before each match rather than
 * as a lookbehind in MACHINE_COUNT_EN: V8 ran that lookbehind at every position, rescanning long runs of
 * digits or spaces (quadratic time).
 */
const NOT_A_COUNT_AFTER = new RegExp(`(?:${NOT_A_COUNT_WORDS.join('|')})\\s*(?:\\d+\\s*)?$`, 'i');

// "两台终端", "2台电脑", "一台", "3个终端": 台 is the measure word for machines; 个 needs a machine noun, and
// so do 俩 / 仨 ("two / three of"), which need no measure word ("俩终端").
const MACHINE_NOUN_ZH = `(?=${MACHINE_NOUNS['zh-CN'].join('|')})`;
const MACHINE_COUNT_ZH = new RegExp(
  `(\\d{1,4}|[一二两三四五六七八九十百几]+)\\s*(?:台|个\\s*${MACHINE_NOUN_ZH})|([俩仨])\\s*(?:台|个)?\\s*${MACHINE_NOUN_ZH}`,
  'i',
);

const OS_PATTERNS: ReadonlyArray<(text: string) => string | undefined> = [serverOs, clientOs, ltscOnly];

const SINCE_PATTERNS: readonly RegExp[] = PROBLEM_PHRASES.since.map((pattern) => new RegExp(pattern, 'iu'));

const DATE_PATTERN =
  /(?<!\d)(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}[日号]?|\d{1,2}月\d{1,2}[日号])(?!\d)/;

// The lookbehind starts a match only where an address can start: without it, a long run of word
// characters without '@' is rescanned from each of its positions (quadratic time).
const EMAIL_PATTERN = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
// Mobile numbers also as written for reading: 138-0000-0000, 138 0000 0000.
const PHONE_PATTERN =
  /(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:\d{8}|-\d{4}-\d{4}| \d{4} \d{4})(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)|\+\d{1,3}[\d\s-]{7,14}\d/;

// Words that make a message about a failed update even without a KB number or an error code.
const PROBLEM_WORDS = PROBLEM_PHRASES.problemWords.anywhere;

// "能否增加内网 WSUS 的选项", "would it be possible to…": a request for a feature, not a failure (without facts).
const FEATURE_REQUEST = PROBLEM_PHRASES.featureRequest.anywhere;

// "also KB..." adds to the facts on the card; otherwise a correction replaces them.
const ADDITIVE_WORDS = PROBLEM_PHRASES.additive.anywhere;

// What a correction says besides its facts ("不对，是…", "also", "it is").
const FILLER_WORDS = new RegExp(PROBLEM_PHRASES.fillers.join('|'), 'giu');

// "不是 KB5011503", "not 0x80070002": the value after a negation is dropped from the draft.
const NEGATED_VALUE = new RegExp(
  `(?:${PROBLEM_ALTERNATIVES.negation})\\s*((?:KB[\\s-]?)?(?:0x)?[0-9a-f]+)`,
  'giu',
);

/**
 * How much of a message facts are looked for in: a problem statement names its KB and error code early;
 * a pasted log of megabytes must not keep a turn busy.
 */
export const FACTS_TEXT_LIMIT = 8192;

function factsText(text: string): string {
  return text.length > FACTS_TEXT_LIMIT ? text.slice(0, FACTS_TEXT_LIMIT) : text;
}

/**
 * Facts found in `text` (its first FACTS_TEXT_LIMIT characters); `description` is always the whole
 * original text. Only found fields are set.
 */
export function extractProblem(whole: string): Partial<ProblemDefinition> {
  const facts: Partial<ProblemDefinition> = { description: whole.trim() };
  const text = factsText(whole);
  const kbNumbers = extractKbNumbers(text);
  if (kbNumbers.length > 0) facts.kbNumbers = kbNumbers;
  const errorCodes = extractErrorCodes(text);
  if (errorCodes.length > 0) facts.errorCodes = errorCodes;
  const machineCount = extractMachineCount(text);
  if (machineCount !== undefined) facts.machineCount = machineCount;
  const os = extractOs(text);
  if (os) facts.os = os;
  const since = extractSince(text);
  if (since) facts.since = since;
  const contact = extractContact(text);
  if (contact) facts.contact = contact;
  return facts;
}

/** True when the facts say something about a failed update (not just a contact or a date). */
export function hasProblemFacts(facts: Partial<ProblemDefinition>): boolean {
  return (
    (facts.kbNumbers?.length ?? 0) > 0 ||
    (facts.errorCodes?.length ?? 0) > 0 ||
    facts.machineCount !== undefined ||
    facts.os !== undefined
  );
}

/**
 * True when `text` describes an update problem: facts, or words like "安装失败" / "update fails" in a message
 * that does not ask for a feature ("建议增加一个从内网 WSUS 下载补丁的选项" names updates but no failure).
 */
export function describesProblem(text: string): boolean {
  if (hasProblemFacts(extractProblem(text))) return true;
  const head = factsText(text);
  return PROBLEM_WORDS.test(head) && !FEATURE_REQUEST.test(head);
}

/** A fresh draft from the user's first description. */
export function draftFromText(text: string): ProblemDraft {
  return { ...EMPTY_PROBLEM, ...extractProblem(text) };
}

/**
 * Applies a free-text correction to a draft. Facts found replace the earlier ones of the same kind
 * ("不对，是三台"), unless the text adds ("also KB5012170"); facts the text negates ("不是 KB5011503")
 * are dropped. Text without any fact is kept as more description unless `appendNarrative` is false.
 */
export function mergeCorrection(
  draft: ProblemDraft,
  text: string,
  { appendNarrative = true }: { appendNarrative?: boolean } = {},
): ProblemDraft {
  const facts = extractProblem(text);
  const head = factsText(text);
  const additive = ADDITIVE_WORDS.test(head);
  const negatedKbs = negatedValues(head, extractKbNumbers);
  const negatedCodes = negatedValues(head, extractErrorCodes);
  const merged: ProblemDraft = { ...draft };
  if (facts.kbNumbers) {
    merged.kbNumbers = combine(draft.kbNumbers, facts.kbNumbers, additive).filter(
      (kb) => !negatedKbs.has(kb),
    );
  }
  if (facts.errorCodes) {
    merged.errorCodes = combine(draft.errorCodes, facts.errorCodes, additive).filter(
      (code) => !negatedCodes.has(code),
    );
  }
  if (facts.machineCount !== undefined) merged.machineCount = facts.machineCount;
  if (facts.os) merged.os = facts.os;
  if (facts.since) merged.since = facts.since;
  if (facts.contact) merged.contact = mergeContact(draft.contact, facts.contact, head);
  if (appendNarrative && tellsMore(text)) {
    merged.description = [draft.description, text.trim()].filter(Boolean).join('\n');
  }
  return merged;
}

/**
 * Whether a correction says more than its facts: "走行内 WSUS，终端不能上外网，联系人李工 138…" does (it
 * is kept as description), "不对，是三台" or "also KB5012170" does not (the facts say it all).
 */
function tellsMore(text: string): boolean {
  const rest = factsText(text)
    .replace(EMAIL_PATTERN, '')
    .replace(PHONE_PATTERN, '')
    .replace(/\bKB\s?\d{6,7}\b/gi, '')
    .replace(/\b0x[0-9a-f]{8}\b/gi, '')
    .replace(DATE_PATTERN, '')
    .replace(MACHINE_COUNT_ZH, '')
    .replace(CONTACT_NAME, '')
    .replace(FILLER_WORDS, '')
    .replace(/[\s\p{P}\p{S}\d]/gu, '');
  const cjk = rest.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
  return cjk >= 4 || rest.length - cjk >= 12;
}

/**
 * The confirmed problem from the card's inputs (strings, or a number from Input.Number). An input the
 * user emptied clears that fact; one the card did not send keeps the draft's value. The description
 * is never emptied: an empty one keeps the draft's.
 */
export function problemFromCardInputs(data: Record<string, unknown>, draft: ProblemDraft): ProblemDefinition {
  const problem: ProblemDefinition = {
    kbNumbers:
      data.kbNumbers === undefined
        ? draft.kbNumbers
        : extractKbNumbers(String(data.kbNumbers).replace(/(^|[\s,，;；])(\d{6,7})(?!\d)/g, '$1KB$2')),
    errorCodes:
      data.errorCodes === undefined
        ? draft.errorCodes
        : extractErrorCodes(String(data.errorCodes), { bareHexAnyPrefix: true }),
    description: text(data.description) ?? draft.description,
  };
  const machineCount = data.machineCount === undefined ? draft.machineCount : countFrom(data.machineCount);
  if (machineCount !== undefined) problem.machineCount = machineCount;
  for (const key of ['os', 'since', 'impact', 'contact'] as const) {
    const value = data[key] === undefined ? draft[key] : text(data[key]);
    if (value !== undefined) problem[key] = value;
  }
  return problem;
}

export function extractKbNumbers(text: string): string[] {
  return unique([...text.matchAll(KB_PATTERN)].map((m) => `KB${m[1]}`));
}

/** Error codes as `0x` + 8 lower-case hex digits, in order of appearance, without duplicates. */
export function extractErrorCodes(text: string, options: { bareHexAnyPrefix?: boolean } = {}): string[] {
  const found: Array<{ at: number; code: string }> = [];
  for (const m of text.matchAll(HEX_CODE_PATTERN)) {
    if (/^0+$/.test(m[1])) continue; // 0x00000000 is S_OK, not an error
    found.push({ at: m.index, code: `0x${m[1].toLowerCase().padStart(8, '0')}` });
  }
  // On the card the field is known to hold codes, so any 8 hex digits count there.
  const bare = options.bareHexAnyPrefix
    ? /(?<![0-9a-z+\-])([0-9a-f]{8})(?![0-9a-z\-])/gi
    : BARE_HRESULT_PATTERN;
  for (const m of text.matchAll(bare)) {
    if (PHONE_CONTEXT.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    found.push({ at: m.index, code: `0x${m[1].toLowerCase()}` });
  }
  return unique(found.sort((a, b) => a.at - b.at).map((f) => f.code));
}

export function extractMachineCount(text: string): number | undefined {
  const withoutContacts = text.replace(EMAIL_PATTERN, ' ').replace(PHONE_PATTERN, ' ');
  const zh = MACHINE_COUNT_ZH.exec(withoutContacts);
  if (zh) {
    const n = parseChineseNumber(zh[1] ?? zh[2]);
    if (n !== undefined && n > 0) return n;
  }
  const en = machineCountEn(withoutContacts);
  if (en) {
    const word = en[1].toLowerCase();
    const n = /^\d+$/.test(word) ? Number(word) : EN_NUMBERS[word.replace(/\s+/g, ' ')];
    if (n !== undefined && n > 0) return n;
  }
  return undefined;
}

/** The first MACHINE_COUNT_EN match whose number does not follow an OS name or version. */
function machineCountEn(text: string): RegExpExecArray | undefined {
  MACHINE_COUNT_EN.lastIndex = 0;
  for (let m; (m = MACHINE_COUNT_EN.exec(text)); MACHINE_COUNT_EN.lastIndex = m.index + 1) {
    if (!NOT_A_COUNT_AFTER.test(text.slice(Math.max(0, m.index - 64), m.index))) return m;
  }
  return undefined;
}

export function extractOs(text: string): string | undefined {
  for (const pattern of OS_PATTERNS) {
    const os = pattern(text);
    if (os) return os;
  }
  return undefined;
}

export function extractSince(text: string): string | undefined {
  for (const pattern of SINCE_PATTERNS) {
    const m = pattern.exec(text);
    if (m) return m[1].trim();
  }
  return DATE_PATTERN.exec(text)?.[1];
}

/** "联系人李工", "联系人：张先生", "contact: Li Wei": the person named as the contact. */
const CONTACT_NAME = new RegExp(
  `(?:${PROBLEM_ALTERNATIVES.contactLabels})\\s*[:：]?\\s*(?:${PROBLEM_PHRASES.contact.linkWords.join('|')})?\\s*(` +
    `[\\u4e00-\\u9fff]{1,3}(?:${PROBLEM_PHRASES.contact.honorifics.join('|')})` +
    `|(?!${PROBLEM_PHRASES.contact.notNames.join('|')})[\\u4e00-\\u9fff]{2,3}(?![\\u4e00-\\u9fff])` +
    `|[A-Z][a-z]+(?: [A-Z][a-z]+)?)`,
  'u',
);

/** The person a text names as the contact ("联系人 张工", "contact: Zhang"), if any. */
export function extractContactName(text: string): string | undefined {
  return CONTACT_NAME.exec(text)?.[1];
}

/**
 * The contact: a person named as such, an e-mail address, a phone number (those found, in that order). A
 * name alone ("联系人 张工") is the contact too, as given: no way to reach them is made up.
 */
export function extractContact(text: string): string | undefined {
  const address = [EMAIL_PATTERN.exec(text)?.[0], PHONE_PATTERN.exec(text)?.[0]?.trim()].filter(
    (p): p is string => Boolean(p),
  );
  const name = extractContactName(text);
  if (address.length === 0) return name;
  return [name ? `${name} ${address[0]}` : address[0], ...address.slice(1)].join(' / ');
}

/** True when a contact names nobody's phone number or e-mail (a name only), so one may be asked for. */
export function contactLacksAddress(contact: string | undefined): boolean {
  return contact !== undefined && !EMAIL_PATTERN.test(contact) && !PHONE_PATTERN.test(contact);
}

/**
 * A contact given in a later message: a phone number or e-mail alone completes the name given before
 * ("联系人 张工", then "138-0000-0000" → "张工 138-0000-0000"); anything else replaces it.
 */
function mergeContact(before: string | undefined, given: string, text: string): string {
  const nameOnly = contactLacksAddress(before);
  const addressOnly = extractContactName(text) === undefined && !contactLacksAddress(given);
  return before && nameOnly && addressOnly ? `${before} ${given}` : given;
}

// "Windows Server 2019", "Server 2012 R2", "WS2016".
function serverOs(text: string): string | undefined {
  const m = /\b(?:windows\s*)?(?:server\s*|ws)(20\d{2})(\s*r2)?\b/i.exec(text);
  return m ? `Windows Server ${m[1]}${m[2] ? ' R2' : ''}` : undefined;
}

// "Windows 10 1809", "Win11 22H2", "Windows 10 企业版 LTSC", "Windows 10 Enterprise LTSC 2019".
function clientOs(text: string): string | undefined {
  const m =
    /\b(?:windows|win)\s*(11|10|8\.1|7)(?![\d.])(?:\s*(企业版|专业版|教育版|家庭版|enterprise|pro|professional|education|home|iot(?:\s+enterprise)?))?(?:\s*(ltsc|ltsb))?(?:\s*(20\d{2}))?(?:\s*(?:version|版本)?\s*(\d{4}|\d{2}h\d))?/i.exec(
      text,
    );
  if (!m) return undefined;
  const parts = [`Windows ${m[1]}`];
  if (m[2]) parts.push(/^[a-z]/i.test(m[2]) ? capitalise(m[2]) : m[2]);
  if (m[3]) parts.push(m[3].toUpperCase());
  if (m[4]) parts.push(m[4]);
  const version = m[5] ?? /(?:version|版本)\s*(\d{4}|\d{2}h\d)\b/i.exec(text)?.[1];
  if (version) parts.push(version.toUpperCase());
  return parts.join(' ');
}

// "LTSC 2019" alone: LTSC 2019/2021 are Windows 10, LTSC 2024 is Windows 11.
function ltscOnly(text: string): string | undefined {
  const m = /\b(ltsc|ltsb)\s*(20\d{2})?\b/i.exec(text);
  if (!m) return undefined;
  const year = m[2];
  const base = year === '2024' ? 'Windows 11' : 'Windows 10';
  return [base, m[1].toUpperCase(), year].filter(Boolean).join(' ');
}

/** 1–999 written with Chinese numerals (两 = 2, 十二 = 12, 二十 = 20); 几 ("a few") is unknown. */
function parseChineseNumber(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  const digits = ZH_DIGITS;
  let total = 0;
  let current = 0;
  for (const ch of word) {
    if (ch in digits) current = digits[ch];
    else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else return undefined;
  }
  return total + current || undefined;
}

/** The KB numbers a text says it is not about ("不是 KB5011503", "not KB5011503"). */
export function negatedKbNumbers(text: string): Set<string> {
  return negatedValues(text, extractKbNumbers);
}

function negatedValues(text: string, extract: (t: string) => string[]): Set<string> {
  const negated = new Set<string>();
  for (const m of text.matchAll(NEGATED_VALUE)) {
    for (const value of extract(m[1])) negated.add(value);
  }
  return negated;
}

function combine(old: string[], found: string[], additive: boolean): string[] {
  return additive ? unique([...old, ...found]) : found;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function countFrom(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  const raw = text(value);
  if (raw === undefined) return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : parseChineseNumber(raw.replace(/台$/, ''));
  return n !== undefined && n > 0 ? n : undefined;
}

function capitalise(word: string): string {
  return word
    .split(/\s+/)
    .map((w) => (w.toLowerCase() === 'iot' ? 'IoT' : w[0].toUpperCase() + w.slice(1).toLowerCase()))
    .join(' ');
}
