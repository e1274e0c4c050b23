import { strict as assert } from 'node:assert';
import { addBusinessTime } from '../../src/domain/business-hours';
import { startGateway, testClock, uniq, type TestGateway } from '../support/gateway';
import { readMailbox, replyToOf, sendAsCustomer, until, waitForMail } from '../support/mail';
import { ticketEvents } from '../support/events';

/**
 * Time-driven care on the real servers with a clock the test moves: the
 * gateway's sweep finds what fell due, queues it on BullMQ, and the mails
 * arrive through Postfix in Dovecot like any other.
 */

const HOUR = 3_600_000;
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Monday 30 November 2026, 10:00 in Bucharest (UTC+2): inside the default 09:00-17:00 working hours.
const MONDAY_10 = new Date('2026-11-30T08:00:00Z');
const CALENDAR = { timeZone: 'Europe/Bucharest', week: { mon: { start: 540, end: 1020 }, tue: { start: 540, end: 1020 }, wed: { start: 540, end: 1020 }, thu: { start: 540, end: 1020 }, fri: { start: 540, end: 1020 } }, holidays: [] };

interface Scene {
  gw: TestGateway;
  clock: ReturnType<typeof testClock>;
  id: string;
  agent: string;
  l2: string;
  manager: string;
  customer: string;
}

async function scene(desk: Record<string, unknown> = {}): Promise<Scene> {
  const id = uniq();
  const s = { id, agent: `agent-${id}@example.test`, l2: `l2-${id}@example.test`, manager: `manager-${id}@example.test`, customer: `cust-${id}@example.test` };
  const clock = testClock(MONDAY_10);
  const gw = await startGateway({
    id, clock, env: { PUBLIC_URL: 'http://rate.example.test' },
    desk: {
      agents: [{ name: 'Ana First', email: s.agent, tier: 'L1', languages: ['en'] }, { name: 'Lev Second', email: s.l2, tier: 'L2', languages: ['en'] }],
      managers: [{ name: 'Mia Manager', email: s.manager, language: 'en' }],
      sla: { P3: { firstResponseHours: 8, resolutionHours: 40, checkInHours: 2 }, P4: { firstResponseHours: 8, resolutionHours: 40, checkInHours: 2 } },
      pending: { reminderHours: 4, reminders: 2, closeAfterHours: 12 },
      survey: { enabled: true, delayMinutes: 5 },
      ...desk,
    } as never,
  });
  return { ...s, gw, clock };
}

const ticketOf = (s: Scene) => s.gw.app.mongo.collection('tickets').findOne({ 'requester.address': s.customer });

/** Moves the clock just past a timer of the ticket and runs the sweep, as the minute scheduler would. */
async function passTimer(s: Scene, kind: string): Promise<Date> {
  const t = await ticketOf(s);
  const due = t?.timers?.[kind] as Date | undefined;
  assert.ok(due, `the ticket has a ${kind} timer (has ${Object.keys(t?.timers ?? {}).join(', ')})`);
  s.clock.set(new Date(due.getTime() + 1000));
  assert.ok((await s.gw.app.sweep()) >= 1, 'the sweep queued work');
  return due;
}

async function agentAnswers(s: Scene, text: string) {
  const [note] = await waitForMail(s.gw.stack, s.agent, 1, 20_000);
  await sendAsCustomer(s.gw.stack, { from: `Ana First <${s.agent}>`, to: replyToOf(note), subject: `Re: ${note.subject}`, text } as never);
}

describe('time-driven care (real servers, controlled clock)', function () {
  this.timeout(120_000);

  describe('check-ins', () => {
    let s: Scene;
    before(async () => (s = await scene()));
    after(async () => s?.gw.stop());

    it('sends a check-in at the interval, and again at the next', async () => {
      await sendAsCustomer(s.gw.stack, { from: s.customer, to: s.gw.support, subject: 'Printer prints faded pages', text: 'The printer on the third floor prints very faded pages since yesterday. We can still read them.' });
      await waitForMail(s.gw.stack, s.customer, 1);
      const t = await ticketOf(s);
      assert.ok(['P3', 'P4'].includes(t?.priority), `priority ${t?.priority}`);
      const first = await passTimer(s, 'check-in');
      assert.equal(first.getTime(), MONDAY_10.getTime() + 2 * HOUR, 'two working hours after the mail');
      const mails = await waitForMail(s.gw.stack, s.customer, 2);
      assert.match(mails[1].subject ?? '', new RegExp(`\\[${t?.number}\\] Update on your request`));
      assert.match(mails[1].text ?? '', /in progress|new/i);
      await passTimer(s, 'check-in');
      await waitForMail(s.gw.stack, s.customer, 3);
      assert.equal((await ticketOf(s))?.checkIns, 2);
    });

    it('sends none within the interval after an agent wrote to the customer', async () => {
      const before = await ticketOf(s);
      s.clock.advance(HOUR);
      await agentAnswers(s, 'We ordered a new toner cartridge; it arrives tomorrow.');
      await waitForMail(s.gw.stack, s.customer, 4);
      const after = await until('check-in moved by the answer', async () => {
        const t = await ticketOf(s);
        return t && t.timers['check-in'].getTime() !== before?.timers['check-in'].getTime() ? t : undefined;
      });
      assert.equal(after.timers['check-in'].getTime(), addBusinessTime(CALENDAR, s.clock.now(), 2 * HOUR).getTime());
      s.clock.set(new Date(before?.timers['check-in'].getTime() + 60_000));
      await s.gw.app.sweep();
      await settle(3000);
      assert.equal((await readMailbox(s.gw.stack, s.customer)).length, 4, 'no check-in at the old time');
      await passTimer(s, 'check-in');
      await waitForMail(s.gw.stack, s.customer, 5);
    });
  });

  describe('SLA breach', () => {
    let s: Scene;
    before(async () => (s = await scene()));
    after(async () => s?.gw.stop());

    it('warns the assignee at 75% of an unanswered P2, then escalates it to L2 and alerts the managers at the breach', async () => {
      await sendAsCustomer(s.gw.stack, { from: s.customer, to: s.gw.support, subject: 'Cannot log in - presentation in 2 hours', text: 'Hi,\n\nMy password expired this morning and the reset page says my account is locked. I have a board presentation in two hours and all the slides are in my OneDrive. Username rpatel.\n\nPlease help!\nRaj' });
      await waitForMail(s.gw.stack, s.customer, 1);
      const t = await ticketOf(s);
      assert.equal(t?.priority, 'P2');
      assert.equal(t?.tier, 'L1');
      assert.equal(t?.firstResponseDueAt.getTime(), MONDAY_10.getTime() + 4 * HOUR, 'four working hours');
      const warnAt = await passTimer(s, 'first-response-warning');
      assert.equal(warnAt.getTime(), MONDAY_10.getTime() + 3 * HOUR);
      const warned = await waitForMail(s.gw.stack, s.agent, 2);
      assert.match(warned[1].subject ?? '', new RegExp(`\\[${t?.number}\\] SLA warning`));
      await passTimer(s, 'first-response-breach');
      const escalated = await until('escalated', async () => ((await ticketOf(s))?.tier === 'L2' ? ticketOf(s) : undefined));
      assert.ok(escalated?.firstResponseBreachedAt);
      const [l2note] = await waitForMail(s.gw.stack, s.l2, 1);
      assert.match(l2note.text ?? '', /SLA breached/);
      const [alert] = await waitForMail(s.gw.stack, s.manager, 1);
      assert.match(alert.subject ?? '', new RegExp(`${t?.number} breached its first response target`));
      const history = await ticketEvents(s.gw.app.mongo, String(t?._id));
      assert.ok(history.some((h) => h.action === 'sla-breached'));
      assert.ok(history.some((h) => h.action === 'escalated' && h.detail.from === 'L1' && h.detail.to === 'L2'));
      assert.equal(escalated?.timers['first-response-breach'], undefined, 'a breach is handled once');
    });
  });

  describe('pending tickets', () => {
    let s: Scene;
    before(async () => (s = await scene()));
    after(async () => s?.gw.stop());

    it('pauses the SLA, reminds the customer twice, then closes the ticket with a notice', async () => {
      await sendAsCustomer(s.gw.stack, { from: s.customer, to: s.gw.support, subject: 'Scanner not found', text: 'The scanner in room 12 is not found by my computer.' });
      await waitForMail(s.gw.stack, s.customer, 1);
      await agentAnswers(s, '#status pending\nCould you send us the scanner model and its serial number?');
      await waitForMail(s.gw.stack, s.customer, 2);
      const pending = await until('pending', async () => ((await ticketOf(s))?.status === 'pending' ? ticketOf(s) : undefined));
      assert.deepEqual(Object.keys(pending?.timers).sort(), ['pending-close', 'pending-reminder'], 'no SLA timers while waiting for the customer');
      const first = await passTimer(s, 'pending-reminder');
      assert.equal(first.getTime(), addBusinessTime(CALENDAR, pending?.pendingSince, 4 * HOUR).getTime());
      const reminders = await waitForMail(s.gw.stack, s.customer, 3);
      assert.match(reminders[2].text ?? '', /serial number/);
      await passTimer(s, 'pending-reminder');
      await waitForMail(s.gw.stack, s.customer, 4);
      const closeAt = await passTimer(s, 'pending-close');
      assert.equal(closeAt.getTime(), addBusinessTime(CALENDAR, pending?.pendingSince, 12 * HOUR).getTime());
      const mails = await waitForMail(s.gw.stack, s.customer, 5);
      assert.match(mails[4].text ?? '', /closed/i);
      const closed = await until('closed', async () => ((await ticketOf(s))?.status === 'closed' ? ticketOf(s) : undefined));
      assert.equal(closed?.pendingReminders, 2);
      assert.equal(closed?.nextDueAt, undefined, 'nothing left to do');
    });
  });

  describe('resolution and survey', () => {
    let s: Scene;
    before(async () => (s = await scene()));
    after(async () => s?.gw.stop());

    it('tells the customer, sends the survey, and records a rating given by reply without reopening', async () => {
      await sendAsCustomer(s.gw.stack, { from: s.customer, to: s.gw.support, subject: 'Outlook asks for password', text: 'Outlook keeps asking for my password every hour.' });
      await waitForMail(s.gw.stack, s.customer, 1);
      await agentAnswers(s, '#status resolved\nWe reset your cached credentials; it should stop now.');
      await waitForMail(s.gw.stack, s.customer, 3);
      await passTimer(s, 'survey');
      const mails = await waitForMail(s.gw.stack, s.customer, 4);
      const survey = mails[3];
      assert.match(survey.subject ?? '', /How did we do/);
      assert.match(survey.text ?? '', /http:\/\/rate\.example\.test\/rate\/TG-\d{6}\/5\?t=/);
      await sendAsCustomer(s.gw.stack, { from: s.customer, to: replyToOf(survey), subject: `Re: ${survey.subject}`, text: '4 - quick and friendly, thanks' } as never);
      const rated = await until('rated', async () => ((await ticketOf(s))?.satisfaction ? ticketOf(s) : undefined));
      assert.equal(rated?.satisfaction.score, 4);
      assert.equal(rated?.satisfaction.comment, 'quick and friendly, thanks');
      assert.equal(rated?.satisfaction.via, 'mail');
      assert.equal(rated?.status, 'resolved', 'a rating does not reopen the ticket');
    });

    it('records a rating given with the signed link, served by the gateway', async () => {
      const survey = (await readMailbox(s.gw.stack, s.customer))[3];
      const link = new URL(/http:\/\/rate\.example\.test\/rate\/\S+\/2\?t=\w+/.exec(survey.text ?? '')![0]);
      const local = `http://127.0.0.1:${s.gw.app.webPort()}${link.pathname}`;
      const page = await fetch(`${local}${link.search}`);
      assert.equal(page.status, 200);
      assert.equal((await ticketOf(s))?.satisfaction.score, 4, 'opening the link alone records nothing (mail scanners open links)');
      const form = new URLSearchParams({ score: '2', t: link.searchParams.get('t')!, comment: 'took two days' });
      const posted = await fetch(local.replace(/\/2$/, ''), { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(posted.status, 200);
      const t = await ticketOf(s);
      assert.deepEqual([t?.satisfaction.score, t?.satisfaction.via, t?.satisfaction.comment], [2, 'link', 'took two days']);
      const [alert] = await waitForMail(s.gw.stack, s.manager, 1);
      assert.match(alert.subject ?? '', /rated 2 of 5/);
      const forged = await fetch(`${local}?t=aaaaaaaaaaaaaaaa`);
      assert.equal(forged.status, 404);
    });
  });
});
