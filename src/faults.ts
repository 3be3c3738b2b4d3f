/**
 * Named moments where the crash tests kill the process (`kill -9` from inside, at an exact point rather
 * than at a guessed millisecond): `UCB_TEST_CRASH_AT=<point>[@<n>]` kills it the n-th time (default the
 * first) the point is reached. Unset — always, outside those tests — this does nothing.
 */
const spec = process.env.UCB_TEST_CRASH_AT ?? '';
const [wanted, nth] = spec.split('@');
let seen = 0;

export function crashPoint(name: string): void {
  if (!spec || name !== wanted) return;
  seen += 1;
  if (seen === Number(nth || 1)) process.kill(process.pid, 'SIGKILL');
}
