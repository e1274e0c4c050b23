/**
 * Reads back, from the gateway's own records, when each bench mail passed
 * each stage: stored (rawmails.receivedAt), ticket opened (tickets.createdAt),
 * acknowledgement sent (outbox.sentAt). Records of the warm-up mail are skipped.
 */
import type { Db } from 'mongodb';
import type { BenchMail } from './corpus';
import { withTimeout } from './timeout';

export interface Stages {
  /** Epoch ms per corpus index. */
  storedAt: Map<number, number>;
  ticketAt: Map<number, number>;
  sentAt: Map<number, number>;
  langMismatch: number;
  outboundByKind: Record<string, number>;
  /** Last sentAt of any outbound mail of the run; 0 if some are not sent yet. */
  allOutboundSent: number;
}

export async function readStages(db: Db, corpus: BenchMail[], since: number, notes: string[]): Promise<Stages> {
  const byMsgId = new Map(corpus.map((m) => [m.messageId, m]));
  const read = <T>(p: Promise<T[]>, what: string) =>
    withTimeout(p, 30_000, what).catch((err: Error) => {
      notes.push(err.message);
      return [] as T[];
    });
  const unmatched: string[] = [];

  const raws = await read(db.collection('rawmails').find({}, { projection: { messageId: 1, receivedAt: 1 } }).toArray(), 'reading rawmails');
  const rawById = new Map<string, { i: number; at: number }>();
  for (const r of raws) {
    const m = byMsgId.get(r.messageId as string);
    if (m) rawById.set(String(r._id), { i: m.i, at: (r.receivedAt as Date).getTime() });
  }

  const tickets = await read(db.collection('tickets').find({}, { projection: { rawMailId: 1, createdAt: 1 } }).toArray(), 'reading tickets');
  const ticketAt = new Map<number, number>();
  for (const t of tickets) {
    if ((t.createdAt as Date).getTime() < since) continue; // the warm-up mail's ticket
    const r = rawById.get(t.rawMailId as string);
    if (r) ticketAt.set(r.i, (t.createdAt as Date).getTime());
    else unmatched.push(`ticket ${JSON.stringify(t)}`);
  }

  const outbox = await read(db.collection('outbox').find({}, { projection: { inReplyTo: 1, sentAt: 1, status: 1, language: 1, kind: 1, createdAt: 1 } }).toArray(), 'reading outbox');
  const sentAt = new Map<number, number>();
  const outboundByKind: Record<string, number> = {};
  let langMismatch = 0;
  let allOutboundSent = 0;
  let unsent = false;
  for (const a of outbox) {
    if ((a.createdAt as Date).getTime() < since) continue; // the warm-up mail's records
    const kind = `${a.kind as string} ${a.status as string}`;
    outboundByKind[kind] = (outboundByKind[kind] ?? 0) + 1;
    if (a.status === 'sent') allOutboundSent = Math.max(allOutboundSent, (a.sentAt as Date).getTime());
    else unsent = true;
    if (a.kind !== 'acknowledgement') continue;
    const m = byMsgId.get(a.inReplyTo as string);
    if (!m) unmatched.push(`outbox ${JSON.stringify(a)}`);
    if (!m || a.status !== 'sent') continue;
    sentAt.set(m.i, (a.sentAt as Date).getTime());
    if (a.language !== m.lang) langMismatch++;
  }
  if (unmatched.length > 0) notes.push(`${unmatched.length} ticket/outbox records not matched to a bench mail, e.g. ${unmatched[0]}`);
  const storedAt = new Map([...rawById.values()].map((r) => [r.i, r.at]));
  return { storedAt, ticketAt, sentAt, langMismatch, outboundByKind, allOutboundSent: unsent ? 0 : allOutboundSent };
}
