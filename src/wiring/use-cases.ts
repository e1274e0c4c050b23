import { createIntake } from '../app/intake';
import { createKnowledge } from '../app/knowledge';
import { learnedTriage } from '../app/learned-triage';
import { alertManagers, loopAlert } from '../app/manager-alert';
import { notifyAgents } from '../app/notify-agents';
import { createOutgoing, type Outgoing } from '../app/outgoing';
import { linkProblem } from '../app/problems';
import { recordSatisfaction } from '../app/satisfaction';
import { sendDigest, type DigestRequest } from '../app/digest';
import { sendOutbox } from '../app/send-outbox';
import { sweepDue } from '../app/sweep-due';
import { timedCare } from '../app/timed-care';
import { createQuarantineMover } from '../ingest/quarantine-mover';
import { attachmentLoader } from '../mail/attachment-loader';
import { parseMail } from '../mail/parse';
import { createRenderer } from '../mail/render';
import type { createSmtpTransport } from '../mail/transport';
import { digestCharts } from '../reports/digest-charts';
import { digestPeriod, type DigestJob } from '../workers/digest-scheduler';
import { redisRateCounter } from '../workers/rate-counter';
import { redisSendMarks } from '../workers/send-marks';
import type { Handlers } from '../workers/run-workers';
import { smtpFor, type Core } from './core';

export type DigestNow = Omit<DigestRequest, 'timeZone' | 'key'> & { timeZone?: string };

/** The use cases the worker role runs, wired to their adapters. */
export type UseCases = ReturnType<typeof useCases> & { transport: ReturnType<typeof createSmtpTransport> };

/**
 * The use cases of one process, built on first use and shared by its worker
 * and scheduler roles (one renderer, one knowledge index, one SMTP pool).
 */
export function sharedUseCases(core: Core): () => UseCases {
  let built: UseCases | undefined;
  return () => {
    if (!built) {
      const transport = smtpFor(core, core.env.SMTP_POOL_SIZE);
      built = { ...useCases(core, transport), transport };
    }
    return built;
  };
}

export function useCases(core: Core, transport: ReturnType<typeof createSmtpTransport>) {
  const { env, repos, log, desk } = core;
  const templates = createRenderer();
  const base = { ...repos, queues: core.queues, templates, desk: core.settings, clock: core.clock, log, metrics: core.metrics };
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
    send: sendOutbox({
      outbox: repos.outbox, sender: transport, history: repos.history, log, metrics: core.metrics,
      marks: redisSendMarks(core.redis, `${env.QUEUE_PREFIX}:sent`),
      files: attachmentLoader(async (id) => (await repos.rawMails.get(id))?.raw),
    }),
    quarantineMove: createQuarantineMover({
      rawMails: repos.rawMails, connect: core.imap, log,
      quarantineFolder: (address) => desk.mailboxes.find((m) => m.address === address)?.quarantineFolder,
      processedFolder: (address) => desk.mailboxes.find((m) => m.address === address)?.processedFolder,
    }),
    timed: timedCare({ ...base, outgoing, alert, notify: notifyAgents({ ...base, outgoing }) }),
    sweep: sweepDue({ tickets: repos.tickets, queues: core.queues, clock: core.clock, log }),
    digest: (job) => scheduledDigest(core, digest, job),
    intakeExhausted: async (id, error) => {
      const raw = await repos.rawMails.get(id);
      if (raw && !raw.outcome) await intake.quarantine(raw, 'processing-failed', error);
    },
  };
  return { handlers, learned, satisfaction, knowledgeBase, digest, outgoing, alert };
}

/** An on-demand digest (CLI, tests): keyed by recipient and the minute it was asked for. */
export async function digestNow(core: Core, req: DigestNow, send: boolean) {
  const transport = smtpFor(core, 1);
  try {
    const { digest, handlers } = useCases(core, transport);
    const key = `digest:${req.to.address}:${req.kind}:${req.until.toISOString().slice(0, 16)}`;
    const { result, figures } = await digest({ ...req, timeZone: req.timeZone ?? core.settings.timeZone, key });
    const outboxId = result.queued ? result.outboxId : undefined;
    if (send && outboxId) await handlers.send(outboxId);
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

