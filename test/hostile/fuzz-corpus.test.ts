import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { sendAsCustomer, waitForMail } from '../support/mail';
import { appendRaw, assertFinal, drain, keyOf, prng, waitForOutcomes } from './helpers';

const CORPUS = resolve(__dirname, '../../../../shared/corpus/mail-gem');
const SEED = 20240611;
const COUNT = 40;

function emlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? emlFiles(p) : n.endsWith('.eml') ? [p] : [];
    });
}

type Mutation = (raw: Buffer, rnd: () => number) => Buffer;

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const at = (rnd: () => number, n: number) => Math.floor(rnd() * Math.max(1, n));
function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf < 0) return lf;
  return lf < 0 ? crlf : Math.min(crlf, lf);
}

/** The mutations named in the brief; each keeps the rest of the mail intact so the parser meets one fault at a time. */
const MUTATIONS: Record<string, Mutation> = {
  truncate: (raw, rnd) => raw.subarray(0, at(rnd, raw.length)),
  flipHeaderBytes: (raw, rnd) => {
    const out = Buffer.from(raw);
    const end = Math.max(1, headerEnd(raw));
    for (let i = 0; i < 8; i++) out[at(rnd, end)] ^= 1 << at(rnd, 8);
    return out;
  },
  flipBodyBytes: (raw, rnd) => {
    const out = Buffer.from(raw);
    const start = Math.max(0, headerEnd(raw));
    for (let i = 0; i < 16; i++) out[start + at(rnd, raw.length - start)] ^= 1 << at(rnd, 8);
    return out;
  },
  insertBytes: (raw, rnd) => {
    const pos = at(rnd, raw.length);
    const junk = Buffer.from(Array.from({ length: 1 + at(rnd, 64) }, () => at(rnd, 256)));
    return Buffer.concat([raw.subarray(0, pos), junk, raw.subarray(pos)]);
  },
  deleteBlankLine: (raw) => {
    const s = raw.toString('latin1');
    return Buffer.from(s.replace(/\r?\n\r?\n/, '\n'), 'latin1');
  },
  duplicateBoundaries: (raw) => {
    const s = raw.toString('latin1');
    const b = /boundary="?([^";\r\n]+)"?/i.exec(s)?.[1];
    if (!b) return Buffer.from(s + `\r\n--dup\r\n--dup\r\n`, 'latin1');
    return Buffer.from(s.split(`--${b}\n`).join(`--${b}\n--${b}\n`).split(`--${b}\r\n`).join(`--${b}\r\n--${b}\r\n`), 'latin1');
  },
  dropClosingBoundary: (raw) => Buffer.from(raw.toString('latin1').replace(/--[^\r\n]+--\s*$/m, ''), 'latin1'),
  garbageCte: (raw) => {
    const s = raw.toString('latin1');
    const replaced = s.replace(/^Content-Transfer-Encoding:[^\r\n]*/gim, 'Content-Transfer-Encoding: x-\u00ff\u00fe-garbage;;==');
    return Buffer.from(replaced === s ? s.replace(/\r?\n\r?\n/, '\r\nContent-Transfer-Encoding: base99\r\n\r\n') : replaced, 'latin1');
  },
};

/** 40 corpus mails, each with one or two seeded mutations; the same bytes on every run. */
function fuzzed(): Array<{ name: string; raw: Buffer }> {
  const rnd = prng(SEED);
  const files = emlFiles(CORPUS);
  const names = Object.keys(MUTATIONS);
  const out: Array<{ name: string; raw: Buffer }> = [];
  for (let i = 0; i < COUNT; i++) {
    const file = files[Math.floor((i * files.length) / COUNT)];
    let raw: Buffer = readFileSync(file);
    const applied: string[] = [];
    // Each mutation is used at least once (round-robin), some mails get a second one.
    const first = names[i % names.length];
    raw = MUTATIONS[first](raw, rnd);
    applied.push(first);
    if (rnd() < 0.4) {
      const second = pick(rnd, names);
      raw = MUTATIONS[second](raw, rnd);
      applied.push(second);
    }
    out.push({ name: `${file.slice(CORPUS.length + 1)} [${applied.join('+')}]`, raw });
  }
  return out;
}

describe('hostile: fuzzed MIME from the real corpus (seeded)', function () {
  this.timeout(240_000);
  let gw: TestGateway;
  let appended = 0;

  before(async () => {
    gw = await startGateway({ id: `fz${uniq()}` });
  });
  after(async () => gw?.stop());

  it(`gives each of ${COUNT} mutated corpus mails a final status (done, or quarantined with a reason)`, async () => {
    const mails = fuzzed();
    const { accepted, refused } = await appendRaw(gw, mails.map((m) => m.raw));
    // Dovecot stores any bytes; a refusal here would be a test-harness problem, not the gateway's.
    assert.deepEqual(refused.map((r) => r.error), [], 'IMAP accepted every fuzzed mail');
    appended = accepted.length;
    const moved = await drain(gw, appended, 0, 180_000);
    const rows = await waitForOutcomes(gw, moved.map(keyOf), 180_000);
    await assertFinal(gw, rows);
    // Nothing else is in the database without an outcome either.
    assert.equal(await gw.app.mongo.collection('rawmails').countDocuments({ status: 'stored' }), 0);
  });

  it('no fuzzed mail needed the give-up path (processing-failed)', async () => {
    const failed = await gw.app.mongo.collection('rawmails').find({ 'outcome.reason': { $regex: '^processing-failed' } }, { projection: { raw: 0 } }).toArray();
    assert.deepEqual(failed.map((f) => f.outcome.reason), []);
  });

  it('keeps the worker alive: a normal mail sent afterwards is acknowledged', async () => {
    const customer = `after-fuzz-${uniq()}@example.test`;
    await sendAsCustomer(gw.stack, { from: customer, to: gw.support, subject: 'Still there?', text: 'My laptop does not start after the update.' });
    const [ack] = await waitForMail(gw.stack, customer, 1, 60_000);
    assert.match(ack.subject ?? '', /\[TG-\d{6}\]/);
  });
});
