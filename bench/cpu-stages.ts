/**
 * CPU per mail of the gateway's own pure stages, parse, triage and the
 * acknowledgement's rendering, run in this process on the same code the
 * intake runs, with no I/O inside the measured loops. Together with the
 * ceilings this tells how much of a mail's cost is the gateway's thinking
 * and how much is waiting on servers.
 */
import { draftAcknowledgement } from '../src/app/acknowledge';
import { plannedNew } from '../src/app/care-schedule';
import type { DeskSettings } from '../src/app/desk-settings';
import type { NewTicket, TicketRecord } from '../src/app/ports';
import type { InboundMail } from '../src/domain/inbound-mail';
import { detectLanguage } from '../src/domain/language';
import { extractReplyText } from '../src/domain/reply-text';
import { routeIssue } from '../src/domain/route';
import { formatTicketNumber } from '../src/domain/ticket-number';
import { triageIssues, type TriagedIssue } from '../src/domain/triage';
import type { Language, Mailbox } from '../src/domain/types';
import { parseMail } from '../src/mail/parse';
import { createRenderer } from '../src/mail/render';
import { testDesk } from '../test/support/desk';

export interface CpuStages {
  parseMsPerMail: number;
  triageMsPerMail: number;
  renderMsPerMail: number;
  mails: number;
}

const WARM_UP = 20;
/** The corpus mails' Date: a Tuesday, 11:00 in the desk's time zone, so every run renders the same (working-hours) text. */
const NOW = new Date('2026-11-24T09:00:00Z');

/** User plus system CPU of the whole process, in ms (mailparser's stream work included). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Runs `fn` on the first items to warm up, then on every item; CPU ms per item, and the results of the measured pass. */
async function perItem<T, R>(items: T[], fn: (item: T, i: number) => R | Promise<R>): Promise<{ ms: number; results: R[] }> {
  for (const [i, item] of items.slice(0, WARM_UP).entries()) await fn(item, i);
  const results: R[] = [];
  const c0 = cpuMs();
  for (const [i, item] of items.entries()) results.push(await fn(item, i));
  return { ms: items.length > 0 ? (cpuMs() - c0) / items.length : 0, results };
}

interface Triaged {
  mail: InboundMail & { from: Mailbox };
  language: Language;
  issues: TriagedIssue[];
}

/**
 * As intake.ts does it: the reply text without quotes, the language of
 * subject and text, then the issues. A default desk (config triage lists
 * empty) gets mergeRules(DEFAULT_RULES, {}), that is DEFAULT_RULES, and no
 * learned model until agents have corrected tickets.
 */
function triage(desk: DeskSettings, mail: InboundMail & { from: Mailbox }): Triaged {
  const text = extractReplyText(mail.textFromHtml ? '' : mail.text, mail.html).text;
  const language = detectLanguage(`${mail.subject}\n${text}`, desk.defaultLanguage);
  const issues = triageIssues({ from: mail.from.address, subject: mail.subject, body: text }, language, desk.triageRules, undefined);
  return { mail, language, issues };
}

/** The tickets openTicket() would store for the mail's issues, with their SLA due times planned as the repository does. */
function ticketsFor(desk: DeskSettings, t: Triaged, index: number, seq: { n: number }): TicketRecord[] {
  return t.issues.map((issue, i) => {
    const ticket: NewTicket = {
      sourceKey: `bench-${index}#${i}`, rawMailId: `bench-${index}`, subject: t.mail.subject, requester: t.mail.from, contactId: `contact-${index}`,
      mailbox: desk.supportAddresses[0], language: t.language, priority: issue.priority, category: issue.category, tier: routeIssue(issue, desk.routing).tier,
      status: 'new', createdAt: NOW, participants: [t.mail.from.address], details: issue.details, triage: issue.reasons,
    };
    const planned = plannedNew(ticket, desk.care);
    return { ...planned, id: `ticket-${seq.n}`, number: formatTicketNumber(desk.ticketPrefix, ++seq.n), firstResponseDueAt: planned.firstResponseDueAt ?? NOW };
  });
}

/**
 * CPU ms per mail of parse (parseMail), triage (reply text, language,
 * triageIssues) and render (draftAcknowledgement with the real templates),
 * each averaged over all mails after a warm-up on the first 20. Mails
 * without a sender are left out of triage and render: the gateway
 * quarantines them before either.
 */
export async function cpuStages(raws: Buffer[]): Promise<CpuStages> {
  const desk = testDesk();
  const deps = { templates: createRenderer(), desk, clock: { now: () => NOW } };

  const parsed = await perItem(raws, (raw) => parseMail(raw));
  const people = parsed.results.filter((m): m is InboundMail & { from: Mailbox } => m.from !== undefined);
  const triaged = await perItem(people, (mail) => triage(desk, mail));

  // Ticket records come from the store in the gateway: built here, outside the measured loop.
  const seq = { n: 0 };
  const work = triaged.results.filter((t) => t.issues.length > 0).map((t, i) => ({ t, i, tickets: ticketsFor(desk, t, i, seq) }));
  const rendered = await perItem(work, (w) => draftAcknowledgement(deps, `bench-${w.i}`, desk.supportAddresses[0], w.t.mail, w.tickets, w.t.language));

  return { parseMsPerMail: parsed.ms, triageMsPerMail: triaged.ms, renderMsPerMail: rendered.ms, mails: raws.length };
}
