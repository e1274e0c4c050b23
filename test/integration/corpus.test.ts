import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { collectEmlFiles, replay, type ReplayResult } from '../../src/cli/replay';
import { startGateway, type TestGateway } from '../support/gateway';

const CORPUS = resolve(__dirname, '../../../../shared/corpus/mail-gem');

/**
 * The 103 real-world mails of the mail gem's fixtures (plain, MIME, charsets,
 * delivery reports, deliberately broken headers) through the real pipeline:
 * each ends as a ticket or in quarantine with a reason; none is lost and none
 * makes a worker give up.
 */
describe('real-world corpus (shared/corpus/mail-gem) through the pipeline', function () {
  this.timeout(180_000);
  let gw: TestGateway;
  let results: ReplayResult[];

  before(async () => {
    gw = await startGateway({ ingest: false });
    results = await replay(gw.app, collectEmlFiles([CORPUS]), gw.support, 150_000);
  });
  after(async () => gw?.stop());

  it('finds all 103 mails', () => {
    assert.equal(results.length, 103);
  });

  it('gives every mail an outcome: a ticket, a reply on a ticket, or a quarantine with a reason', () => {
    const missing = results.filter((r) => !r.outcome).map((r) => r.file);
    assert.deepEqual(missing, [], 'mails without an outcome');
    for (const r of results) {
      const o = r.outcome!;
      if (o.kind === 'quarantine') assert.ok(o.reason.length > 0, `${r.file} quarantined without a reason`);
      else if (o.kind === 'ticket' || o.role !== 'status') assert.ok(o.ticketNumbers.length > 0, r.file);
    }
  });

  it('loses nothing: every file is stored and every ticket exists', async () => {
    const db = gw.app.mongo;
    const distinct = new Set(results.map((r) => r.rawMailId));
    assert.equal(await db.collection('rawmails').countDocuments({}), distinct.size);
    const numbers = results.flatMap((r) => (r.outcome && r.outcome.kind !== 'quarantine' ? r.outcome.ticketNumbers : []));
    assert.equal(await db.collection('tickets').countDocuments({ number: { $in: numbers } }), new Set(numbers).size);
    const quarantined = results.filter((r) => r.outcome?.kind === 'quarantine').map((r) => r.rawMailId);
    assert.equal(await db.collection('quarantine').countDocuments({ rawMailId: { $in: quarantined } }), new Set(quarantined).size);
  });

  it('crashes no worker: no mail needed the give-up path', () => {
    const failed = results.filter((r) => r.outcome?.kind === 'quarantine' && r.outcome.reason.startsWith('processing-failed'));
    assert.deepEqual(failed.map((r) => `${r.file}: ${r.outcome?.kind === 'quarantine' ? r.outcome.reason : ''}`), []);
  });

  it('sets aside the delivery reports as bounces and opens tickets for plain mail', () => {
    const byName = (part: string) => results.filter((r) => r.file.includes(part));
    for (const r of byName('multipart_report_emails/')) assert.deepEqual([r.outcome?.kind, r.outcome?.kind === 'quarantine' && r.outcome.reason.split(':')[0]], ['quarantine', 'bounce'], r.file);
    const plain = byName('plain_emails/');
    assert.ok(plain.filter((r) => r.outcome?.kind === 'ticket').length >= 15, 'most plain mails open tickets');
  });

  it('prints a summary', () => {
    const reasons = new Map<string, number>();
    for (const r of results) {
      const o = r.outcome;
      const k = o?.kind === 'quarantine' ? `quarantine: ${o.reason.split(':')[0]}` : o?.kind === 'reply' ? `reply (${o.role})` : 'ticket';
      reasons.set(k, (reasons.get(k) ?? 0) + 1);
    }
    console.log('      corpus outcomes:', Object.fromEntries(reasons));
    assert.equal([...reasons.values()].reduce((a, b) => a + b, 0), 103);
  });
});
