import type { Connection } from 'mongoose';
import type { acceptRawMails } from './app/accept-raw-mails';
import type { Clock, JobQueues, Logger, NewRawMail } from './app/ports';
import { sweepDue } from './app/sweep-due';
import type { DeskConfig } from './config/desk';
import type { Env } from './config/env';
import type { DigestFigures } from './domain/digest-stats';
import type { Repos } from './models';
import type { QueueName } from './workers/queues';
import { closeCore, createCore } from './wiring/core';
import { startOps } from './wiring/ops';
import { startIngest, startSchedulerRole, startWorkerRole, type Stop } from './wiring/roles';
import { digestNow, sharedUseCases, type DigestNow } from './wiring/use-cases';

export { deskSettings, imapSettingsFor, tokenProvidersFor } from './wiring/core';
export type { DigestNow } from './wiring/use-cases';

/**
 * What a process runs. `ingest` polls the support mailboxes (one active
 * poller per mailbox across all processes, by a Redis lock); `worker` runs
 * the BullMQ jobs; `scheduler` keeps the schedules and the recovery sweep.
 * Every role can run in any number of processes on any number of machines.
 */
export type Role = 'ingest' | 'worker' | 'scheduler';

/** The one place that knows every adapter: it builds them and wires them to the use cases (src/wiring). */
export interface App {
  accept(mails: NewRawMail[]): ReturnType<ReturnType<typeof acceptRawMails>>;
  repos: Repos;
  mongo: Connection;
  /** The job queues (operators' commands queue work for the workers of any process). */
  queues: JobQueues;
  /** Starts roles in this process; `queues` limits the worker role to some queues. */
  start(roles: readonly Role[], opts?: { queues?: readonly QueueName[] }): void;
  startIngest(): void;
  /** The worker and scheduler roles together (what a single-process gateway and the tests run). */
  startWorkers(): void;
  /** Runs the care sweep now (it also runs once a minute through the scheduler); returns the jobs queued. */
  sweep(): Promise<number>;
  /** Prepares a digest now and queues it; with `send`, also sends it from this process (the CLI has no workers). */
  digest(req: DigestNow, opts?: { send?: boolean }): Promise<{ figures: DigestFigures; outboxId?: string }>;
  /** The web server's port once the workers run (survey links), if it runs. */
  webPort(): number | undefined;
  /** The operators' endpoints' port (/metrics, /healthz, /readyz, /queues) once a role runs, if they run. */
  opsPort(): number | undefined;
  /** Stops the roles (jobs in flight finish, mailbox locks are released), then closes the connections. */
  stop(): Promise<void>;
}

export interface AppOptions {
  /** The time every use case sees; tests pass a controllable one. */
  clock?: Clock;
}

export async function createApp(env: Env, desk: DeskConfig, log: Logger, secrets: Record<string, string | undefined> = {}, opts: AppOptions = {}): Promise<App> {
  const core = await createCore(env, desk, log, secrets, opts.clock);
  const stops: Stop[] = [];
  const uses = sharedUseCases(core);
  let usedCases = false;
  let ops: ReturnType<typeof startOps> | undefined;
  const start: App['start'] = (roles, o) => {
    // One operators' server per process, named after the first roles started in it.
    ops ??= startOps(core, roles.join('+'));
    // Ingest stops first at shutdown, so nothing new is queued while the workers finish.
    if (roles.includes('ingest')) stops.unshift(startIngest(core));
    usedCases ||= roles.includes('worker') || roles.includes('scheduler');
    if (roles.includes('worker')) stops.push(startWorkerRole(core, uses, o?.queues));
    if (roles.includes('scheduler')) stops.push(startSchedulerRole(core, uses));
  };
  return {
    accept: core.accept,
    repos: core.repos,
    mongo: core.mongo,
    queues: core.queues,
    start,
    startIngest: () => start(['ingest']),
    startWorkers: () => start(['worker', 'scheduler']),
    sweep: () => sweepDue({ tickets: core.repos.tickets, queues: core.queues, clock: core.clock, log })(),
    webPort: () => core.web.port,
    opsPort: () => core.ops.port,
    digest: (req, o) => digestNow(core, req, o?.send ?? false),
    async stop() {
      for (const stop of stops.splice(0)) await stop();
      if (usedCases) await uses().transport.close();
      await (await ops)?.close();
      await closeCore(core);
    },
  };
}
