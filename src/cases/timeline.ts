/**
 * A case's timeline (its audit trail: who did what, when) as readable Markdown, for the engineers'
 * channel ("View timeline") and `npm run case -- show`:
 *
 *   - 2026-11-24 10:05 · engineer · Took the case over.
 *
 * Times are written in UTC for English and in Beijing time (Asia/Shanghai) for Chinese, and the text says
 * which. Entries are events (data: the case machine's, the engineers' desk's, the jobs' and retention's),
 * rendered in the reader's language; entries written before events are the English they were written in.
 * Masked when asked (they may quote the user).
 */
import type { Locale } from '../domain/locale';
import { LOCALES } from '../domain/locale';
import { formatCaseTime, hasKey, t, type Params } from '../i18n';
import type { TimelineEvent } from '../domain/caseRecord';
import type { TimelineEntry } from '../storage/ports';
import { attemptText, summaryAttempts } from './attempts';
import { maskText } from './mask';

const KNOWN_ACTORS = ['user', 'bot', 'engineer', 'system'];

/** "engineer" / "工程师"; "engineer:Li Wei" → "engineer Li Wei"; anything else as written. */
export function actorText(actor: string, locale: Locale): string {
  const [kind, ...rest] = actor.split(':');
  const name = rest.join(':').trim();
  if (!KNOWN_ACTORS.includes(kind)) return actor;
  const label = t(locale, `timeline.actor.${kind}`);
  return name ? `${label} ${name}` : label;
}

export interface TimelineTextOptions {
  /** Mask personal data and secrets in the entries (channel posts; not the user's own view). */
  mask: boolean;
  /** When the text is made: named in the header ("as of …"). */
  now?: number;
}

/** The timeline as Markdown: a heading, the time zone (and "as of"), then one list item per entry, oldest first. */
export function timelineText(
  caseNumber: string,
  entries: TimelineEntry[],
  locale: Locale,
  options: TimelineTextOptions,
): string {
  const lines = [`## ${t(locale, 'timeline.title', { caseNumber })}`];
  lines.push(
    options.now === undefined
      ? t(locale, 'timeline.zone')
      : t(locale, 'timeline.asOf', { time: formatCaseTime(options.now, locale) }),
    '',
  );
  const sorted = entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
    .map(({ entry }) => entry);
  if (sorted.length === 0) lines.push(t(locale, 'timeline.empty'));
  for (const entry of sorted) {
    const what = entryText(entry, locale)
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .trim();
    const shown = options.mask ? maskText(what) : what;
    lines.push(`- ${formatCaseTime(entry.at, locale)} · ${actorText(entry.actor, locale)} · ${shown}`);
  }
  return lines.join('\n') + '\n';
}

/** An entry in the reader's language: its event rendered, or the text it was written with. */
export function entryText(entry: TimelineEntry, locale: Locale): string {
  // An event this version has no words for (written by a newer one) reads as the English it was stored with.
  const known = entry.event && (entry.event.key === 'attempt' || hasKey(`timeline.event.${entry.event.key}`));
  return entry.event && known ? timelineEventText(entry.event, locale) : entry.what;
}

/**
 * A timeline event in `locale`: `timeline.event.<key>` with its parameters (a `{ en, zh-CN }` parameter in
 * the reader's language; `missingLogs` as the catalog's "missing logs" clause), or a reported attempt told
 * like the summary's progress.
 */
export function timelineEventText(event: TimelineEvent, locale: Locale): string {
  const params = event.params ?? {};
  if (event.key === 'attempt' && event.attempt) {
    const [attempt] = summaryAttempts([event.attempt], new Map());
    const count = typeof params.machineCount === 'number' ? params.machineCount : attempt.results.length;
    return attemptText(attempt, count, locale);
  }
  const flat: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params))
    flat[name] = typeof value === 'object' ? value[locale] : value;
  // An escalation reason is stored as its code ('user-request'), told in the reader's words.
  if (typeof params.reason === 'string' && hasKey(`timeline.reason.${params.reason}`))
    flat.reason = t(locale, `timeline.reason.${params.reason}`);
  if ('missingLogs' in params)
    flat.missing = flat.missingLogs
      ? t(locale, 'timeline.event.missingLogs', { logs: flat.missingLogs })
      : '';
  return t(locale, `timeline.event.${event.key}`, flat);
}

/** A catalog message in every language, for an event parameter told in the reader's language. */
export function inBoth(key: string, params?: Params): Record<Locale, string> {
  return Object.fromEntries(LOCALES.map((locale) => [locale, t(locale, key, params)])) as Record<
    Locale,
    string
  >;
}

/** A timeline entry written outside a turn: the event, and its English text for readers of old versions. */
export function eventEntry(
  caseNumber: string,
  at: number,
  actor: string,
  event: TimelineEvent,
): TimelineEntry {
  return { caseNumber, at, actor, what: timelineEventText(event, 'en'), event };
}
