import { baseSubject, outboundMessageId } from '../domain/outbound';
import { replyAddress } from '../domain/reply-token';
import type { AgentSettings, DeskSettings } from './desk-settings';
import type { Knowledge } from './knowledge';
import type { Outgoing } from './outgoing';
import type { Clock, HistoryRepo, Logger, ProblemRepo, Templates, TicketRecord, TicketRepo } from './ports';

export interface ResolveProblemDeps {
  tickets: TicketRepo;
  problems?: ProblemRepo;
  history: HistoryRepo;
  outgoing: Outgoing;
  templates: Templates;
  desk: DeskSettings;
  clock: Clock;
  log: Logger;
  knowledgeBase?: Knowledge;
}

/**
 * `#resolve-problem`: every open ticket of the problem is resolved and its
 * customer gets the agent's explanation in their own language, from the
 * support address under the agent's name. Keyed per problem and ticket, so a
 * retried intake sends nothing twice.
 */
export async function resolveProblem(deps: ResolveProblemDeps, ticket: TicketRecord, agent: AgentSettings, text: string): Promise<number> {
  const problem = ticket.problemId && deps.problems ? await deps.problems.get(ticket.problemId) : null;
  if (!problem) return 0;
  const now = deps.clock.now();
  let resolved = 0;
  for (const t of await deps.tickets.findByNumbers(problem.ticketNumbers)) {
    if (t.status === 'resolved' || t.status === 'closed') continue;
    await tellCustomer(deps, t, agent, problem.id, problem.number, text);
    const updated = await deps.tickets.update(t.id, { status: 'resolved', resolvedAt: now, lastAnswer: text || t.lastAnswer }, now);
    await deps.history.recordOnce({ key: `problem-resolved:${problem.id}:${t.id}`, ticketId: t.id, at: now, actor: agent.email, action: 'resolved-with-problem', detail: { problem: problem.number, from: ticket.number } });
    await deps.knowledgeBase?.record(updated, text || undefined, now);
    resolved++;
  }
  await deps.problems!.markResolved(problem.id, now, agent.email);
  deps.log.info({ problem: problem.number, tickets: resolved, agent: agent.email }, 'problem resolved');
  return resolved;
}

async function tellCustomer(deps: ResolveProblemDeps, t: TicketRecord, agent: AgentSettings, problemId: string, problemNumber: string, text: string) {
  const rendered = deps.templates.render('problem-resolved', t.language, {
    deskName: deps.desk.name, ticketNumber: t.number, originalSubject: baseSubject(t.subject), customerName: t.requester.name, problemNumber, text: text || undefined,
  });
  const key = `problem-resolved:${problemId}:${t.id}`;
  await deps.outgoing({
    key, kind: 'problem-resolved', automatic: false, ticketIds: [t.id], language: t.language,
    from: { name: `${agent.name} (${deps.desk.name})`, address: t.mailbox }, to: [t.requester],
    replyTo: { name: deps.desk.name, address: replyAddress(t.mailbox, t.number, deps.desk.tokenSecret) },
    subject: rendered.subject, text: rendered.text, html: rendered.html, messageId: outboundMessageId(key, deps.desk.messageIdDomain),
    inReplyTo: t.lastCustomerMessageId, references: t.customerReferences ?? [], headers: { 'X-Ticketgate-Tickets': t.number },
  }, agent.email);
}
