/**
 * Upper bounds for the gateway's throughput, measured with the same libraries
 * but none of the gateway: no database, no queue, no parsing of what is
 * fetched. What the gateway reaches is read against these, so a gap can be
 * told apart from a limit of the mail servers or of mailparser itself.
 */
import { performance } from 'node:perf_hooks';
import type { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { imapFor } from '../test/support/mail';
import { appendAll } from './backlog';
import type { Stack } from '../test/support/stack';

export interface Ceiling {
  mails: number;
  ms: number;
  mailsPerSec: number;
}

export interface TransportOptions {
  /** IMAP user whose INBOX receives the raws (any address of the stack's mail domain). */
  mailbox: string;
  /** Recipient of the acknowledgement for fetched message i. */
  ackTo: (i: number) => string;
  from: string;
}

/** The poller's window (composition.ts, windowSize). */
const WINDOW = 100;
/** Enough sends queued to keep the pool's 5 connections busy, few enough to bound memory. */
const MAX_IN_FLIGHT = 50;

/**
 * The transport alone: every raw is put into the mailbox first (not timed);
 * then, timed, one IMAP connection fetches their sources in UID windows as
 * the poller does while a pooled SMTP transport sends one short
 * acknowledgement per fetched message. Time ends when the SMTP server has
 * accepted every acknowledgement.
 */
export async function transportCeiling(stack: Stack, raws: Buffer[], opts: TransportOptions): Promise<Ceiling> {
  const uids = await appendAll(stack, opts.mailbox, raws);
  const client = imapFor(stack, opts.mailbox);
  // The gateway's pool (mail/transport.ts) also sets maxMessages 1000: without it each connection is rebuilt every 100 mails.
  const transport = nodemailer.createTransport({ host: stack.SMTP_HOST, port: Number(stack.SMTP_PORT), secure: false, ignoreTLS: true, pool: true, maxConnections: 5, maxMessages: 1000 });
  try {
    const t0 = performance.now();
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    let mails: number;
    try {
      mails = await fetchAndAcknowledge(client, transport, uids, opts);
    } finally {
      lock.release();
    }
    const ms = performance.now() - t0;
    if (mails !== raws.length) throw new Error(`fetched ${mails} of the ${raws.length} appended messages`);
    return { mails, ms, mailsPerSec: (mails * 1000) / ms };
  } finally {
    await client.logout().catch(() => client.close());
    transport.close();
  }
}

/** Fetches the range window by window; sends flow while later windows are fetched. Returns how many messages were fetched. */
async function fetchAndAcknowledge(client: ImapFlow, transport: Transporter, uids: { first: number; last: number }, opts: TransportOptions): Promise<number> {
  const inFlight = new Set<Promise<void>>();
  const failures: string[] = [];
  let fetched = 0;
  for (let a = uids.first; a <= uids.last; a += WINDOW) {
    const b = Math.min(a + WINDOW - 1, uids.last);
    for await (const msg of client.fetch(`${a}:${b}`, { uid: true, source: true }, { uid: true })) {
      if (!msg.source) continue;
      const i = fetched++;
      if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      // Failures are collected, not thrown here: a rejection left in the set would go unhandled.
      const sent: Promise<void> = transport.sendMail(acknowledgement(i, opts)).then(
        () => undefined,
        (err: Error) => void failures.push(`ack ${i}: ${err.message}`),
      );
      const tracked = sent.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
  }
  await Promise.all(inFlight);
  if (failures.length > 0) throw new Error(`${failures.length} acknowledgement(s) not accepted, e.g. ${failures[0]}`);
  return fetched;
}

const ACK_TEXT = [
  'Hello,',
  '',
  'Thank you for contacting us. We have received your request and opened a ticket:',
  '',
  '* TG-000001',
  '  Priority: P3 (normal)',
  '  Category: Delivery',
  '  Expected first response: 24 November 2026, 15:00',
  '',
  'Our team works Monday to Friday, 09:00-18:00 (Europe/Bucharest). Urgent requests outside these hours go to the engineer on call.',
  '',
  'To add anything, simply reply to this email. Please keep [TG-000001] in the subject line so that your reply reaches the right ticket.',
  '',
  'Kind regards,',
  'Example Support',
  '',
  '--',
  'This is an automatic message from the support desk. Replies to it reach the team.',
].join('\n');

/** About the size of a real plain-text acknowledgement; the subject carries a ticket tag as the gateway's do. */
function acknowledgement(i: number, opts: TransportOptions) {
  const tag = `TG-${String(i + 1).padStart(6, '0')}`;
  return { from: opts.from, to: opts.ackTo(i), subject: `[${tag}] Re: your request`, text: ACK_TEXT.replace(/TG-000001/g, tag) };
}

/**
 * mailparser alone, one mail after the other in this process: the most the
 * gateway's parse step can do on one core. The options are the gateway's
 * (mail/parse.ts), so mailparser does no work that the gateway skips.
 */
export async function parseCeiling(raws: Buffer[]): Promise<Ceiling> {
  const options = { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 2 * 1024 * 1024 };
  // Warm-up: JIT and iconv-lite's lazily loaded code tables are paid before the clock starts.
  for (const raw of raws.slice(0, 20)) await simpleParser(raw, options);
  const t0 = performance.now();
  for (const raw of raws) await simpleParser(raw, options);
  const ms = performance.now() - t0;
  return { mails: raws.length, ms, mailsPerSec: (raws.length * 1000) / ms };
}
