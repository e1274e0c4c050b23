import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLabelRecord, score } from '../../src/domain/triage/score';
import type { LabelIssue, LabelRecord, Prediction } from '../../src/domain/triage/score';

/** A human mail labelled with the given issues. */
function human(id: string, issues: LabelIssue[]): LabelRecord {
  return { id, subject: 's', body: 'b', expect: { autoReply: false, issues } };
}

function auto(id: string): LabelRecord {
  return { id, subject: 'Automatic reply', body: 'I am away.', expect: { autoReply: true, issues: [] } };
}

const predict = (issues: LabelIssue[]): Prediction => ({ autoReply: false, issues });
const AUTO: Prediction = { autoReply: true, issues: [] };

const PRINTER: LabelIssue = { priority: 'P3', category: 'hardware', details: { model: 'HP LaserJet M404dn', location: 'room 2.14' } };
const OUTAGE: LabelIssue = { priority: 'P1', category: 'network', details: { account: 'NW-44102' } };
const INVOICE: LabelIssue = { priority: 'P3', category: 'billing' };

describe('triage score', () => {
  it('scores a perfect prediction as 1 everywhere, with no misses', () => {
    const records = [human('a', [PRINTER, INVOICE]), human('b', [OUTAGE]), auto('c')];
    const s = score(records, [predict([PRINTER, INVOICE]), predict([OUTAGE]), AUTO]);
    assert.deepEqual(
      [s.n, s.split, s.priority, s.category, s.detailsPrecision, s.detailsRecall, s.autoReply],
      [3, 1, 1, 1, 1, 1, 1],
    );
    assert.deepEqual(s.misses, []);
    assert.equal(s.priorityConfusion.P3.P3, 2);
    assert.equal(s.priorityConfusion.P1.P1, 1);
    assert.equal(s.priorityConfusion.P1.P3, 0);
  });

  it('counts a wrong number of issues as a split miss and scores only the issues matched in order', () => {
    const records = [human('a', [PRINTER, INVOICE]), human('b', [OUTAGE])];
    // 'a' loses its second issue; 'b' gains one. The first issues still line up.
    const s = score(records, [predict([PRINTER]), predict([OUTAGE, INVOICE])]);
    assert.equal(s.split, 0);
    assert.equal(s.priority, 1);
    assert.equal(s.category, 1);
    assert.equal(s.detailsRecall, 1, 'the unmatched label issue has no effect on recall');
    assert.deepEqual(
      s.misses.map((m) => [m.id, m.what, m.expected, m.predicted]),
      [['a', 'issue count', 2, 1], ['b', 'issue count', 1, 2]],
    );
  });

  it('compares issues by position, so swapped priorities are two misses', () => {
    const records = [human('a', [OUTAGE, { ...INVOICE, priority: 'P4' }])];
    const s = score(records, [predict([{ ...OUTAGE, priority: 'P4' }, { ...INVOICE, priority: 'P1' }])]);
    assert.equal(s.split, 1);
    assert.equal(s.priority, 0);
    assert.equal(s.category, 1);
    assert.equal(s.priorityConfusion.P1.P4, 1);
    assert.equal(s.priorityConfusion.P4.P1, 1);
    assert.equal(s.priorityConfusion.P1.P1, 0);
    assert.deepEqual(s.misses.map((m) => m.what), ['issue 1 priority', 'issue 2 priority']);
  });

  it('reports a wrong category', () => {
    const s = score([human('a', [OUTAGE])], [predict([{ ...OUTAGE, category: 'access' }])]);
    assert.equal(s.category, 0);
    assert.equal(s.priority, 1);
    assert.deepEqual(s.misses[0], { id: 'a', what: 'issue 1 category', expected: 'network', predicted: 'access' });
  });

  it('lowers recall, not precision, for a missing detail', () => {
    const s = score([human('a', [PRINTER])], [predict([{ ...PRINTER, details: { model: 'HP LaserJet M404dn' } }])]);
    assert.equal(s.detailsPrecision, 1);
    assert.equal(s.detailsRecall, 0.5);
    assert.deepEqual(s.misses.map((m) => m.what), ['issue 1 details']);
  });

  it('lowers precision, not recall, for an extra detail', () => {
    const details = { ...PRINTER.details, serial: 'CNB3K12345', phone: '0117 496 0155' };
    const s = score([human('a', [PRINTER])], [predict([{ ...PRINTER, details }])]);
    assert.equal(s.detailsPrecision, 0.5);
    assert.equal(s.detailsRecall, 1);
  });

  it('counts a wrong value as wrong for both, and ignores surrounding spaces', () => {
    const details = { model: '  HP LaserJet M404dn ', location: 'room 2' };
    const s = score([human('a', [PRINTER])], [predict([{ ...PRINTER, details }])]);
    assert.equal(s.detailsPrecision, 0.5);
    assert.equal(s.detailsRecall, 0.5);
  });

  it('treats an issue without details like one with none', () => {
    const s = score([human('a', [INVOICE])], [predict([{ ...INVOICE, details: {} }])]);
    assert.deepEqual([s.detailsPrecision, s.detailsRecall, s.misses.length], [1, 1, 0]);
  });

  it('scores only autoReply for mail labelled auto-generated', () => {
    // Triage thought the out-of-office was a person and found an issue in it.
    const s = score([auto('a'), human('b', [OUTAGE])], [predict([PRINTER]), predict([OUTAGE])]);
    assert.equal(s.autoReply, 0.5);
    assert.deepEqual([s.split, s.priority, s.category, s.detailsPrecision], [1, 1, 1, 1]);
    assert.deepEqual(s.misses, [{ id: 'a', what: 'autoReply', expected: true, predicted: false }]);
  });

  it('counts a person taken for a machine against autoReply and split', () => {
    const s = score([human('a', [OUTAGE]), human('b', [INVOICE])], [AUTO, predict([INVOICE])]);
    assert.equal(s.autoReply, 0.5);
    assert.equal(s.split, 0.5);
    assert.equal(s.priority, 1, 'no issue was matched for a, so only b counts');
    assert.deepEqual(s.misses.map((m) => m.what), ['autoReply', 'issue count']);
  });

  it('scores empty denominators as 1 and refuses mismatched lengths', () => {
    const s = score([auto('a')], [AUTO]);
    assert.deepEqual([s.split, s.priority, s.detailsPrecision, s.detailsRecall, s.autoReply], [1, 1, 1, 1, 1]);
    assert.throws(() => score([auto('a')], []), /1 records but 0 predictions/);
  });
});

describe('triage label records', () => {
  const valid = {
    id: 'en-001', lang: 'en', from: 'Ana <ana@example.org>', subject: 'Printer', body: 'It jams.',
    headers: { 'Auto-Submitted': 'no' },
    expect: { autoReply: false, issues: [{ priority: 'P2', category: 'hardware', details: { model: 'HP LaserJet M404dn' } }] },
  };

  it('accepts a record in the LABELS.md format', () => {
    const r = parseLabelRecord(valid);
    assert.equal(r.id, 'en-001');
    assert.deepEqual(r.expect.issues[0].details, { model: 'HP LaserJet M404dn' });
  });

  it('names the field that is wrong', () => {
    const bad = (patch: object) => () => parseLabelRecord({ ...valid, ...patch });
    assert.throws(bad({ subject: undefined }), /^Error: subject must be a string$/);
    assert.throws(bad({ expect: { autoReply: 'no', issues: [] } }), /expect.autoReply/);
    assert.throws(bad({ expect: { autoReply: false, issues: [{ priority: 'P5', category: 'hardware' }] } }), /expect.issues\[0\].priority/);
    assert.throws(bad({ expect: { autoReply: false, issues: [{ priority: 'P1', category: 'printer' }] } }), /expect.issues\[0\].category/);
    assert.throws(bad({ expect: { autoReply: false, issues: [{ priority: 'P1', category: 'network', details: { site: 'Leeds' } }] } }), /unknown key site/);
    assert.throws(bad({ expect: { autoReply: true, issues: valid.expect.issues } }), /must be empty/);
    assert.throws(bad({ headers: { 'X-Count': 3 } }), /headers.X-Count must be a string/);
    assert.throws(() => parseLabelRecord([valid]), /record must be an object/);
  });

  it('holds a valid holdout set: 20 records a language, every detail quoted from the mail', () => {
    const file = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'triage', 'holdout.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const records = lines.map((l, i) => {
      try {
        return parseLabelRecord(JSON.parse(l));
      } catch (err) {
        throw new Error(`holdout line ${i + 1}: ${(err as Error).message}`);
      }
    });
    assert.equal(new Set(records.map((r) => r.id)).size, 60);
    for (const lang of ['en', 'ru', 'ro']) assert.equal(records.filter((r) => r.lang === lang).length, 20, lang);
    for (const r of records) {
      for (const issue of r.expect.issues) {
        for (const [key, value] of Object.entries(issue.details ?? {})) {
          assert.ok(r.body.includes(value), `${r.id} ${key} "${value}" is not in the body`);
        }
      }
    }
  });
});
