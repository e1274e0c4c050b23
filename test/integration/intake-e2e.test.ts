import { strict as assert } from 'node:assert';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { readMailbox, sendAsCustomer, until, waitForMail } from '../support/mail';
import { ticketEvents } from '../support/events';

/**
 * The walking skeleton on real servers: Postfix delivers a customer's mail to
 * Dovecot, the gateway's IMAP poller stores it, the BullMQ intake worker opens
 * a ticket in the database (FerretDB or MongoDB), and the acknowledgement
 * reaches the customer's own mailbox through SMTP.
 */
describe('mail in, ticket out (real Redis, MongoDB wire server, Dovecot, Postfix)', function () {
  this.timeout(60_000);
  let gw: TestGateway;

  before(async () => {
    gw = await startGateway();
  });
  after(async () => gw?.stop());

  const cases = [
    { lang: 'en', subject: 'Printer on floor 3 does not print', text: 'Hello,\n\nthe printer on the third floor shows a paper jam and prints nothing since this morning.\nCan you please help?\n\nThanks,\nJohn', expect: /received your request/i },
    { lang: 'ru', subject: 'Не работает принтер', text: 'Здравствуйте!\n\nПринтер на третьем этаже не печатает с утра, показывает замятие бумаги.\nПомогите, пожалуйста.\n\nСпасибо,\nИван', expect: /заявк|обращени/i },
    { lang: 'ro', subject: 'Imprimanta nu funcționează', text: 'Bună ziua,\n\nimprimanta de la etajul trei nu mai printează de azi dimineață și arată hârtie blocată.\nVă rog să mă ajutați.\n\nMulțumesc,\nIon', expect: /solicit|cerer/i },
  ] as const;

  for (const c of cases) {
    it(`opens one ticket and acknowledges in ${c.lang}, in the customer's mailbox`, async () => {
      const customer = `customer-${c.lang}-${uniq()}@example.test`;
      const sent = await sendAsCustomer(gw.stack, { from: `Customer <${customer}>`, to: gw.support, subject: c.subject, text: c.text });
      const [ack] = await waitForMail(gw.stack, customer, 1, 20_000);

      const tickets = await gw.app.mongo.collection('tickets').find({ 'requester.address': customer }).toArray();
      assert.equal(tickets.length, 1, 'exactly one ticket');
      const number = tickets[0].number as string;
      assert.match(number, /^TG-\d{6}$/);
      assert.equal(tickets[0].language, c.lang);
      assert.ok(ack.subject?.includes(`[${number}]`), `ack subject "${ack.subject}" carries ${number}`);
      assert.match(ack.text ?? '', c.expect, 'written in the customer language');
      assert.equal(ack.headers.get('auto-submitted'), 'auto-replied');
      assert.equal(ack.inReplyTo, sent.messageId, 'threads under the customer mail');
      assert.equal((ack.from?.value[0].address ?? '').toLowerCase(), gw.support);

      const outbox = await until('ack marked sent', () => gw.app.mongo.collection('outbox').findOne({ ticketIds: String(tickets[0]._id), status: 'sent' }));
      const history = await until('send recorded', async () => {
        const events = await ticketEvents(gw.app.mongo, String(tickets[0]._id));
        const sent = events.filter((e) => e.action === 'mail-sent');
        return sent.some((e) => e.detail.outboxId === String(outbox._id)) && sent.length >= 2 ? events : undefined;
      });
      for (const action of ['created', 'mail-sent']) assert.ok(history.some((h) => h.action === action), `history records ${action}`);
      assert.deepEqual(history.filter((h) => h.action === 'mail-sent').map((h) => h.detail.kind).sort(), ['acknowledgement', 'agent-notification'], 'each send is on the timeline');
      assert.equal(outbox.messageId, ack.messageId?.replace(/[<>]/g, ''));
    });
  }

  it('moves processed mail out of the inbox into Processed', async () => {
    const processed = await until('support INBOX emptied', async () => {
      const inbox = await readMailbox(gw.stack, gw.support);
      const done = await readMailbox(gw.stack, gw.support, 'Processed');
      return inbox.length === 0 && done.length >= 3 ? done : undefined;
    });
    assert.ok(processed.length >= 3);
  });
});
