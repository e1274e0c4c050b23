import assert from 'node:assert/strict';
import {
  addParsedLine,
  COMMAND_HELP,
  describeCommand,
  isCommandLine,
  parseAgentReply,
  parseCommandLine,
  splitCommandLine,
  type BlockState,
  type Command,
  type ParsedAgentReply,
} from '../../src/domain/commands';

const AGENTS = new Set(['anna@example.com', 'ion@example.com']);
const OPTS = { ticketPrefix: 'TG', isKnownAgent: (email: string) => AGENTS.has(email) };

function parse(text: string): ParsedAgentReply {
  return parseAgentReply(text, OPTS);
}

function onlyCommand(text: string): Command {
  const r = parse(text);
  assert.deepEqual(r.errors, [], text);
  assert.equal(r.commands.length, 1, text);
  return r.commands[0];
}

function onlyProblem(text: string): string {
  const r = parse(text);
  assert.equal(r.errors.length, 1, `${text}: ${JSON.stringify(r.errors)}`);
  return r.errors[0].problem;
}

describe('commands', () => {
  describe('command block and body', () => {
    it('reads commands at the top and keeps the rest, trimmed, as the body', () => {
      const r = parse('#status resolved\n#priority P2\n\nHello,\n\nthe driver is reinstalled.\n\n');
      assert.deepEqual(r.commands, [
        { kind: 'status', status: 'resolved' },
        { kind: 'priority', priority: 'P2' },
      ]);
      assert.deepEqual(r.errors, []);
      assert.equal(r.body, 'Hello,\n\nthe driver is reinstalled.');
      assert.equal(r.internal, false);
    });

    it('allows blank lines before and between commands, and CRLF line ends', () => {
      const r = parse('\r\n  \r\n#status pending\r\n\r\n#category network\r\nWe are on it.\r\n');
      assert.deepEqual(r.commands, [
        { kind: 'status', status: 'pending' },
        { kind: 'category', category: 'network' },
      ]);
      assert.equal(r.body, 'We are on it.');
    });

    it('a reply without commands is all body', () => {
      const r = parse('  Hello, please restart the router.  ');
      assert.deepEqual(r, { commands: [], errors: [], body: 'Hello, please restart the router.', internal: false });
    });

    it('a reply of commands only has an empty body', () => {
      assert.equal(parse('#status closed\n\n').body, '');
      assert.equal(parse('').body, '');
    });

    it('a # line after the first prose line is body, not a command', () => {
      const text = 'Hello,\n#status resolved\n#1 problem is the cable.\n#unknown';
      const r = parse(text);
      assert.deepEqual(r.commands, []);
      assert.deepEqual(r.errors, []);
      assert.equal(r.body, text);
    });

    it('# followed by a digit is prose and ends the block', () => {
      const r = parse('#priority p1\n#1 the printer is on fire\n#status resolved');
      assert.deepEqual(r.commands, [{ kind: 'priority', priority: 'P1' }]);
      assert.deepEqual(r.errors, []);
      assert.equal(r.body, '#1 the printer is on fire\n#status resolved');
    });

    it('tolerates case, extra spaces, a colon, leading indentation and non-breaking spaces', () => {
      for (const text of ['#status resolved', '#STATUS RESOLVED', '#Status:  Resolved', '#status:resolved', '  #  status   :   resolved  ', '#status\u00a0resolved']) {
        assert.deepEqual(onlyCommand(text), { kind: 'status', status: 'resolved' }, text);
      }
    });
  });

  describe('each command', () => {
    it('#status takes open, pending, resolved or closed', () => {
      for (const status of ['open', 'pending', 'resolved', 'closed'] as const) {
        assert.deepEqual(onlyCommand(`#status ${status}`), { kind: 'status', status });
      }
    });

    it('#status rejects other values naming the expected ones', () => {
      for (const text of ['#status new', '#status done', '#status', '#status resolved please', '#status решено']) {
        assert.match(onlyProblem(text), /expected one of open, pending, resolved, closed/, text);
      }
    });

    it('#priority takes P1-P4 in any case', () => {
      assert.deepEqual(onlyCommand('#priority p2'), { kind: 'priority', priority: 'P2' });
      assert.deepEqual(onlyCommand('#Priority: P4'), { kind: 'priority', priority: 'P4' });
      for (const text of ['#priority 2', '#priority P5', '#priority high', '#priority']) {
        assert.match(onlyProblem(text), /expected one of P1, P2, P3, P4/, text);
      }
    });

    it('#category takes the desk categories in any case', () => {
      assert.deepEqual(onlyCommand('#category Network'), { kind: 'category', category: 'network' });
      assert.deepEqual(onlyCommand('#CATEGORY billing'), { kind: 'category', category: 'billing' });
      assert.match(onlyProblem('#category printers'), /expected one of hardware, software, network, access, billing/);
    });

    it('#escalate takes an optional free-text reason', () => {
      assert.deepEqual(onlyCommand('#escalate'), { kind: 'escalate' });
      assert.deepEqual(onlyCommand('#escalate: needs a site visit, L1 cannot help'), {
        kind: 'escalate',
        reason: 'needs a site visit, L1 cannot help',
      });
    });

    it('#assign takes a configured agent address, lower-cased', () => {
      assert.deepEqual(onlyCommand('#assign Anna@Example.com'), { kind: 'assign', email: 'anna@example.com' });
      assert.deepEqual(onlyCommand('#assign <ion@example.com>'), { kind: 'assign', email: 'ion@example.com' });
      assert.deepEqual(onlyCommand('#assign anna@example.com <mailto:anna@example.com>'), { kind: 'assign', email: 'anna@example.com' });
    });

    it('#assign rejects a malformed address or two addresses', () => {
      for (const text of ['#assign', '#assign anna', '#assign anna@', '#assign anna@example', '#assign a@b.com c@d.com', '#assign @example.com']) {
        assert.match(onlyProblem(text), /expected one agent e-mail address/, text);
      }
    });

    it('#assign rejects an address that is not a configured agent', () => {
      assert.match(onlyProblem('#assign bob@example.com'), /not a configured agent/);
      const open = parseAgentReply('#assign bob@example.com', { ticketPrefix: 'TG' });
      assert.deepEqual(open.commands, [{ kind: 'assign', email: 'bob@example.com' }], 'without isKnownAgent any address goes');
    });

    it('#merge takes a ticket number of this desk, canonical form', () => {
      assert.deepEqual(onlyCommand('#merge TG-000123'), { kind: 'merge', ticketNumber: 'TG-000123' });
      assert.deepEqual(onlyCommand('#merge tg-000042'), { kind: 'merge', ticketNumber: 'TG-000042' });
      assert.deepEqual(onlyCommand('#merge [TG-1234567]'), { kind: 'merge', ticketNumber: 'TG-1234567' });
      const lowerPrefix = parseAgentReply('#merge TG-000007', { ticketPrefix: 'tg' });
      assert.deepEqual(lowerPrefix.commands, [{ kind: 'merge', ticketNumber: 'TG-000007' }]);
    });

    it('#merge rejects other shapes and other desks', () => {
      for (const text of ['#merge', '#merge 123', '#merge TG-123', '#merge TG-000123 TG-000124']) {
        assert.match(onlyProblem(text), /expected a ticket number like TG-000123/, text);
      }
      assert.match(onlyProblem('#merge HELP-000123'), /of this desk/);
    });

    it('#note alone makes the reply internal', () => {
      const r = parse('#note\nCustomer called, will send logs tomorrow.');
      assert.deepEqual(r.commands, [{ kind: 'note' }]);
      assert.equal(r.internal, true);
      assert.equal(r.body, 'Customer called, will send logs tomorrow.');
    });

    it('#note text on the same line becomes the first line of the body', () => {
      const r = parse('#status pending\n#note: waiting for the vendor\nRMA opened.');
      assert.deepEqual(r.commands, [{ kind: 'status', status: 'pending' }, { kind: 'note' }]);
      assert.equal(r.internal, true);
      assert.equal(r.body, 'waiting for the vendor\nRMA opened.');
      assert.equal(parse('#NOTE called the customer').body, 'called the customer');
    });
  });

  describe('errors', () => {
    it('an unknown #word is an error that names it, with its line', () => {
      const r = parse('#status resolved\n#stauts closed\nHi');
      assert.deepEqual(r.errors, [{ line: 2, text: '#stauts closed', problem: 'unknown command "#stauts"' }]);
      assert.deepEqual(r.commands, [{ kind: 'status', status: 'resolved' }]);
      assert.equal(r.body, 'Hi');
    });

    it('a bare # or # with punctuation is an unknown command, not body sent to the customer', () => {
      for (const text of ['#', '#!urgent', '## heading', '#toString', '#__proto__ x']) {
        assert.match(onlyProblem(text), /^unknown command/, text);
      }
    });

    it('reports line numbers counted from the first line of the reply, blank lines included', () => {
      const r = parse('\n\n#priority P9\n\n#category food');
      assert.deepEqual(
        r.errors.map((e) => [e.line, e.text]),
        [
          [3, '#priority P9'],
          [5, '#category food'],
        ],
      );
    });

    it('conflicting duplicates are an error; identical duplicates count once', () => {
      const conflict = parse('#status resolved\n#status pending');
      assert.deepEqual(conflict.errors, [{ line: 2, text: '#status pending', problem: 'conflicts with line 1 (status → resolved)' }]);
      for (const text of ['#priority P1\n#priority P2', '#assign anna@example.com\n#assign ion@example.com', '#merge TG-000001\n#merge TG-000002', '#escalate vendor\n#escalate site visit']) {
        assert.match(onlyProblem(text), /^conflicts with line 1/, text);
      }
      assert.deepEqual(parse('#status resolved\n#Status: RESOLVED').commands, [{ kind: 'status', status: 'resolved' }]);
      assert.deepEqual(parse('#note a\n#note b\nbody').commands, [{ kind: 'note' }]);
      assert.equal(parse('#note a\n#note b\nbody').body, 'a\nb\nbody');
    });

    it('two #escalate, one with a reason, keep the reason', () => {
      assert.deepEqual(parse('#escalate\n#escalate vendor needed').commands, [{ kind: 'escalate', reason: 'vendor needed' }]);
      assert.deepEqual(parse('#escalate vendor needed\n#escalate').commands, [{ kind: 'escalate', reason: 'vendor needed' }]);
    });

    it('valid commands are still reported next to errors, and #note still marks the reply internal', () => {
      const r = parse('#note\n#priority urgent\nsecret');
      assert.deepEqual(r.commands, [{ kind: 'note' }]);
      assert.equal(r.errors.length, 1);
      assert.equal(r.internal, true);
    });
  });

  describe('describeCommand', () => {
    it('gives a short text for the history', () => {
      const cases: [Command, string][] = [
        [{ kind: 'status', status: 'resolved' }, 'status → resolved'],
        [{ kind: 'priority', priority: 'P2' }, 'priority → P2'],
        [{ kind: 'category', category: 'network' }, 'category → network'],
        [{ kind: 'escalate' }, 'escalated'],
        [{ kind: 'escalate', reason: 'vendor' }, 'escalated: vendor'],
        [{ kind: 'assign', email: 'anna@example.com' }, 'assigned → anna@example.com'],
        [{ kind: 'merge', ticketNumber: 'TG-000123' }, 'merged into TG-000123'],
        [{ kind: 'note' }, 'internal note'],
      ];
      for (const [command, text] of cases) assert.equal(describeCommand(command), text);
    });
  });

  describe('COMMAND_HELP', () => {
    it('lists every command with an example', () => {
      for (const word of ['#status', '#priority', '#category', '#escalate', '#assign', '#merge', '#note', 'resolved', 'P2', 'network', 'TG-000123']) {
        assert.ok(COMMAND_HELP.includes(word), word);
      }
    });

    it('every example in the help parses without errors', () => {
      const examples = COMMAND_HELP.split('\n')
        .map((line) => /e\.g\. (#.*)$/.exec(line)?.[1])
        .filter((e): e is string => e !== undefined);
      assert.ok(examples.length >= 6);
      for (const example of examples) {
        const r = parseAgentReply(example, { ticketPrefix: 'TG' });
        assert.deepEqual(r.errors, [], example);
        assert.equal(r.commands.length, 1, example);
      }
    });
  });
});

describe('commands: #resolve-problem', () => {
  const opts = { ticketPrefix: 'TG' };

  it('takes no argument and leaves the message as the body', () => {
    const r = parseAgentReply('#resolve-problem\n#status resolved\n\nThe mail server is back.', opts);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.commands, [{ kind: 'resolve-problem' }, { kind: 'status', status: 'resolved' }]);
    assert.equal(r.body, 'The mail server is back.');
    assert.equal(r.internal, false);
  });

  it('is case-insensitive and tolerates a colon', () => {
    for (const text of ['#Resolve-Problem', '#RESOLVE-PROBLEM:', '  #resolve-problem  ']) {
      assert.deepEqual(parseAgentReply(text, opts).commands, [{ kind: 'resolve-problem' }], text);
    }
  });

  it('an argument is an error that says where the explanation goes', () => {
    const r = parseAgentReply('#resolve-problem the mail server is back\nHello', opts);
    assert.deepEqual(r.commands, []);
    assert.deepEqual(r.errors, [
      { line: 1, text: '#resolve-problem the mail server is back', problem: 'takes no argument: write the explanation for the customers below the commands' },
    ]);
  });

  it('twice counts once', () => {
    const r = parseAgentReply('#resolve-problem\n#resolve-problem\nDone.', opts);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.commands, [{ kind: 'resolve-problem' }]);
  });

  it('is described for the history and listed in the help', () => {
    assert.equal(describeCommand({ kind: 'resolve-problem' }), 'problem resolved: every linked ticket resolved and its customer told');
    assert.ok(COMMAND_HELP.includes('  #resolve-problem                       resolve the problem this ticket is part of, and all its tickets; your message goes to every customer'));
  });
});

describe('commands: per-line helpers', () => {
  const opts = { ticketPrefix: 'TG' };

  it('isCommandLine: # then a digit is prose', () => {
    assert.equal(isCommandLine('#status resolved'), true);
    assert.equal(isCommandLine('#'), true);
    assert.equal(isCommandLine('#1 the printer'), false);
    assert.equal(isCommandLine('status'), false);
  });

  it('splitCommandLine gives the lower-cased keyword, the keyword as written and the trimmed argument', () => {
    assert.deepEqual(splitCommandLine('#Status:  Resolved '), { keyword: 'status', written: '#Status', arg: 'Resolved' });
    assert.deepEqual(splitCommandLine('#resolve-problem'), { keyword: 'resolve-problem', written: '#resolve-problem', arg: '' });
    assert.equal(splitCommandLine('#!urgent'), undefined);
  });

  it('parseCommandLine gives the command, the #note text, or the problem, like parseAgentReply', () => {
    assert.deepEqual(parseCommandLine('#priority p1', opts), { command: { kind: 'priority', priority: 'P1' } });
    assert.deepEqual(parseCommandLine('#note called back', opts), { command: { kind: 'note' }, noteText: 'called back' });
    assert.deepEqual(parseCommandLine('#note', opts), { command: { kind: 'note' } });
    assert.deepEqual(parseCommandLine('#Stauts closed', opts), { problem: 'unknown command "#Stauts"' });
    assert.deepEqual(parseCommandLine('#toString', opts), { problem: 'unknown command "#toString"' });
    assert.deepEqual(parseCommandLine('#', opts), { problem: 'unknown command "#"' });
    assert.match((parseCommandLine('#status done', opts) as { problem: string }).problem, /expected one of open/);
  });

  it('addParsedLine records commands, note text and conflicts in the given state', () => {
    const state: BlockState = { commands: [], lines: [], errors: [], noteText: [] };
    addParsedLine(parseCommandLine('#status pending', opts), 3, '#status pending', state);
    addParsedLine(parseCommandLine('#note waiting', opts), 4, '#note waiting', state);
    addParsedLine(parseCommandLine('#status closed', opts), 5, 'shown text', state);
    addParsedLine({ problem: 'bad' }, 6, '#x', state);
    assert.deepEqual(state.commands, [{ kind: 'status', status: 'pending' }, { kind: 'note' }]);
    assert.deepEqual(state.lines, [3, 4]);
    assert.deepEqual(state.noteText, ['waiting']);
    assert.deepEqual(state.errors, [
      { line: 5, text: 'shown text', problem: 'conflicts with line 3 (status → pending)' },
      { line: 6, text: '#x', problem: 'bad' },
    ]);
  });
});
