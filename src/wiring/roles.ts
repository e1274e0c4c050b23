import { recoverUnfinished } from '../app/accept-raw-mails';
import { refileMisfiled } from '../app/quarantine';
import { recoverUnsent } from '../app/send-outbox';
import type { recordSatisfaction } from '../app/satisfaction';
import type { Score } from '../domain/rating';
import { verifyRatingSignature } from '../domain/rating-link';
import { createMailboxLock } from '../ingest/mailbox-lock';
import { redisMailboxShare } from '../ingest/mailbox-share';
import { MailboxPoller } from '../ingest/poller';
import { oauthAlert } from '../mail/oauth-alerts';
import { startRatingServer } from '../web/rating-server';
import { scheduleDigests } from '../workers/digest-scheduler';
import { scheduleSweep, type QueueName } from '../workers/queues';
import { startWorkers } from '../workers/run-workers';
import { mailboxLockKey, type Core } from './core';
import type { UseCases } from './use-cases';

/** A role's stop: finishes what it has in hand, then releases what it holds. */
export type Stop = () => Promise<void>;

/** One poller per support mailbox; each holds its mailbox's Redis lock while it runs. */
export function startIngest(core: Core): Stop {
  const { env, settings, repos, log } = core;
  const lockMs = env.IMAP_LOCK_SECONDS * 1000;
  const share = redisMailboxShare(core.redis, `${env.QUEUE_PREFIX}:ingest:live`, core.desk.mailboxes.length, lockMs / 3);
  const pollers = core.desk.mailboxes.map((m) => {
    const spec = { address: m.address, folder: m.folder, processedFolder: m.processedFolder, quarantineFolder: m.quarantineFolder, maxMailBytes: settings.maxMailBytes, windowSize: 100 };
    const lock = createMailboxLock(core.redis, mailboxLockKey(env, m), lockMs);
    const poller = new MailboxPoller(spec, { accept: core.accept, rawMails: repos.rawMails, cursors: repos.cursors, log, now: core.clock.now, lock, share, pollSeconds: env.IMAP_POLL_SECONDS, connect: () => core.imap(m.address)! });
    void poller.run();
    return poller;
  });
  return async () => {
    await Promise.all(pollers.map((p) => p.stop()));
    await share.stop();
  };
}

/** The BullMQ workers of the given queues (default: all), and the survey links' web server. */
export function startWorkerRole(core: Core, uses: () => UseCases, queues?: readonly QueueName[]): Stop {
  const { env, log } = core;
  const { handlers, learned, satisfaction, knowledgeBase } = uses();
  const retrain = () => {
    learned.refresh().catch((err: Error) => log.warn({ err: err.message }, 'learned triage refresh failed'));
    knowledgeBase.refresh().catch((err: Error) => log.warn({ err: err.message }, 'knowledge refresh failed'));
  };
  retrain();
  const workers = startWorkers(handlers, { connection: core.connection, prefix: env.QUEUE_PREFIX, concurrency: env.WORKER_CONCURRENCY, log, queues, metrics: core.metrics });
  const web = startWeb(core, satisfaction);
  const retraining = setInterval(retrain, 5 * 60_000);
  return async () => {
    clearInterval(retraining);
    await (await web)?.close();
    await workers.close();
  };
}

/**
 * Timers and schedules: the care sweep and digest schedules (BullMQ job
 * schedulers, which several processes may upsert: Redis keeps one), the
 * recovery sweep of mail left unfinished, and the reporting rows' upkeep.
 * Any number of processes may run it; a Redis lock lets one sweep at a time.
 */
export function startSchedulerRole(core: Core, uses: () => UseCases): Stop {
  const { env, repos, log } = core;
  const { handlers, alert } = uses();
  const recoverMail = recoverUnfinished({ rawMails: repos.rawMails, queues: core.queues, log, now: core.clock.now, giveUp: handlers.intakeExhausted });
  const recoverSends = recoverUnsent({ outbox: repos.outbox, queues: core.queues, log, now: core.clock.now });
  const quarantineFolders = Object.fromEntries(core.desk.mailboxes.map((m) => [m.address, m.quarantineFolder]));
  const refile = refileMisfiled({ rawMails: repos.rawMails, queues: core.queues, log, quarantineFolders });
  const everyMs = env.RECOVERY_SECONDS * 1000;
  const recover = async () => {
    if (!(await onceAcrossSchedulers(core, 'recovery', everyMs))) return;
    // The schedules too: Redis may have lost them with the jobs; upserting an existing one changes nothing.
    await keepSchedules(core);
    await recoverMail();
    await recoverSends();
    // A scan of the raw mails on FerretDB, for a rare loss: every 10 minutes is enough.
    if (await onceAcrossSchedulers(core, 'refile', 600_000)) await refile();
  };
  void keepSchedules(core);
  const sweep = setInterval(() => recover().catch((err: Error) => log.warn({ err: err.message }, 'recovery sweep failed')), everyMs);
  const prune = async () => (await onceAcrossSchedulers(core, 'reporting', 3_600_000)) && pruneReportingRows(core);
  const reporting = setInterval(() => void prune().catch(() => undefined), 3_600_000);
  void ensureReportingRows(core);
  const oauthCheck = () => void checkOAuth(core, alert).catch((err: Error) => log.warn({ err: err.message }, 'OAuth check failed'));
  oauthCheck();
  const oauth = setInterval(oauthCheck, OAUTH_CHECK_MS);
  return async () => {
    clearInterval(sweep);
    clearInterval(reporting);
    clearInterval(oauth);
  };
}

/** True for one scheduler process per interval: the lock expires just before the next tick. */
async function onceAcrossSchedulers(core: Core, what: string, everyMs: number): Promise<boolean> {
  return (await core.redis.set(`${core.env.QUEUE_PREFIX}:lock:${what}`, '1', 'PX', Math.max(1000, everyMs - 500), 'NX')) === 'OK';
}

async function keepSchedules(core: Core) {
  const { log } = core;
  await scheduleSweep(core.queues).catch((err: Error) => log.error({ err: err.message }, 'could not schedule the care sweep'));
  await scheduleDigests(core.queues.queues.digest, core.settings.managers, core.settings.timeZone).catch((err: Error) => log.error({ err: err.message }, 'could not schedule the digests'));
}

/** How often the scheduler refreshes each OAuth mailbox's token: a refresh token that stopped working is reported within this time. */
const OAUTH_CHECK_MS = 15 * 60_000;

/**
 * Refreshes every OAuth mailbox's access token and tells the managers when a
 * refresh fails or the refresh token nears its known expiry (once a day per
 * mailbox and problem: the alert key holds the day). The poller of a failing
 * mailbox backs off on its own; the other mailboxes go on.
 */
async function checkOAuth(core: Core, alert: (key: string, title: string, lines: string[]) => Promise<void>) {
  for (const m of core.desk.mailboxes) {
    const provider = core.tokens.get(m.address);
    if (!provider || !m.oauth) continue;
    await provider.accessToken().catch(() => undefined);
    const found = oauthAlert({ mailbox: m.address, status: provider.status(), now: core.clock.now(), warnDaysBefore: m.oauth.warnDaysBefore, refreshTokenEnv: m.oauth.refreshTokenEnv });
    if (!found) continue;
    const title = found.kind === 'refresh-failed' ? `Mailbox ${m.address}: OAuth login failing` : `Mailbox ${m.address}: OAuth refresh token expires soon`;
    core.log.warn({ mailbox: m.address, kind: found.kind }, 'OAuth mailbox needs attention: managers alerted');
    await alert(found.key, title, [found.message]);
  }
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
