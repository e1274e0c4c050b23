import { formatDateTime } from '../domain/format';
import type { InboundMail } from '../domain/inbound-mail';
import { automaticHeaders, baseSubject, outboundMessageId, replyReferences } from '../domain/outbound';
import { replyAddress } from '../domain/reply-token';
import type { Language, Mailbox } from '../domain/types';
import type { DeskSettings } from './desk-settings';
import type { Outgoing } from './outgoing';
import type { Clock, OutboundDraft, Templates, TicketRecord } from './ports';
import { describeWeek, isBusinessTime, nextBusinessStart } from '../domain/business-hours';

export interface AcknowledgeDeps {
  outgoing: Outgoing;
  templates: Templates;
  desk: DeskSettings;
  clock: Clock;
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

export function draftAcknowledgement(deps: Pick<AcknowledgeDeps, 'templates' | 'desk' | 'clock'>, rawMailId: string, mailbox: string, mail: InboundMail, tickets: TicketRecord[], lang: Language): OutboundDraft {
  const { desk, templates } = deps;
  const labels = templates.labels(lang);
  const requester = mail.from as Mailbox;
  const rendered = templates.render('acknowledgement', lang, {
    deskName: desk.name,
    customerName: requester.name,
    originalSubject: baseSubject(mail.subject),
    supportAddress: mailbox,
    afterHours: afterHours(deps, tickets, lang),
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

/** Outside working hours the customer learns when work resumes, or that the on-call agent has their urgent ticket. */
function afterHours(deps: Pick<AcknowledgeDeps, 'desk' | 'clock'>, tickets: TicketRecord[], lang: Language) {
  const { desk } = deps;
  const cal = desk.care.calendar;
  const now = deps.clock.now();
  if (isBusinessTime(cal, now)) return undefined;
  return {
    resumesAt: formatDateTime(nextBusinessStart(cal, now), lang, desk.timeZone),
    workingHours: `${describeWeek(cal)}, ${cal.timeZone}`,
    onCall: desk.onCall !== undefined && tickets.some((t) => t.priority === 'P1' && t.assignee === desk.onCall),
  };
}
