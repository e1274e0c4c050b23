import { strict as assert } from 'node:assert';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { refileMisfiled } from '../../src/app/quarantine';
import { createLogger } from '../../src/log';
import { createQueues } from '../../src/workers/queues';
import { imapFor, readMailbox, sendAsCustomer, until, waitForMail } from '../support/mail';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Mail that must not open a ticket is kept, with its reason, in the database and in the IMAP Quarantine folder. */
describe('quarantine on the real servers', function () {
  this.timeout(60_000);
  let gw: TestGateway;

  before(async () => {
    gw = await startGateway({ desk: { limits: { maxMailBytes: 64 * 1024 } } });
  });
  after(async () => gw?.stop());

  it('keeps a mail over the size limit, unanswered, in Quarantine with the reason', async () => {
    const customer = `big-${uniq()}@example.test`;
    await sendAsCustomer(gw.stack, { from: customer, to: gw.support, subject: 'Logs attached', text: 'x'.repeat(200 * 1024) });
    const [kept] = await waitForMail(gw.stack, gw.support, 1, 20_000, 'Quarantine');
    assert.equal(kept.subject, 'Logs attached');
    const entry = await until('quarantine entry', () => gw.app.mongo.collection('quarantine').findOne({ reason: 'too-large' }));
    assert.ok(entry.size > 64 * 1024);
    const record = await gw.app.mongo.collection('rawmails').findOne({ status: 'quarantined' });
    const raw = await gw.app.repos.rawMails.get(String(record?._id));
    assert.ok(raw?.rawHeaders && raw.rawHeaders.length > 0, 'the headers are kept even when the body is too large to store');
    assert.equal(raw.raw, undefined, 'the body is not');
    await settle(1000);
    assert.equal((await readMailbox(gw.stack, customer)).length, 0, 'no acknowledgement');
    assert.equal(await gw.app.mongo.collection('tickets').countDocuments({}), 0);
  });

  it('sets an out-of-office reply aside and moves it to Quarantine', async () => {
    const customer = `ooo-${uniq()}@example.test`;
    await sendAsCustomer(gw.stack, { from: customer, to: gw.support, subject: 'Automatic reply: your ticket', text: 'I am out of the office until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } });
    await until('auto-reply quarantined', () => gw.app.mongo.collection('quarantine').findOne({ from: customer }));
    const entry = await gw.app.mongo.collection('quarantine').findOne({ from: customer });
    assert.equal(entry?.reason, 'auto-reply');
    assert.match(entry?.detail ?? '', /Auto-Submitted/);
    const folder = await waitForMail(gw.stack, gw.support, 2, 20_000, 'Quarantine');
    assert.ok(folder.some((m) => m.subject === 'Automatic reply: your ticket'), 'moved from Processed to Quarantine');
    assert.equal((await readMailbox(gw.stack, customer)).length, 0, 'a machine is never answered');
  });

  it('files again a quarantined mail whose move job was lost (the recovery that runs every 10 minutes)', async () => {
    // The state a Redis data loss leaves: the database says quarantined, the mail still sits in Processed, no job.
    const record = await gw.app.mongo.collection('rawmails').findOne({ status: 'quarantined', 'source.kind': 'imap', 'location.folder': 'Quarantine' });
    const id = String(record?._id);
    const client = imapFor(gw.stack, gw.support);
    await client.connect();
    const lock = await client.getMailboxLock('Quarantine');
    const moved = await client.messageMove(String(record?.location.uid), 'Processed', { uid: true });
    lock.release();
    await client.logout();
    assert.ok(moved && moved.uidMap);
    await gw.app.repos.rawMails.setLocations([{ id, folder: 'Processed', uidValidity: String(moved.uidValidity), uid: moved.uidMap.get(record?.location.uid)! }]);
    const bull = createQueues({ url: gw.stack.REDIS_URL, maxRetriesPerRequest: null }, gw.env.QUEUE_PREFIX);
    await (await bull.queues['quarantine-move'].getJob(id))?.remove();
    await bull.close();

    const refile = refileMisfiled({ rawMails: gw.app.repos.rawMails, queues: gw.app.queues, log: createLogger('silent'), quarantineFolders: { [gw.support]: 'Quarantine' } });
    assert.equal(await refile(), 1, 'the one misfiled mail, and no other');
    await until('back in Quarantine', async () => (await gw.app.repos.rawMails.get(id))?.location?.folder === 'Quarantine', 20_000);
    assert.equal(await refile(), 0);
  });
});
