import { PermanentError } from '../domain/errors';
import { noMetrics, type Metrics } from './metrics';
import type { HistoryRepo, JobQueues, Logger, MailSender, OutboxRepo } from './ports';

export interface SendDeps {
  outbox: OutboxRepo;
  sender: MailSender;
  history: HistoryRepo;
  log: Logger;
  metrics?: Metrics;
}

/**
 * Sends one outbox record. A record already sent is not sent again, so a
 * retried job after a crash that followed the send writes nothing twice,
 * except in the window between the server's 250 and `markSent` (at-least-once;
 * the fixed Message-ID lets clients fold such a duplicate).
 */
export function sendOutbox(deps: SendDeps) {
  return async (outboxId: string): Promise<'sent' | 'already-sent' | 'failed'> => {
    const record = await deps.outbox.get(outboxId);
    if (!record) throw new PermanentError(`outbox ${outboxId} does not exist`);
    if (record.status === 'sent') return 'already-sent';
    if (record.status === 'failed') return 'failed';
    // No 'sending' mark before the attempt: one write less per mail, and a
    // record that stays 'queued' is treated the same by the recovery sweep.
    try {
      const result = await deps.sender.send(record);
      await deps.outbox.markSent(outboxId, result.response);
      const at = new Date();
      for (const ticketId of record.ticketIds) {
        await deps.history.recordOnce({ key: `sent:${outboxId}:${ticketId}`, ticketId, at, actor: 'system', action: 'mail-sent', detail: { outboxId, kind: record.kind, messageId: record.messageId, response: result.response } });
      }
      (deps.metrics ?? noMetrics).count('outbound_sent_total', { kind: record.kind });
      deps.log.info({ outboxId, kind: record.kind, messageId: record.messageId, to: record.to.map((t) => t.address) }, 'mail sent');
      return 'sent';
    } catch (err) {
      (deps.metrics ?? noMetrics).count('outbound_failed_total', { kind: record.kind, permanent: err instanceof PermanentError ? 'yes' : 'no' });
      if (err instanceof PermanentError) {
        await deps.outbox.markFailed(outboxId, err.message);
        deps.log.error({ outboxId, err: err.message }, 'mail refused permanently');
      }
      throw err;
    }
  };
}

/**
 * Queues again every outbound message that has waited too long unsent. Its
 * send job vanished with Redis's data (a restart that lost the last writes),
 * or failed without marking the record (its worker died while sending, more
 * often than BullMQ allows a job to stall): a missing job is added, a failed
 * one retried, a waiting one left alone. The outbox is the truth: no
 * acknowledgement is lost.
 */
export function recoverUnsent(deps: { outbox: OutboxRepo; queues: JobQueues; log: Logger; now(): Date }) {
  return async (olderThanMs = 120_000): Promise<number> => {
    const ids = await deps.outbox.listUnsent(new Date(deps.now().getTime() - olderThanMs), 1000);
    await deps.queues.requeueSend(ids);
    if (ids.length > 0) deps.log.warn({ count: ids.length }, 'unsent outbound mail queued again');
    return ids.length;
  };
}
