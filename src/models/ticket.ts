import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { KeyedLock, NewTicket, ProblemCandidate, TicketChanges, TicketRecord, TicketRepo } from '../app/ports';
import { createDigestRowStore, reportingChanged, type DigestRowStore } from './digest-row';
import type { Category, TicketStatus } from '../domain/types';
import { formatTicketNumber } from '../domain/ticket-number';
import { isDuplicateKey, withId } from './connection';
import { createCounters } from './counter';
import { derivedId } from './derived-id';
import { createCandidateWindow } from './ticket-candidates';
import { createTicketNumbers, type TicketNumbers } from './ticket-numbers';
import { localKeyedLock } from '../app/keyed-lock';

type TicketDoc = Omit<TicketRecord, 'id'> & { _id: Types.ObjectId };

const schema = new Schema<TicketDoc>(
  {
    number: { type: String, required: true },
    sourceKey: { type: String, required: true },
    rawMailId: { type: String, required: true },
    subject: { type: String, default: '' },
    requester: { type: Schema.Types.Mixed, required: true },
    contactId: { type: String, required: true },
    mailbox: { type: String, required: true },
    language: { type: String, required: true },
    priority: { type: String, required: true },
    tier: { type: String, required: true },
    status: { type: String, required: true },
    firstResponseDueAt: Date,
    createdAt: { type: Date, required: true },
    updatedAt: Date,
    participants: { type: [String], default: [] },
    assignee: String,
    category: String,
    relatedTo: String,
    mergedInto: String,
    resolvedAt: Date,
    firstRespondedAt: Date,
    lastCustomerMessageId: String,
    customerReferences: [String],
    details: Schema.Types.Mixed,
    centre: String,
    triage: [String],
    siblings: [String],
    resolutionDueAt: Date,
    slaPausedMs: Number,
    slaPausedAt: Date,
    firstResponseWarnedAt: Date,
    firstResponseBreachedAt: Date,
    resolutionWarnedAt: Date,
    resolutionBreachedAt: Date,
    checkInFrom: Date,
    checkIns: Number,
    pendingSince: Date,
    pendingReminders: Number,
    surveySentAt: Date,
    satisfaction: Schema.Types.Mixed,
    timers: Schema.Types.Mixed,
    nextDueAt: Date,
    rev: Number,
    escalations: Number,
    lastEscalatedAt: Date,
    problemId: String,
    problemNumber: String,
    terms: [String],
    lastAnswer: String,
  },
  { collection: 'tickets', versionKey: false },
);
schema.index({ number: 1 }, { unique: true });
// One ticket per issue of a mail, however often the intake job runs.
schema.index({ sourceKey: 1 }, { unique: true });
schema.index({ status: 1, createdAt: -1 });
schema.index({ contactId: 1, createdAt: -1 });
schema.index({ 'requester.address': 1, status: 1 });
schema.index({ assignee: 1, status: 1 });
// The care sweep's query, once a minute.
schema.index({ nextDueAt: 1 });
// Problem matching: recent open tickets of one category.
schema.index({ category: 1, status: 1, createdAt: -1 });
schema.index({ resolvedAt: -1 });

/** Legacy tickets (stored before ids were derived from the source key) are found by the key's index. */
async function findBySourceKey(M: Model<TicketDoc>, sourceKey: string): Promise<TicketRecord | null> {
  const doc = (await M.findById(ticketIdFor(sourceKey)).lean<TicketDoc>()) ?? (await M.findOne({ sourceKey }).lean<TicketDoc>());
  return doc ? toRecord(doc) : null;
}

/** A ticket's `_id` is derived from its source key: one ticket per issue of a mail, however often the intake runs. */
const ticketIdFor = (sourceKey: string) => derivedId('ticket', sourceKey);

interface CreateDeps {
  M: Model<TicketDoc>;
  counters: ReturnType<typeof createCounters>;
  numbers: TicketNumbers;
  rows: DigestRowStore;
  window: ReturnType<typeof createCandidateWindow>;
}

/**
 * The number is reserved first (its own document, keyed by the number), then
 * the ticket is inserted under the id derived from its source key. A crash
 * between the two leaves an unused number, never a duplicate; a repeat finds
 * the ticket by `_id`. FerretDB v1 does not serialise concurrent $inc on one
 * document, so two intakes can draw the same number: the reservation refuses
 * the second, which draws again.
 */
async function createOnce(d: CreateDeps, ticket: NewTicket, prefix: string): Promise<{ ticket: TicketRecord; created: boolean }> {
  const _id = ticketIdFor(ticket.sourceKey);
  const existing = await d.M.findById(_id).lean<TicketDoc>();
  if (existing) return { ticket: toRecord(existing), created: false };
  for (let attempt = 0; attempt < 100; attempt++) {
    const number = formatTicketNumber(prefix, await d.counters.next(`ticket:${prefix}`));
    if (!(await d.numbers.reserve(number, String(_id)))) continue;
    try {
      const doc = await d.M.create({ ...ticket, _id, number, updatedAt: ticket.createdAt });
      const record = toRecord(doc.toObject());
      await d.rows.put(record, ticket.createdAt);
      d.window.saw(record);
      return { ticket: record, created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // A racing intake inserted it, or (before ids were derived) a legacy ticket has the key.
      const raced = await findBySourceKey(d.M, ticket.sourceKey);
      if (raced) return { ticket: raced, created: false };
    }
  }
  throw new Error(`could not draw a free ticket number for ${ticket.sourceKey}`);
}

const toRecord = (doc: TicketDoc): TicketRecord => withId(doc) as TicketRecord;

async function countOpenByAssignee(M: Model<TicketDoc>, emails: string[]): Promise<Map<string, number>> {
  if (emails.length === 0) return new Map();
  const rows = await M.aggregate<{ _id: string; n: number }>([
    { $match: { assignee: { $in: emails }, status: { $in: ['new', 'open', 'pending'] } } },
    { $group: { _id: '$assignee', n: { $sum: 1 } } },
  ]);
  return new Map(rows.map((r) => [r._id, r.n]));
}

const OPEN: TicketStatus[] = ['new', 'open', 'pending'];

async function listProblemCandidates(M: Model<TicketDoc>, category: Category | undefined, since: Date, limit: number): Promise<ProblemCandidate[]> {
  const docs = await M.find({ category: category ?? { $exists: false }, status: { $in: OPEN }, createdAt: { $gte: since } }, { number: 1, subject: 1, 'requester.address': 1, category: 1, createdAt: 1, terms: 1, problemId: 1 })
    .sort({ createdAt: -1 })
    .limit(limit)
    .lean<TicketDoc[]>();
  return docs.map((d) => ({ ticketId: String(d._id), number: d.number, subject: d.subject, requester: d.requester.address, category: d.category, createdAt: d.createdAt, terms: d.terms ?? [], problemId: d.problemId }));
}

/** Writes the digest row of every ticket: for tickets stored before the rows existed (an upgrade) or seeded by hand. */
async function rebuildDigestRows(M: Model<TicketDoc>, rows: DigestRowStore): Promise<number> {
  let n = 0;
  let batch: TicketRecord[] = [];
  for await (const d of M.find({}).lean<TicketDoc>().cursor({ batchSize: 1000 })) {
    batch.push(toRecord(d));
    if (batch.length === 1000) {
      await rows.putMany(batch);
      n += batch.length;
      batch = [];
    }
  }
  await rows.putMany(batch);
  return n + batch.length;
}

async function listDue(M: Model<TicketDoc>, now: Date, limit: number) {
  const docs = await M.find({ nextDueAt: { $lte: now } }, { timers: 1 }).sort({ nextDueAt: 1 }).limit(limit).lean<Array<Pick<TicketDoc, '_id' | 'timers'>>>();
  return docs.map((d) => ({ id: String(d._id), timers: d.timers ?? {} }));
}

/**
 * Read, compute and write under the ticket's lock. The write's filter is the
 * `_id` alone: FerretDB v1 reads a whole collection for any other filter, and
 * it does not make a conditional update atomic anyway. `rev` still counts the
 * writes, for audit and for readers that cache.
 */
async function updateWith(d: UpdateDeps, id: string, compute: (t: TicketRecord) => TicketChanges, at: Date): Promise<TicketRecord> {
  return d.lock(`ticket:${id}`, async () => {
    const current = await d.findById(id);
    if (!current) throw new Error(`ticket ${id} does not exist`);
    const changes = compute(current);
    const rev = (current.rev ?? 0) + 1;
    // A key given as undefined clears the field (a reopened ticket loses resolvedAt).
    const entries = Object.entries(changes);
    const $unset = Object.fromEntries(entries.filter(([, v]) => v === undefined).map(([k]) => [k, 1]));
    const $set = { ...Object.fromEntries(entries.filter(([, v]) => v !== undefined)), updatedAt: at, rev };
    const res = await d.M.updateOne({ _id: id }, Object.keys($unset).length > 0 ? { $set, $unset } : { $set });
    if (res.matchedCount !== 1) throw new Error(`ticket ${id} vanished during an update`);
    const updated = { ...current, ...changes, updatedAt: at, rev };
    if (reportingChanged(current, updated)) await d.rows.put(updated, at);
    d.window.saw(updated);
    return updated;
  });
}

interface UpdateDeps {
  M: Model<TicketDoc>;
  findById: (id: string) => Promise<TicketRecord | null>;
  rows: DigestRowStore;
  lock: KeyedLock;
  window: ReturnType<typeof createCandidateWindow>;
}

async function findByNumbers(M: Model<TicketDoc>, numbers: TicketNumbers, findById: (id: string) => Promise<TicketRecord | null>, wanted: string[]): Promise<TicketRecord[]> {
  const found = await Promise.all([...new Set(wanted)].map(async (n) => {
    const id = await numbers.ticketId(n);
    const t = id ? await findById(id) : null;
    return t?.number === n ? t : null;
  }));
  const missing = [...new Set(wanted)].filter((_, i) => !found[i]);
  // Tickets stored before the number documents existed are found by the number's index.
  const legacy = missing.length > 0 ? (await M.find({ number: { $in: missing } }).lean<TicketDoc[]>()).map(toRecord) : [];
  return [...found.filter((t): t is TicketRecord => t !== null), ...legacy];
}

async function findTicket(M: Model<TicketDoc>, id: string): Promise<TicketRecord | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const doc = await M.findById(id).lean<TicketDoc>();
  return doc ? toRecord(doc) : null;
}

export function createTicketRepo(conn: Connection, lock: KeyedLock = localKeyedLock()): TicketRepo {
  const M = conn.models.Ticket ?? conn.model<TicketDoc>('Ticket', schema);
  const counters = createCounters(conn);
  const numbers = createTicketNumbers(conn);
  const rows = createDigestRowStore(conn);
  const window = createCandidateWindow((category, since, limit) => listProblemCandidates(M, category, since, limit));
  const findById = (id: string) => findTicket(M, id);
  const upd: UpdateDeps = { M, findById, rows, lock, window };
  // Writes that bypass updateWith still take the lock: FerretDB v1 rewrites the whole document on any update.
  const locked = (id: string, update: Record<string, unknown>) => lock(`ticket:${id}`, () => M.updateOne({ _id: id }, update));
  return {
    findBySourceKey: (key) => findBySourceKey(M, key),
    findById,
    findByNumbers: (wanted) => findByNumbers(M, numbers, findById, wanted),
    async findByNumber(number) {
      return (await findByNumbers(M, numbers, findById, [number]))[0] ?? null;
    },
    update: (id, changes, at) => updateWith(upd, id, () => changes, at),
    updateWith: (id, compute, at) => updateWith(upd, id, compute, at),
    rebuildDigestRows: () => rebuildDigestRows(M, rows),
    pruneDigestRows: (before) => rows.compact(before),
    listDue: (now, limit) => listDue(M, now, limit),
    listProblemCandidates: window.list,
    digestRows: (from) => rows.scan(from),
    async addParticipants(id, emails) {
      if (emails.length > 0) await locked(id, { $addToSet: { participants: { $each: emails } } });
    },
    countOpenByAssignee: (emails) => countOpenByAssignee(M, emails),
    async setSiblings(ids, siblings) {
      if (ids.length > 1) for (const id of ids) await locked(id, { $set: { siblings } });
    },
    async listOpenForRequester(email, limit) {
      const docs = await M.find({ 'requester.address': email, status: { $in: ['new', 'open', 'pending', 'resolved'] } }).sort({ createdAt: -1 }).limit(limit).lean<TicketDoc[]>();
      return docs.map(toRecord);
    },
    createOnce: (ticket, prefix) => createOnce({ M, counters, numbers, rows, window }, ticket, prefix),
  };
}
