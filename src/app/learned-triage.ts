import type { LearnedModel } from '../domain/triage/learned';
import { train } from '../domain/triage/learned';
import type { Category, Priority } from '../domain/types';
import type { HistoryRepo, Logger, MessageRepo, TicketRepo } from './ports';

export interface LearnedDeps {
  history: HistoryRepo;
  messages: MessageRepo;
  tickets: TicketRepo;
  log: Logger;
}

/**
 * The learned triage layer, trained from agents' `#priority` and `#category`
 * corrections: each corrected ticket's first message, labelled with the
 * agent's latest verdict. Retrained on `refresh()`; until there is enough
 * history the model abstains and the rules decide alone.
 */
export function learnedTriage(deps: LearnedDeps, maxExamples = 5000) {
  let model: LearnedModel | undefined;
  return {
    current: () => model,
    async refresh(): Promise<number> {
      const events = await deps.history.listByActions(['command-priority', 'command-category'], maxExamples * 2);
      const labels = new Map<string, { priority?: Priority; category?: Category }>();
      // Newest first: the first verdict seen per ticket and field is the one that stands.
      for (const e of events) {
        const l = labels.get(e.ticketId) ?? {};
        if (e.action === 'command-priority') l.priority ??= e.detail.priority as Priority;
        if (e.action === 'command-category') l.category ??= e.detail.category as Category;
        labels.set(e.ticketId, l);
      }
      const examples = [];
      for (const [ticketId, label] of [...labels].slice(0, maxExamples)) {
        const ticket = await deps.tickets.findById(ticketId);
        const first = (await deps.messages.listForTicket(ticketId)).find((m) => m.direction === 'in');
        if (ticket && first) examples.push({ text: `${ticket.subject}\n${first.text}`, lang: ticket.language, ...label });
      }
      model = examples.length > 0 ? train(examples) : undefined;
      deps.log.info({ examples: examples.length }, 'learned triage retrained');
      return examples.length;
    },
  };
}
