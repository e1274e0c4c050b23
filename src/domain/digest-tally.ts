/**
 * The counters behind the digest figures. Each keeps numbers only (counts,
 * durations) or a bounded list, never whole ticket rows, so that a digest
 * over 100,000 tickets stays small in memory.
 */
import { CATEGORIES, PRIORITIES, TIERS } from './types';
import type { Priority, TicketStatus } from './types';
import { OPEN_STATUSES } from './digest-types';
import type { Breakdown, CategoryKey, DigestTicket, OldestOpenTicket, OpenBreakdown, OpenStatus, Quantiles } from './digest-types';

/**
 * The p-th percentile by the nearest-rank method: sort a copy ascending and
 * take the value at rank ⌈p·n⌉ (1-based). It is always one of the values,
 * never an interpolation; the median of an even count is the lower middle
 * value (n = 4: rank 2). p must be in (0, 1]; undefined for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  return nearestRank(Float64Array.from(values).sort(), p);
}

/** `sorted` ascending. The rank is rounded to 9 decimals first so that a float product like 0.7·90 = 62.99999999999999 does not move it. */
function nearestRank(sorted: ArrayLike<number>, p: number): number | undefined {
  if (!(p > 0 && p <= 1)) throw new RangeError(`percentile p must be in (0, 1], got ${p}`);
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil(Math.round(p * sorted.length * 1e9) / 1e9);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
}

export function zeros<K extends string | number>(keys: readonly K[]): Record<K, number> {
  const record = {} as Record<K, number>;
  for (const key of keys) record[key] = 0;
  return record;
}

export function emptyBreakdown(): Breakdown {
  return { total: 0, byPriority: zeros(PRIORITIES), byTier: zeros(TIERS), byCategory: zeros<CategoryKey>([...CATEGORIES, 'none']) };
}

export function emptyOpenBreakdown(): OpenBreakdown {
  return { ...emptyBreakdown(), byStatus: zeros(OPEN_STATUSES) };
}

export function countInto(breakdown: Breakdown, t: DigestTicket): void {
  breakdown.total += 1;
  breakdown.byPriority[t.priority] += 1;
  breakdown.byTier[t.tier] += 1;
  breakdown.byCategory[t.category ?? 'none'] += 1;
}

/** A copy, so that a result does not change when more tickets are added. */
export function copyBreakdown<B extends Breakdown>(breakdown: B): B {
  const copy = { ...breakdown, byPriority: { ...breakdown.byPriority }, byTier: { ...breakdown.byTier }, byCategory: { ...breakdown.byCategory } };
  if ('byStatus' in breakdown) (copy as unknown as OpenBreakdown).byStatus = { ...(breakdown as unknown as OpenBreakdown).byStatus };
  return copy;
}

export function isOpen(status: TicketStatus): status is OpenStatus {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** Durations per priority, and how many had a target and met it. */
export interface TimingTally {
  /** `met` is undefined when the ticket had no due date. */
  add(priority: Priority, ms: number, met: boolean | undefined): void;
  result(): Record<Priority | 'all', Quantiles>;
}

export function createTimingTally(): TimingTally {
  const durations = new Map<Priority, number[]>(PRIORITIES.map((p) => [p, []]));
  const withTarget = zeros(PRIORITIES);
  const withinTarget = zeros(PRIORITIES);
  return {
    add(priority, ms, met) {
      durations.get(priority)?.push(ms);
      if (met === undefined) return;
      withTarget[priority] += 1;
      if (met) withinTarget[priority] += 1;
    },
    result() {
      const result = {} as Record<Priority | 'all', Quantiles>;
      for (const p of PRIORITIES) result[p] = quantiles(durations.get(p) ?? [], withTarget[p], withinTarget[p]);
      const all = PRIORITIES.flatMap((p) => durations.get(p) ?? []);
      result.all = quantiles(all, sum(PRIORITIES.map((p) => withTarget[p])), sum(PRIORITIES.map((p) => withinTarget[p])));
      return result;
    },
  };
}

/** Figures that do not exist (no durations, no targets) are left out, not set to undefined. */
function quantiles(values: readonly number[], withTarget: number, withinTarget: number): Quantiles {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    ...(sorted.length > 0 ? { medianMs: nearestRank(sorted, 0.5), p90Ms: nearestRank(sorted, 0.9) } : {}),
    withTarget,
    withinTarget,
    ...(withTarget > 0 ? { compliance: withinTarget / withTarget } : {}),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * The `limit` oldest open tickets, oldest first: a sorted list that never
 * grows past `limit`, so a scan of every open ticket keeps only a few.
 * Equal creation times are ordered by ticket number so the list does not
 * depend on the order rows arrive in.
 */
export interface OldestList {
  /** `make` is called only when the ticket gets onto the list. */
  offer(createdMs: number, number: string, make: () => OldestOpenTicket): void;
  result(): OldestOpenTicket[];
}

export function createOldestList(limit: number): OldestList {
  const kept: Array<{ createdMs: number; entry: OldestOpenTicket }> = [];
  const before = (ms: number, number: string, other: { createdMs: number; entry: OldestOpenTicket }) =>
    ms < other.createdMs || (ms === other.createdMs && number < other.entry.number);
  return {
    offer(createdMs, number, make) {
      if (limit === 0 || (kept.length === limit && !before(createdMs, number, kept[kept.length - 1]))) return;
      let lo = 0;
      let hi = kept.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (before(createdMs, number, kept[mid])) hi = mid;
        else lo = mid + 1;
      }
      kept.splice(lo, 0, { createdMs, entry: make() });
      if (kept.length > limit) kept.pop();
    },
    result: () => kept.map((k) => ({ ...k.entry })),
  };
}
