import { strict as assert } from 'node:assert';
import { acceptRawMails } from '../../src/app/accept-raw-mails';
import { withCare } from '../../src/app/care-schedule';
import { createIntake } from '../../src/app/intake';
import { createOutgoing } from '../../src/app/outgoing';
import { formatRetryResult, listQuarantine, quarantinedFor, retryQuarantined } from '../../src/app/quarantine-admin';
import { computeMailKey } from '../../src/domain/mail-key';
import { parseMail } from '../../src/mail/parse';
import { createRenderer } from '../../src/mail/render';
import { testDesk } from '../support/desk';
import { memoryPorts } from '../support/memory-ports';

const desk = testDesk();
const templates = createRenderer();
const AUTO = 'Auto-Submitted: auto-replied\r\n';

function rawMail(n: number, text: string, headers = '', from = 'From: Ana Pop <ana@customer.test>\r\n') {
  const raw = Buffer.from(`${from}To: support@example.test\r\nSubject: Mail ${n}\r\nMessage-ID: <m${n}@customer.test>\r\n${headers}\r\n${text}\r\n`);
  const k = computeMailKey(raw);
  return { key: k.key, messageId: k.messageId, size: raw.length, raw, mailbox: 'support@example.test', source: { kind: 'replay' as const, path: 'x.eml' }, receivedAt: new Date('2026-11-23T09:00:00Z') };
}

function setup() {
  const ports = memoryPorts();
  let t = new Date('2026-11-23T10:00:00Z').getTime();
  const clock = { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
  const base = { ...ports, tickets: withCare(ports.tickets, desk.care), templates, desk, clock };
  const intake = createIntake({ ...base, outgoing: createOutgoing(base), parse: parseMail, alert: async () => undefined, rateTicket: async () => undefined });
  const accept = acceptRawMails(ports);
  const admin = { rawMails: ports.rawMails, quarantine: ports.quarantine, queues: ports.queues, clock, log: ports.log };
  /** Stores and runs intake on one mail, a minute after the previous one. */
  const receive = async (mail: ReturnType<typeof rawMail>) => {
    clock.advance(60_000);
    const [stored] = await accept([mail]);
    await intake.process(stored.id);
    return stored.id;
  };
  return { ports, intake, admin, receive, clock };
}

describe('quarantine admin (in-memory ports)', () => {
  it('lists entries newest first, filtered by reason, time and limit, with the mail\'s status', async () => {
    const { admin, receive } = setup();
    const ooo = await receive(rawMail(1, 'I am away.', AUTO));
    const big = await receive(rawMail(2, 'x'.repeat(200_000)));
    const ooo2 = await receive(rawMail(3, 'Still away.', AUTO));
    await receive(rawMail(4, 'My laptop does not start.'));
    const list = listQuarantine(admin);

    const all = await list({});
    assert.deepEqual(all.map((r) => r.rawMailId), [ooo2, big, ooo]);
    assert.deepEqual(all.map((r) => r.reason), ['auto-reply', 'too-large', 'auto-reply']);
    assert.ok(all.every((r) => r.status === 'quarantined'));
    assert.match(all[0].outcome ?? '', /^auto-reply: Auto-Submitted/);
    assert.equal(all[0].from, 'ana@customer.test');
    assert.deepEqual((await list({ reason: 'auto-reply' })).map((r) => r.rawMailId), [ooo2, ooo]);
    assert.deepEqual((await list({ since: all[1].at })).map((r) => r.rawMailId), [ooo2, big]);
    assert.deepEqual((await list({ limit: 1 })).map((r) => r.rawMailId), [ooo2]);
  });

  it('retry clears the outcome, records who and when, and queues intake with the ended job forgotten', async () => {
    const { ports, admin, receive, intake, clock } = setup();
    const id = await receive(rawMail(1, 'I am away.', AUTO));
    ports.state.jobs.intake.length = 0;
    ports.state.jobs.quarantineMove.length = 0;
    const results = await retryQuarantined(admin)([id], { release: false, by: 'cli', note: 'rule changed' });
    assert.deepEqual(ports.state.jobs.quarantineMove, [id], 'its IMAP copy is filed again by the outcome');
    assert.deepEqual(results, [{ id, result: 'retried' }]);
    assert.equal(formatRetryResult(results[0]), `${id}: retried`);
    const raw = ports.state.raws.get(id)!;
    assert.equal(raw.status, 'stored');
    assert.equal(raw.outcome, undefined);
    assert.equal(raw.releasedAt, undefined, 'a retry is not a release');
    assert.deepEqual(ports.state.jobs.forgotten, [id]);
    assert.deepEqual(ports.state.jobs.intake, [id]);
    assert.deepEqual(ports.state.quarantined.get(id)!.retries, [{ at: clock.now(), by: 'cli', action: 'retry', note: 'rule changed' }]);

    const again = await intake.process(id);
    assert.equal(again.kind, 'quarantine', 'the same screen sets it aside again');
    assert.equal(ports.state.raws.get(id)!.status, 'quarantined');
    const [row] = await listQuarantine(admin)({});
    assert.equal(row.retries?.length, 1);
    assert.equal(ports.state.outbox.size, 0, 'still nobody answered');
  });

  it('release makes an auto-reply-looking mail open a ticket and acknowledges the customer', async () => {
    const { ports, admin, receive, intake, clock } = setup();
    const id = await receive(rawMail(1, 'Out of office? No: my laptop does not start.', AUTO));
    const results = await retryQuarantined(admin)([id], { release: true, by: 'ops@example.test' });
    assert.deepEqual(results, [{ id, result: 'released' }]);
    const raw = ports.state.raws.get(id)!;
    assert.deepEqual([raw.status, raw.releasedAt, raw.releasedBy], ['stored', clock.now(), 'ops@example.test']);
    const entry = ports.state.quarantined.get(id)!;
    assert.deepEqual([entry.releasedAt, entry.releasedBy, entry.retries?.[0].action], [clock.now(), 'ops@example.test', 'release']);

    const outcome = await intake.process(id);
    assert.deepEqual(outcome, { kind: 'ticket', ticketNumbers: ['TG-000001'] });
    const [ack] = [...ports.state.outbox.values()].filter((o) => o.kind === 'acknowledgement');
    assert.deepEqual(ack.to.map((t) => t.address), ['ana@customer.test']);
    const [row] = await listQuarantine(admin)({});
    assert.deepEqual([row.status, row.outcome], ['done', undefined]);
  });

  it('a release still needs a sender, and the size limit still applies', async () => {
    const { ports, admin, receive, intake } = setup();
    const nobody = await receive(rawMail(1, 'Hello', '', ''));
    const big = await receive(rawMail(2, 'x'.repeat(200_000)));
    assert.equal(ports.state.quarantined.get(nobody)!.reason, 'no-sender');
    await retryQuarantined(admin)([nobody, big], { release: true, by: 'cli' });
    const unanswerable = await intake.process(nobody);
    assert.match(unanswerable.kind === 'quarantine' ? unanswerable.reason : '', /^no-sender/);
    const again = await intake.process(big);
    assert.match(again.kind === 'quarantine' ? again.reason : '', /^too-large/);
    assert.equal(ports.state.tickets.size, 0);
  });

  it('reports an unknown id and a mail that is not quarantined, and changes neither', async () => {
    const { ports, admin, receive } = setup();
    const done = await receive(rawMail(1, 'My laptop does not start.'));
    const ooo = await receive(rawMail(2, 'I am away.', AUTO));
    ports.state.jobs.intake.length = 0;
    const before = { ...ports.state.raws.get(done)! };
    const results = await retryQuarantined(admin)([done, 'ffffffffffffffffffffffff', 'not-an-id', ooo, ooo], { release: true, by: 'cli' });
    assert.deepEqual(results.map(formatRetryResult), [
      `${done}: not quarantined (status done)`,
      'ffffffffffffffffffffffff: unknown id',
      'not-an-id: unknown id',
      `${ooo}: released`,
    ]);
    assert.deepEqual(ports.state.raws.get(done), before);
    assert.deepEqual(ports.state.jobs.intake, [ooo], 'only the quarantined mail is queued, once');

    const second = await retryQuarantined(admin)([ooo], { release: true, by: 'cli' });
    assert.equal(formatRetryResult(second[0]), `${ooo}: not quarantined (status stored)`);
    assert.equal(ports.state.quarantined.get(ooo)!.retries?.length, 1);
  });

  it('selects by reason only the mails still quarantined', async () => {
    const { admin, receive } = setup();
    const a = await receive(rawMail(1, 'I am away.', AUTO));
    const b = await receive(rawMail(2, 'Away again.', AUTO));
    await receive(rawMail(3, 'x'.repeat(200_000)));
    await retryQuarantined(admin)([a], { release: true, by: 'cli' });
    assert.deepEqual((await quarantinedFor(admin)('auto-reply')).map((r) => r.rawMailId), [b]);
  });
});
