/**
 * The data of the log-collection and diagnosis cards (cards/log-collection.template.json, diagnosis): what
 * the case's uploads and one machine's diagnosis show, as strings ready to show in the card's language.
 */
import type { DiagnosisCardInput, LogCollectionCardInput } from '../../domain/cards';
import { evidenceText, type Localized } from '../../domain/diagnosis';
import type { Locale } from '../../domain/locale';
// A diagnosis card shows as many evidence lines as the case summary quotes per machine.
import { MAX_EVIDENCE_LINES } from '../../cases/summary';

/** The log-collection card's own data; the runner adds `uploadUrl` and `uploadExpires`. */
export function logCollectionCardData(input: LogCollectionCardInput): Record<string, unknown> {
  const uploads = input.uploads.map((u) => ({
    label: u.machine !== undefined && u.machine !== u.name ? `${u.machine} (${u.name})` : u.name,
    status: u.status,
  }));
  return {
    caseNumber: input.caseNumber,
    machineCount: input.machineCount,
    receivedCount: input.receivedCount,
    hasUploads: uploads.length > 0,
    uploads,
  };
}

/**
 * The diagnosis card's data, as strings ready to show in `locale` (empty when unknown) so the template
 * needs no logic beyond `$when`.
 */
export function diagnosisCardData(
  { summary, caseNumber }: Omit<DiagnosisCardInput, 'card'>,
  locale: Locale,
): Record<string, unknown> {
  const evidence = summary.evidence.slice(0, MAX_EVIDENCE_LINES).map((line) => ({
    location: `${line.file}:${line.line}`,
    timestamp: line.timestamp ?? '',
    text: evidenceText(line),
  }));
  return {
    caseNumber,
    uploadId: summary.uploadId,
    machine: summary.machine,
    osBuild: summary.osBuild ?? '',
    found: summary.errorCode !== null,
    errorCode: summary.errorCode ?? '',
    symbolicName: summary.symbolicName ?? '',
    meaning: localized(summary.meaning, locale),
    cause: localized(summary.cause, locale),
    hasEvidence: evidence.length > 0,
    evidence,
    hasKb: summary.kb !== undefined,
    kbNumber: summary.kb?.kb ?? '',
    kbVerdict: summary.kb?.verdict ?? '',
    kbNote: localized(summary.kb?.note, locale),
    updateSource: summary.updateSource ?? '',
    updateServer: summary.updateServer ?? '',
    hasMissingLogs: summary.missingLogs.length > 0,
    missingLogs: summary.missingLogs.join(', '),
    nextStep: localized(summary.nextStep?.title, locale),
  };
}

function localized(text: Localized | undefined, locale: Locale): string {
  return text?.[locale] ?? '';
}
