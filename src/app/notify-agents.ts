import { formatBytes, forwardedIndexes, planFiles, type ForwardItem } from '../domain/attachments';
import { formatDateTime } from '../domain/format';
import { automaticHeaders, outboundMessageId } from '../domain/outbound';
import { replyAddress } from '../domain/reply-token';
import { findAgent, type AgentSettings, type DeskSettings } from './desk-settings';
import type { Outgoing } from './outgoing';
import type { HistoryRepo, MessageRepo, Templates, TicketRecord } from './ports';
import type { Language } from '../domain/types';
import type { Suggestion } from './knowledge';

export type AgentEvent = 'new' | 'customer-reply' | 'escalated' | 'reopened' | 'assigned' | 'problem';

/** The files of the customer's mail that the notification passes on (and lists, with those held back). */
export interface NotifyFiles {
  rawMailId: string;
  plan: ForwardItem[];
}

export interface NotifyDeps {
  outgoing: Outgoing;
  templates: Templates;
  history: HistoryRepo;
  desk: DeskSettings;
  /** Similar resolved tickets with their answers, for a new ticket's notification. */
  suggest?: (ticket: TicketRecord) => Suggestion[];
  /** The ticket's messages: an escalation, assignment or problem notice quotes the customer's latest mail and passes its files on. */
  messages?: Pick<MessageRepo, 'listForTicket'>;
}

/** Events a customer's mail caused: their `message` is that mail. The others carry a reason, and the agent still needs the customer's words. */
const FROM_CUSTOMER: readonly AgentEvent[] = ['new', 'customer-reply', 'reopened'];

/**
 * Tells the agents about a ticket: its assignee, or else every agent of its
 * tier. The mail's Reply-To is the ticket's signed address, so an agent
 * answers from their own mail client and the reply proves who saw the ticket.
 */
/** What use cases call to notify the agents (notifyAgents' result). */
export type Notify = (ticket: TicketRecord, event: AgentEvent, message: string, eventKey: string, only?: AgentSettings[], files?: NotifyFiles) => Promise<void>;

export function notifyAgents(deps: NotifyDeps): Notify {
  return async (ticket: TicketRecord, event: AgentEvent, text: string, eventKey: string, only?: AgentSettings[], given?: NotifyFiles) => {
    const { message, reason, files } = FROM_CUSTOMER.includes(event) ? { message: text, reason: undefined, files: given } : await latestFromCustomer(deps, ticket, text);
    const indexes = files ? forwardedIndexes(files.plan) : [];
    const agents = only ?? recipientsFor(deps.desk, ticket);
    // A ticket opened by this very mail has no history worth a read yet.
    const history = event === 'new' ? [] : (await deps.history.listForTicket(ticket.id)).slice(-10);
    for (const agent of agents) {
      const lang = agent.languages[0];
      const due = (at: Date | undefined) => (at && !['resolved', 'closed'].includes(ticket.status) ? formatDateTime(at, lang, deps.desk.timeZone) : undefined);
      const rendered = deps.templates.render('agent-notification', lang, {
        deskName: deps.desk.name, ticketNumber: ticket.number, subject: ticket.subject, event, priority: ticket.priority, status: ticket.status,
        tier: ticket.tier, category: ticket.category, customerName: ticket.requester.name, customerEmail: ticket.requester.address, message, reason,
        details: detailRows(deps.templates, lang, ticket), problem: ticket.problemNumber, similar: event === 'new' ? deps.suggest?.(ticket) : undefined, firstResponseDue: due(ticket.firstRespondedAt ? undefined : ticket.firstResponseDueAt), resolutionDue: due(ticket.resolutionDueAt), history: history.map((h) => ({ at: formatDateTime(h.at, lang, deps.desk.timeZone), actor: h.actor, action: h.action })),
        attachments: files?.plan.map((f) => ({ filename: f.filename, size: formatBytes(f.size), held: f.held })),
      });
      const key = `notify:${eventKey}:${agent.email}`;
      await deps.outgoing({
        key, kind: 'agent-notification', automatic: false, ticketIds: [ticket.id], language: lang,
        from: { name: deps.desk.name, address: ticket.mailbox }, to: [{ name: agent.name, address: agent.email }],
        replyTo: { name: `${deps.desk.name} ${ticket.number}`, address: replyAddress(ticket.mailbox, ticket.number, deps.desk.tokenSecret) },
        subject: rendered.subject, text: rendered.text, html: rendered.html,
        messageId: outboundMessageId(key, deps.desk.messageIdDomain), references: [],
        headers: { ...automaticHeaders('auto-generated'), 'X-Ticketgate-Tickets': ticket.number },
        ...(files && indexes.length > 0 ? { attachFrom: { rawMailId: files.rawMailId, indexes } } : {}),
      });
    }
  };
}

/**
 * The reason given, and the latest mail on the ticket from the customer or a
 * person in the conversation, with its files (not an agent's, a bounce's or
 * a stranger's).
 */
async function latestFromCustomer(deps: NotifyDeps, ticket: TicketRecord, reason: string): Promise<{ message: string; reason?: string; files?: NotifyFiles }> {
  const all = deps.messages ? await deps.messages.listForTicket(ticket.id) : [];
  const people = new Set([ticket.requester.address, ...(ticket.participants ?? [])]);
  const latest = all.filter((m) => m.direction === 'in' && m.from && people.has(m.from.address) && !findAgent(deps.desk, m.from.address)).pop();
  const plan = latest?.files && latest.rawMailId ? planFiles(latest.files, deps.desk.forwardAttachmentBytes) : [];
  return { message: latest?.text ?? '', reason: reason || undefined, files: plan.length > 0 ? { rawMailId: latest!.rawMailId!, plan } : undefined };
}

/** The identifying details triage found (account, serial, ...), named in the agent's language. */
function detailRows(templates: Templates, lang: Language, ticket: TicketRecord): Array<{ label: string; value: string }> {
  const names = templates.labels(lang).detail ?? {};
  return Object.entries(ticket.details ?? {}).map(([key, value]) => ({ label: names[key] ?? key, value }));
}

/** Who hears about a ticket: its assignee, else its tier, else (a tier nobody staffs) every agent. */
export function recipientsFor(desk: DeskSettings, ticket: TicketRecord): AgentSettings[] {
  const assignee = ticket.assignee ? desk.agents.find((a) => a.email === ticket.assignee) : undefined;
  if (assignee) return [assignee];
  const tier = desk.agents.filter((a) => a.tier === ticket.tier);
  // A tier nobody staffs must not swallow the ticket: fall back to every agent.
  return tier.length > 0 ? tier : desk.agents;
}
