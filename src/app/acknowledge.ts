import { formatDateTime } from '../domain/format';
import type { InboundMail } from '../domain/inbound-mail';
import { automaticHeaders, baseSubject, outboundMessageId, replyReferences } from '../domain/outbound';
import { replyAddress } from '../domain/reply-token';
import type { Language, Mailbox } from '../domain/types';
import type { DeskSettings } from './desk-settings';
import type { Outgoing } from './outgoing';
import type { OutboundDraft, Templates, TicketRecord } from './ports';

export interface AcknowledgeDeps {
  outgoing: Outgoing;
  templates: Templates;
  desk: DeskSettings;
}

/**
 * One acknowledgement per received mail, naming every ticket it opened. The
 * outbox key is the raw mail's id, so a retried intake job finds the same
 * record and BullMQ's job id (the outbox id) keeps one send job.
 */
export function acknowledge(deps: AcknowledgeDeps) {
  return async (rawMailId: string, mailbox: string, mail: InboundMail, tickets: TicketRecord[], lang: Language) => {
    return deps.outgoing(draftAcknowledgement(deps, rawMailId, mailbox, mail, tickets, lang));
  };
}

export function draftAcknowledgement(deps: Pick<AcknowledgeDeps, 'templates' | 'desk'>, rawMailId: string, mailbox: string, mail: InboundMail, tickets: TicketRecord[], lang: Language): OutboundDraft {
  const { desk, templates } = deps;
  const labels = templates.labels(lang);
  const requester = mail.from as Mailbox;
  const rendered = templates.render('acknowledgement', lang, {
    deskName: desk.name,
    customerName: requester.name,
    originalSubject: baseSubject(mail.subject),
    supportAddress: mailbox,
    tickets: tickets.map((t) => ({
      number: t.number,
      priority: t.priority,
      priorityLabel: labels.priority[t.priority] ?? t.priority,
      category: t.category,
      categoryLabel: t.category ? labels.category[t.category] ?? t.category : undefined,
      firstResponseBy: formatDateTime(t.firstResponseDueAt, lang, desk.timeZone),
    })),
  });
  const key = `ack:${rawMailId}`;
  return {
    key,
    kind: 'acknowledgement',
    automatic: true,
    ticketIds: tickets.map((t) => t.id),
    language: lang,
    from: { name: desk.name, address: mailbox },
    // Reply-To, when the customer set one, is where they want answers (RFC 5322 section 3.6.2).
    to: mail.replyTo.length > 0 ? [mail.replyTo[0]] : [requester],
    // Replies come back to a signed address, so they thread even if a client drops the headers.
    replyTo: { name: desk.name, address: replyAddress(mailbox, tickets[0].number, desk.tokenSecret) },
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: outboundMessageId(key, desk.messageIdDomain),
    inReplyTo: mail.messageId,
    references: replyReferences(mail),
    headers: { ...automaticHeaders('auto-replied'), 'X-Ticketgate-Tickets': tickets.map((t) => t.number).join(', ') },
  };
}
