import { fileList, formatBytes, forwardedIndexes, planForward, type ForwardItem } from '../domain/attachments';
import { COMMAND_HELP, parseAgentReply } from '../domain/commands';
import { automaticHeaders, baseSubject, outboundMessageId } from '../domain/outbound';
import { replyAddress } from '../domain/reply-token';
import type { IntakeOutcome } from '../domain/types';
import { applyCommands, validateCommands, type CommandDeps } from './agent-commands';
import type { CustomerReplyDeps, ThreadedMail } from './customer-reply';
import type { AgentSettings } from './desk-settings';
import type { Outgoing } from './outgoing';
import type { Templates, TicketRecord } from './ports';
import { resolveProblem, type ResolveProblemDeps } from './resolve-problem';

export interface AgentReplyDeps extends CustomerReplyDeps, CommandDeps, Omit<ResolveProblemDeps, 'tickets' | 'history' | 'desk' | 'clock' | 'log' | 'problems'> {
  outgoing: Outgoing;
  templates: Templates;
}

/**
 * An authenticated agent's reply: commands at the top are applied (all or
 * none), the rest is relayed to the customer from the support address under
 * the agent's name, or kept internal after `#note`.
 */
export async function agentReply(deps: AgentReplyDeps, m: ThreadedMail, ticket: TicketRecord, agent: AgentSettings): Promise<IntakeOutcome> {
  const now = deps.clock.now();
  const parsed = parseAgentReply(m.text, { ticketPrefix: deps.desk.ticketPrefix, isKnownAgent: (e) => deps.desk.agents.some((a) => a.email === e.toLowerCase()) });
  const errors = parsed.errors.length > 0 ? parsed.errors : await validateCommands(deps, ticket, parsed.commands, m.text);
  const outcome: IntakeOutcome = { kind: 'reply', ticketNumbers: [ticket.number], role: 'agent' };
  await deps.messages.addOnce({
    key: `in:${m.raw.id}:${ticket.id}`, ticketId: ticket.id, rawMailId: m.raw.id, direction: parsed.internal || errors.length > 0 ? 'note' : 'in',
    from: m.mail.from, to: m.mail.to, cc: m.mail.cc, subject: m.mail.subject, text: m.text, messageId: m.mail.messageId, at: m.mail.date ?? now,
    files: fileList(m.mail.attachments),
  });
  if (errors.length > 0) {
    await rejectCommands(deps, m, ticket, agent, errors);
  } else {
    const updated = await applyCommands(deps, ticket, parsed.commands, agent, m.raw.id);
    if (parsed.commands.some((c) => c.kind === 'resolve-problem')) await resolveProblem(deps, updated, agent, parsed.internal ? '' : parsed.body);
    else await answer(deps, m, ticket, updated, agent, parsed);
  }
  await deps.rawMails.setOutcome(m.raw.id, 'done', outcome);
  deps.log.info({ rawMailId: m.raw.id, ticket: ticket.number, agent: agent.email, commands: parsed.commands.length, errors: errors.length, internal: parsed.internal }, 'agent reply handled');
  return outcome;
}

/** The reply's text to the customer (or kept as a note), and the resolution notice with its knowledge entry. */
async function answer(deps: AgentReplyDeps, m: ThreadedMail, before: TicketRecord, updated: TicketRecord, agent: AgentSettings, parsed: { internal: boolean; body: string }) {
  const now = deps.clock.now();
  if (parsed.internal) await deps.history.recordOnce({ key: `note:${m.raw.id}`, ticketId: before.id, at: now, actor: agent.email, action: 'note-added', detail: { rawMailId: m.raw.id } });
  else {
    // The agent's own files go to the customer; inline parts are signature logos.
    const files = planForward(m.mail.attachments, deps.desk.forwardAttachmentBytes, { includeInline: false });
    const relayed = Boolean(parsed.body) || forwardedIndexes(files).length > 0;
    if (relayed) await relay(deps, m, updated, agent, parsed.body, files);
    if (files.some((f) => f.held)) await tellFilesHeld(deps, m, updated, agent, files, relayed);
  }
  if (updated.status === 'resolved' && before.status !== 'resolved') {
    await tellResolved(deps, m.raw.id, updated, agent);
    await deps.knowledgeBase?.record(updated, parsed.internal ? undefined : parsed.body || undefined, now);
  }
}

async function relay(deps: AgentReplyDeps, m: ThreadedMail, ticket: TicketRecord, agent: AgentSettings, body: string, files: ForwardItem[]) {
  const now = deps.clock.now();
  const indexes = forwardedIndexes(files);
  const rendered = deps.templates.render('agent-reply', ticket.language, { deskName: deps.desk.name, agentName: agent.name, ticketNumber: ticket.number, text: body, originalSubject: baseSubject(ticket.subject) });
  const key = `relay:${m.raw.id}`;
  const others = ticket.participants.filter((p) => p !== ticket.requester.address).map((address) => ({ address }));
  await deps.outgoing({
    key, kind: 'agent-reply', automatic: false, ticketIds: [ticket.id], language: ticket.language,
    from: { name: `${agent.name} (${deps.desk.name})`, address: ticket.mailbox }, to: [ticket.requester], cc: others,
    replyTo: { name: deps.desk.name, address: replyAddress(ticket.mailbox, ticket.number, deps.desk.tokenSecret) },
    subject: rendered.subject, text: rendered.text, html: rendered.html, messageId: outboundMessageId(key, deps.desk.messageIdDomain),
    // Threaded under the customer's own latest mail, so it lands in their conversation (RFC 5322 section 3.6.4).
    inReplyTo: ticket.lastCustomerMessageId, references: ticket.customerReferences ?? [], headers: { 'X-Ticketgate-Tickets': ticket.number },
    ...(indexes.length > 0 ? { attachFrom: { rawMailId: m.raw.id, indexes } } : {}),
  }, agent.email);
  const held = files.filter((f) => f.held).map((f) => ({ filename: f.filename, size: f.size, reason: f.held }));
  const sent = files.filter((f) => !f.held).map((f) => f.filename);
  await deps.history.recordOnce({ key: `agent-replied:${m.raw.id}`, ticketId: ticket.id, at: now, actor: agent.email, action: 'agent-replied', detail: { rawMailId: m.raw.id, ...(sent.length ? { files: sent } : {}), ...(held.length ? { filesHeld: held } : {}) } });
  // The customer heard from a person: that is the first response, and check-ins count again from now.
  await deps.tickets.update(ticket.id, { firstRespondedAt: ticket.firstRespondedAt ?? now, checkInFrom: now, lastAnswer: body }, now);
}

async function rejectCommands(deps: AgentReplyDeps, m: ThreadedMail, ticket: TicketRecord, agent: AgentSettings, errors: Array<{ line: number; text: string; problem: string }>) {
  await answerAgent(deps, m, ticket, agent, 'command-error', { errors, commandHelp: COMMAND_HELP });
  await deps.history.recordOnce({ key: `commands-rejected:${m.raw.id}`, ticketId: ticket.id, at: deps.clock.now(), actor: agent.email, action: 'commands-rejected', detail: { errors } });
}

/** The agent learns which of their files the customer did not get, and why (the files stay with their mail on the ticket). */
async function tellFilesHeld(deps: AgentReplyDeps, m: ThreadedMail, ticket: TicketRecord, agent: AgentSettings, files: ForwardItem[], relayed: boolean) {
  const held = files.filter((f) => f.held).map((f) => ({ filename: f.filename, size: formatBytes(f.size), held: f.held }));
  await answerAgent(deps, m, ticket, agent, 'files-held', { files: held, relayed, limit: formatBytes(deps.desk.forwardAttachmentBytes) });
}

/** An automatic answer to the agent's own reply, in their language, threaded under it and keyed by it. */
async function answerAgent(deps: AgentReplyDeps, m: ThreadedMail, ticket: TicketRecord, agent: AgentSettings, kind: 'command-error' | 'files-held', data: Record<string, unknown>) {
  const lang = agent.languages[0];
  const rendered = deps.templates.render(kind, lang, { deskName: deps.desk.name, ticketNumber: ticket.number, ...data });
  const key = `${kind}:${m.raw.id}`;
  await deps.outgoing({
    key, kind, automatic: false, ticketIds: [ticket.id], language: lang,
    from: { name: deps.desk.name, address: ticket.mailbox }, to: [{ name: agent.name, address: agent.email }],
    replyTo: { name: deps.desk.name, address: replyAddress(ticket.mailbox, ticket.number, deps.desk.tokenSecret) },
    subject: rendered.subject, text: rendered.text, html: rendered.html, messageId: outboundMessageId(key, deps.desk.messageIdDomain),
    inReplyTo: m.mail.messageId, references: m.mail.messageId ? [m.mail.messageId] : [], headers: automaticHeaders('auto-replied'),
  });
}

async function tellResolved(deps: AgentReplyDeps, rawMailId: string, ticket: TicketRecord, agent: AgentSettings) {
  const rendered = deps.templates.render('resolved', ticket.language, { deskName: deps.desk.name, ticketNumber: ticket.number, originalSubject: baseSubject(ticket.subject), agentName: agent.name, reopenDays: deps.desk.reopenDays });
  const key = `resolved:${rawMailId}`;
  await deps.outgoing({
    key, kind: 'resolved', automatic: true, ticketIds: [ticket.id], language: ticket.language,
    from: { name: deps.desk.name, address: ticket.mailbox }, to: [ticket.requester],
    replyTo: { name: deps.desk.name, address: replyAddress(ticket.mailbox, ticket.number, deps.desk.tokenSecret) },
    subject: rendered.subject, text: rendered.text, html: rendered.html, messageId: outboundMessageId(key, deps.desk.messageIdDomain),
    inReplyTo: ticket.lastCustomerMessageId, references: ticket.customerReferences ?? [], headers: { ...automaticHeaders('auto-generated'), 'X-Ticketgate-Tickets': ticket.number },
  });
}
