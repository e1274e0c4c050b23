import type { TokenMatch } from './reply-token';
import type { TicketStatus } from './types';

/**
 * Where an inbound mail belongs: the pure decision. The caller does the
 * lookups (reply tokens, stored Message-IDs, subject tags, participants) and
 * passes the facts in; this module only weighs them.
 *
 * Order of trust, strongest first:
 * 1. a valid reply token: the sender received a mail about that ticket;
 * 2. In-Reply-To / References (RFC 5322 section 3.6.4) naming a message the
 *    gateway sent or received: the sender's client replied to it;
 * 3. a `[TG-…]` subject tag, but only from someone already on that ticket:
 *    anyone can type a tag, and trusting it would let a stranger read along.
 * Subject text alone (a "Re:" of a similar subject) never threads.
 */

export interface ThreadFacts {
  tokens: TokenMatch[];
  /** tickets found by the mail's In-Reply-To and References ids (ids the gateway sent or received), in the order of the ids in the mail, most recent reference last */
  headerMatches: Array<{ messageId: string; ticketNumber: string }>;
  /** tickets named by [TG-…] tags in the subject, with whether the sender is on that ticket (requester, a CC'd participant, or an agent) */
  subjectTags: Array<{ ticketNumber: string; senderOnTicket: boolean }>;
}

export type ThreadDecision =
  | { kind: 'existing'; ticketNumber: string; method: 'token' | 'header' | 'subject-tag'; reason: string }
  | { kind: 'new'; reason: string };

/** Weighs the facts in the order of trust above; `reason` is kept on the ticket history. */
export function decideThread(facts: ThreadFacts): ThreadDecision {
  const notes = invalidTokenNotes(facts.tokens);
  const decision = byToken(facts.tokens) ?? byHeader(facts.headerMatches) ?? bySubjectTag(facts.subjectTags);
  return withNotes(decision, notes);
}

export interface ReopenPolicy {
  /** Days after resolution during which a reply reopens the ticket; 0 never reopens. */
  reopenDays: number;
}

export type ResolvedAction = { kind: 'append' } | { kind: 'reopen' } | { kind: 'new-linked'; relatedTo: string };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What to do with a mail that threads into a ticket in a given status:
 * open/new/pending → append (the caller moves pending back to open: the
 * customer answered), resolved/closed within reopenDays of resolvedAt →
 * reopen, later → a new ticket linked to the old one.
 *
 * The window is inclusive and counted in 24-hour periods from resolvedAt, so
 * a reply exactly `reopenDays` days later still reopens. A resolved or closed
 * ticket without resolvedAt is treated as outside the window: its age is
 * unknown, and a linked new ticket loses nothing while a wrong reopen would
 * revive a long-finished case.
 */
export function onExistingTicket(ticket: { number: string; status: TicketStatus; resolvedAt?: Date }, now: Date, policy: ReopenPolicy): ResolvedAction {
  if (!Number.isFinite(policy.reopenDays) || policy.reopenDays < 0) {
    throw new RangeError(`reopenDays must be a non-negative number, got ${policy.reopenDays}`);
  }
  switch (ticket.status) {
    case 'new':
    case 'open':
    case 'pending':
      return { kind: 'append' };
    case 'resolved':
    case 'closed':
      return withinReopenWindow(ticket.resolvedAt, now, policy.reopenDays) ? { kind: 'reopen' } : { kind: 'new-linked', relatedTo: ticket.number };
  }
}

function withinReopenWindow(resolvedAt: Date | undefined, now: Date, reopenDays: number): boolean {
  if (reopenDays === 0 || resolvedAt === undefined || Number.isNaN(resolvedAt.getTime())) return false;
  // A resolvedAt slightly in the future (clock skew between hosts) counts as just resolved.
  return now.getTime() - resolvedAt.getTime() <= reopenDays * DAY_MS;
}

function byToken(tokens: TokenMatch[]): ThreadDecision | undefined {
  const valid = tokens.filter((t) => t.valid);
  if (valid.length === 0) return undefined;
  const [first] = valid;
  const others = unique(valid.map((t) => t.ticketNumber).filter((n) => n !== first.ticketNumber));
  let reason = `reply address ${first.address} carries a valid token for ${first.ticketNumber}`;
  // Several tickets' reply addresses in one mail: someone replied to two
  // notifications at once. Recipient order is all we have, so take the first
  // and leave a trace for the agent who may need to split the mail.
  if (others.length > 0) reason += `; valid tokens for other tickets were also present (${others.join(', ')}), the first was taken`;
  return { kind: 'existing', ticketNumber: first.ticketNumber, method: 'token', reason };
}

function byHeader(matches: ThreadFacts['headerMatches']): ThreadDecision | undefined {
  if (matches.length === 0) return undefined;
  // The last id is the most recent message replied to (RFC 5322 section
  // 3.6.4: References lists ancestors oldest first, In-Reply-To is the parent);
  // a thread that moved to a split-off ticket follows the newest message.
  const last = matches[matches.length - 1];
  const others = unique(matches.map((m) => m.ticketNumber).filter((n) => n !== last.ticketNumber));
  let reason = `referenced message <${last.messageId}> (the most recent match in In-Reply-To/References) is a message of ${last.ticketNumber}`;
  if (others.length > 0) reason += `; older references point to ${others.join(', ')}`;
  return { kind: 'existing', ticketNumber: last.ticketNumber, method: 'header', reason };
}

function bySubjectTag(tags: ThreadFacts['subjectTags']): ThreadDecision {
  const trusted = tags.find((t) => t.senderOnTicket);
  const strangers = unique(tags.filter((t) => !t.senderOnTicket).map((t) => t.ticketNumber));
  if (trusted) {
    let reason = `subject tag [${trusted.ticketNumber}] and the sender is on that ticket`;
    if (strangers.length > 0) reason += `; tags of tickets the sender is not on were ignored (${strangers.join(', ')})`;
    return { kind: 'existing', ticketNumber: trusted.ticketNumber, method: 'subject-tag', reason };
  }
  if (strangers.length > 0) {
    const tags = strangers.map((n) => `[${n}]`).join(', ');
    return { kind: 'new', reason: `subject tag ${tags} ignored: the sender is not on that ticket, so a new ticket is opened` };
  }
  return { kind: 'new', reason: 'no valid reply token, no known In-Reply-To/References id and no subject tag: new ticket' };
}

function invalidTokenNotes(tokens: TokenMatch[]): string[] {
  return tokens.filter((t) => !t.valid).map((t) => `reply address ${t.address} names ${t.ticketNumber} but its token is invalid and was ignored`);
}

function withNotes(decision: ThreadDecision, notes: string[]): ThreadDecision {
  if (notes.length === 0) return decision;
  return { ...decision, reason: `${decision.reason}; ${notes.join('; ')}` };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
