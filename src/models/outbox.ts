import { Schema, Types, type Connection } from 'mongoose';
import type { OutboundDraft, OutboxRecord, OutboxRepo, OutboxStatus } from '../app/ports';
import { isDuplicateKey, withId } from './connection';
import { derivedId } from './derived-id';

/** An outbound message's `_id` is derived from its key: one record per message, found by `_id`. */
const outboxIdFor = (key: string) => derivedId('outbox', key);

interface OutboxDoc extends OutboundDraft {
  _id: Types.ObjectId;
  status: OutboxStatus;
  attempts: number;
  sentAt?: Date;
  error?: string;
  response?: string;
  createdAt: Date;
}

const schema = new Schema<OutboxDoc>(
  {
    key: { type: String, required: true },
    kind: { type: String, required: true },
    automatic: { type: Boolean, default: true },
    cc: [Schema.Types.Mixed],
    replyTo: Schema.Types.Mixed,
    ticketIds: [String],
    language: String,
    from: Schema.Types.Mixed,
    to: [Schema.Types.Mixed],
    subject: String,
    text: String,
    html: String,
    messageId: { type: String, required: true },
    inReplyTo: String,
    references: [String],
    headers: Schema.Types.Mixed,
    inline: [Schema.Types.Mixed],
    attachFrom: Schema.Types.Mixed,
    status: { type: String, required: true, default: 'queued' },
    attempts: { type: Number, default: 0 },
    sentAt: Date,
    error: String,
    response: String,
    createdAt: Date,
  },
  { collection: 'outbox', versionKey: false, minimize: false },
);
// One record per outbound message: a retried job finds it instead of writing a second mail.
schema.index({ key: 1 }, { unique: true });
schema.index({ messageId: 1 });
schema.index({ status: 1, createdAt: 1 });

export function createOutboxRepo(conn: Connection): OutboxRepo {
  const M = conn.models.Outbox ?? conn.model<OutboxDoc>('Outbox', schema);
  const setStatus = async (id: string, set: Partial<OutboxDoc>, inc?: Partial<OutboxDoc>) => {
    await M.updateOne({ _id: id }, inc ? { $set: set, $inc: inc } : { $set: set });
  };
  return {
    async putOnce(draft) {
      // Insert first: a new record costs one write; only a repeat (E11000 on the key) is read back.
      const _id = outboxIdFor(draft.key);
      try {
        const doc = await M.create({ ...draft, _id, status: 'queued', attempts: 0, createdAt: new Date() });
        return toRecord(doc.toObject() as OutboxDoc);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      // A repeat; records written before ids were derived from keys are found by the key's index.
      const doc = (await M.findById(_id).lean<OutboxDoc>()) ?? (await M.findOne({ key: draft.key }).lean<OutboxDoc>());
      if (!doc) throw new Error(`outbox ${draft.key} was not stored`);
      return toRecord(doc);
    },
    async get(id) {
      if (!Types.ObjectId.isValid(id)) return null;
      const doc = await M.findById(id).lean<OutboxDoc>();
      return doc ? toRecord(doc) : null;
    },
    markSent: (id, response) => setStatus(id, { status: 'sent', sentAt: new Date(), response }, { attempts: 1 }),
    markFailed: (id, error) => setStatus(id, { status: 'failed', error }),
    /**
     * By the derived `_id` alone: a record written before ids were derived is
     * not found here, and putOnce then meets it on the key's unique index.
     */
    async findByKey(key) {
      const doc = await M.findById(outboxIdFor(key)).lean<OutboxDoc>();
      return doc ? toRecord(doc) : null;
    },
    async listUnsent(olderThan, limit) {
      const docs = await M.find({ status: { $in: ['queued', 'sending'] }, createdAt: { $lt: olderThan } }, { _id: 1 }).sort({ createdAt: 1 }).limit(limit).lean();
      return docs.map((d) => String(d._id));
    },
    async findByMessageId(messageId) {
      const doc = await M.findOne({ messageId }).lean<OutboxDoc>();
      return doc ? toRecord(doc) : null;
    },
  };
}

/** An empty array written through $setOnInsert does not come back on FerretDB v1: restore the defaults. */
function toRecord(doc: OutboxDoc): OutboxRecord {
  const rec = withId(doc) as OutboxRecord;
  const inline = rec.inline && rec.inline.length > 0 ? rec.inline.map((p) => ({ ...p, content: asBuffer(p.content) })) : undefined;
  return { ...rec, references: rec.references ?? [], ticketIds: rec.ticketIds ?? [], cc: rec.cc ?? [], to: rec.to ?? [], inline };
}

/** Binary data inside a Mixed field comes back from a lean read as a BSON Binary, not a Buffer. */
function asBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  const inner = (value as { buffer?: unknown }).buffer;
  if (inner instanceof Uint8Array) return Buffer.from(inner.buffer, inner.byteOffset, inner.byteLength);
  if (value instanceof Uint8Array) return Buffer.from(value);
  throw new Error('an inline part of an outbox record has no binary content');
}
