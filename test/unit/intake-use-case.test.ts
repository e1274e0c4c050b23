import { strict as assert } from 'node:assert';
import { acceptRawMails, recoverUnfinished } from '../../src/app/accept-raw-mails';
import type { DeskSettings } from '../../src/app/desk-settings';
import { createIntake } from '../../src/app/intake';
import { withCare } from '../../src/app/care-schedule';
import { createOutgoing } from '../../src/app/outgoing';
import { sendOutbox } from '../../src/app/send-outbox';
import { computeMailKey } from '../../src/domain/mail-key';
import { createRenderer } from '../../src/mail/render';
import { attachmentLoader } from '../../src/mail/attachment-loader';
import { parseMail } from '../../src/mail/parse';
import { createMemoryTransport, PermanentSendError } from '../../src/mail/transport';
import { memoryPorts } from '../support/memory-ports';
import { testDesk } from '../support/desk';

const desk: DeskSettings = testDesk();
const clock = { now: () => new Date('2026-11-23T10:00:00Z') };
const templates = createRenderer();

function rawMail(text: string, headers = '') {
  const raw = Buffer.from(`From: Ana Pop <ana@customer.test>\r\nTo: support@example.test\r\nSubject: Laptop broken\r\nMessage-ID: <m1@customer.test>\r\n${headers}\r\n${text}\r\n`);
  const k = computeMailKey(raw);
  return { key: k.key, messageId: k.messageId, size: raw.length, raw, mailbox: 'support@example.test', source: { kind: 'replay' as const, path: 'x.eml' }, receivedAt: clock.now() };
}

function setup() {
  const ports = memoryPorts();
  const base = { ...ports, tickets: withCare(ports.tickets, desk.care), templates, desk, clock };
  const outgoing = createOutgoing(base);
  const intake = createIntake({ ...base, outgoing, parse: parseMail, alert: async () => undefined, rateTicket: async () => undefined });
  const accept = acceptRawMails(ports);
  return { ports, intake, accept };
}

describe('intake use case (in-memory ports)', () => {
  it('opens one ticket, records history and queues one acknowledgement', async () => {
    const { ports, intake, accept } = setup();
    const [stored] = await accept([rawMail('My laptop does not start.')]);
    const outcome = await intake.process(stored.id);
    assert.deepEqual(outcome, { kind: 'ticket', ticketNumbers: ['TG-000001'] });
    const [ack] = [...ports.state.outbox.values()].filter((o) => o.kind === 'acknowledgement');
    assert.equal(ack.subject, '[TG-000001] Re: Laptop broken');
    assert.equal(ack.inReplyTo, 'm1@customer.test');
    assert.deepEqual(ack.to, [{ name: 'Ana Pop', address: 'ana@customer.test' }]);
    assert.equal(ack.headers['Auto-Submitted'], 'auto-replied');
    assert.deepEqual([...ports.state.events.values()].map((e) => e.action), ['created'], 'the sends are recorded when they happen (mail-sent)');
    assert.deepEqual([...ports.state.messages.values()].filter((m) => m.direction === 'out').map((m) => m.kind).sort(), ['acknowledgement', 'agent-notification'], 'both mails are on the ticket as messages');
    assert.equal(ports.state.jobs.send[0], ack.id);
  });

  it("passes the customer's files on with the agent notification, read back from the raw mail when sending", async () => {
    const { ports, intake, accept } = setup();
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const body = [
      '--m', 'Content-Type: text/plain', '', 'My screen shows this error.', '',
      '--m', 'Content-Type: image/png', 'Content-Disposition: attachment; filename="error.png"', 'Content-Transfer-Encoding: base64', '', png.toString('base64'), '',
      '--m', 'Content-Type: application/octet-stream', 'Content-Disposition: attachment; filename="fixer.exe"', 'Content-Transfer-Encoding: base64', '', 'TVqQAAMAAAAEAAAA', '',
      '--m--', '',
    ].join('\r\n');
    const [stored] = await accept([rawMail(body, 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="m"\r\n')]);
    await intake.process(stored.id);
    const note = [...ports.state.outbox.values()].find((o) => o.kind === 'agent-notification')!;
    assert.deepEqual(note.attachFrom, { rawMailId: stored.id, indexes: [0] }, 'the picture goes, the program stays');
    assert.match(note.text, /error\.png \(8 B\)\n/);
    assert.match(note.text, /fixer\.exe \(\d+ B\) — not attached: program files/);
    const transport = createMemoryTransport();
    const files = attachmentLoader(async (id) => ports.state.raws.get(id)?.raw);
    await sendOutbox({ outbox: ports.outbox, sender: transport, history: ports.history, log: ports.log, files })(note.id);
    assert.deepEqual(transport.sent[0].files?.map((f) => [f.filename, f.contentType, f.content.toString('hex')]), [['error.png', 'image/png', png.toString('hex')]]);
    const ack = [...ports.state.outbox.values()].find((o) => o.kind === 'acknowledgement')!;
    assert.equal(ack.attachFrom, undefined, 'the customer does not get their own files back');
    // Files that cannot be read back never cost the mail: it goes without them.
    Object.assign(ports.state.outbox.get(note.id)!, { status: 'queued' });
    const broken = async () => Promise.reject(new Error('raw mail unreadable'));
    assert.equal(await sendOutbox({ outbox: ports.outbox, sender: transport, history: ports.history, log: ports.log, files: broken })(note.id), 'sent');
    assert.equal(transport.sent[1].files, undefined);
  });

  it('run twice (a retried job), it changes nothing the second time', async () => {
    const { ports, intake, accept } = setup();
    const [stored] = await accept([rawMail('My laptop does not start.')]);
    await intake.process(stored.id);
    Object.assign(ports.state.raws.get(stored.id)!, { status: 'stored', outcome: undefined }); // as if the crash came before the outcome was saved
    await intake.process(stored.id);
    assert.equal(ports.state.tickets.size, 1);
    assert.equal(ports.state.outbox.size, 2, 'one acknowledgement and one agent notification');
    assert.equal(ports.state.messages.size, 3, 'the inbound message, the acknowledgement and the notification');
  });

  it('the same mail accepted twice is stored once and queued while it has no outcome', async () => {
    const { ports, accept } = setup();
    const a = await accept([rawMail('Hello')]);
    const b = await accept([rawMail('Hello')]);
    assert.equal(a[0].id, b[0].id);
    assert.deepEqual([a[0].created, b[0].created], [true, false]);
    assert.equal(ports.state.raws.size, 1);
  });

  it('quarantines an out-of-office reply with the rule that matched, and answers nothing', async () => {
    const { ports, intake, accept } = setup();
    const [stored] = await accept([rawMail('I am away.', 'Auto-Submitted: auto-replied\r\n')]);
    const outcome = await intake.process(stored.id);
    assert.equal(outcome.kind, 'quarantine');
    assert.match(outcome.kind === 'quarantine' ? outcome.reason : '', /^auto-reply: Auto-Submitted: auto-replied/);
    assert.equal(ports.state.outbox.size, 0);
    assert.equal(ports.state.quarantined.get(stored.id)?.reason, 'auto-reply');
  });

  it('quarantines a mail over the size limit without parsing it', async () => {
    const { ports, intake, accept } = setup();
    const [stored] = await accept([rawMail('x'.repeat(200_000))]);
    const outcome = await intake.process(stored.id);
    assert.match(outcome.kind === 'quarantine' ? outcome.reason : '', /^too-large/);
    assert.equal(ports.state.tickets.size, 0);
  });

  it('recovery queues stored mails that never got an outcome', async () => {
    const { ports, accept } = setup();
    await accept([rawMail('one')]);
    ports.state.jobs.intake.length = 0;
    const later = { now: () => new Date(clock.now().getTime() + 10 * 60_000) };
    assert.equal(await recoverUnfinished({ ...ports, ...later, giveUp: async () => assert.fail('nothing gave up') })(), 1);
    assert.equal(ports.state.jobs.intake.length, 1);
  });

  it('recovery quarantines a stored mail whose job the queue gave up on, with the queue reason', async () => {
    const { ports, intake, accept } = setup();
    const [stored] = await accept([rawMail('one')]);
    const later = { now: () => new Date(clock.now().getTime() + 10 * 60_000) };
    const queues = { ...ports.queues, requeueIntake: async (ids: string[]) => ids.map((id) => ({ id, reason: 'job stalled more than allowable limit (after 0 attempts, 6 stalls)' })) };
    const giveUp = async (id: string, reason: string) => intake.quarantine((await ports.rawMails.get(id))!, 'processing-failed', reason);
    assert.equal(await recoverUnfinished({ ...ports, queues, ...later, giveUp })(), 1);
    const q = ports.state.quarantined.get(stored.id);
    assert.equal(q?.reason, 'processing-failed');
    assert.match(JSON.stringify(q), /stalled more than allowable limit/);
  });
});

describe('send use case (in-memory transport)', () => {
  async function queued() {
    const { ports, intake, accept } = setup();
    const [stored] = await accept([rawMail('My laptop does not start.')]);
    await intake.process(stored.id);
    return { ports, outboxId: [...ports.state.outbox.values()].find((o) => o.kind === 'acknowledgement')!.id };
  }

  it('sends once even when the job runs twice, and records the send on the ticket', async () => {
    const { ports, outboxId } = await queued();
    const transport = createMemoryTransport();
    const send = sendOutbox({ outbox: ports.outbox, sender: transport, history: ports.history, log: ports.log });
    assert.equal(await send(outboxId), 'sent');
    assert.equal(await send(outboxId), 'already-sent');
    assert.equal(transport.sent.length, 1);
    assert.equal(transport.sent[0].messageId, ports.state.outbox.get(outboxId)!.messageId);
    assert.ok([...ports.state.events.values()].some((e) => e.action === 'mail-sent'));
  });

  it('a worker killed after the 250 but before the outbox update: the retry finds the send mark and sends nothing', async () => {
    const { ports, outboxId } = await queued();
    const transport = createMemoryTransport();
    const marksMap = new Map<string, string>();
    const marks = { get: async (id: string) => marksMap.get(id), set: async (id: string, r: string) => void marksMap.set(id, r) };
    // The first attempt dies at the outbox update, as a worker killed at that moment would.
    const dying = { ...ports.outbox, markSent: async () => Promise.reject(new Error('killed')) };
    await assert.rejects(sendOutbox({ outbox: dying, sender: transport, history: ports.history, log: ports.log, marks })(outboxId), /killed/);
    assert.equal(ports.state.outbox.get(outboxId)!.status, 'queued');
    const retry = sendOutbox({ outbox: ports.outbox, sender: transport, history: ports.history, log: ports.log, marks });
    assert.equal(await retry(outboxId), 'already-sent');
    assert.equal(transport.sent.length, 1, 'sent once');
    assert.equal(ports.state.outbox.get(outboxId)!.status, 'sent', 'the outbox record catches up');
    assert.ok([...ports.state.events.values()].some((e) => e.action === 'mail-sent'), 'and the ticket records the send');
  });

  it('a send mark that cannot be written does not fail a mail that went out', async () => {
    const { ports, outboxId } = await queued();
    const transport = createMemoryTransport();
    const marks = { get: async () => undefined, set: async () => Promise.reject(new Error('redis down')) };
    assert.equal(await sendOutbox({ outbox: ports.outbox, sender: transport, history: ports.history, log: ports.log, marks })(outboxId), 'sent');
    assert.equal(ports.state.outbox.get(outboxId)!.status, 'sent');
  });

  it('marks a permanent refusal failed and rethrows it, so the job stops retrying', async () => {
    const { ports, outboxId } = await queued();
    const refusing = { send: async () => Promise.reject(new PermanentSendError('550 no such user', 550)) };
    const send = sendOutbox({ outbox: ports.outbox, sender: refusing, history: ports.history, log: ports.log });
    await assert.rejects(send(outboxId), PermanentSendError);
    assert.equal(ports.state.outbox.get(outboxId)!.status, 'failed');
    assert.equal(await send(outboxId), 'failed');
  });
});
