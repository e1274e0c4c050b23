/**
 * What the use cases need from the outside world. Adapters (models, ingest,
 * mail, workers) implement these; the composition root wires them, so the
 * use cases never import an I/O library.
 */
import type { Mailbox, IntakeOutcome, Language, Priority, TicketStatus, Tier } from '../domain/types';
import type { InboundMail } from '../domain/inbound-mail';
import type { OutboundMail } from '../domain/outbound';

export type RawSource =
  | { kind: 'imap'; mailbox: string; folder: string; uidValidity: string; uid: number }
  | { kind: 'replay'; path: string };

export interface NewRawMail {
  key: string;
  messageId?: string;
  size: number;
  /** The unchanged bytes; absent only when the mail is over the size limit. */
  raw?: Buffer;
  /** Header bytes alone, kept for mails too large to store whole. */
  rawHeaders?: Buffer;
  /** The support address whose mailbox received it. */
  mailbox: string;
  source: RawSource;
  receivedAt: Date;
}

export type RawStatus = 'stored' | 'done' | 'quarantined';

export interface RawMailRecord extends NewRawMail {
  id: string;
  status: RawStatus;
  outcome?: IntakeOutcome;
  /** Where the mail sits now on the IMAP server, once moved out of the inbox. */
  location?: { folder: string; uidValidity: string; uid: number };
}

export interface RawMailRepo {
  /** Inserts each mail unless its key is known; returns ids in input order. */
  storeMany(mails: NewRawMail[]): Promise<Array<{ id: string; created: boolean; status: RawStatus }>>;
  get(id: string): Promise<RawMailRecord | null>;
  findByKey(key: string): Promise<RawMailRecord | null>;
  setOutcome(id: string, status: Exclude<RawStatus, 'stored'>, outcome: IntakeOutcome): Promise<void>;
  setLocations(moves: Array<{ id: string; folder: string; uidValidity: string; uid: number }>): Promise<void>;
  /** Mails stored before `olderThan` that never reached an outcome. */
  listUnfinished(olderThan: Date, limit: number): Promise<string[]>;
}

export interface CursorRepo {
  get(mailboxId: string): Promise<{ uidValidity: string; lastUid: number } | null>;
  save(mailboxId: string, uidValidity: string, lastUid: number): Promise<void>;
}

export interface ContactRecord {
  id: string;
  email: string;
  name?: string;
  language: Language;
}

export interface ContactRepo {
  upsert(contact: Mailbox, language: Language, seenAt: Date): Promise<ContactRecord>;
}

export interface NewTicket {
  /** Idempotency key: the raw mail id and the index within it. */
  sourceKey: string;
  rawMailId: string;
  subject: string;
  requester: Mailbox;
  contactId: string;
  mailbox: string;
  language: Language;
  priority: Priority;
  tier: Tier;
  status: TicketStatus;
  firstResponseDueAt: Date;
  createdAt: Date;
}

export interface TicketRecord extends NewTicket {
  id: string;
  number: string;
}

export interface TicketRepo {
  /** Creates the ticket once; a second call with the same sourceKey returns the first. */
  createOnce(ticket: NewTicket, prefix: string): Promise<{ ticket: TicketRecord; created: boolean }>;
  findBySourceKey(sourceKey: string): Promise<TicketRecord | null>;
  findByNumber(number: string): Promise<TicketRecord | null>;
}

export interface NewMessage {
  key: string;
  ticketId: string;
  rawMailId?: string;
  outboxId?: string;
  direction: 'in' | 'out';
  from?: Mailbox;
  to: Mailbox[];
  cc: Mailbox[];
  subject: string;
  text: string;
  messageId?: string;
  at: Date;
}

export interface MessageRepo {
  addOnce(message: NewMessage): Promise<void>;
  listForTicket(ticketId: string): Promise<NewMessage[]>;
}

export interface TicketEvent {
  key: string;
  ticketId: string;
  at: Date;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface HistoryRepo {
  recordOnce(event: TicketEvent): Promise<void>;
  listForTicket(ticketId: string): Promise<TicketEvent[]>;
}

export interface OutboundDraft {
  key: string;
  kind: string;
  ticketIds: string[];
  language: Language;
  from: Mailbox;
  to: Mailbox[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo?: string;
  references: string[];
  headers: Record<string, string>;
}

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxRecord extends OutboundDraft {
  id: string;
  status: OutboxStatus;
  attempts: number;
  sentAt?: Date;
  error?: string;
}

export interface OutboxRepo {
  /** Inserts the draft unless its key exists; returns the stored record either way. */
  putOnce(draft: OutboundDraft): Promise<OutboxRecord>;
  get(id: string): Promise<OutboxRecord | null>;
  markSending(id: string): Promise<void>;
  markSent(id: string, response: string): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
}

export interface QuarantineEntry {
  rawMailId: string;
  reason: string;
  detail?: string;
  mailbox: string;
  messageId?: string;
  from?: string;
  subject?: string;
  size: number;
  at: Date;
}

export interface QuarantineRepo {
  addOnce(entry: QuarantineEntry): Promise<void>;
}

/** The queues, seen from the use cases: jobs carry ids, never documents. */
export interface JobQueues {
  intake(rawMailIds: string[]): Promise<void>;
  send(outboxIds: string[]): Promise<void>;
  quarantineMove(rawMailIds: string[]): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** The MIME parser, behind a port so the core never sees mailparser. */
export type ParseMail = (raw: Buffer) => Promise<InboundMail>;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface Labels {
  priority: Record<string, string>;
  category: Record<string, string>;
  status: Record<string, string>;
}

/** Handlebars templates, compiled once at start; rendering does no I/O. */
export interface Templates {
  render(name: 'acknowledgement' | 'agent-reply' | 'status', lang: Language, data: Record<string, unknown>): RenderedMail;
  labels(lang: Language): Labels;
}

/** The outbound mail port; the SMTP adapter and an in-memory one implement it. */
export interface MailSender {
  send(mail: OutboundMail): Promise<{ response: string }>;
}
