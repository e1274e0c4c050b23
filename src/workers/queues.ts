import { Queue, type ConnectionOptions, type DefaultJobOptions, type Job } from 'bullmq';
import type { JobQueues, TimedJob } from '../app/ports';

export const QUEUE_NAMES = { intake: 'intake', send: 'send', quarantineMove: 'quarantine-move', care: 'care', sweep: 'sweep', digest: 'digest' } as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** Retries with exponential backoff ride out a database or SMTP outage of several minutes. */
export const JOB_DEFAULTS: DefaultJobOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export interface QueueSet extends JobQueues {
  queues: Record<QueueName, Queue>;
  close(): Promise<void>;
}

/**
 * BullMQ queues behind the JobQueues port. Jobs carry ids, never documents,
 * and the job id is the record id: adding the same id twice while the first
 * job exists is a no-op in BullMQ, which makes enqueueing idempotent.
 */
export function createQueues(connection: ConnectionOptions, prefix: string): QueueSet {
  const make = (name: QueueName) => new Queue(name, { connection, prefix, defaultJobOptions: JOB_DEFAULTS });
  const queues = { intake: make('intake'), send: make('send'), 'quarantine-move': make('quarantine-move'), care: make('care'), sweep: make('sweep'), digest: make('digest') };
  return {
    queues,
    intake: (ids) => addIds(queues.intake, 'rawMailId', ids),
    send: (ids) => addIds(queues.send, 'outboxId', ids),
    async requeueSend(ids) {
      const gaveUp = await requeue(queues.send, 'outboxId', ids);
      for (const { job } of gaveUp) await job.retry('failed');
    },
    async requeueIntake(ids) {
      const gaveUp = await requeue(queues.intake, 'rawMailId', ids);
      return gaveUp.map(({ job }) => ({ id: String(job.id), reason: `${job.failedReason || 'failed'} (after ${job.attemptsMade} attempts, ${job.stalledCounter ?? 0} stalls)` }));
    },
    forgetEndedIntake: (ids) => forgetEnded(queues.intake, ids),
    quarantineMove: (ids) => addIds(queues['quarantine-move'], 'rawMailId', ids),
    async refile(ids) {
      await forgetEnded(queues['quarantine-move'], ids);
      await addIds(queues['quarantine-move'], 'rawMailId', ids);
    },
    timed: (jobs) => addTimed(queues.care, jobs),
    async close() {
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}

/**
 * Recovery of records the database says are unfinished. Adding a job whose
 * id exists is a no-op in BullMQ, so a job that already ended needs more: a
 * completed one (its record still unfinished, so its work was lost) is
 * removed and added again; a failed one is returned for the caller to decide.
 */
async function requeue(queue: Queue, field: string, ids: string[]): Promise<Array<{ job: Job }>> {
  await addIds(queue, field, ids);
  const gaveUp: Array<{ job: Job }> = [];
  for (const { job, state } of await endedJobs(queue, ids)) {
    if (state === 'failed') gaveUp.push({ job });
    else {
      await job.remove();
      await addIds(queue, field, [String(job.id)]);
    }
  }
  return gaveUp;
}

/** Removes ended jobs so their ids can be added afresh (full attempts); a running job holds a lock and is never removed. */
async function forgetEnded(queue: Queue, ids: string[]) {
  for (const { job } of await endedJobs(queue, ids)) await job.remove();
}

/** The jobs of these ids that have ended, completed or failed. */
async function endedJobs(queue: Queue, ids: string[]): Promise<Array<{ job: Job; state: 'completed' | 'failed' }>> {
  const out: Array<{ job: Job; state: 'completed' | 'failed' }> = [];
  for (const id of ids) {
    const job = await queue.getJob(id);
    const state = job ? await job.getState() : 'missing';
    if (job && (state === 'completed' || state === 'failed')) out.push({ job, state });
  }
  return out;
}

async function addIds(queue: Queue, field: string, ids: string[]) {
  if (ids.length === 0) return;
  await queue.addBulk(ids.map((id) => ({ name: queue.name, data: { [field]: id }, opts: { jobId: id } })));
}

/** BullMQ job ids may not contain ':'; ticket ids and kinds never do. */
export const timedJobId = (job: TimedJob) => `${job.ticketId}-${job.kind}-${job.dueAt}`;

async function addTimed(queue: Queue, jobs: TimedJob[]) {
  for (let i = 0; i < jobs.length; i += 500) {
    await queue.addBulk(jobs.slice(i, i + 500).map((job) => ({ name: job.kind, data: job, opts: { jobId: timedJobId(job) } })));
  }
}

/** The care sweep runs once a minute; several processes may upsert the same scheduler, and BullMQ keeps one. */
export async function scheduleSweep(queues: QueueSet, everyMs = 60_000): Promise<void> {
  await queues.queues.sweep.upsertJobScheduler('care-sweep', { every: everyMs }, { name: 'sweep', opts: { removeOnComplete: 100, removeOnFail: 100 } });
}
