import type { DeskSettings } from './desk-settings';
import type { Clock, ContactRepo, HistoryRepo, JobQueues, Logger, MessageRepo, OutboundDraft, OutboxRepo, RateCounter } from './ports';

export interface OutgoingDeps {
  outbox: OutboxRepo;
  messages: MessageRepo;
  history: HistoryRepo;
  contacts: ContactRepo;
  queues: JobQueues;
  desk: DeskSettings;
  clock: Clock;
  log: Logger;
  rate: RateCounter;
  /** Called when an address reaches the automatic-mail cap (the managers are alerted once). */
  onCapReached?: (address: string, count: number) => Promise<void>;
}

export type QueueResult = { queued: true; outboxId: string } | { queued: false; reason: 'undeliverable' | 'auto-mail-cap' };

/**
 * The one gate every outbound mail passes. It writes the outbox record (keyed,
 * so a retry finds it), records the mail as a message on its tickets, and
 * queues the send; the send itself is the timeline's action (mail-sent).
 * Two brakes apply first: an address that bounced gets nothing until it writes
 * again, and automatic mail to one address is capped per hour, which stops a
 * loop with an autoresponder that slipped past the header rules (RFC 3834
 * section 2 asks responders to limit their rate too).
 */
export function createOutgoing(deps: OutgoingDeps) {
  return async (draft: OutboundDraft, actor = 'system'): Promise<QueueResult> => {
    // No read before: the brakes count a retried draft once (by its key), and putOnce finds a record a retry already wrote.
    const blocked = await brake(deps, draft);
    if (blocked) {
      await recordOnTickets(deps, draft, `mail-suppressed:${draft.key}`, actor, 'mail-suppressed', { kind: draft.kind, reason: blocked, to: draft.to.map((t) => t.address) });
      deps.log.warn({ kind: draft.kind, to: draft.to.map((t) => t.address), reason: blocked }, 'outbound mail suppressed');
      return { queued: false, reason: blocked };
    }
    const record = await deps.outbox.putOnce(draft);
    const at = deps.clock.now();
    for (const ticketId of draft.ticketIds) {
      await deps.messages.addOnce({ key: `out:${record.id}:${ticketId}`, ticketId, outboxId: record.id, kind: draft.kind, direction: 'out', from: draft.from, to: draft.to, cc: draft.cc ?? [], subject: draft.subject, text: draft.text, messageId: draft.messageId, at });
    }
    // The message record above is the ticket's record of this mail; the timeline gets its action when it is sent (mail-sent).
    await deps.queues.send([record.id]);
    return { queued: true, outboxId: record.id };
  };
}

export type Outgoing = ReturnType<typeof createOutgoing>;

async function brake(deps: OutgoingDeps, draft: OutboundDraft): Promise<'undeliverable' | 'auto-mail-cap' | undefined> {
  const to = draft.to[0]?.address;
  if (!to) return 'undeliverable';
  if (await deps.contacts.isUndeliverable(to)) return 'undeliverable';
  if (!draft.automatic) return undefined;
  // An atomic count per address and clock hour: concurrent intake jobs cannot all slip under the cap.
  const hour = Math.floor(deps.clock.now().getTime() / 3_600_000);
  // "auto-mails:" (a set of outbox keys), not the "auto-mail:" counters of earlier versions: a key of the other type would fail.
  const count = await deps.rate.hit(`auto-mails:${to}:${hour}`, draft.key, 3600);
  if (count <= deps.desk.maxAutoMailsPerHour) return undefined;
  if (deps.onCapReached) await deps.onCapReached(to, count - 1);
  return 'auto-mail-cap';
}

async function recordOnTickets(deps: OutgoingDeps, draft: OutboundDraft, keySuffix: string, actor: string, action: string, detail: Record<string, unknown>) {
  const at = deps.clock.now();
  for (const ticketId of draft.ticketIds) await deps.history.recordOnce({ key: `${ticketId}:${keySuffix}`, ticketId, at, actor, action, detail });
}
