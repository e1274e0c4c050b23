import { analyseBounce } from '../domain/bounce';
import type { IntakeOutcome } from '../domain/types';
import type { Clock, ContactRepo, HistoryRepo, Logger, MessageRepo, OutboxRepo, RawMailRepo, TicketRepo } from './ports';
import type { ThreadedMail } from './customer-reply';

export interface BounceDeps {
  outbox: OutboxRepo;
  tickets: TicketRepo;
  messages: MessageRepo;
  history: HistoryRepo;
  contacts: ContactRepo;
  rawMails: RawMailRepo;
  clock: Clock;
  log: Logger;
}

/**
 * A delivery report about one of the gateway's own mails: attached to the
 * ticket that mail belonged to, and each permanently failed address marked
 * undeliverable, so nothing more is mailed to it until it writes again.
 * Returns undefined when the report names no mail of ours (the caller
 * quarantines it).
 */
export async function attachBounce(deps: BounceDeps, m: ThreadedMail): Promise<IntakeOutcome | undefined> {
  const info = analyseBounce(m.mail);
  const original = info?.originalMessageId ? await deps.outbox.findByMessageId(info.originalMessageId) : null;
  if (!info || !original || original.ticketIds.length === 0) return undefined;
  const now = deps.clock.now();
  // Per recipient: a co-recipient whose own failure was temporary (4.x.x) stays deliverable.
  const failed = info.failed.filter((f) => f.action === 'failed' && (f.status ?? '').startsWith('5.'));
  for (const f of failed) await deps.contacts.markUndeliverable(f.address, f.diagnostic ?? f.status ?? 'bounced', now);
  const tickets = (await Promise.all(original.ticketIds.map((id) => deps.tickets.findById(id)))).filter((t) => t !== null);
  for (const t of tickets) {
    await deps.messages.addOnce({ key: `in:${m.raw.id}:${t.id}`, ticketId: t.id, rawMailId: m.raw.id, direction: 'in', from: m.mail.from, to: m.mail.to, cc: [], subject: m.mail.subject, text: m.mail.text.slice(0, 20_000), messageId: m.mail.messageId, at: now });
    await deps.history.recordOnce({
      key: `bounced:${m.raw.id}:${t.id}`, ticketId: t.id, at: now, actor: 'mail-system', action: info.permanent ? 'mail-bounced' : 'mail-delayed',
      detail: { outboxId: original.id, originalMessageId: info.originalMessageId, failed: info.failed },
    });
  }
  const outcome: IntakeOutcome = { kind: 'reply', ticketNumbers: tickets.map((t) => t.number), role: 'bounce' };
  await deps.rawMails.setOutcome(m.raw.id, 'done', outcome);
  deps.log.warn({ rawMailId: m.raw.id, tickets: outcome.ticketNumbers, failed: failed.map((f) => f.address), permanent: info.permanent }, 'bounce attached to ticket');
  return outcome;
}
