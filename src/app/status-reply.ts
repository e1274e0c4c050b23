import { formatDateTime } from '../domain/format';
import { automaticHeaders, outboundMessageId, replyReferences } from '../domain/outbound';
import type { IntakeOutcome } from '../domain/types';
import type { ThreadedMail } from './customer-reply';
import type { DeskSettings } from './desk-settings';
import type { Outgoing } from './outgoing';
import type { Clock, HistoryRepo, RawMailRepo, Templates, TicketRepo } from './ports';

export interface StatusDeps {
  tickets: TicketRepo;
  history: HistoryRepo;
  rawMails: RawMailRepo;
  outgoing: Outgoing;
  templates: Templates;
  desk: DeskSettings;
  clock: Clock;
}

/** A customer asked "status?": they get the list of their open tickets, each with its next step. */
export async function statusReply(deps: StatusDeps, m: ThreadedMail, mailbox: string): Promise<IntakeOutcome> {
  const from = m.mail.from!;
  const open = await deps.tickets.listOpenForRequester(from.address, 20);
  const labels = deps.templates.labels(m.language);
  const rendered = deps.templates.render('status-list', m.language, {
    deskName: deps.desk.name,
    customerName: from.name,
    tickets: open.map((t) => ({
      number: t.number, subject: t.subject, statusLabel: labels.status[t.status] ?? t.status, priorityLabel: labels.priority[t.priority] ?? t.priority,
      updatedAt: formatDateTime(t.updatedAt ?? t.createdAt, m.language, deps.desk.timeZone), nextStep: labels.nextStep?.[t.status] ?? '',
    })),
  });
  const key = `status:${m.raw.id}`;
  await deps.outgoing({
    key, kind: 'status-list', automatic: true, ticketIds: open.map((t) => t.id), language: m.language,
    from: { name: deps.desk.name, address: mailbox }, to: [m.mail.replyTo[0] ?? from],
    subject: rendered.subject, text: rendered.text, html: rendered.html, messageId: outboundMessageId(key, deps.desk.messageIdDomain),
    inReplyTo: m.mail.messageId, references: replyReferences(m.mail), headers: automaticHeaders('auto-replied'),
  });
  const outcome: IntakeOutcome = { kind: 'reply', ticketNumbers: open.map((t) => t.number), role: 'status' };
  await deps.rawMails.setOutcome(m.raw.id, 'done', outcome);
  return outcome;
}
