import { strict as assert } from 'node:assert';
import type { ParsedMail } from 'mailparser';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { readMailbox, sendAsCustomer, sendRaw, until, waitForMail } from '../support/mail';
import { ticketEvents, findEvent } from '../support/events';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
const addr = (m: ParsedMail, h: 'reply-to' | 'from') => {
  const v = m.headers.get(h) as { value: Array<{ address: string }> } | undefined;
  return v?.value[0].address ?? '';
};

/**
 * A ticket as a conversation carried on from everyone's own mail client, on
 * the real servers: customer → acknowledgement → agent notification → agent
 * answer relayed → customer reply threaded → internal note → resolved.
 */
describe('conversations by mail (real servers)', function () {
  this.timeout(120_000);
  const id = uniq();
  const agent = `agent-${id}@example.test`;
  const manager = `manager-${id}@example.test`;
  const customer = `cust-${id}@example.test`;
  const colleague = `colleague-${id}@example.test`;
  let gw: TestGateway;
  let number = '';
  let customerMsgId = '';

  before(async () => {
    gw = await startGateway({
      id,
      desk: {
        agents: [{ name: 'Ana Agent', email: agent, tier: 'L1', languages: ['en'] }, { name: 'Lev Second', email: `l2-${id}@example.test`, tier: 'L2', languages: ['ru', 'en'] }],
        managers: [{ name: 'Mia Manager', email: manager, language: 'en' }],
        conversation: { reopenDays: 7, maxAutoMailsPerHour: 3, requireAgentDkim: false },
      } as never,
    });
  });
  after(async () => gw?.stop());

  const ticket = () => gw.app.mongo.collection('tickets').findOne({ number });
  const agentNotification = async (count: number) => (await waitForMail(gw.stack, agent, count, 20_000))[count - 1];

  it('acknowledges the customer and notifies the agent with a signed Reply-To', async () => {
    const sent = await sendAsCustomer(gw.stack, { from: `Dana Client <${customer}>`, to: gw.support, cc: colleague, subject: 'Wi-Fi keeps dropping', text: 'Our office Wi-Fi drops every ten minutes.' } as never);
    customerMsgId = sent.messageId;
    const [ack] = await waitForMail(gw.stack, customer, 1);
    number = /\[(TG-\d{6})\]/.exec(ack.subject ?? '')![1];
    const note = await agentNotification(1);
    assert.ok(note.subject?.includes(`[${number}]`));
    assert.match(addr(note, 'reply-to'), new RegExp(`^support-${id}\\+${number}\\.[a-z2-7]{10}@example\\.test$`, 'i'));
    assert.match(note.text ?? '', /drops every ten minutes/);
    assert.deepEqual((await ticket())?.participants.sort(), [colleague, customer].sort());
  });

  it("relays the agent's answer to the customer (and CC) from the support address, threaded, without the quoted notification", async () => {
    const note = await agentNotification(1);
    await sendAsCustomer(gw.stack, { from: `Ana Agent <${agent}>`, to: addr(note, 'reply-to'), subject: `Re: ${note.subject}`, inReplyTo: note.messageId, text: `Please restart the access point on the 2nd floor.\n\nOn Mon, 23 Nov 2026 at 10:00, Example Support <${gw.support}> wrote:\n> Our office Wi-Fi drops every ten minutes.` } as never);
    const mails = await waitForMail(gw.stack, customer, 2);
    const relay = mails[1];
    assert.match(relay.text ?? '', /restart the access point/);
    assert.doesNotMatch(relay.text ?? '', /wrote:/);
    assert.equal(addr(relay, 'from'), gw.support);
    assert.match((relay.headers.get('from') as { text: string }).text, /Ana Agent/);
    assert.equal(relay.inReplyTo, customerMsgId);
    assert.ok(relay.subject?.includes(`[${number}]`));
    await waitForMail(gw.stack, colleague, 1);
    assert.ok((await ticket())?.firstRespondedAt);
  });

  it("threads the customer's reply into the ticket and tells the agent", async () => {
    const relay = (await readMailbox(gw.stack, customer))[1];
    await sendAsCustomer(gw.stack, { from: customer, to: gw.support, subject: `Re: ${relay.subject}`, inReplyTo: relay.messageId, references: [customerMsgId, relay.messageId], text: 'Restarted it, still drops.\n\n> Please restart the access point' } as never);
    await agentNotification(2);
    const t = await ticket();
    const messages = await gw.app.mongo.collection('messages').find({ ticketId: String(t?._id), direction: 'in' }).toArray();
    assert.ok(messages.some((m) => m.text === 'Restarted it, still drops.'), 'stored without the quote');
    assert.equal(await gw.app.mongo.collection('tickets').countDocuments({ 'requester.address': customer }), 1);
  });

  it('keeps a #note internal', async () => {
    const note = await agentNotification(2);
    await sendAsCustomer(gw.stack, { from: agent, to: addr(note, 'reply-to'), subject: `Re: ${note.subject}`, text: '#note\nFirmware on AP-2 is two years old.' } as never);
    await until('note stored', () => gw.app.mongo.collection('messages').findOne({ direction: 'note', text: /Firmware/ }));
    await settle(1500);
    assert.equal((await readMailbox(gw.stack, customer)).length, 2, 'nothing sent to the customer');
  });

  it('rejects an invalid command, applies nothing, and tells the agent', async () => {
    const note = await agentNotification(2);
    await sendAsCustomer(gw.stack, { from: agent, to: addr(note, 'reply-to'), subject: `Re: ${note.subject}`, text: '#status done\nWe replaced the access point.' } as never);
    const reply = await agentNotification(3);
    assert.match(reply.subject ?? '', /not applied/i);
    assert.match(reply.text ?? '', /#status done/);
    assert.equal((await ticket())?.status, 'open');
    assert.equal((await readMailbox(gw.stack, customer)).length, 2);
  });

  it('#status resolved is applied, recorded, and the customer is told', async () => {
    const note = await agentNotification(2);
    await sendAsCustomer(gw.stack, { from: agent, to: addr(note, 'reply-to'), subject: `Re: ${note.subject}`, text: '#status resolved\nWe replaced the access point; it should be stable now.' } as never);
    const mails = await waitForMail(gw.stack, customer, 4);
    assert.ok(mails.some((m) => /replaced the access point/.test(m.text ?? '')));
    assert.ok(mails.some((m) => /resolved|rezolvat|решен/i.test(m.subject ?? '')));
    const t = await ticket();
    assert.equal(t?.status, 'resolved');
    const actions = (await ticketEvents(gw.app.mongo, String(t?._id))).map((e) => e.action);
    for (const a of ['created', 'customer-replied', 'note-added', 'commands-rejected', 'command-status', 'agent-replied']) assert.ok(actions.includes(a), `history has ${a}: ${actions.join(', ')}`);
  });

  it('gives a forged agent address no command power', async () => {
    await sendAsCustomer(gw.stack, { from: agent, to: gw.support, subject: `Re: [${number}] Wi-Fi keeps dropping`, text: '#status closed\nclosing' } as never);
    await until('forgery recorded', () => findEvent(gw.app.mongo, 'unauthenticated-agent-mail'));
    assert.notEqual((await ticket())?.status, 'closed');
  });

  it('threads a reply-all from the CC\'d colleague into the same ticket', async () => {
    const [relay] = await readMailbox(gw.stack, colleague);
    await sendAsCustomer(gw.stack, { from: colleague, to: gw.support, cc: customer, subject: `Re: ${relay.subject}`, inReplyTo: relay.messageId, text: 'Same here on the 3rd floor.' } as never);
    await until('colleague reply threaded', () => gw.app.mongo.collection('messages').findOne({ 'from.address': colleague }));
    assert.equal(await gw.app.mongo.collection('tickets').countDocuments({}), 1, 'no new ticket');
    assert.equal((await ticket())?.status, 'open', 'a reply within the window reopens the resolved ticket');
  });

  it('opens a new ticket for a stranger who only copies a subject tag', async () => {
    const stranger = `stranger-${id}@example.test`;
    await sendAsCustomer(gw.stack, { from: stranger, to: gw.support, subject: `[${number}] my printer`, text: 'My printer is broken.' });
    await waitForMail(gw.stack, stranger, 1);
    const theirs = await gw.app.mongo.collection('tickets').findOne({ 'requester.address': stranger });
    assert.ok(theirs && theirs.number !== number);
  });

  it('answers "status" with the list of open tickets', async () => {
    await sendAsCustomer(gw.stack, { from: customer, to: gw.support, subject: 'status', text: '' });
    const list = await until('status list', async () => (await readMailbox(gw.stack, customer)).find((m) => /open tickets/i.test(m.subject ?? '')));
    assert.ok(list.text?.includes(number), 'the open ticket is listed');
  });

  it('attaches a bounce to its ticket, marks the address undeliverable, and mails it no more', async () => {
    const ack = (await readMailbox(gw.stack, customer))[0];
    const dsn = [
      `From: MAILER-DAEMON@example.test`, `To: ${gw.support}`, `Subject: Undelivered Mail Returned to Sender`, `Message-ID: <dsn-${id}@example.test>`, `Auto-Submitted: auto-replied`,
      `MIME-Version: 1.0`, `Content-Type: multipart/report; report-type=delivery-status; boundary="b1"`, ``,
      `--b1`, `Content-Type: text/plain`, ``, `Your message could not be delivered.`, ``,
      `--b1`, `Content-Type: message/delivery-status`, ``, `Reporting-MTA: dns; mx.example.test`, ``, `Final-Recipient: rfc822; ${customer}`, `Action: failed`, `Status: 5.2.1`, `Diagnostic-Code: smtp; 550 5.2.1 mailbox disabled`, ``,
      `--b1`, `Content-Type: text/rfc822-headers`, ``, `From: ${gw.support}`, `To: ${customer}`, `Subject: ${ack.subject}`, `Message-ID: ${ack.messageId}`, ``,
      `--b1--`, ``,
    ].join('\r\n');
    await sendRaw(gw.stack, { from: '', to: gw.support }, dsn);
    await until('bounce attached', () => findEvent(gw.app.mongo, 'mail-bounced'));
    const contact = await gw.app.mongo.collection('contacts').findOne({ email: customer });
    assert.ok(contact?.undeliverable, 'marked undeliverable');
    const note = await agentNotification(2);
    const before = (await readMailbox(gw.stack, customer)).length;
    await sendAsCustomer(gw.stack, { from: agent, to: addr(note, 'reply-to'), subject: `Re: ${note.subject}`, text: 'Any news?' } as never);
    await until('relay suppressed', () => findEvent(gw.app.mongo, 'mail-suppressed'));
    assert.equal((await readMailbox(gw.stack, customer)).length, before);
  });
});

describe('loop protection and several support addresses (real servers)', function () {
  this.timeout(120_000);
  const id = uniq();
  let gw: TestGateway;
  before(async () => {
    gw = await startGateway({
      id,
      desk: {
        mailboxes: [{ address: `support-${id}@example.test` }, { address: `help-${id}@example.test`, passwordEnv: 'IMAP_PASSWORD', imapUser: `help-${id}@example.test` }],
        managers: [{ name: 'Mia Manager', email: `manager-${id}@example.test`, language: 'en' }],
        conversation: { reopenDays: 7, maxAutoMailsPerHour: 3, requireAgentDkim: false },
      } as never,
    });
  });
  after(async () => gw?.stop());

  it('never answers an out-of-office reply', async () => {
    const away = `away-${id}@example.test`;
    await sendAsCustomer(gw.stack, { from: away, to: gw.support, subject: 'Out of Office: Re: [TG-000001]', text: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } });
    await until('quarantined', () => gw.app.mongo.collection('quarantine').findOne({ from: away }));
    await settle(1000);
    assert.equal((await readMailbox(gw.stack, away)).length, 0);
  });

  it('caps automatic mail to one address and alerts the managers once', async () => {
    const robot = `robot-${id}@example.test`;
    for (let i = 0; i < 5; i++) await sendAsCustomer(gw.stack, { from: robot, to: gw.support, subject: `Ticket request ${i}`, text: `Automated check ${i} failed.` });
    await until('five mails handled', async () => (await gw.app.mongo.collection('rawmails').countDocuments({ status: { $ne: 'stored' } })) >= 6);
    await settle(2000);
    assert.equal((await readMailbox(gw.stack, robot)).length, 3, 'three acknowledgements, then the cap');
    const alerts = await waitForMail(gw.stack, `manager-${id}@example.test`, 1);
    await settle(1000);
    assert.equal((await readMailbox(gw.stack, `manager-${id}@example.test`)).length, 1);
    assert.match(alerts[0].subject ?? '', /robot-/);
  });

  it('makes one ticket of one mail sent to two support addresses', async () => {
    const both = `both-${id}@example.test`;
    await sendAsCustomer(gw.stack, { from: both, to: [`support-${id}@example.test`, `help-${id}@example.test`], subject: 'Invoice copy', text: 'Please send me a copy of invoice 2026-117.' } as never);
    await waitForMail(gw.stack, both, 1);
    await settle(2500);
    assert.equal(await gw.app.mongo.collection('tickets').countDocuments({ 'requester.address': both }), 1);
    assert.equal((await readMailbox(gw.stack, both)).length, 1);
  });
});
