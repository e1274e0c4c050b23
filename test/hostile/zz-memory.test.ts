import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { waitForMail } from '../support/mail';
import { appendRaw, assertFinal, bigMail, drain, keyOf, RSS_AT_LOAD, rssPeak, waitForOutcomes } from './helpers';

const CEILING_MB = 400;
const MB = 1024 * 1024;

/**
 * Runs last (mocha loads files in name order): the gateways of every hostile
 * file ran in this process, so RSS against RSS_AT_LOAD (taken when the first
 * hostile file was loaded) covers the whole suite's big cases. It also adds a
 * load of its own, so the case means something when this file runs alone:
 * 20 mails of ~3 MB and one with a 30 MB attachment, under a 48 MiB limit,
 * each fully fetched, stored and parsed.
 * (Raw bytes live in their own collection, read and written only by `_id`,
 * so big mails do not slow one another: this once timed out at 8 mails.)
 */
describe('hostile: memory stays bounded', function () {
  this.timeout(600_000);
  let gw: TestGateway;

  before(async () => {
    gw = await startGateway({ id: `mm${uniq()}`, desk: { limits: { maxMailBytes: 48 * MB } } });
  });
  after(async () => gw?.stop());

  it('a mail with a 30 MB attachment under a 48 MiB limit: stored in parts, a ticket and an acknowledgement', async () => {
    const customer = `att30-${uniq()}@example.test`;
    const { accepted } = await appendRaw(gw, [bigMail(customer, gw.support, 30 * 1000 * 1000 * (4 / 3))]);
    assert.equal(accepted.length, 1, 'IMAP accepted the mail');
    accepted.length = 0;
    const [ack] = await waitForMail(gw.stack, customer, 1, 240_000);
    assert.match(ack.subject ?? '', /\[TG-\d{6}\]/);
    const row = await gw.app.mongo.collection('rawmails').findOne({ size: { $gt: 40 * 1000 * 1000 } }, { projection: { raw: 0 } });
    assert.equal(row?.status, 'done');
  });

  it(`the test process RSS never rises more than ${CEILING_MB} MB above its start, at any moment of the hostile suite`, async () => {
    const mails = Array.from({ length: 20 }, (_, i) => {
      const b64 = randomBytes(2 * MB).toString('base64').replace(/.{76}/g, '$&\r\n');
      return Buffer.from(
        `From: Customer <mem${i}-${uniq()}@example.test>\r\nTo: ${gw.support}\r\nSubject: Dump ${i}\r\nMessage-ID: <mem-${uniq()}@example.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="m"\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\nCore dump attached.\r\n--m\r\nContent-Type: application/octet-stream; name="core.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n--m--\r\n`,
      );
    });
    await appendRaw(gw, mails);
    mails.length = 0;
    const moved = await drain(gw, 20, 0, 240_000);
    const rows = await waitForOutcomes(gw, moved.map(keyOf), 240_000);
    moved.length = 0;
    await assertFinal(gw, rows);
    global.gc?.();
    const endMb = (process.memoryUsage().rss - RSS_AT_LOAD) / MB;
    const peakMb = (rssPeak.bytes - RSS_AT_LOAD) / MB;
    console.log(`      RSS over the hostile suite: peak +${peakMb.toFixed(0)} MB, at the end +${endMb.toFixed(0)} MB (ceiling ${CEILING_MB} MB on the peak)`);
    assert.ok(peakMb < CEILING_MB, `RSS peaked ${peakMb.toFixed(0)} MB above its start (ceiling ${CEILING_MB} MB)`);
  });
});
