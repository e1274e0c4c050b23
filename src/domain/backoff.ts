/**
 * Capped exponential backoff with full jitter, for reconnect loops.
 * `random` is passed in so tests can pin it.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 60_000, factor: 2 };

export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  // A NaN attempt would make a zero timer and a hot loop: treat it as the first attempt.
  const n = Number.isFinite(attempt) ? Math.max(0, attempt) : 0;
  const exp = Math.min(policy.maxMs, policy.initialMs * Math.pow(policy.factor, n));
  // Half fixed, half random: never zero (no hot loop), never above the cap.
  return Math.round(exp / 2 + random() * (exp / 2));
}
