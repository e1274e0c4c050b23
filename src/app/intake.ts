import { authenticatedByTrustedServer } from '../domain/auth-results';
import { PermanentError } from '../domain/errors';
import type { InboundMail } from '../domain/inbound-mail';
import { detectLanguage } from '../domain/language';
import { replyReferences } from '../domain/outbound';
import { extractReplyText } from '../domain/reply-text';
import { isStatusRequest } from '../domain/status-request';
import { onExistingTicket, type ThreadDecision } from '../domain/threading';
import type { IntakeOutcome, Priority } from '../domain/types';
import { acknowledge } from './acknowledge';
import { createAgentLoad } from './agent-load';
import { agentReply, type AgentReplyDeps } from './agent-reply';
import { attachBounce, type BounceDeps } from './bounce';
import { fileList } from '../domain/attachments';
import { conversationPeople, customerReply, filesOf, type ThreadedMail } from './customer-reply';
import { findAgent, findManager, type AgentSettings } from './desk-settings';
import { notifyAgents } from './notify-agents';
import type { ContactRepo, OutboxRepo, ParseMail, ProblemRecord, QuarantineRepo, JobQueues, TicketRecord } from './ports';
import { terms } from '../domain/similarity';
import type { Suggestion } from './knowledge';
import { triageIssues } from '../domain/triage';
import type { LearnedModel } from '../domain/triage/learned';
import { pickAgent, routeIssue } from '../domain/route';
import { quarantineMail } from './quarantine';
import { screenInbound } from './screen';
import { statusReply } from './status-reply';
import type { recordSatisfaction } from './satisfaction';
import { surveyReply } from './survey-reply';
import { isBusinessTime } from '../domain/business-hours';
import { recipients, threadMail } from './thread-mail';
import { managerReply } from './manager-reply';
import { hasManagerTokenAny } from '../domain/reply-token';
import type { Metrics } from './metrics';

export interface IntakeDeps extends Omit<AgentReplyDeps, 'notify'>, BounceDeps {
  contacts: ContactRepo;
  outbox: OutboxRepo;
  quarantine: QuarantineRepo;
  queues: JobQueues;
  parse: ParseMail;
  /** Alerts the managers once per key (P1 tickets, loops). */
  alert(key: string, title: string, lines: string[]): Promise<void>;
  /** The current learned triage model, when there is enough history to have one. */
  learned?: () => LearnedModel | undefined;
  /** Records a rating from a survey reply. */
  rateTicket: ReturnType<typeof recordSatisfaction>;
  /** Similar resolved tickets for a new ticket's notification. */
  suggest?: (ticket: TicketRecord) => Suggestion[];
  /** Groups a new ticket with other customers' tickets of the same problem. */
  linkProblem?: (ticket: TicketRecord) => Promise<ProblemRecord | undefined>;
  metrics?: Metrics;
}

/**
 * The intake of one stored mail: parse, screen, thread, then open a ticket,
 * add a reply to one, apply an agent's answer, or answer a status request.
 * Every write is keyed by the raw mail id, so running it twice changes nothing
 * the second time.
 */
export function createIntake(base: IntakeDeps) {
  const notify = notifyAgents(base);
  const deps: Deps = { ...base, notify, quarantineMail: quarantineMail(base), ack: acknowledge(base), load: createAgentLoad((emails) => base.tickets.countOpenByAssignee(emails)) };
  return {
    process: (rawMailId: string) => processRawMail(deps, rawMailId),
    quarantine: deps.quarantineMail,
  };
}

export type Intake = ReturnType<typeof createIntake>;

type Deps = AgentReplyDeps & BounceDeps & IntakeDeps & { quarantineMail: ReturnType<typeof quarantineMail>; ack: ReturnType<typeof acknowledge>; load: ReturnType<typeof createAgentLoad> };

async function processRawMail(deps: Deps, rawMailId: string): Promise<IntakeOutcome> {
  const raw = await deps.rawMails.get(rawMailId);
  if (!raw) throw new PermanentError(`raw mail ${rawMailId} does not exist`);
  if (raw.outcome) return raw.outcome;
  if (!raw.raw || raw.size > deps.desk.maxMailBytes) return deps.quarantineMail(raw, 'too-large', `${raw.size} bytes, the limit is ${deps.desk.maxMailBytes}`);
  let mail: InboundMail;
  try {
    mail = await deps.parse(raw.raw);
  } catch (err) {
    return deps.quarantineMail(raw, 'unparseable', (err as Error).message);
  }
  // An HTML-only mail is cut by its HTML quote containers (Gmail, Outlook), not by guesses on derived text.
  const text = extractReplyText(mail.textFromHtml ? '' : mail.text, mail.html).text;
  const m: ThreadedMail = { raw, mail, text, language: detectLanguage(`${mail.subject}\n${text}`, deps.desk.defaultLanguage) };
  // An operator released it as a false positive: no screen again, but nobody to answer is still nobody.
  const rejection = raw.releasedAt && mail.from ? undefined : screenInbound(mail, deps.desk);
  if (rejection?.reason === 'bounce') return (await attachBounce(deps, m)) ?? deps.quarantineMail(raw, rejection.reason, rejection.detail, mail);
  if (rejection) return deps.quarantineMail(raw, rejection.reason, rejection.detail, mail);
  return route(deps, m);
}

async function route(deps: Deps, m: ThreadedMail): Promise<IntakeOutcome> {
  const manager = findManager(deps.desk, m.mail.from?.address);
  if (manager && hasManagerTokenAny(recipients(m.mail), deps.desk.supportAddresses, [deps.desk.tokenSecret, ...(deps.desk.previousTokenSecrets ?? [])], manager.email) && agentAuthenticated(deps, m.mail)) return managerReply(deps, m, manager);
  const threaded = await threadMail(deps, m.mail);
  const agent = findAgent(deps.desk, m.mail.from?.address);
  if (agent && threaded.ticket) {
    if (threaded.tokenForTicket && agentAuthenticated(deps, m.mail)) return agentReply(deps, m, threaded.ticket, agent);
    await recordUnauthenticatedAgent(deps, m, threaded.ticket, agent);
    // Kept on the ticket for the agents to see, but a forger gains nothing: no status change, no reopening.
    if (threaded.decision.kind === 'existing') return customerReply(deps, m, threaded.ticket, threaded.decision, false, { keepStatus: true });
  }
  if (!agent && isStatusRequest(m.mail.subject, m.text)) return statusReply(deps, m, m.raw.mailbox);
  if (threaded.ticket && threaded.decision.kind === 'existing') {
    const rated = agent ? undefined : await surveyReply(deps, m, threaded.ticket);
    if (rated) return rated;
    const action = onExistingTicket(threaded.ticket, deps.clock.now(), { reopenDays: deps.desk.reopenDays });
    if (action.kind !== 'new-linked') return customerReply(deps, m, threaded.ticket, threaded.decision, action.kind === 'reopen');
    return openTicket(deps, m, threaded.decision, threaded.ticket);
  }
  return openTicket(deps, m, threaded.decision);
}

function agentAuthenticated(deps: Deps, mail: InboundMail): boolean {
  if (!deps.desk.requireAgentDkim) return true;
  if (!deps.desk.trustedAuthServId || !mail.from) return false;
  return authenticatedByTrustedServer(mail.headers['authentication-results'] ?? [], deps.desk.trustedAuthServId, mail.from.address.split('@')[1]).pass;
}

/** An agent's address without the ticket's token (or DKIM) gets no command power: kept as a plain message, and logged. */
async function recordUnauthenticatedAgent(deps: Deps, m: ThreadedMail, ticket: TicketRecord, agent: AgentSettings) {
  deps.log.warn({ rawMailId: m.raw.id, ticket: ticket.number, claimedAgent: agent.email }, 'mail from an agent address without a valid reply token: no command power');
  await deps.history.recordOnce({ key: `unauthenticated:${m.raw.id}`, ticketId: ticket.id, at: deps.clock.now(), actor: agent.email, action: 'unauthenticated-agent-mail', detail: { rawMailId: m.raw.id, messageId: m.mail.messageId } });
}

async function openTicket(deps: Deps, m: ThreadedMail, decision: ThreadDecision, previous?: TicketRecord): Promise<IntakeOutcome> {
  const { raw, mail } = m;
  const now = deps.clock.now();
  const from = mail.from!;
  const contact = await deps.contacts.upsert(from, m.language, now);
  const issues = triageIssues({ from: from.address, subject: mail.subject, body: m.text }, m.language, deps.desk.triageRules, deps.learned?.());
  const tiers = new Set(issues.map((issue) => routeIssue(issue, deps.desk.routing).tier));
  // The live counts of this process: the increments below are its own assignments.
  const load = await deps.load(deps.desk.agents.filter((a) => tiers.has(a.tier)).map((a) => a.email));
  const tickets: TicketRecord[] = [];
  for (const [i, issue] of issues.entries()) {
    const route = routeIssue(issue, deps.desk.routing);
    const agent = onCallFor(deps, issue.priority, now) ?? pickAgent(deps.desk.agents, route.tier, m.language, issue.category, load);
    if (agent) load.set(agent.email, (load.get(agent.email) ?? 0) + 1);
    const { ticket, created } = await deps.tickets.createOnce(
      {
        sourceKey: `${raw.id}#${i}`, rawMailId: raw.id, subject: issueSubject(mail.subject, issue.text, i, issues.length), requester: from, contactId: contact.id,
        mailbox: raw.mailbox, language: m.language, priority: issue.priority, category: issue.category, tier: route.tier, centre: route.centre,
        details: issue.details, triage: issue.reasons, assignee: agent?.email, status: 'new', createdAt: now, participants: conversationPeople(deps.desk, mail),
        relatedTo: previous?.number, lastCustomerMessageId: mail.messageId, customerReferences: replyReferences(mail),
        terms: terms(`${mail.subject}\n${issue.text}`, m.language),
      },
      deps.desk.ticketPrefix,
    );
    await recordOpened(deps, m, ticket, issue.text, decision, previous, i, issues.length);
    if (created) deps.metrics?.count('tickets_opened_total', { priority: ticket.priority });
    if (created && route.alertManagers) await deps.alert(`priority:${ticket.number}`, `${ticket.priority} ticket ${ticket.number}: ${ticket.subject}`, [`From ${from.address}`, `Category ${issue.category}, tier ${route.tier}`, issue.text.slice(0, 500)]);
    tickets.push(await withProblem(deps, ticket));
  }
  await deps.tickets.setSiblings(tickets.map((t) => t.id), tickets.map((t) => t.number));
  await deps.ack(raw.id, raw.mailbox, mail, tickets, m.language);
  const files = filesOf(deps.desk, m);
  for (const [i, t] of tickets.entries()) await deps.notify(t, 'new', issues[i].text, raw.id, undefined, files);
  const outcome: IntakeOutcome = { kind: 'ticket', ticketNumbers: tickets.map((t) => t.number) };
  await deps.rawMails.setOutcome(raw.id, 'done', outcome);
  deps.log.info({ rawMailId: raw.id, tickets: outcome.ticketNumbers, language: m.language, threading: decision.reason }, 'tickets opened');
  return outcome;
}

/** The problem link comes before the notification, so the agent sees it at once. */
async function withProblem(deps: Deps, ticket: TicketRecord): Promise<TicketRecord> {
  if (ticket.problemId || !deps.linkProblem) return ticket;
  const problem = await deps.linkProblem(ticket);
  return problem ? { ...ticket, problemId: problem.id, problemNumber: problem.number } : ticket;
}

/** Outside working hours a P1 goes straight to the on-call agent, who is notified at once as its assignee. */
function onCallFor(deps: Deps, priority: Priority, now: Date): AgentSettings | undefined {
  if (priority !== 'P1' || !deps.desk.onCall || isBusinessTime(deps.desk.care.calendar, now)) return undefined;
  return findAgent(deps.desk, deps.desk.onCall);
}

/** The first message of each ticket: only its own part of the mail, linked to the mail and its siblings. */
async function recordOpened(deps: Deps, m: ThreadedMail, ticket: TicketRecord, text: string, decision: ThreadDecision, previous: TicketRecord | undefined, index: number, of: number) {
  const { raw, mail } = m;
  const now = deps.clock.now();
  await deps.messages.addOnce({
    key: `in:${raw.id}:${ticket.id}`, ticketId: ticket.id, rawMailId: raw.id, direction: 'in', from: mail.from, to: mail.to, cc: mail.cc,
    subject: mail.subject, text, messageId: mail.messageId, at: mail.date ?? now, files: fileList(mail.attachments),
  });
  await deps.history.recordOnce({
    key: `created:${ticket.id}`, ticketId: ticket.id, at: now, actor: mail.from!.address, action: 'created',
    detail: { rawMailId: raw.id, messageId: mail.messageId, mailbox: raw.mailbox, language: m.language, priority: ticket.priority, category: ticket.category, tier: ticket.tier, assignee: ticket.assignee, triage: ticket.triage, issue: `${index + 1} of ${of}`, threading: decision.reason, relatedTo: previous?.number },
  });
  if (previous) await deps.history.recordOnce({ key: `continued:${ticket.id}`, ticketId: previous.id, at: now, actor: mail.from!.address, action: 'continued-in-new-ticket', detail: { ticket: ticket.number } });
}

/** One issue of several gets the mail's subject plus the start of its own text, so the tickets are told apart. */
function issueSubject(subject: string, text: string, index: number, of: number): string {
  if (of === 1) return subject;
  const first = text.replace(/^\s*(?:\d+[.)]|[-*•]|[a-z][.)])\s*/i, '').split(/[.!?\n]/)[0].trim().slice(0, 60);
  return first ? `${subject} (${index + 1}/${of}): ${first}` : `${subject} (${index + 1}/${of})`;
}
