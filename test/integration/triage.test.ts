import { strict as assert } from 'node:assert';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { sendAsCustomer, until, waitForMail } from '../support/mail';

/** Triage on the real servers: split, classify, extract, route, one acknowledgement per mail. */
describe('triage (real servers)', function () {
  this.timeout(90_000);
  const id = uniq();
  const hw = `hw-${id}@example.test`;
  const acc = `acc-${id}@example.test`;
  const sw = `sw-${id}@example.test`;
  const l2 = `l2-${id}@example.test`;
  const manager = `boss-${id}@example.test`;
  let gw: TestGateway;

  before(async () => {
    gw = await startGateway({
      id,
      desk: {
        agents: [
          { name: 'Hana Hardware', email: hw, tier: 'L1', languages: ['en'], categories: ['hardware'] },
          { name: 'Alex Access', email: acc, tier: 'L1', languages: ['en'], categories: ['access'] },
          { name: 'Sam Software', email: sw, tier: 'L1', languages: ['en'], categories: ['software', 'network', 'billing'] },
          { name: 'Lena Second', email: l2, tier: 'L2', languages: ['en', 'ru', 'ro'] },
        ],
        managers: [{ name: 'Boss', email: manager, language: 'en' }],
      } as never,
    });
  });
  after(async () => gw?.stop());

  it('turns one mail with three problems into three routed tickets and one acknowledgement naming all three', async () => {
    const customer = `three-${uniq()}@example.test`;
    await sendAsCustomer(gw.stack, {
      from: `Priya Raman <${customer}>`, to: gw.support, subject: 'A few things',
      text: 'Hello,\n\n1. My laptop (Dell Latitude 7440) does not charge any more unless I wiggle the cable.\n2. I need access to the Finance shared folder, my manager Tom approved it.\n3. Also, could someone install Visio on my machine? We have spare licences.\n\nThanks,\nPriya',
    });
    const [ack] = await waitForMail(gw.stack, customer, 1, 20_000);
    const tickets = await gw.app.mongo.collection('tickets').find({ 'requester.address': customer }).sort({ sourceKey: 1 }).toArray();
    assert.equal(tickets.length, 3);
    assert.deepEqual(tickets.map((t) => t.category), ['hardware', 'access', 'software']);
    assert.deepEqual(tickets.map((t) => t.assignee), [hw, acc, sw], 'each routed to the agent of its centre');
    assert.equal(tickets[0].details?.model, 'Dell Latitude 7440');
    for (const t of tickets) {
      assert.ok(ack.text?.includes(t.number), `the acknowledgement names ${t.number}`);
      assert.deepEqual([...t.siblings].sort(), tickets.map((x) => x.number).sort(), 'linked to each other');
      assert.equal(String(t.rawMailId), String(tickets[0].rawMailId), 'linked to the original mail');
    }
    const messages = await gw.app.mongo.collection('messages').find({ ticketId: String(tickets[1]._id), direction: 'in' }).toArray();
    assert.match(messages[0].text, /Finance shared folder/);
    assert.doesNotMatch(messages[0].text, /Visio|laptop/i, 'each ticket carries only its own part');
    await waitForMail(gw.stack, hw, 1);
    await waitForMail(gw.stack, acc, 1);
    await waitForMail(gw.stack, sw, 1);
  });

  it('sends an outage straight to L2 and alerts the managers', async () => {
    const customer = `outage-${uniq()}@example.test`;
    await sendAsCustomer(gw.stack, { from: customer, to: gw.support, subject: 'Nobody can reach the ERP', text: 'Since 08:40 none of the 120 people in our Leeds office can open the ERP system. The login page just times out, and orders are piling up.' });
    const ticket = await until('ticket', () => gw.app.mongo.collection('tickets').findOne({ 'requester.address': customer }));
    assert.equal(ticket.priority, 'P1');
    assert.equal(ticket.tier, 'L2');
    assert.equal(ticket.assignee, l2);
    const [alert] = await waitForMail(gw.stack, manager, 1);
    assert.ok(alert.subject?.includes(ticket.number));
  });
});
