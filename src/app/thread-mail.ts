import type { InboundMail } from '../domain/inbound-mail';
import { findReplyTokensAny } from '../domain/reply-token';
import { decideThread, type ThreadDecision } from '../domain/threading';
import { findTicketTags } from '../domain/ticket-number';
import { findAgent, type DeskSettings } from './desk-settings';
import type { MessageRepo, TicketRecord, TicketRepo } from './ports';

export interface ThreadDeps {
  messages: MessageRepo;
  tickets: TicketRepo;
  desk: DeskSettings;
}

export interface Threaded {
  decision: ThreadDecision;
  ticket?: TicketRecord;
  /** The reply token named this very ticket and was valid: the sender saw a mail about it. */
  tokenForTicket: boolean;
}

/**
 * Gathers the facts for the threading decision: signed tokens in the
 * recipient addresses, the gateway's own Message-IDs in In-Reply-To and
 * References, and subject tags of tickets the sender is on. The decision
 * itself is the pure `decideThread`.
 */
export async function threadMail(deps: ThreadDeps, mail: InboundMail): Promise<Threaded> {
  const { desk } = deps;
  const tokens = findReplyTokensAny(recipients(mail), desk.supportAddresses, [desk.tokenSecret, ...(desk.previousTokenSecrets ?? [])], desk.ticketPrefix);
  // In-Reply-To last: it names the message being answered, the most recent one (RFC 5322 section 3.6.4).
  const ids = [...mail.references.filter((r) => r !== mail.inReplyTo), ...(mail.inReplyTo ? [mail.inReplyTo] : [])];
  const found = await deps.messages.ticketsForMessageIds(ids);
  const ticketIds = [...new Set(found.map((f) => f.ticketId))];
  const byId = new Map((await Promise.all(ticketIds.map((id) => deps.tickets.findById(id)))).filter((t): t is TicketRecord => t !== null).map((t) => [t.id, t]));
  const headerMatches = ids.flatMap((id) => {
    const hit = found.find((f) => f.messageId === id);
    const ticket = hit ? byId.get(hit.ticketId) : undefined;
    return ticket ? [{ messageId: id, ticketNumber: ticket.number }] : [];
  });
  const tagged = await deps.tickets.findByNumbers(findTicketTags(mail.subject, desk.ticketPrefix));
  const sender = mail.from?.address ?? '';
  const subjectTags = tagged.map((t) => ({ ticketNumber: t.number, senderOnTicket: t.participants.includes(sender) || t.requester.address === sender || Boolean(findAgent(desk, sender)) }));
  const decision = decideThread({ tokens, headerMatches, subjectTags });
  if (decision.kind === 'new') return { decision, tokenForTicket: false };
  const ticket = [...byId.values(), ...tagged].find((t) => t.number === decision.ticketNumber) ?? (await deps.tickets.findByNumber(decision.ticketNumber)) ?? undefined;
  const tokenForTicket = decision.method === 'token' && tokens.some((t) => t.valid && t.ticketNumber === decision.ticketNumber);
  return { decision: ticket ? decision : { kind: 'new', reason: `${decision.reason}, but that ticket no longer exists` }, ticket, tokenForTicket };
}

/** Where the mail was sent: To and Cc, plus the envelope recipient the delivery agent recorded. */
export function recipients(mail: InboundMail): string[] {
  const envelope = [...(mail.headers['delivered-to'] ?? []), ...(mail.headers['x-original-to'] ?? [])];
  return [...mail.to.map((m) => m.address), ...mail.cc.map((m) => m.address), ...envelope.map((v) => v.trim().toLowerCase())];
}
