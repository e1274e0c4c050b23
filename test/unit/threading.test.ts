import assert from 'node:assert/strict';
import type { TokenMatch } from '../../src/domain/reply-token';
import { decideThread, onExistingTicket } from '../../src/domain/threading';
import type { ThreadFacts } from '../../src/domain/threading';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2025-03-10T12:00:00Z');
const POLICY = { reopenDays: 7 };

function facts(partial: Partial<ThreadFacts>): ThreadFacts {
  return { tokens: [], headerMatches: [], subjectTags: [], ...partial };
}

function token(ticketNumber: string, valid: boolean): TokenMatch {
  return { ticketNumber, address: `support+${ticketNumber.toLowerCase()}.abcdefgh23@example.test`, valid };
}

describe('threading', () => {
  describe('decideThread', () => {
    it('threads by a valid token', () => {
      const d = decideThread(facts({ tokens: [token('TG-000123', true)] }));
      assert.equal(d.kind, 'existing');
      assert.deepEqual(d.kind === 'existing' && [d.ticketNumber, d.method], ['TG-000123', 'token']);
      assert.match(d.reason, /support\+tg-000123\.abcdefgh23@example\.test carries a valid token for TG-000123/);
    });

    it('prefers a valid token over header ids and subject tags', () => {
      const d = decideThread(
        facts({
          tokens: [token('TG-000001', true)],
          headerMatches: [{ messageId: 'a@x', ticketNumber: 'TG-000002' }],
          subjectTags: [{ ticketNumber: 'TG-000003', senderOnTicket: true }],
        }),
      );
      assert.deepEqual(d.kind === 'existing' && [d.ticketNumber, d.method], ['TG-000001', 'token']);
    });

    it('takes the first of conflicting valid tokens and says so', () => {
      const d = decideThread(facts({ tokens: [token('TG-000001', true), token('TG-000002', true), token('TG-000001', true)] }));
      assert.deepEqual(d.kind === 'existing' && [d.ticketNumber, d.method], ['TG-000001', 'token']);
      assert.match(d.reason, /other tickets.*TG-000002.*first was taken/);
      assert.doesNotMatch(d.reason, /TG-000002, TG-000002/);
    });

    it('does not call two valid tokens for the same ticket a conflict', () => {
      const d = decideThread(facts({ tokens: [token('TG-000001', true), { ...token('TG-000001', true), address: 'help+tg-000001.x@example.test' }] }));
      assert.doesNotMatch(d.reason, /other tickets/);
    });

    it('threads by the last matching header id, the most recent reference', () => {
      const d = decideThread(
        facts({
          headerMatches: [
            { messageId: 'old@x', ticketNumber: 'TG-000001' },
            { messageId: 'mid@x', ticketNumber: 'TG-000001' },
            { messageId: 'parent@x', ticketNumber: 'TG-000005' },
          ],
        }),
      );
      assert.deepEqual(d.kind === 'existing' && [d.ticketNumber, d.method], ['TG-000005', 'header']);
      assert.match(d.reason, /<parent@x>.* is a message of TG-000005/);
      assert.match(d.reason, /older references point to TG-000001/);
    });

    it('prefers a header match over a trusted subject tag', () => {
      const d = decideThread(
        facts({
          headerMatches: [{ messageId: 'a@x', ticketNumber: 'TG-000002' }],
          subjectTags: [{ ticketNumber: 'TG-000003', senderOnTicket: true }],
        }),
      );
      assert.deepEqual(d.kind === 'existing' && [d.ticketNumber, d.method], ['TG-000002', 'header']);
    });

    it('ignores an invalid token, threads by header, and records the invalid token', () => {
      const d = decideThread(
        facts({
          tokens: [token('TG-000009', false)],
          headerMatches: [{ messageId: 'a@x', ticketNumber: 'TG-000002' }],
        }),
      );
      assert.deepEqual(d.kind === 'existing' && [d.ticketNumber, d.method], ['TG-000002', 'header']);
      assert.match(d.reason, /names TG-000009 but its token is invalid and was ignored/);
    });

    it('records an invalid token next to a valid one', () => {
      const d = decideThread(facts({ tokens: [token('TG-000009', false), token('TG-000001', true)] }));
      assert.deepEqual(d.kind === 'existing' && [d.ticketNumber, d.method], ['TG-000001', 'token']);
      assert.match(d.reason, /TG-000009 but its token is invalid/);
    });

    it('opens a new ticket for an invalid token alone, and says why', () => {
      const d = decideThread(facts({ tokens: [token('TG-000009', false)] }));
      assert.equal(d.kind, 'new');
      assert.match(d.reason, /no valid reply token/);
      assert.match(d.reason, /TG-000009 but its token is invalid/);
    });

    it('threads by a subject tag when the sender is on the ticket', () => {
      const d = decideThread(facts({ subjectTags: [{ ticketNumber: 'TG-000123', senderOnTicket: true }] }));
      assert.deepEqual(d.kind === 'existing' && [d.ticketNumber, d.method], ['TG-000123', 'subject-tag']);
      assert.match(d.reason, /\[TG-000123\].*sender is on that ticket/);
    });

    it('opens a new ticket when a stranger carries a tag', () => {
      const d = decideThread(facts({ subjectTags: [{ ticketNumber: 'TG-000123', senderOnTicket: false }] }));
      assert.equal(d.kind, 'new');
      assert.match(d.reason, /\[TG-000123\] ignored: the sender is not on that ticket/);
    });

    it('skips tags of tickets the sender is not on and takes the one they are on', () => {
      const d = decideThread(
        facts({
          subjectTags: [
            { ticketNumber: 'TG-000001', senderOnTicket: false },
            { ticketNumber: 'TG-000002', senderOnTicket: true },
          ],
        }),
      );
      assert.deepEqual(d.kind === 'existing' && [d.ticketNumber, d.method], ['TG-000002', 'subject-tag']);
      assert.match(d.reason, /not on were ignored \(TG-000001\)/);
    });

    it('opens a new ticket when there are no facts at all', () => {
      const d = decideThread(facts({}));
      assert.equal(d.kind, 'new');
      assert.match(d.reason, /new ticket/);
    });
  });

  describe('onExistingTicket', () => {
    const resolvedAgo = (ms: number): Date => new Date(NOW.getTime() - ms);

    it('appends to new, open and pending tickets (pending: the customer answered)', () => {
      for (const status of ['new', 'open', 'pending'] as const) {
        assert.deepEqual(onExistingTicket({ number: 'TG-000001', status }, NOW, POLICY), { kind: 'append' }, status);
      }
    });

    it('reopens a resolved ticket within the window', () => {
      assert.deepEqual(onExistingTicket({ number: 'TG-000001', status: 'resolved', resolvedAt: resolvedAgo(2 * DAY) }, NOW, POLICY), { kind: 'reopen' });
    });

    it('reopens exactly on the boundary and not one millisecond after', () => {
      const ticket = { number: 'TG-000001', status: 'resolved' as const };
      assert.deepEqual(onExistingTicket({ ...ticket, resolvedAt: resolvedAgo(7 * DAY) }, NOW, POLICY), { kind: 'reopen' });
      assert.deepEqual(onExistingTicket({ ...ticket, resolvedAt: resolvedAgo(7 * DAY + 1) }, NOW, POLICY), { kind: 'new-linked', relatedTo: 'TG-000001' });
    });

    it('opens a linked new ticket after the window', () => {
      assert.deepEqual(onExistingTicket({ number: 'TG-000001', status: 'resolved', resolvedAt: resolvedAgo(30 * DAY) }, NOW, POLICY), {
        kind: 'new-linked',
        relatedTo: 'TG-000001',
      });
    });

    it('treats closed like resolved', () => {
      assert.deepEqual(onExistingTicket({ number: 'TG-000002', status: 'closed', resolvedAt: resolvedAgo(DAY) }, NOW, POLICY), { kind: 'reopen' });
      assert.deepEqual(onExistingTicket({ number: 'TG-000002', status: 'closed', resolvedAt: resolvedAgo(8 * DAY) }, NOW, POLICY), {
        kind: 'new-linked',
        relatedTo: 'TG-000002',
      });
    });

    it('opens a linked new ticket when resolvedAt is missing or invalid', () => {
      for (const resolvedAt of [undefined, new Date(Number.NaN)]) {
        assert.deepEqual(onExistingTicket({ number: 'TG-000003', status: 'closed', resolvedAt }, NOW, POLICY), { kind: 'new-linked', relatedTo: 'TG-000003' });
      }
    });

    it('reopens when resolvedAt is slightly in the future (clock skew)', () => {
      assert.deepEqual(onExistingTicket({ number: 'TG-000001', status: 'resolved', resolvedAt: new Date(NOW.getTime() + 5000) }, NOW, POLICY), { kind: 'reopen' });
    });

    it('never reopens with reopenDays 0', () => {
      assert.deepEqual(onExistingTicket({ number: 'TG-000001', status: 'resolved', resolvedAt: NOW }, NOW, { reopenDays: 0 }), {
        kind: 'new-linked',
        relatedTo: 'TG-000001',
      });
    });

    it('refuses a negative or non-finite reopenDays', () => {
      for (const reopenDays of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
        assert.throws(() => onExistingTicket({ number: 'TG-000001', status: 'open' }, NOW, { reopenDays }), RangeError, String(reopenDays));
      }
    });
  });
});
