/**
 * Exponential backoff with jitter, for every retry in the server (model calls, runs): `baseMs · 2^n`, at
 * most `maxMs`, times a random factor in [1 − jitter, 1 + jitter) so that retries of many callers spread out.
 * `random` is injectable for tests.
 */
export function jitteredBackoffMs(
  n: number,
  policy: { baseMs: number; maxMs?: number; jitter: number },
  random: () => number = Math.random,
): number {
  const raw = Math.min(policy.maxMs ?? Number.POSITIVE_INFINITY, policy.baseMs * 2 ** Math.max(0, n));
  return Math.round(raw * (1 - policy.jitter + random() * 2 * policy.jitter));
}
