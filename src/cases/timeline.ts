/**
 * A case's timeline (its audit trail: who did what, when) as readable Markdown, for the engineers'
 * channel ("View timeline") and `npm run case -- show`:
 *
 *   - 2026-11-24 10:05 · engineer · Took the case over.
 *
 * Times are written in UTC for English and in Beijing time (Asia/Shanghai) for Chinese, and the text says
 * which. The entries' own text is the English the case machine and the engineers wrote; it is masked when
 * asked (it may quote the user).
 */
import type { Locale } from '../domain/locale';
import { formatCaseTime, t } from '../i18n';
import type { TimelineEntry } from '../storage/ports';
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
    const what = entry.what.replace(/\s*[\r\n]+\s*/g, ' ').trim();
    const shown = options.mask ? maskText(what) : what;
    lines.push(`- ${formatCaseTime(entry.at, locale)} · ${actorText(entry.actor, locale)} · ${shown}`);
  }
  return lines.join('\n') + '\n';
}
