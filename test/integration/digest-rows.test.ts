import { strict as assert } from 'node:assert';
import type { NewTicket } from '../../src/app/ports';
import { startGateway, type TestGateway } from '../support/gateway';

/** The digests' reporting rows on the real MongoDB wire server: snapshots in, latest state out, compaction. */
describe('reporting rows (real MongoDB wire server)', function () {
  this.timeout(60_000);
  let gw: TestGateway;
  before(async () => (gw = await startGateway({ ingest: false, workers: false })));
  after(async () => gw?.stop());

  const DAY = 24 * 3_600_000;
  const base = (i: number, createdAt: Date): NewTicket => ({
    sourceKey: `rows:${i}`, rawMailId: 'r', subject: `Ticket ${i}`, requester: { address: `c${i}@example.test` }, contactId: 'c', mailbox: 'support@example.test',
    language: 'en', priority: 'P3', tier: 'L1', status: 'new', createdAt, participants: [],
  });
  const scan = async (from: Date) => {
    const rows = [];
    for await (const r of gw.app.repos.tickets.digestRows(from)) rows.push(r);
    return rows.sort((a, b) => a.number.localeCompare(b.number));
  };

  it('gives the latest state of each ticket, and compaction keeps exactly what a digest needs', async () => {
    const now = new Date();
    const tickets = gw.app.repos.tickets;
    const { ticket: a } = await tickets.createOnce(base(1, new Date(now.getTime() - 100 * DAY)), 'TG');
    const { ticket: b } = await tickets.createOnce(base(2, new Date(now.getTime() - 100 * DAY)), 'TG');
    const { ticket: c } = await tickets.createOnce(base(3, new Date(now.getTime() - DAY)), 'TG');
    await tickets.update(a.id, { status: 'open' }, new Date(now.getTime() - 99 * DAY));
    await tickets.update(b.id, { status: 'closed', resolvedAt: new Date(now.getTime() - 90 * DAY) }, new Date(now.getTime() - 90 * DAY));
    await tickets.update(c.id, { status: 'resolved', resolvedAt: now }, now);
    await tickets.update(c.id, { status: 'open', resolvedAt: undefined }, new Date(now.getTime() + 1000));
    const from = new Date(now.getTime() - 7 * DAY);
    const before = await scan(from);
    assert.deepEqual(before.map((r) => [r.number, r.status, r.resolvedAt]), [[a.number, 'open', undefined], [c.number, 'open', undefined]], 'the old open ticket and the recent one, as they are now');
    const snapshots = await gw.app.mongo.collection('digestrows').countDocuments();
    assert.equal(snapshots, 7, 'one snapshot per write');
    const dropped = await tickets.pruneDigestRows(new Date(now.getTime() - 70 * DAY));
    // Compaction touches snapshots over a minute old (here: those stamped in the past); the two of ticket c stamped now stay.
    assert.equal(dropped, 3, 'two superseded snapshots and the quiet closed ticket');
    assert.equal(await gw.app.mongo.collection('digestrows').countDocuments(), 4);
    assert.deepEqual(await scan(from), before, 'the digest reads the same after compaction');
  });
});
