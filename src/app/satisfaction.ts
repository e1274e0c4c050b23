import { createHash } from 'node:crypto';
import type { Rating } from '../domain/rating';
import type { Clock, HistoryRepo, Logger, TicketRecord, TicketRepo } from './ports';

export interface SatisfactionDeps {
  tickets: TicketRepo;
  history: HistoryRepo;
  clock: Clock;
  log: Logger;
  alert(key: string, title: string, lines: string[]): Promise<void>;
}

/** Scores at or below this alert the managers: an unhappy customer is worth a call. */
export const LOW_SCORE = 2;

/**
 * Records a customer's rating of a ticket, by mail or by the survey link. A
 * later rating replaces an earlier one (the customer changed their mind);
 * each is kept in the history. A low score alerts the managers once per score.
 */
export function recordSatisfaction(deps: SatisfactionDeps) {
  return async (ticket: TicketRecord, rating: Rating, via: 'mail' | 'link', actor: string): Promise<void> => {
    const at = deps.clock.now();
    const digest = createHash('sha256').update(`${rating.score}\n${rating.comment ?? ''}`).digest('hex').slice(0, 16);
    await deps.tickets.update(ticket.id, { satisfaction: { score: rating.score, comment: rating.comment, at, via } }, at);
    await deps.history.recordOnce({ key: `rated:${ticket.id}:${via}:${digest}`, ticketId: ticket.id, at, actor, action: 'rated', detail: { score: rating.score, comment: rating.comment, via } });
    deps.log.info({ ticket: ticket.number, score: rating.score, via }, 'satisfaction recorded');
    if (rating.score <= LOW_SCORE) {
      await deps.alert(`low-rating:${ticket.id}:${rating.score}`, `${ticket.number} rated ${rating.score} of 5`, [
        `${ticket.requester.address} rated the help with "${ticket.subject}" ${rating.score} of 5.`,
        rating.comment ? `Comment: ${rating.comment}` : 'No comment.',
        ticket.assignee ? `Assignee: ${ticket.assignee}.` : 'No assignee.',
      ]);
    }
  };
}
