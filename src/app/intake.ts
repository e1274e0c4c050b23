import { detectLanguage } from '../domain/language';
import type { InboundMail } from '../domain/inbound-mail';
import { PermanentError } from '../domain/errors';
import type { IntakeOutcome, Priority, Tier } from '../domain/types';
import { acknowledge, type AcknowledgeDeps } from './acknowledge';
import type { DeskSettings } from './desk-settings';
import type { ContactRepo, Logger, ParseMail, RawMailRecord, TicketRepo } from './ports';
import { quarantineMail, type QuarantineDeps } from './quarantine';
import { screenInbound } from './screen';

export interface IntakeDeps extends AcknowledgeDeps, QuarantineDeps {
  contacts: ContactRepo;
  tickets: TicketRepo;
  parse: ParseMail;
  desk: DeskSettings;
  log: Logger;
}

type Quarantine = ReturnType<typeof quarantineMail>;
type Acknowledge = ReturnType<typeof acknowledge>;

/**
 * The intake of one stored mail: parse, screen, record the contact, open the
 * ticket with its first message, queue the acknowledgement. Every write is
 * keyed by the raw mail id, so running it twice changes nothing the second time.
 */
export function createIntake(deps: IntakeDeps) {
  const quarantine = quarantineMail(deps);
  const ack = acknowledge(deps);
  return {
    process: (rawMailId: string) => processRawMail(deps, quarantine, ack, rawMailId),
    quarantine,
  };
}

export type Intake = ReturnType<typeof createIntake>;

async function processRawMail(deps: IntakeDeps, quarantine: Quarantine, ack: Acknowledge, rawMailId: string): Promise<IntakeOutcome> {
  const raw = await deps.rawMails.get(rawMailId);
  if (!raw) throw new PermanentError(`raw mail ${rawMailId} does not exist`);
  if (raw.outcome) return raw.outcome;
  if (!raw.raw || raw.size > deps.desk.maxMailBytes) {
    return quarantine(raw, 'too-large', `${raw.size} bytes, the limit is ${deps.desk.maxMailBytes}`);
  }
  let mail: InboundMail;
  try {
    mail = await deps.parse(raw.raw);
  } catch (err) {
    return quarantine(raw, 'unparseable', (err as Error).message);
  }
  const rejection = screenInbound(mail, deps.desk);
  if (rejection) return quarantine(raw, rejection.reason, rejection.detail, mail);
  return openTicket(deps, ack, raw, mail);
}

async function openTicket(deps: IntakeDeps, ack: Acknowledge, raw: RawMailRecord, mail: InboundMail): Promise<IntakeOutcome> {
  const now = deps.clock.now();
  const from = mail.from!;
  const language = detectLanguage(`${mail.subject}\n${mail.text}`, deps.desk.defaultLanguage);
  const contact = await deps.contacts.upsert(from, language, now);
  // Triage (issue split, priority, tier) comes later; until then every mail is one normal L1 ticket.
  const priority: Priority = 'P3';
  const tier: Tier = 'L1';
  const { ticket, created } = await deps.tickets.createOnce(
    {
      sourceKey: `${raw.id}#0`, rawMailId: raw.id, subject: mail.subject, requester: from, contactId: contact.id, mailbox: raw.mailbox,
      language, priority, tier, status: 'new', createdAt: now,
      firstResponseDueAt: new Date(now.getTime() + deps.desk.firstResponseHours[priority] * 3_600_000),
    },
    deps.desk.ticketPrefix,
  );
  await deps.messages.addOnce({
    key: `in:${raw.id}:${ticket.id}`, ticketId: ticket.id, rawMailId: raw.id, direction: 'in', from, to: mail.to, cc: mail.cc,
    subject: mail.subject, text: mail.text, messageId: mail.messageId, at: mail.date ?? now,
  });
  await deps.history.recordOnce({
    key: `created:${ticket.id}`, ticketId: ticket.id, at: now, actor: from.address, action: 'created',
    detail: { rawMailId: raw.id, messageId: mail.messageId, mailbox: raw.mailbox, language, priority, tier },
  });
  await ack(raw.id, raw.mailbox, mail, [ticket], language);
  const outcome: IntakeOutcome = { kind: 'ticket', ticketNumbers: [ticket.number] };
  await deps.rawMails.setOutcome(raw.id, 'done', outcome);
  deps.log.info({ rawMailId: raw.id, ticket: ticket.number, created, language }, 'ticket opened');
  return outcome;
}
