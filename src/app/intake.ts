import { authenticatedByTrustedServer } from '../domain/auth-results';
import { PermanentError } from '../domain/errors';
import type { InboundMail } from '../domain/inbound-mail';
import { detectLanguage } from '../domain/language';
import { replyReferences } from '../domain/outbound';
import { extractReplyText } from '../domain/reply-text';
import { isStatusRequest } from '../domain/status-request';
import { onExistingTicket, type ThreadDecision } from '../domain/threading';
import type { IntakeOutcome, Priority, Tier } from '../domain/types';
import { acknowledge } from './acknowledge';
import { agentReply, type AgentReplyDeps } from './agent-reply';
import { attachBounce, type BounceDeps } from './bounce';
import { conversationPeople, customerReply, type ThreadedMail } from './customer-reply';
import { findAgent, type AgentSettings } from './desk-settings';
import { notifyAgents } from './notify-agents';
import type { ContactRepo, OutboxRepo, ParseMail, QuarantineRepo, JobQueues, TicketRecord } from './ports';
import { quarantineMail } from './quarantine';
import { screenInbound } from './screen';
import { statusReply } from './status-reply';
import { threadMail } from './thread-mail';

export interface IntakeDeps extends Omit<AgentReplyDeps, 'notify'>, BounceDeps {
  contacts: ContactRepo;
  outbox: OutboxRepo;
  quarantine: QuarantineRepo;
  queues: JobQueues;
  parse: ParseMail;
}

/**
 * The intake of one stored mail: parse, screen, thread, then open a ticket,
 * add a reply to one, apply an agent's answer, or answer a status request.
 * Every write is keyed by the raw mail id, so running it twice changes nothing
 * the second time.
 */
export function createIntake(base: IntakeDeps) {
  const notify = notifyAgents(base);
  const deps: Deps = { ...base, notify, quarantineMail: quarantineMail(base), ack: acknowledge(base) };
  return {
    process: (rawMailId: string) => processRawMail(deps, rawMailId),
    quarantine: deps.quarantineMail,
  };
}

export type Intake = ReturnType<typeof createIntake>;

type Deps = AgentReplyDeps & BounceDeps & IntakeDeps & { quarantineMail: ReturnType<typeof quarantineMail>; ack: ReturnType<typeof acknowledge> };

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
  const rejection = screenInbound(mail, deps.desk);
  if (rejection?.reason === 'bounce') return (await attachBounce(deps, m)) ?? deps.quarantineMail(raw, rejection.reason, rejection.detail, mail);
  if (rejection) return deps.quarantineMail(raw, rejection.reason, rejection.detail, mail);
  return route(deps, m);
}

async function route(deps: Deps, m: ThreadedMail): Promise<IntakeOutcome> {
  const threaded = await threadMail(deps, m.mail);
  const agent = findAgent(deps.desk, m.mail.from?.address);
  if (agent && threaded.ticket) {
    if (threaded.tokenForTicket && agentAuthenticated(deps, m.mail)) return agentReply(deps, m, threaded.ticket, agent);
    await recordUnauthenticatedAgent(deps, m, threaded.ticket, agent);
  }
  if (!agent && isStatusRequest(m.mail.subject, m.text)) return statusReply(deps, m, m.raw.mailbox);
  if (threaded.ticket && threaded.decision.kind === 'existing') {
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
  // Triage (issue split, priority, tier) comes later; until then every mail is one normal L1 ticket.
  const priority: Priority = 'P3';
  const tier: Tier = 'L1';
  const { ticket, created } = await deps.tickets.createOnce(
    {
      sourceKey: `${raw.id}#0`, rawMailId: raw.id, subject: mail.subject, requester: from, contactId: contact.id, mailbox: raw.mailbox,
      language: m.language, priority, tier, status: 'new', createdAt: now, participants: conversationPeople(deps.desk, mail),
      firstResponseDueAt: new Date(now.getTime() + deps.desk.firstResponseHours[priority] * 3_600_000),
      relatedTo: previous?.number, lastCustomerMessageId: mail.messageId, customerReferences: replyReferences(mail),
    },
    deps.desk.ticketPrefix,
  );
  await deps.messages.addOnce({
    key: `in:${raw.id}:${ticket.id}`, ticketId: ticket.id, rawMailId: raw.id, direction: 'in', from, to: mail.to, cc: mail.cc,
    subject: mail.subject, text: m.text, messageId: mail.messageId, at: mail.date ?? now,
  });
  await deps.history.recordOnce({
    key: `created:${ticket.id}`, ticketId: ticket.id, at: now, actor: from.address, action: 'created',
    detail: { rawMailId: raw.id, messageId: mail.messageId, mailbox: raw.mailbox, language: m.language, priority, tier, threading: decision.reason, relatedTo: previous?.number },
  });
  if (previous) await deps.history.recordOnce({ key: `continued:${ticket.id}`, ticketId: previous.id, at: now, actor: from.address, action: 'continued-in-new-ticket', detail: { ticket: ticket.number } });
  await deps.ack(raw.id, raw.mailbox, mail, [ticket], m.language);
  await deps.notify(ticket, 'new', m.text, raw.id);
  const outcome: IntakeOutcome = { kind: 'ticket', ticketNumbers: [ticket.number] };
  await deps.rawMails.setOutcome(raw.id, 'done', outcome);
  deps.log.info({ rawMailId: raw.id, ticket: ticket.number, created, language: m.language, threading: decision.reason }, 'ticket opened');
  return outcome;
}
