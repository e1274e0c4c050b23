import { strict as assert } from 'node:assert';
import { startGateway, uniq, type TestGateway } from '../support/gateway';
import { readMailbox, replyToOf, sendAsCustomer, until, waitForMail } from '../support/mail';
import { seedHistory, recompute } from '../support/digest-seed';
import { ticketEvents } from '../support/events';

/**
 * The managers' view on the real servers: a digest of a seeded history, a
 * problem formed by several customers' mails, knowledge from a resolved
 * ticket in a new ticket's notification, and a manager acting by reply.
 */


describe("managers' view (real servers)", function () {
  this.timeout(120_000);
  const id = uniq();
  const agent = `agent-${id}@example.test`;
  const l2 = `l2-${id}@example.test`;
  const manager = `manager-${id}@example.test`;
  let gw: TestGateway;

  before(async () => {
    gw = await startGateway({
      id,
      desk: {
        agents: [{ name: 'Ana First', email: agent, tier: 'L1', languages: ['en', 'ru', 'ro'] }, { name: 'Lev Second', email: l2, tier: 'L2', languages: ['en', 'ru'] }],
        managers: [{ name: 'Mia Manager', email: manager, language: 'en', digests: [] }],
        problems: { alertAt: 5 },
      } as never,
    });
  });
  after(async () => gw?.stop());

  describe('digest', () => {
    it('reports figures that an independent recomputation of the seeded history confirms', async () => {
      const now = new Date();
      const seeded = await seedHistory(gw.app.mongo, now);
      // Seeded past the repository, as an import would be: the reporting rows are rebuilt from the tickets.
      assert.equal(await gw.app.repos.tickets.rebuildDigestRows(), seeded.length);
      const from = new Date(now.getTime() - 24 * 3_600_000);
      const { figures } = await gw.app.digest({ to: { name: 'Mia Manager', address: manager }, language: 'en', kind: 'daily', from, until: now });
      const expected = recompute(seeded, from, now, 'Europe/Bucharest');
      assert.deepEqual(figures.created, expected.created);
      assert.deepEqual(figures.resolved, expected.resolved);
      assert.deepEqual(figures.open, expected.open);
      assert.deepEqual(figures.firstResponse.all, expected.firstResponseAll);
      assert.deepEqual(figures.resolution.all, expected.resolutionAll);
      assert.deepEqual(figures.breaches, expected.breaches);
      assert.equal(figures.escalations.tickets, expected.escalated);
      assert.deepEqual([figures.satisfaction.count, figures.satisfaction.byScore], [expected.satisfaction.count, expected.satisfaction.byScore]);
      assert.ok(Math.abs((figures.satisfaction.average ?? 0) - (expected.satisfaction.average ?? 0)) < 1e-9);
      assert.deepEqual(figures.byHour, expected.byHour);
      assert.deepEqual(figures.oldestOpen.map((t) => t.number), expected.oldestOpen);
      assert.deepEqual(figures.agentLoad, expected.agentLoad);
    });

    it('arrives in the manager\'s mailbox with its charts as inline images and every figure as text', async () => {
      const [mail] = await waitForMail(gw.stack, manager, 1, 30_000);
      assert.match(mail.subject ?? '', /digest/i);
      const images = mail.attachments.filter((a) => a.contentType === 'image/png');
      assert.ok(images.length >= 3, `${images.length} images`);
      for (const img of images) {
        assert.ok(img.contentId, 'each image has a Content-ID');
        // mailparser marks a part the HTML refers to by cid: as related (and inlines it as a data: URL).
        assert.equal(img.related, true, `the HTML shows ${img.contentId}`);
        assert.deepEqual([...img.content.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
      }
      assert.match(mail.text ?? '', /TG-\d{6}/, 'the oldest open tickets are listed in the text part');
      assert.match(replyToOf(mail), new RegExp(`^support-${id}\\+mgr\\.[a-z2-7]{10}@example\\.test$`), 'a signed address for commands');
    });
  });

  describe('problems', () => {
    const reports = [
      ['en', 'VPN not connecting', 'Since this morning the VPN is not connecting, it times out.'],
      ['en', 'Cannot connect to VPN', 'I cannot connect to the VPN, error 809.'],
      ['ru', 'VPN не подключается', 'VPN не подключается с утра, пишет ошибку.'],
      ['ru', 'Не могу подключиться к VPN', 'Не могу подключиться к VPN из дома.'],
      ['ro', 'VPN-ul nu se conectează', 'VPN-ul nu se conectează de azi dimineață.'],
    ];
    const customers = reports.map((_, i) => `vpn${i}-${id}@example.test`);

    it('groups five customers\' similar mails into one problem and alerts the managers once', async () => {
      for (const [i, [, subject, text]] of reports.entries()) {
        await sendAsCustomer(gw.stack, { from: customers[i], to: gw.support, subject, text });
        await waitForMail(gw.stack, customers[i], 1, 30_000);
      }
      const problems = await until('one problem of five', async () => {
        const list = await gw.app.mongo.collection('problems').find({}).toArray();
        return list.length === 1 && list[0].ticketIds.length === 5 ? list : undefined;
      }, 30_000);
      assert.equal(new Set(problems[0].requesters).size, 5);
      const alerts = await until('problem alert', async () => (await readMailbox(gw.stack, manager)).filter((m) => /Problem PRB-\d{6}: 5 tickets from 5 customers/.test(m.subject ?? '')), 20_000);
      assert.equal(alerts.length, 1);
      const told = await until('agents told', async () => {
        const notes = (await readMailbox(gw.stack, agent)).filter((m) => /Part of a problem/.test(m.subject ?? ''));
        return notes.length === 5 ? notes : undefined;
      }, 20_000);
      assert.match(told[0].text ?? '', /5 customers report what looks like one cause: problem PRB-\d{6}/);
    });

    it('lets an agent resolve the problem once, telling every customer in their language', async () => {
      const notes = await readMailbox(gw.stack, agent);
      const note = notes.find((n) => /VPN-ul nu se conectează/.test(n.subject ?? ''))!;
      assert.match(note.text ?? '', /Part of problem PRB-\d{6}/);
      await sendAsCustomer(gw.stack, { from: `Ana First <${agent}>`, to: replyToOf(note), subject: `Re: ${note.subject}`, text: '#resolve-problem\nThe VPN gateway certificate was renewed; please reconnect.' } as never);
      for (const [i, [lang]] of reports.entries()) {
        const mails = await waitForMail(gw.stack, customers[i], 2, 30_000);
        assert.match(mails[1].text ?? '', /certificate was renewed/);
        if (lang === 'ru') assert.match(mails[1].text ?? '', /проблем/i);
      }
      const statuses = await gw.app.mongo.collection('tickets').find({ 'requester.address': { $in: customers } }).toArray();
      assert.deepEqual(statuses.map((t) => t.status), ['resolved', 'resolved', 'resolved', 'resolved', 'resolved']);
    });
  });

  describe('knowledge', () => {
    it('lists a similar resolved ticket with its answer in a new ticket\'s notification', async () => {
      const first = `outlook1-${id}@example.test`;
      await sendAsCustomer(gw.stack, { from: first, to: gw.support, subject: 'Outlook keeps asking for my password', text: 'Outlook asks for my password every few minutes since the update.' });
      await waitForMail(gw.stack, first, 1, 30_000);
      const note = await until('notification', async () => (await readMailbox(gw.stack, agent)).find((n) => /Outlook keeps asking/.test(n.subject ?? '')));
      const number = /\[(TG-\d{6})\]/.exec(note.subject ?? '')![1];
      await sendAsCustomer(gw.stack, { from: `Ana First <${agent}>`, to: replyToOf(note), subject: `Re: ${note.subject}`, text: '#status resolved\nOpen Credential Manager, remove the saved Office credentials and sign in again.' } as never);
      await waitForMail(gw.stack, first, 3, 30_000);
      const second = `outlook2-${id}@example.test`;
      await sendAsCustomer(gw.stack, { from: second, to: gw.support, subject: 'Outlook password prompt again and again', text: 'My Outlook keeps prompting for the password again and again.' });
      const next = await until('second notification', async () => (await readMailbox(gw.stack, agent)).find((n) => /password prompt again/.test(n.subject ?? '')), 30_000);
      assert.match(next.text ?? '', new RegExp(`Similar resolved tickets:[\\s\\S]*${number}[\\s\\S]*Credential Manager`));
    });
  });

  describe('a manager acts by reply', () => {
    it('escalates a ticket named in a reply to an alert, and confirms', async () => {
      const customer = `key-${id}@example.test`;
      await sendAsCustomer(gw.stack, { from: customer, to: gw.support, subject: 'Monitor flickers', text: 'My second monitor flickers now and then.' });
      await waitForMail(gw.stack, customer, 1, 30_000);
      const ticket = await until('ticket', async () => gw.app.mongo.collection('tickets').findOne({ 'requester.address': customer }));
      assert.equal(ticket.tier, 'L1');
      const alert = (await readMailbox(gw.stack, manager)).find((m) => /Problem PRB/.test(m.subject ?? ''))!;
      const count = (await readMailbox(gw.stack, manager)).length;
      await sendAsCustomer(gw.stack, { from: `Mia Manager <${manager}>`, to: replyToOf(alert), subject: `Re: ${alert.subject}`, text: `#escalate ${ticket.number} key account, please call them\n\n> quoted alert` } as never);
      const escalated = await until('escalated by the manager', async () => {
        const t = await gw.app.mongo.collection('tickets').findOne({ _id: ticket._id });
        return t?.tier === 'L2' ? t : undefined;
      }, 30_000);
      assert.equal(escalated.escalations, 1);
      const mails = await waitForMail(gw.stack, manager, count + 1, 30_000);
      assert.match(mails[count].subject ?? '', /Applied/);
      const history = (await ticketEvents(gw.app.mongo, String(ticket._id))).filter((e) => e.action === 'command-escalate');
      assert.equal(history[0].actor, manager);
      await waitForMail(gw.stack, l2, 1, 30_000);
    });

    it('refuses the same command from someone who is not a manager', async () => {
      const alert = (await readMailbox(gw.stack, manager)).find((m) => /Problem PRB/.test(m.subject ?? ''))!;
      const target = await gw.app.mongo.collection('tickets').findOne({ number: 'TG-900003' });
      const stranger = `stranger-${id}@example.test`;
      await sendAsCustomer(gw.stack, { from: stranger, to: replyToOf(alert), subject: 'Re: alert', text: '#escalate TG-900003 now' });
      await waitForMail(gw.stack, stranger, 1, 30_000);
      const after = await gw.app.mongo.collection('tickets').findOne({ number: 'TG-900003' });
      assert.equal(after?.tier, target?.tier, 'no command power: the mail became an ordinary ticket');
    });
  });
});
