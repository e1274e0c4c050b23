import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';

/** The test process's RSS when the first hostile file was loaded, before any gateway ran (the memory case compares against it). */
export const RSS_AT_LOAD = process.memoryUsage().rss;

/** The highest RSS seen since load, sampled every 100 ms: the memory case asserts the peak, not only where it ended. */
export const rssPeak = { bytes: RSS_AT_LOAD };
setInterval(() => {
  rssPeak.bytes = Math.max(rssPeak.bytes, process.memoryUsage().rss);
}, 100).unref();
import { computeMailKey } from '../../src/domain/mail-key';
import type { TestGateway } from '../support/gateway';
import { countIn, imapFor, until } from '../support/mail';

/**
 * Appends raw bytes straight into the support INBOX over IMAP. Postfix would
 * refuse or rewrite some hostile mails (no headers, bare LF, huge sizes); the
 * poller must cope with whatever a mailbox can hold, so we bypass SMTP.
 * Returns how many appends the IMAP server accepted (some may be refused,
 * e.g. an empty message): only those can be expected in the database.
 */
export async function appendRaw(gw: TestGateway, raws: Buffer[], folder = 'INBOX'): Promise<{ accepted: Buffer[]; refused: Array<{ raw: Buffer; error: string }> }> {
  const client = imapFor(gw.stack, gw.support);
  await client.connect();
  const accepted: Buffer[] = [];
  const refused: Array<{ raw: Buffer; error: string }> = [];
  try {
    for (const raw of raws) {
      try {
        await client.append(folder, raw);
        accepted.push(raw);
      } catch (err) {
        refused.push({ raw, error: (err as Error).message });
      }
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
  return { accepted, refused };
}

export interface RawOutcome {
  _id: unknown;
  key: string;
  status: string;
  size: number;
  outcome?: { kind: string; reason?: string; ticketNumbers?: string[] };
}

/** Raw sources of every message in one of the support folders. */
export async function folderSources(gw: TestGateway, folder: string): Promise<Buffer[]> {
  const client = imapFor(gw.stack, gw.support);
  await client.connect();
  try {
    const st = await client.status(folder, { messages: true }).catch(() => false as const);
    if (!st || !st.messages) return [];
    const lock = await client.getMailboxLock(folder);
    try {
      return (await client.fetchAll('1:*', { source: true })).map((m) => m.source ?? Buffer.alloc(0));
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}

export const folderCount = (gw: TestGateway, folder: string): Promise<number> => countIn(gw.stack, gw.support, folder);

/**
 * Waits until the poller has taken everything out of the INBOX and the
 * Processed and Quarantine folders together hold `expected` more messages than
 * `before`. The poller moves a message only after storing it, so this proves
 * every appended mail was stored; the moved copies' bytes are what it stored,
 * so their keys identify the rawmails records (Dovecot may rewrite line ends,
 * which is why keys are not computed from the appended bytes).
 */
export async function drain(gw: TestGateway, expected: number, before = 0, timeoutMs = 120_000): Promise<Buffer[]> {
  await until(
    `INBOX drained and ${expected} mail(s) moved out`,
    async () => (await folderCount(gw, 'INBOX')) === 0 && (await folderCount(gw, 'Processed')) + (await folderCount(gw, 'Quarantine')) >= before + expected,
    timeoutMs,
  );
  return [...(await folderSources(gw, 'Processed')), ...(await folderSources(gw, 'Quarantine'))];
}

export async function movedCount(gw: TestGateway): Promise<number> {
  return (await folderCount(gw, 'Processed')) + (await folderCount(gw, 'Quarantine'));
}

/** The key the poller will compute for a stored mail (content-keyed, so duplicates collapse). */
export function keyOf(raw: Buffer): string {
  return computeMailKey(raw).key;
}

/**
 * Waits until every given key has a rawmails record with a final status
 * ('done' or 'quarantined'), then returns those records. Nothing that arrived
 * may be lost: a key that never shows up, or stays 'stored', fails the wait.
 */
export async function waitForOutcomes(gw: TestGateway, keys: string[], timeoutMs = 120_000): Promise<RawOutcome[]> {
  const want = [...new Set(keys)];
  const col = gw.app.mongo.collection('rawmails');
  let last: RawOutcome[] = [];
  try {
    return await until(
      `${want.length} raw mails with a final status`,
      async () => {
        last = (await col.find({ key: { $in: want } }, { projection: { raw: 0, rawHeaders: 0 } }).toArray()) as unknown as RawOutcome[];
        return last.length === want.length && last.every((r) => r.status === 'done' || r.status === 'quarantined') ? last : undefined;
      },
      timeoutMs,
    );
  } catch (err) {
    const pending = last.filter((r) => r.status !== 'done' && r.status !== 'quarantined').length;
    throw new Error(`${(err as Error).message}: found ${last.length}/${want.length}, ${pending} without a final status`);
  }
}

/** Waits for oversize records too (their key is not the content hash): by count of records in this gateway's database. */
export async function waitForCount(gw: TestGateway, filter: Record<string, unknown>, count: number, timeoutMs = 120_000): Promise<RawOutcome[]> {
  const col = gw.app.mongo.collection('rawmails');
  return until(
    `${count} raw mails matching ${JSON.stringify(filter)} with a final status`,
    async () => {
      const rows = (await col.find(filter, { projection: { raw: 0, rawHeaders: 0 } }).toArray()) as unknown as RawOutcome[];
      return rows.length >= count && rows.every((r) => r.status === 'done' || r.status === 'quarantined') ? rows : undefined;
    },
    timeoutMs,
  );
}

/** Every record is done, or quarantined with a non-empty reason both on the record and in the quarantine collection. */
export async function assertFinal(gw: TestGateway, rows: RawOutcome[]): Promise<void> {
  const q = gw.app.mongo.collection('quarantine');
  for (const r of rows) {
    assert.ok(r.status === 'done' || r.status === 'quarantined', `raw mail ${String(r._id)} ended ${r.status}`);
    if (r.status === 'quarantined') {
      assert.ok(r.outcome?.kind === 'quarantine' && (r.outcome.reason ?? '').length > 0, `raw mail ${String(r._id)} quarantined without a reason`);
      const entry = await q.findOne({ rawMailId: String(r._id) });
      assert.ok(entry && String(entry.reason ?? '').length > 0, `raw mail ${String(r._id)} has no quarantine entry with a reason`);
    }
  }
}

/** A small, valid, human-looking mail from `from` to the gateway. */
export function plainMail(from: string, to: string, subject: string, body: string, extraHeaders = ''): Buffer {
  const id = `<${Math.random().toString(36).slice(2)}.${Date.now()}@client.example.test>`;
  return Buffer.from(
    `From: Customer <${from}>\r\nTo: ${to}\r\nSubject: ${subject}\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: ${id}\r\nMIME-Version: 1.0\r\n${extraHeaders}Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );
}

export { prng } from '../support/prng';

export const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A mail of about `bytes` with a base64 attachment of random data (random so
 * it cannot compress or dedupe). Built straight into one Buffer, line by line
 * (RFC 2045 section 6.8: 76 characters a line), so the test's own copies do
 * not crowd the gateway's memory in the same process.
 */
export function bigMail(from: string, to: string, bytes: number): Buffer {
  const head = Buffer.from(
    `From: Customer <${from}>\r\nTo: ${to}\r\nSubject: Logs attached ${Math.round(bytes)}\r\nMessage-ID: <big-${randomBytes(6).toString('hex')}@example.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="big"\r\n\r\n--big\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe server crashes, logs attached.\r\n--big\r\nContent-Type: application/octet-stream; name="logs.bin"\r\nContent-Disposition: attachment; filename="logs.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n`,
  );
  const tail = Buffer.from('\r\n--big--\r\n');
  const lines = Math.max(1, Math.floor((bytes * 3) / 4 / 57));
  const out = Buffer.allocUnsafe(head.length + lines * 78 + tail.length);
  let at = head.copy(out, 0);
  for (let i = 0; i < lines; i++) {
    at += out.write(randomBytes(57).toString('base64'), at, 'latin1');
    at += out.write('\r\n', at, 'latin1');
  }
  at += tail.copy(out, at);
  return out.subarray(0, at);
}
