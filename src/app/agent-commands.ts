import type { Metrics } from './metrics';
import { describeCommand, type Command, type CommandError } from '../domain/commands';
import { TIERS, type Tier } from '../domain/types';
import type { AgentSettings, DeskSettings } from './desk-settings';
import type { Notify } from './notify-agents';
import type { Clock, HistoryRepo, ProblemRepo, TicketChanges, TicketRecord, TicketRepo } from './ports';

export interface CommandDeps {
  tickets: TicketRepo;
  problems?: ProblemRepo;
  history: HistoryRepo;
  desk: DeskSettings;
  clock: Clock;
  notify: Notify;
  metrics?: Metrics;
}

/** Checks that need the ticket and the database; any problem means nothing is applied. */
export async function validateCommands(deps: CommandDeps, ticket: TicketRecord, commands: Command[], text: string): Promise<CommandError[]> {
  const errors: CommandError[] = [];
  const at = (kind: string): { line: number; text: string } => {
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.trim().toLowerCase().startsWith(`#${kind}`));
    return i >= 0 ? { line: i + 1, text: lines[i].trim() } : { line: 1, text: `#${kind}` };
  };
  for (const c of commands) {
    if (c.kind === 'escalate' && nextTier(ticket.tier) === undefined) errors.push({ ...at('escalate'), problem: `the ticket is already at the highest tier (${ticket.tier})` });
    if (c.kind === 'resolve-problem') {
      const problem = ticket.problemId && deps.problems ? await deps.problems.get(ticket.problemId) : null;
      if (!problem) errors.push({ ...at('resolve-problem'), problem: 'this ticket is not part of a problem' });
      else if (problem.status !== 'open') errors.push({ ...at('resolve-problem'), problem: `problem ${problem.number} is already resolved` });
    }
    if (c.kind === 'merge') {
      const target = await deps.tickets.findByNumber(c.ticketNumber);
      if (!target) errors.push({ ...at('merge'), problem: `there is no ticket ${c.ticketNumber}` });
      else if (target.id === ticket.id) errors.push({ ...at('merge'), problem: 'a ticket cannot be merged into itself' });
    }
  }
  return errors;
}

/** Applies valid commands in order, each recorded on the ticket's history with who gave it. */
export async function applyCommands(deps: CommandDeps, ticket: TicketRecord, commands: Command[], agent: AgentSettings, eventKey: string): Promise<TicketRecord> {
  const now = deps.clock.now();
  let current = ticket;
  for (const [i, c] of commands.entries()) {
    if (c.kind === 'note') continue;
    const changes = await changesFor(deps, current, c, agent, eventKey);
    current = await deps.tickets.update(current.id, changes, now);
    await deps.history.recordOnce({ key: `cmd:${eventKey}:${i}`, ticketId: ticket.id, at: now, actor: agent.email, action: `command-${c.kind}`, detail: { command: describeCommand(c), ...commandDetail(c) } });
    if (c.kind === 'escalate') deps.metrics?.count('escalations_total', { tier: current.tier });
    if (c.kind === 'escalate') await deps.notify(current, 'escalated', c.reason ?? '', `${eventKey}:escalate`, deps.desk.agents.filter((a) => a.tier === current.tier));
    if (c.kind === 'assign') await deps.notify(current, 'assigned', '', `${eventKey}:assign`, deps.desk.agents.filter((a) => a.email === c.email));
  }
  return current;
}

async function changesFor(deps: CommandDeps, ticket: TicketRecord, c: Command, agent: AgentSettings, eventKey: string): Promise<TicketChanges> {
  const now = deps.clock.now();
  switch (c.kind) {
    case 'status':
      return { status: c.status, resolvedAt: c.status === 'resolved' || c.status === 'closed' ? ticket.resolvedAt ?? now : undefined };
    case 'priority':
      return { priority: c.priority };
    case 'category':
      return { category: c.category };
    case 'escalate':
      return { tier: nextTier(ticket.tier)!, assignee: undefined, escalations: (ticket.escalations ?? 0) + 1, lastEscalatedAt: now };
    case 'assign':
      return { assignee: c.email };
    case 'merge': {
      const target = (await deps.tickets.findByNumber(c.ticketNumber))!;
      await deps.history.recordOnce({ key: `merged-in:${eventKey}:${ticket.id}`, ticketId: target.id, at: now, actor: agent.email, action: 'merged-in', detail: { from: ticket.number } });
      return { mergedInto: target.number, relatedTo: target.number, status: 'closed', resolvedAt: ticket.resolvedAt ?? now };
    }
    default:
      return {};
  }
}

function commandDetail(c: Command): Record<string, unknown> {
  const { kind: _kind, ...rest } = c;
  return rest;
}

function nextTier(tier: Tier): Tier | undefined {
  return TIERS[TIERS.indexOf(tier) + 1];
}
