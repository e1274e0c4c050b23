import type { JobQueues, Logger, NewRawMail, RawMailRepo, RawStatus } from './ports';

export interface AcceptDeps {
  rawMails: RawMailRepo;
  queues: JobQueues;
  log: Logger;
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
    const duplicates = stored.filter((s) => !s.created).length;
    if (duplicates > 0) deps.log.info({ duplicates, batch: mails.length }, 'known mails skipped');
    return stored;
  };
}
