import { strict as assert } from 'node:assert';
import { acceptRawMails } from '../../src/app/accept-raw-mails';
import { withCare } from '../../src/app/care-schedule';
import type { DeskSettings } from '../../src/app/desk-settings';
import { createIntake } from '../../src/app/intake';
import { notifyAgents } from '../../src/app/notify-agents';
import { createOutgoing } from '../../src/app/outgoing';
import type { TicketRecord } from '../../src/app/ports';
import { sweepDue } from '../../src/app/sweep-due';
import { timedCare } from '../../src/app/timed-care';
import { computeMailKey } from '../../src/domain/mail-key';
import { parseMail } from '../../src/mail/parse';
import { createRenderer } from '../../src/mail/render';
import { memoryPorts } from '../support/memory-ports';
import { testDesk } from '../support/desk';

const templates = createRenderer();
const agents: DeskSettings['agents'] = [
  { name: 'Ana First', email: 'l1@example.test', tier: 'L1', languages: ['en'] },
  { name: 'Lev Second', email: 'l2@example.test', tier: 'L2', languages: ['en'] },
  { name: 'Olga Night', email: 'oncall@example.test', tier: 'L2', languages: ['en', 'ru'] },
  { name: 'Ion Third', email: 'l3@example.test', tier: 'L3', languages: ['en'] },
];
const desk: DeskSettings = testDesk({ onCall: 'oncall@example.test', agents, maxAutoMailsPerHour: 10 });

function setup(start: string) {
  let now = new Date(start);
  const clock = { now: () => now };
  const ports = memoryPorts();
  const base = { ...ports, tickets: withCare(ports.tickets, desk.care), templates, desk, clock };
  const outgoing = createOutgoing(base);
  const alerts: string[] = [];
  const alert = async (key: string, title: string) => void alerts.push(`${key}|${title}`);
  const intake = createIntake({ ...base, outgoing, parse: parseMail, alert, rateTicket: async () => undefined });
  const care = timedCare({ ...base, outgoing, alert, notify: notifyAgents({ ...base, outgoing }) });
  const sweep = sweepDue({ ...base, queues: ports.queues });
  const open = async (subject: string, text: string) => {
    const raw = Buffer.from(`From: Dana <dana@customer.test>\r\nTo: support@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject.length}.${text.length}@customer.test>\r\n\r\n${text}\r\n`);
    const k = computeMailKey(raw);
    const [stored] = await acceptRawMails(ports)([{ key: k.key, messageId: k.messageId, size: raw.length, raw, mailbox: 'support@example.test', source: { kind: 'replay', path: 'x.eml' }, receivedAt: now }]);
    const outcome = await intake.process(stored.id);
    assert.equal(outcome.kind, 'ticket');
    return (await ports.tickets.findByNumber(outcome.ticketNumbers[0]))!;
  };
  const mails = (kind: string) => [...ports.state.outbox.values()].filter((o) => o.kind === kind);
  return { ports, care, sweep, open, mails, alerts, at: (iso: string) => void (now = new Date(iso)), get: (t: TicketRecord) => ports.tickets.findById(t.id) };
}

describe('timed care (in-memory ports)', () => {
  it('runs each due timer once: a repeated job sends nothing more, a stale one does nothing', async () => {
    const s = setup('2026-11-30T08:00:00Z'); // Monday 10:00 in Bucharest
    const t = await s.open('Cannot log in - presentation in 2 hours', 'My account is locked and I have a board presentation in two hours. Username rpatel.');
    assert.equal(t.priority, 'P2');
    const [note] = s.mails('agent-notification');
    assert.match(note.text, /First response due: Mon 30 November at 14:00/, 'four working hours from Monday 10:00');
    assert.match(note.text, /Account: rpatel/, 'the details triage found');
    const warnAt = t.timers!['first-response-warning']!;
    s.at(new Date(warnAt.getTime() + 1000).toISOString());
    assert.equal(await s.sweep(), 1);
    const [job] = s.ports.state.jobs.timed;
    assert.deepEqual(job, { ticketId: t.id, kind: 'first-response-warning', dueAt: warnAt.getTime() });
    assert.equal(await s.care(job), 'done');
    assert.equal(await s.care(job), 'stale', 'the plan moved on');
    assert.equal(s.mails('sla-warning').length, 1);
    assert.ok((await s.get(t))?.firstResponseWarnedAt);
  });

  it('escalates at a breach, clears the assignee, notifies the new tier and alerts the managers once', async () => {
    const s = setup('2026-11-30T08:00:00Z');
    const t = await s.open('Cannot log in - presentation in 2 hours', 'My account is locked and I have a board presentation in two hours. Username rpatel.');
    const dueAt = t.timers!['first-response-breach']!;
    s.at(new Date(dueAt.getTime() + 1000).toISOString());
    await s.sweep();
    const jobs = s.ports.state.jobs.timed;
    assert.deepEqual(jobs.map((j) => j.kind), ['first-response-breach'], 'the warning is left out once the breach is due');
    await s.care(jobs[0]);
    const after = (await s.get(t))!;
    assert.deepEqual([after.tier, after.assignee, after.firstResponseBreachedAt], ['L2', undefined, dueAt]);
    const notes = s.mails('agent-notification').filter((m) => m.key.startsWith('notify:first-response-breach'));
    assert.deepEqual(notes.map((n) => n.to[0].address).sort(), ['l2@example.test', 'oncall@example.test']);
    assert.equal(s.alerts.filter((a) => a.startsWith('breach:first-response')).length, 1);
    assert.ok([...s.ports.state.events.values()].some((e) => e.action === 'escalated' && e.detail.to === 'L2'));
  });

  it('records a breach at the highest tier without escalating', async () => {
    const s = setup('2026-11-30T08:00:00Z');
    const t = await s.open('Printer toner', 'The printer toner is low, please order a new one when you can.');
    await s.ports.tickets.update(t.id, { tier: 'L3' }, new Date('2026-11-30T08:00:00Z'));
    const dueAt = (await s.get(t))!.timers!['first-response-breach']!;
    await s.care({ ticketId: t.id, kind: 'first-response-breach', dueAt: dueAt.getTime() });
    assert.equal((await s.get(t))?.tier, 'L3');
    assert.ok(s.alerts.some((a) => a.includes('breached its first response target')));
  });

  it('sends check-ins in the ticket language and counts them', async () => {
    const s = setup('2026-11-30T08:00:00Z');
    const t = await s.open('Принтер печатает бледно', 'Принтер на третьем этаже печатает очень бледно со вчерашнего дня.');
    assert.equal(t.language, 'ru');
    const due = t.timers!['check-in']!;
    s.at(new Date(due.getTime() + 1000).toISOString());
    await s.care({ ticketId: t.id, kind: 'check-in', dueAt: due.getTime() });
    const [checkIn] = s.mails('check-in');
    assert.equal(checkIn.language, 'ru');
    assert.match(checkIn.subject, new RegExp(`\\[${t.number}\\]`));
    assert.equal(checkIn.inReplyTo, t.lastCustomerMessageId, 'threaded under the customer\'s mail');
    const after = (await s.get(t))!;
    assert.equal(after.checkIns, 1);
    assert.ok(after.timers!['check-in']! > due, 'the next check-in is planned');
  });

  it('outside working hours: a P1 goes to the on-call agent, and the acknowledgement says when work resumes', async () => {
    const s = setup('2026-11-28T20:00:00Z'); // Saturday 22:00 in Bucharest
    const t = await s.open('Nobody can reach the ERP', 'Since 08:40 none of the 120 people in our Leeds office can open the ERP system. Orders are piling up.');
    assert.equal(t.priority, 'P1');
    assert.equal(t.assignee, 'oncall@example.test');
    const [ack] = s.mails('acknowledgement');
    assert.match(ack.text, /on-call/i);
    const notes = s.mails('agent-notification');
    assert.deepEqual(notes.map((n) => n.to[0].address), ['oncall@example.test']);
    const p3 = await s.open('Printer toner', 'The printer toner is low, please order a new one when you can.');
    assert.notEqual(p3.assignee, 'oncall@example.test');
    const ack2 = s.mails('acknowledgement').find((a) => a.ticketIds.includes(p3.id))!;
    assert.match(ack2.text, /Mon[^\n]*30[^\n]*November|30 November/);
    assert.doesNotMatch(ack2.text, /on-call/i);
  });

  it('inside working hours the acknowledgement has no after-hours note', async () => {
    const s = setup('2026-11-30T08:00:00Z');
    await s.open('Printer toner', 'The printer toner is low, please order a new one when you can.');
    assert.doesNotMatch(s.mails('acknowledgement')[0].text, /working hours|on-call/i);
  });
});
