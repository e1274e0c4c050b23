import { parseRating } from '../domain/rating';
import type { IntakeOutcome } from '../domain/types';
import type { ThreadedMail } from './customer-reply';
import type { MessageRepo, RawMailRepo, TicketRecord } from './ports';
import type { recordSatisfaction } from './satisfaction';

export interface SurveyReplyDeps {
  messages: MessageRepo;
  rawMails: RawMailRepo;
  rateTicket: ReturnType<typeof recordSatisfaction>;
}

/**
 * A customer's answer to the survey: "4", "5 - quick help", "Оценка: 3"…
 * Only after a survey went out and while the ticket is resolved or closed,
 * and only when the reply reads as a rating; "still broken" goes the normal
 * way and reopens the ticket.
 */
export async function surveyReply(deps: SurveyReplyDeps, m: ThreadedMail, ticket: TicketRecord): Promise<IntakeOutcome | undefined> {
  if (!ticket.surveySentAt || (ticket.status !== 'resolved' && ticket.status !== 'closed')) return undefined;
  const rating = parseRating(m.text);
  if (!rating) return undefined;
  await deps.messages.addOnce({
    key: `in:${m.raw.id}:${ticket.id}`, ticketId: ticket.id, rawMailId: m.raw.id, direction: 'in', from: m.mail.from, to: m.mail.to, cc: m.mail.cc,
    subject: m.mail.subject, text: m.text, messageId: m.mail.messageId, at: m.mail.date ?? m.raw.receivedAt,
  });
  await deps.rateTicket(ticket, rating, 'mail', m.mail.from?.address ?? 'customer');
  const outcome: IntakeOutcome = { kind: 'reply', ticketNumbers: [ticket.number], role: 'customer' };
  await deps.rawMails.setOutcome(m.raw.id, 'done', outcome);
  return outcome;
}
