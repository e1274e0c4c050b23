/**
 * Commands a desk manager writes at the top of a reply to a digest or an
 * alert, e.g.
 *
 *     #escalate TG-000123 customer is a key account
 *     #priority TG-000124 P1
 *     #note TG-000127 called the customer, waiting for the part
 *
 *     > (the quoted digest, ignored)
 *
 * A digest lists many tickets, so unlike an agent's reply every command names
 * its ticket, right after the keyword (`TG-000123` or `[TG-000123]`, as copied
 * from a subject). Everything else is the agents' syntax: the block rules,
 * keywords, values and conflict rules come from ./commands, line by line, so
 * the two cannot drift apart. The rest of the reply is ignored: there is no
 * customer to write to.
 *
 * As for agents, when `errors` is not empty callers must apply NOTHING, and
 * answer the manager with the errors and MANAGER_COMMAND_HELP.
 */
import {
  addParsedLine,
  isCommandLine,
  parseCommandLine,
  splitCommandLine,
  type BlockState,
  type Command,
  type CommandError,
  type ParseAgentReplyOptions,
  type ParsedCommandLine,
} from './commands';
import { formatTicketNumber, parseTicketNumber } from './ticket-number';
import { CATEGORIES } from './types';

export interface ManagerCommandBlock {
  /** Canonical upper case, e.g. `TG-000123`. */
  ticketNumber: string;
  /** As for agents; a `#note` is in here as `{ kind: 'note' }`, its text in `note`. */
  commands: Command[];
  /** The text of the ticket's `#note` lines, one per line, when there are any. */
  note?: string;
}

export interface ParsedManagerReply {
  /** One per ticket, in the order the tickets first appear. */
  blocks: ManagerCommandBlock[];
  errors: CommandError[];
}

/**
 * An allow-list rather than "the agents' commands minus a few": a command
 * added for agents later must not reach managers without a decision. `#merge`
 * and `#resolve-problem` are left out because they act on more than the named
 * ticket and are decided by the agent who knows the tickets involved.
 */
const MANAGER_KEYWORDS: ReadonlySet<string> = new Set(['status', 'priority', 'category', 'escalate', 'assign', 'note']);
const AGENT_ONLY_KEYWORDS: ReadonlySet<string> = new Set(['merge', 'resolve-problem']);

export const MANAGER_COMMAND_HELP = [
  'Commands go on the first lines of your reply, one per line; each names its ticket first:',
  '',
  '  #status <ticket> open|pending|resolved|closed   e.g. #status TG-000126 resolved',
  '  #priority <ticket> P1|P2|P3|P4                  e.g. #priority TG-000124 P1',
  `  #category <ticket> ${CATEGORIES.join('|')}`,
  '                                                  e.g. #category TG-000128 network',
  '  #escalate <ticket> [reason]                     e.g. #escalate TG-000123 customer is a key account',
  '  #assign <ticket> <agent e-mail>                 e.g. #assign TG-000125 anna@example.com',
  '  #note <ticket> <text>                           e.g. #note TG-000127 called the customer',
  '',
  'A ticket number may be written TG-000123 or [TG-000123]. Keywords are English',
  'and case-insensitive. The first line that does not start with # ends the',
  'commands; the rest of your reply is ignored.',
  'If any command has an error, nothing is applied.',
].join('\n');

export function parseManagerReply(text: string, opts: ParseAgentReplyOptions): ParsedManagerReply {
  const lines = text.split(/\r\n|\r|\n/);
  const errors: CommandError[] = [];
  const byTicket = new Map<string, BlockState>();
  for (const [i, raw] of lines.entries()) {
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    if (!isCommandLine(trimmed)) break;
    const read = readManagerLine(trimmed, opts);
    if ('problem' in read) {
      errors.push({ line: i + 1, text: trimmed, problem: read.problem });
      continue;
    }
    let state = byTicket.get(read.ticketNumber);
    if (!state) {
      // One state per ticket so conflicts are found per ticket; the error list is shared to keep line order.
      state = { commands: [], lines: [], errors, noteText: [] };
      byTicket.set(read.ticketNumber, state);
    }
    addParsedLine(read.parsed, i + 1, trimmed, state);
  }
  return { blocks: toBlocks(byTicket), errors };
}

/** Takes the ticket number out of a manager line and parses the rest as the agents' `#keyword rest`. */
function readManagerLine(trimmed: string, opts: ParseAgentReplyOptions): { ticketNumber: string; parsed: ParsedCommandLine } | { problem: string } {
  const split = splitCommandLine(trimmed);
  if (split && AGENT_ONLY_KEYWORDS.has(split.keyword)) return { problem: `${split.written} is not available to managers: an agent on the ticket decides it` };
  if (!split || !MANAGER_KEYWORDS.has(split.keyword)) return { problem: `unknown command "${split ? split.written : trimmed}"` };
  const ticket = takeTicketNumber(split.arg, split.written, opts.ticketPrefix);
  if ('problem' in ticket) return ticket;
  // An agent's bare #note marks the reply's body internal; a manager's reply has no body, so the text must be on the line.
  if (split.keyword === 'note' && ticket.rest === '') return { problem: `expected the note text after the ticket number, e.g. #note ${ticket.ticketNumber} called the customer` };
  return { ticketNumber: ticket.ticketNumber, parsed: parseCommandLine(`#${split.keyword} ${ticket.rest}`, opts) };
}

function toBlocks(byTicket: Map<string, BlockState>): ManagerCommandBlock[] {
  const blocks: ManagerCommandBlock[] = [];
  for (const [ticketNumber, state] of byTicket) {
    // A ticket whose every line was an error has no block; the errors say why.
    if (state.commands.length === 0) continue;
    const note = state.noteText.join('\n');
    blocks.push(note === '' ? { ticketNumber, commands: state.commands } : { ticketNumber, commands: state.commands, note });
  }
  return blocks;
}

/** `TG-000123 P1`, `[tg-000123] P1` or `TG-000123: P1` → `TG-000123` and `P1`. */
function takeTicketNumber(arg: string, written: string, prefix: string): { ticketNumber: string; rest: string } | { problem: string } {
  const [, first = '', rest = ''] = /^(\S*)\s*(.*)$/s.exec(arg) ?? [];
  const candidate = first.replace(/:$/, '').replace(/^\[(.*)\]$/, '$1');
  const example = `${prefix.toUpperCase()}-000123`;
  const parsed = parseTicketNumber(candidate);
  if (!parsed) return { problem: `expected a ticket number like ${example} right after ${written}${got(first)}` };
  if (parsed.prefix !== prefix.toUpperCase()) return { problem: `expected a ticket number of this desk, like ${example}${got(first)}` };
  return { ticketNumber: formatTicketNumber(parsed.prefix, parsed.seq), rest: rest.trim() };
}

function got(word: string): string {
  return word === '' ? ', got nothing' : `, got "${word}"`;
}
