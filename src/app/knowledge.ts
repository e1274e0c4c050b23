import { TermIndex } from '../domain/similarity';
import type { DeskSettings } from './desk-settings';
import type { KnowledgeRepo, Logger, MessageRepo, TicketRecord } from './ports';

export interface KnowledgeDeps {
  knowledge: KnowledgeRepo;
  messages: MessageRepo;
  desk: DeskSettings;
  log: Logger;
}

export interface Suggestion {
  number: string;
  subject: string;
  answer: string;
  score: number;
}

interface Meta {
  number: string;
  subject: string;
  answer: string;
}

const PAGE = 5000;
/** An answer is cut for the notification; the agent can look the ticket up for the rest. */
const ANSWER_CHARS = 600;

/**
 * Resolved tickets' questions and answers, searchable by similarity. The
 * entries live in the database; each worker process keeps an in-memory index
 * of them (loaded at start, topped up by `refresh` and by its own
 * resolutions), because a new ticket's notification must not wait for a scan
 * of every resolved ticket.
 */
export function createKnowledge(deps: KnowledgeDeps) {
  const index = new TermIndex<Meta>();
  let since: Date | undefined;
  const add = (e: { ticketId: string; number: string; subject: string; answer: string; terms: string[] }) => index.add(e.ticketId, e.terms, { number: e.number, subject: e.subject, answer: e.answer });
  return {
    async refresh(): Promise<number> {
      let loaded = 0;
      for (;;) {
        const page = await deps.knowledge.listSince(since, PAGE);
        page.forEach(add);
        loaded += page.length;
        if (page.length > 0) since = page[page.length - 1].resolvedAt;
        if (page.length < PAGE) return loaded;
      }
    },
    /** Records a resolved ticket: its customer's first message and the agent's answer. */
    async record(ticket: TicketRecord, answer: string | undefined, at: Date): Promise<void> {
      const text = answer ?? ticket.lastAnswer;
      if (!text || !ticket.terms || ticket.terms.length === 0) return;
      const question = (await deps.messages.listForTicket(ticket.id)).find((m) => m.direction === 'in')?.text ?? '';
      const entry = { ticketId: ticket.id, number: ticket.number, subject: ticket.subject, category: ticket.category, language: ticket.language, question, answer: text, terms: ticket.terms, resolvedAt: at };
      await deps.knowledge.put(entry);
      add(entry);
    },
    suggest(ticket: TicketRecord): Suggestion[] {
      const { suggestions, minScore } = deps.desk.knowledge;
      if (suggestions === 0 || !ticket.terms || ticket.terms.length === 0) return [];
      return index
        .search(ticket.terms, { limit: suggestions, minScore, filter: (id) => id !== ticket.id })
        .map((hit) => ({ number: hit.meta.number, subject: hit.meta.subject, answer: cut(hit.meta.answer), score: hit.score }));
    },
  };
}

export type Knowledge = ReturnType<typeof createKnowledge>;

function cut(text: string): string {
  return text.length <= ANSWER_CHARS ? text : `${text.slice(0, ANSWER_CHARS).replace(/\s+\S*$/, '')} …`;
}
