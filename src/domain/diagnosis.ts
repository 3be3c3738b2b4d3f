/**
 * What the conversation keeps of one machine's diagnosis (the full report stays with the job), and the
 * parts it is made of. Pure types and rules; cards, summaries and records share them.
 */
import type { FileId } from './caseRecord';

/** Text in both languages, for facts that come from the knowledge base rather than the catalogs. */
export interface Localized {
  en: string;
  'zh-CN': string;
}

/** What the dialog needs of one machine's diagnosis; the full report stays with the job. */
export interface DiagnosisSummary {
  uploadId: string;
  /** Host name from the bundle, else the upload's name. */
  machine: string;
  /**
   * The machine's host name (from its data or the upload's name pattern), null when nothing names it.
   * Two diagnoses with the same host (any case) are one machine; without one, each upload is its own.
   * Absent in summaries recorded before host names were kept: then `machine` is the key.
   */
  hostName?: string | null;
  osBuild?: string;
  /** null when the logs show no failure. */
  errorCode: string | null;
  symbolicName: string | null;
  causeId: string | null;
  confidence?: number;
  meaning?: Localized;
  cause?: Localized;
  /** Up to three lines that prove it: file, line number, timestamp, masked text. */
  evidence: Array<{ file: string; line: number; timestamp?: string; text: string }>;
  kb?: { kb: string; verdict: 'applies' | 'wrong-build' | 'unknown'; note: Localized };
  /** 'wsus', 'windows-update' or 'offline' (the machine's update policy). */
  updateSource?: string;
  /** The WSUS server the policy names, if any. */
  updateServer?: string;
  /** Logs the bundle should have had but did not (e.g. 'CBS.log'). */
  missingLogs: string[];
  /** The logs the bundle held, by kind ('CBS.log', 'WindowsUpdate.log' …); absent in older summaries. */
  logsRead?: string[];
  /** The log the decisive failure was found in ('CBS.log' …), when there is one. */
  failureLog?: string;
  /** The cause's first remediation playbook. */
  nextStep?: { playbookId: string; title: Localized };
  /** Where this machine gets updates from (decides e.g. the DISM repair source). */
  environment?: Environment;
  /**
   * The logs name a package missing from the component store ("manifest missing for package ...", "CBS MUM
   * Missing"): what installing that package from the Catalog needs. Absent in summaries recorded before.
   */
  missingPackageNamed?: boolean;
  /**
   * The cause's remediation playbooks in the knowledge base's order (least invasive first): the stages
   * the bot proposes one after another. Absent or empty when nothing conclusive was found.
   */
  plan?: PlanStage[];
}

/** Where a machine gets its updates: Windows Update on the internet, a WSUS server, or nothing. */
export type Environment = 'internet' | 'wsus' | 'offline';

/**
 * What a stage needs that the case's facts can rule out: a package the logs name as missing (installing it
 * from the Catalog), installation media the user has (an in-place repair), or a source of repair files
 * (a DISM repair: Windows Update where the machine reaches it, so only a WSUS-only or offline machine
 * needs installation media for it).
 */
export type StageNeed = 'missing-package-named' | 'installation-media' | 'repair-source';

export const STAGE_NEEDS: readonly StageNeed[] = [
  'missing-package-named',
  'installation-media',
  'repair-source',
];

/** The needs that installation media meets: the user's "no media" rules them out, media at hand back in. */
export const MEDIA_NEEDS: ReadonlySet<StageNeed> = new Set<StageNeed>([
  'installation-media',
  'repair-source',
]);

/** One remediation stage as the diagnosis proposes it. */
export interface PlanStage {
  playbookId: string;
  title: Localized;
  /** What the stage needs (from its playbook); a stage whose need the case rules out is passed over. */
  needs?: StageNeed[];
  /** Files the stage hands the user (scripts), sent with the stage's card. */
  fileIds?: FileId[];
  /** The playbook advises an engineer (expert-only fix). */
  escalate?: boolean;
}

/**
 * An evidence line's text without the timestamp it starts with when the card shows that timestamp beside
 * it ("2022-05-19 11:49:09, Error CBS …" -> "Error CBS …").
 */
export function evidenceText(line: { text: string; timestamp?: string }): string {
  if (!line.timestamp || !line.text.startsWith(line.timestamp)) return line.text;
  return line.text.slice(line.timestamp.length).replace(/^[,\s]+/, '') || line.text;
}

/**
 * What makes two diagnoses the same machine: the host name (case-insensitive on Windows, without its
 * domain); without a host, the upload and the name it was given (two lone WindowsUpdate.log files are two
 * machines). Summaries from before host names were kept (`hostName` absent) use their machine name.
 */
export function machineKeyOf(summary: Pick<DiagnosisSummary, 'machine' | 'hostName' | 'uploadId'>): string {
  if (summary.hostName === undefined) return legacyKey(summary.machine);
  if (summary.hostName === null) return `upload:${summary.uploadId}:${summary.machine.trim().toLowerCase()}`;
  return hostKeyOf(summary.hostName);
}

/** `BANK\TERM-0231$`, `term-0231.bank.local` and `TERM-0231` are one host. */
export function hostKeyOf(host: string): string {
  let v = host.trim();
  if (v.includes('\\')) v = v.slice(v.lastIndexOf('\\') + 1);
  v = v.replace(/\$$/, '');
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(v)) v = v.split('.')[0];
  return `host:${v.toLowerCase()}`;
}

function legacyKey(machine: string): string {
  return hostKeyOf(machine);
}

/** The log types the knowledge base's rules and per-log causes are written for. */
export const RULE_FORMATS = [
  'cbs',
  'dism',
  'windowsupdate',
  'windowsupdate-classic',
  'reportingevents',
  'panther',
  'eventlog',
] as const;
/**
 * Whether diagnosed machines fail for one reason, as the diagnosis tells the user and the summary files it:
 * every machine has a decisive error, and they share the cause or the error code (rules may name different
 * causes for the same code when one log shows more; 0x80073712 on both terminals is one failure).
 */
export function shareOneFailure(
  diagnoses: ReadonlyArray<Pick<DiagnosisSummary, 'errorCode' | 'causeId'>>,
): boolean {
  if (diagnoses.length === 0 || diagnoses.some((d) => d.errorCode === null)) return false;
  const [first] = diagnoses;
  const sameCode = diagnoses.every((d) => d.errorCode === first.errorCode);
  const sameCause = first.causeId !== null && diagnoses.every((d) => d.causeId === first.causeId);
  return sameCode || sameCause;
}
