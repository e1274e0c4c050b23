import { MANAGER_COMMAND_HELP, parseManagerReply, type ManagerCommandBlock } from '../domain/manager-commands';
import { describeCommand, type CommandError } from '../domain/commands';
import { automaticHeaders, outboundMessageId } from '../domain/outbound';
import { managerReplyAddress } from '../domain/reply-token';
import type { IntakeOutcome } from '../domain/types';
import { applyCommands, validateCommands } from './agent-commands';
import type { AgentReplyDeps } from './agent-reply';
import type { ThreadedMail } from './customer-reply';
import type { AgentSettings, ManagerSettings } from './desk-settings';
import type { TicketRecord } from './ports';

type Resolved = { block: ManagerCommandBlock; ticket: TicketRecord };

/**
 * A manager's reply to a digest or alert, sent to their signed address:
 * command lines naming tickets (`#escalate TG-000123 key account`) are
 * applied with the same rules as an agent's, all or nothing, and the manager
 * gets a mail saying what was done or what was wrong.
 */
export async function managerReply(deps: AgentReplyDeps, m: ThreadedMail, manager: ManagerSettings): Promise<IntakeOutcome> {
  const parsed = parseManagerReply(m.text, { ticketPrefix: deps.desk.ticketPrefix, isKnownAgent: (e) => deps.desk.agents.some((a) => a.email === e.toLowerCase()) });
  const { resolved, errors } = await check(deps, parsed.blocks, parsed.errors, m.text);
  const actor: AgentSettings = { name: manager.name, email: manager.email, tier: 'L3', languages: [manager.language] };
  const done: string[] = [];
  if (errors.length === 0) {
    for (const [i, { block, ticket }] of resolved.entries()) {
      await applyCommands(deps, ticket, block.commands, actor, `${m.raw.id}:${i}`);
      if (block.note) await addNote(deps, m, ticket, manager, block.note);
      done.push(...block.commands.map((c) => `${ticket.number}: ${c.kind === 'note' ? 'internal note added' : describeCommand(c)}`));
    }
  }
  await answerManager(deps, m, manager, errors, done);
  const outcome: IntakeOutcome = { kind: 'reply', ticketNumbers: resolved.map((r) => r.ticket.number), role: 'manager' };
  await deps.rawMails.setOutcome(m.raw.id, 'done', outcome);
  deps.log.info({ rawMailId: m.raw.id, manager: manager.email, applied: done.length, errors: errors.length }, 'manager commands handled');
  return outcome;
}

async function check(deps: AgentReplyDeps, blocks: ManagerCommandBlock[], parseErrors: CommandError[], text: string): Promise<{ resolved: Resolved[]; errors: CommandError[] }> {
  const errors = [...parseErrors];
  const resolved: Resolved[] = [];
  if (blocks.length === 0 && errors.length === 0) errors.push({ line: 1, text: text.split('\n')[0] ?? '', problem: 'no command found: write e.g. #escalate TG-000123 on the first line' });
  for (const block of blocks) {
    const ticket = await deps.tickets.findByNumber(block.ticketNumber);
    if (!ticket) errors.push({ line: 1, text: block.ticketNumber, problem: `there is no ticket ${block.ticketNumber}` });
    else {
      errors.push(...(await validateCommands(deps, ticket, block.commands, text)));
      resolved.push({ block, ticket });
    }
  }
  return { resolved, errors };
}

async function addNote(deps: AgentReplyDeps, m: ThreadedMail, ticket: TicketRecord, manager: ManagerSettings, note: string) {
  const at = deps.clock.now();
  await deps.messages.addOnce({ key: `note:${m.raw.id}:${ticket.id}`, ticketId: ticket.id, rawMailId: m.raw.id, direction: 'note', from: { name: manager.name, address: manager.email }, to: [], cc: [], subject: m.mail.subject, text: note, at });
  await deps.history.recordOnce({ key: `note:${m.raw.id}:${ticket.id}`, ticketId: ticket.id, at, actor: manager.email, action: 'note-added', detail: { rawMailId: m.raw.id } });
}

async function answerManager(deps: AgentReplyDeps, m: ThreadedMail, manager: ManagerSettings, errors: CommandError[], done: string[]) {
  const title = errors.length > 0 ? 'Nothing was applied: please correct the commands' : `Applied: ${done.length} change${done.length === 1 ? '' : 's'}`;
  const lines = errors.length > 0 ? [...errors.map((e) => `Line ${e.line} "${e.text}": ${e.problem}`), '', ...MANAGER_COMMAND_HELP.split('\n')] : done;
  const rendered = deps.templates.render('manager-alert', manager.language, { deskName: deps.desk.name, title, lines });
  const key = `manager-reply:${m.raw.id}`;
  const support = m.raw.mailbox;
  await deps.outgoing({
    key, kind: 'manager-reply', automatic: false, ticketIds: [], language: manager.language,
    from: { name: deps.desk.name, address: support }, to: [{ name: manager.name, address: manager.email }],
    replyTo: { name: deps.desk.name, address: managerReplyAddress(support, manager.email, deps.desk.tokenSecret) },
    subject: rendered.subject, text: rendered.text, html: rendered.html, messageId: outboundMessageId(key, deps.desk.messageIdDomain),
    inReplyTo: m.mail.messageId, references: m.mail.messageId ? [m.mail.messageId] : [], headers: automaticHeaders('auto-replied'),
  });
}
