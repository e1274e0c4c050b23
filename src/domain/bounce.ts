import { classifyAutomation } from './auto-reply';
import type { InboundMail } from './inbound-mail';
import { extractMessageId } from './mail-key';

/**
 * What a bounce says: which message bounced and which recipients failed.
 *
 * The gateway uses it to attach the bounce to the ticket of the original
 * message and to mark failed recipients undeliverable. Two sources, the more
 * certain first:
 *
 *   1. delivery status notifications (RFC 3464): per-recipient fields in the
 *      message/delivery-status part (`mail.report.deliveryStatus`), or in the
 *      text when the parser folded that part into it;
 *   2. text bounces (Exim, qmail, Postfix, Sendmail, Exchange; en/ru/ro): lines that
 *      start with an address, followed by an SMTP reply (RFC 5321 section
 *      4.2) or inside a "these addresses failed" section.
 *
 * Decisions:
 * - `failed` lists the recipients with Action `failed` or `delayed`; the
 *   `delivered`, `relayed` and `expanded` ones (RFC 3464 section 2.3.3) did
 *   not bounce and are left out. A report where every recipient succeeded is
 *   not a bounce: undefined.
 * - `permanent`: some recipient has Action `failed` and a 5.x.x status
 *   (RFC 3463 section 3.1). The same test tells, per recipient, whether the
 *   address is to be marked undeliverable.
 * - Without an enhanced status code, the status is derived: `X.0.0` from the
 *   class of a basic SMTP reply code (`550` → `5.0.0`), and `5.0.0` for an
 *   uncoded recipient of a text bounce that calls itself permanent ("This is
 *   a permanent error"); X.0.0 is "other or undefined" (RFC 3463 section 3.1).
 * - Addresses are lower-cased, like every address in InboundMail.
 */

export interface FailedRecipient {
  address: string;
  /** Enhanced status code, e.g. `5.1.1` (RFC 3463). */
  status?: string;
  /** `failed` or `delayed` (RFC 3464 section 2.3.3). */
  action?: string;
  /** The remote server's reply or the MTA's explanation, whitespace collapsed. */
  diagnostic?: string;
}

export interface BounceInfo {
  /** Message-ID of the message that bounced, without angle brackets. */
  originalMessageId?: string;
  failed: FailedRecipient[];
  permanent: boolean;
}

/** undefined when the mail is not a bounce. */
export function analyseBounce(mail: InboundMail): BounceInfo | undefined {
  const reported = parseDeliveryStatus(mail.report?.deliveryStatus ?? '');
  if (reported.length === 0 && !isBounceKind(mail)) return undefined;
  // mailparser folds the delivery-status part into the text when it is not kept apart.
  const dsn = reported.length > 0 ? reported : parseDeliveryStatus(mail.text);
  const failed = (dsn.length > 0 ? dsn : textRecipients(mail)).filter((r) => r.action === 'failed' || r.action === 'delayed');
  if (dsn.length > 0 && failed.length === 0) return undefined;
  const id = originalMessageId(mail);
  return {
    ...(id !== undefined ? { originalMessageId: id } : {}),
    failed,
    permanent: failed.some((r) => r.action === 'failed' && r.status?.startsWith('5.') === true),
  };
}

function isBounceKind(mail: InboundMail): boolean {
  const verdict = classifyAutomation(mail);
  return verdict.auto && verdict.kind === 'bounce';
}

// ---------------------------------------------------------------- codes

/** Enhanced status code (RFC 3463 section 2): class "." subject "." detail. */
const STATUS = /(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?!\d|\.\d)/;
/** Basic SMTP reply code of a failure (RFC 5321 section 4.2.1), e.g. `550` in `550-5.1.1`. */
const REPLY = /(?<![\w.])([45]\d\d)(?![\w.])/;

/** The enhanced status code in a text, else `X.0.0` from the class of a basic reply code. */
function statusIn(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const reply = REPLY.exec(text)?.[1];
  return STATUS.exec(text)?.[1] ?? (reply ? `${reply[0]}.0.0` : undefined);
}

function recipient(address: string, status: string | undefined, action: string | undefined, diagnostic: string | undefined): FailedRecipient {
  return { address, ...(status ? { status } : {}), ...(action ? { action } : {}), ...(diagnostic ? { diagnostic } : {}) };
}

function collapse(text: string): string | undefined {
  const out = text.replace(/\s+/g, ' ').trim();
  return out === '' ? undefined : out.slice(0, 1000);
}

// ---------------------------------------------------------------- RFC 3464

/** Per-recipient field groups of a delivery-status body (RFC 3464 section 2.1, 2.3). */
function parseDeliveryStatus(body: string): FailedRecipient[] {
  const out: FailedRecipient[] = [];
  // Groups are separated by blank lines (RFC 3464 section 2.1).
  for (const group of body.split(/\r?\n[ \t]*\r?\n/)) {
    const fields = parseFields(group);
    const address = recipientAddress(fields.get('final-recipient') ?? fields.get('original-recipient'));
    if (address === undefined) continue;
    // diagnostic-type ";" *text (RFC 3464 section 2.3.6)
    const diagnostic = collapse((fields.get('diagnostic-code') ?? '').replace(/^[^;]*;/, ''));
    const status = statusIn(fields.get('status')) ?? statusIn(diagnostic);
    const action = fields.get('action')?.toLowerCase().match(/^[a-z]+/)?.[0] ?? actionOf(status);
    out.push(recipient(address, status, action, diagnostic));
  }
  return out;
}

/**
 * A missing Action (required by RFC 3464 section 2.3.3), guessed from the status
 * class; without a status, failed: the notice an MTA sends when the sender asked
 * for nothing (RFC 3461 section 4.1).
 */
function actionOf(status: string | undefined): string {
  return ({ '2': 'delivered', '4': 'delayed' } as Record<string, string>)[status?.[0] ?? ''] ?? 'failed';
}

/** Header-style fields, lower-case names, continuation lines unfolded (RFC 3464 section 2.1, RFC 5322 section 2.2.3). */
function parseFields(group: string): Map<string, string> {
  const fields = new Map<string, string>();
  let last: string | undefined;
  for (const line of group.split(/\r?\n/)) {
    const field = /^([A-Za-z][A-Za-z0-9-]*)[ \t]*:(.*)$/.exec(line);
    if (field?.[1] !== undefined && !fields.has(field[1].toLowerCase())) {
      last = field[1].toLowerCase();
      fields.set(last, (field[2] ?? '').trim());
    } else if (last !== undefined && /^[ \t]/.test(line)) {
      fields.set(last, `${fields.get(last) ?? ''} ${line.trim()}`);
    } else {
      last = undefined;
    }
  }
  return fields;
}

/** `rfc822; user@host` (RFC 3464 section 2.3.2); some MTAs add angle brackets. */
function recipientAddress(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const address = value.slice(value.indexOf(';') + 1).trim().replace(/^<(.*)>$/, '$1').trim().toLowerCase();
  return /^[^\s@<>]+@[^\s@<>]+$/.test(address) ? address : undefined;
}

// ---------------------------------------------------------------- text bounces

/** Where a text bounce starts quoting the returned message. */
const QUOTE_START = new RegExp(
  '^[ \\t]*(' +
    [
      '-{2,}[ \\t]*(this is a copy of the message|below this line is a copy|original message|unsent message|returned message|undelivered message)',
      'original message headers:', // Exchange
      '-{2,}.*исходное сообщение',
    ].join('|') +
    ')',
  'imu',
);

/** Sentences that open a list of failed recipients. */
const FAILURE_INTRO =
  /address(es)? failed|permanent fatal errors|wasn't able to deliver|could not be delivered to|cannot be reached|delivery has failed to|following recipient|не удалось доставить|не может быть доставлено|nu a putut fi livrat|nu a fost livrat/iu;
const PERMANENT_TEXT = /permanent (error|failure)|permanent fatal|permanently|постоянн/iu;
const DELAY_TEXT =
  /warning (message )?only|has been delayed|delivery (is|has been) delayed|still undelivered|will (keep trying|retry|try again)|delayed mail|задерж|отложен/iu;

/** An address at the start of a line: `<a@b>:`, `a@b`, `<a@b>... reason`, `a@b on <date>`, `a@b<mailto:a@b>`. */
const ADDRESS_LINE = /^[ \t]*<?([^\s<>()"',;:@]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)>?(?:<mailto:[^>]*>)?(?:\s*\(expanded from[^)]*\))?(?:\s+on\s.*|(\s*(?::|\.\.\.|\().*)|\s*)$/iu;
const SECTION_LINE = /^[ \t]*-{3,}/;

function textRecipients(mail: InboundMail): FailedRecipient[] {
  const quote = QUOTE_START.exec(mail.text);
  const prose = quote ? mail.text.slice(0, quote.index) : mail.text;
  const delayed = DELAY_TEXT.test(mail.subject) || DELAY_TEXT.test(prose);
  const permanentText = PERMANENT_TEXT.test(prose);
  const own = new Set([mail.from, ...mail.to, ...mail.cc, ...mail.replyTo].map((m) => m?.address.toLowerCase()));
  const found = new Map<string, { block: string; status?: string }>();
  for (const { address, block } of addressBlocks(prose)) {
    if (own.has(address)) continue;
    // Exchange names a recipient twice: in prose, then with the code under "Diagnostic information".
    const status = statusIn(block);
    if (!found.get(address)?.status) found.set(address, { block, ...(status ? { status } : {}) });
  }
  for (const address of failedRecipientsHeader(mail)) if (!found.has(address)) found.set(address, { block: '' });
  return [...found].map(([address, { block, status }]) => {
    const derived = status ?? (!delayed && permanentText ? '5.0.0' : undefined);
    return recipient(address, derived, delayed ? 'delayed' : 'failed', collapse(block.replace(/^\s*[:.]+/, '')));
  });
}

/**
 * Each address line of the prose with the lines that explain it, up to a blank
 * line or the next address. Kept when the explanation holds an SMTP reply, or
 * when it comes after a sentence that introduces failed recipients.
 */
function addressBlocks(prose: string): Array<{ address: string; block: string }> {
  const lines = prose.split(/\r?\n/);
  const out: Array<{ address: string; block: string }> = [];
  let inFailureList = false;
  for (let i = 0; i < lines.length; i++) {
    const m = ADDRESS_LINE.exec(lines[i] ?? '');
    if (!m?.[1]) {
      inFailureList ||= FAILURE_INTRO.test(lines[i] ?? '');
      continue;
    }
    const block = explanation(lines, i, m[2] ?? '');
    if (inFailureList || statusIn(block) !== undefined) out.push({ address: m[1].toLowerCase(), block });
  }
  return out;
}

/**
 * The rest of the address line and the lines under it up to a blank line. When
 * they hold no reply code, the first coded line of the next few lines stands in
 * (Gmail: "Technical details of permanent failure:" a paragraph further down).
 */
function explanation(lines: string[], at: number, rest: string): string {
  const block = [rest];
  let j = at + 1;
  for (; j < lines.length && (lines[j] ?? '').trim() !== '' && !isBoundary(lines[j] ?? ''); j++) block.push(lines[j] ?? '');
  const text = block.join('\n');
  if (statusIn(text) !== undefined) return text;
  const near = lines.slice(j, j + 6);
  const stop = near.findIndex(isBoundary);
  const coded = (stop < 0 ? near : near.slice(0, stop)).find((l) => statusIn(l) !== undefined);
  return coded === undefined ? text : `${text}\n${coded}`;
}

function isBoundary(line: string): boolean {
  return SECTION_LINE.test(line) || ADDRESS_LINE.test(line);
}

/** `X-Failed-Recipients` (Exim, Gmail): a de facto header listing the failed addresses. */
function failedRecipientsHeader(mail: InboundMail): string[] {
  return (mail.headers['x-failed-recipients'] ?? [])
    .flatMap((v) => v.split(','))
    .map((a) => a.trim().replace(/^<(.*)>$/, '$1').toLowerCase())
    .filter((a) => /^[^\s@<>]+@[^\s@<>]+$/.test(a));
}

// ---------------------------------------------------------------- original message

/**
 * The Message-ID of the returned message: from its headers in the report
 * (RFC 3464 section 2, RFC 6522 section 4), else the bounce's own In-Reply-To
 * and References (RFC 5322 section 3.6.4), else a `Message-ID:` line where a
 * text bounce quotes the returned headers.
 */
function originalMessageId(mail: InboundMail): string | undefined {
  const candidates = [headerMessageId(mail.report?.originalHeaders), mail.inReplyTo, mail.references.at(-1), quotedMessageId(mail.text)];
  return candidates.find((id) => id !== undefined && id !== mail.messageId);
}

function headerMessageId(headers: string | undefined): string | undefined {
  const m = headers === undefined ? null : /^message-id[ \t]*:(.*(?:\r?\n[ \t].*)*)/im.exec(headers);
  return m?.[1] === undefined ? undefined : extractMessageId(m[1].replace(/\r?\n/g, ' '));
}

function quotedMessageId(text: string): string | undefined {
  const m = /^[ \t>]*message-id[ \t]*:[ \t]*(<[^<>\s]+>)/im.exec(text);
  return m?.[1] === undefined ? undefined : extractMessageId(m[1]);
}
