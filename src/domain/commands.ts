/**
 * Commands an agent writes at the top of a reply to a ticket notification,
 * e.g.
 *
 *     #status resolved
 *     #priority P2
 *
 *     Hello, the printer driver is reinstalled ...
 *
 * Rules:
 * - The command block is the run of lines starting with `#` at the top of the
 *   reply; blank lines before and between them are allowed. The first other
 *   non-blank line ends the block, and everything from there on (trimmed) is
 *   the body. A `#` line inside the body is prose, never a command.
 * - `#` followed by a digit (`#1 the printer ...`) is prose: it ends the block.
 * - Keywords and values are case-insensitive; spaces and a colon after the
 *   keyword are tolerated (`#Status:  Resolved`).
 * - Keywords and values are English only, on purpose: agents are staff, the
 *   help text and the ticket history use one vocabulary, and a fixed word list
 *   cannot be misread as prose in another language.
 * - `#note` makes the whole reply internal; text after `#note` on the same
 *   line becomes the body's first line.
 * - The same command twice with the same value counts once; with different
 *   values it is an error. Two `#escalate`, one with a reason, keep the reason.
 *
 * When `errors` is not empty, callers must apply NOTHING: no command, and no
 * mail to the customer. They answer the agent with the errors and
 * COMMAND_HELP instead; a half-applied reply is harder to fix than a rejected
 * one. Whether a command makes sense for the ticket at hand (merging a ticket
 * into itself, closing a closed one) is the caller's decision.
 */
import { formatTicketNumber, parseTicketNumber } from './ticket-number';
import { CATEGORIES, PRIORITIES, type Category, type Priority } from './types';

const AGENT_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
type AgentStatus = (typeof AGENT_STATUSES)[number];

export type Command =
  | { kind: 'status'; status: AgentStatus }
  | { kind: 'priority'; priority: Priority }
  | { kind: 'category'; category: Category }
  | { kind: 'escalate'; reason?: string }
  | { kind: 'assign'; email: string }
  | { kind: 'merge'; ticketNumber: string }
  | { kind: 'note' }
  | { kind: 'resolve-problem' };

/** `line` is 1-based in the reply text; `text` is that line, trimmed. */
export interface CommandError {
  line: number;
  text: string;
  problem: string;
}

export interface ParsedAgentReply {
  commands: Command[];
  errors: CommandError[];
  body: string;
  internal: boolean;
}

export interface ParseAgentReplyOptions {
  /** The desk's ticket prefix, e.g. "TG"; `#merge` accepts only its numbers. */
  ticketPrefix: string;
  /** When given, `#assign` accepts only addresses it returns true for. */
  isKnownAgent?: (email: string) => boolean;
}

export const COMMAND_HELP = [
  'Commands go on the first lines of your reply, one per line, before your message:',
  '',
  '  #status open|pending|resolved|closed   set the ticket status         e.g. #status resolved',
  '  #priority P1|P2|P3|P4                  set the priority (P1 highest) e.g. #priority P2',
  `  #category ${CATEGORIES.join('|')}`,
  '                                         set the category              e.g. #category network',
  '  #escalate [reason]                     hand over to the next tier    e.g. #escalate needs a site visit',
  '  #assign <agent e-mail>                 give the ticket to an agent   e.g. #assign anna@example.com',
  '  #merge <ticket number>                 merge into another ticket     e.g. #merge TG-000123',
  '  #note [text]                           internal note: the customer gets nothing',
  '  #resolve-problem                       resolve the problem this ticket is part of, and all its tickets; your message goes to every customer',
  '',
  'Keywords are English and case-insensitive. The first line that does not start',
  'with # ends the commands; the rest is your message to the customer.',
  'If any command has an error, nothing is applied and nothing is sent.',
].join('\n');

type Handler = (arg: string, opts: ParseAgentReplyOptions) => Command | string;

const HANDLERS: Record<string, Handler> = {
  status: (arg) => {
    const status = oneOf(AGENT_STATUSES, arg.toLowerCase());
    return status ? { kind: 'status', status } : expected(AGENT_STATUSES, arg);
  },
  priority: (arg) => {
    const priority = oneOf(PRIORITIES, arg.toUpperCase());
    return priority ? { kind: 'priority', priority } : expected(PRIORITIES, arg);
  },
  category: (arg) => {
    const category = oneOf(CATEGORIES, arg.toLowerCase());
    return category ? { kind: 'category', category } : expected(CATEGORIES, arg);
  },
  escalate: (arg) => (arg === '' ? { kind: 'escalate' } : { kind: 'escalate', reason: arg }),
  assign: parseAssign,
  merge: parseMerge,
  note: () => ({ kind: 'note' }),
  // The explanation goes to every linked customer, so it belongs in the body where it can be long and formatted.
  'resolve-problem': (arg) => (arg === '' ? { kind: 'resolve-problem' } : 'takes no argument: write the explanation for the customers below the commands'),
};

export function parseAgentReply(text: string, opts: ParseAgentReplyOptions): ParsedAgentReply {
  const lines = text.split(/\r\n|\r|\n/);
  const state: BlockState = { commands: [], lines: [], errors: [], noteText: [] };
  let i = 0;
  for (; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (trimmed === '') continue;
    if (!isCommandLine(trimmed)) break;
    readCommandLine(trimmed, i + 1, opts, state);
  }
  const body = [...state.noteText, ...lines.slice(i)].join('\n').trim();
  return {
    commands: state.commands,
    errors: state.errors,
    body,
    internal: state.commands.some((c) => c.kind === 'note'),
  };
}

export function describeCommand(c: Command): string {
  switch (c.kind) {
    case 'status':
      return `status → ${c.status}`;
    case 'priority':
      return `priority → ${c.priority}`;
    case 'category':
      return `category → ${c.category}`;
    case 'escalate':
      return c.reason ? `escalated: ${c.reason}` : 'escalated';
    case 'assign':
      return `assigned → ${c.email}`;
    case 'merge':
      return `merged into ${c.ticketNumber}`;
    case 'note':
      return 'internal note';
    case 'resolve-problem':
      return 'problem resolved: every linked ticket resolved and its customer told';
    default:
      return assertNever(c);
  }
}

/**
 * The commands read so far from one block. Exported with the per-line helpers
 * below so that other reply formats (manager replies) apply exactly the same
 * line syntax, values and conflict rules as agents' replies.
 */
export interface BlockState {
  commands: Command[];
  /** Line number each entry of `commands` came from, for conflict messages. */
  lines: number[];
  errors: CommandError[];
  noteText: string[];
}

/** `#` then a digit is prose ("#1 the printer ..."), anything else after `#` is meant as a command. */
export function isCommandLine(trimmed: string): boolean {
  return trimmed.startsWith('#') && !/^#\d/.test(trimmed);
}

const COMMAND_LINE = /^#\s*(\p{L}[\p{L}\p{N}_-]*)\s*:?\s*(.*)$/u;

/**
 * `#Status:  Resolved` → keyword `status`, written `#Status` (for messages),
 * arg `Resolved` (trimmed); undefined when no keyword follows the `#`.
 */
export function splitCommandLine(trimmed: string): { keyword: string; written: string; arg: string } | undefined {
  const m = COMMAND_LINE.exec(trimmed);
  return m ? { keyword: m[1].toLowerCase(), written: `#${m[1]}`, arg: m[2].trim() } : undefined;
}

/** One command line parsed on its own: the command (and, for `#note`, its same-line text), or the problem. */
export type ParsedCommandLine = { command: Command; noteText?: string } | { problem: string };

export function parseCommandLine(trimmed: string, opts: ParseAgentReplyOptions): ParsedCommandLine {
  const split = splitCommandLine(trimmed);
  if (!split) return { problem: `unknown command "${trimmed}"` };
  // hasOwn: `#toString` or `#__proto__` must not reach Object.prototype.
  const handler = Object.hasOwn(HANDLERS, split.keyword) ? HANDLERS[split.keyword] : undefined;
  if (!handler) return { problem: `unknown command "${split.written}"` };
  const result = handler(split.arg, opts);
  if (typeof result === 'string') return { problem: result };
  return result.kind === 'note' && split.arg !== '' ? { command: result, noteText: split.arg } : { command: result };
}

/** Records a parsed line in `state`; `text` is the line as the writer sees it, for error messages. */
export function addParsedLine(parsed: ParsedCommandLine, line: number, text: string, state: BlockState): void {
  if ('problem' in parsed) {
    state.errors.push({ line, text, problem: parsed.problem });
    return;
  }
  if (parsed.noteText !== undefined) state.noteText.push(parsed.noteText);
  addCommand(parsed.command, line, text, state);
}

function readCommandLine(trimmed: string, line: number, opts: ParseAgentReplyOptions, state: BlockState): void {
  addParsedLine(parseCommandLine(trimmed, opts), line, trimmed, state);
}

function addCommand(cmd: Command, line: number, text: string, state: BlockState): void {
  const at = state.commands.findIndex((c) => c.kind === cmd.kind);
  if (at < 0) {
    state.commands.push(cmd);
    state.lines.push(line);
    return;
  }
  const merged = reconcile(state.commands[at], cmd);
  if (merged) {
    state.commands[at] = merged;
    return;
  }
  const previous = describeCommand(state.commands[at]);
  state.errors.push({ line, text, problem: `conflicts with line ${state.lines[at]} (${previous})` });
}

/** The one command two of the same kind amount to, or undefined when they disagree. */
function reconcile(a: Command, b: Command): Command | undefined {
  if (a.kind === 'escalate' && b.kind === 'escalate') {
    if (!a.reason || !b.reason || a.reason === b.reason) return a.reason ? a : b;
    return undefined;
  }
  return describeCommand(a) === describeCommand(b) ? a : undefined;
}

/** Shape only: a local part, an @ and a domain with at least one dot. */
const EMAIL = /^[^\s@<>()[\],;:"]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u;

/**
 * Mail clients that turn HTML into text write a linked address as
 * `anna@example.com <mailto:anna@example.com>`; that, `<anna@...>` and
 * `mailto:anna@...` are all one address.
 */
function parseAssign(arg: string, opts: ParseAgentReplyOptions): Command | string {
  const tokens = arg
    .split(/[\s<>]+/)
    .filter((t) => t !== '')
    .map((t) => t.replace(/^mailto:/i, '').toLowerCase());
  const distinct = [...new Set(tokens)];
  if (distinct.length !== 1 || !EMAIL.test(distinct[0])) {
    return `expected one agent e-mail address, e.g. #assign anna@example.com${got(arg)}`;
  }
  const email = distinct[0];
  if (opts.isKnownAgent && !opts.isKnownAgent(email)) return `${email} is not a configured agent`;
  return { kind: 'assign', email };
}

/** Accepts the number as written in a subject tag too: `[TG-000123]`. */
function parseMerge(arg: string, opts: ParseAgentReplyOptions): Command | string {
  const prefix = opts.ticketPrefix.toUpperCase();
  const example = `${prefix}-000123`;
  const parsed = parseTicketNumber(arg.replace(/^\[(.*)\]$/, '$1'));
  if (!parsed) return `expected a ticket number like ${example}${got(arg)}`;
  if (parsed.prefix !== prefix) return `expected a ticket number of this desk, like ${example}${got(arg)}`;
  return { kind: 'merge', ticketNumber: formatTicketNumber(parsed.prefix, parsed.seq) };
}

function oneOf<T extends string>(values: readonly T[], candidate: string): T | undefined {
  return values.find((v) => v === candidate);
}

function expected(values: readonly string[], arg: string): string {
  return `expected one of ${values.join(', ')}${got(arg)}`;
}

function got(arg: string): string {
  return arg === '' ? ', got nothing' : `, got "${arg}"`;
}

function assertNever(x: never): never {
  throw new Error(`unexpected command ${JSON.stringify(x)}`);
}
