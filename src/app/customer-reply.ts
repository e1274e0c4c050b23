import { fileList, planForward } from '../domain/attachments';
import type { InboundMail } from '../domain/inbound-mail';
import { replyReferences } from '../domain/outbound';
import type { ThreadDecision } from '../domain/threading';
import type { IntakeOutcome, Language } from '../domain/types';
import { findAgent, isSupportAddress, type DeskSettings } from './desk-settings';
import type { Notify, NotifyFiles } from './notify-agents';
import type { Clock, ContactRepo, HistoryRepo, Logger, MessageRepo, RawMailRecord, RawMailRepo, TicketChanges, TicketRecord, TicketRepo } from './ports';

export interface CustomerReplyDeps {
  tickets: TicketRepo;
  messages: MessageRepo;
  history: HistoryRepo;
  contacts: ContactRepo;
  rawMails: RawMailRepo;
  desk: DeskSettings;
  clock: Clock;
  log: Logger;
  notify: Notify;
}

export interface ThreadedMail {
  raw: RawMailRecord;
  mail: InboundMail;
  text: string;
  language: Language;
}

/**
 * A customer's (or a CC'd person's) mail that threads into a ticket: stored
 * on it, the sender added to the conversation, a pending ticket back to open,
 * a recently resolved one reopened, and the agents told. `keepStatus`: a mail
 * from an agent's address that failed authentication is kept without
 * moving the ticket.
 */
export async function customerReply(deps: CustomerReplyDeps, m: ThreadedMail, ticket: TicketRecord, decision: ThreadDecision, reopen: boolean, opts: { keepStatus?: boolean } = {}): Promise<IntakeOutcome> {
  const now = deps.clock.now();
  const from = m.mail.from!;
  await deps.contacts.upsert(from, m.language, now);
  await deps.messages.addOnce({
    key: `in:${m.raw.id}:${ticket.id}`, ticketId: ticket.id, rawMailId: m.raw.id, direction: 'in', from, to: m.mail.to, cc: m.mail.cc,
    subject: m.mail.subject, text: m.text, messageId: m.mail.messageId, at: m.mail.date ?? now, files: fileList(m.mail.attachments),
  });
  await deps.tickets.addParticipants(ticket.id, conversationPeople(deps.desk, m.mail));
  const changes: TicketChanges = { lastCustomerMessageId: m.mail.messageId, customerReferences: replyReferences(m.mail) };
  if (reopen) Object.assign(changes, { status: 'open', resolvedAt: undefined });
  else if (!opts.keepStatus && (ticket.status === 'pending' || ticket.status === 'new')) changes.status = 'open';
  const updated = await deps.tickets.update(ticket.id, changes, now);
  const why = decision.kind === 'existing' ? { method: decision.method, reason: decision.reason } : {};
  await deps.history.recordOnce({ key: `reply:${m.raw.id}:${ticket.id}`, ticketId: ticket.id, at: now, actor: from.address, action: 'customer-replied', detail: { rawMailId: m.raw.id, messageId: m.mail.messageId, ...why } });
  if (reopen) await deps.history.recordOnce({ key: `reopened:${m.raw.id}:${ticket.id}`, ticketId: ticket.id, at: now, actor: from.address, action: 'reopened', detail: { resolvedAt: ticket.resolvedAt } });
  await deps.notify(updated, reopen ? 'reopened' : 'customer-reply', m.text, m.raw.id, undefined, filesOf(deps.desk, m));
  const outcome: IntakeOutcome = { kind: 'reply', ticketNumbers: [ticket.number], role: 'customer' };
  await deps.rawMails.setOutcome(m.raw.id, 'done', outcome);
  deps.log.info({ rawMailId: m.raw.id, ticket: ticket.number, reopen, ...why }, 'customer reply threaded');
  return outcome;
}

/** The sender and the people in CC who are neither the desk nor its agents. */
export function conversationPeople(desk: DeskSettings, mail: InboundMail): string[] {
  const all = [mail.from, ...mail.cc].filter((m) => m !== undefined).map((m) => m.address);
  return [...new Set(all)].filter((a) => !isSupportAddress(desk, a) && !findAgent(desk, a));
}

/** The files of a received mail to pass on with the agents' notification; undefined when it has none. */
export function filesOf(desk: DeskSettings, m: ThreadedMail): NotifyFiles | undefined {
  const plan = planForward(m.mail.attachments, desk.forwardAttachmentBytes);
  return plan.length > 0 ? { rawMailId: m.raw.id, plan } : undefined;
}
