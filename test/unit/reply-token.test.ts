import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { findReplyTokens, hasManagerToken, managerReplyAddress, REPLY_TOKEN_LENGTH, replyAddress, replyToken } from '../../src/domain/reply-token';

const SECRET = 'test-secret-0123456789';
const SUPPORT = ['support@example.test', 'help@helpdesk.example.test'];

/** Base32 of the HMAC computed independently of the module, via a bit string. */
function expectedToken(secret: string, ticketNumber: string): string {
  const mac = createHmac('sha256', secret).update(ticketNumber).digest();
  const bits = [...mac].map((b) => b.toString(2).padStart(8, '0')).join('');
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = '';
  for (let i = 0; i < REPLY_TOKEN_LENGTH * 5; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5), 2)];
  return out;
}

describe('reply-token', () => {
  describe('replyToken', () => {
    it('is the first 10 base32 characters of HMAC-SHA256 of the ticket number', () => {
      const token = replyToken(SECRET, 'TG-000123');
      assert.equal(token, expectedToken(SECRET, 'TG-000123'));
      assert.match(token, /^[a-z2-7]{10}$/);
    });

    it('differs per ticket and per secret', () => {
      assert.notEqual(replyToken(SECRET, 'TG-000123'), replyToken(SECRET, 'TG-000124'));
      assert.notEqual(replyToken(SECRET, 'TG-000123'), replyToken('other-secret', 'TG-000123'));
    });

    it('signs the number case-insensitively', () => {
      assert.equal(replyToken(SECRET, 'tg-000123'), replyToken(SECRET, 'TG-000123'));
    });

    it('refuses an empty secret', () => {
      assert.throws(() => replyToken('', 'TG-000123'), RangeError);
    });
  });

  describe('replyAddress', () => {
    it('puts the ticket number and token into the subaddress', () => {
      const token = replyToken(SECRET, 'TG-000123');
      assert.equal(replyAddress('support@example.test', 'TG-000123', SECRET), `support+TG-000123.${token}@example.test`);
    });

    it('refuses a malformed support address or ticket number', () => {
      assert.throws(() => replyAddress('support', 'TG-000123', SECRET), RangeError);
      assert.throws(() => replyAddress('Support <support@example.test>', 'TG-000123', SECRET), RangeError);
      assert.throws(() => replyAddress('support@example.test', 'not-a-ticket', SECRET), RangeError);
    });
  });

  describe('findReplyTokens', () => {
    it('round-trips an issued address as a valid match', () => {
      const address = replyAddress('support@example.test', 'TG-000123', SECRET);
      assert.deepEqual(findReplyTokens([address], SUPPORT, SECRET, 'TG'), [
        { ticketNumber: 'TG-000123', address: address.toLowerCase(), valid: true },
      ]);
    });

    it('matches case-insensitively: lower-cased and upper-cased local parts and domains', () => {
      const address = replyAddress('support@example.test', 'TG-000123', SECRET);
      for (const variant of [address.toLowerCase(), address.toUpperCase()]) {
        const [match] = findReplyTokens([variant], SUPPORT, SECRET, 'TG');
        assert.equal(match?.valid, true, variant);
        assert.equal(match?.ticketNumber, 'TG-000123', variant);
      }
    });

    it('accepts a name-addr and a support address written in upper case', () => {
      const address = replyAddress('help@helpdesk.example.test', 'TG-000007', SECRET);
      const [match] = findReplyTokens([`"Help Desk" <${address}>`], ['HELP@Helpdesk.Example.Test'], SECRET, 'tg');
      assert.deepEqual(match, { ticketNumber: 'TG-000007', address: address.toLowerCase(), valid: true });
    });

    it('marks a token made with another secret invalid', () => {
      const address = replyAddress('support@example.test', 'TG-000123', 'another-secret');
      assert.deepEqual(findReplyTokens([address], SUPPORT, SECRET, 'TG'), [
        { ticketNumber: 'TG-000123', address: address.toLowerCase(), valid: false },
      ]);
    });

    it('marks a tampered ticket number invalid: a token is bound to its ticket', () => {
      const token = replyToken(SECRET, 'TG-000123');
      const tampered = `support+TG-000124.${token}@example.test`;
      assert.deepEqual(findReplyTokens([tampered], SUPPORT, SECRET, 'TG'), [
        { ticketNumber: 'TG-000124', address: tampered.toLowerCase(), valid: false },
      ]);
    });

    it('marks a tampered token invalid', () => {
      const token = replyToken(SECRET, 'TG-000123');
      const flipped = (token[0] === 'a' ? 'b' : 'a') + token.slice(1);
      const [match] = findReplyTokens([`support+TG-000123.${flipped}@example.test`], SUPPORT, SECRET, 'TG');
      assert.equal(match?.valid, false);
    });

    it('ignores the same subaddress at a domain that is not a support domain', () => {
      const token = replyToken(SECRET, 'TG-000123');
      const recipients = [`support+TG-000123.${token}@evil.test`, `support+TG-000123.${token}@sub.example.test`, `other+TG-000123.${token}@example.test`];
      assert.deepEqual(findReplyTokens(recipients, SUPPORT, SECRET, 'TG'), []);
    });

    it('ignores subaddresses without the ticket-token shape', () => {
      const token = replyToken(SECRET, 'TG-000123');
      const recipients = [
        'support+billing@example.test',
        'support+@example.test',
        `support+TG-000123@example.test`,
        `support+TG-000123.${token}x@example.test`,
        `support+TG-000123.${token.slice(1)}@example.test`,
        `support+TG-123.${token}@example.test`,
        `support+XY-000123.${token}@example.test`,
        `support+TG-000123.${token.slice(0, 9)}1@example.test`,
        'support@example.test',
        'not an address',
        '',
      ];
      assert.deepEqual(findReplyTokens(recipients, SUPPORT, SECRET, 'TG'), []);
    });

    it('finds several recipients in order, once per address', () => {
      const a = replyAddress('support@example.test', 'TG-000001', SECRET);
      const b = replyAddress('help@helpdesk.example.test', 'TG-000002', SECRET);
      const bad = `support+TG-000003.${replyToken('wrong', 'TG-000003')}@example.test`;
      const matches = findReplyTokens(['alice@customer.test', a, bad, b, a.toUpperCase()], SUPPORT, SECRET, 'TG');
      assert.deepEqual(
        matches.map((m) => [m.ticketNumber, m.valid]),
        [
          ['TG-000001', true],
          ['TG-000003', false],
          ['TG-000002', true],
        ],
      );
    });

    it('supports a support address whose local part already has a subaddress', () => {
      const address = replyAddress('help+eu@example.test', 'TG-000042', SECRET);
      assert.equal(address, `help+eu+TG-000042.${replyToken(SECRET, 'TG-000042')}@example.test`);
      const [match] = findReplyTokens([address], ['help+eu@example.test'], SECRET, 'TG');
      assert.equal(match?.valid, true);
    });

    it('uses the configured prefix, escaped', () => {
      const address = replyAddress('support@example.test', 'HELP2-000042', SECRET);
      assert.equal(findReplyTokens([address], SUPPORT, SECRET, 'HELP2')[0]?.valid, true);
      assert.deepEqual(findReplyTokens([address], SUPPORT, SECRET, 'TG'), []);
    });
  });
});

describe('reply-token: manager addresses', () => {
  const MANAGER = 'boss@example.com';

  it('managerReplyAddress signs "manager:" + the lower-cased e-mail into a mgr. subaddress', () => {
    const token = expectedToken(SECRET, `manager:${MANAGER}`);
    assert.equal(managerReplyAddress('support@example.test', MANAGER, SECRET), `support+mgr.${token}@example.test`);
    assert.equal(managerReplyAddress('support@example.test', ' Boss@Example.COM ', SECRET), `support+mgr.${token}@example.test`);
  });

  it('managerReplyAddress refuses a malformed support or manager address and an empty secret', () => {
    assert.throws(() => managerReplyAddress('support', MANAGER, SECRET), RangeError);
    assert.throws(() => managerReplyAddress('support@example.test', 'boss', SECRET), RangeError);
    assert.throws(() => managerReplyAddress('support@example.test', MANAGER, ''), RangeError);
  });

  it('round-trips, also through a name-addr, an alias and among other recipients', () => {
    const address = managerReplyAddress('help@helpdesk.example.test', MANAGER, SECRET);
    assert.equal(hasManagerToken([address], SUPPORT, SECRET, MANAGER), true);
    assert.equal(hasManagerToken(['alice@customer.test', `"Help" <${address}>`], SUPPORT, SECRET, 'BOSS@example.com'), true);
  });

  it('is bound to the manager', () => {
    const address = managerReplyAddress('support@example.test', MANAGER, SECRET);
    assert.equal(hasManagerToken([address], SUPPORT, SECRET, 'other@example.com'), false);
  });

  it('is bound to the secret', () => {
    const address = managerReplyAddress('support@example.test', MANAGER, 'another-secret');
    assert.equal(hasManagerToken([address], SUPPORT, SECRET, MANAGER), false);
  });

  it('refuses a tampered token, shorter or longer token', () => {
    const token = expectedToken(SECRET, `manager:${MANAGER}`);
    const flipped = (token[0] === 'a' ? 'b' : 'a') + token.slice(1);
    for (const t of [flipped, token.slice(1), `${token}a`, '']) {
      assert.equal(hasManagerToken([`support+mgr.${t}@example.test`], SUPPORT, SECRET, MANAGER), false, t);
    }
  });

  it('accepts an upper-cased address: MTAs may fold the local part', () => {
    const address = managerReplyAddress('support@example.test', MANAGER, SECRET);
    assert.equal(hasManagerToken([address.toUpperCase()], SUPPORT, SECRET, MANAGER), true);
  });

  it('only counts subaddresses of a support address', () => {
    const token = expectedToken(SECRET, `manager:${MANAGER}`);
    const recipients = [`support+mgr.${token}@evil.test`, `other+mgr.${token}@example.test`, `mgr.${token}@example.test`, 'support@example.test', 'not an address', ''];
    assert.equal(hasManagerToken(recipients, SUPPORT, SECRET, MANAGER), false);
    assert.equal(hasManagerToken([`support+mgr.${token}@example.test`], [], SECRET, MANAGER), false);
  });

  it('a ticket reply address is not a manager token, and a manager address is not a ticket token', () => {
    const ticket = replyAddress('support@example.test', 'TG-000123', SECRET);
    assert.equal(hasManagerToken([ticket], SUPPORT, SECRET, MANAGER), false);
    const manager = managerReplyAddress('support@example.test', MANAGER, SECRET);
    assert.deepEqual(findReplyTokens([manager], SUPPORT, SECRET, 'TG'), []);
    assert.deepEqual(findReplyTokens([manager], SUPPORT, SECRET, 'MGR'), []);
  });

  it('is false for a manager e-mail that is not an address', () => {
    const address = managerReplyAddress('support@example.test', MANAGER, SECRET);
    assert.equal(hasManagerToken([address], SUPPORT, SECRET, ''), false);
  });
});
