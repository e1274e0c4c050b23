import type { Connection } from 'mongoose';

/**
 * A seeded ticket history for the digest test, and the test's own
 * recomputation of the figures from it: written from the definitions in
 * src/domain/digest-stats.ts without using its code.
 */

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
const TIERS = ['L1', 'L2', 'L3'] as const;
const CATEGORIES = ['hardware', 'software', 'network', 'access', 'billing'] as const;
const STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
const HOUR = 3_600_000;

export interface Seeded {
  number: string;
  subject: string;
  priority: (typeof PRIORITIES)[number];
  tier: (typeof TIERS)[number];
  category?: (typeof CATEGORIES)[number];
  status: (typeof STATUSES)[number];
  requester: { address: string };
  assignee?: string;
  createdAt: Date;
  firstRespondedAt?: Date;
  resolvedAt?: Date;
  firstResponseDueAt?: Date;
  resolutionDueAt?: Date;
  firstResponseBreachedAt?: Date;
  resolutionBreachedAt?: Date;
  lastEscalatedAt?: Date;
  escalations?: number;
  satisfaction?: { score: number; at: Date; via: string };
}

/** A fixed pseudo-random sequence, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** 80 tickets spread over the last three days, some before the period, in every state. */
export async function seedHistory(mongo: Connection, now: Date): Promise<Seeded[]> {
  const r = rng(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  const seeded: Seeded[] = [];
  for (let i = 0; i < 80; i++) {
    const createdAt = at(r() * 72);
    const status = pick(STATUSES);
    const t: Seeded = {
      number: `TG-9${String(i).padStart(5, '0')}`, subject: `Seeded ticket ${i}`, priority: pick(PRIORITIES), tier: pick(TIERS),
      category: i % 9 === 0 ? undefined : pick(CATEGORIES), status, requester: { address: `seed${i}@example.test` },
      assignee: i % 4 === 0 ? undefined : pick(['ana@example.test', 'lev@example.test', 'ion@example.test']), createdAt,
      firstResponseDueAt: new Date(createdAt.getTime() + 4 * HOUR), resolutionDueAt: new Date(createdAt.getTime() + 16 * HOUR),
    };
    const age = now.getTime() - createdAt.getTime();
    if (r() < 0.7) t.firstRespondedAt = new Date(createdAt.getTime() + r() * Math.min(age, 8 * HOUR));
    if (status === 'resolved' || status === 'closed') t.resolvedAt = new Date(createdAt.getTime() + r() * age);
    if (r() < 0.2) t.firstResponseBreachedAt = new Date(t.firstResponseDueAt!.getTime());
    if (r() < 0.15) t.resolutionBreachedAt = new Date(t.resolutionDueAt!.getTime());
    if (r() < 0.2) Object.assign(t, { escalations: 1, lastEscalatedAt: new Date(createdAt.getTime() + r() * age) });
    if (t.resolvedAt && r() < 0.6) t.satisfaction = { score: 1 + Math.floor(r() * 5), at: new Date(t.resolvedAt.getTime() + r() * (now.getTime() - t.resolvedAt.getTime())), via: 'mail' };
    seeded.push(t);
  }
  const docs = seeded.map((t) => ({ ...t, sourceKey: `seed:${t.number}`, rawMailId: 'seed', contactId: 'seed', mailbox: 'seed@example.test', language: 'en', participants: [] }));
  await mongo.collection('tickets').insertMany(docs);
  return seeded;
}

const within = (t: Date | undefined, from: Date, to: Date) => t !== undefined && t >= from && t < to;
const isOpen = (s: string) => s === 'new' || s === 'open' || s === 'pending';

function breakdown(list: Seeded[]) {
  const count = <K extends string>(keys: readonly K[], of: (t: Seeded) => string) => Object.fromEntries(keys.map((k) => [k, list.filter((t) => of(t) === k).length])) as Record<K, number>;
  return {
    total: list.length,
    byPriority: count(PRIORITIES, (t) => t.priority),
    byTier: count(TIERS, (t) => t.tier),
    byCategory: count([...CATEGORIES, 'none'] as const, (t) => t.category ?? 'none'),
  };
}

/** Nearest rank: the smallest value with at least p of the values at or below it. */
function nearestRank(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
}

function quantiles(list: Seeded[], end: (t: Seeded) => Date | undefined, due: (t: Seeded) => Date | undefined) {
  const durations = list.map((t) => end(t)!.getTime() - t.createdAt.getTime());
  const withTarget = list.filter((t) => due(t) !== undefined);
  const withinTarget = withTarget.filter((t) => end(t)! <= due(t)!).length;
  const q: Record<string, unknown> = { count: list.length, withTarget: withTarget.length, withinTarget };
  if (list.length > 0) Object.assign(q, { medianMs: nearestRank(durations, 0.5), p90Ms: nearestRank(durations, 0.9) });
  if (withTarget.length > 0) q.compliance = withinTarget / withTarget.length;
  return q;
}

export function recompute(seeded: Seeded[], from: Date, to: Date, timeZone: string) {
  const open = seeded.filter((t) => isOpen(t.status));
  const byStatus = { new: open.filter((t) => t.status === 'new').length, open: open.filter((t) => t.status === 'open').length, pending: open.filter((t) => t.status === 'pending').length };
  const answered = seeded.filter((t) => within(t.firstRespondedAt, from, to));
  const solved = seeded.filter((t) => within(t.resolvedAt, from, to));
  const fr = seeded.filter((t) => within(t.firstResponseBreachedAt, from, to));
  const res = seeded.filter((t) => within(t.resolutionBreachedAt, from, to));
  const rated = seeded.filter((t) => t.satisfaction && within(t.satisfaction.at, from, to));
  const hourOf = new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', hourCycle: 'h23' });
  const byHour = Array.from({ length: 24 }, () => 0);
  for (const t of seeded.filter((x) => within(x.createdAt, from, to))) byHour[Number(hourOf.format(t.createdAt))]++;
  const assignees = [...new Set(seeded.map((t) => t.assignee ?? 'unassigned'))];
  const agentLoad = assignees
    .map((a) => ({ assignee: a, open: open.filter((t) => (t.assignee ?? 'unassigned') === a).length, resolved: solved.filter((t) => (t.assignee ?? 'unassigned') === a).length }))
    .filter((l) => l.open + l.resolved > 0)
    .sort((a, b) => b.open - a.open || (a.assignee < b.assignee ? -1 : 1));
  return {
    created: breakdown(seeded.filter((t) => within(t.createdAt, from, to))),
    resolved: breakdown(solved),
    open: { ...breakdown(open), byStatus },
    firstResponseAll: quantiles(answered, (t) => t.firstRespondedAt, (t) => t.firstResponseDueAt),
    resolutionAll: quantiles(solved, (t) => t.resolvedAt, (t) => t.resolutionDueAt),
    breaches: { firstResponse: fr.length, resolution: res.length, byPriority: Object.fromEntries(PRIORITIES.map((p) => [p, fr.filter((t) => t.priority === p).length + res.filter((t) => t.priority === p).length])) },
    escalated: seeded.filter((t) => within(t.lastEscalatedAt, from, to)).length,
    satisfaction: {
      count: rated.length,
      average: rated.length > 0 ? rated.reduce((s, t) => s + t.satisfaction!.score, 0) / rated.length : undefined,
      byScore: Object.fromEntries([1, 2, 3, 4, 5].map((s) => [s, rated.filter((t) => t.satisfaction!.score === s).length])),
    },
    byHour,
    oldestOpen: [...open].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.number < b.number ? -1 : 1)).slice(0, 10).map((t) => t.number),
    agentLoad,
  };
}
