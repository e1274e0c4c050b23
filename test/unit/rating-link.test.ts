import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { RATING_SIGNATURE_LENGTH, ratingSignature, ratingUrl, verifyRatingSignature } from '../../src/domain/rating-link';
import { replyToken } from '../../src/domain/reply-token';

const SECRET = 'test-secret-0123456789';
const PREVIOUS = 'previous-secret-9876543210';

/** Base32 of the HMAC computed independently of the module, via a bit string. */
function expectedSignature(secret: string, ticketNumber: string): string {
  const mac = createHmac('sha256', secret).update(`rate:${ticketNumber}`).digest();
  const bits = [...mac].map((b) => b.toString(2).padStart(8, '0')).join('');
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = '';
  for (let i = 0; i < RATING_SIGNATURE_LENGTH * 5; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5), 2)];
  return out;
}

describe('rating-link', () => {
  describe('ratingSignature', () => {
    it('is the first 16 base32 characters of HMAC-SHA256 of "rate:" + the ticket number', () => {
      const sig = ratingSignature(SECRET, 'TG-000123');
      assert.equal(sig, expectedSignature(SECRET, 'TG-000123'));
      assert.match(sig, /^[a-z2-7]{16}$/);
    });

    it('is stable across calls', () => {
      assert.equal(ratingSignature(SECRET, 'TG-000123'), ratingSignature(SECRET, 'TG-000123'));
    });

    it('signs the number case-insensitively and without surrounding white space', () => {
      assert.equal(ratingSignature(SECRET, 'tg-000123'), ratingSignature(SECRET, 'TG-000123'));
      assert.equal(ratingSignature(SECRET, ' TG-000123 '), ratingSignature(SECRET, 'TG-000123'));
    });

    it('differs per ticket and per secret', () => {
      assert.notEqual(ratingSignature(SECRET, 'TG-000123'), ratingSignature(SECRET, 'TG-000124'));
      assert.notEqual(ratingSignature(SECRET, 'TG-000123'), ratingSignature(PREVIOUS, 'TG-000123'));
    });

    it('is not the reply-address token: the two schemes are separated', () => {
      assert.notEqual(ratingSignature(SECRET, 'TG-000123').slice(0, 10), replyToken(SECRET, 'TG-000123'));
    });

    it('refuses an empty secret', () => {
      assert.throws(() => ratingSignature('', 'TG-000123'), RangeError);
    });
  });

  describe('verifyRatingSignature', () => {
    const sig = ratingSignature(SECRET, 'TG-000123');

    it('accepts the signature of the ticket', () => {
      assert.equal(verifyRatingSignature([SECRET], 'TG-000123', sig), true);
    });

    it('accepts the number in any case and the signature in upper case', () => {
      assert.equal(verifyRatingSignature([SECRET], 'tg-000123', sig), true);
      assert.equal(verifyRatingSignature([SECRET], 'TG-000123', sig.toUpperCase()), true);
    });

    it('rejects a signature of another ticket or another secret', () => {
      assert.equal(verifyRatingSignature([SECRET], 'TG-000124', sig), false);
      assert.equal(verifyRatingSignature([SECRET], 'TG-000123', ratingSignature('other', 'TG-000123')), false);
    });

    it('rejects a tampered, short, long or empty signature', () => {
      const flipped = (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1);
      for (const bad of [flipped, sig.slice(0, 15), sig.slice(0, 10), `${sig}a`, `${sig}${sig}`, '', 'é'.repeat(8)]) {
        assert.equal(verifyRatingSignature([SECRET], 'TG-000123', bad), false, bad);
      }
    });

    it('accepts links signed with the current or a previous secret during rotation', () => {
      const old = ratingSignature(PREVIOUS, 'TG-000123');
      assert.equal(verifyRatingSignature([SECRET, PREVIOUS], 'TG-000123', sig), true);
      assert.equal(verifyRatingSignature([SECRET, PREVIOUS], 'TG-000123', old), true);
      assert.equal(verifyRatingSignature([SECRET], 'TG-000123', old), false);
    });

    it('rejects everything without secrets and skips empty ones', () => {
      assert.equal(verifyRatingSignature([], 'TG-000123', sig), false);
      assert.equal(verifyRatingSignature(['', SECRET], 'TG-000123', sig), true);
      assert.equal(verifyRatingSignature([''], 'TG-000123', sig), false);
    });
  });

  describe('ratingUrl', () => {
    it('builds base/rate/NUMBER/SCORE?t=signature', () => {
      const sig = ratingSignature(SECRET, 'TG-000123');
      assert.equal(ratingUrl('https://help.example.test', 'TG-000123', 4, SECRET), `https://help.example.test/rate/TG-000123/4?t=${sig}`);
    });

    it('drops trailing slashes of the base and keeps a path prefix', () => {
      const sig = ratingSignature(SECRET, 'TG-000123');
      assert.equal(ratingUrl('https://example.test/helpdesk//', 'TG-000123', 1, SECRET), `https://example.test/helpdesk/rate/TG-000123/1?t=${sig}`);
    });

    it('produces a link that verifies', () => {
      const url = new URL(ratingUrl('https://help.example.test/', 'TG-000042', 5, SECRET));
      const [, , number, score] = url.pathname.split('/');
      assert.equal(score, '5');
      assert.equal(verifyRatingSignature([SECRET], number, url.searchParams.get('t') ?? ''), true);
    });

    it('refuses a score outside 1-5 and a malformed ticket number', () => {
      for (const score of [0, 6, 2.5, NaN]) assert.throws(() => ratingUrl('https://x.test', 'TG-000123', score, SECRET), RangeError);
      assert.throws(() => ratingUrl('https://x.test', 'TG-123', 3, SECRET), RangeError);
      assert.throws(() => ratingUrl('https://x.test', '../TG-000123', 3, SECRET), RangeError);
    });
  });
});
