/** The data of the case summary card (cards/summary.template.json), from the case summary (src/cases/summary.ts). */
import { evidenceText } from '../../domain/diagnosis';
import type { Locale } from '../../domain/locale';
import { t } from '../../i18n';
import {
  commonCauseText,
  isoDate,
  outcomeLinesOf,
  progressText,
  stageOutcomeText,
  statusText,
  type CaseSummary,
} from '../../cases/summary';

/** The data of cards/summary.template.json in `locale`: strings ready to show, flags for `$when`. */
export function summaryCardData(summary: CaseSummary, locale: Locale): Record<string, unknown> {
  const p = summary.problem;
  const machines = summary.machines.map((m) => ({
    machine: m.machine,
    osBuild: m.osBuild ?? '',
    found: m.errorCode !== null,
    errorCode: m.errorCode ?? '',
    symbolicName: m.symbolicName ?? '',
    meaning: m.meaning?.[locale] ?? '',
    cause: m.cause?.[locale] ?? '',
    hasEvidence: m.evidence.length > 0,
    evidence: m.evidence.map((e) => ({
      location: `${e.file}:${e.line}`,
      timestamp: e.timestamp ?? '',
      text: evidenceText(e),
    })),
  }));
  const stages = summary.tried.map((s) => ({
    number: s.number,
    title: s.title[locale],
    outcome: s.outcome ?? '',
    outcomeText: stageOutcomeText(s, locale),
  }));
  const outcomeLines = outcomeLinesOf(summary, locale).map((text) => ({ text }));
  return {
    caseNumber: summary.caseNumber,
    status: summary.status,
    statusText: statusText(summary.status, locale),
    archived: summary.archived,
    priority: summary.priority ?? '',
    owner: summary.owner ?? '',
    outcome: summary.outcome ?? '',
    outcomeText: summary.outcome ? t(locale, `summary.outcome.${summary.outcome}`) : '',
    opened: isoDate(summary.openedAt),
    hasProblem: p !== undefined,
    os: p?.os ?? '',
    kbNumbers: (p?.kbNumbers ?? []).join(', '),
    errorCodes: (p?.errorCodes ?? []).join(', '),
    machineCountText: p?.machineCount === undefined ? '' : String(p.machineCount),
    since: p?.since ?? '',
    impact: p?.impact ?? '',
    description: p?.description ?? '',
    hasProgress: summary.progress.length > 0,
    progress: summary.progress.map((item) => ({ text: progressText(item, locale) })),
    hasFindings: machines.length > 0,
    machines,
    hasCommonCause: summary.commonCause !== undefined,
    commonCause: summary.commonCause ? commonCauseText(summary.commonCause, locale) : '',
    hasPlan: summary.recommended.length > 0,
    plan: summary.recommended.map((r, i) => ({ number: i + 1, title: r.title[locale] })),
    hasStages: stages.length > 0,
    stages,
    hasOutcome: outcomeLines.length > 0,
    outcomeLines,
    hasSurvey: summary.survey !== undefined,
    score: summary.survey?.score ?? 0,
    surveyComment: summary.survey?.comment ?? '',
  };
}
