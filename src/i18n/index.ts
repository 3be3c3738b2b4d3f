/**
 * Message lookup (`t`) and the choice of a conversation's language (`pickLocale`). The catalogs are
 * data in en.ts / zh-CN.ts; nothing here knows about Teams or the case machine.
 */
import type { Locale } from '../domain/locale';
import { en } from './en';
import type { Catalog, CatalogKey } from './en';
import { zhCN } from './zh-CN';

export type { Catalog, CatalogKey };

export const CATALOGS: Readonly<Record<Locale, Catalog>> = { en, 'zh-CN': zhCN };

export type Params = Record<string, string | number>;

/**
 * What happens on a key no catalog has. Under jest (NODE_ENV=test) it throws so a typo fails a test;
 * in production the user gets the English text (or the key) and operators a warning.
 */
function reportMissing(locale: Locale, key: string): void {
  const message = `i18n: no message "${key}" for locale ${locale}`;
  if (process.env.NODE_ENV === 'test') throw new Error(message);
  process.emitWarning(message, { code: 'I18N_MISSING_KEY' });
}

export function hasKey(key: string): key is CatalogKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** The message `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function t(locale: Locale, key: string, params?: Params): string {
  const catalog = CATALOGS[locale] ?? en;
  if (!hasKey(key)) {
    reportMissing(locale, key);
    return key;
  }
  return format(catalog[key], params, locale);
}

/**
 * Fills `{name}` placeholders; a placeholder without a value stays visible rather than vanishing.
 * Counts take ICU-style plural forms, chosen with `Intl.PluralRules` for `locale`:
 * `{count, plural, =0 {no stages} one {# stage} other {# stages}}` (`#` is the number; an exact `=n`
 * form wins over the category; `other` is required). zh-CN has only `other`, so its messages need none.
 */
export function format(template: string, params?: Params, locale: Locale = 'en'): string {
  if (!params) return template;
  return fillPlurals(template, params, locale).replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

const PLURAL_START = /\{(\w+),\s*plural,/g;
const pluralRules = new Map<Locale, Intl.PluralRules>();

function fillPlurals(template: string, params: Params, locale: Locale): string {
  let out = '';
  let at = 0;
  for (const match of template.matchAll(PLURAL_START)) {
    const start = match.index ?? 0;
    if (start < at) continue;
    const end = closingBrace(template, start);
    if (end < 0) break;
    const value = params[match[1]];
    const forms = pluralForms(template.slice(start + match[0].length, end));
    out += template.slice(at, start);
    out +=
      typeof value === 'number' ||
      (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        ? chooseForm(forms, Number(value), locale).replace(/#/g, String(value))
        : template.slice(start, end + 1);
    at = end + 1;
  }
  return out + template.slice(at);
}

/** The index of the `}` that closes the `{` at `open`, or -1. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** `one {# stage} other {# stages}` -> { one: '# stage', other: '# stages' }. */
function pluralForms(body: string): Record<string, string> {
  const forms: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    const selector = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(body.slice(i));
    if (!selector) break;
    const open = i + selector[0].length - 1;
    const close = closingBrace(body, open);
    if (close < 0) break;
    forms[selector[1]] = body.slice(open + 1, close);
    i = close + 1;
  }
  return forms;
}

function chooseForm(forms: Record<string, string>, n: number, locale: Locale): string {
  const exact = forms[`=${n}`];
  if (exact !== undefined) return exact;
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return forms[rules.select(n)] ?? forms.other ?? '';
}

/**
 * The strings a card binds as `$root.t`: `card.common.*` and `card.<cardId>.*`, without the prefix,
 * formatted with `params` (so "Case {caseNumber}" shows the number).
 */
export function cardStrings(locale: Locale, cardId: string, params?: Params): Record<string, string> {
  const catalog = CATALOGS[locale] ?? en;
  const strings: Record<string, string> = {};
  for (const prefix of ['card.common.', `card.${cardId}.`]) {
    for (const key of Object.keys(catalog) as CatalogKey[]) {
      if (key.startsWith(prefix)) strings[key.slice(prefix.length)] = format(catalog[key], params, locale);
    }
  }
  return strings;
}

// CJK Unified Ideographs (+ extension A); full-width punctuation alone says nothing about the language.
const CJK_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff]/g;
const LATIN_WORD = /^[a-z]+$/i;

/**
 * The language of a new conversation: Chinese when the client says zh-* or the text is mostly
 * Chinese, otherwise English. Latin *words* are weighed against Chinese characters (one character is
 * roughly a word), and tokens like "KB5011503" or "0x80073712" count for neither.
 */
export function pickLocale(activityLocale?: string, text?: string): Locale {
  if (activityLocale && /^zh\b/i.test(activityLocale)) return 'zh-CN';
  if (text) {
    const cjk = text.match(CJK_CHAR)?.length ?? 0;
    const words = text
      .split(/[\s\p{P}\p{S}\u3000-\u303f\uff00-\uffef]+/u)
      .filter((w) => LATIN_WORD.test(w)).length;
    if (cjk > 0 && cjk >= words) return 'zh-CN';
  }
  return 'en';
}

/**
 * The language a message is written in, when it says so clearly: mostly Chinese characters, or
 * several Latin words and no Chinese. Short or mixed text ("ok", "KB5011503") says nothing.
 */
export function writtenLocale(text: string): Locale | undefined {
  const cjk = text.match(CJK_CHAR)?.length ?? 0;
  const words = text
    .split(/[\s\p{P}\p{S}\u3000-\u303f\uff00-\uffef]+/u)
    .filter((w) => LATIN_WORD.test(w)).length;
  if (cjk >= 2 && cjk >= words) return 'zh-CN';
  if (cjk === 0 && words >= 3) return 'en';
  return undefined;
}

/** The time zone each language's readers see times in. */
export const TIME_ZONES: Readonly<Record<Locale, string>> = { en: 'UTC', 'zh-CN': 'Asia/Shanghai' };

const formatters = new Map<Locale, Intl.DateTimeFormat>();

/** How a zoned time names its zone: UTC for en, Beijing time (UTC+8, no daylight saving) for zh-CN. */
const ZONE_LABELS: Readonly<Record<Locale, string>> = { en: 'UTC', 'zh-CN': 'UTC+8' };

/**
 * "2026-11-24 10:05": a moment in the locale's time zone (UTC for en, Asia/Shanghai for zh-CN);
 * with `zoned`, the zone follows ("2026-11-24 10:05 UTC") for texts that do not say it elsewhere.
 */
export function formatCaseTime(ms: number, locale: Locale, zoned = false): string {
  if (!Number.isFinite(ms)) return '';
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone: TIME_ZONES[locale] ?? 'UTC',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(locale, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(ms)) parts[part.type] = part.value;
  const time = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  return zoned ? `${time} ${ZONE_LABELS[locale] ?? 'UTC'}` : time;
}
