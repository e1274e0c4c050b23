import { matchProblem, type ProblemRules } from '../domain/problems';
import type { DeskSettings } from './desk-settings';
import type { Clock, HistoryRepo, Logger, ProblemRecord, ProblemRepo, TicketRecord, TicketRepo } from './ports';

export interface ProblemSettings extends ProblemRules {
  alertAt: number;
  prefix: string;
}

export interface ProblemDeps {
  tickets: TicketRepo;
  problems: ProblemRepo;
  history: HistoryRepo;
  desk: DeskSettings;
  clock: Clock;
  log: Logger;
  alert(key: string, title: string, lines: string[]): Promise<void>;
  /** Tells each linked ticket's agents that it is part of the problem, once the problem is big enough to alert. */
  notify?(ticket: TicketRecord, event: 'problem', message: string, eventKey: string): Promise<void>;
}

/** How many candidate tickets one new ticket is compared with: the newest of its category in the window. */
const CANDIDATES = 500;

/**
 * Links a new ticket to the problem it shares with other customers' open
 * tickets (same category, similar text in any language, within the window),
 * creating the problem on the first match. One problem per seed ticket (a
 * unique key), so two intakes racing on the same match end in one problem.
 * At the configured size the managers are alerted, once.
 */
export function linkProblem(deps: ProblemDeps) {
  return async (ticket: TicketRecord): Promise<ProblemRecord | undefined> => {
    const rules = deps.desk.problems;
    const now = deps.clock.now();
    const since = new Date(ticket.createdAt.getTime() - rules.windowHours * 3_600_000);
    const candidates = (await deps.tickets.listProblemCandidates(ticket.category, since, CANDIDATES)).filter((c) => c.ticketId !== ticket.id);
    const found = matchProblem({ ticketId: ticket.id, requester: ticket.requester.address, category: ticket.category, createdAt: ticket.createdAt, terms: ticket.terms ?? [] }, candidates, rules);
    if (!found) return undefined;
    const seed = found.match;
    let problem = seed.problemId ? await deps.problems.get(seed.problemId) : null;
    if (!problem || problem.status !== 'open') {
      problem = await deps.problems.createOnce({ seedTicketId: seed.ticketId, title: seed.subject, category: seed.category, at: now }, rules.prefix);
      await join(deps, problem, { id: seed.ticketId, number: seed.number, requester: seed.requester }, now, { matched: ticket.number, score: found.score });
    }
    problem = await join(deps, problem, { id: ticket.id, number: ticket.number, requester: ticket.requester.address }, now, { matched: seed.number, score: found.score });
    deps.log.info({ ticket: ticket.number, problem: problem.number, size: problem.ticketIds.length, score: Number(found.score.toFixed(3)) }, 'ticket linked to a problem');
    // The alerted mark is checked on the record first: the conditional write costs a full scan on FerretDB v1.
    if (problem.ticketIds.length >= rules.alertAt && !problem.alertedAt && (await deps.problems.markAlerted(problem.id, now))) await alertProblem(deps, problem);
    return problem;
  };
}

async function join(deps: ProblemDeps, problem: ProblemRecord, ticket: { id: string; number: string; requester: string }, at: Date, why: { matched: string; score: number }) {
  const updated = await deps.problems.addTicket(problem.id, ticket, at);
  await deps.tickets.update(ticket.id, { problemId: problem.id, problemNumber: problem.number }, at);
  await deps.history.recordOnce({ key: `problem:${problem.id}:${ticket.id}`, ticketId: ticket.id, at, actor: 'system', action: 'problem-linked', detail: { problem: problem.number, matched: why.matched, score: Number(why.score.toFixed(3)) } });
  return updated;
}

async function alertProblem(deps: ProblemDeps, problem: ProblemRecord) {
  const tickets = await deps.tickets.findByNumbers(problem.ticketNumbers);
  const customers = new Set(problem.requesters).size;
  await deps.alert(`problem:${problem.id}`, `Problem ${problem.number}: ${problem.ticketIds.length} tickets from ${customers} customers`, [
    `"${problem.title}"${problem.category ? ` (${problem.category})` : ''}: several customers report what looks like one cause.`,
    ...tickets.map((t) => `${t.number} ${t.priority} ${t.status} — ${t.requester.address}: ${t.subject}`),
    `An agent can resolve them all at once: reply to the notification of any of these tickets with #resolve-problem on the first line and the explanation for the customers below it.`,
  ]);
  // The agents of every linked ticket learn of the problem now, not on their ticket's next event.
  const message = `${problem.ticketIds.length} customers report what looks like one cause: problem ${problem.number}, "${problem.title}". #resolve-problem resolves every ticket of it and tells each customer.`;
  for (const t of tickets) if (deps.notify) await deps.notify({ ...t, problemId: problem.id, problemNumber: problem.number }, 'problem', message, `problem:${problem.id}:${t.id}`);
}
