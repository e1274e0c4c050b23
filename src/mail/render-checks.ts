/**
 * What render() checks in a template's data before rendering, so that a
 * mail never goes out broken: each template's required strings, and the
 * lists, codes and numbers some templates take. A failed check names every
 * missing or invalid field at once.
 */
import type { TemplateName } from '../app/ports';

/** What an agent-notification tells the agent about. */
export const AGENT_EVENTS = ['new', 'customer-reply', 'escalated', 'reopened', 'assigned', 'problem'] as const;
export type AgentEvent = (typeof AGENT_EVENTS)[number];

/** Which SLA target an sla-warning is about. */
export const SLA_KINDS = ['first-response', 'resolution'] as const;
export type SlaKind = (typeof SLA_KINDS)[number];

/** Which digest a `digest` mail is; the template names it in the reader's language. */
export const DIGEST_KINDS = ['daily', 'weekly', 'custom'] as const;
export type DigestKind = (typeof DIGEST_KINDS)[number];

/**
 * Where a digest chart goes: right above the table with the same figures,
 * so that a reader whose client blocks images still sees every number.
 * A chart without a section goes under the summary.
 */
export const DIGEST_CHART_SECTIONS = ['summary', 'days', 'priority', 'tier', 'category', 'times', 'breaches', 'oldest', 'problems', 'satisfaction', 'agents', 'hours'] as const;
export type DigestChartSection = (typeof DIGEST_CHART_SECTIONS)[number];

/** Fields without which a mail would go out broken (no tag, no signature). */
const REQUIRED_STRINGS: Record<TemplateName, readonly string[]> = {
  acknowledgement: ['deskName'],
  'agent-reply': ['deskName', 'agentName', 'ticketNumber', 'text'],
  status: ['deskName', 'ticketNumber'],
  'agent-notification': ['deskName', 'ticketNumber', 'priority', 'status', 'tier', 'customerEmail'],
  'command-error': ['deskName', 'ticketNumber', 'commandHelp'],
  'status-list': ['deskName'],
  resolved: ['deskName', 'ticketNumber'],
  'manager-alert': ['deskName', 'title'],
  'check-in': ['deskName', 'ticketNumber', 'statusLabel', 'nextStep'],
  'pending-reminder': ['deskName', 'ticketNumber', 'closesAt'],
  'pending-closed': ['deskName', 'ticketNumber'],
  survey: ['deskName', 'ticketNumber'],
  'sla-warning': ['deskName', 'ticketNumber', 'kind', 'dueAt'],
  digest: ['deskName', 'from', 'to'],
  'problem-resolved': ['deskName', 'ticketNumber', 'problemNumber'],
  'files-held': ['deskName', 'ticketNumber', 'limit'],
};

export function checkData(name: TemplateName, data: Record<string, unknown>): void {
  const missing = REQUIRED_STRINGS[name].filter((key) => !isNonEmptyString(data[key]));
  missing.push(...(EXTRA_CHECKS[name]?.(data) ?? []));
  if (missing.length > 0) throw new Error(`template "${name}": missing data ${missing.join(', ')}`);
}

/** Checks beyond plain strings; each returns the names of what is missing or invalid. */
const EXTRA_CHECKS: Partial<Record<TemplateName, (data: Record<string, unknown>) => string[]>> = {
  acknowledgement: (data) => [...(hasTickets(data.tickets) ? [] : ['tickets[].number']), ...afterHoursProblems(data.afterHours)],
  status: (data) => (hasStatus(data) ? [] : ['statusLabel']),
  'agent-notification': (data) => [
    ...(isOneOf(data.event, AGENT_EVENTS) ? [] : [`event (one of ${AGENT_EVENTS.join(', ')})`]),
    // The latest text may be empty (a mail with only attachments), never absent.
    ...(typeof data.message === 'string' ? [] : ['message']),
    ...listProblems(data, 'details', { optional: true, check: (d) => (isNonEmptyString(field(d, 'label')) ? [] : ['label']) }),
    ...listProblems(data, 'history', { optional: true, check: (h) => ['at', 'action'].filter((k) => !isNonEmptyString(field(h, k))) }),
    ...listProblems(data, 'relatedTickets', { optional: true, check: (t) => (isNonEmptyString(field(t, 'number')) ? [] : ['number']) }),
  ],
  'command-error': (data) =>
    listProblems(data, 'errors', {
      nonEmpty: true,
      check: (e) => [
        ...(isLineNumber(field(e, 'line')) ? [] : ['line']),
        ...(typeof field(e, 'text') === 'string' ? [] : ['text']),
        ...(isNonEmptyString(field(e, 'problem')) ? [] : ['problem']),
      ],
    }),
  'status-list': (data) => listProblems(data, 'tickets', { check: (t) => [...(isNonEmptyString(field(t, 'number')) ? [] : ['number']), ...(hasStatus(t) ? [] : ['statusLabel'])] }),
  resolved: (data) => (isDayCount(data.reopenDays) ? [] : ['reopenDays (a whole number of days, 0 or more)']),
  'manager-alert': (data) => listProblems(data, 'lines', { check: (line) => (typeof line === 'string' ? [] : ['(a string)']) }),
  'pending-reminder': (data) => (data.question === undefined || data.question === null || typeof data.question === 'string' ? [] : ['question']),
  survey: (data) =>
    listProblems(data, 'links', {
      optional: true,
      check: (l) => [
        ...(isScore(field(l, 'score')) ? [] : ['score (1 to 5)']),
        ...(typeof field(l, 'url') === 'string' && /^https?:\/\/\S+$/i.test(field(l, 'url') as string) ? [] : ['url (an http or https URL)']),
      ],
    }),
  // A missing kind is already named by REQUIRED_STRINGS.
  'sla-warning': (data) => (!isNonEmptyString(data.kind) || isOneOf(data.kind, SLA_KINDS) ? [] : [`kind (one of ${SLA_KINDS.join(', ')})`]),
  digest: digestProblems,
  'problem-resolved': (data) => (isOptionalString(data.text) ? [] : ['text']),
  'files-held': (data) => listProblems(data, 'files', { nonEmpty: true, check: (f) => ['filename', 'size'].filter((k) => !isNonEmptyString(field(f, k))) }),
};

/**
 * The digest's figures come from digestView(), spread into the data; its
 * kind, charts, problems and targets from the caller. A chart's cid goes
 * into an attribute and must be a plain token.
 */
function digestProblems(data: Record<string, unknown>): string[] {
  return [
    ...(typeof data.summary === 'object' && data.summary !== null ? [] : ['summary (spread digestView() into the data)']),
    ...(data.kind === undefined || isOneOf(data.kind, DIGEST_KINDS) ? [] : [`kind (one of ${DIGEST_KINDS.join(', ')})`]),
    ...listProblems(data, 'charts', {
      optional: true,
      check: (c) => [
        ...(isNonEmptyString(field(c, 'cid')) && /^[^\s<>"']+$/.test(field(c, 'cid') as string) ? [] : ['cid (a token without spaces or quotes)']),
        ...(isNonEmptyString(field(c, 'title')) ? [] : ['title']),
        ...(isOptionalString(field(c, 'alt')) ? [] : ['alt']),
        ...(field(c, 'section') === undefined || isOneOf(field(c, 'section'), DIGEST_CHART_SECTIONS) ? [] : [`section (one of ${DIGEST_CHART_SECTIONS.join(', ')})`]),
      ],
    }),
    ...listProblems(data, 'problems', {
      optional: true,
      check: (p) => [...['number', 'title'].filter((k) => !isNonEmptyString(field(p, k))), ...(isCount(field(p, 'size')) ? [] : ['size (a whole number, 0 or more)'])],
    }),
    ...(data.targets === undefined || (typeof data.targets === 'object' && data.targets !== null) ? [] : ['targets (an object by priority)']),
  ];
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

/** The acknowledgement's optional afterHours: when work starts, the working hours, whether on-call was alerted. */
function afterHoursProblems(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object') return ['afterHours'];
  return [
    ...['resumesAt', 'workingHours'].filter((k) => !isNonEmptyString(field(value, k))).map((k) => `afterHours.${k}`),
    ...(typeof field(value, 'onCall') === 'boolean' ? [] : ['afterHours.onCall (true or false)']),
  ];
}

/**
 * `key` must be an array (unless optional and absent; non-empty if asked)
 * whose items pass `check`. Problems are named like `errors[].problem`, each
 * once however many items share it.
 */
function listProblems(
  data: Record<string, unknown>,
  key: string,
  opts: { optional?: boolean; nonEmpty?: boolean; check: (item: unknown) => string[] },
): string[] {
  const list = data[key];
  if ((list === undefined || list === null) && opts.optional) return [];
  if (!Array.isArray(list) || (opts.nonEmpty && list.length === 0)) return [key];
  const problems = new Set<string>();
  for (const item of list) for (const sub of opts.check(item)) problems.add(`${key}[]${sub.startsWith('(') ? ' ' : '.'}${sub}`);
  return [...problems];
}

function hasTickets(tickets: unknown): boolean {
  return Array.isArray(tickets) && tickets.length > 0 && tickets.every((t) => isNonEmptyString(field(t, 'number')));
}

/** A status to show: a ready label, or a code the label helper can translate. */
function hasStatus(value: unknown): boolean {
  return isNonEmptyString(field(value, 'statusLabel')) || isNonEmptyString(field(value, 'status'));
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function isLineNumber(value: unknown): boolean {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}

function isScore(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isDayCount(value: unknown): value is number {
  return isCount(value);
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

export function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
