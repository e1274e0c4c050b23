import { strict as assert } from 'node:assert';
import { addBusinessTime, type Calendar } from '../../src/domain/business-hours';
import { dueTimers, nextDue, onStatusChange, planTimers, slaTargets, type CarePolicy, type CareState } from '../../src/domain/care-plan';

const HOUR = 3_600_000;
const nineToFive = { start: 540, end: 1020 };
const calendar: Calendar = { timeZone: 'Europe/Chisinau', week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive }, holidays: ['2026-12-25'] };
const policy: CarePolicy = {
  calendar,
  sla: {
    P1: { firstResponseHours: 1, resolutionHours: 4, checkInHours: 2, clock: 'always' },
    P2: { firstResponseHours: 4, resolutionHours: 16, checkInHours: 8, clock: 'business' },
    P3: { firstResponseHours: 8, resolutionHours: 40, checkInHours: 24, clock: 'business' },
    P4: { firstResponseHours: 40, resolutionHours: 120, checkInHours: 40, clock: 'business' },
  },
  warnShare: 0.75,
  pending: { reminderHours: 16, reminders: 2, closeAfterHours: 40 },
  survey: { enabled: true, delayMinutes: 60 },
  reopenDays: 7,
};
// Chisinau is UTC+2 in winter: local = UTC + 2 h.
const local = (iso: string) => new Date(`${iso}+02:00`);
const state = (over: Partial<CareState> = {}): CareState => ({ status: 'new', priority: 'P2', createdAt: local('2026-11-27T15:00:00'), ...over });

describe('care plan (SLA targets and timers)', () => {
  it('counts a P2 target in working hours, over the weekend', () => {
    // Friday 15:00 + 4 working hours: 2 h on Friday, 2 h from Monday 09:00.
    const t = slaTargets(state(), policy);
    assert.deepEqual(t.firstResponse.dueAt, local('2026-11-30T11:00:00'));
    assert.deepEqual(t.firstResponse.warnAt, local('2026-11-30T10:00:00'), 'warned at 75% (3 h)');
    assert.deepEqual(t.resolution.dueAt, addBusinessTime(calendar, local('2026-11-27T15:00:00'), 16 * HOUR));
  });

  it('counts a P1 around the clock', () => {
    const t = slaTargets(state({ priority: 'P1', createdAt: local('2026-11-28T23:30:00') }), policy);
    assert.deepEqual(t.firstResponse.dueAt, local('2026-11-29T00:30:00'));
    assert.deepEqual(t.resolution.dueAt, local('2026-11-29T03:30:00'));
  });

  it('skips a holiday', () => {
    // Thursday 24 Dec 16:00 + 4 h: 1 h on Thursday, Friday 25 Dec is a holiday, 3 h on Monday.
    const t = slaTargets(state({ createdAt: local('2026-12-24T16:00:00') }), policy);
    assert.deepEqual(t.firstResponse.dueAt, local('2026-12-28T12:00:00'));
  });

  it('plans warnings, breaches and a check-in for a new ticket', () => {
    const timers = planTimers(state(), policy);
    assert.deepEqual(Object.keys(timers).sort(), ['check-in', 'first-response-breach', 'first-response-warning', 'resolution-breach', 'resolution-warning']);
    assert.deepEqual(timers['check-in'], local('2026-11-30T15:00:00'), '8 working hours after the mail');
    assert.deepEqual(nextDue(timers), timers['first-response-warning']);
  });

  it('drops first-response timers once answered, warnings once given, and breaches once recorded', () => {
    const at = local('2026-11-30T09:30:00');
    assert.deepEqual(Object.keys(planTimers(state({ firstRespondedAt: at }), policy)).sort(), ['check-in', 'resolution-breach', 'resolution-warning']);
    assert.deepEqual(Object.keys(planTimers(state({ firstResponseWarnedAt: at, resolutionBreachedAt: at }), policy)).sort(), ['check-in', 'first-response-breach']);
  });

  it('moves the check-in when the desk wrote to the customer', () => {
    const timers = planTimers(state({ checkInFrom: local('2026-11-30T16:00:00') }), policy);
    assert.deepEqual(timers['check-in'], local('2026-12-01T16:00:00'));
  });

  it('pauses the SLA clock while pending and pushes the targets back by the paused working time', () => {
    const created = state();
    const pausedAt = local('2026-11-30T10:00:00');
    const pause = onStatusChange(created, { ...created, status: 'pending' }, pausedAt, policy);
    assert.deepEqual(pause, { slaPausedAt: pausedAt, pendingSince: pausedAt, pendingReminders: 0 });
    const pending = { ...created, status: 'pending' as const, ...pause };
    assert.deepEqual(Object.keys(planTimers(pending, policy)).sort(), ['pending-close', 'pending-reminder'], 'no SLA timers while waiting');
    // Resumed Tuesday 10:00: 8 working hours passed (Mon 10-17, Tue 9-10).
    const resumedAt = local('2026-12-01T10:00:00');
    const resume = onStatusChange(pending, { ...pending, status: 'open' }, resumedAt, policy);
    assert.equal(resume.slaPausedMs, 8 * HOUR);
    assert.equal(resume.slaPausedAt, undefined);
    assert.deepEqual(resume.checkInFrom, resumedAt);
    assert.ok('pendingSince' in resume && resume.pendingSince === undefined);
    const open = { ...pending, status: 'open' as const, ...resume };
    // Due Monday 11:00 before; 8 working hours later is Tuesday 11:00.
    assert.deepEqual(slaTargets(open, policy).firstResponse.dueAt, local('2026-12-01T11:00:00'));
  });

  it('reminds a pending customer at each interval and closes after the limit', () => {
    const since = local('2026-11-30T09:00:00');
    const pending = state({ status: 'pending', pendingSince: since, pendingReminders: 0 });
    assert.deepEqual(planTimers(pending, policy), { 'pending-close': local('2026-12-04T17:00:00'), 'pending-reminder': local('2026-12-01T17:00:00') });
    assert.deepEqual(planTimers({ ...pending, pendingReminders: 1 }, policy)['pending-reminder'], local('2026-12-03T17:00:00'));
    assert.deepEqual(Object.keys(planTimers({ ...pending, pendingReminders: 2 }, policy)), ['pending-close'], 'no more reminders');
  });

  it('sends the survey after resolution and closes the ticket after the reopen window', () => {
    const resolvedAt = local('2026-11-30T12:00:00');
    const resolved = state({ status: 'resolved', resolvedAt });
    assert.deepEqual(planTimers(resolved, policy), { close: new Date(resolvedAt.getTime() + 7 * 24 * HOUR), survey: new Date(resolvedAt.getTime() + HOUR) });
    assert.deepEqual(Object.keys(planTimers({ ...resolved, surveySentAt: resolvedAt }, policy)), ['close']);
    assert.deepEqual(planTimers({ ...resolved, status: 'closed' }, policy), {});
  });

  it('a reopened ticket gets a fresh survey later and check-ins from the reopening', () => {
    const at = local('2026-12-01T09:00:00');
    const resolved = state({ status: 'resolved', resolvedAt: local('2026-11-30T12:00:00'), surveySentAt: local('2026-11-30T13:00:00'), slaPausedAt: local('2026-11-30T12:00:00') });
    const changes = onStatusChange(resolved, { ...resolved, status: 'open' }, at, policy);
    assert.ok('surveySentAt' in changes && changes.surveySentAt === undefined);
    assert.deepEqual(changes.checkInFrom, at);
    assert.equal(changes.slaPausedMs, 5 * HOUR);
  });

  it('leaves out a warning whose breach is also due (a sweep after an outage)', () => {
    const timers = planTimers(state(), policy);
    const late = new Date(timers['first-response-breach']!.getTime() + 1);
    assert.deepEqual(dueTimers(timers, late).map((d) => d.kind), ['first-response-breach']);
    assert.deepEqual(dueTimers(timers, timers['first-response-warning']!).map((d) => d.kind), ['first-response-warning']);
  });
});
