/**
 * The engineers' case card (cards/escalation.template.json), posted in the engineers' channel when a case
 * is escalated and updated in place when someone takes it or it ends. Built from the case record through
 * the case summary (src/cases/summary.ts), masked for the channel when asked, in English unless told
 * otherwise (the channel's language; the case's own language is shown as a fact).
 *
 * Verbs (handled by the engineers' desk, not the case machine): `escalation.take` (only while nobody has
 * taken the case and the escalation has not ended) and `escalation.timeline`, each with
 * `data: { verb, caseNumber }`.
 */
import type { EscalationReason } from '../../domain/caseRecord';
import type { Environment } from '../../domain/diagnosis';
import type { Locale } from '../../domain/locale';
import { LOCALES } from '../../domain/locale';
import { formatCaseTime, t } from '../../i18n';
import type { CaseRow, EscalationRecord, TimelineEntry } from '../../storage/ports';
import { maskSummary, maskText } from '../../cases/mask';
import { buildCaseSummary } from '../../cases/summary';
import { summaryCardData } from './summary';

export const ESCALATION_CARD_ID = 'escalation';

/** The card's verbs, as the desk receives them (`<card-id>.<action>`). */
export const ESCALATION_VERBS = {
  take: 'escalation.take',
  timeline: 'escalation.timeline',
} as const;

export const ESCALATION_REASONS: readonly EscalationReason[] = [
  'user-request',
  'out-of-stages',
  'inconclusive',
  'low-survey',
  'rule',
  'undeliverable',
];

/** The user's last messages the card quotes (newest last), and how much of each. */
export const MAX_RECENT_MESSAGES = 5;
export const MAX_MESSAGE_CHARS = 500;

/** Where an escalation stands: nobody has it yet, an engineer has it, or it ended (closed / handed back). */
export type EscalationState = 'waiting' | 'taken' | 'closed' | 'handed-back';

export interface EscalationCardOptions {
  /** Mask personal data and secrets (the channel is not the user's own view). */
  mask: boolean;
  /** The language of the card; the engineers' channel is English by default. */
  locale?: Locale;
}

/** Statuses after which an ended escalation counts as closed rather than handed back. */
const CLOSED_STATUSES = ['archived', 'closed'];

export function escalationState(row: CaseRow, escalation: EscalationRecord): EscalationState {
  if (escalation.endedAt !== undefined)
    return CLOSED_STATUSES.includes(row.status) ? 'closed' : 'handed-back';
  return escalation.takenAt !== undefined || escalation.takenById !== undefined ? 'taken' : 'waiting';
}

/** "25 min", "2 h 5 min", "3 d 4 h" (never negative). */
export function durationText(ms: number, locale: Locale): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return t(locale, 'card.escalation.duration.minutes', { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t(locale, 'card.escalation.duration.hours', { hours, minutes: minutes % 60 });
  return t(locale, 'card.escalation.duration.days', { days: Math.floor(hours / 24), hours: hours % 24 });
}

export function reasonText(reason: string, locale: Locale): string {
  return (ESCALATION_REASONS as readonly string[]).includes(reason)
    ? t(locale, `card.escalation.reason.${reason}`)
    : t(locale, 'card.escalation.reason.other', { reason });
}

/** What the card says about where the escalation stands ("Waiting 25 min", "Taken by Li Wei at …"). */
export function stateText(
  state: EscalationState,
  escalation: EscalationRecord,
  now: number,
  locale: Locale,
): string {
  switch (state) {
    case 'waiting':
      return t(locale, 'card.escalation.state.waiting', {
        duration: durationText(now - escalation.requestedAt, locale),
      });
    case 'taken':
      return t(locale, 'card.escalation.state.taken', {
        name: escalation.takenByName ?? escalation.takenById ?? '?',
        time: formatCaseTime(escalation.takenAt ?? now, locale, true),
      });
    default:
      return t(locale, `card.escalation.state.${state}`, {
        time: formatCaseTime(escalation.endedAt ?? now, locale, true),
      });
  }
}

/**
 * The data of cards/escalation.template.json:
 *
 * - header: `caseNumber`, `priority` (P1-P4, P3 when unset), `status`, `statusText`, `caseLocale`,
 *   `languageText`, `reason`, `reasonText`, `state` (waiting | taken | closed | handed-back), `stateText`,
 *   `waitingMinutes`, `requestedAt` (ISO), `takenBy`, `owner`, `canTake`, `opened`, `lastActivity`
 * - customer: `hasContact`, `contact` (masked)
 * - problem (summary fields, masked): `hasProblem`, `os`, `kbNumbers`, `errorCodes`, `machineCountText`,
 *   `since`, `impact`, `description`
 * - diagnosis: `hasFindings`, `machines[]` { machine, osBuild, found, errorCode, symbolicName, meaning,
 *   cause, hasEvidence, evidence[] { location, timestamp, text } } (≤ 3 evidence lines, masked)
 * - stages: `hasStages`, `stages[]` { number, title, outcome, outcomeText, text } (tried and pending)
 * - messages: `hasMessages`, `messages[]` { time, text } (the last few, masked, newest last)
 */
export function escalationCardData(
  row: CaseRow,
  timeline: TimelineEntry[],
  escalation: EscalationRecord,
  now: number,
  options: EscalationCardOptions,
): Record<string, unknown> {
  const locale = options.locale ?? 'en';
  const mask = (text: string): string => (options.mask ? maskText(text) : text);
  const full = buildCaseSummary(row, timeline);
  const summary = options.mask ? maskSummary(full) : full;
  const base = summaryCardData(summary, locale);
  const colon = locale === 'zh-CN' ? '：' : ': ';

  const state = escalationState(row, escalation);
  // Stages go one after another: the first without an outcome is the one the user is on (while the case
  // is open); the ones after it have not been tried.
  const planned = row.details?.stages ?? [];
  const current = CLOSED_STATUSES.includes(row.status) ? -1 : planned.findIndex((s) => !s.outcome);
  const stages = planned.map((stage, i) => {
    const number = i + 1;
    const tried = (base.stages as Array<{ number: number; outcomeText: string }>).find(
      (s) => s.number === number,
    );
    const title = mask(stage.title?.[locale] ?? stage.playbookId);
    const outcomeText =
      tried?.outcomeText ??
      t(locale, i === current ? 'summary.stageOutcome.pending' : 'summary.stageOutcome.notTried');
    return {
      number,
      title,
      outcome: stage.outcome ?? '',
      outcomeText,
      text: `${number}. ${title}${colon}${outcomeText}`,
    };
  });

  const messages = (row.details?.recentMessages ?? [])
    .filter((m) => typeof m?.text === 'string' && m.text.trim() !== '')
    .slice(-MAX_RECENT_MESSAGES)
    .map((m) => ({
      time: formatCaseTime(m.at, locale, true),
      text: truncate(mask(m.text.trim()), MAX_MESSAGE_CHARS),
    }));

  const contact = summary.problem?.contact ?? '';
  const unconfirmed = row.details?.problemUnconfirmed === true && base.hasProblem === true;
  const lastActivity = Math.max(row.updatedAt, ...timeline.map((e) => e.at));
  const caseLocale = (LOCALES as readonly string[]).includes(row.locale) ? row.locale : 'en';

  return {
    caseNumber: row.caseNumber,
    priority: row.priority ?? 'P3',
    status: row.status,
    statusText: base.statusText,
    caseLocale: row.locale,
    languageText: t(locale, `card.escalation.languageName.${caseLocale}`),
    reason: escalation.reason,
    reasonText: reasonText(escalation.reason, locale),
    state,
    stateText: stateText(state, escalation, now, locale),
    waitingMinutes: Math.max(0, Math.floor((now - escalation.requestedAt) / 60_000)),
    requestedAt: new Date(escalation.requestedAt).toISOString(),
    takenBy: escalation.takenByName ?? escalation.takenById ?? '',
    owner: row.owner ?? '',
    canTake: state === 'waiting',
    opened: base.opened,
    lastActivity: formatCaseTime(lastActivity, locale, true),
    hasContact: contact !== '',
    contact,
    hasProblem: base.hasProblem,
    problemUnconfirmed: unconfirmed,
    updateSourceText: updateSourceText(row, locale),
    os: base.os,
    kbNumbers: base.kbNumbers,
    errorCodes: base.errorCodes,
    machineCountText: base.machineCountText,
    since: base.since,
    impact: base.impact,
    description: base.description,
    hasFindings: base.hasFindings,
    machines: base.machines,
    hasStages: stages.length > 0,
    stages,
    hasMessages: messages.length > 0,
    messages,
  };
}

/** Logs' policy names (DiagnosisSummary.updateSource) as the environments the catalogs name. */
const SOURCE_ENVIRONMENTS: Readonly<Record<string, Environment>> = {
  wsus: 'wsus',
  'windows-update': 'internet',
  offline: 'offline',
};

/** Where the machines get updates: the logs' policy, else what the user said (marked as their words). */
function updateSourceText(row: CaseRow, locale: Locale): string {
  const fromLogs = (row.details?.findings ?? [])
    .map((f) => SOURCE_ENVIRONMENTS[f.updateSource ?? ''])
    .find((e) => e !== undefined);
  if (fromLogs) return t(locale, `card.escalation.source.${fromLogs}`);
  const said = (row.problem as { updateSource?: unknown } | null)?.updateSource;
  if (said !== 'wsus' && said !== 'internet' && said !== 'offline') return '';
  return t(locale, 'card.escalation.sourceSaid', { source: t(locale, `card.escalation.source.${said}`) });
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
