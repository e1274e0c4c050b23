import assert from 'node:assert/strict';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/domain/backoff';
import type { BackoffPolicy } from '../../src/domain/backoff';

const POLICY: BackoffPolicy = { initialMs: 1000, maxMs: 60_000, factor: 2 };
const ATTEMPTS = Array.from({ length: 40 }, (_, i) => i);

/** The capped exponential value before jitter, computed independently of the module. */
function capped(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
}

/** A seeded generator in [0, 1), so the bounds are checked over many values reproducibly. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('backoff', () => {
  it('grows with the attempt until it reaches the cap', () => {
    for (const r of [0, 0.5, 0.999999]) {
      const delays = ATTEMPTS.map((a) => backoffDelay(a, POLICY, () => r));
      for (let i = 1; i < delays.length; i++) assert.ok(delays[i] >= delays[i - 1], `attempt ${i} with random ${r}: ${delays[i]} < ${delays[i - 1]}`);
      assert.ok(delays[5] > delays[0], `random ${r}`);
    }
    // With the random part pinned, each step doubles until the cap.
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(a, POLICY, () => 1)),
      [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000],
    );
  });

  it('never exceeds the maximum', () => {
    const random = seeded(1);
    for (let i = 0; i < 1000; i++) {
      for (const a of [...ATTEMPTS, 1000, 10_000]) assert.ok(backoffDelay(a, POLICY, random) <= POLICY.maxMs, `attempt ${a}`);
    }
    assert.equal(backoffDelay(10_000, POLICY, () => 1), POLICY.maxMs);
  });

  it('never goes below half of the capped value', () => {
    const random = seeded(2);
    for (let i = 0; i < 1000; i++) {
      for (const a of ATTEMPTS) assert.ok(backoffDelay(a, POLICY, random) >= capped(a, POLICY) / 2, `attempt ${a}`);
    }
    assert.equal(backoffDelay(0, POLICY, () => 0), 500);
    assert.equal(backoffDelay(100, POLICY, () => 0), 30_000);
  });

  it('treats a negative attempt like the first one', () => {
    assert.equal(backoffDelay(-3, POLICY, () => 0.5), backoffDelay(0, POLICY, () => 0.5));
  });

  it('is deterministic with a pinned random', () => {
    assert.equal(backoffDelay(3, POLICY, () => 0.25), 5000); // 8000 / 2 + 0.25 * 4000
    assert.equal(backoffDelay(3, POLICY, () => 0.25), backoffDelay(3, POLICY, () => 0.25));
    const a = seeded(42);
    const b = seeded(42);
    assert.deepEqual(
      ATTEMPTS.map((n) => backoffDelay(n, POLICY, a)),
      ATTEMPTS.map((n) => backoffDelay(n, POLICY, b)),
    );
  });

  it('uses the default policy when none is given: 1 s doubling to 60 s', () => {
    assert.deepEqual(DEFAULT_BACKOFF, { initialMs: 1000, maxMs: 60_000, factor: 2 });
    assert.equal(backoffDelay(0, undefined, () => 1), 1000);
    assert.equal(backoffDelay(20, undefined, () => 1), 60_000);
  });

  it('returns whole milliseconds', () => {
    const random = seeded(3);
    const odd: BackoffPolicy = { initialMs: 333, maxMs: 10_001, factor: 1.7 };
    for (let i = 0; i < 200; i++) assert.ok(Number.isInteger(backoffDelay(i % 20, odd, random)));
  });
});
