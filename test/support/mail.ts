import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import type { Stack } from './stack';

/** Sends as a customer through the real SMTP server (Postfix), as a mail client would. */
export async function sendAsCustomer(stack: Stack, mail: { from: string; to: string; subject: string; text: string; messageId?: string; headers?: Record<string, string> }) {
  const transport = nodemailer.createTransport({ host: stack.SMTP_HOST, port: Number(stack.SMTP_PORT), secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail(mail);
  } catch (err) {
    throw new Error(`SMTP send failed: ${(err as Error).message}`);
  } finally {
    transport.close();
  }
}

/** Sends raw bytes through SMTP unchanged (for fixtures with unusual charsets). */
export async function sendRaw(stack: Stack, envelope: { from: string; to: string }, raw: Buffer | string) {
  const transport = nodemailer.createTransport({ host: stack.SMTP_HOST, port: Number(stack.SMTP_PORT), secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ envelope, raw });
  } finally {
    transport.close();
  }
}

export function imapFor(stack: Stack, user: string): ImapFlow {
  return new ImapFlow({ host: stack.IMAP_HOST, port: Number(stack.IMAP_PORT), secure: false, doSTARTTLS: false, auth: { user, pass: stack.MAIL_PASSWORD }, logger: false });
}

/** Every message in a user's folder, parsed. */
export async function readMailbox(stack: Stack, user: string, folder = 'INBOX'): Promise<ParsedMail[]> {
  const client = imapFor(stack, user);
  await client.connect();
  try {
    const exists = await client.status(folder, { messages: true }).catch(() => false as const);
    if (!exists || !exists.messages) return [];
    const lock = await client.getMailboxLock(folder);
    try {
      const msgs = await client.fetchAll('1:*', { source: true });
      return Promise.all(msgs.map((m) => simpleParser(m.source!)));
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

/** Polls a folder until `count` messages are there (or throws with what was seen). */
export async function waitForMail(stack: Stack, user: string, count: number, timeoutMs = 15_000, folder = 'INBOX'): Promise<ParsedMail[]> {
  const deadline = Date.now() + timeoutMs;
  let seen: ParsedMail[] = [];
  while (Date.now() < deadline) {
    seen = await readMailbox(stack, user, folder);
    if (seen.length >= count) return seen;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${user}/${folder}: expected ${count} message(s) within ${timeoutMs} ms, found ${seen.length}: ${seen.map((m) => m.subject).join(' | ')}`);
}

export async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** How many messages a user's folder holds (0 when it does not exist). */
export async function countIn(stack: Stack, user: string, folder: string): Promise<number> {
  const client = imapFor(stack, user);
  await client.connect();
  try {
    const st = await client.status(folder, { messages: true }).catch(() => false as const);
    return st ? (st.messages ?? 0) : 0;
  } finally {
    await client.logout().catch(() => undefined);
  }
}

/** The first Reply-To address of a received mail (an agent's notification carries the ticket's signed address there). */
export function replyToOf(m: ParsedMail): string {
  return (m.headers.get('reply-to') as { value: Array<{ address: string }> }).value[0].address;
}
