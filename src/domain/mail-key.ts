import { createHash } from 'node:crypto';

/**
 * The idempotency key of a received mail.
 *
 * The same mail can reach the mailbox twice: a second delivery after a
 * server restart, a resend by the client, a UIDVALIDITY resync. Each delivery
 * prepends its own trace headers (RFC 5321 section 4.4) and a resend gets a new
 * Date, so whole-message bytes differ. The key therefore combines the
 * Message-ID with a hash of what the author wrote: the addressing and subject
 * headers and the body. Two deliveries of one mail share a key; two different
 * mails that happen to reuse a Message-ID (broken clients do) do not.
 */
const CONTENT_HEADERS = new Set(['from', 'sender', 'to', 'cc', 'subject', 'in-reply-to', 'references', 'content-type', 'content-transfer-encoding']);

export interface MailKey {
  key: string;
  messageId?: string;
  contentHash: string;
}

export function computeMailKey(raw: Buffer): MailKey {
  const { headerEnd, lines } = splitHeader(raw);
  const hash = createHash('sha256');
  let messageId: string | undefined;
  for (const field of unfoldFields(lines)) {
    const name = field.slice(0, field.indexOf(':')).trim().toLowerCase();
    if (name === 'message-id' && messageId === undefined) messageId = extractMessageId(field.slice(field.indexOf(':') + 1));
    if (CONTENT_HEADERS.has(name)) hash.update(field.replace(/\s+/g, ' ').trim()).update('\n');
  }
  hash.update(raw.subarray(headerEnd));
  const contentHash = hash.digest('hex');
  const key = createHash('sha256').update(`${messageId ?? ''}\n${contentHash}`).digest('hex');
  return { key, messageId, contentHash };
}

/** `<abc@host>` → `abc@host`; tolerates missing brackets and comments. */
export function extractMessageId(value: string): string | undefined {
  const uncommented = value.replace(/\([^()]*\)/g, ' ');
  const m = /<([^<>\s]+)>/.exec(uncommented);
  const id = (m ? m[1] : uncommented.trim().split(/\s+/)[0] ?? '').trim();
  // A msg-id holds no comment or angle bracket (RFC 5322 section 3.6.4): `<>`, `(first` are not ids.
  return id.length > 0 && id.length <= 995 && !/[()<>]/.test(id) ? id : undefined;
}

function splitHeader(raw: Buffer): { headerEnd: number; lines: string[] } {
  // The header ends at the first empty line (RFC 5322 section 2.1); accept bare LF too.
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  let end = -1;
  let sepLen = 0;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) [end, sepLen] = [crlf, 4];
  else if (lf >= 0) [end, sepLen] = [lf, 2];
  if (end < 0) return { headerEnd: raw.length, lines: raw.toString('latin1').split(/\r?\n/) };
  return { headerEnd: end + sepLen, lines: raw.subarray(0, end).toString('latin1').split(/\r?\n/) };
}

function* unfoldFields(lines: string[]): Generator<string> {
  let current: string | undefined;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && current !== undefined) {
      current += ' ' + line.trim();
      continue;
    }
    if (current !== undefined && current.includes(':')) yield current;
    current = line;
  }
  if (current !== undefined && current.includes(':')) yield current;
}
