import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseTicketNumber } from './ticket-number';

/**
 * Signed reply addresses.
 *
 * Notifications go out with `Reply-To: support+TG-000123.k3j7x2ab2c@example.test`:
 * the detail part of the subaddress (RFC 5233) names the ticket and carries a
 * short HMAC of the ticket number. A reply to that address proves the sender
 * saw a mail about that ticket, which a `[TG-000123]` subject tag, typed by
 * anyone, does not.
 */

/** Length of the token in base32 characters: 50 bits, enough against guessing by mail. */
export const REPLY_TOKEN_LENGTH = 10;

const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export interface TokenMatch {
  /** The ticket number as canonical upper case, e.g. `TG-000123`. */
  ticketNumber: string;
  /** The recipient address that carried the token, lower-cased. */
  address: string;
  valid: boolean;
}

/**
 * HMAC-SHA256(secret, ticketNumber), base32 (RFC 4648 alphabet, lower case),
 * first {@link REPLY_TOKEN_LENGTH} characters.
 *
 * The number is signed in upper case because some MTAs lower-case local parts
 * on the way back: `tg-000123` must verify like `TG-000123`. Lower-case base32
 * survives that folding unchanged, unlike hex-with-case or base64.
 */
export function replyToken(secret: string, ticketNumber: string): string {
  if (secret.length === 0) throw new RangeError('reply token secret must not be empty');
  const mac = createHmac('sha256', secret).update(ticketNumber.trim().toUpperCase()).digest();
  return base32(mac).slice(0, REPLY_TOKEN_LENGTH);
}

/**
 * `support@example.test` + `TG-000123` → `support+TG-000123.<token>@example.test`.
 * The ticket number is written as given; matching folds case anyway.
 */
export function replyAddress(supportAddress: string, ticketNumber: string, secret: string): string {
  const parts = splitAddress(supportAddress);
  if (!parts) throw new RangeError(`not a plain support address: ${JSON.stringify(supportAddress)}`);
  if (!parseTicketNumber(ticketNumber)) throw new RangeError(`not a ticket number: ${JSON.stringify(ticketNumber)}`);
  const number = ticketNumber.trim();
  return `${parts.local}+${number}.${replyToken(secret, number)}@${parts.domain}`;
}

/**
 * Finds `+TICKET.token` subaddresses among recipient addresses of the given
 * support addresses (To, Cc, Delivered-To/X-Original-To header values are
 * passed in by the caller, one address per entry; `Name <addr>` is accepted).
 *
 * Only addresses whose local part is a support local part plus a detail, at
 * the same domain, are considered; a detail that does not have the
 * `PREFIX-000123.token` shape is ignored (it may be another subaddress the
 * site uses). Results keep the order of `recipients`, one per address.
 */
export function findReplyTokens(recipients: string[], supportAddresses: string[], secret: string, prefix: string): TokenMatch[] {
  const supports = supportAddresses.map(splitAddress).filter((p): p is AddressParts => p !== undefined);
  const detailRe = new RegExp(`^(${escapeRe(prefix)}-\\d{6,})\\.([a-z2-7]{${REPLY_TOKEN_LENGTH}})$`, 'i');
  const seen = new Set<string>();
  const matches: TokenMatch[] = [];
  for (const recipient of recipients) {
    const parts = splitAddress(extractAddrSpec(recipient));
    if (!parts) continue;
    const address = `${parts.local}@${parts.domain}`;
    if (seen.has(address)) continue;
    const detail = detailOf(parts, supports);
    const m = detail === undefined ? null : detailRe.exec(detail);
    if (!m) continue;
    seen.add(address);
    const ticketNumber = m[1].toUpperCase();
    matches.push({ ticketNumber, address, valid: tokenEquals(m[2].toLowerCase(), replyToken(secret, ticketNumber)) });
  }
  return matches;
}

/**
 * Signed reply address for a desk manager: `support+mgr.<token>@domain`.
 *
 * Digests and alerts go to managers with this Reply-To, so a manager's reply
 * can carry commands on any ticket. The sender address alone proves nothing
 * (it is trivially forged); the token proves the mail came back from a
 * mailbox that received mail for that manager. It is bound to the manager's
 * address, lower-cased, so a token leaked from one manager's mail does not
 * let anyone act as another.
 */
export function managerReplyAddress(supportAddress: string, managerEmail: string, secret: string): string {
  const parts = splitAddress(supportAddress);
  if (!parts) throw new RangeError(`not a plain support address: ${JSON.stringify(supportAddress)}`);
  if (!splitAddress(managerEmail)) throw new RangeError(`not a manager e-mail address: ${JSON.stringify(managerEmail)}`);
  return `${parts.local}+mgr.${managerToken(secret, managerEmail)}@${parts.domain}`;
}

/**
 * True when one of the recipients (as for {@link findReplyTokens}) is a
 * subaddress of a support address with a `mgr.<token>` detail valid for this
 * manager. The local part is compared lower-cased, as MTAs may fold it.
 */
/** Verification takes every secret in use: the current one first, then those being rotated out (TOKEN_SECRET_PREVIOUS). */
export function hasManagerTokenAny(recipients: string[], supportAddresses: string[], secrets: string[], managerEmail: string): boolean {
  return secrets.some((secret) => hasManagerToken(recipients, supportAddresses, secret, managerEmail));
}

/** Tokens found with the current secret, each marked valid when any secret in use signed it. */
export function findReplyTokensAny(recipients: string[], supportAddresses: string[], secrets: string[], prefix: string): TokenMatch[] {
  const [current, ...previous] = secrets;
  return findReplyTokens(recipients, supportAddresses, current, prefix).map((t) =>
    t.valid || !previous.some((s) => findReplyTokens([t.address], supportAddresses, s, prefix).some((o) => o.valid)) ? t : { ...t, valid: true },
  );
}

export function hasManagerToken(recipients: string[], supportAddresses: string[], secret: string, managerEmail: string): boolean {
  if (!splitAddress(managerEmail)) return false;
  const supports = supportAddresses.map(splitAddress).filter((p): p is AddressParts => p !== undefined);
  const detailRe = new RegExp(`^mgr\\.([a-z2-7]{${REPLY_TOKEN_LENGTH}})$`);
  const expected = managerToken(secret, managerEmail);
  return recipients.some((recipient) => {
    const parts = splitAddress(extractAddrSpec(recipient));
    const detail = parts ? detailOf(parts, supports) : undefined;
    const m = detail === undefined ? null : detailRe.exec(detail);
    return m !== null && tokenEquals(m[1], expected);
  });
}

/**
 * The `manager:` domain separator keeps manager tokens and ticket tokens
 * (HMAC of a bare ticket number) from ever being the same MAC input.
 */
function managerToken(secret: string, managerEmail: string): string {
  if (secret.length === 0) throw new RangeError('reply token secret must not be empty');
  const mac = createHmac('sha256', secret).update(`manager:${managerEmail.trim().toLowerCase()}`).digest();
  return base32(mac).slice(0, REPLY_TOKEN_LENGTH);
}

interface AddressParts {
  local: string;
  domain: string;
}

/**
 * Splits `local@domain`, both lower-cased. Quoted local parts and anything
 * with white space are refused: the gateway never issues them, so they cannot
 * be reply addresses.
 */
function splitAddress(address: string): AddressParts | undefined {
  const trimmed = address.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return undefined;
  const local = trimmed.slice(0, at).toLowerCase();
  const domain = trimmed.slice(at + 1).toLowerCase().replace(/\.$/, '');
  if (/[\s"<>(),;@]/.test(local) || /[\s"<>(),;@]/.test(domain)) return undefined;
  return { local, domain };
}

/** `Name <a@b>` → `a@b` (RFC 5322 section 3.4 name-addr); a bare addr-spec is returned as is. */
function extractAddrSpec(value: string): string {
  const m = /<([^<>]*)>\s*$/.exec(value);
  return m ? m[1] : value;
}

/**
 * The detail of `support+detail@domain` (RFC 5233 section 1) when the
 * address is a subaddress of one of the support addresses. The separator is
 * the `+` right after the support local part, so a support address that
 * itself contains `+` (`help+eu@…`) still works.
 */
function detailOf(parts: AddressParts, supports: AddressParts[]): string | undefined {
  for (const s of supports) {
    if (s.domain !== parts.domain) continue;
    const head = `${s.local}+`;
    if (parts.local.startsWith(head) && parts.local.length > head.length) return parts.local.slice(head.length);
  }
  return undefined;
}

/** Constant-time so that response timing cannot reveal how many leading characters of a guess were right. */
function tokenEquals(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** RFC 4648 section 6 base32, lower case, without padding (it is truncated anyway). */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
