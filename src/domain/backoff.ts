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
  const exp = Math.min(policy.maxMs, policy.initialMs * Math.pow(policy.factor, Math.max(0, attempt)));
  // Half fixed, half random: never zero (no hot loop), never above the cap.
  return Math.round(exp / 2 + random() * (exp / 2));
}
