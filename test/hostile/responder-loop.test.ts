import { strict as assert } from 'node:assert';
import type { ParsedMail } from 'mailparser';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { imapFor, readMailbox, sendAsCustomer, until, waitForMail } from '../support/mail';
import { appendRaw, assertFinal, settle, type RawOutcome } from './helpers';

const CAP = 4;

type Answer = (incoming: ParsedMail) => { subject: string; text: string; headers?: Record<string, string> };

/**
 * A real autoresponder on the real servers: it watches its own IMAP INBOX and
 * answers every mail that arrives there through Postfix to the support
 * address, for as long as the test lets it run. Returns how many it sent.
 */
function startResponder(gw: TestGateway, address: string, answer: Answer) {
  let running = true;
  let sent = 0;
  const done = (async () => {
    let seen = 0;
    while (running) {
      const inbox = await readMailbox(gw.stack, address);
      for (const incoming of inbox.slice(seen)) {
        await sendAsCustomer(gw.stack, { from: address, to: gw.support, ...answer(incoming) });
        sent++;
      }
      seen = inbox.length;
      await settle(300);
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return sent;
    },
  };
}

/** Waits until `address`'s INBOX has not grown for `quietMs` (the loop has stopped), or fails after `timeoutMs`. */
async function quiet(gw: TestGateway, address: string, quietMs: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let since = Date.now();
  for (;;) {
    const n = (await readMailbox(gw.stack, address)).length;
    if (n !== last) [last, since] = [n, Date.now()];
    if (Date.now() - since >= quietMs) return n;
    if (Date.now() > deadline) throw new Error(`${address} still receiving after ${timeoutMs} ms (${n} mails)`);
    await settle(500);
  }
}

async function finalRows(gw: TestGateway, address: string, count: number): Promise<RawOutcome[]> {
  const col = gw.app.mongo.collection('messages');
  const rawCol = gw.app.mongo.collection('rawmails');
  return until(`${count} mails from ${address} with a final status`, async () => {
    const all = (await rawCol.find({}, { projection: { raw: 0 } }).toArray()) as unknown as Array<RawOutcome & { from?: string }>;
    const final = all.filter((r) => r.status === 'done' || r.status === 'quarantined');
    if (final.length !== all.length) return undefined;
    const fromThem = await col.countDocuments({ 'from.address': address });
    const quarantined = await gw.app.mongo.collection('quarantine').countDocuments({ from: address });
    return fromThem + quarantined >= count ? final : undefined;
  }, 60_000);
}

/**
 * Responder loops: the gateway answers a mail, a robot answers the answer, and
 * so on. RFC 3834 responders mark their mail and are never answered; a naive
 * one that replies in-thread lands on its ticket and gets nothing back; the
 * hostile one starts a new thread every time, and only the per-address cap on
 * automatic mail (maxAutoMailsPerHour) stops it. Every robot mail is kept.
 */
describe('hostile: responder loops', function () {
  this.timeout(240_000);
  const id = uniq();
  const manager = `manager-${id}@example.test`;
  let gw: TestGateway;

  before(async () => {
    gw = await startGateway({
      id,
      desk: {
        managers: [{ name: 'Mia Manager', email: manager, language: 'en' }],
        conversation: { reopenDays: 7, maxAutoMailsPerHour: CAP, requireAgentDkim: false },
      },
    });
  });
  after(async () => gw?.stop());

  it('an RFC 3834 responder (Auto-Submitted: auto-replied) is quarantined with a reason and never answered', async () => {
    const robot = `ooo-${id}@example.test`;
    const responder = startResponder(gw, robot, (m) => ({ subject: `Automatic reply: ${m.subject}`, text: 'I am out of the office until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } }));
    await sendAsCustomer(gw.stack, { from: robot, to: gw.support, subject: 'Printer offline', text: 'The printer on floor 2 is offline.' });
    await waitForMail(gw.stack, robot, 1, 30_000);
    const received = await quiet(gw, robot, 6000, 60_000);
    const sent = await responder.stop();
    assert.equal(received, 1, 'only the acknowledgement of the first, human mail');
    assert.equal(sent, 1);
    const q = await until('out-of-office quarantined', () => gw.app.mongo.collection('quarantine').findOne({ from: robot }), 30_000);
    assert.ok(String(q.reason).length > 0);
  });

  it('a naive in-thread responder (no markers, "Re:" subject, In-Reply-To) lands on its ticket and gets nothing back', async () => {
    const robot = `naive-${id}@example.test`;
    const responder = startResponder(gw, robot, (m) => ({ subject: `Re: ${m.subject}`, text: 'Thank you, we received your message.', headers: { 'In-Reply-To': m.messageId ?? '' } }));
    await sendAsCustomer(gw.stack, { from: robot, to: gw.support, subject: 'Scanner jams', text: 'The scanner jams on every page.' });
    await waitForMail(gw.stack, robot, 1, 30_000);
    const received = await quiet(gw, robot, 6000, 60_000);
    const sent = await responder.stop();
    assert.equal(received, 1);
    assert.equal(sent, 1);
    await finalRows(gw, robot, 2);
    assert.equal(await gw.app.mongo.collection('tickets').countDocuments({ 'requester.address': robot }), 1, 'one ticket, the reply threaded into it');
  });

  it(`a hostile responder that opens a new thread every time is cut off at ${CAP} automatic mails, the managers alerted once, every robot mail kept`, async () => {
    const robot = `robot-${id}@example.test`;
    let n = 0;
    const responder = startResponder(gw, robot, () => ({ subject: `Thank you for contacting ACME (case ${++n})`, text: `We have received your message and opened case ${n}.` }));
    await sendAsCustomer(gw.stack, { from: robot, to: gw.support, subject: 'Thank you for contacting ACME (case 0)', text: 'We have received your message and opened case 0.' });
    await waitForMail(gw.stack, robot, 1, 30_000);
    const received = await quiet(gw, robot, 8000, 120_000);
    const sent = await responder.stop();
    assert.equal(received, CAP, `the gateway sent ${received} automatic mails to the robot; the cap is ${CAP}`);
    assert.equal(sent, CAP, 'the robot answered each of them');
    const rows = await finalRows(gw, robot, sent + 1);
    await assertFinal(gw, rows);
    const robotMails = await gw.app.mongo.collection('tickets').countDocuments({ 'requester.address': robot });
    assert.equal(robotMails, sent + 1, 'each robot mail is kept as its ticket (nothing dropped, only not answered)');
    const alerts = await waitForMail(gw.stack, manager, 1, 30_000);
    await settle(1500);
    assert.equal((await readMailbox(gw.stack, manager)).length, 1, 'one loop alert');
    assert.match(alerts[0].subject ?? '', new RegExp(`robot-${id}`));
  });

  it("the gateway's own acknowledgement fed back into the support mailbox is quarantined as a loop and answered by nobody", async () => {
    const customer = `echo-${id}@example.test`;
    await sendAsCustomer(gw.stack, { from: customer, to: gw.support, subject: 'Mouse broken', text: 'My mouse stopped working.' });
    await waitForMail(gw.stack, customer, 1, 30_000);
    const client = imapFor(gw.stack, customer);
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    const [ack] = await client.fetchAll('1', { source: true });
    lock.release();
    await client.logout();
    const tickets = await gw.app.mongo.collection('tickets').countDocuments({});
    await appendRaw(gw, [ack.source!]);
    const q = await until('own mail quarantined', () => gw.app.mongo.collection('quarantine').findOne({ reason: 'loop' }), 30_000);
    assert.ok(String(q.detail ?? q.reason).length > 0);
    await settle(1500);
    assert.equal(await gw.app.mongo.collection('tickets').countDocuments({}), tickets, 'no ticket opened');
    assert.equal((await readMailbox(gw.stack, customer)).length, 1, 'nothing more sent');
  });

  it('the cap is per address: a person writing meanwhile is acknowledged', async () => {
    const person = `person-${id}@example.test`;
    await sendAsCustomer(gw.stack, { from: person, to: gw.support, subject: 'Keyboard missing keys', text: 'Two keys fell off my keyboard.' });
    await waitForMail(gw.stack, person, 1, 30_000);
  });
});
