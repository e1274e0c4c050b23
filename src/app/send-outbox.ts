import { PermanentError } from '../domain/errors';
import type { AttachFrom, FilePart } from '../domain/outbound';
import { noMetrics, type Metrics } from './metrics';
import type { HistoryRepo, JobQueues, Logger, MailSender, OutboxRecord, OutboxRepo, SendMarks } from './ports';

export interface SendDeps {
  outbox: OutboxRepo;
  sender: MailSender;
  history: HistoryRepo;
  log: Logger;
  metrics?: Metrics;
  /** Without marks, the window is the whole outbox update (in-memory tests, the CLI's one-off digest). */
  marks?: SendMarks;
  /** Reads the files an outbox record names (`attachFrom`) out of the stored raw mail. */
  files?: (ref: AttachFrom) => Promise<FilePart[]>;
}

/**
 * Sends one outbox record. A record already sent is not sent again, so a
 * retried job after a crash that followed the send writes nothing twice.
 * SMTP has no idempotent submit, so a worker killed between the server's 250
 * and the mark below can still cause one duplicate (at-least-once; the fixed
 * Message-ID lets clients fold it). The mark is one Redis SET, written before
 * the outbox update that waits its turn at the database, which keeps that
 * window to the time the 250 waits for the event loop.
 */
export function sendOutbox(deps: SendDeps) {
  return async (outboxId: string): Promise<'sent' | 'already-sent' | 'failed'> => {
    const record = await deps.outbox.get(outboxId);
    if (!record) throw new PermanentError(`outbox ${outboxId} does not exist`);
    if (record.status === 'sent') return 'already-sent';
    if (record.status === 'failed') return 'failed';
    // No 'sending' mark before the attempt: one write less per mail, and a
    // record that stays 'queued' is treated the same by the recovery sweep.
    const marked = await deps.marks?.get(outboxId);
    try {
      const response = marked ?? (await sendAndMark(deps, record));
      await deps.outbox.markSent(outboxId, response);
      const at = new Date();
      for (const ticketId of record.ticketIds) {
        await deps.history.recordOnce({ key: `sent:${outboxId}:${ticketId}`, ticketId, at, actor: 'system', action: 'mail-sent', detail: { outboxId, kind: record.kind, messageId: record.messageId, response } });
      }
      if (marked !== undefined) {
        deps.log.warn({ outboxId, kind: record.kind, messageId: record.messageId }, 'mail was sent before a crash: recorded, not sent again');
        return 'already-sent';
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

/** Sends, then marks at once. A mark that cannot be written is logged, never thrown: the mail is out, and a retry would send it again. */
async function sendAndMark(deps: SendDeps, record: OutboxRecord): Promise<string> {
  const files = await readFiles(deps, record);
  const { response } = await deps.sender.send(files.length > 0 ? { ...record, files } : record);
  await deps.marks?.set(record.id, response).catch((err: Error) => deps.log.warn({ outboxId: record.id, err: err.message }, 'send mark not written'));
  return response;
}

/** The files a record names. They are never worth a lost mail: if they cannot be read back, the mail goes without them. */
async function readFiles(deps: SendDeps, record: OutboxRecord): Promise<FilePart[]> {
  if (!record.attachFrom || !deps.files) return [];
  try {
    return await deps.files(record.attachFrom);
  } catch (err) {
    deps.log.warn({ outboxId: record.id, err: (err as Error).message }, 'attachments not read back; sending without them');
    return [];
  }
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
