import { Schema, Types, type Connection } from 'mongoose';
import type { NewTicket, TicketRecord, TicketRepo } from '../app/ports';
import { formatTicketNumber } from '../domain/ticket-number';
import { isDuplicateKey, withId } from './connection';
import { createCounters } from './counter';

interface TicketDoc extends NewTicket {
  _id: Types.ObjectId;
  number: string;
  updatedAt: Date;
}

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
  },
  { collection: 'tickets', versionKey: false },
);
schema.index({ number: 1 }, { unique: true });
// One ticket per issue of a mail, however often the intake job runs.
schema.index({ sourceKey: 1 }, { unique: true });
schema.index({ status: 1, createdAt: -1 });
schema.index({ contactId: 1, createdAt: -1 });

export function createTicketRepo(conn: Connection): TicketRepo {
  const M = conn.models.Ticket ?? conn.model<TicketDoc>('Ticket', schema);
  const counters = createCounters(conn);
  const toRecord = (doc: TicketDoc): TicketRecord => withId(doc) as TicketRecord;
  const findBySourceKey = async (sourceKey: string) => {
    const doc = await M.findOne({ sourceKey }).lean<TicketDoc>();
    return doc ? toRecord(doc) : null;
  };
  return {
    findBySourceKey,
    async findByNumber(number) {
      const doc = await M.findOne({ number }).lean<TicketDoc>();
      return doc ? toRecord(doc) : null;
    },
    async createOnce(ticket, prefix) {
      const existing = await findBySourceKey(ticket.sourceKey);
      if (existing) return { ticket: existing, created: false };
      // A crash between taking a number and inserting leaves a gap, never a duplicate.
      // FerretDB v1 does not serialise concurrent $inc on one document, so two
      // intakes can draw the same number: the unique index refuses the second,
      // which then draws again.
      for (let attempt = 0; attempt < 100; attempt++) {
        const number = formatTicketNumber(prefix, await counters.next(`ticket:${prefix}`));
        try {
          const doc = await M.create({ ...ticket, number, updatedAt: ticket.createdAt });
          return { ticket: toRecord(doc.toObject()), created: true };
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          const raced = await findBySourceKey(ticket.sourceKey);
          if (raced) return { ticket: raced, created: false };
        }
      }
      throw new Error(`could not draw a free ticket number for ${ticket.sourceKey}`);
    },
  };
}
