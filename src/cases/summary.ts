/**
 * The case summary, built from the case record (problem, findings, stages tried, outcome, survey) and its
 * timeline — never from chat text — and shown as the summary card or as Markdown (a CLI, an engineers'
 * channel). `buildCaseSummary` is language-neutral; the two views put it into one language: the card's
 * data (src/cards/data/summary.ts, with the texts exported here) and `summaryText`.
 */
import { evidenceText, shareOneFailure } from '../domain/diagnosis';
import type {
  CaseOutcome,
  ProblemDefinition,
  StageOutcome,
  StageRecord,
  SurveyResult,
} from '../domain/caseRecord';
import type { DiagnosisSummary, Localized, StageNeed } from '../domain/diagnosis';
import type { Locale } from '../domain/locale';
import { LOCALES } from '../domain/locale';
import { planFor } from '../domain/plan';
import type { CaseRow, TimelineEntry } from '../storage/ports';
import { t } from '../i18n';
import { attemptText, machineCodes, summaryAttempts, whoText, type SummaryAttempt } from './attempts';
import type { Params } from '../i18n';

/** The evidence lines a summary quotes per machine (the diagnosis card shows as many). */
export const MAX_EVIDENCE_LINES = 3;

/**
 * What the timeline (free English lines written by the case machine and the engineers) is read for.
 * The record has no field for these, so the lines that say so are recognised by how they begin — never
 * by words anywhere in a line, which may quote the user ("Survey: 4/5 — may need to reopen it").
 */
export const TIMELINE_SIGNS = {
  /** The user agreed to archive ("Consented to archiving the case."). */
  archiveConsent: (e: TimelineEntry) =>
    e.actor === 'user' && /^(consented|agreed)\b[^.:]*\barchiv/i.test(e.what.trim()),
  /** The case was reopened after archiving ("Reopened the case."). */
  reopened: (e: TimelineEntry) => /^re-?opened\b/i.test(e.what.trim()),
  /** Archived by the bot after the reminders went unanswered. */
  archivedNoReply: (e: TimelineEntry) =>
    e.actor === 'bot' && /^archived after the reminders\b/i.test(e.what.trim()),
  /** The user asked for an engineer ("Asked to talk to an engineer."). */
  engineerRequested: (e: TimelineEntry) =>
    e.actor === 'user' && /^asked (to talk to|for) an engineer\b/i.test(e.what.trim()),
} as const;

/** An attempt that was the last word on some machines: it fixed them. */
export interface Fix {
  attempt: SummaryAttempt;
  machines: string[];
}

/** One machine's diagnosis as the summary quotes it. */
export interface MachineAnalysis {
  machine: string;
  osBuild?: string;
  /** null when the logs show no failure. */
  errorCode: string | null;
  symbolicName: string | null;
  causeId: string | null;
  meaning?: Localized;
  cause?: Localized;
  evidence: Array<{ file: string; line: number; timestamp?: string; text: string }>;
}

/** A stage of the case's remediation and what came of it (undefined: not answered yet). */
export interface SummaryStage {
  number: number;
  playbookId: string;
  title: Localized;
  outcome?: StageOutcome;
  errorCode?: string;
  /** Passed over: what the stage needs is ruled out. */
  ruledOut?: StageNeed;
}

/** One line of the case's progress, in the order things happened. */
export type ProgressItem =
  | { kind: 'opened'; at: number }
  | { kind: 'analysed'; machine: string; errorCode: string | null; symbolicName: string | null }
  | { kind: 'recommended'; count: number }
  | { kind: 'stage'; stage: SummaryStage }
  /** What the user tried on which machine (records with per-machine attempts). */
  | { kind: 'attempt'; attempt: SummaryAttempt; machineCount: number }
  | { kind: 'engineerRequested'; at: number }
  | { kind: 'ended'; outcome: CaseOutcome; fixedBy?: SummaryStage; fixes?: Fix[]; machineCount?: number }
  | { kind: 'archivedWithConsent'; at: number }
  | { kind: 'reopened'; at: number }
  | { kind: 'archivedNoReply'; at: number };

export interface CaseSummary {
  caseNumber: string;
  /** The record's status ('open', 'archived', …). */
  status: string;
  archived: boolean;
  /** P1 (most urgent) .. P4, and the engineer who took the case over, when the record has them. */
  priority?: string;
  owner?: string;
  /** The language the case was worked in. */
  locale: Locale;
  openedAt: number;
  updatedAt: number;
  outcome?: CaseOutcome;
  problem?: ProblemDefinition;
  machines: MachineAnalysis[];
  /** Whether the machines share one cause (only when more than one machine was analysed). */
  commonCause?: {
    same: boolean;
    count: number;
    reason?: Localized;
    errorCode?: string | null;
    symbolicName?: string | null;
  };
  /** The recommended actions: the plan's stages in order. */
  recommended: Array<{ playbookId: string; title: Localized }>;
  /** The stages the user reported on, in order. */
  tried: SummaryStage[];
  /** The stage that fixed it, when one did. */
  fixedBy?: SummaryStage;
  /** What the user tried, per machine (empty for records from before machines were told apart). */
  attempts: SummaryAttempt[];
  /** What fixed which machines (from the attempts), when anything did. */
  fixes: Fix[];
  archivedWithConsent: boolean;
  reopenedAt: number[];
  survey?: SurveyResult;
  progress: ProgressItem[];
}

export function buildCaseSummary(row: CaseRow, timeline: TimelineEntry[]): CaseSummary {
  const details = row.details ?? {};
  // The analysis the recommended actions came from; logs sent later (after a stage) are progress.
  const findings = (details.initialFindings ?? details.findings ?? []).filter(isFinding);
  const later = (details.findings ?? []).filter(
    (f) => isFinding(f) && !findings.some((first) => first.uploadId === f.uploadId),
  );
  const machines = findings.map(analysisOf);
  const recorded = details.stages ?? [];
  const stages: SummaryStage[] = recorded.map((stage, i) => ({
    number: i + 1,
    playbookId: stage.playbookId,
    title: stage.title,
    // A stage passed over for its need counts once the work went past it; before, it was not reached.
    ...(stage.outcome && (!stage.ruledOut || passedOver(recorded, i))
      ? { outcome: stage.outcome, ...(stage.ruledOut ? { ruledOut: stage.ruledOut } : {}) }
      : {}),
    ...(stage.errorCode ? { errorCode: stage.errorCode } : {}),
  }));
  const tried = stages.filter((s) => s.outcome !== undefined);
  const attempts = summaryAttempts(details.attempts ?? [], machineCodes(findings));
  const machineCount = new Set(findings.map((f) => f.hostName ?? f.machine)).size;
  const fixes = fixesOf(attempts);
  // With attempts, a stage is credited only with what the user said of it: the fix is the attempt's.
  const fixedBy =
    attempts.length > 0
      ? fixes.length === 1 && fixes[0].attempt.number !== undefined
        ? stages.find((s) => s.number === fixes[0].attempt.number)
        : undefined
      : tried.filter((s) => s.outcome === 'fixed').at(-1);
  const entries = [...timeline].sort((a, b) => a.at - b.at);
  const consent = entries.find(TIMELINE_SIGNS.archiveConsent);
  const reopened = entries.filter(TIMELINE_SIGNS.reopened);
  const engineer = entries.find(TIMELINE_SIGNS.engineerRequested);
  const recommended = recommendedActions(findings, stages);
  const outcome = details.outcome;

  const progress: ProgressItem[] = [{ kind: 'opened', at: row.createdAt }];
  for (const m of machines)
    progress.push({
      kind: 'analysed',
      machine: m.machine,
      errorCode: m.errorCode,
      symbolicName: m.symbolicName,
    });
  if (recommended.length > 0) progress.push({ kind: 'recommended', count: recommended.length });
  if (attempts.length > 0) {
    // What the user did, and between it the stages passed over for a need the logs or the user ruled out.
    const passed = tried.filter((s) => s.ruledOut !== undefined);
    for (const attempt of attempts) {
      while (passed.length > 0 && attempt.number !== undefined && passed[0].number < attempt.number)
        progress.push({ kind: 'stage', stage: passed.shift()! });
      progress.push({ kind: 'attempt', attempt, machineCount });
    }
    for (const stage of passed) progress.push({ kind: 'stage', stage });
  } else for (const stage of tried) progress.push({ kind: 'stage', stage });
  for (const m of later.map(analysisOf))
    progress.push({
      kind: 'analysed',
      machine: m.machine,
      errorCode: m.errorCode,
      symbolicName: m.symbolicName,
    });
  if (engineer) progress.push({ kind: 'engineerRequested', at: engineer.at });
  if (outcome)
    progress.push({
      kind: 'ended',
      outcome,
      ...(outcome === 'resolved' && fixedBy ? { fixedBy } : {}),
      ...(outcome === 'resolved' && !fixedBy && fixes.length > 0 ? { fixes, machineCount } : {}),
    });
  // Archiving and reopening, in the order they happened (a case archived after the reminders, reopened,
  // then closed with consent reads that way).
  const archivals: ProgressItem[] = [
    ...(consent ? [{ kind: 'archivedWithConsent' as const, at: consent.at }] : []),
    ...entries
      .filter(TIMELINE_SIGNS.archivedNoReply)
      .map((e) => ({ kind: 'archivedNoReply' as const, at: e.at })),
    ...reopened.map((e) => ({ kind: 'reopened' as const, at: e.at })),
  ];
  progress.push(...archivals.sort((a, b) => ('at' in a && 'at' in b ? a.at - b.at : 0)));

  const problem = problemOf(row.problem);
  const survey = surveyOf(details.survey);
  return {
    caseNumber: row.caseNumber,
    status: row.status,
    archived: row.status === 'archived',
    ...(row.priority ? { priority: row.priority } : {}),
    ...(row.owner ? { owner: row.owner } : {}),
    locale: (LOCALES as readonly string[]).includes(row.locale) ? (row.locale as Locale) : 'en',
    openedAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(outcome ? { outcome } : {}),
    ...(problem ? { problem } : {}),
    machines,
    ...(machines.length > 1 ? { commonCause: commonCauseOf(machines) } : {}),
    recommended,
    tried,
    ...(fixedBy ? { fixedBy } : {}),
    attempts,
    fixes,
    archivedWithConsent: consent !== undefined,
    reopenedAt: reopened.map((e) => e.at),
    ...(survey ? { survey } : {}),
    progress,
  };
}

/** The summary as Markdown in `locale`, section by section like the card. */
export function summaryText(summary: CaseSummary, locale: Locale): string {
  const label = (key: string, params?: Params): string => t(locale, `card.summary.${key}`, params);
  const colon = locale === 'zh-CN' ? '：' : ': ';
  const out: string[] = [];
  const section = (key: string, lines: string[]): void => {
    if (lines.length > 0) out.push('', `### ${label(key)}`, ...lines);
  };

  out.push(`## ${label('title', { caseNumber: summary.caseNumber })}`);
  const header = [`**${label('status')}**${colon}${statusText(summary.status, locale)}`];
  if (summary.outcome)
    header.push(`**${label('outcome')}**${colon}${t(locale, `summary.outcome.${summary.outcome}`)}`);
  if (summary.priority) header.push(`**${label('priority')}**${colon}${summary.priority}`);
  if (summary.owner) header.push(`**${label('owner')}**${colon}${summary.owner}`);
  header.push(`**${label('opened')}**${colon}${isoDate(summary.openedAt)}`);
  out.push(header.join(' · '));

  const p = summary.problem;
  if (p) {
    const fact = (key: string, value: string | undefined): string[] =>
      value ? [`- ${t(locale, `card.common.${key}`)}${colon}${value}`] : [];
    section('descriptionTitle', [
      ...fact('os', p.os),
      ...fact('kbNumbers', p.kbNumbers.join(', ')),
      ...fact('errorCodes', p.errorCodes.join(', ')),
      ...fact('machineCount', p.machineCount === undefined ? undefined : String(p.machineCount)),
      ...fact('since', p.since),
      ...fact('impact', p.impact),
      ...fact('description', p.description),
    ]);
  }

  section(
    'progressTitle',
    summary.progress.map((item) => `- ${progressText(item, locale)}`),
  );

  const analysis: string[] = [];
  for (const m of summary.machines) {
    if (analysis.length > 0) analysis.push('');
    analysis.push(`**${m.machine}**${m.osBuild ? ` (${label('osBuild')} ${m.osBuild})` : ''}`);
    if (m.errorCode === null) {
      analysis.push(`- ${label('noFailure')}`);
      continue;
    }
    analysis.push(
      `- ${label('errorCode')}${colon}\`${m.errorCode}\`${m.symbolicName ? ` ${m.symbolicName}` : ''}`,
    );
    if (m.meaning) analysis.push(`- ${label('meaning')}${colon}${m.meaning[locale]}`);
    if (m.cause) analysis.push(`- ${label('cause')}${colon}${m.cause[locale]}`);
    if (m.evidence.length > 0) {
      analysis.push(`- ${label('evidence')}${colon.trimEnd()}`, '```');
      for (const e of m.evidence)
        analysis.push(
          codeLine([`${e.file}:${e.line}`, e.timestamp, evidenceText(e)].filter(Boolean).join('  ')),
        );
      analysis.push('```');
    }
  }
  if (analysis.length === 0) analysis.push(label('noFindings'));
  section('analysisTitle', analysis);

  if (summary.commonCause) section('commonCauseTitle', [commonCauseText(summary.commonCause, locale)]);
  section(
    'planTitle',
    summary.recommended.map((r, i) => `${i + 1}. ${r.title[locale]}`),
  );
  section(
    'stagesTitle',
    summary.tried.map((s) => `${s.number}. ${s.title[locale]}${colon}${stageOutcomeText(s, locale)}`),
  );
  section(
    'outcomeTitle',
    outcomeLinesOf(summary, locale).map((line) => `- ${line}`),
  );
  if (summary.survey) {
    const survey = [label('score', { score: summary.survey.score })];
    if (summary.survey.comment) survey.push(`> ${summary.survey.comment.replace(/\n/g, '\n> ')}`);
    section('surveyTitle', survey);
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------

/** Recommended actions: the stages proposed so far, then the plan's stages not proposed yet. */
function recommendedActions(
  findings: DiagnosisSummary[],
  stages: SummaryStage[],
): Array<{ playbookId: string; title: Localized }> {
  const list = stages.map((s) => ({ playbookId: s.playbookId, title: s.title }));
  const seen = new Set(list.map((s) => s.playbookId));
  for (const stage of planFor(findings)?.stages ?? []) {
    if (seen.has(stage.playbookId)) continue;
    seen.add(stage.playbookId);
    list.push({ playbookId: stage.playbookId, title: stage.title });
  }
  return list;
}

function analysisOf(d: DiagnosisSummary): MachineAnalysis {
  return {
    machine: d.machine,
    ...(d.osBuild ? { osBuild: d.osBuild } : {}),
    errorCode: d.errorCode ?? null,
    symbolicName: d.symbolicName ?? null,
    causeId: d.causeId ?? null,
    ...(d.meaning ? { meaning: d.meaning } : {}),
    ...(d.cause ? { cause: d.cause } : {}),
    evidence: (d.evidence ?? []).slice(0, MAX_EVIDENCE_LINES),
  };
}

/** The machines' common cause, as the diagnosis found it (shareOneFailure): its code, name and words. */
function commonCauseOf(machines: MachineAnalysis[]): NonNullable<CaseSummary['commonCause']> {
  const [first] = machines;
  const same = shareOneFailure(machines);
  const words = first.cause ?? first.meaning;
  return {
    same,
    count: machines.length,
    ...(same && words ? { reason: words } : {}),
    ...(same ? { errorCode: first.errorCode, symbolicName: first.symbolicName } : {}),
  };
}

function isFinding(value: unknown): value is DiagnosisSummary {
  const d = value as DiagnosisSummary | null;
  return typeof d === 'object' && d !== null && typeof d.machine === 'string';
}

/** The problem as stored (JSON the machine wrote, possibly by an older version): taken field by field. */
function problemOf(raw: unknown): ProblemDefinition | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  const count =
    typeof r.machineCount === 'number' && Number.isInteger(r.machineCount) && r.machineCount > 0
      ? r.machineCount
      : undefined;
  const problem: ProblemDefinition = {
    kbNumbers: strings(r.kbNumbers),
    errorCodes: strings(r.errorCodes),
    description: text(r.description) ?? '',
    ...(count !== undefined ? { machineCount: count } : {}),
  };
  for (const key of ['os', 'since', 'impact', 'contact'] as const) {
    const value = text(r[key]);
    if (value !== undefined) problem[key] = value;
  }
  const empty =
    problem.kbNumbers.length === 0 &&
    problem.errorCodes.length === 0 &&
    problem.description === '' &&
    Object.keys(problem).length === 3;
  return empty ? undefined : problem;
}

function surveyOf(raw: SurveyResult | undefined): SurveyResult | undefined {
  if (!raw || typeof raw.score !== 'number' || raw.score < 1 || raw.score > 5) return undefined;
  const comment =
    typeof raw.comment === 'string' && raw.comment.trim() !== '' ? raw.comment.trim() : undefined;
  return { score: Math.round(raw.score), ...(comment ? { comment } : {}) };
}

const STATUSES = ['open', 'awaiting-customer', 'awaiting-engineer', 'with-engineer', 'archived', 'closed'];

export function statusText(status: string, locale: Locale): string {
  return STATUSES.includes(status) ? t(locale, `summary.status.${status}`) : status;
}

/** Whether work went past stage `i` (ruled out): a later stage was answered or is the one proposed now. */
function passedOver(stages: readonly StageRecord[], i: number): boolean {
  const fixed = stages.some((s) => s.outcome === 'fixed');
  const proposed = fixed ? -1 : stages.findIndex((s) => s.outcome === undefined);
  return stages.some((s, j) => j > i && !s.ruledOut && (s.outcome !== undefined || j === proposed));
}

export function stageOutcomeText(stage: SummaryStage, locale: Locale): string {
  if (!stage.outcome) return t(locale, 'summary.stageOutcome.pending');
  if (stage.ruledOut) return t(locale, `summary.stageOutcome.ruledOut.${stage.ruledOut}`);
  if (stage.outcome === 'failed' && stage.errorCode)
    return t(locale, 'summary.stageOutcome.failedWithCode', { errorCode: stage.errorCode });
  return t(locale, `summary.stageOutcome.${stage.outcome}`);
}

export function progressText(item: ProgressItem, locale: Locale): string {
  switch (item.kind) {
    case 'opened':
      return t(locale, 'summary.progress.opened', { date: isoDate(item.at) });
    case 'analysed':
      return item.errorCode === null
        ? t(locale, 'summary.progress.analysedClean', { machine: item.machine })
        : t(locale, 'summary.progress.analysed', {
            machine: item.machine,
            error: [item.errorCode, item.symbolicName].filter(Boolean).join(' '),
          });
    case 'recommended':
      return t(locale, 'summary.progress.recommended', { count: item.count });
    case 'stage':
      return t(locale, 'summary.progress.stage', {
        number: item.stage.number,
        title: item.stage.title[locale],
        outcome: stageOutcomeText(item.stage, locale),
      });
    case 'engineerRequested':
      return t(locale, 'summary.progress.engineerRequested', { date: isoDate(item.at) });
    case 'attempt':
      return attemptText(item.attempt, item.machineCount, locale);
    case 'ended':
      if (item.fixes) return fixesText(item.fixes, item.machineCount ?? 0, locale);
      return item.fixedBy
        ? t(locale, 'summary.progress.resolvedBy', {
            number: item.fixedBy.number,
            title: item.fixedBy.title[locale],
          })
        : t(locale, `summary.outcomeDetail.${item.outcome}`);
    case 'archivedWithConsent':
      return t(locale, 'summary.progress.archivedWithConsent', { date: isoDate(item.at) });
    case 'reopened':
      return t(locale, 'summary.progress.reopened', { date: isoDate(item.at) });
    case 'archivedNoReply':
      return t(locale, 'summary.progress.archivedNoReply', { date: isoDate(item.at) });
  }
}

/** The attempts that were the last word on each machine that got fixed, in the order they were reported. */
function fixesOf(attempts: readonly SummaryAttempt[]): Fix[] {
  const last = new Map<string, SummaryAttempt>();
  for (const attempt of attempts)
    for (const r of attempt.results) {
      if (r.result === 'fixed') last.set(r.machine, attempt);
      else last.delete(r.machine);
    }
  const fixes: Fix[] = [];
  for (const [machine, attempt] of last) {
    const fix = fixes.find((f) => f.attempt === attempt);
    if (fix) fix.machines.push(machine);
    else fixes.push({ attempt, machines: [machine] });
  }
  return fixes;
}

/** "Fixed by “…” on both (…)." — one line per attempt that fixed machines. */
function fixesText(fixes: readonly Fix[], machineCount: number, locale: Locale): string {
  return fixes
    .map((f) =>
      t(locale, 'summary.fixedByAttempt', {
        title: f.attempt.title[locale],
        who: whoText(f.machines, machineCount, locale),
      }),
    )
    .join(' ');
}

/** The Outcome section: how the case ended, what fixed it, whether it was archived with consent. */
export function outcomeLinesOf(summary: CaseSummary, locale: Locale): string[] {
  const lines: string[] = [];
  if (summary.outcome) lines.push(t(locale, `summary.outcomeDetail.${summary.outcome}`));
  if (summary.fixedBy && summary.outcome === 'resolved')
    lines.push(
      t(locale, 'summary.fixedBy', { number: summary.fixedBy.number, title: summary.fixedBy.title[locale] }),
    );
  else if (summary.fixes.length > 0 && summary.outcome === 'resolved')
    lines.push(fixesText(summary.fixes, summary.machines.length, locale));
  if (summary.archivedWithConsent) lines.push(t(locale, 'summary.consent'));
  return lines;
}

export function commonCauseText(common: NonNullable<CaseSummary['commonCause']>, locale: Locale): string {
  if (!common.same) return t(locale, 'summary.commonCause.different', { count: common.count });
  // "0x80073712 ERROR_SXS_COMPONENT_STORE_CORRUPT: 组件库（WinSxS）已损坏", as the diagnosis said it.
  const code = [common.errorCode, common.symbolicName].filter(Boolean).join(' ');
  const words = common.reason?.[locale];
  const reason = [code, words].filter(Boolean).join(locale === 'zh-CN' ? '：' : ': ');
  return t(locale, 'summary.commonCause.same', { count: common.count, reason });
}

/** Dates in summaries are calendar days (UTC): the record keeps instants, people read days. */
export function isoDate(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '';
}

/** A line inside a Markdown code fence must not close it. */
function codeLine(text: string): string {
  return text.replace(/```/g, "'''");
}
