import { ALWAYS, addBusinessTime, businessTimeBetween, type Calendar } from './business-hours';
import type { Priority, TicketStatus } from './types';

/**
 * Time-driven care of a ticket: SLA clocks, warnings, breaches, check-ins,
 * pending reminders, the satisfaction survey and the final close. Every due
 * time is derived from the ticket's own fields by {@link planTimers}, so the
 * database holds the truth and rescheduling is a field update: nothing lives
 * in a process timer that a restart could lose.
 */

export interface SlaPolicy {
  firstResponseHours: number;
  resolutionHours: number;
  /** A check-in mail to the customer after this much working time without word from the desk. */
  checkInHours: number;
  /** `business`: the desk's calendar; `always`: around the clock (for P1 with on-call cover). */
  clock: 'business' | 'always';
}

export interface CarePolicy {
  calendar: Calendar;
  sla: Record<Priority, SlaPolicy>;
  /** Share of a target at which the assignee is warned, e.g. 0.75. */
  warnShare: number;
  /** Pending tickets, in the desk calendar's working hours from when the ticket went pending. */
  pending: { reminderHours: number; reminders: number; closeAfterHours: number };
  survey: { enabled: boolean; delayMinutes: number };
  /** A resolved ticket closes for good after this many days (replies until then reopen it). */
  reopenDays: number;
}

export const TIMER_KINDS = [
  'first-response-warning',
  'first-response-breach',
  'resolution-warning',
  'resolution-breach',
  'check-in',
  'pending-reminder',
  'pending-close',
  'survey',
  'close',
] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];
export type Timers = Partial<Record<TimerKind, Date>>;

/** The fields of a ticket that its care depends on. */
export interface CareState {
  status: TicketStatus;
  priority: Priority;
  createdAt: Date;
  /** Working time (in the priority's clock) the SLA clock stood still: pending or resolved. */
  slaPausedMs?: number;
  slaPausedAt?: Date;
  firstRespondedAt?: Date;
  resolvedAt?: Date;
  firstResponseWarnedAt?: Date;
  firstResponseBreachedAt?: Date;
  resolutionWarnedAt?: Date;
  resolutionBreachedAt?: Date;
  /** Check-ins count from here: creation, the desk's last mail to the customer, a resume. */
  checkInFrom?: Date;
  pendingSince?: Date;
  pendingReminders?: number;
  surveySentAt?: Date;
}

export interface Target {
  warnAt: Date;
  dueAt: Date;
}

const HOUR = 3_600_000;
const RUNNING: readonly TicketStatus[] = ['new', 'open'];
const PAUSED: readonly TicketStatus[] = ['pending', 'resolved'];

export function clockOf(policy: CarePolicy, priority: Priority): Calendar {
  return policy.sla[priority].clock === 'always' ? ALWAYS : policy.calendar;
}

/** First-response and resolution targets, pushed back by the working time spent paused. */
export function slaTargets(state: CareState, policy: CarePolicy): { firstResponse: Target; resolution: Target } {
  const sla = policy.sla[state.priority];
  const cal = clockOf(policy, state.priority);
  const paused = state.slaPausedMs ?? 0;
  const target = (hours: number): Target => ({
    warnAt: addBusinessTime(cal, state.createdAt, hours * HOUR * policy.warnShare + paused),
    dueAt: addBusinessTime(cal, state.createdAt, hours * HOUR + paused),
  });
  return { firstResponse: target(sla.firstResponseHours), resolution: target(sla.resolutionHours) };
}

/** Every timer the ticket has now; a timer that no longer applies is simply absent. */
export function planTimers(state: CareState, policy: CarePolicy): Timers {
  if (RUNNING.includes(state.status)) return runningTimers(state, policy);
  if (state.status === 'pending') return pendingTimers(state, policy);
  if (state.status === 'resolved') return resolvedTimers(state, policy);
  return {};
}

function runningTimers(state: CareState, policy: CarePolicy): Timers {
  const timers: Timers = {};
  const targets = slaTargets(state, policy);
  if (!state.firstRespondedAt && !state.firstResponseBreachedAt) {
    if (!state.firstResponseWarnedAt) timers['first-response-warning'] = targets.firstResponse.warnAt;
    timers['first-response-breach'] = targets.firstResponse.dueAt;
  }
  if (!state.resolutionBreachedAt) {
    if (!state.resolutionWarnedAt) timers['resolution-warning'] = targets.resolution.warnAt;
    timers['resolution-breach'] = targets.resolution.dueAt;
  }
  const cal = clockOf(policy, state.priority);
  timers['check-in'] = addBusinessTime(cal, state.checkInFrom ?? state.createdAt, policy.sla[state.priority].checkInHours * HOUR);
  return timers;
}

function pendingTimers(state: CareState, policy: CarePolicy): Timers {
  const since = state.pendingSince ?? state.createdAt;
  const { reminderHours, reminders, closeAfterHours } = policy.pending;
  const timers: Timers = { 'pending-close': addBusinessTime(policy.calendar, since, closeAfterHours * HOUR) };
  const sent = state.pendingReminders ?? 0;
  if (sent < reminders) {
    const next = addBusinessTime(policy.calendar, since, (sent + 1) * reminderHours * HOUR);
    if (next < timers['pending-close']!) timers['pending-reminder'] = next;
  }
  return timers;
}

function resolvedTimers(state: CareState, policy: CarePolicy): Timers {
  const resolvedAt = state.resolvedAt ?? state.createdAt;
  const timers: Timers = { close: new Date(resolvedAt.getTime() + policy.reopenDays * 24 * HOUR) };
  if (policy.survey.enabled && !state.surveySentAt) timers.survey = new Date(resolvedAt.getTime() + policy.survey.delayMinutes * 60_000);
  return timers;
}

/** The earliest timer: what the sweep looks for. */
export function nextDue(timers: Timers): Date | undefined {
  let first: Date | undefined;
  for (const at of Object.values(timers)) if (at && (!first || at < first)) first = at;
  return first;
}

/**
 * Bookkeeping when the status changes: the SLA clock pauses while the desk
 * waits for the customer (pending) or the ticket is resolved, and resumes,
 * pushed back by the paused working time, when it runs again.
 */
export function onStatusChange(before: CareState, after: CareState, now: Date, policy: CarePolicy): Partial<CareState> {
  if (before.status === after.status) return {};
  const changes: Partial<CareState> = {};
  const wasPaused = PAUSED.includes(before.status);
  const running = RUNNING.includes(after.status);
  if (!wasPaused && PAUSED.includes(after.status)) changes.slaPausedAt = now;
  if (wasPaused && running && before.slaPausedAt) {
    changes.slaPausedMs = (before.slaPausedMs ?? 0) + businessTimeBetween(clockOf(policy, after.priority), before.slaPausedAt, now);
    changes.slaPausedAt = undefined;
  }
  if (after.status === 'pending') Object.assign(changes, { pendingSince: now, pendingReminders: 0 });
  // Kept on a close, for the record of how the wait ended; cleared when work goes on.
  else if (before.status === 'pending' && running) Object.assign(changes, { pendingSince: undefined, pendingReminders: undefined });
  // Check-ins count again from a resume; a reopened ticket gets a fresh survey once resolved again.
  if (running && !RUNNING.includes(before.status)) changes.checkInFrom = now;
  if (before.status === 'resolved' && running) changes.surveySentAt = undefined;
  return changes;
}

/** Due timers of a plan, leaving out a warning whose breach is due too (a late sweep after an outage). */
export function dueTimers(timers: Timers, now: Date): Array<{ kind: TimerKind; dueAt: Date }> {
  const due = TIMER_KINDS.filter((k) => timers[k] && timers[k] <= now);
  return due
    .filter((k) => !(k === 'first-response-warning' && due.includes('first-response-breach')))
    .filter((k) => !(k === 'resolution-warning' && due.includes('resolution-breach')))
    .map((kind) => ({ kind, dueAt: timers[kind]! }));
}
