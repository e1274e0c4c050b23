import { strict as assert } from 'node:assert';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { readMailbox, until, waitForMail } from '../support/mail';
import { appendRaw, assertFinal, bigMail, drain, folderCount, keyOf, movedCount, settle, waitForCount, waitForOutcomes } from './helpers';

describe('hostile: size limit (1 MiB) and 5,000 recipients', function () {
  this.timeout(300_000);
  let gw: TestGateway;

  before(async () => {
    gw = await startGateway({ id: `lm${uniq()}`, desk: { limits: { maxMailBytes: 1024 * 1024 } } });
  });
  after(async () => gw?.stop());

  for (const mb of [2, 30]) {
    it(`a ${mb} MB mail over the 1 MiB limit: quarantined 'too-large', in the Quarantine folder, no acknowledgement, no ticket`, async () => {
      const customer = `big${mb}-${uniq()}@example.test`;
      const beforeQ = await folderCount(gw, 'Quarantine');
      const { refused } = await appendRaw(gw, [bigMail(customer, gw.support, mb * 1000 * 1000)]);
      assert.deepEqual(refused.map((r) => r.error), [], `IMAP accepted the ${mb} MB mail`);
      // The oversize record's key is not the content hash, so find it by size.
      const [row] = await waitForCount(gw, { size: { $gt: mb * 1000 * 1000 } }, 1, 120_000);
      assert.equal(row.status, 'quarantined');
      assert.match(row.outcome?.reason ?? '', /^too-large\b/);
      const entry = await gw.app.mongo.collection('quarantine').findOne({ rawMailId: String(row._id) });
      assert.equal(entry?.reason, 'too-large');
      await assertFinal(gw, [row]);
      await until('moved to Quarantine', async () => (await folderCount(gw, 'Quarantine')) > beforeQ && (await folderCount(gw, 'INBOX')) === 0, 60_000);
      await settle(2000);
      assert.equal((await readMailbox(gw.stack, customer)).length, 0, 'no acknowledgement');
      assert.equal(await gw.app.mongo.collection('tickets').countDocuments({ 'requester.address': customer }), 0, 'no ticket');
    });
  }

  it('5,000 addresses in To/Cc: handled, one acknowledgement to the sender only, none to the listed addresses', async () => {
    const customer = `many-${uniq()}@example.test`;
    const tag = uniq();
    const rcpt = Array.from({ length: 5000 }, (_, i) => `r${i}-${tag}@example.test`);
    // Long header lines are folded, as a real client would send them.
    const fold = (xs: string[]) => xs.join(',\r\n ');
    const raw = Buffer.from(
      `From: Customer <${customer}>\r\nTo: ${gw.support},\r\n ${fold(rcpt.slice(0, 2500))}\r\nCc: ${fold(rcpt.slice(2500))}\r\nSubject: Please help everyone\r\nMessage-ID: <many-${uniq()}@example.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nNone of us can log in to the portal.\r\n`,
    );
    const before = await movedCount(gw);
    await appendRaw(gw, [raw]);
    const moved = await drain(gw, 1, before, 120_000);
    const rows = (await waitForOutcomes(gw, moved.filter((m) => m.length < 1024 * 1024).map(keyOf), 120_000)).filter((r) => r.key === keyOf(raw));
    assert.equal(rows.length, 1);
    await assertFinal(gw, rows);
    if (rows[0].status === 'done') await waitForMail(gw.stack, customer, 1, 30_000);
    await settle(3000);
    assert.ok((await readMailbox(gw.stack, customer)).length <= 1, 'at most one acknowledgement');
    // Every queued outgoing mail goes to the customer or the desk's agent, never to a listed address.
    const allowed = new Set([customer, ...gw.desk.agents.map((a) => a.email)]);
    const out = await gw.app.mongo.collection('outbox').find({}, { projection: { to: 1, cc: 1, kind: 1 } }).toArray();
    const addrs = out.flatMap((o) => [...(o.to ?? []), ...(o.cc ?? [])].map((a: { address?: string } | string) => (typeof a === 'string' ? a : (a.address ?? '')).toLowerCase()));
    assert.deepEqual(addrs.filter((a) => !allowed.has(a)), [], 'outgoing mail only to the sender and the agent');
    // A sample of real mailboxes (checking all 5,000 over IMAP would take minutes): first, last and every 500th.
    const sample = rcpt.filter((_, i) => i % 500 === 0 || i === 4999);
    for (const a of sample) assert.equal((await readMailbox(gw.stack, a)).length, 0, `${a} got mail`);
  });
});
