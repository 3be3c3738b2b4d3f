/**
 * What the user tried, per machine, as the case summary and the timeline tell it: attempts of one stage (or
 * one action outside the plan) taken together, each machine's latest result; a failure the user gave no code
 * for carries the machine's code from the diagnosis ("两台均失败（0x80073712）"). Pure, in either language.
 */
import type { Attempt, MachineResult } from '../domain/attempts';
import type { DiagnosisSummary, Localized } from '../domain/diagnosis';
import type { Locale } from '../domain/locale';
import { t } from '../i18n';

/** One line of progress: a stage (numbered) or an action outside the plan, with each machine's result. */
export interface SummaryAttempt {
  /** The stage's number (1-based) when the action is one of the plan's. */
  number?: number;
  action?: string;
  title: Localized;
  backup: boolean;
  results: MachineResult[];
  kb?: string;
}

/**
 * The attempts of a record, one per stage or action in the order first reported; a machine reported twice on
 * the same stage keeps its latest result. `codes` gives each machine's error code from its diagnosis.
 */
export function summaryAttempts(
  attempts: readonly Attempt[],
  codes: ReadonlyMap<string, string>,
): SummaryAttempt[] {
  const byKey = new Map<string, SummaryAttempt>();
  for (const attempt of attempts) {
    if (!Array.isArray(attempt.results)) continue;
    const key = attempt.stage !== undefined ? `stage:${attempt.stage}` : `action:${attempt.action ?? ''}`;
    const entry = byKey.get(key) ?? {
      ...(attempt.stage !== undefined ? { number: attempt.stage + 1 } : {}),
      ...(attempt.action ? { action: attempt.action } : {}),
      title: attempt.title,
      backup: false,
      results: [],
    };
    entry.backup ||= attempt.backup === true;
    if (attempt.kb) entry.kb = attempt.kb;
    for (const r of attempt.results) {
      const errorCode = r.errorCode ?? (r.result === 'failed' ? codes.get(r.machine) : undefined);
      const result: MachineResult = {
        machine: r.machine,
        result: r.result,
        ...(errorCode ? { errorCode } : {}),
      };
      const at = entry.results.findIndex((x) => x.machine === r.machine);
      if (at >= 0) entry.results[at] = result;
      else entry.results.push(result);
    }
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/** Each machine's error code in the diagnoses, by host name and by the name it was diagnosed as. */
export function machineCodes(findings: readonly DiagnosisSummary[]): Map<string, string> {
  const codes = new Map<string, string>();
  for (const d of findings) {
    if (!d.errorCode) continue;
    if (d.hostName) codes.set(d.hostName, d.errorCode);
    codes.set(d.machine, d.errorCode);
  }
  return codes;
}

/** The attempt as one line: "第 1 步“…”：两台（TERM-0231、TERM-0232）均失败（0x80073712）。" */
export function attemptText(attempt: SummaryAttempt, machineCount: number, locale: Locale): string {
  const params = {
    title: attempt.title[locale],
    backup: attempt.backup ? t(locale, 'summary.attempt.backup') : '',
    results: resultsText(attempt, machineCount, locale),
  };
  return attempt.number !== undefined
    ? t(locale, 'summary.attempt.stage', { ...params, number: attempt.number })
    : t(locale, 'summary.attempt.action', params);
}

/** "fixed on both (TERM-0231, TERM-0232)" / "TERM-0231已解决、TERM-0232失败（0x80073712）". */
function resultsText(attempt: SummaryAttempt, machineCount: number, locale: Locale): string {
  const groups: Array<{ result: MachineResult['result']; code?: string; machines: string[] }> = [];
  for (const r of attempt.results) {
    const group = groups.find((g) => g.result === r.result && g.code === r.errorCode);
    if (group) group.machines.push(r.machine);
    else
      groups.push({ result: r.result, ...(r.errorCode ? { code: r.errorCode } : {}), machines: [r.machine] });
  }
  const parts = groups.map((g) => {
    const who = whoText(g.machines, machineCount, locale);
    if (g.result === 'failed' && g.code)
      return t(locale, 'summary.results.failedWithCode', { who, code: g.code });
    return t(locale, `summary.results.${g.result}`, { who });
  });
  const installed =
    attempt.kb && attempt.results.some((r) => r.result === 'fixed')
      ? t(locale, 'summary.results.kb', { kb: attempt.kb })
      : '';
  return listText(parts, locale) + installed;
}

/** "both (…)", "all 5 (…)" when every machine of the case is meant, else the machines' names. */
export function whoText(machines: readonly string[], machineCount: number, locale: Locale): string {
  // Hosts in their natural order (TERM-0231 before TERM-0232), whichever upload was diagnosed first.
  const names = listText(
    [...machines].sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' })),
    locale,
  );
  if (machines.length < 2 || machines.length < machineCount) return names;
  return machines.length === 2
    ? t(locale, 'summary.results.both', { machines: names })
    : t(locale, 'summary.results.all', { machines: names, count: machines.length });
}

function listText(items: readonly string[], locale: Locale): string {
  return new Intl.ListFormat(locale, { type: 'conjunction', style: 'narrow' }).format(items);
}
