import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Metrics } from '../app/metrics';
import type { Logger, TimedJob } from '../app/ports';
import type { DigestJob } from './digest-scheduler';
import { PermanentError } from '../domain/errors';
import { JOB_DEFAULTS, QUEUE_NAMES, type QueueName } from './queues';

export interface Handlers {
  intake(rawMailId: string): Promise<unknown>;
  send(outboxId: string): Promise<unknown>;
  quarantineMove(rawMailId: string): Promise<unknown>;
  timed(job: TimedJob): Promise<unknown>;
  sweep(): Promise<unknown>;
  digest(job: DigestJob): Promise<unknown>;
  /** Called when a job has used up its retries: the mail must still end somewhere. */
  intakeExhausted(rawMailId: string, error: string): Promise<unknown>;
}

export interface WorkerOptions {
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  log: Logger;
  /** The queues this process works on (default: all), so a deployment can give sending or digests their own processes. */
  queues?: readonly QueueName[];
  metrics?: Metrics;
}

/**
 * Thin BullMQ workers: each takes an id from the job and calls a use case.
 * Permanent failures become UnrecoverableError (no pointless retries).
 */
export function startWorkers(handlers: Handlers, opts: WorkerOptions): { close(graceMs?: number): Promise<void> } {
  const all: Array<[QueueName, (job: Job) => Promise<unknown>, number]> = [
    [QUEUE_NAMES.intake, (job) => handlers.intake(job.data.rawMailId), opts.concurrency],
    [QUEUE_NAMES.send, (job) => handlers.send(job.data.outboxId), Math.max(2, Math.ceil(opts.concurrency / 2))],
    [QUEUE_NAMES.quarantineMove, (job) => handlers.quarantineMove(job.data.rawMailId), 1],
    [QUEUE_NAMES.care, (job) => handlers.timed(job.data as TimedJob), Math.max(2, Math.ceil(opts.concurrency / 2))],
    [QUEUE_NAMES.sweep, () => handlers.sweep(), 1],
    [QUEUE_NAMES.digest, (job) => handlers.digest(job.data as DigestJob), 1],
  ];
  const wanted = new Set(opts.queues ?? Object.values(QUEUE_NAMES));
  const workers = all.filter(([name]) => wanted.has(name)).map(([name, run, concurrency]) => make(name, run, opts, concurrency));
  workers.find((w) => w.name === QUEUE_NAMES.intake)?.on('failed', (job, err) => {
    if (!job) return;
    const exhausted = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? JOB_DEFAULTS.attempts ?? 1);
    if (!exhausted) return;
    handlers.intakeExhausted(job.data.rawMailId, err.message).catch((e: Error) => opts.log.error({ rawMailId: job.data.rawMailId, err: e.message }, 'could not quarantine a failed mail'));
  });
  return {
    /** Waits for the jobs in flight to finish; past `graceMs` they are left to BullMQ, which hands them to another worker once their lock expires. */
    async close(graceMs = 30_000) {
      const closing = Promise.all(workers.map((w) => w.close()));
      const deadline = new Promise<'late'>((r) => setTimeout(() => r('late'), graceMs).unref());
      if ((await Promise.race([closing, deadline])) === 'late') {
        opts.log.warn({ graceMs }, 'jobs still running at shutdown: left to another worker');
        await Promise.all(workers.map((w) => w.close(true)));
      }
    },
  };
}

/**
 * How often a job may be left behind by a worker process that died while
 * running it before BullMQ fails it (its default is once). Under the fault
 * suite's 20 kills, 5 of 1,000 mails were active in two killed workers in a
 * row and were given up; a mail that itself kills the worker still ends in
 * quarantine, after this many tries.
 */
const MAX_STALLED = 5;

/**
 * The longest a job of each queue may run. BullMQ renews a running job's lock
 * for as long as its process lives, so a handler that never settles (a lost
 * reply from a server, a wait on a lock whose holder hangs) would hold its
 * mail for ever without failing or stalling. Past its deadline the job fails
 * and retries like any other failure; every handler is idempotent, so the
 * abandoned run finishing later doubles nothing.
 */
export const JOB_DEADLINE_MS: Record<QueueName, number> = {
  intake: 5 * 60_000,
  send: 3 * 60_000,
  'quarantine-move': 5 * 60_000,
  care: 5 * 60_000,
  sweep: 10 * 60_000,
  digest: 30 * 60_000,
};

/** Runs the work, or rejects once the deadline passes without it settling. */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function make(name: QueueName, run: (job: Job) => Promise<unknown>, opts: WorkerOptions, concurrency: number): Worker {
  const worker = new Worker(
    name,
    async (job) => {
      try {
        return await withDeadline(run(job), JOB_DEADLINE_MS[name], `${name} job ${job.id}`);
      } catch (err) {
        if (err instanceof PermanentError) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
    { connection: opts.connection, prefix: opts.prefix, concurrency, maxStalledCount: MAX_STALLED },
  );
  worker.on('failed', (job, err) => {
    opts.metrics?.count('jobs_failed_total', { queue: name });
    opts.log.warn({ queue: name, jobId: job?.id, attempt: job?.attemptsMade, err: err.message, stack: err.stack }, 'job failed');
  });
  worker.on('error', (err) => opts.log.error({ queue: name, err: err.message }, 'worker error'));
  return worker;
}
