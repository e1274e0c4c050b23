import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { appendRaw, assertFinal, drain, keyOf, RSS_AT_LOAD, waitForOutcomes } from './helpers';

const CEILING_MB = 400;
const MB = 1024 * 1024;

/**
 * Runs last (mocha loads files in name order): the gateways of every hostile
 * file ran in this process, so RSS against RSS_AT_LOAD (taken when the first
 * hostile file was loaded) covers the whole suite's big cases. It also adds a
 * load of its own, so the case means something when this file runs alone:
 * 20 mails of ~3 MB under the default 10 MiB limit, each fully fetched and parsed.
 * (Raw bytes live in their own collection, read and written only by `_id`,
 * so big mails do not slow one another: this once timed out at 8 mails.)
 */
describe('hostile: memory stays bounded', function () {
  this.timeout(600_000);
  let gw: TestGateway;

  before(async () => {
    gw = await startGateway({ id: `mm${uniq()}` });
  });
  after(async () => gw?.stop());

  it(`the test process RSS rises less than ${CEILING_MB} MB over the whole hostile suite`, async () => {
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
    const riseMb = (process.memoryUsage().rss - RSS_AT_LOAD) / MB;
    assert.ok(riseMb < CEILING_MB, `RSS rose ${riseMb.toFixed(0)} MB (ceiling ${CEILING_MB} MB)`);
  });
});
