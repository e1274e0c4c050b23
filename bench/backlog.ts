/**
 * The backlog run and the big-mail run against `ticketgate run` (the
 * supervisor with its ingest and worker processes), as production runs it.
 */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Db } from 'mongodb';
import { imapFor } from '../test/support/mail';
import type { Stack } from '../test/support/stack';
import type { CliGateway } from '../test/faults/chaos';
import { memory } from './procstat';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Appends waiting at once: keeps the IMAP pipeline full without thousands of pending commands. */
const APPEND_BATCH = 50;

/**
 * APPENDs raw mails into a mailbox over one IMAP connection (untimed set-up);
 * returns the UID range they got (the mailbox is the bench's own, so nothing
 * else lands in between).
 */
export async function appendAll(stack: Stack, user: string, raws: Buffer[]): Promise<{ first: number; last: number }> {
  const client = imapFor(stack, user);
  client.on('error', () => undefined);
  await client.connect();
  try {
    const uidNext = async () => {
      const st = await client.status('INBOX', { uidNext: true });
      if (!st || st.uidNext === undefined) throw new Error(`${user}: no UIDNEXT for INBOX`);
      return st.uidNext;
    };
    const first = await uidNext();
    for (let i = 0; i < raws.length; i += APPEND_BATCH) await Promise.all(raws.slice(i, i + APPEND_BATCH).map((raw) => client.append('INBOX', raw)));
    const last = (await uidNext()) - 1;
    if (last - first + 1 !== raws.length) throw new Error(`${user}: expected ${raws.length} new UIDs, got ${first}:${last}`);
    return { first, last };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Peak RSS per role, sampled from /proc while `gw` runs (a restarted process keeps its role's peak). */
export function rssSampler(gw: CliGateway, everyMs = 250) {
  const peak: Record<string, number> = {};
  const sample = () => {
    const now: Record<string, number> = {};
    for (const role of ['ingest', 'worker'] as const) {
      const pid = gw.pid(role);
      if (!pid) continue;
      now[role] = memory(pid).rss;
      peak[role] = Math.max(peak[role] ?? 0, now[role]);
    }
    return now;
  };
  const timer = setInterval(sample, everyMs);
  return { sample, peak, stop: () => clearInterval(timer) };
}

export interface BacklogResult {
  mails: number;
  /** From the first mail stored (the first fetch) to the last acknowledgement accepted by SMTP. */
  ms: number;
  mailsPerSec: number;
  tickets: number;
  quarantined: number;
  acks: number;
}

/**
 * Waits until every backlog mail has an outcome and every acknowledgement
 * is sent, then reads the window from the gateway's own records: the first
 * `receivedAt` of a stored mail to the last `sentAt` of an acknowledgement.
 * It watches the gateway's queues in Redis, not the database: on FerretDB v1
 * every count reads a whole collection, and polling counts took a third of
 * FerretDB's CPU in the first backlog runs. The database is read once the
 * queues are empty (and again if a mail was still missing).
 */
export async function drainBacklog(db: Db, queues: { redisUrl: string; prefix: string }, mails: number, timeoutMs: number, progress: (line: string) => void): Promise<BacklogResult> {
  const [intake, send] = openQueues(queues);
  const started = Date.now();
  try {
    for (let last = 0; ; await sleep(2_000)) {
      if (Date.now() - started > timeoutMs) throw new Error(`backlog: not drained after ${timeoutMs / 1000} s`);
      const done = (await intake.getJobCounts('completed')).completed;
      if (Date.now() - last > 15_000) {
        progress(`  backlog: ${done}/${mails} intake jobs done after ${((Date.now() - started) / 1000).toFixed(0)} s`);
        last = Date.now();
      }
      if (done < mails || (await pending(intake)) + (await pending(send)) > 0) continue;
      const final = await db.collection('rawmails').countDocuments({ status: { $ne: 'stored' } });
      const unsent = await db.collection('outbox').countDocuments({ status: { $in: ['queued', 'sending'] } });
      if (final >= mails && unsent === 0) break;
    }
  } finally {
    await intake.close();
    await send.close();
  }
  return readWindow(db, mails);
}

/** The gateway's intake and send queues, read through BullMQ. */
function openQueues(queues: { redisUrl: string; prefix: string }): [Queue, Queue] {
  const connection = { url: queues.redisUrl, maxRetriesPerRequest: null };
  return [new Queue('intake', { connection, prefix: queues.prefix }), new Queue('send', { connection, prefix: queues.prefix })];
}

/** Jobs of a queue not yet finished. */
const pending = async (q: Queue) => Object.values(await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')).reduce((a, b) => a + b, 0);

/** Waits until the gateway's intake and send queues are empty (after the latency run, before the big mail). */
export async function waitIdle(queues: { redisUrl: string; prefix: string }, timeoutMs: number): Promise<number> {
  const all = openQueues(queues);
  const started = Date.now();
  try {
    for (;;) {
      if ((await Promise.all(all.map(pending))).every((n) => n === 0)) return Date.now() - started;
      if (Date.now() - started > timeoutMs) throw new Error(`the gateway's queues were not empty after ${timeoutMs / 1000} s`);
      await sleep(1_000);
    }
  } finally {
    await Promise.all(all.map((q) => q.close()));
  }
}

async function readWindow(db: Db, mails: number): Promise<BacklogResult> {
  const first = await db.collection('rawmails').find({}, { projection: { receivedAt: 1 } }).sort({ receivedAt: 1 }).limit(1).next();
  const acks = await db.collection('outbox').find({ kind: 'acknowledgement', status: 'sent' }, { projection: { sentAt: 1 } }).toArray();
  const lastAck = Math.max(...acks.map((a) => (a.sentAt as Date).getTime()));
  const ms = lastAck - (first!.receivedAt as Date).getTime();
  return {
    mails,
    ms,
    mailsPerSec: (mails * 1000) / ms,
    tickets: await db.collection('tickets').countDocuments({}),
    quarantined: await db.collection('rawmails').countDocuments({ status: 'quarantined' }),
    acks: acks.length,
  };
}

/** A customer mail with an attachment of `bytes` random bytes (base64 in the mail). */
export function bigMail(from: string, to: string, bytes: number, messageId: string): Buffer {
  const b64 = randomBytes(bytes).toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    `From: Big Customer <${from}>\r\nTo: ${to}\r\nSubject: Logs of the crash\r\nMessage-ID: <${messageId}>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, the server crashed again tonight; the full logs are attached.\r\n--b\r\nContent-Type: application/zip; name="logs.zip"\r\nContent-Disposition: attachment; filename="logs.zip"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n--b--\r\n`,
  );
}

/**
 * RSS rise of each gateway process while one big mail goes through: RSS
 * just before the APPEND against the highest RSS sampled (every 50 ms) until
 * the mail's outcome is recorded. Returns the larger rise, MiB.
 */
export async function bigMailRise(stack: Stack, gw: CliGateway, db: Db, raw: Buffer, messageId: string, timeoutMs: number): Promise<{ riseMb: number; byRole: Record<string, number>; outcome: string; ms: number }> {
  const before: Record<string, number> = {};
  for (const role of ['ingest', 'worker'] as const) before[role] = memory(gw.pid(role) ?? 0).rss;
  const high: Record<string, number> = { ...before };
  const timer = setInterval(() => {
    for (const role of ['ingest', 'worker'] as const) high[role] = Math.max(high[role], memory(gw.pid(role) ?? 0).rss);
  }, 50);
  const t0 = Date.now();
  try {
    await appendAll(stack, gw.support, [raw]);
    for (;;) {
      const row = await db.collection('rawmails').findOne({ messageId, status: { $ne: 'stored' } }, { projection: { status: 1, outcome: 1 } });
      if (row) {
        const byRole = Object.fromEntries(Object.keys(before).map((r) => [r, high[r] - before[r]]));
        return { riseMb: Math.max(...Object.values(byRole)), byRole, outcome: `${row.status as string} ${JSON.stringify(row.outcome)}`, ms: Date.now() - t0 };
      }
      if (Date.now() - t0 > timeoutMs) throw new Error(`the big mail had no outcome after ${timeoutMs / 1000} s`);
      // Each look is a full read of the raw-mail records on FerretDB v1: not too often.
      await sleep(1_000);
    }
  } finally {
    clearInterval(timer);
  }
}
