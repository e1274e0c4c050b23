import type { Db } from 'mongodb';
import { imapFor } from '../support/mail';
import type { Stack } from '../support/stack';
import type { FaultMail } from './corpus';

interface RawRow {
  _id: unknown;
  messageId?: string;
  status: string;
  outcome?: { kind: string; reason?: string; ticketNumbers?: string[] };
}

export interface Accounting {
  mails: number;
  stored: number;
  missing: string[];
  storedTwice: string[];
  notFinal: string[];
  asTickets: number;
  asReplies: number;
  quarantined: Record<string, number>;
  /** Requests whose tickets in the database differ from the tickets their outcome names. */
  ticketMismatch: string[];
  /** Tickets opened by a reply instead of threading into the earlier ticket. */
  ticketsFromReplies: number;
  tickets: number;
  /** Ticket numbers used by more than one ticket. */
  numberClashes: number;
}

/** Every mail of the run, looked up in the database: where it ended, and whether its tickets are what its outcome says. */
export async function accountInDatabase(db: Db, mails: FaultMail[]): Promise<Accounting> {
  const raws = await db.collection<RawRow>('rawmails').find({}, { projection: { messageId: 1, status: 1, outcome: 1 } }).toArray();
  const byMid = new Map<string, RawRow[]>();
  for (const r of raws) if (r.messageId) byMid.set(r.messageId, [...(byMid.get(r.messageId) ?? []), r]);
  const tickets = await db.collection<{ rawMailId: string; number: string }>('tickets').find({}, { projection: { rawMailId: 1, number: 1 } }).toArray();
  const byRaw = new Map<string, string[]>();
  for (const t of tickets) byRaw.set(t.rawMailId, [...(byRaw.get(t.rawMailId) ?? []), t.number]);
  const a: Accounting = { mails: mails.length, stored: 0, missing: [], storedTwice: [], notFinal: [], asTickets: 0, asReplies: 0, quarantined: {}, ticketMismatch: [], ticketsFromReplies: 0, tickets: tickets.length, numberClashes: tickets.length - new Set(tickets.map((t) => t.number)).size };
  for (const m of mails) {
    const rows = byMid.get(m.messageId) ?? [];
    if (rows.length === 0) {
      a.missing.push(m.messageId);
      continue;
    }
    a.stored++;
    if (rows.length > 1) a.storedTwice.push(m.messageId);
    const r = rows[0];
    if (r.status === 'stored' || !r.outcome) {
      a.notFinal.push(m.messageId);
      continue;
    }
    const own = (byRaw.get(String(r._id)) ?? []).sort();
    if (m.kind === 'reply') a.ticketsFromReplies += own.length;
    if (r.outcome.kind === 'ticket') {
      a.asTickets++;
      if (own.join() !== [...(r.outcome.ticketNumbers ?? [])].sort().join()) a.ticketMismatch.push(m.messageId);
    } else if (r.outcome.kind === 'reply') a.asReplies++;
    else {
      const reason = r.outcome.reason ?? r.outcome.kind;
      a.quarantined[reason] = (a.quarantined[reason] ?? 0) + 1;
    }
  }
  return a;
}

export interface AckCount {
  customers: number;
  withOne: number;
  missing: string[];
  /** Customers with more than one acknowledgement, how many each got, and when the first copy was delivered. */
  duplicates: Array<{ customer: string; acks: number; first: Date; cause?: string }>;
}

/**
 * Names the fault each duplicate followed: the first copy delivered from 3 s
 * before to 15 s after an SMTP cut or a worker kill (delivery trails the
 * SMTP server's acceptance a little). The suite prints the cause; one with
 * no fault near it would be a fault of the gateway.
 */
export function attributeDuplicates(dups: AckCount['duplicates'], faults: { smtpCutAt?: number; workerKillsAt: number[] }): void {
  const near = (first: Date, at: number) => first.getTime() >= at - 3000 && first.getTime() <= at + 15_000;
  for (const d of dups) {
    if (faults.smtpCutAt !== undefined && near(d.first, faults.smtpCutAt)) d.cause = 'SMTP cut';
    else if (faults.workerKillsAt.some((at) => near(d.first, at))) d.cause = 'worker kill';
    else d.cause = 'no fault near';
  }
}

/**
 * Reads each requesting customer's INBOX: acknowledgements are the messages
 * carrying X-Ticketgate-Tickets with an `auto-replied` Auto-Submitted (the
 * acknowledgement's headers), counted per customer.
 */
export async function countAcks(stack: Stack, requests: FaultMail[], parallel = 8): Promise<AckCount> {
  const out: AckCount = { customers: requests.length, withOne: 0, missing: [], duplicates: [] };
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const m = requests[next++];
      const dates = await acksIn(stack, m.customer);
      const n = dates.length;
      if (n === 0) out.missing.push(m.customer);
      else if (n === 1) out.withOne++;
      else out.duplicates.push({ customer: m.customer, acks: n, first: new Date(Math.min(...dates.map((d) => d.getTime()))) });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

/** The delivery times (IMAP INTERNALDATE) of the acknowledgements in a customer's INBOX. */
async function acksIn(stack: Stack, user: string): Promise<Date[]> {
  const client = imapFor(stack, user);
  await client.connect();
  try {
    const st = await client.status('INBOX', { messages: true }).catch(() => false as const);
    if (!st || !st.messages) return [];
    const lock = await client.getMailboxLock('INBOX');
    try {
      const dates: Date[] = [];
      for await (const msg of client.fetch('1:*', { headers: ['x-ticketgate-tickets', 'auto-submitted'], internalDate: true })) {
        const h = msg.headers?.toString('utf8').toLowerCase() ?? '';
        if (h.includes('x-ticketgate-tickets:') && h.includes('auto-replied')) dates.push(new Date(msg.internalDate ?? 0));
      }
      return dates;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}

/** The summary table the suite prints. */
export function summaryTable(rows: Array<[string, string | number]>): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n');
}
