/**
 * What the use cases need from the outside world. Adapters (models, ingest,
 * mail, workers) implement these; the composition root wires them, so the
 * use cases never import an I/O library.
 */
import type { Category, Mailbox, IntakeOutcome, Language, Priority, TicketStatus, Tier } from '../domain/types';
import type { InboundMail } from '../domain/inbound-mail';
import type { StoredFile } from '../domain/attachments';
import type { AttachFrom, InlinePart, OutboundMail } from '../domain/outbound';
import type { CareState, TimerKind, Timers } from '../domain/care-plan';
import type { DigestTicket } from '../domain/digest-stats';

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
  /** When the mailbox got it (IMAP INTERNALDATE), for the ingest lag; not stored. */
  arrivedAt?: Date;
}

export type RawStatus = 'stored' | 'done' | 'quarantined';

export interface RawMailRecord extends NewRawMail {
  id: string;
  status: RawStatus;
  outcome?: IntakeOutcome;
  /** Where the mail sits now on the IMAP server, once moved out of the inbox. */
  location?: { folder: string; uidValidity: string; uid: number };
  /** An operator released it from quarantine as a false positive: intake skips the screens (not the size limit or parsing). */
  releasedAt?: Date;
  releasedBy?: string;
}

/** What the quarantine commands need to know of a raw mail, without its bytes. */
export type RawMailState = Pick<RawMailRecord, 'id' | 'status' | 'outcome' | 'releasedAt' | 'releasedBy'>;

export interface RawMailRepo {
  /** Inserts each mail unless its key is known; returns ids in input order. */
  storeMany(mails: NewRawMail[]): Promise<Array<{ id: string; created: boolean; status: RawStatus }>>;
  get(id: string): Promise<RawMailRecord | null>;
  findByKey(key: string): Promise<RawMailRecord | null>;
  setOutcome(id: string, status: Exclude<RawStatus, 'stored'>, outcome: IntakeOutcome): Promise<void>;
  setLocations(moves: Array<{ id: string; folder: string; uidValidity: string; uid: number }>): Promise<void>;
  /** Mails stored before `olderThan` that never reached an outcome. */
  listUnfinished(olderThan: Date, limit: number): Promise<string[]>;
  /**
   * IMAP mails filed against their outcome: quarantined but not in their
   * mailbox's quarantine folder (mailbox → folder), or done but still in it
   * (their move job was lost with Redis's data). A scan on FerretDB: run it seldom.
   */
  listMisfiled(quarantineFolders: Record<string, string>, limit: number): Promise<string[]>;
  /** Status and outcome of each known mail (one `_id` read each, no bytes); unknown or malformed ids are absent. */
  getStates(ids: string[]): Promise<Map<string, RawMailState>>;
  /**
   * Takes a quarantined mail back to `stored` without an outcome, so intake
   * runs it again; with `release`, also marks it released. Only a mail still
   * quarantined changes: false means it was not (or no longer) quarantined,
   * so two operators acting at once reopen it once.
   */
  reopenQuarantined(id: string, release?: { at: Date; by: string }): Promise<boolean>;
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
  /** Records a person who wrote; writing again also clears an undeliverable mark. */
  upsert(contact: Mailbox, language: Language, seenAt: Date): Promise<ContactRecord>;
  markUndeliverable(email: string, reason: string, at: Date): Promise<void>;
  isUndeliverable(email: string): Promise<boolean>;
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
  /** Set from the SLA policy when the ticket is stored (see app/care-schedule). */
  firstResponseDueAt?: Date;
  createdAt: Date;
  /** Everyone on the conversation besides the agents: the requester and people in CC. */
  participants: string[];
  assignee?: string;
  relatedTo?: string;
  lastCustomerMessageId?: string;
  customerReferences?: string[];
  category?: Category;
  /** Identifying details as written in the mail: account, model, serial, licence, location, phone. */
  details?: Record<string, string>;
  /** The support centre (team) of the category. */
  centre?: string;
  /** Why triage chose this priority and category, for the agents to see. */
  triage?: string[];
  /** The other tickets opened from the same mail. */
  siblings?: string[];
  /** Similarity terms of the text (domain/similarity), kept for problem matching and knowledge. */
  terms?: string[];
}

export interface Satisfaction {
  score: 1 | 2 | 3 | 4 | 5;
  comment?: string;
  at: Date;
  via: 'mail' | 'link';
}

export interface TicketRecord extends NewTicket, Omit<CareState, 'status' | 'priority' | 'createdAt'> {
  id: string;
  number: string;
  firstResponseDueAt: Date;
  resolutionDueAt?: Date;
  mergedInto?: string;
  updatedAt?: Date;
  /** Every due time of the ticket's care, and the earliest of them (what the sweep queries). */
  timers?: Timers;
  nextDueAt?: Date;
  checkIns?: number;
  satisfaction?: Satisfaction;
  /** The agent's last answer to the customer, as the agent wrote it: the knowledge entry's answer. */
  lastAnswer?: string;
  /** Times moved up a tier (by command or SLA breach), and the last time: for the digests. */
  escalations?: number;
  lastEscalatedAt?: Date;
  /** The problem (several customers, one cause) this ticket is part of. */
  problemId?: string;
  problemNumber?: string;

  /** Bumped on every update: concurrent writers retry instead of overwriting each other's plan. */
  rev?: number;
}

/** Any field but the identity; a key given as undefined clears the field. */
/**
 * Runs `work` while holding a lock on `key`, across every process that shares
 * the lock's store: the read-compute-write of one ticket is serialised by it.
 */
export type KeyedLock = <T>(key: string, work: () => Promise<T>) => Promise<T>;

export type TicketChanges = Partial<Omit<TicketRecord, 'id' | 'number' | 'sourceKey' | 'rawMailId' | 'rev'>>;

/** One timed action on one ticket: the job's identity and its idempotency key. */
export interface TimedJob {
  ticketId: string;
  kind: TimerKind;
  dueAt: number;
}

export interface TicketRepo {
  /** Creates the ticket once; a second call with the same sourceKey returns the first. */
  createOnce(ticket: NewTicket, prefix: string): Promise<{ ticket: TicketRecord; created: boolean }>;
  findBySourceKey(sourceKey: string): Promise<TicketRecord | null>;
  findByNumber(number: string): Promise<TicketRecord | null>;
  findById(id: string): Promise<TicketRecord | null>;
  findByNumbers(numbers: string[]): Promise<TicketRecord[]>;
  update(id: string, changes: TicketChanges, at: Date): Promise<TicketRecord>;
  /**
   * Reads the ticket, computes changes from it and writes them while holding
   * the ticket's lock, so nobody writes in between: the way to keep derived
   * fields such as the care timers consistent under concurrent jobs.
   */
  updateWith(id: string, compute: (current: TicketRecord) => TicketChanges, at: Date): Promise<TicketRecord>;
  /** Open tickets of a category created since `since`, with their similarity terms (problem matching). */
  listProblemCandidates(category: Category | undefined, since: Date, limit: number): Promise<ProblemCandidate[]>;
  /** Every ticket that can count in a digest from `from` on (created, answered, resolved, rated, escalated or breached since, or open now), streamed. */
  digestRows(from: Date): AsyncIterable<DigestTicket>;
  /** Writes the reporting rows of all tickets again (after an upgrade, or tickets imported by hand); returns how many. */
  rebuildDigestRows(): Promise<number>;
  /** Compacts the reporting rows: superseded snapshots, and closed tickets quiet since before `before`, go. */
  pruneDigestRows(before: Date): Promise<number>;
  /** Tickets with a timer due by `now`, earliest first. */
  listDue(now: Date, limit: number): Promise<Array<{ id: string; timers: Timers }>>;
  addParticipants(id: string, emails: string[]): Promise<void>;
  /** A requester's tickets that are not closed, newest first. */
  listOpenForRequester(email: string, limit: number): Promise<TicketRecord[]>;
  /** Open tickets of each of these agents: the routing load. */
  countOpenByAssignee(emails: string[]): Promise<Map<string, number>>;
  setSiblings(ids: string[], numbers: string[]): Promise<void>;
}

export interface NewMessage {
  key: string;
  ticketId: string;
  rawMailId?: string;
  outboxId?: string;
  /** For mail the gateway sent: what it was (agent-reply, check-in, ...). */
  kind?: string;
  /** `note`: an agent's internal note, never sent to the customer. */
  direction: 'in' | 'out' | 'note';
  from?: Mailbox;
  to: Mailbox[];
  cc: Mailbox[];
  subject: string;
  text: string;
  messageId?: string;
  at: Date;
  /** The files the mail carried (positions, names and sizes; the bytes stay in the raw mail). */
  files?: StoredFile[];
}

export interface MessageRepo {
  addOnce(message: NewMessage): Promise<void>;
  /** Tickets of the messages with these Message-IDs (sent or received by the gateway). */
  ticketsForMessageIds(messageIds: string[]): Promise<Array<{ messageId: string; ticketId: string }>>;
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
  /** The latest events of these kinds across all tickets, newest first: only the kinds the store keeps across tickets (agents' triage corrections). */
  listByActions(actions: string[], limit: number): Promise<TicketEvent[]>;
}

export interface OutboundDraft {
  key: string;
  kind: string;
  /** Written by a machine (acknowledgements, notices), not relayed from a person. */
  automatic: boolean;
  cc?: Mailbox[];
  replyTo?: Mailbox;
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
  inline?: InlinePart[];
  /** Attachments of a received mail to send along, read back from its raw bytes when sending. */
  attachFrom?: AttachFrom;
}

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxRecord extends OutboundDraft {
  id: string;
  status: OutboxStatus;
  attempts: number;
  createdAt: Date;
  sentAt?: Date;
  error?: string;
}

export interface OutboxRepo {
  /** Inserts the draft unless its key exists; returns the stored record either way. */
  putOnce(draft: OutboundDraft): Promise<OutboxRecord>;
  get(id: string): Promise<OutboxRecord | null>;
  markSent(id: string, response: string): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
  findByMessageId(messageId: string): Promise<OutboxRecord | null>;
  findByKey(key: string): Promise<OutboxRecord | null>;
  /** Records still queued or sending that were created before `olderThan` (their send job may have been lost). */
  listUnsent(olderThan: Date, limit: number): Promise<string[]>;
}

/** The queues, seen from the use cases: jobs carry ids, never documents. */
export interface JobQueues {
  intake(rawMailIds: string[]): Promise<void>;
  send(outboxIds: string[]): Promise<void>;
  /** Queues these sends again, retrying a job that already failed (recovery of mail left unsent). */
  requeueSend(outboxIds: string[]): Promise<void>;
  /**
   * Queues these mails again (recovery of mail left without an outcome): a
   * missing job is added, a finished one run again. A job that BullMQ gave up
   * on is not retried here; it is returned, with its reason, for the caller
   * to quarantine, so a mail that kills every worker cannot loop for ever.
   */
  requeueIntake(rawMailIds: string[]): Promise<Array<{ id: string; reason: string }>>;
  /**
   * Removes the intake jobs of these mails that already ended (completed or
   * failed), so the next `intake` adds a fresh job with all its attempts:
   * adding an id that BullMQ still holds is a no-op. Waiting or running jobs
   * are left alone (they will read the mail as it is when they run).
   */
  forgetEndedIntake(rawMailIds: string[]): Promise<void>;
  /** Files each mail in the IMAP folder its status calls for (quarantined: Quarantine; done: Processed). */
  quarantineMove(rawMailIds: string[]): Promise<void>;
  /** As quarantineMove, also for mails whose earlier move job has ended (a retried or released mail). */
  refile(rawMailIds: string[]): Promise<void>;
  /** Timed care actions; the job id is ticket + kind + due time, so a repeated sweep adds nothing. */
  timed(jobs: TimedJob[]): Promise<void>;
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
  nextStep?: Record<string, string>;
  detail?: Record<string, string>;
}

export type TemplateName = 'acknowledgement' | 'agent-reply' | 'status' | 'agent-notification' | 'command-error' | 'status-list' | 'resolved' | 'manager-alert' | 'check-in' | 'pending-reminder' | 'pending-closed' | 'survey' | 'sla-warning' | 'digest' | 'problem-resolved' | 'files-held';

/** Handlebars templates, compiled once at start; rendering does no I/O. */
export interface Templates {
  render(name: TemplateName, lang: Language, data: Record<string, unknown>): RenderedMail;
  labels(lang: Language): Labels;
}

/** The outbound mail port; the SMTP adapter and an in-memory one implement it. */
export interface MailSender {
  send(mail: OutboundMail): Promise<{ response: string }>;
}

/**
 * A fast record that an outbound message was accepted by the SMTP server,
 * written the moment the 250 arrives and read before any attempt. The outbox
 * record is the truth, but its update waits its turn at the database; this
 * mark (one Redis SET) shrinks the window in which a worker killed after the
 * 250 leaves a message that a retry would send twice.
 */
export interface SendMarks {
  /** The server's response recorded for this message, if it was accepted. */
  get(outboxId: string): Promise<string | undefined>;
  set(outboxId: string, response: string): Promise<void>;
}

/** Atomic counters in fixed time windows (Redis SADD + EXPIRE + SCARD): the loop breaker's tally. */
export interface RateCounter {
  /**
   * Counts the event `member` under `key` in the current window and returns
   * how many distinct events the window holds. The same member counts once,
   * so a retried job that passes the gate again does not count twice.
   */
  hit(key: string, member: string, windowSeconds: number): Promise<number>;
}

/** Several customers' tickets with one underlying cause. */
export interface ProblemRecord {
  id: string;
  number: string;
  title: string;
  category?: Category;
  status: 'open' | 'resolved';
  /** The earlier ticket the second one matched: one problem per seed, however many intakes race. */
  seedTicketId: string;
  ticketIds: string[];
  ticketNumbers: string[];
  requesters: string[];
  createdAt: Date;
  updatedAt: Date;
  alertedAt?: Date;
  resolvedAt?: Date;
  resolvedBy?: string;
}

export interface ProblemRepo {
  /** The problem seeded by this ticket, created on first call (number drawn once). */
  createOnce(seed: { seedTicketId: string; title: string; category?: Category; at: Date }, prefix: string): Promise<ProblemRecord>;
  addTicket(id: string, ticket: { id: string; number: string; requester: string }, at: Date): Promise<ProblemRecord>;
  get(id: string): Promise<ProblemRecord | null>;
  /** Marks the managers alerted; true only for the call that did it. */
  markAlerted(id: string, at: Date): Promise<boolean>;
  markResolved(id: string, at: Date, by: string): Promise<void>;
  /** Problems touched since `from`, largest first. */
  listActive(from: Date, limit: number): Promise<ProblemRecord[]>;
}

/** A resolved ticket's question and answer, for agents facing the same question later. */
export interface KnowledgeEntry {
  ticketId: string;
  number: string;
  subject: string;
  category?: Category;
  language: Language;
  question: string;
  answer: string;
  terms: string[];
  resolvedAt: Date;
}

export interface KnowledgeRepo {
  /** Keyed by ticket: a ticket resolved again replaces its entry. */
  put(entry: KnowledgeEntry): Promise<void>;
  /** Entries resolved at or after `since` (all when undefined), oldest first. */
  listSince(since: Date | undefined, limit: number): Promise<KnowledgeEntry[]>;
}

/** A candidate for problem matching: an open ticket's terms, not its whole document. */
export interface ProblemCandidate {
  ticketId: string;
  number: string;
  subject: string;
  requester: string;
  category?: Category;
  createdAt: Date;
  terms: string[];
  problemId?: string;
}

export type { QuarantineEntry, QuarantineFilter, QuarantineRepo, QuarantineRetry } from './quarantine-ports';
