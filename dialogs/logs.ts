/**
 * Log collection and diagnosis bookkeeping of a case: its uploads and their diagnoses, where a job's
 * result leads the conversation, and what the machines have in common (the cards' data is built in
 * src/cards/data/). Pure functions; the case machine calls them from its guards and actions.
 */
import {
  hostKeyOf,
  machineKeyOf,
  shareOneFailure,
  type DiagnosisSummary,
  type Localized,
} from '../src/domain/diagnosis';
import type { Locale } from '../src/domain/locale';
import type { ProblemDraft } from './problem';

export type UploadStatus = 'received' | 'diagnosed' | 'failed';

/** One bundle of the case, from its arrival to its diagnosis (or failure). */
export interface UploadEntry {
  uploadId: string;
  /** The name the uploader gave; display only. */
  name: string;
  status: UploadStatus;
  /** The machine its diagnosis named (the last one, when the upload held several). */
  machine?: string;
  /** Keys (see machineKeyOf) of every machine its diagnoses named. */
  machineKeys?: string[];
}

/** What the log steps know: absent lists (snapshots from before uploads existed) count as empty. */
export interface LogsProgress {
  problem: ProblemDraft;
  uploads?: UploadEntry[];
  diagnoses?: DiagnosisSummary[];
}

/** The step a case's log work is at: waiting for logs, diagnosing some, or every machine diagnosed. */
export type LogsPhase = 'awaitingLogs' | 'diagnosing' | 'diagnosed';

/** What the diagnoses of all machines say together. */
export type CommonFinding =
  { kind: 'single' } | { kind: 'same'; reason: string } | { kind: 'different' } | { kind: 'inconclusive' };

/** Adds a newly stored upload; an id already known stays as it is (a redelivered event). */
export function addUpload(uploads: readonly UploadEntry[], uploadId: string, name: string): UploadEntry[] {
  if (uploads.some((u) => u.uploadId === uploadId)) return [...uploads];
  return [...uploads, { uploadId, name, status: 'received' }];
}

export function markDiagnosed(uploads: readonly UploadEntry[], summary: DiagnosisSummary): UploadEntry[] {
  const key = machineKeyOf(summary);
  return uploads.map((u) =>
    u.uploadId === summary.uploadId
      ? {
          ...u,
          status: 'diagnosed',
          machine: summary.machine,
          machineKeys: [...(u.machineKeys ?? []).filter((k) => k !== key), key],
        }
      : u,
  );
}

export function markFailed(uploads: readonly UploadEntry[], uploadId: string): UploadEntry[] {
  return uploads.map((u) => (u.uploadId === uploadId ? { ...u, status: 'failed' } : u));
}

/**
 * Adds a diagnosis, replacing an earlier one of the same machine: an upload naming a host already diagnosed
 * is that machine's new logs (after a repair, say), not another machine.
 */
export function withDiagnosis(
  diagnoses: readonly DiagnosisSummary[],
  summary: DiagnosisSummary,
): DiagnosisSummary[] {
  const key = machineKeyOf(summary);
  return [...diagnoses.filter((d) => machineKeyOf(d) !== key), summary];
}

/** The earlier diagnosis of the same machine, if any (what new logs are compared with). */
export function previousDiagnosis(
  diagnoses: readonly DiagnosisSummary[],
  summary: DiagnosisSummary,
): DiagnosisSummary | undefined {
  const key = machineKeyOf(summary);
  return diagnoses.find((d) => d.uploadId !== summary.uploadId && machineKeyOf(d) === key);
}

export function isKnownUpload(progress: LogsProgress, uploadId: string): boolean {
  return uploadsOf(progress).some((u) => u.uploadId === uploadId);
}

/** Uploads stored but not yet diagnosed. */
export function inFlight(progress: LogsProgress): number {
  return uploadsOf(progress).filter((u) => u.status === 'received').length;
}

/** Machines diagnosed so far (one per host; a machine without a host name is one per upload). */
export function machinesDiagnosed(progress: LogsProgress): number {
  return new Set(diagnosesOf(progress).map(machineKeyOf)).size;
}

/** How many machines the case expects logs from: the problem's count (1 if unknown), or more if more came. */
export function expectedMachines(progress: LogsProgress): number {
  return Math.max(progress.problem.machineCount ?? 1, machinesDiagnosed(progress));
}

/**
 * Machines whose logs arrived: diagnosed machines, plus each upload still being read (its machine is
 * not known yet, so it counts as one); failed uploads do not count. Never more than expected.
 */
export function machinesReceived(progress: LogsProgress): number {
  const keys = new Set<string>(diagnosesOf(progress).map(machineKeyOf));
  for (const upload of uploadsOf(progress)) {
    if (upload.status === 'failed') continue;
    if (upload.machineKeys?.length) for (const k of upload.machineKeys) keys.add(k);
    else if (upload.machine !== undefined) keys.add(hostKeyOf(upload.machine));
    else keys.add(`upload:${upload.uploadId}`);
  }
  return Math.min(keys.size, expectedMachines(progress));
}

/** Where the log work stands: uploads in flight keep it diagnosing; then diagnosed once all machines are. */
export function phaseOf(progress: LogsProgress): LogsPhase {
  if (inFlight(progress) > 0) return 'diagnosing';
  return machinesDiagnosed(progress) >= expectedMachines(progress) ? 'diagnosed' : 'awaitingLogs';
}

/**
 * Whether the machines fail for the same reason: the same cause (or, without one, the same error code)
 * on every machine. Machines without a decisive failure make the picture different, or inconclusive
 * when none has one.
 */
export function commonFinding(diagnoses: readonly DiagnosisSummary[], locale: Locale): CommonFinding {
  if (diagnoses.length <= 1)
    return diagnoses[0]?.errorCode === null ? { kind: 'inconclusive' } : { kind: 'single' };
  if (diagnoses.every((d) => d.errorCode === null)) return { kind: 'inconclusive' };
  return shareOneFailure(diagnoses)
    ? { kind: 'same', reason: reasonOf(diagnoses[0], locale) }
    : { kind: 'different' };
}

/** "0x80073712 (ERROR_SXS_COMPONENT_STORE_CORRUPT): the component store is corrupted." */
export function reasonOf(summary: DiagnosisSummary, locale: Locale): string {
  const code = [summary.errorCode, summary.symbolicName && `(${summary.symbolicName})`]
    .filter(Boolean)
    .join(' ');
  const words = localized(summary.cause, locale) || localized(summary.meaning, locale);
  return [code, words].filter(Boolean).join(': ');
}

function uploadsOf(progress: LogsProgress): UploadEntry[] {
  return progress.uploads ?? [];
}

function diagnosesOf(progress: LogsProgress): DiagnosisSummary[] {
  return progress.diagnoses ?? [];
}

function localized(text: Localized | undefined, locale: Locale): string {
  return text?.[locale] ?? '';
}
