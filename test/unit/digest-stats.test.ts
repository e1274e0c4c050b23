import assert from 'node:assert/strict';
import { createDigestAccumulator, DIGEST_DAY_LIMIT, percentile } from '../../src/domain/digest-stats';
import type { DigestFigures, DigestTicket } from '../../src/domain/digest-stats';
import { createZoneClock } from '../../src/domain/digest-clock';
import { CATEGORIES, PRIORITIES, TICKET_STATUSES, TIERS } from '../../src/domain/types';

const ZONE = 'Europe/Bucharest';
/** Local time in Bucharest in March 2025, before the DST change (UTC+2). */
const L = (local: string) => new Date(`${local.replace(' ', 'T')}+02:00`);
const MIN = 60_000;
const H = 60 * MIN;

const FROM = L('2025-03-10 00:00');
const TO = L('2025-03-14 00:00');
const NOW = L('2025-03-14 08:00');
const ANA = 'ana@acme.example';
const BOB = 'bob@acme.example';
const CAROL = 'carol@acme.example';

function ticket(n: number, over: Partial<DigestTicket>): DigestTicket {
  return { number: `TG-${String(n).padStart(6, '0')}`, subject: `Ticket ${n}`, priority: 'P3', tier: 'L1', status: 'open', requester: 'c@example.com', createdAt: FROM, ...over };
}

/**
 * Fifteen tickets whose every figure is worked out by hand below. Times on
 * the period's edges: T4 is created in its last millisecond, T6 resolved at
 * its first; T5, T10, T11, T12 and T14 have an event exactly at `to`.
 */
const TICKETS: DigestTicket[] = [
  ticket(1, { priority: 'P1', category: 'hardware', status: 'resolved', assignee: ANA, createdAt: L('2025-03-10 09:00'), firstRespondedAt: L('2025-03-10 09:30'), firstResponseDueAt: L('2025-03-10 10:00'), resolvedAt: L('2025-03-10 12:00'), resolutionDueAt: L('2025-03-10 13:00'), satisfaction: { score: 5, at: L('2025-03-10 14:00') } }),
  ticket(2, { priority: 'P1', tier: 'L2', category: 'network', status: 'open', assignee: BOB, createdAt: L('2025-03-10 10:00'), firstRespondedAt: L('2025-03-10 11:30'), firstResponseDueAt: L('2025-03-10 11:00'), firstResponseBreachedAt: L('2025-03-10 11:00'), escalations: 1, lastEscalatedAt: L('2025-03-10 11:00') }),
  ticket(3, { priority: 'P2', category: 'software', status: 'pending', assignee: ANA, createdAt: L('2025-03-11 08:15'), firstRespondedAt: L('2025-03-11 09:15'), firstResponseDueAt: L('2025-03-11 10:15'), escalations: 2, lastEscalatedAt: L('2025-03-05 10:00'), satisfaction: { score: 2.5, at: L('2025-03-11 10:00') } }),
  ticket(4, { status: 'new', createdAt: new Date(TO.getTime() - 24 * H - 1) }),
  ticket(5, { category: 'access', status: 'new', createdAt: TO }),
  ticket(6, { priority: 'P2', tier: 'L3', category: 'billing', status: 'closed', assignee: BOB, createdAt: L('2025-03-09 16:00'), firstRespondedAt: L('2025-03-09 17:00'), resolvedAt: FROM, resolutionDueAt: L('2025-03-10 16:00'), satisfaction: { score: 3, at: L('2025-03-09 23:59') } }),
  ticket(7, { priority: 'P4', category: 'hardware', status: 'resolved', assignee: CAROL, createdAt: L('2025-03-01 10:00'), firstRespondedAt: L('2025-03-02 10:00'), resolvedAt: L('2025-03-11 15:00'), resolutionDueAt: L('2025-03-08 10:00'), resolutionBreachedAt: L('2025-03-08 10:00'), satisfaction: { score: 1, at: L('2025-03-11 16:00') } }),
  ticket(8, { priority: 'P1', category: 'network', status: 'open', assignee: CAROL, createdAt: L('2025-02-20 10:00'), firstRespondedAt: L('2025-02-20 12:00'), firstResponseBreachedAt: L('2025-02-20 11:00'), resolutionBreachedAt: L('2025-03-11 10:00'), lastEscalatedAt: L('2025-03-12 10:00') }),
  ticket(9, { tier: 'L2', category: 'software', status: 'resolved', assignee: ANA, createdAt: L('2025-03-11 13:00'), firstRespondedAt: L('2025-03-11 13:20'), resolvedAt: L('2025-03-12 13:00'), satisfaction: { score: 4, at: L('2025-03-12 14:00') } }),
  ticket(10, { tier: 'L2', category: 'software', status: 'open', assignee: BOB, createdAt: L('2025-03-12 07:45'), firstRespondedAt: L('2025-03-12 08:45'), firstResponseDueAt: L('2025-03-12 09:45'), lastEscalatedAt: TO }),
  ticket(11, { priority: 'P2', category: 'hardware', status: 'resolved', assignee: ANA, createdAt: L('2025-03-10 15:00'), firstRespondedAt: L('2025-03-10 17:00'), firstResponseDueAt: L('2025-03-10 16:00'), firstResponseBreachedAt: L('2025-03-10 16:00'), resolvedAt: L('2025-03-11 09:00'), resolutionDueAt: L('2025-03-11 15:00'), satisfaction: { score: 5, at: TO } }),
  ticket(12, { priority: 'P4', tier: 'L3', category: 'access', status: 'pending', createdAt: L('2025-02-25 09:00'), resolutionBreachedAt: TO }),
  ticket(13, { priority: 'P1', tier: 'L3', category: 'hardware', status: 'resolved', assignee: BOB, createdAt: L('2025-03-12 02:00'), firstRespondedAt: L('2025-03-12 02:10'), firstResponseDueAt: L('2025-03-12 02:10'), resolvedAt: L('2025-03-12 05:00'), resolutionDueAt: L('2025-03-12 06:00'), satisfaction: { score: 4, at: L('2025-03-12 06:00') } }),
  ticket(14, { priority: 'P2', tier: 'L2', category: 'network', status: 'resolved', assignee: 'dave@acme.example', createdAt: L('2025-03-09 23:00'), firstRespondedAt: L('2025-03-10 01:00'), firstResponseDueAt: FROM, firstResponseBreachedAt: FROM, resolvedAt: TO }),
  ticket(15, { category: 'billing', status: 'closed', assignee: '  ', createdAt: L('2025-03-11 20:00'), firstRespondedAt: L('2025-03-11 20:30'), firstResponseDueAt: L('2025-03-11 20:30'), resolvedAt: L('2025-03-11 21:00'), satisfaction: { score: 0, at: L('2025-03-11 22:00') } }),
];

function figuresOf(tickets: DigestTicket[], over: { oldestLimit?: number; from?: Date; to?: Date } = {}): DigestFigures {
  const acc = createDigestAccumulator({ from: FROM, to: TO, timeZone: ZONE, now: NOW, ...over });
  for (const t of tickets) acc.add(t);
  return acc.result();
}

describe('digest figures', () => {
  const f = figuresOf(TICKETS);

  it('counts tickets created within [from, to) by priority, tier and category', () => {
    assert.deepEqual(f.period, { from: FROM, to: TO });
    assert.deepEqual(f.created, {
      total: 9,
      byPriority: { P1: 3, P2: 2, P3: 4, P4: 0 },
      byTier: { L1: 5, L2: 3, L3: 1 },
      byCategory: { hardware: 3, software: 3, network: 1, access: 0, billing: 1, none: 1 },
    });
  });

  it('counts tickets resolved within the period, whatever their status now', () => {
    assert.deepEqual(f.resolved, {
      total: 7,
      byPriority: { P1: 2, P2: 2, P3: 2, P4: 1 },
      byTier: { L1: 4, L2: 1, L3: 2 },
      byCategory: { hardware: 4, software: 1, network: 0, access: 0, billing: 2, none: 0 },
    });
  });

  it('counts tickets open now, whenever created', () => {
    assert.deepEqual(f.open, {
      total: 7,
      byPriority: { P1: 2, P2: 1, P3: 3, P4: 1 },
      byTier: { L1: 4, L2: 2, L3: 1 },
      byCategory: { hardware: 0, software: 2, network: 2, access: 2, billing: 0, none: 1 },
      byStatus: { new: 2, open: 3, pending: 2 },
    });
  });

  it('measures first responses given within the period, with nearest-rank percentiles and compliance', () => {
    assert.deepEqual(f.firstResponse.P1, { count: 3, medianMs: 30 * MIN, p90Ms: 90 * MIN, withTarget: 3, withinTarget: 2, compliance: 2 / 3 });
    assert.deepEqual(f.firstResponse.P2, { count: 3, medianMs: 120 * MIN, p90Ms: 120 * MIN, withTarget: 3, withinTarget: 1, compliance: 1 / 3 });
    assert.deepEqual(f.firstResponse.P3, { count: 3, medianMs: 30 * MIN, p90Ms: 60 * MIN, withTarget: 2, withinTarget: 2, compliance: 1 });
    assert.deepEqual(f.firstResponse.P4, { count: 0, withTarget: 0, withinTarget: 0 });
    assert.deepEqual(f.firstResponse.all, { count: 9, medianMs: 60 * MIN, p90Ms: 120 * MIN, withTarget: 8, withinTarget: 5, compliance: 5 / 8 });
  });

  it('measures resolutions within the period; a ticket without a due date has no target', () => {
    assert.deepEqual(f.resolution.P1, { count: 2, medianMs: 3 * H, p90Ms: 3 * H, withTarget: 2, withinTarget: 2, compliance: 1 });
    assert.deepEqual(f.resolution.P2, { count: 2, medianMs: 8 * H, p90Ms: 18 * H, withTarget: 2, withinTarget: 2, compliance: 1 });
    assert.deepEqual(f.resolution.P3, { count: 2, medianMs: 1 * H, p90Ms: 24 * H, withTarget: 0, withinTarget: 0 });
    assert.deepEqual(f.resolution.P4, { count: 1, medianMs: 245 * H, p90Ms: 245 * H, withTarget: 1, withinTarget: 0, compliance: 0 });
    assert.deepEqual(f.resolution.all, { count: 7, medianMs: 8 * H, p90Ms: 245 * H, withTarget: 5, withinTarget: 4, compliance: 0.8 });
  });

  it('counts breaches and escalations by their own timestamps', () => {
    assert.deepEqual(f.breaches, { firstResponse: 3, resolution: 1, byPriority: { P1: 2, P2: 2, P3: 0, P4: 0 } });
    assert.deepEqual(f.escalations, { tickets: 2 });
  });

  it('averages ratings given within the period, ignoring scores that are not 1..5', () => {
    assert.deepEqual(f.satisfaction, { count: 4, average: 3.5, byScore: { 1: 1, 2: 0, 3: 0, 4: 2, 5: 1 } });
  });

  it('lists agents by open tickets, then name; blank or absent assignees are unassigned', () => {
    assert.deepEqual(f.agentLoad, [
      { assignee: 'unassigned', open: 3, resolved: 1 },
      { assignee: BOB, open: 2, resolved: 2 },
      { assignee: ANA, open: 1, resolved: 3 },
      { assignee: CAROL, open: 1, resolved: 1 },
    ]);
  });

  it('lists the oldest open tickets first, with their age at `now`', () => {
    assert.deepEqual(
      f.oldestOpen.map((t) => [t.number, t.status, t.ageMs]),
      [
        ['TG-000008', 'open', NOW.getTime() - L('2025-02-20 10:00').getTime()],
        ['TG-000012', 'pending', NOW.getTime() - L('2025-02-25 09:00').getTime()],
        ['TG-000002', 'open', NOW.getTime() - L('2025-03-10 10:00').getTime()],
        ['TG-000003', 'pending', NOW.getTime() - L('2025-03-11 08:15').getTime()],
        ['TG-000010', 'open', NOW.getTime() - L('2025-03-12 07:45').getTime()],
        ['TG-000004', 'new', 32 * H + 1],
        ['TG-000005', 'new', 8 * H],
      ],
    );
    assert.deepEqual(f.oldestOpen[0], { number: 'TG-000008', subject: 'Ticket 8', priority: 'P1', tier: 'L1', status: 'open', assignee: CAROL, ageMs: f.oldestOpen[0].ageMs });
    assert.equal(f.oldestOpen[1].assignee, undefined);
  });

  it('counts creations by local hour and days in the time zone, zero days included', () => {
    const hours = new Array(24).fill(0);
    for (const h of [2, 7, 8, 9, 10, 13, 15, 20, 23]) hours[h] = 1;
    assert.deepEqual(f.byHour, hours);
    assert.deepEqual(f.byDay, [
      { date: '2025-03-10', created: 3, resolved: 2 },
      { date: '2025-03-11', created: 3, resolved: 3 },
      { date: '2025-03-12', created: 3, resolved: 2 },
      { date: '2025-03-13', created: 0, resolved: 0 },
    ]);
  });

  it('keeps the period boundaries: from inclusive, to exclusive', () => {
    const at = (ms: number) => ticket(1, { createdAt: new Date(ms), status: 'closed' });
    const edge = figuresOf([at(FROM.getTime() - 1), at(FROM.getTime()), at(TO.getTime() - 1), at(TO.getTime())]);
    assert.equal(edge.created.total, 2);
    assert.equal(edge.byHour[0] + edge.byHour[23], 2);
    assert.deepEqual(edge.byDay.map((d) => d.created), [1, 0, 0, 1]);
  });

  it('gives zeros and leaves out medians and averages for no tickets', () => {
    const empty = figuresOf([]);
    assert.equal(empty.created.total + empty.resolved.total + empty.open.total, 0);
    assert.deepEqual(empty.firstResponse.all, { count: 0, withTarget: 0, withinTarget: 0 });
    assert.deepEqual(empty.satisfaction, { count: 0, byScore: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
    assert.deepEqual(empty.oldestOpen, []);
    assert.deepEqual(empty.agentLoad, []);
    assert.deepEqual(empty.byHour, new Array(24).fill(0));
    assert.deepEqual(empty.byDay.map((d) => d.date), ['2025-03-10', '2025-03-11', '2025-03-12', '2025-03-13']);
  });

  it('returns a copy: later tickets and changes to a result do not leak', () => {
    const acc = createDigestAccumulator({ from: FROM, to: TO, timeZone: ZONE, now: NOW });
    acc.add(TICKETS[0]);
    const first = acc.result();
    first.created.byPriority.P1 = 99;
    first.byHour[9] = 99;
    acc.add(TICKETS[1]);
    const second = acc.result();
    assert.equal(second.created.byPriority.P1, 2);
    assert.equal(second.byHour[9], 1);
    assert.equal(first.created.total, 1);
  });
});

describe('digest figures: limits and time zones', () => {
  it('bounds the oldest open list and orders equal times by number', () => {
    const same = L('2025-01-01 00:00');
    const f = figuresOf([...TICKETS, ticket(31, { createdAt: same }), ticket(30, { createdAt: same })], { oldestLimit: 3 });
    assert.deepEqual(f.oldestOpen.map((t) => t.number), ['TG-000030', 'TG-000031', 'TG-000008']);
    assert.deepEqual(figuresOf(TICKETS, { oldestLimit: 0 }).oldestOpen, []);
    assert.throws(() => figuresOf([], { oldestLimit: -1 }), RangeError);
  });

  it(`covers at most ${DIGEST_DAY_LIMIT} local days`, () => {
    const from = new Date('2025-01-01T00:00:00+02:00');
    assert.equal(figuresOf([], { from, to: new Date('2025-03-04T00:00:00+02:00') }).byDay.length, 62);
    assert.throws(() => figuresOf([], { from, to: new Date('2025-03-04T00:00:00.001+02:00') }), RangeError);
    assert.throws(() => figuresOf([], { from, to: from }), RangeError);
    assert.throws(() => createDigestAccumulator({ from, to: TO, timeZone: 'Mars/Olympus', now: NOW }), RangeError);
  });

  it('uses local hours and days on both sides of a DST change', () => {
    // Bucharest moves from UTC+2 to UTC+3 at 01:00 UTC on 30 March 2025.
    const from = new Date('2025-03-29T22:00:00Z');
    const to = new Date('2025-03-30T21:00:00Z');
    const f = figuresOf([ticket(1, { createdAt: new Date('2025-03-30T00:30:00Z') }), ticket(2, { createdAt: new Date('2025-03-30T01:30:00Z') })], { from, to });
    assert.equal(f.byHour[2], 1);
    assert.equal(f.byHour[4], 1);
    assert.deepEqual(f.byDay, [{ date: '2025-03-30', created: 2, resolved: 0 }]);
  });

  it('agrees with Intl in zones with half-hour changes and odd historical offsets', () => {
    const check = (zone: string, from: number, to: number, step: number) => {
      const clock = createZoneClock(zone);
      const intl = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
      for (let t = from; t < to; t += step) {
        const parts = Object.fromEntries(intl.formatToParts(t).map((p) => [p.type, p.value]));
        assert.deepEqual(clock.local(t), { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) }, `${zone} ${new Date(t).toISOString()}`);
      }
    };
    // Minute by minute around changes that fall inside a UTC hour: Newfoundland at 05:30 and 04:30 UTC, Lord Howe at 15:30 UTC.
    check('America/St_Johns', Date.parse('2025-03-09T04:00:00Z'), Date.parse('2025-03-09T07:00:00Z'), MIN);
    check('America/St_Johns', Date.parse('2025-11-02T03:00:00Z'), Date.parse('2025-11-02T06:00:00Z'), MIN);
    check('Australia/Lord_Howe', Date.parse('2025-10-04T14:00:00Z'), Date.parse('2025-10-04T17:00:00Z'), MIN);
    // A year at a stride that drifts through every minute of the hour; Amsterdam was UTC+0:19:32 until 1937.
    check('Asia/Kathmandu', Date.UTC(2025, 0, 1), Date.UTC(2026, 0, 1), 61 * MIN + 1013);
    check('Europe/Amsterdam', Date.UTC(1937, 0, 1), Date.UTC(1938, 0, 1), 61 * MIN + 1013);
  });

  it('accumulates 100,000 tickets quickly and keeps the figures consistent', () => {
    const tickets = generate(100_000);
    const started = process.hrtime.bigint();
    const acc = createDigestAccumulator({ from: FROM, to: TO, timeZone: ZONE, now: NOW });
    for (const t of tickets) acc.add(t);
    const f = acc.result();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
    assert.equal(f.oldestOpen.length, 10);
    const open = tickets.filter((t) => ['new', 'open', 'pending'].includes(t.status));
    assert.equal(f.open.total, open.length);
    const oldest = open.map((t) => t.createdAt.getTime()).sort((a, b) => a - b).slice(0, 10);
    assert.deepEqual(f.oldestOpen.map((t) => NOW.getTime() - t.ageMs), oldest);
    assert.equal(f.byHour.reduce((a, b) => a + b, 0), f.created.total);
    assert.equal(f.byDay.reduce((a, d) => a + d.created, 0), f.created.total);
    assert.equal(f.byDay.reduce((a, d) => a + d.resolved, 0), f.resolved.total);
    assert.equal(f.agentLoad.reduce((a, x) => a + x.open, 0), f.open.total);
  });
});

describe('percentile (nearest rank)', () => {
  it('takes the value at rank ⌈p·n⌉ of a sorted copy', () => {
    const values = [5, 1, 3, 2];
    assert.equal(percentile(values, 0.5), 2);
    assert.equal(percentile(values, 1), 5);
    assert.deepEqual(values, [5, 1, 3, 2]);
    const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    assert.equal(percentile(ten, 0.9), 9);
    assert.equal(percentile(ten, 0.1), 1);
    assert.equal(percentile(ten, 0.11), 2);
    assert.equal(percentile([7], 0.01), 7);
    assert.equal(percentile(Array.from({ length: 90 }, (_, i) => i + 1), 0.7), 63);
  });

  it('is undefined for no values and rejects p outside (0, 1]', () => {
    assert.equal(percentile([], 0.5), undefined);
    assert.throws(() => percentile([1], 0), RangeError);
    assert.throws(() => percentile([1], 1.5), RangeError);
    assert.throws(() => percentile([1], Number.NaN), RangeError);
  });
});

/** Deterministic pseudo-random tickets spread over a month before `to`. */
function generate(count: number): DigestTicket[] {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  return Array.from({ length: count }, (_, i) => {
    const createdAt = new Date(TO.getTime() - Math.floor(next() * 30 * 24 * H));
    const status = pick(TICKET_STATUSES);
    const responded = next() < 0.8 ? new Date(createdAt.getTime() + Math.floor(next() * 8 * H)) : undefined;
    const resolved = status === 'resolved' || status === 'closed' ? new Date(createdAt.getTime() + Math.floor(next() * 72 * H)) : undefined;
    return ticket(i, {
      priority: pick(PRIORITIES),
      tier: pick(TIERS),
      category: pick([...CATEGORIES, undefined]),
      status,
      assignee: pick([ANA, BOB, CAROL, undefined]),
      createdAt,
      firstRespondedAt: responded,
      firstResponseDueAt: new Date(createdAt.getTime() + 4 * H),
      resolvedAt: resolved,
      resolutionDueAt: new Date(createdAt.getTime() + 48 * H),
      satisfaction: resolved && next() < 0.3 ? { score: 1 + Math.floor(next() * 5), at: resolved } : undefined,
    });
  });
}
