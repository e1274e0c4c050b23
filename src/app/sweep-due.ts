import { dueTimers } from '../domain/care-plan';
import type { Clock, JobQueues, Logger, TicketRepo, TimedJob } from './ports';

export interface SweepDeps {
  tickets: TicketRepo;
  queues: JobQueues;
  clock: Clock;
  log: Logger;
}

/** Tickets looked at per sweep; the rest wait a minute (their jobs are keyed, so none is lost or doubled). */
export const SWEEP_BATCH = 2000;

/**
 * Once a minute: every ticket with a timer due gets a job per due timer. The
 * job id is ticket + kind + due time, so sweeping again before the job ran
 * adds nothing, and a timer moved by an update makes the old job stale.
 */
export function sweepDue(deps: SweepDeps) {
  return async (): Promise<number> => {
    const now = deps.clock.now();
    const due = await deps.tickets.listDue(now, SWEEP_BATCH);
    const jobs: TimedJob[] = due.flatMap((t) => dueTimers(t.timers, now).map((d) => ({ ticketId: t.id, kind: d.kind, dueAt: d.dueAt.getTime() })));
    await deps.queues.timed(jobs);
    if (due.length === SWEEP_BATCH) deps.log.warn({ tickets: due.length }, 'care sweep hit its batch limit; the rest follow at the next sweep');
    if (jobs.length > 0) deps.log.info({ tickets: due.length, jobs: jobs.length }, 'care sweep queued timed actions');
    return jobs.length;
  };
}
