/**
 * The figures of the managers' daily and weekly digests, accumulated from a
 * stream of ticket rows (pure: no I/O, no clock of its own).
 *
 * Definitions (the contract; an integration test recomputes each one):
 * - The period is [from, to): an instant t is "within the period" when
 *   from <= t < to.
 * - created: tickets with createdAt within the period.
 * - resolved: tickets with resolvedAt within the period, whatever their
 *   status now (a ticket reopened since still counts: it was resolved then).
 * - open: tickets whose status is new, open or pending (at `now`, as given
 *   by the row), whenever they were created. byStatus splits them.
 * - In every breakdown a ticket without a category counts under 'none'.
 * - firstResponse: tickets with firstRespondedAt within the period; the
 *   duration is firstRespondedAt - createdAt. A ticket with a
 *   firstResponseDueAt has a target; it met it when
 *   firstRespondedAt <= firstResponseDueAt. resolution: the same with
 *   resolvedAt and resolutionDueAt. 'all' pools the four priorities.
 *   Durations are the plain difference, without pauses or business hours;
 *   a ticket whose dates are not valid adds no duration.
 * - Percentiles are nearest-rank (see percentile()): median p = 0.5, p90 p = 0.9.
 * - breaches.firstResponse / .resolution: tickets whose
 *   firstResponseBreachedAt / resolutionBreachedAt is within the period;
 *   byPriority counts both kinds, so it sums to firstResponse + resolution.
 * - escalations.tickets: tickets whose lastEscalatedAt is within the period.
 * - oldestOpen: open tickets by createdAt, oldest first (equal times by
 *   ticket number), at most oldestLimit; ageMs = now - createdAt.
 * - satisfaction: ratings whose `at` is within the period and whose score is
 *   a whole number 1..5; average is their mean, absent when none.
 * - An optional figure that does not exist (a median of no durations, the
 *   compliance of tickets without targets, an average of no ratings) is
 *   left out of the object, not set to undefined.
 * - agentLoad: per assignee (absent or blank: 'unassigned'), `open` counts
 *   open tickets now and `resolved` tickets resolved within the period;
 *   only assignees with a count appear; sorted by open descending, then by
 *   name in code-unit order.
 * - byHour: tickets created within the period by hour of day (0..23) of
 *   createdAt in `timeZone`.
 * - byDay: every calendar day in `timeZone` from the day of `from` to the
 *   day of the last instant before `to`, in order, zeros included, with
 *   created and resolved as above split by the local day of createdAt and
 *   resolvedAt. At most DIGEST_DAY_LIMIT days, or RangeError.
 */
import { PRIORITIES } from './types';
import type { Priority } from './types';
import { SCORES } from './digest-types';
import type { AgentLoad, DigestFigures, DigestOptions, DigestTicket, Score } from './digest-types';
import { createZoneClock } from './digest-clock';
import type { ZoneClock } from './digest-clock';
import { copyBreakdown, countInto, createOldestList, createTimingTally, emptyBreakdown, emptyOpenBreakdown, isOpen, zeros } from './digest-tally';

export type {
  AgentLoad,
  Breakdown,
  CategoryKey,
  DigestDay,
  DigestFigures,
  DigestOptions,
  DigestTicket,
  OldestOpenTicket,
  OpenBreakdown,
  OpenStatus,
  Quantiles,
  Score,
} from './digest-types';
export { OPEN_STATUSES, SCORES } from './digest-types';
export { percentile } from './digest-tally';

/** The longest period a digest covers: about two months of daily rows. */
export const DIGEST_DAY_LIMIT = 62;
const DEFAULT_OLDEST_LIMIT = 10;
const UNASSIGNED = 'unassigned';

export interface DigestAccumulator {
  add(t: DigestTicket): void;
  /** The figures so far; a fresh copy on every call. */
  result(): DigestFigures;
}

/**
 * Throws RangeError for invalid dates, from >= to, a period over
 * DIGEST_DAY_LIMIT local days, an unknown time zone or a bad oldestLimit.
 */
export function createDigestAccumulator(opts: DigestOptions): DigestAccumulator {
  const state = createState(opts);
  return {
    add(t) {
      addCreated(state, t);
      addOpen(state, t);
      addResolved(state, t);
      addEvents(state, t);
    },
    result: () => resultOf(state),
  };
}

type State = ReturnType<typeof createState>;

function createState(opts: DigestOptions) {
  const from = opts.from.getTime();
  const to = opts.to.getTime();
  const now = opts.now.getTime();
  if (![from, to, now].every(Number.isFinite)) throw new RangeError('digest from, to and now must be valid dates');
  if (!(from < to)) throw new RangeError('digest period: from must be before to');
  const oldestLimit = opts.oldestLimit ?? DEFAULT_OLDEST_LIMIT;
  if (!Number.isInteger(oldestLimit) || oldestLimit < 0) throw new RangeError(`oldestLimit must be a whole number, got ${oldestLimit}`);
  const clock: ZoneClock = createZoneClock(opts.timeZone);
  const days = clock.days(from, to, DIGEST_DAY_LIMIT);
  return {
    period: { from: new Date(from), to: new Date(to) },
    within: (d: Date | undefined): d is Date => d !== undefined && d.getTime() >= from && d.getTime() < to,
    now,
    clock,
    days,
    dayIndex: new Map(days.map((date, i) => [date, i])),
    dayCreated: days.map(() => 0),
    dayResolved: days.map(() => 0),
    byHour: new Array<number>(24).fill(0),
    created: emptyBreakdown(),
    resolved: emptyBreakdown(),
    open: emptyOpenBreakdown(),
    firstResponse: createTimingTally(),
    resolution: createTimingTally(),
    breaches: { firstResponse: 0, resolution: 0, byPriority: zeros<Priority>(PRIORITIES) },
    escalated: 0,
    ratings: { count: 0, sum: 0, byScore: zeros<Score>(SCORES) },
    agents: new Map<string, AgentLoad>(),
    oldest: createOldestList(oldestLimit),
  };
}

function agentOf(state: State, assignee: string | undefined): AgentLoad {
  const name = assignee !== undefined && assignee.trim() !== '' ? assignee : UNASSIGNED;
  let load = state.agents.get(name);
  if (!load) state.agents.set(name, (load = { assignee: name, open: 0, resolved: 0 }));
  return load;
}

function addCreated(state: State, t: DigestTicket): void {
  if (!state.within(t.createdAt)) return;
  countInto(state.created, t);
  const local = state.clock.local(t.createdAt.getTime());
  state.byHour[local.hour] += 1;
  const day = state.dayIndex.get(local.date);
  if (day !== undefined) state.dayCreated[day] += 1;
}

function addOpen(state: State, t: DigestTicket): void {
  if (!isOpen(t.status)) return;
  countInto(state.open, t);
  state.open.byStatus[t.status] += 1;
  agentOf(state, t.assignee).open += 1;
  const createdMs = t.createdAt.getTime();
  if (!Number.isFinite(createdMs)) return;
  state.oldest.offer(createdMs, t.number, () => ({
    number: t.number,
    subject: t.subject,
    priority: t.priority,
    tier: t.tier,
    status: t.status,
    ...(t.assignee !== undefined ? { assignee: t.assignee } : {}),
    ageMs: state.now - createdMs,
  }));
}

function addResolved(state: State, t: DigestTicket): void {
  if (!state.within(t.resolvedAt)) return;
  countInto(state.resolved, t);
  agentOf(state, t.assignee).resolved += 1;
  const day = state.dayIndex.get(state.clock.local(t.resolvedAt.getTime()).date);
  if (day !== undefined) state.dayResolved[day] += 1;
  addDuration(state.resolution, t, t.resolvedAt, t.resolutionDueAt);
}

function addDuration(tally: State['resolution'], t: DigestTicket, at: Date, dueAt: Date | undefined): void {
  const ms = at.getTime() - t.createdAt.getTime();
  if (!Number.isFinite(ms)) return;
  tally.add(t.priority, ms, dueAt === undefined ? undefined : at.getTime() <= dueAt.getTime());
}

/** First responses, breaches, escalations and ratings: each by its own timestamp. */
function addEvents(state: State, t: DigestTicket): void {
  if (state.within(t.firstRespondedAt)) addDuration(state.firstResponse, t, t.firstRespondedAt, t.firstResponseDueAt);
  if (state.within(t.firstResponseBreachedAt)) {
    state.breaches.firstResponse += 1;
    state.breaches.byPriority[t.priority] += 1;
  }
  if (state.within(t.resolutionBreachedAt)) {
    state.breaches.resolution += 1;
    state.breaches.byPriority[t.priority] += 1;
  }
  if (state.within(t.lastEscalatedAt)) state.escalated += 1;
  const rating = t.satisfaction;
  if (rating && state.within(rating.at) && (SCORES as readonly number[]).includes(rating.score)) {
    state.ratings.count += 1;
    state.ratings.sum += rating.score;
    state.ratings.byScore[rating.score as Score] += 1;
  }
}

function resultOf(state: State): DigestFigures {
  const { ratings } = state;
  return {
    period: { from: new Date(state.period.from), to: new Date(state.period.to) },
    created: copyBreakdown(state.created),
    resolved: copyBreakdown(state.resolved),
    open: copyBreakdown(state.open),
    firstResponse: state.firstResponse.result(),
    resolution: state.resolution.result(),
    breaches: { ...state.breaches, byPriority: { ...state.breaches.byPriority } },
    escalations: { tickets: state.escalated },
    oldestOpen: state.oldest.result(),
    satisfaction: { count: ratings.count, ...(ratings.count > 0 ? { average: ratings.sum / ratings.count } : {}), byScore: { ...ratings.byScore } },
    agentLoad: [...state.agents.values()]
      .map((a) => ({ ...a }))
      .sort((a, b) => b.open - a.open || (a.assignee < b.assignee ? -1 : a.assignee > b.assignee ? 1 : 0)),
    byHour: [...state.byHour],
    byDay: state.days.map((date, i) => ({ date, created: state.dayCreated[i], resolved: state.dayResolved[i] })),
  };
}
