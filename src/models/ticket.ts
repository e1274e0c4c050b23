import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { NewTicket, ProblemCandidate, TicketChanges, TicketRecord, TicketRepo } from '../app/ports';
import { createDigestRowStore, reportingChanged, type DigestRowStore } from './digest-row';
import type { Category, TicketStatus } from '../domain/types';
import { formatTicketNumber } from '../domain/ticket-number';
import { isDuplicateKey, withId } from './connection';
import { createCounters } from './counter';

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

async function findBySourceKey(M: Model<TicketDoc>, sourceKey: string): Promise<TicketRecord | null> {
  const doc = await M.findOne({ sourceKey }).lean<TicketDoc>();
  return doc ? toRecord(doc) : null;
}

/**
 * A crash between taking a number and inserting leaves a gap, never a
 * duplicate. FerretDB v1 does not serialise concurrent $inc on one document,
 * so two intakes can draw the same number: the unique index refuses the
 * second, which then draws again.
 */
async function createOnce(M: Model<TicketDoc>, counters: ReturnType<typeof createCounters>, rows: DigestRowStore, ticket: NewTicket, prefix: string): Promise<{ ticket: TicketRecord; created: boolean }> {
  const existing = await findBySourceKey(M, ticket.sourceKey);
  if (existing) return { ticket: existing, created: false };
  for (let attempt = 0; attempt < 100; attempt++) {
    const number = formatTicketNumber(prefix, await counters.next(`ticket:${prefix}`));
    try {
      const doc = await M.create({ ...ticket, number, updatedAt: ticket.createdAt });
      const record = toRecord(doc.toObject());
      await rows.put(record, ticket.createdAt);
      return { ticket: record, created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const raced = await findBySourceKey(M, ticket.sourceKey);
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

async function setSiblings(M: Model<TicketDoc>, ids: string[], numbers: string[]) {
  if (ids.length > 1) await M.updateMany({ _id: { $in: ids.map((i) => new Types.ObjectId(i)) } }, { $set: { siblings: numbers } });
}

async function listDue(M: Model<TicketDoc>, now: Date, limit: number) {
  const docs = await M.find({ nextDueAt: { $lte: now } }, { timers: 1 }).sort({ nextDueAt: 1 }).limit(limit).lean<Array<Pick<TicketDoc, '_id' | 'timers'>>>();
  return docs.map((d) => ({ id: String(d._id), timers: d.timers ?? {} }));
}

/**
 * Optimistic concurrency on `rev`: the write applies only to the version the
 * changes were computed from, else the ticket is read again. FerretDB v1 has
 * no transactions; a conditional update is atomic on both servers.
 */
async function updateWith(M: Model<TicketDoc>, findById: (id: string) => Promise<TicketRecord | null>, rows: DigestRowStore, id: string, compute: (t: TicketRecord) => TicketChanges, at: Date): Promise<TicketRecord> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const current = await findById(id);
    if (!current) throw new Error(`ticket ${id} does not exist`);
    const changes = compute(current);
    const rev = current.rev ?? 0;
    // A key given as undefined clears the field (a reopened ticket loses resolvedAt).
    const entries = Object.entries(changes);
    const $unset = Object.fromEntries(entries.filter(([, v]) => v === undefined).map(([k]) => [k, 1]));
    const $set = { ...Object.fromEntries(entries.filter(([, v]) => v !== undefined)), updatedAt: at, rev: rev + 1 };
    const filter = current.rev === undefined ? { _id: id, rev: { $exists: false } } : { _id: id, rev };
    const res = await M.updateOne(filter, Object.keys($unset).length > 0 ? { $set, $unset } : { $set });
    if (res.matchedCount === 1) {
      const updated = { ...current, ...changes, updatedAt: at, rev: rev + 1 };
      if (reportingChanged(current, updated)) await rows.put(updated, at);
      return updated;
    }
  }
  throw new Error(`ticket ${id}: too many concurrent updates`);
}

export function createTicketRepo(conn: Connection): TicketRepo {
  const M = conn.models.Ticket ?? conn.model<TicketDoc>('Ticket', schema);
  const counters = createCounters(conn);
  const rows = createDigestRowStore(conn);
  const findById = async (id: string) => {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await M.findById(id).lean<TicketDoc>();
    return doc ? toRecord(doc) : null;
  };
  return {
    findBySourceKey: (key) => findBySourceKey(M, key),
    findById,
    async findByNumbers(numbers) {
      if (numbers.length === 0) return [];
      const docs = await M.find({ number: { $in: numbers } }).lean<TicketDoc[]>();
      return docs.map(toRecord);
    },
    update: (id, changes, at) => updateWith(M, findById, rows, id, () => changes, at),
    updateWith: (id, compute, at) => updateWith(M, findById, rows, id, compute, at),
    rebuildDigestRows: () => rebuildDigestRows(M, rows),
    pruneDigestRows: (before) => rows.compact(before),
    listDue: (now, limit) => listDue(M, now, limit),
    listProblemCandidates: (category, since, limit) => listProblemCandidates(M, category, since, limit),
    digestRows: (from) => rows.scan(from),
    async addParticipants(id, emails) {
      if (emails.length > 0) await M.updateOne({ _id: id }, { $addToSet: { participants: { $each: emails } } });
    },
    countOpenByAssignee: (emails) => countOpenByAssignee(M, emails),
    setSiblings: (ids, numbers) => setSiblings(M, ids, numbers),
    async listOpenForRequester(email, limit) {
      const docs = await M.find({ 'requester.address': email, status: { $in: ['new', 'open', 'pending', 'resolved'] } }).sort({ createdAt: -1 }).limit(limit).lean<TicketDoc[]>();
      return docs.map(toRecord);
    },
    async findByNumber(number) {
      const doc = await M.findOne({ number }).lean<TicketDoc>();
      return doc ? toRecord(doc) : null;
    },
    createOnce: (ticket, prefix) => createOnce(M, counters, rows, ticket, prefix),
  };
}
