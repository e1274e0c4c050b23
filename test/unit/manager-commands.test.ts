import assert from 'node:assert/strict';
import { MANAGER_COMMAND_HELP, parseManagerReply, type ManagerCommandBlock, type ParsedManagerReply } from '../../src/domain/manager-commands';

const AGENTS = new Set(['anna@example.com', 'ion@example.com']);
const OPTS = { ticketPrefix: 'TG', isKnownAgent: (email: string) => AGENTS.has(email) };

function parse(text: string): ParsedManagerReply {
  return parseManagerReply(text, OPTS);
}

function onlyBlock(text: string): ManagerCommandBlock {
  const r = parse(text);
  assert.deepEqual(r.errors, [], text);
  assert.equal(r.blocks.length, 1, text);
  return r.blocks[0];
}

function onlyProblem(text: string): string {
  const r = parse(text);
  assert.equal(r.errors.length, 1, `${text}: ${JSON.stringify(r.errors)}`);
  return r.errors[0].problem;
}

describe('manager-commands', () => {
  describe('each command', () => {
    it('#escalate with and without a reason', () => {
      assert.deepEqual(onlyBlock('#escalate TG-000123 customer is a key account'), {
        ticketNumber: 'TG-000123',
        commands: [{ kind: 'escalate', reason: 'customer is a key account' }],
      });
      assert.deepEqual(onlyBlock('#escalate TG-000123').commands, [{ kind: 'escalate' }]);
    });

    it('#priority, #status and #category', () => {
      assert.deepEqual(onlyBlock('#priority TG-000124 P1'), { ticketNumber: 'TG-000124', commands: [{ kind: 'priority', priority: 'P1' }] });
      assert.deepEqual(onlyBlock('#status TG-000126 resolved').commands, [{ kind: 'status', status: 'resolved' }]);
      assert.deepEqual(onlyBlock('#category TG-000128 network').commands, [{ kind: 'category', category: 'network' }]);
    });

    it('#assign takes a configured agent', () => {
      assert.deepEqual(onlyBlock('#assign TG-000125 anna@example.com').commands, [{ kind: 'assign', email: 'anna@example.com' }]);
      assert.match(onlyProblem('#assign TG-000125 bob@example.com'), /not a configured agent/);
    });

    it('#note is an internal note on that ticket with that text', () => {
      assert.deepEqual(onlyBlock('#note TG-000127 called the customer, waiting for the part'), {
        ticketNumber: 'TG-000127',
        commands: [{ kind: 'note' }],
        note: 'called the customer, waiting for the part',
      });
    });

    it('#note without text is an error: a manager reply has no body to be the note', () => {
      assert.match(onlyProblem('#note TG-000127'), /expected the note text after the ticket number, e\.g\. #note TG-000127/);
    });

    it('reports the agents\' value errors with the line as written', () => {
      const r = parse('#priority TG-000124 P9');
      assert.deepEqual(r.blocks, []);
      assert.equal(r.errors.length, 1);
      assert.equal(r.errors[0].line, 1);
      assert.equal(r.errors[0].text, '#priority TG-000124 P9');
      assert.match(r.errors[0].problem, /expected one of P1, P2, P3, P4, got "P9"/);
    });
  });

  describe('several tickets', () => {
    it('gives one block per ticket, in first-seen order', () => {
      const r = parse('#escalate TG-000123 key account\n#priority TG-000124 P1\n#assign TG-000125 anna@example.com\n#status TG-000126 resolved\n#note TG-000127 called');
      assert.deepEqual(r.errors, []);
      assert.deepEqual(
        r.blocks.map((b) => b.ticketNumber),
        ['TG-000123', 'TG-000124', 'TG-000125', 'TG-000126', 'TG-000127'],
      );
    });

    it('merges lines on the same ticket into one block, wherever they are', () => {
      const r = parse('#priority TG-000124 P1\n#status TG-000123 pending\n#assign TG-000124 ion@example.com\n#note TG-000124 first\n#note TG-000124 second');
      assert.deepEqual(r.errors, []);
      assert.deepEqual(r.blocks, [
        { ticketNumber: 'TG-000124', commands: [{ kind: 'priority', priority: 'P1' }, { kind: 'assign', email: 'ion@example.com' }, { kind: 'note' }], note: 'first\nsecond' },
        { ticketNumber: 'TG-000123', commands: [{ kind: 'status', status: 'pending' }] },
      ]);
    });

    it('the same command with the same value counts once; #escalate keeps the reason', () => {
      assert.deepEqual(onlyBlock('#status TG-000123 resolved\n#STATUS [tg-000123] Resolved').commands, [{ kind: 'status', status: 'resolved' }]);
      assert.deepEqual(onlyBlock('#escalate TG-000123\n#escalate TG-000123 vendor').commands, [{ kind: 'escalate', reason: 'vendor' }]);
    });

    it('conflicting values on one ticket are an error naming the earlier line', () => {
      const r = parse('#priority TG-000124 P1\n#status TG-000123 open\n#priority TG-000124 P3');
      assert.deepEqual(r.errors, [{ line: 3, text: '#priority TG-000124 P3', problem: 'conflicts with line 1 (priority → P1)' }]);
    });

    it('different values on different tickets do not conflict', () => {
      const r = parse('#priority TG-000124 P1\n#priority TG-000125 P4');
      assert.deepEqual(r.errors, []);
      assert.deepEqual(
        r.blocks.map((b) => b.commands),
        [[{ kind: 'priority', priority: 'P1' }], [{ kind: 'priority', priority: 'P4' }]],
      );
    });
  });

  describe('ticket numbers', () => {
    it('accepts the subject-tag form, lower case, a trailing colon and more digits, canonically', () => {
      assert.equal(onlyBlock('#priority [TG-000123] P2').ticketNumber, 'TG-000123');
      assert.equal(onlyBlock('#priority tg-000123 P2').ticketNumber, 'TG-000123');
      assert.equal(onlyBlock('#priority TG-000123: P2').ticketNumber, 'TG-000123');
      assert.equal(onlyBlock('#priority TG-1234567 P2').ticketNumber, 'TG-1234567');
      assert.equal(parseManagerReply('#priority TG-000123 P2', { ticketPrefix: 'tg' }).blocks[0]?.ticketNumber, 'TG-000123');
    });

    it('a missing number is an error naming the line', () => {
      const r = parse('#status TG-000123 open\n\n#status resolved');
      assert.deepEqual(r.errors, [{ line: 3, text: '#status resolved', problem: 'expected a ticket number like TG-000123 right after #status, got "resolved"' }]);
      assert.match(onlyProblem('#escalate'), /expected a ticket number like TG-000123 right after #escalate, got nothing/);
      for (const text of ['#priority P1 TG-000123', '#status TG-123 open', '#note 000123 text', '#assign anna@example.com']) {
        assert.match(onlyProblem(text), /^expected a ticket number like TG-000123 right after/, text);
      }
    });

    it('a number of another desk is an error naming the line', () => {
      const r = parse('#priority HELP-000123 P1');
      assert.deepEqual(r.blocks, []);
      assert.deepEqual(r.errors, [{ line: 1, text: '#priority HELP-000123 P1', problem: 'expected a ticket number of this desk, like TG-000123, got "HELP-000123"' }]);
    });
  });

  describe('refused and unknown commands', () => {
    it('#merge and #resolve-problem are not available to managers', () => {
      for (const text of ['#merge TG-000123 TG-000124', '#resolve-problem TG-000123', '#Merge', '#RESOLVE-PROBLEM']) {
        assert.match(onlyProblem(text), /^#(merge|resolve-problem) is not available to managers/i, text);
      }
    });

    it('an unknown #word is an error that names it', () => {
      assert.equal(onlyProblem('#stauts TG-000123 closed'), 'unknown command "#stauts"');
      assert.equal(onlyProblem('#toString TG-000123'), 'unknown command "#toString"');
      assert.equal(onlyProblem('#'), 'unknown command "#"');
    });

    it('valid lines are still reported next to errors', () => {
      const r = parse('#priority TG-000124 P1\n#merge TG-000124 TG-000125');
      assert.equal(r.errors.length, 1);
      assert.deepEqual(r.blocks, [{ ticketNumber: 'TG-000124', commands: [{ kind: 'priority', priority: 'P1' }] }]);
    });
  });

  describe('block rules', () => {
    it('ignores the quoted digest and anything below the first non-# line', () => {
      const text = [
        '',
        '#priority TG-000124 P1',
        '',
        '#note TG-000127 called the customer',
        'Thanks, see above.',
        '#status TG-000126 closed',
        '',
        'On Monday, Desk <support@example.test> wrote:',
        '> #escalate TG-000999 quoted',
        '> Open tickets: TG-000124, TG-000127',
      ].join('\r\n');
      const r = parse(text);
      assert.deepEqual(r.errors, []);
      assert.deepEqual(
        r.blocks.map((b) => b.ticketNumber),
        ['TG-000124', 'TG-000127'],
      );
    });

    it('# followed by a digit ends the block', () => {
      const r = parse('#priority TG-000124 P1\n#1 priority is the printer\n#status TG-000124 closed');
      assert.deepEqual(r.errors, []);
      assert.deepEqual(r.blocks, [{ ticketNumber: 'TG-000124', commands: [{ kind: 'priority', priority: 'P1' }] }]);
    });

    it('a reply without commands has no blocks and no errors', () => {
      assert.deepEqual(parse('Thanks, looks good.\n> #status TG-000123 closed'), { blocks: [], errors: [] });
      assert.deepEqual(parse(''), { blocks: [], errors: [] });
    });

    it('keywords and values are case-insensitive, with extra spaces and a colon tolerated', () => {
      for (const text of ['#STATUS TG-000126 RESOLVED', '#Status: tg-000126  Resolved', '  #  status   TG-000126   resolved  ', '#status\u00a0TG-000126\u00a0resolved']) {
        assert.deepEqual(onlyBlock(text), { ticketNumber: 'TG-000126', commands: [{ kind: 'status', status: 'resolved' }] }, text);
      }
    });
  });

  describe('MANAGER_COMMAND_HELP', () => {
    it('lists every manager command and not the agent-only ones', () => {
      for (const word of ['#status', '#priority', '#category', '#escalate', '#assign', '#note', '[TG-000123]']) {
        assert.ok(MANAGER_COMMAND_HELP.includes(word), word);
      }
      assert.ok(!MANAGER_COMMAND_HELP.includes('#merge'));
      assert.ok(!MANAGER_COMMAND_HELP.includes('#resolve-problem'));
    });

    it('every example in the help parses without errors', () => {
      const examples = MANAGER_COMMAND_HELP.split('\n')
        .map((line) => /e\.g\. (#.*)$/.exec(line)?.[1])
        .filter((e): e is string => e !== undefined);
      assert.equal(examples.length, 6);
      for (const example of examples) {
        const r = parseManagerReply(example, { ticketPrefix: 'TG' });
        assert.deepEqual(r.errors, [], example);
        assert.equal(r.blocks.length, 1, example);
      }
    });
  });
});
