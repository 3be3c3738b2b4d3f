/** Waiting before another try: exponential, with jitter, never sooner than the other side asked. */

export interface BackoffOptions {
  /** The first retry waits about this long. */
  baseMs: number;
  /** No wait is longer than this (default 10 minutes), unless `retryAfterMs` asks for more. */
  maxMs?: number;
  /** The other side's Retry-After, if it gave one. */
  retryAfterMs?: number;
  /** 0..1 (default Math.random); tests pass a fixed value. */
  random?: () => number;
}

/** The wait before attempt `failures + 1`: base·2^failures, ±50 % jitter, capped, at least Retry-After. */
export function backoffDelay(failures: number, options: BackoffOptions): number {
  const max = options.maxMs ?? 10 * 60_000;
  const exponential = Math.min(max, options.baseMs * 2 ** Math.min(failures, 30));
  const jittered = Math.round(exponential * (0.5 + (options.random ?? Math.random)()));
  return Math.max(options.retryAfterMs ?? 0, Math.min(max, jittered));
}
