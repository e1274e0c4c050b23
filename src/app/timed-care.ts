import type { Metrics } from './metrics';
import { addBusinessTime } from '../domain/business-hours';
import { clockOf, type TimerKind } from '../domain/care-plan';
import { formatDateTime } from '../domain/format';
import { automaticHeaders, baseSubject, outboundMessageId } from '../domain/outbound';
import { ratingUrl } from '../domain/rating-link';
import { replyAddress } from '../domain/reply-token';
import { TIERS } from '../domain/types';
import { recipientsFor, type Notify } from './notify-agents';
import type { Outgoing } from './outgoing';
import type { DeskSettings } from './desk-settings';
import type { Clock, HistoryRepo, Logger, MessageRepo, OutboundDraft, TemplateName, Templates, TicketChanges, TicketRecord, TicketRepo, TimedJob } from './ports';

export interface TimedCareDeps {
  /** The care-planning repository (app/care-schedule): each update re-plans the timers. */
  tickets: TicketRepo;
  history: HistoryRepo;
  messages: MessageRepo;
  outgoing: Outgoing;
  templates: Templates;
  desk: DeskSettings;
  clock: Clock;
  log: Logger;
  notify: Notify;
  alert(key: string, title: string, lines: string[]): Promise<void>;
  metrics?: Metrics;
}

/** What one timed action needs: the ticket as it is, when the action fell due, and its idempotency key. */
interface Due {
  ticket: TicketRecord;
  dueAt: Date;
  now: Date;
  key: string;
}

type Handler = (deps: TimedCareDeps, due: Due) => Promise<TicketChanges>;

const HOUR = 3_600_000;

/**
 * Runs one due timer of a ticket. The job is stale when the ticket's plan no
 * longer holds that timer at that time (an agent answered, the customer wrote,
 * the status changed): then nothing happens. Every mail and history entry is
 * keyed by ticket, kind and due time, so a retried job sends nothing twice;
 * the ticket update that follows moves the plan on.
 */
export function timedCare(deps: TimedCareDeps) {
  return async (job: TimedJob): Promise<'done' | 'stale'> => {
    const ticket = await deps.tickets.findById(job.ticketId);
    if (!ticket || ticket.timers?.[job.kind]?.getTime() !== job.dueAt) return 'stale';
    const due: Due = { ticket, dueAt: new Date(job.dueAt), now: deps.clock.now(), key: `${job.kind}:${ticket.id}:${job.dueAt}` };
    const changes = await HANDLERS[job.kind](deps, due);
    await deps.tickets.update(ticket.id, changes, due.now);
    deps.log.info({ ticket: ticket.number, timer: job.kind, dueAt: due.dueAt.toISOString() }, 'timed care action');
    return 'done';
  };
}

const HANDLERS: Record<TimerKind, Handler> = {
  'first-response-warning': (deps, due) => warn(deps, due, 'first-response'),
  'resolution-warning': (deps, due) => warn(deps, due, 'resolution'),
  'first-response-breach': (deps, due) => breach(deps, due, 'first-response'),
  'resolution-breach': (deps, due) => breach(deps, due, 'resolution'),
  'check-in': checkIn,
  'pending-reminder': pendingReminder,
  'pending-close': pendingClose,
  survey,
  close: closeResolved,
};

async function warn(deps: TimedCareDeps, due: Due, kind: 'first-response' | 'resolution'): Promise<TicketChanges> {
  const { ticket } = due;
  const target = kind === 'first-response' ? ticket.firstResponseDueAt : ticket.resolutionDueAt ?? due.dueAt;
  for (const agent of recipientsFor(deps.desk, ticket)) {
    const lang = agent.languages[0];
    const rendered = deps.templates.render('sla-warning', lang, {
      deskName: deps.desk.name, ticketNumber: ticket.number, subject: ticket.subject, priority: ticket.priority, kind,
      dueAt: formatDateTime(target, lang, deps.desk.timeZone), customerEmail: ticket.requester.address,
    });
    const key = `${due.key}:${agent.email}`;
    await deps.outgoing({
      ...internal(deps, ticket, key, rendered), kind: 'sla-warning', language: lang, to: [{ name: agent.name, address: agent.email }],
      replyTo: { name: `${deps.desk.name} ${ticket.number}`, address: replyAddress(ticket.mailbox, ticket.number, deps.desk.tokenSecret) },
    });
  }
  await record(deps, due, 'sla-warning', { target: kind, dueAt: target });
  return kind === 'first-response' ? { firstResponseWarnedAt: due.now } : { resolutionWarnedAt: due.now };
}

/** A breached target: recorded, the ticket goes up one tier (if there is one), the new tier and the managers are told. */
async function breach(deps: TimedCareDeps, due: Due, kind: 'first-response' | 'resolution'): Promise<TicketChanges> {
  const { ticket } = due;
  const next = TIERS[TIERS.indexOf(ticket.tier) + 1];
  const when = formatDateTime(due.dueAt, 'en', deps.desk.timeZone);
  const what = kind === 'first-response' ? 'first response' : 'resolution';
  await record(deps, due, 'sla-breached', { target: kind, dueAt: due.dueAt, tier: ticket.tier });
  deps.metrics?.count('sla_breaches_total', { kind, priority: ticket.priority });
  const changes: TicketChanges = kind === 'first-response' ? { firstResponseBreachedAt: due.dueAt } : { resolutionBreachedAt: due.dueAt };
  if (next) {
    await deps.history.recordOnce({ key: `escalated:${due.key}`, ticketId: ticket.id, at: due.now, actor: 'sla', action: 'escalated', detail: { from: ticket.tier, to: next, reason: `${what} target breached (due ${due.dueAt.toISOString()})` } });
    deps.metrics?.count('escalations_total', { tier: next });
    const escalated = { ...ticket, tier: next, assignee: undefined };
    await deps.notify(escalated, 'escalated', `SLA breached: the ${what} was due ${when}. Escalated from ${ticket.tier} to ${next}.`, due.key, deps.desk.agents.filter((a) => a.tier === next));
    Object.assign(changes, { tier: next, assignee: undefined, escalations: (ticket.escalations ?? 0) + 1, lastEscalatedAt: due.now });
  }
  await deps.alert(`breach:${kind}:${ticket.id}`, `${ticket.number} breached its ${what} target`, [
    `${ticket.priority} ticket "${ticket.subject}" from ${ticket.requester.address}.`,
    `The ${what} was due ${when}.`,
    next ? `Escalated automatically from ${ticket.tier} to ${next}.` : `Already at ${ticket.tier}, the highest tier: no escalation possible.`,
  ]);
  return changes;
}

async function checkIn(deps: TimedCareDeps, due: Due): Promise<TicketChanges> {
  const { ticket, now } = due;
  const lang = ticket.language;
  const labels = deps.templates.labels(lang);
  const cal = clockOf(deps.desk.care, ticket.priority);
  const nextUpdate = addBusinessTime(cal, now, deps.desk.care.sla[ticket.priority].checkInHours * HOUR);
  const agent = deps.desk.agents.find((a) => a.email === ticket.assignee);
  const rendered = deps.templates.render('check-in', lang, {
    deskName: deps.desk.name, ticketNumber: ticket.number, originalSubject: baseSubject(ticket.subject), customerName: ticket.requester.name,
    statusLabel: labels.status[ticket.status], priorityLabel: labels.priority[ticket.priority], nextStep: labels.nextStep?.[ticket.status] ?? '',
    agentName: agent?.name, openedAt: formatDateTime(ticket.createdAt, lang, deps.desk.timeZone), nextUpdateBy: formatDateTime(nextUpdate, lang, deps.desk.timeZone),
  });
  await deps.outgoing(toCustomer(deps, ticket, due.key, 'check-in', rendered));
  return { checkInFrom: now, checkIns: (ticket.checkIns ?? 0) + 1 };
}

async function pendingReminder(deps: TimedCareDeps, due: Due): Promise<TicketChanges> {
  const { ticket } = due;
  const closesAt = ticket.timers?.['pending-close'] ?? due.dueAt;
  const lastAnswer = (await deps.messages.listForTicket(ticket.id)).filter((m) => m.kind === 'agent-reply').at(-1);
  const rendered = deps.templates.render('pending-reminder', ticket.language, {
    deskName: deps.desk.name, ticketNumber: ticket.number, originalSubject: baseSubject(ticket.subject), customerName: ticket.requester.name,
    closesAt: formatDateTime(closesAt, ticket.language, deps.desk.timeZone), question: lastAnswer?.text.slice(0, 2000),
  });
  await deps.outgoing(toCustomer(deps, ticket, due.key, 'pending-reminder', rendered));
  return { pendingReminders: (ticket.pendingReminders ?? 0) + 1 };
}

async function pendingClose(deps: TimedCareDeps, due: Due): Promise<TicketChanges> {
  const { ticket } = due;
  const rendered = deps.templates.render('pending-closed', ticket.language, { deskName: deps.desk.name, ticketNumber: ticket.number, originalSubject: baseSubject(ticket.subject), customerName: ticket.requester.name });
  await deps.outgoing(toCustomer(deps, ticket, due.key, 'pending-closed', rendered));
  await record(deps, due, 'closed', { reason: 'no reply while pending', pendingSince: ticket.pendingSince });
  return { status: 'closed', resolvedAt: due.now };
}

async function survey(deps: TimedCareDeps, due: Due): Promise<TicketChanges> {
  const { ticket } = due;
  const base = deps.desk.publicUrl;
  const links = base ? [5, 4, 3, 2, 1].map((score) => ({ score, url: ratingUrl(base, ticket.number, score, deps.desk.tokenSecret) })) : undefined;
  const rendered = deps.templates.render('survey', ticket.language, { deskName: deps.desk.name, ticketNumber: ticket.number, originalSubject: baseSubject(ticket.subject), customerName: ticket.requester.name, links });
  await deps.outgoing(toCustomer(deps, ticket, due.key, 'survey', rendered));
  return { surveySentAt: due.now };
}

async function closeResolved(deps: TimedCareDeps, due: Due): Promise<TicketChanges> {
  await record(deps, due, 'closed', { reason: `no reply within ${deps.desk.reopenDays} days of resolution` });
  return { status: 'closed' };
}

function record(deps: TimedCareDeps, due: Due, action: string, detail: Record<string, unknown>) {
  return deps.history.recordOnce({ key: `${action}:${due.key}`, ticketId: due.ticket.id, at: due.now, actor: 'sla', action, detail });
}

/** An automatic mail to the customer in the ticket's conversation, answerable through its signed address. */
function toCustomer(deps: TimedCareDeps, ticket: TicketRecord, key: string, kind: TemplateName, rendered: { subject: string; text: string; html: string }): OutboundDraft {
  return {
    key, kind, automatic: true, ticketIds: [ticket.id], language: ticket.language,
    from: { name: deps.desk.name, address: ticket.mailbox }, to: [ticket.requester],
    replyTo: { name: deps.desk.name, address: replyAddress(ticket.mailbox, ticket.number, deps.desk.tokenSecret) },
    subject: rendered.subject, text: rendered.text, html: rendered.html, messageId: outboundMessageId(key, deps.desk.messageIdDomain),
    inReplyTo: ticket.lastCustomerMessageId, references: ticket.customerReferences ?? [],
    headers: { ...automaticHeaders('auto-generated'), 'X-Ticketgate-Tickets': ticket.number },
  };
}

function internal(deps: TimedCareDeps, ticket: TicketRecord, key: string, rendered: { subject: string; text: string; html: string }) {
  return {
    key, automatic: false, ticketIds: [ticket.id], from: { name: deps.desk.name, address: ticket.mailbox },
    subject: rendered.subject, text: rendered.text, html: rendered.html, messageId: outboundMessageId(key, deps.desk.messageIdDomain),
    references: [], headers: { ...automaticHeaders('auto-generated'), 'X-Ticketgate-Tickets': ticket.number },
  };
}
