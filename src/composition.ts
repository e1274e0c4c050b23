import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { acceptRawMails, recoverUnfinished } from './app/accept-raw-mails';
import type { DeskSettings } from './app/desk-settings';
import { createIntake } from './app/intake';
import { learnedTriage } from './app/learned-triage';
import { alertManagers, loopAlert } from './app/manager-alert';
import { createOutgoing, type Outgoing } from './app/outgoing';
import type { Clock, Logger, NewRawMail } from './app/ports';
import type { ImapFlow } from 'imapflow';
import { recoverUnsent, sendOutbox } from './app/send-outbox';
import { supportAddresses, type DeskConfig, type MailboxConfig } from './config/desk';
import type { Env } from './config/env';
import { imapFactory, type ImapSettings } from './ingest/imap-client';
import { createMailboxLock } from './ingest/mailbox-lock';
import { DEFAULT_ROUTING, type RoutingRules } from './domain/route';
import { DEFAULT_RULES, mergeRules, type DeepPartial, type TriageRules } from './domain/triage/rules';
import { redisRateCounter } from './workers/rate-counter';
import { redisKeyedLock } from './workers/redis-keyed-lock';
import { MailboxPoller } from './ingest/poller';
import { createQuarantineMover } from './ingest/quarantine-mover';
import { parseMail } from './mail/parse';
import { createRenderer } from './mail/render';
import { createSmtpTransport } from './mail/transport';
import { connectMongo, createRepos, ensureIndexes, type Repos } from './models';
import { createQueues, type QueueSet } from './workers/queues';
import { startWorkers, type Handlers } from './workers/run-workers';
import { digestPeriod, scheduleDigests, type DigestJob } from './workers/digest-scheduler';
import { createKnowledge } from './app/knowledge';
import { linkProblem } from './app/problems';
import { sendDigest, type DigestRequest } from './app/digest';
import type { DigestFigures } from './domain/digest-stats';
import { digestCharts } from './reports/digest-charts';
import { scheduleSweep } from './workers/queues';
import { withCare } from './app/care-schedule';
import { notifyAgents } from './app/notify-agents';
import { recordSatisfaction } from './app/satisfaction';
import { sweepDue } from './app/sweep-due';
import { timedCare } from './app/timed-care';
import { carePolicy } from './config/care';
import type { Score } from './domain/rating';
import { verifyRatingSignature } from './domain/rating-link';
import { startRatingServer } from './web/rating-server';

/** The one place that knows every adapter: it builds them and wires them to the use cases. */
export interface App {
  accept(mails: NewRawMail[]): ReturnType<ReturnType<typeof acceptRawMails>>;
  repos: Repos;
  mongo: Connection;
  startIngest(): void;
  startWorkers(): void;
  /** Runs the care sweep now (it also runs once a minute in the worker role); returns the jobs queued. */
  sweep(): Promise<number>;
  /** Prepares a digest now and queues it; with `send`, also sends it from this process (the CLI has no workers). */
  digest(req: DigestNow, opts?: { send?: boolean }): Promise<{ figures: DigestFigures; outboxId?: string }>;
  /** The web server's port once the workers run (survey links), if it runs. */
  webPort(): number | undefined;
  stop(): Promise<void>;
}

export type DigestNow = Omit<DigestRequest, 'timeZone' | 'key'> & { timeZone?: string };

export interface AppOptions {
  /** The time every use case sees; tests pass a controllable one. */
  clock?: Clock;
}

export function deskSettings(desk: DeskConfig, tokenSecret: string, publicUrl?: string, previousTokenSecrets: string[] = []): DeskSettings {
  return {
    name: desk.desk.name,
    ticketPrefix: desk.desk.ticketPrefix,
    defaultLanguage: desk.desk.defaultLanguage,
    timeZone: desk.desk.timeZone,
    messageIdDomain: desk.desk.messageIdDomain ?? desk.mailboxes[0].address.split('@')[1],
    supportAddresses: supportAddresses(desk),
    maxMailBytes: desk.limits.maxMailBytes,
    care: carePolicy(desk, desk.desk.timeZone, desk.conversation.reopenDays),
    onCall: desk.businessHours.onCall,
    publicUrl,
    agents: desk.agents,
    managers: desk.managers,
    problems: desk.problems,
    knowledge: desk.knowledge,
    reopenDays: desk.conversation.reopenDays,
    maxAutoMailsPerHour: desk.conversation.maxAutoMailsPerHour,
    tokenSecret,
    previousTokenSecrets,
    trustedAuthServId: desk.conversation.trustedAuthServId,
    requireAgentDkim: desk.conversation.requireAgentDkim,
    routing: routingRules(desk),
    triageRules: mergeRules(DEFAULT_RULES, desk.triage as DeepPartial<TriageRules>),
  };
}

function routingRules(desk: DeskConfig): RoutingRules {
  const centres = Object.fromEntries(Object.entries(desk.routing.centres).filter(([, v]) => v !== undefined)) as Partial<RoutingRules['centres']>;
  const tiers = Object.fromEntries(Object.entries(desk.routing.tierByPriority).filter(([, v]) => v !== undefined)) as RoutingRules['tierByPriority'];
  return { centres: { ...DEFAULT_ROUTING.centres, ...centres }, tierByPriority: tiers, defaultTier: desk.routing.defaultTier, alertManagersOn: desk.routing.alertManagersOn };
}

export function imapSettingsFor(env: Env, mailbox: MailboxConfig, secrets: Record<string, string | undefined>): ImapSettings {
  const password = mailbox.passwordEnv === 'IMAP_PASSWORD' ? env.IMAP_PASSWORD : secrets[mailbox.passwordEnv];
  if (!password) throw new Error(`mailbox ${mailbox.address}: environment variable ${mailbox.passwordEnv} is not set`);
  return { host: env.IMAP_HOST, port: env.IMAP_PORT, secure: env.IMAP_TLS, user: mailbox.imapUser ?? env.IMAP_USER ?? mailbox.address, password };
}

/** Everything both roles share, built once per process. */
interface Core {
  env: Env;
  desk: DeskConfig;
  settings: DeskSettings;
  log: Logger;
  mongo: Connection;
  repos: Repos;
  redis: Redis;
  connection: Redis;
  queues: QueueSet;
  clock: Clock;
  accept: ReturnType<typeof acceptRawMails>;
  imap(address: string): ImapFlow | undefined;
  web: { port?: number };
}

export async function createApp(env: Env, desk: DeskConfig, log: Logger, secrets: Record<string, string | undefined> = {}, opts: AppOptions = {}): Promise<App> {
  const mongo = await connectMongo(env.MONGO_URL);
  await ensureIndexes(mongo);
  const settings = deskSettings(desk, env.TOKEN_SECRET, env.PUBLIC_URL, env.TOKEN_SECRET_PREVIOUS);
  const redisOpts = { maxRetriesPerRequest: null, enableReadyCheck: true };
  const redis = new Redis(env.REDIS_URL, redisOpts);
  const stored = createRepos(mongo, redisKeyedLock(redis, `${env.QUEUE_PREFIX}:lock`));
  const repos = { ...stored, tickets: withCare(stored.tickets, settings.care) };
  const connection = new Redis(env.REDIS_URL, redisOpts);
  const queues = createQueues(connection, env.QUEUE_PREFIX);
  const connectImap = imapFactory(log);
  const imapFor = new Map(desk.mailboxes.map((m) => [m.address, imapSettingsFor(env, m, secrets)]));
  const core: Core = {
    env, desk, settings, log, mongo, repos, redis, connection, queues,
    clock: opts.clock ?? { now: () => new Date() },
    web: {},
    accept: acceptRawMails({ rawMails: repos.rawMails, queues, log }),
    imap: (address) => (imapFor.has(address) ? connectImap(imapFor.get(address)!) : undefined),
  };
  const closers: Array<() => Promise<void>> = [];
  return {
    accept: core.accept,
    repos,
    mongo,
    startIngest: () => closers.push(startIngest(core)),
    startWorkers: () => closers.push(startAllWorkers(core)),
    sweep: () => sweepDue({ tickets: repos.tickets, queues, clock: core.clock, log })(),
    webPort: () => core.web.port,
    digest: (req, o) => digestNow(core, req, o?.send ?? false),
    async stop() {
      for (const close of closers) await close();
      await queues.close();
      redis.disconnect();
      connection.disconnect();
      await mongo.close();
    },
  };
}

/** One poller per support mailbox; each holds its mailbox's Redis lock while it runs. */
function startIngest(core: Core): () => Promise<void> {
  const { env, settings, repos, log } = core;
  const pollers = core.desk.mailboxes.map((m) => {
    const spec = { address: m.address, folder: m.folder, processedFolder: m.processedFolder, quarantineFolder: m.quarantineFolder, maxMailBytes: settings.maxMailBytes, windowSize: 100 };
    const lock = createMailboxLock(core.redis, `${env.QUEUE_PREFIX}:lock:mailbox:${m.address}/${m.folder}`, env.IMAP_LOCK_SECONDS * 1000);
    const poller = new MailboxPoller(spec, { accept: core.accept, rawMails: repos.rawMails, cursors: repos.cursors, log, now: core.clock.now, lock, pollSeconds: env.IMAP_POLL_SECONDS, connect: () => core.imap(m.address)! });
    void poller.run();
    return poller;
  });
  return async () => {
    await Promise.all(pollers.map((p) => p.stop()));
  };
}

function smtpFor(env: Env, poolSize: number) {
  return createSmtpTransport({ host: env.SMTP_HOST, port: env.SMTP_PORT, secure: env.SMTP_TLS, user: env.SMTP_USER, password: env.SMTP_PASSWORD, poolSize, requireTls: env.SMTP_REQUIRE_TLS });
}

/** The use cases the worker role runs, wired to their adapters. */
function useCases(core: Core, transport: ReturnType<typeof createSmtpTransport>) {
  const { env, repos, log, desk } = core;
  const templates = createRenderer();
  const base = { ...repos, queues: core.queues, templates, desk: core.settings, clock: core.clock, log };
  const alert = alertManagers(base, () => outgoing);
  const rate = redisRateCounter(core.redis, `${env.QUEUE_PREFIX}:rate`);
  const outgoing: Outgoing = createOutgoing({ ...base, rate, onCapReached: loopAlert(alert, core.clock) });
  const learned = learnedTriage({ history: repos.history, messages: repos.messages, tickets: repos.tickets, log });
  const knowledgeBase = createKnowledge(base);
  const satisfaction = recordSatisfaction({ ...base, alert });
  const intake = createIntake({ ...base, outgoing, parse: parseMail, alert, learned: learned.current, rateTicket: satisfaction, knowledgeBase, suggest: knowledgeBase.suggest, linkProblem: linkProblem({ ...base, alert, notify: notifyAgents({ ...base, outgoing }) }) });
  const digest = sendDigest({ ...base, outgoing, charts: digestCharts });
  const handlers: Handlers = {
    intake: (id) => intake.process(id),
    send: sendOutbox({ outbox: repos.outbox, sender: transport, history: repos.history, log }),
    quarantineMove: createQuarantineMover({ rawMails: repos.rawMails, connect: core.imap, quarantineFolder: (address) => desk.mailboxes.find((m) => m.address === address)?.quarantineFolder, log }),
    timed: timedCare({ ...base, outgoing, alert, notify: notifyAgents({ ...base, outgoing }) }),
    sweep: sweepDue({ tickets: repos.tickets, queues: core.queues, clock: core.clock, log }),
    digest: (job) => scheduledDigest(core, digest, job),
    intakeExhausted: async (id, error) => {
      const raw = await repos.rawMails.get(id);
      if (raw && !raw.outcome) await intake.quarantine(raw, 'processing-failed', error);
    },
  };
  return { handlers, learned, satisfaction, knowledgeBase, digest, outgoing };
}

/** An on-demand digest (CLI, tests): keyed by recipient and the minute it was asked for. */
async function digestNow(core: Core, req: DigestNow, send: boolean) {
  const { env, repos, log } = core;
  const transport = smtpFor(env, 1);
  try {
    const { digest } = useCases(core, transport);
    const key = `digest:${req.to.address}:${req.kind}:${req.until.toISOString().slice(0, 16)}`;
    const { result, figures } = await digest({ ...req, timeZone: req.timeZone ?? core.settings.timeZone, key });
    const outboxId = result.queued ? result.outboxId : undefined;
    if (send && outboxId) await sendOutbox({ outbox: repos.outbox, sender: transport, history: repos.history, log })(outboxId);
    return { figures, outboxId };
  } finally {
    await transport.close();
  }
}

/** A scheduled digest: the period since the schedule's previous run, keyed so a retry sends it once. */
async function scheduledDigest(core: Core, digest: ReturnType<typeof sendDigest>, job: DigestJob) {
  const manager = core.settings.managers.find((m) => m.email === job.manager);
  const schedule = manager?.digests?.find((d) => d.kind === job.kind);
  if (!manager || !schedule) return 'no longer configured';
  const timeZone = manager.timeZone ?? core.settings.timeZone;
  const { from, until } = digestPeriod(schedule.cron, timeZone, core.clock.now());
  await digest({ to: { name: manager.name, address: manager.email }, language: manager.language, timeZone, kind: job.kind, from, until, key: `digest:${manager.email}:${job.kind}:${until.toISOString()}` });
  return 'sent';
}

function startAllWorkers(core: Core): () => Promise<void> {
  const { env, repos, log } = core;
  const transport = smtpFor(env, env.SMTP_POOL_SIZE);
  const { handlers, learned, satisfaction, knowledgeBase } = useCases(core, transport);
  const retrain = () => {
    learned.refresh().catch((err: Error) => log.warn({ err: err.message }, 'learned triage refresh failed'));
    knowledgeBase.refresh().catch((err: Error) => log.warn({ err: err.message }, 'knowledge refresh failed'));
  };
  retrain();
  const workers = startWorkers(handlers, { connection: core.connection, prefix: env.QUEUE_PREFIX, concurrency: env.WORKER_CONCURRENCY, log });
  scheduleSweep(core.queues).catch((err: Error) => log.error({ err: err.message }, 'could not schedule the care sweep'));
  scheduleDigests(core.queues.queues.digest, core.settings.managers, core.settings.timeZone).catch((err: Error) => log.error({ err: err.message }, 'could not schedule the digests'));
  const web = startWeb(core, satisfaction);
  const recoverMail = recoverUnfinished({ rawMails: repos.rawMails, queues: core.queues, log, now: core.clock.now, giveUp: handlers.intakeExhausted });
  const recoverSends = recoverUnsent({ outbox: repos.outbox, queues: core.queues, log, now: core.clock.now });
  const recover = async () => {
    await recoverMail();
    await recoverSends();
  };
  const sweep = setInterval(() => recover().catch((err: Error) => log.warn({ err: err.message }, 'recovery sweep failed')), env.RECOVERY_SECONDS * 1000);
  const retraining = setInterval(retrain, 5 * 60_000);
  const reporting = setInterval(() => pruneReportingRows(core), 3_600_000);
  void ensureReportingRows(core);
  return async () => {
    clearInterval(sweep);
    clearInterval(retraining);
    clearInterval(reporting);
    await (await web)?.close();
    await workers.close();
    await transport.close();
  };
}

/** Longer than the longest digest period (62 days), so no digest misses a row. */
const REPORTING_DAYS = 70;

/** Tickets stored before the reporting rows existed (an upgrade) get theirs once, in the background. */
async function ensureReportingRows(core: Core) {
  try {
    const rows = await core.mongo.collection('digestrows').estimatedDocumentCount();
    const tickets = await core.mongo.collection('tickets').estimatedDocumentCount();
    if (rows > 0 || tickets === 0) return;
    const n = await core.repos.tickets.rebuildDigestRows();
    core.log.info({ tickets: n }, 'reporting rows rebuilt');
  } catch (err) {
    core.log.warn({ err: (err as Error).message }, 'could not rebuild the reporting rows');
  }
}

function pruneReportingRows(core: Core) {
  const before = new Date(core.clock.now().getTime() - REPORTING_DAYS * 24 * 3_600_000);
  core.repos.tickets.pruneDigestRows(before).catch((err: Error) => core.log.warn({ err: err.message }, 'could not prune the reporting rows'));
}

/** The survey links' web server; a port taken by another process is logged, not fatal (mail goes on). */
async function startWeb(core: Core, satisfaction: ReturnType<typeof recordSatisfaction>) {
  const { repos, settings, log } = core;
  const deps = {
    lookup: async (number: string) => {
      const t = await repos.tickets.findByNumber(number);
      return t ? { number: t.number, language: t.language, deskName: settings.name } : null;
    },
    verify: (number: string, signature: string) => verifyRatingSignature([settings.tokenSecret, ...(settings.previousTokenSecrets ?? [])], number, signature),
    record: async (number: string, score: Score, comment: string | undefined) => {
      const t = await repos.tickets.findByNumber(number);
      if (t) await satisfaction(t, { score, comment }, 'link', t.requester.address);
    },
    log,
  };
  try {
    const server = await startRatingServer(deps, { port: core.env.HTTP_PORT, host: core.env.HTTP_HOST });
    core.web.port = server.port;
    return server;
  } catch (err) {
    log.error({ err: (err as Error).message, port: core.env.HTTP_PORT }, 'web server not started: survey links will not work');
    return undefined;
  }
}
