import { strict as assert } from 'node:assert';
import { acceptRawMails } from '../../src/app/accept-raw-mails';
import type { DeskSettings } from '../../src/app/desk-settings';
import { createIntake } from '../../src/app/intake';
import { withCare } from '../../src/app/care-schedule';
import { createOutgoing } from '../../src/app/outgoing';
import { computeMailKey } from '../../src/domain/mail-key';
import { replyAddress } from '../../src/domain/reply-token';
import { parseMail } from '../../src/mail/parse';
import { createRenderer } from '../../src/mail/render';
import { memoryPorts } from '../support/memory-ports';
import { testDesk } from '../support/desk';

const desk: DeskSettings = testDesk({
  timeZone: 'UTC',
  agents: [
    { name: 'Ana L1', email: 'ana@example.test', tier: 'L1', languages: ['en'] },
    { name: 'Lev L2', email: 'lev@example.test', tier: 'L2', languages: ['ru'] },
    { name: 'Ion L3', email: 'ion@example.test', tier: 'L3', languages: ['ro'] },
  ],
  managers: [{ name: 'Mia', email: 'mia@example.test', language: 'en' }],
  maxAutoMailsPerHour: 2,
});
const templates = createRenderer();
let n = 0;

function raw(from: string, to: string, subject: string, text: string) {
  const bytes = Buffer.from(`From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-ID: <m${++n}@client.test>\r\n\r\n${text}\r\n`);
  const k = computeMailKey(bytes);
  return { key: k.key, messageId: k.messageId, size: bytes.length, raw: bytes, mailbox: 'support@example.test', source: { kind: 'replay' as const, path: 'x' }, receivedAt: new Date() };
}

async function setup() {
  const ports = memoryPorts();
  const clock = { now: () => new Date('2026-11-23T10:00:00Z') };
  const base = { ...ports, tickets: withCare(ports.tickets, desk.care), templates, desk, clock };
  const intake = createIntake({ ...base, outgoing: createOutgoing(base), parse: parseMail, alert: async () => undefined, rateTicket: async () => undefined });
  const accept = acceptRawMails(ports);
  const deliver = async (from: string, to: string, subject: string, text: string) => intake.process((await accept([raw(from, to, subject, text)]))[0].id);
  await deliver('Dana <dana@client.test>', 'support@example.test', 'VPN is down', 'The VPN does not connect.');
  const ticket = [...ports.state.tickets.values()][0];
  const agentTo = replyAddress('support@example.test', ticket.number, desk.tokenSecret);
  return { ports, ticket, deliver, agentTo, sentTo: (a: string) => [...ports.state.outbox.values()].filter((o) => o.to[0].address === a) };
}

describe('agent replies (in-memory ports)', () => {
  it('escalates to the next tier and notifies that tier, recording the reason', async () => {
    const { ports, ticket, deliver, agentTo, sentTo } = await setup();
    await deliver('ana@example.test', agentTo, 'Re: VPN', '#escalate needs firewall access\n#priority P2');
    assert.equal(ticket.tier, 'L2');
    assert.equal(ticket.priority, 'P2');
    assert.equal(sentTo('lev@example.test').length, 1, 'the L2 agent is told');
    const [note] = sentTo('lev@example.test');
    assert.match(note.text, /Причина: needs firewall access/, 'the reason, in the L2 agent\'s language');
    assert.match(note.text, /> The VPN does not connect\./, "and the customer's own words, not the reason, as the customer's message");
    const events = [...ports.state.events.values()].filter((e) => e.action === 'command-escalate');
    assert.equal(events[0].detail.reason, 'needs firewall access');
    assert.equal(sentTo('dana@client.test').length, 1, 'only the acknowledgement: commands alone are not relayed');
  });

  it("an escalation quotes the customer's latest mail, not a later bounce or a stranger's", async () => {
    const { ports, ticket, deliver, agentTo, sentTo } = await setup();
    const later = new Date('2026-11-23T11:00:00Z');
    for (const [key, address, text] of [['in:b', 'mailer-daemon@mx.test', 'Delivery failed.'], ['in:s', 'stranger@else.test', 'Buy cheap watches.']]) {
      await ports.messages.addOnce({ key, ticketId: ticket.id, direction: 'in', from: { address }, to: [], cc: [], subject: 'x', text, at: later });
    }
    await deliver('ana@example.test', agentTo, 'Re: VPN', '#escalate needs firewall access');
    const [note] = sentTo('lev@example.test');
    assert.match(note.text, /> The VPN does not connect\./);
    assert.doesNotMatch(note.text, /Delivery failed|cheap watches/);
  });

  it('applies nothing when one command is invalid, and tells the agent', async () => {
    const { ticket, deliver, agentTo, sentTo } = await setup();
    await deliver('ana@example.test', agentTo, 'Re: VPN', '#priority P2\n#merge TG-999999\nFixed it.');
    assert.equal(ticket.priority, 'P3');
    assert.ok(sentTo('ana@example.test').some((o) => o.kind === 'command-error' && /TG-999999/.test(o.text)));
    assert.equal(sentTo('dana@client.test').length, 1, 'nothing relayed');
  });

  it('refuses #escalate at the highest tier', async () => {
    const { ticket, deliver, agentTo, sentTo } = await setup();
    await deliver('ana@example.test', agentTo, 'Re: VPN', '#escalate');
    await deliver('ana@example.test', agentTo, 'Re: VPN', '#escalate');
    await deliver('ana@example.test', agentTo, 'Re: VPN', '#escalate');
    assert.equal(ticket.tier, 'L3');
    assert.ok(sentTo('ana@example.test').some((o) => o.kind === 'command-error' && /highest tier/.test(o.text)));
  });

  it('assigns, and the assignee alone gets later notifications', async () => {
    const { ports, ticket, deliver, agentTo } = await setup();
    await deliver('ana@example.test', agentTo, 'Re: VPN', '#assign ion@example.test');
    assert.equal(ticket.assignee, 'ion@example.test');
    const before = ports.state.outbox.size;
    await deliver('dana@client.test', 'support@example.test', `Re: [${ticket.number}] VPN`, 'Still down.');
    const fresh = [...ports.state.outbox.values()].slice(before);
    assert.deepEqual(fresh.map((o) => o.to[0].address), ['ion@example.test']);
  });

  it('a mail from an agent address without the token is a plain message with no command power', async () => {
    const { ports, ticket, deliver } = await setup();
    const before = ticket.status;
    await deliver('ana@example.test', 'support@example.test', `Re: [${ticket.number}] VPN`, '#status closed');
    assert.equal(ticket.status, before, 'kept on the ticket without moving it (not closed, not even opened)');
    assert.ok([...ports.state.events.values()].some((e) => e.action === 'unauthenticated-agent-mail'));
  });

  it('caps automatic mail per address and records what it held back', async () => {
    const { ports, deliver, sentTo } = await setup();
    await deliver('dana@client.test', 'support@example.test', 'Printer', 'Printer jams.');
    await deliver('dana@client.test', 'support@example.test', 'Scanner', 'Scanner is slow.');
    assert.equal(sentTo('dana@client.test').length, 2, 'the third acknowledgement within the hour is held back');
    assert.ok([...ports.state.events.values()].some((e) => e.action === 'mail-suppressed' && e.detail.reason === 'auto-mail-cap'));
  });

  it('sends nothing to an address marked undeliverable until it writes again', async () => {
    const { ports, ticket, deliver, agentTo, sentTo } = await setup();
    ports.state.undeliverable.add('dana@client.test');
    await deliver('ana@example.test', agentTo, 'Re: VPN', 'Please try again now.');
    assert.equal(sentTo('dana@client.test').length, 1, 'the relay is held back');
    await deliver('dana@client.test', 'support@example.test', `Re: [${ticket.number}] VPN`, 'Works now, thanks.');
    await deliver('ana@example.test', agentTo, 'Re: VPN', 'Great, closing.');
    assert.equal(sentTo('dana@client.test').length, 2, 'writing again cleared the mark');
  });
});
