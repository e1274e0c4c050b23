import assert from 'node:assert/strict';
import { findTicketTags, formatTicketNumber, parseTicketNumber, ticketTag } from '../../src/domain/ticket-number';

describe('ticket-number', () => {
  describe('formatTicketNumber / parseTicketNumber', () => {
    it('round-trips prefix and sequence', () => {
      for (const [prefix, seq] of [
        ['TG', 1],
        ['TG', 123],
        ['HELP2', 999_999],
        ['A', 1_000_000],
        ['ABCDEFGHIJ', 42],
        ['TG', Number.MAX_SAFE_INTEGER],
      ] as const) {
        const formatted = formatTicketNumber(prefix, seq);
        assert.deepEqual(parseTicketNumber(formatted), { prefix, seq }, formatted);
      }
    });

    it('pads the sequence to six digits', () => {
      assert.equal(formatTicketNumber('TG', 1), 'TG-000001');
      assert.equal(formatTicketNumber('TG', 123), 'TG-000123');
      assert.equal(formatTicketNumber('TG', 999_999), 'TG-999999');
    });

    it('writes sequences above 999999 in full, without truncation', () => {
      assert.equal(formatTicketNumber('TG', 1_000_000), 'TG-1000000');
      assert.equal(formatTicketNumber('TG', 12_345_678), 'TG-12345678');
      assert.deepEqual(parseTicketNumber('TG-12345678'), { prefix: 'TG', seq: 12_345_678 });
    });

    it('throws RangeError for a sequence that is not a positive safe integer', () => {
      for (const seq of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1]) {
        assert.throws(() => formatTicketNumber('TG', seq), RangeError, String(seq));
      }
    });

    it('parses case-insensitively and around white space', () => {
      assert.deepEqual(parseTicketNumber(' tg-000042 '), { prefix: 'TG', seq: 42 });
    });

    it('rejects malformed numbers', () => {
      for (const value of ['', 'TG', 'TG-', 'TG-12345', 'TG000123', 'TG-000123X', '1TG-000123', 'ABCDEFGHIJK-000001', '[TG-000123]', 'TG-00 0123']) {
        assert.equal(parseTicketNumber(value), undefined, value);
      }
    });
  });

  describe('ticketTag', () => {
    it('wraps the number in square brackets', () => {
      assert.equal(ticketTag('TG-000123'), '[TG-000123]');
    });
  });

  describe('findTicketTags', () => {
    it('finds several tags in the order they appear', () => {
      assert.deepEqual(findTicketTags('Re: [TG-000123] printer [TG-000007] and [TG-1000000]', 'TG'), ['TG-000123', 'TG-000007', 'TG-1000000']);
    });

    it('lists a repeated tag once, also when its case differs', () => {
      assert.deepEqual(findTicketTags('Re: [TG-000123] Re: [TG-000045] Fwd: [tg-000123] [TG-000123]', 'TG'), ['TG-000123', 'TG-000045']);
    });

    it('ignores tags with another prefix, including prefixes that contain or extend this one', () => {
      assert.deepEqual(findTicketTags('[HD-000001] [XTG-000002] [TGX-000003] [TG-000004]', 'TG'), ['TG-000004']);
    });

    it('ignores malformed tags', () => {
      const subject = 'TG-000001 [TG-00002] [TG-000003 [TG 000004] (TG-000005) [TG-000006a] [ TG-000007 ] [TG--000008]';
      assert.deepEqual(findTicketTags(subject, 'TG'), []);
    });

    it('returns an empty list when the subject has no tag', () => {
      assert.deepEqual(findTicketTags('Printer broken', 'TG'), []);
    });

    it('treats regex characters in the prefix literally', () => {
      assert.deepEqual(findTicketTags('[A.B-000001] [AXB-000002]', 'A.B'), ['A.B-000001']);
    });
  });
});
