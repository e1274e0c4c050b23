import { createHmac, timingSafeEqual } from 'node:crypto';
import { base32 } from './reply-token';
import { parseTicketNumber } from './ticket-number';

/**
 * Signed one-click rating links.
 *
 * The survey mail carries five links, `https://help.example.test/rate/TG-000123/4?t=<sig>`,
 * one per score. The signature binds the link to its ticket so that nobody
 * can rate a ticket whose mail they never received; it does not cover the
 * score on purpose: the customer may pick any score, and one signature per
 * ticket keeps the five links short and alike.
 *
 * The `rate:` prefix separates this signature from the reply-address token
 * (src/domain/reply-token.ts), which may be computed with the same secret:
 * a reply token must never double as a rating signature or the other way round.
 */

/** Length in base32 characters: 80 bits, because a web endpoint can be probed far faster than a mailbox. */
export const RATING_SIGNATURE_LENGTH = 16;

/** HMAC-SHA256(secret, 'rate:' + TICKET NUMBER upper-cased), base32 lower-case, first 16 chars. */
export function ratingSignature(secret: string, ticketNumber: string): string {
  if (secret.length === 0) throw new RangeError('rating link secret must not be empty');
  const mac = createHmac('sha256', secret).update(`rate:${ticketNumber.trim().toUpperCase()}`).digest();
  return base32(mac).slice(0, RATING_SIGNATURE_LENGTH);
}

/**
 * Constant-time check (crypto.timingSafeEqual on equal-length buffers; different length -> false).
 * Accepts any of several secrets so the secret can be rotated: pass [current, ...previous].
 *
 * The signature is compared in lower case (base32 is case-insensitive, and
 * some mail clients or proxies upper-case URLs). Empty secrets are skipped so
 * that an unset "previous secret" setting does not throw on every request.
 * Every secret is tried, without stopping at the first match, so the time
 * taken does not reveal which secret signed the link.
 */
export function verifyRatingSignature(secrets: string[], ticketNumber: string, signature: string): boolean {
  const given = Buffer.from(signature.trim().toLowerCase(), 'utf8');
  let valid = false;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    const expected = Buffer.from(ratingSignature(secret, ticketNumber), 'utf8');
    if (given.length === expected.length && timingSafeEqual(given, expected)) valid = true;
  }
  return valid;
}

/** `${baseUrl without trailing slash}/rate/${ticketNumber}/${score}?t=${signature}` */
export function ratingUrl(baseUrl: string, ticketNumber: string, score: number, secret: string): string {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new RangeError(`rating score must be 1-5, got ${score}`);
  if (!parseTicketNumber(ticketNumber)) throw new RangeError(`not a ticket number: ${JSON.stringify(ticketNumber)}`);
  const number = ticketNumber.trim();
  return `${baseUrl.replace(/\/+$/, '')}/rate/${number}/${score}?t=${ratingSignature(secret, number)}`;
}
