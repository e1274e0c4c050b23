import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { KeyedLock, ProblemRecord, ProblemRepo } from '../app/ports';
import { localKeyedLock } from '../app/keyed-lock';
import { formatTicketNumber } from '../domain/ticket-number';
import { isDuplicateKey, withId } from './connection';
import { createCounters } from './counter';

type ProblemDoc = Omit<ProblemRecord, 'id'> & { _id: Types.ObjectId };

const schema = new Schema<ProblemDoc>(
  {
    number: { type: String, required: true },
    title: { type: String, default: '' },
    category: String,
    status: { type: String, required: true },
    seedTicketId: { type: String, required: true },
    ticketIds: { type: [String], default: [] },
    ticketNumbers: { type: [String], default: [] },
    requesters: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    alertedAt: Date,
    resolvedAt: Date,
    resolvedBy: String,
  },
  { collection: 'problems', versionKey: false, minimize: false },
);
schema.index({ number: 1 }, { unique: true });
// One problem per seed ticket, however many intakes find the same match at once.
schema.index({ seedTicketId: 1 }, { unique: true });
schema.index({ updatedAt: -1 });

const toRecord = (doc: ProblemDoc): ProblemRecord => {
  const rec = withId(doc) as ProblemRecord;
  return { ...rec, ticketIds: rec.ticketIds ?? [], ticketNumbers: rec.ticketNumbers ?? [], requesters: rec.requesters ?? [] };
};

async function findOne(M: Model<ProblemDoc>, filter: Record<string, unknown>): Promise<ProblemRecord | null> {
  const doc = await M.findOne(filter).lean<ProblemDoc>();
  return doc ? toRecord(doc) : null;
}

export function createProblemRepo(conn: Connection, lock: KeyedLock = localKeyedLock()): ProblemRepo {
  const M = conn.models.Problem ?? conn.model<ProblemDoc>('Problem', schema);
  const counters = createCounters(conn);
  const get = (id: string) => (Types.ObjectId.isValid(id) ? findOne(M, { _id: id }) : Promise.resolve(null));
  return {
    get,
    async createOnce(seed, prefix) {
      const existing = await findOne(M, { seedTicketId: seed.seedTicketId });
      if (existing) return existing;
      const number = formatTicketNumber(prefix, await counters.next(`problem:${prefix}`));
      try {
        const doc = await M.create({ ...seed, number, status: 'open', createdAt: seed.at, updatedAt: seed.at, ticketIds: [], ticketNumbers: [], requesters: [] });
        return toRecord(doc.toObject());
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const raced = await findOne(M, { seedTicketId: seed.seedTicketId });
        if (!raced) throw err;
        return raced;
      }
    },
    async addTicket(id, ticket, at) {
      // Under the problem's lock: FerretDB v1 rewrites the whole document, so two joins at once could lose one.
      await lock(`problem:${id}`, () => M.updateOne({ _id: id }, { $addToSet: { ticketIds: ticket.id, ticketNumbers: ticket.number, requesters: ticket.requester }, $set: { updatedAt: at } }));
      const doc = await get(id);
      if (!doc) throw new Error(`problem ${id} vanished`);
      return doc;
    },
    async markAlerted(id, at) {
      const res = await M.updateOne({ _id: id, alertedAt: { $exists: false } }, { $set: { alertedAt: at } });
      return res.modifiedCount === 1;
    },
    async markResolved(id, at, by) {
      await M.updateOne({ _id: id }, { $set: { status: 'resolved', resolvedAt: at, resolvedBy: by, updatedAt: at } });
    },
    async listActive(from, limit) {
      const docs = await M.find({ updatedAt: { $gte: from } }).lean<ProblemDoc[]>();
      return docs.map(toRecord).sort((a, b) => b.ticketIds.length - a.ticketIds.length).slice(0, limit);
    },
  };
}
