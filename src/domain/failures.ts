/**
 * Why an upload was refused or could not be diagnosed, and the catalogue message that says so. The codes
 * are the intake's (src/uploads RefusalCode) and the bundle reader's (src/diagnosis/bundle BundleErrorCode).
 */
/** Why the upload intake refused a file (src/uploads RefusalCode); each has a `upload.refused.<code>` message. */
export const REFUSAL_CODES = [
  'too-large',
  'case-full',
  'empty',
  'executable',
  'not-a-bundle',
  'download-failed',
  'expired-link',
  'invalid-link',
  'revoked-link',
  'case-closed',
] as const;

/** Why the bundle reader refused a bundle (src/diagnosis/bundle BundleError); each has a user message. */
export const BUNDLE_ERROR_CODES = [
  'not-found',
  'not-archive',
  'empty',
  'too-many-entries',
  'too-large',
  'bomb',
  'too-deep',
  'unsafe-name',
  'encrypted',
  'truncated',
  'executable',
  'unsupported',
  'cab-unavailable',
] as const;

/**
 * Why a stored upload could not be diagnosed: the bundle reader's codes (src/diagnosis/bundle
 * BundleErrorCode) and 'no-usable-logs'; each has a `diagnosis.failed.<code>` message.
 */
export const DIAGNOSIS_FAILURE_CODES = [...BUNDLE_ERROR_CODES, 'no-usable-logs'] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];
export type DiagnosisFailureCode = (typeof DIAGNOSIS_FAILURE_CODES)[number];

/** A catalogue key that explains a refusal or a failed diagnosis. */
export type FailureKey =
  | `upload.refused.${RefusalCode}`
  | 'upload.refused.other'
  | `diagnosis.failed.${DiagnosisFailureCode}`
  | 'diagnosis.failed.other';

const REFUSALS: ReadonlySet<string> = new Set(REFUSAL_CODES);
const DIAGNOSIS_FAILURES: ReadonlySet<string> = new Set(DIAGNOSIS_FAILURE_CODES);

/**
 * The message for a refused upload. The intake refuses for its own reasons (size, type, link) and, when
 * it checks an archive before accepting it, for the bundle reader's reasons — which read the same
 * whether they are found at upload or at diagnosis.
 */
export function refusalKey(code: string): FailureKey {
  if (REFUSALS.has(code)) return `upload.refused.${code}` as FailureKey;
  if (DIAGNOSIS_FAILURES.has(code)) return `diagnosis.failed.${code}` as FailureKey;
  return 'upload.refused.other';
}

export function diagnosisFailureKey(code: string): FailureKey {
  return DIAGNOSIS_FAILURES.has(code) ? (`diagnosis.failed.${code}` as FailureKey) : 'diagnosis.failed.other';
}
