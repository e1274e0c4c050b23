import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { computeMailKey } from '../../src/domain/mail-key';
import { connectMongo, ensureIndexes } from '../../src/models';
import { createRawMailRepo } from '../../src/models/raw-mail';
import { uniq } from '../support/gateway';
import { getStack, mongoUrlFor } from '../support/stack';

/**
 * The raw-mail store on the real MongoDB wire server. FerretDB v1.24 deadlocks
 * on one update command with 100 matching statements; a backlog re-fetched in
 * one IMAP window must not hang the gateway.
 */
describe('raw mail store (real MongoDB wire server)', function () {
  this.timeout(60_000);
  let conn: Connection;

  before(async () => {
    conn = await connectMongo(mongoUrlFor(await getStack(), `tg_raw_${uniq()}`));
    await ensureIndexes(conn);
  });
  after(async () => conn?.close());

  it('stores a window of 120 mails, finds all 120 again on a re-fetch, and records 120 moves', async () => {
    const repo = createRawMailRepo(conn);
    const mails = Array.from({ length: 120 }, (_, i) => {
      const raw = Buffer.from(`From: c${i}@example.test\r\nMessage-ID: <m${i}@x>\r\nSubject: s${i}\r\n\r\nbody ${i}\r\n`);
      const k = computeMailKey(raw);
      return { key: k.key, messageId: k.messageId, size: raw.length, raw, mailbox: 'support@example.test', source: { kind: 'replay' as const, path: `m${i}` }, receivedAt: new Date() };
    });
    const first = await repo.storeMany(mails);
    assert.equal(first.filter((r) => r.created).length, 120);
    const again = await repo.storeMany(mails);
    assert.equal(again.filter((r) => r.created).length, 0);
    assert.deepEqual(again.map((r) => r.id), first.map((r) => r.id));
    await repo.setLocations(first.map((r, i) => ({ id: r.id, folder: 'Processed', uidValidity: '7', uid: i + 1 })));
    assert.equal((await repo.get(first[119].id))?.location?.uid, 120);
  });

  it('stores a 34 MB mail (a 25 MB attachment, more than a document may hold) in parts and reads back the same bytes', async () => {
    const repo = createRawMailRepo(conn);
    const b64 = randomBytes(25 * 1024 * 1024).toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = Buffer.from(`From: big@example.test\r\nMessage-ID: <big-${uniq()}@x>\r\nSubject: logs\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n`);
    const k = computeMailKey(raw);
    const [stored] = await repo.storeMany([{ key: k.key, messageId: k.messageId, size: raw.length, raw, mailbox: 'support@example.test', source: { kind: 'replay', path: 'big' }, receivedAt: new Date() }]);
    assert.equal(stored.created, true);
    const back = await repo.get(stored.id);
    assert.equal(back?.raw?.length, raw.length);
    assert.ok(back?.raw?.equals(raw), 'the same bytes');
    const again = await repo.storeMany([{ key: k.key, messageId: k.messageId, size: raw.length, raw, mailbox: 'support@example.test', source: { kind: 'replay', path: 'big' }, receivedAt: new Date() }]);
    assert.deepEqual([again[0].id, again[0].created], [stored.id, false]);
  });
});
