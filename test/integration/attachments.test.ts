import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { replyToOf, sendAsCustomer, waitForMail } from '../support/mail';
import { ticketEvents } from '../support/events';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Files travel with the conversation on the real servers: a customer's
 * screenshot reaches the agent, an agent's document reaches the customer,
 * byte for byte, read back from the stored raw mail when the gateway sends.
 * Program files and files over the forwarding cap stay behind, named.
 */
describe('attachments passed on (real servers)', function () {
  this.timeout(120_000);
  const id = uniq();
  const agent = `agent-${id}@example.test`;
  const customer = `cust-${id}@example.test`;
  const second = `l2-${id}@example.test`;
  const screenshot = randomBytes(200 * 1024);
  const dump = randomBytes(1536 * 1024);
  const guide = randomBytes(64 * 1024);
  const logo = randomBytes(2048);
  let gw: TestGateway;
  let note: ParsedMail;

  before(async () => {
    gw = await startGateway({
      id,
      desk: {
        agents: [{ name: 'Ana Agent', email: agent, tier: 'L1', languages: ['en'] }, { name: 'Lev Second', email: second, tier: 'L2', languages: ['en'] }],
        limits: { maxMailBytes: 10 * 1024 * 1024, forwardAttachmentBytes: 1024 * 1024 },
      },
    });
  });
  after(async () => gw?.stop());

  it("the agent's notification carries the customer's screenshot and names the files held back", async () => {
    await sendAsCustomer(gw.stack, {
      from: customer, to: gw.support, subject: 'Error on login', text: 'I get this error when I log in, see the screenshot.',
      attachments: [
        { filename: 'screenshot.png', content: screenshot, contentType: 'image/png' },
        { filename: 'memory.dmp', content: dump, contentType: 'application/octet-stream' },
        { filename: 'fixer.exe', content: Buffer.from('MZ fake program'), contentType: 'application/octet-stream' },
      ],
    } as never);
    [note] = await waitForMail(gw.stack, agent, 1, 30_000);
    assert.deepEqual(note.attachments.map((a) => a.filename), ['screenshot.png']);
    assert.equal(sha(note.attachments[0].content), sha(screenshot), 'byte for byte');
    assert.equal(note.attachments[0].contentType, 'image/png');
    assert.match(note.text ?? '', /screenshot\.png \(200 KB\)\n/);
    assert.match(note.text ?? '', /memory\.dmp \(1\.5 MB\) — not attached: over the size limit/);
    assert.match(note.text ?? '', /fixer\.exe \(\d+ B\) — not attached: program files/);
    const [ack] = await waitForMail(gw.stack, customer, 1, 30_000);
    assert.equal(ack.attachments.length, 0, 'the acknowledgement carries no files');
    const stored = await gw.app.mongo.collection('messages').findOne({ direction: 'in', 'from.address': customer });
    assert.deepEqual(stored?.files.map((f: { filename: string; size: number }) => [f.filename, f.size]), [['screenshot.png', screenshot.length], ['memory.dmp', dump.length], ['fixer.exe', 15]], 'the ticket keeps the names and sizes');
  });

  it("the agent's document reaches the customer; the logo inline in the agent's signature does not; a program file is held and the agent told", async () => {
    await sendAsCustomer(gw.stack, {
      from: `Ana Agent <${agent}>`, to: replyToOf(note), subject: `Re: ${note.subject}`, inReplyTo: note.messageId,
      text: 'Please follow the attached guide.', html: '<p>Please follow the attached guide.</p><p><img src="cid:logo@acme"></p>',
      attachments: [
        { filename: 'login-guide.pdf', content: guide, contentType: 'application/pdf' },
        { filename: 'logo.png', content: logo, contentType: 'image/png', cid: 'logo@acme', contentDisposition: 'inline' },
        { filename: 'patch.exe', content: Buffer.from('MZ fake patch'), contentType: 'application/octet-stream' },
      ],
    } as never);
    const mails = await waitForMail(gw.stack, customer, 2, 30_000);
    const relay = mails[1];
    assert.match(relay.text ?? '', /attached guide/);
    assert.deepEqual(relay.attachments.map((a) => a.filename), ['login-guide.pdf']);
    assert.equal(sha(relay.attachments[0].content), sha(guide));
    const t = await gw.app.mongo.collection('tickets').findOne({ 'requester.address': customer });
    const replied = (await ticketEvents(gw.app.mongo, String(t?._id))).find((e) => e.action === 'agent-replied');
    assert.deepEqual(replied?.detail.files, ['login-guide.pdf'], 'the ticket records which files went');
    assert.deepEqual(replied?.detail.filesHeld, [{ filename: 'patch.exe', size: 13, reason: 'blocked-type' }], 'and which did not');
    const toAgent = await waitForMail(gw.stack, agent, 2, 30_000);
    const held = toAgent.find((m) => /Files not sent to the customer/.test(m.subject ?? ''));
    assert.ok(held, 'the agent is told');
    assert.match(held.text ?? '', /patch\.exe \(13 B\) — program files are never passed on/);
  });

  it("an escalation hands the next tier the customer's words and files, with the reason", async () => {
    await sendAsCustomer(gw.stack, { from: agent, to: replyToOf(note), subject: `Re: ${note.subject}`, text: '#escalate login server needs a certificate' } as never);
    const [handed] = await waitForMail(gw.stack, second, 1, 30_000);
    assert.match(handed.text ?? '', /Reason: login server needs a certificate/);
    assert.match(handed.text ?? '', /> I get this error when I log in/);
    assert.deepEqual(handed.attachments.map((a) => a.filename), ['screenshot.png']);
    assert.equal(sha(handed.attachments[0].content), sha(screenshot));
  });
});
