import { strict as assert } from 'node:assert';
import type { App } from '../../src/composition';
import { syncMailbox } from '../../src/ingest/sync-mailbox';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { imapFor, readMailbox, sendAsCustomer, until, waitForMail } from '../support/mail';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function countTickets(app: App, customer: string) {
  return app.mongo.collection('tickets').countDocuments({ 'requester.address': customer });
}

describe('idempotency on the real servers', function () {
  this.timeout(90_000);

  describe('the same mail delivered twice', () => {
    let gw: TestGateway;
    before(async () => (gw = await startGateway()));
    after(async () => gw?.stop());

    it('gives one ticket and one acknowledgement', async () => {
      const customer = `twice-${uniq()}@example.test`;
      const mail = { from: customer, to: gw.support, subject: 'VPN drops every hour', text: 'The VPN disconnects every hour on my laptop.', messageId: `<twice-${uniq()}@client.example.test>` };
      await sendAsCustomer(gw.stack, mail);
      await sendAsCustomer(gw.stack, mail);
      await until('both deliveries processed', async () => (await readMailbox(gw.stack, gw.support, 'Processed')).length === 2);
      await waitForMail(gw.stack, customer, 1);
      await settle(1500);
      assert.equal(await countTickets(gw.app, customer), 1);
      assert.equal((await readMailbox(gw.stack, customer)).length, 1, 'one acknowledgement in the customer mailbox');
      assert.equal(await gw.app.mongo.collection('rawmails').countDocuments({}), 1, 'the second delivery is recognised, not stored again');
    });
  });

  describe('a poller that dies between storing a batch and moving it', () => {
    let gw: TestGateway;
    const customers = Array.from({ length: 12 }, (_, i) => `batch-${i}-${uniq()}@example.test`);

    before(async () => {
      gw = await startGateway({ ingest: false, workers: false });
      for (const c of customers) await sendAsCustomer(gw.stack, { from: c, to: gw.support, subject: `Laptop ${c} will not boot`, text: 'It shows a black screen after the logo.' });
      await waitForMail(gw.stack, gw.support, customers.length);
    });
    after(async () => gw?.stop());

    it('stores part of the batch, then a restarted gateway finishes it with one ticket and one ack per mail', async () => {
      await crashAfterSecondWindow(gw);
      const stored = await gw.app.mongo.collection('rawmails').countDocuments({});
      assert.equal(stored, 8, 'two windows of 4 stored before the crash');
      assert.equal((await readMailbox(gw.stack, gw.support)).length, 8, 'the second window was stored but never moved');

      gw.app.startWorkers();
      gw.app.startIngest();
      for (const c of customers) await waitForMail(gw.stack, c, 1, 30_000);
      await until('inbox emptied', async () => (await readMailbox(gw.stack, gw.support)).length === 0);
      await settle(1500);
      for (const c of customers) {
        assert.equal(await countTickets(gw.app, c), 1, `${c} has one ticket`);
        assert.equal((await readMailbox(gw.stack, c)).length, 1, `${c} has one acknowledgement`);
      }
      assert.equal(await gw.app.mongo.collection('rawmails').countDocuments({}), customers.length);
    });

    it('a resync after UIDVALIDITY changes, with every mail back in the inbox, creates nothing new', async () => {
      const cursors = gw.app.mongo.collection<{ _id: string }>('mailboxcursors');
      await cursors.updateOne({ _id: `${gw.support}/INBOX` }, { $set: { uidValidity: '1', lastUid: 999999 } });
      const client = imapFor(gw.stack, gw.support);
      await client.connect();
      const lock = await client.getMailboxLock('Processed');
      await client.messageCopy('1:*', 'INBOX');
      lock.release();
      await client.logout();
      await until('resynced inbox emptied', async () => (await readMailbox(gw.stack, gw.support)).length === 0, 30_000);
      await settle(1500);
      assert.equal(await gw.app.mongo.collection('tickets').countDocuments({}), customers.length);
      assert.equal(await gw.app.mongo.collection('rawmails').countDocuments({}), customers.length);
      for (const c of customers) assert.equal((await readMailbox(gw.stack, c)).length, 1, `${c} still has one acknowledgement`);
      const cursor = await cursors.findOne({ _id: `${gw.support}/INBOX` });
      assert.notEqual((cursor as unknown as { uidValidity: string }).uidValidity, '1', 'the cursor follows the new UIDVALIDITY');
    });
  });
});

/** Runs one sync pass whose second batch is stored and queued, then "crashes" before the IMAP move. */
async function crashAfterSecondWindow(gw: TestGateway): Promise<void> {
  const client = imapFor(gw.stack, gw.support);
  await client.connect();
  await client.mailboxCreate('Processed').catch(() => undefined);
  const lock = await client.getMailboxLock('INBOX');
  let windows = 0;
  const spec = { address: gw.support, folder: 'INBOX', processedFolder: 'Processed', quarantineFolder: 'Quarantine', maxMailBytes: 10_000_000, windowSize: 4 };
  try {
    await syncMailbox(client, spec, {
      accept: async (mails) => {
        const stored = await gw.app.accept(mails);
        if (++windows === 2) throw new Error('simulated crash after storing the second window');
        return stored;
      },
      rawMails: gw.app.repos.rawMails,
      cursors: gw.app.repos.cursors,
      log: { debug() {}, info() {}, warn() {}, error() {} },
      now: () => new Date(),
    });
    assert.fail('the simulated crash did not happen');
  } catch (err) {
    assert.match((err as Error).message, /simulated crash/);
  } finally {
    lock.release();
    await client.logout();
  }
}
