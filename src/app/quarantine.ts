import type { InboundMail } from '../domain/inbound-mail';
import type { IntakeOutcome } from '../domain/types';
import { noMetrics, type Metrics } from './metrics';
import type { JobQueues, Logger, QuarantineRepo, RawMailRecord, RawMailRepo, Clock } from './ports';

export interface QuarantineDeps {
  rawMails: RawMailRepo;
  quarantine: QuarantineRepo;
  queues: JobQueues;
  clock: Clock;
  log: Logger;
  metrics?: Metrics;
}

/**
 * Sets a mail aside with its reason: kept in the quarantine collection and,
 * when it came from IMAP, moved to the mailbox's Quarantine folder. Never a
 * silent drop: an operator can list, read and replay it.
 */
export function quarantineMail(deps: QuarantineDeps) {
  return async (raw: RawMailRecord, reason: string, detail?: string, mail?: InboundMail): Promise<IntakeOutcome> => {
    await deps.quarantine.addOnce({
      rawMailId: raw.id,
      reason,
      detail: detail?.slice(0, 2000),
      mailbox: raw.mailbox,
      messageId: mail?.messageId ?? raw.messageId,
      from: mail?.from?.address,
      subject: mail?.subject.slice(0, 500),
      size: raw.size,
      at: deps.clock.now(),
    });
    const outcome: IntakeOutcome = { kind: 'quarantine', reason: detail ? `${reason}: ${detail.slice(0, 300)}` : reason };
    await deps.rawMails.setOutcome(raw.id, 'quarantined', outcome);
    if (raw.source.kind === 'imap') await deps.queues.quarantineMove([raw.id]);
    (deps.metrics ?? noMetrics).count('mails_quarantined_total', { reason });
    deps.log.warn({ rawMailId: raw.id, reason, detail: detail?.slice(0, 300), messageId: raw.messageId }, 'mail quarantined');
    return outcome;
  };
}

/**
 * Files again the IMAP mails whose move did not happen: its job was lost with
 * Redis's data, or gave up while intake was still at a retried mail (a
 * quarantined mail still in Processed, a released one still in Quarantine).
 * An ended job is replaced; a move waiting or in flight is left alone.
 */
export function refileMisfiled(deps: { rawMails: RawMailRepo; queues: JobQueues; log: Logger; quarantineFolders: Record<string, string> }) {
  return async (limit = 1000): Promise<number> => {
    const ids = await deps.rawMails.listMisfiled(deps.quarantineFolders, limit);
    if (ids.length === 0) return 0;
    await deps.queues.refile(ids);
    deps.log.warn({ count: ids.length }, 'mails filed against their outcome queued to move again');
    return ids.length;
  };
}
