import { noMetrics, type Metrics } from './metrics';
import type { JobQueues, Logger, NewRawMail, RawMailRepo, RawStatus } from './ports';

export interface AcceptDeps {
  rawMails: RawMailRepo;
  queues: JobQueues;
  log: Logger;
  metrics?: Metrics;
}

export interface Accepted {
  id: string;
  created: boolean;
  status: RawStatus;
}

/**
 * Stores each raw mail (unchanged bytes) and queues its intake. Called by the
 * IMAP poller and by replay; only after this resolves may the mailbox be told
 * anything. A mail already stored is queued again when it has no outcome yet:
 * the job id is the raw mail id, so BullMQ keeps a single job.
 */
export function acceptRawMails(deps: AcceptDeps) {
  return async (mails: NewRawMail[]): Promise<Accepted[]> => {
    const stored = await deps.rawMails.storeMany(mails);
    const pending = stored.filter((s) => s.status === 'stored').map((s) => s.id);
    await deps.queues.intake(pending);
    countIngested(deps.metrics ?? noMetrics, mails, stored);
    const duplicates = stored.filter((s) => !s.created).length;
    if (duplicates > 0) deps.log.info({ duplicates, batch: mails.length }, 'known mails skipped');
    return stored;
  };
}

/**
 * Queues again every stored mail that has waited too long without an outcome.
 * Its job can vanish with Redis's data (a restart without persistence), end
 * without its work (a completed job whose writes were lost), or be given up
 * by BullMQ while no process was left to quarantine the mail (a worker killed
 * right after the last failure, or a job that stalled too often). The
 * database is the truth: the mail is run again, or quarantined with the
 * reason the queue gave up, never left without an outcome.
 */
export function recoverUnfinished(deps: AcceptDeps & { now(): Date; giveUp(rawMailId: string, reason: string): Promise<unknown> }) {
  return async (olderThanMs = 120_000): Promise<number> => {
    const ids = await deps.rawMails.listUnfinished(new Date(deps.now().getTime() - olderThanMs), 1000);
    const gaveUp = await deps.queues.requeueIntake(ids);
    for (const g of gaveUp) await deps.giveUp(g.id, g.reason);
    if (ids.length > 0) deps.log.warn({ count: ids.length, gaveUp: gaveUp.length }, 'stored mails without an outcome queued again');
    return ids.length;
  };
}

/** New mails per mailbox, and how long each waited in the mailbox (the IMAP INTERNALDATE, RFC 9051 section 2.3.3) before it was stored. */
function countIngested(metrics: Metrics, mails: NewRawMail[], stored: Accepted[]) {
  mails.forEach((m, i) => {
    if (!stored[i].created) return;
    metrics.count('mails_ingested_total', { mailbox: m.mailbox });
    if (m.arrivedAt) metrics.observe('ingest_lag_seconds', (m.receivedAt.getTime() - m.arrivedAt.getTime()) / 1000, { mailbox: m.mailbox });
  });
}
