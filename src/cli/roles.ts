import type { Command } from 'commander';
import { createApp, type Role } from '../composition';
import { createLogger } from '../log';
import { QUEUE_NAMES, type QueueName } from '../workers/queues';
import { loadConfigOrExit } from './load-config';
import { superviseRoles } from './supervise';

/** How long a stopping process waits for its jobs and locks before it exits anyway (jobs left over go to another worker). */
const SHUTDOWN_MS = 45_000;

/**
 * The process roles. `start` runs everything in one process; `ingest`,
 * `worker` and `scheduler` run one role each, for scale-out across processes
 * and machines; `run` is the supervised pair (ingest, and worker with
 * scheduler), restarted when either dies.
 */
export function registerRoles(program: Command): void {
  program
    .command('start', { isDefault: true })
    .description('run every role in one process: IMAP ingest, the workers and the scheduler (the default)')
    .action(() => runRoles(['ingest', 'worker', 'scheduler']));
  program
    .command('ingest')
    .description('poll the support mailboxes (one active poller per mailbox across all processes)')
    .action(() => runRoles(['ingest']));
  program
    .command('worker')
    .description('run the queue workers (any number of processes)')
    .option('--queues <names>', `comma-separated subset of ${Object.values(QUEUE_NAMES).join(', ')}`)
    .action((opts: { queues?: string }) => runRoles(['worker'], parseQueues(program, opts.queues)));
  program
    .command('scheduler')
    .description('keep the care and digest schedules and sweep up unfinished mail')
    .action(() => runRoles(['scheduler']));
  program
    .command('run')
    .description('run ingest and worker+scheduler as two supervised processes, restarting either when it dies')
    .option('--role <role>', 'all (supervised), ingest, or worker (worker and scheduler)', 'all')
    .action((opts: { role: string }) => {
      if (!['all', 'ingest', 'worker'].includes(opts.role)) program.error(`--role must be all, ingest or worker, not ${opts.role}`);
      if (opts.role !== 'all') return runRoles(opts.role === 'ingest' ? ['ingest'] : ['worker', 'scheduler']);
      const { env } = loadConfigOrExit();
      superviseRoles(createLogger(env.LOG_LEVEL, { role: 'supervisor' }), env.OPS_PORT);
    });
}

function parseQueues(program: Command, list: string | undefined): QueueName[] | undefined {
  if (!list) return undefined;
  const known = new Set<string>(Object.values(QUEUE_NAMES));
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0 || names.length === 0) program.error(`--queues: unknown ${unknown.join(', ') || '(empty)'}; expected some of ${[...known].join(', ')}`);
  return names as QueueName[];
}

async function runRoles(roles: Role[], queues?: QueueName[]): Promise<void> {
  const { env, desk } = loadConfigOrExit();
  const log = createLogger(env.LOG_LEVEL, { role: roles.join('+') });
  const app = await createApp(env, desk, log, process.env);
  app.start(roles, { queues });
  log.info({ roles, queues, mailboxes: roles.includes('ingest') ? desk.mailboxes.map((m) => m.address) : undefined }, 'ticketgate started');
  let stopping = false;
  const shutdown = async (signal: string) => {
    // A second Ctrl-C means "now" (the jobs in flight return to the queue when their locks expire). A repeated
    // SIGTERM does not: systemd and the supervisor may both send one to the same process.
    if (stopping && signal === 'SIGINT') process.exit(1);
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing jobs in flight and releasing the mailbox locks');
    setTimeout(() => {
      log.warn({ afterMs: SHUTDOWN_MS }, 'shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_MS).unref();
    await app.stop();
    log.info({}, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
