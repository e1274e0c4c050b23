import { strict as assert } from 'node:assert';
import type { ParsedMail } from 'mailparser';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { readMailbox, replyToOf, sendAsCustomer, until, waitForMail } from '../support/mail';
import { ticketEvents } from '../support/events';
import { appendRaw, assertFinal, settle, type RawOutcome } from './helpers';

const TRUSTED = 'mx.desk.example.test';

/**
 * Forged agents and managers on the real servers. Agents here must pass DKIM
 * or DMARC at the trusted receiving server (requireAgentDkim) besides holding
 * the ticket's signed reply address. The trusted server's verdict is written
 * as its Authentication-Results header on top; the mails are appended over
 * IMAP because they need exact trace headers, as that server would deliver
 * them. Each forgery must change nothing on the ticket, relay nothing to the
 * customer and still be kept: a final outcome for every mail. A genuine
 * reply last proves the same path works when nothing is forged.
 */
describe('hostile: forged agents and managers', function () {
  this.timeout(180_000);
  const id = uniq();
  const agent = `agent-${id}@example.test`;
  const manager = `manager-${id}@example.test`;
  const customer = `cust-${id}@example.test`;
  let gw: TestGateway;
  let number = '';
  let replyTo = '';
  let note: ParsedMail;
  let baseline: { status?: string; priority?: string } = {};

  before(async () => {
    gw = await startGateway({
      id,
      desk: {
        agents: [{ name: 'Ana Agent', email: agent, tier: 'L1', languages: ['en'] }],
        managers: [{ name: 'Mia Manager', email: manager, language: 'en' }],
        conversation: { reopenDays: 7, maxAutoMailsPerHour: 20, requireAgentDkim: true, trustedAuthServId: TRUSTED },
      },
    });
    await sendAsCustomer(gw.stack, { from: customer, to: gw.support, subject: 'VPN drops every hour', text: 'Our VPN disconnects every hour since Monday.' });
    const [ack] = await waitForMail(gw.stack, customer, 1, 30_000);
    number = /\[(TG-\d{6})\]/.exec(ack.subject ?? '')![1];
    [note] = await waitForMail(gw.stack, agent, 1, 30_000);
    replyTo = replyToOf(note);
    const t = await ticket();
    baseline = { status: t?.status, priority: t?.priority };
  });
  after(async () => gw?.stop());

  const ticket = () => gw.app.mongo.collection('tickets').findOne({ number });

  /** An agent-looking reply with exact headers, as the trusted server would deliver it. */
  function reply(to: string, body: string, authResults: string[]): Buffer {
    const lines = [
      ...authResults.map((a) => `Authentication-Results: ${a}`),
      `From: Ana Agent <${agent}>`,
      `To: ${to}`,
      `Subject: Re: ${note.subject}`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <forge-${uniq()}@example.test>`,
      `In-Reply-To: ${note.messageId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ];
    return Buffer.from(lines.join('\r\n'));
  }

  /** Appends one mail and waits for its final outcome (done, or quarantined with a reason), found by its Message-ID. */
  async function deliver(raw: Buffer) {
    const { accepted } = await appendRaw(gw, [raw]);
    assert.equal(accepted.length, 1);
    const messageId = /^Message-ID: <([^>]+)>/im.exec(raw.toString())![1];
    const row = (await until(
      `${messageId} final`,
      () => gw.app.mongo.collection('rawmails').findOne({ messageId, status: { $in: ['done', 'quarantined'] } }, { projection: { raw: 0 } }),
      60_000,
    )) as unknown as RawOutcome;
    await assertFinal(gw, [row]);
    return row;
  }

  /** Every stored mail has a final outcome, and there are at least `count` of them. */
  const allFinal = (count: number) =>
    until(`${count} mails final`, async () => {
      const col = gw.app.mongo.collection('rawmails');
      return (await col.countDocuments({})) >= count && (await col.countDocuments({ status: { $nin: ['done', 'quarantined'] } })) === 0;
    }, 60_000);

  async function assertUnchanged(what: string) {
    const t = await ticket();
    assert.equal(t?.status, baseline.status, `${what}: the ticket status is unchanged`);
    assert.equal(t?.priority, baseline.priority, `${what}: the priority is unchanged`);
    await settle(1500);
    const toCustomer = await readMailbox(gw.stack, customer);
    assert.equal(toCustomer.length, 1, `${what}: the customer got nothing but the acknowledgement`);
  }

  it('the ticket starts open and not P1 (the baseline the forgeries must not move)', async () => {
    assert.ok(baseline.status === 'new' || baseline.status === 'open', `status ${baseline.status}`);
    assert.notEqual(baseline.priority, 'P1');
  });

  it("the agent's address without the reply token (sent through SMTP to the support address): no command power, recorded", async () => {
    await sendAsCustomer(gw.stack, { from: `Ana Agent <${agent}>`, to: gw.support, subject: `Re: [${number}] VPN drops every hour`, text: '#status closed\n#priority P1\nClosing this.' });
    await until('forgery recorded', async () => (await ticketEvents(gw.app.mongo, String((await ticket())?._id))).find((e) => e.action === 'unauthenticated-agent-mail'), 30_000);
    await assertUnchanged('no token');
  });

  it('a reply address whose token is altered by one character: no command power', async () => {
    const tampered = replyTo.replace(/([a-z2-7])@/i, (_, c: string) => `${c === 'a' ? 'b' : 'a'}@`);
    assert.notEqual(tampered, replyTo);
    const row = await deliver(reply(tampered, '#status closed\nClosing.', [`${TRUSTED}; dkim=pass header.d=example.test`]));
    assert.notEqual((row.outcome as { role?: string } | undefined)?.role, 'agent');
    await assertUnchanged('tampered token');
  });

  it("the valid reply address, but the trusted server's DKIM fail sits above a forged pass: no command power", async () => {
    const row = await deliver(reply(replyTo, '#status closed\nClosing.', [`${TRUSTED}; dkim=fail header.d=example.test`, `${TRUSTED}; dkim=pass header.d=example.test`]));
    assert.notEqual((row.outcome as { role?: string } | undefined)?.role, 'agent');
    await assertUnchanged('forged Authentication-Results below the real one');
  });

  it('the valid reply address with a pass written under another authserv-id, or signed by another domain: no command power', async () => {
    await deliver(reply(replyTo, '#priority P1\nUrgent.', [`evil.example; dkim=pass header.d=example.test`]));
    await deliver(reply(replyTo, '#priority P1\nUrgent.', [`${TRUSTED}; dkim=pass header.d=attacker.example`]));
    await assertUnchanged('foreign pass');
  });

  it("a manager's address without the manager's signed address: its command lines are not applied", async () => {
    await sendAsCustomer(gw.stack, { from: `Mia Manager <${manager}>`, to: gw.support, subject: 'Re: Daily digest', text: `#status ${number} closed\n#assign ${number} ${agent}` });
    await allFinal(7);
    assert.equal(await gw.app.mongo.collection('rawmails').countDocuments({ 'outcome.role': 'manager' }), 0, 'nothing handled as a manager reply');
    await assertUnchanged('forged manager');
    const managerMail = await readMailbox(gw.stack, manager);
    assert.ok(!managerMail.some((m) => /applied|commands/i.test(m.subject ?? '')), 'no "commands applied" answer to a forged manager');
  });

  it('control: the same reply with the trusted pass on top is applied and relayed (the forgeries failed for being forged)', async () => {
    const row = await deliver(reply(replyTo, '#status resolved\nWe pushed a new VPN profile; it should hold now.', [`${TRUSTED}; dkim=pass header.d=example.test`]));
    assert.equal((row.outcome as { role?: string } | undefined)?.role, 'agent');
    assert.equal((await ticket())?.status, 'resolved');
    const mails = await waitForMail(gw.stack, customer, 2, 30_000);
    assert.ok(mails.some((m) => /new VPN profile/.test(m.text ?? '')));
    assert.ok(!mails.some((m) => /Closing|Urgent/.test(m.text ?? '')), 'no forged text reached the customer');
  });
});
