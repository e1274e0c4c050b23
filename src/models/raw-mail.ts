import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { NewRawMail, RawMailRecord, RawMailRepo, RawStatus } from '../app/ports';
import type { IntakeOutcome } from '../domain/types';
import { withId } from './connection';

interface RawMailDoc extends NewRawMail {
  _id: Types.ObjectId;
  status: RawStatus;
  outcome?: IntakeOutcome;
  location?: { folder: string; uidValidity: string; uid: number };
  updatedAt: Date;
}

const schema = new Schema<RawMailDoc>(
  {
    key: { type: String, required: true },
    messageId: String,
    size: { type: Number, required: true },
    raw: Buffer,
    rawHeaders: Buffer,
    mailbox: { type: String, required: true },
    source: { type: Schema.Types.Mixed, required: true },
    receivedAt: { type: Date, required: true },
    status: { type: String, required: true, default: 'stored' },
    outcome: Schema.Types.Mixed,
    location: Schema.Types.Mixed,
    updatedAt: Date,
  },
  { collection: 'rawmails', versionKey: false },
);
// The key makes storing idempotent: a resync or a second delivery finds the first copy.
schema.index({ key: 1 }, { unique: true });
schema.index({ status: 1, receivedAt: 1 });
schema.index({ messageId: 1 });

export function rawMailModel(conn: Connection): Model<RawMailDoc> {
  return conn.models.RawMail ?? conn.model<RawMailDoc>('RawMail', schema);
}

/** Upserts by key in one bulkWrite (one round trip per IMAP fetch window). */
/**
 * Upserts by key. FerretDB v1.24 keeps every matched statement of one update
 * command open on its SQLite pool (100 connections) until the command ends,
 * so a bulk of 100 matching updates deadlocks it: writes go in chunks of 50.
 */
const CHUNK = 50;

async function storeMany(M: Model<RawMailDoc>, mails: NewRawMail[]): Promise<Array<{ id: string; created: boolean; status: RawStatus }>> {
  const out: Array<{ id: string; created: boolean; status: RawStatus }> = [];
  for (let i = 0; i < mails.length; i += CHUNK) out.push(...(await storeChunk(M, mails.slice(i, i + CHUNK))));
  return out;
}

async function storeChunk(M: Model<RawMailDoc>, mails: NewRawMail[]): Promise<Array<{ id: string; created: boolean; status: RawStatus }>> {
  if (mails.length === 0) return [];
  const result = await M.bulkWrite(
    mails.map((m) => ({ updateOne: { filter: { key: m.key }, update: { $setOnInsert: { ...m, status: 'stored', updatedAt: new Date() } }, upsert: true } })),
    { ordered: false },
  );
  // Ids come from reading the keys back: FerretDB's upserted indexes are not reliable when a
  // key repeats within one bulk (two copies of one mail in a window). An id counts as created
  // only when the write reported exactly that id as inserted.
  const inserted = new Set(Object.values(result.upsertedIds ?? {}).map(String));
  const found = await M.find({ key: { $in: [...new Set(mails.map((m) => m.key))] } }, { key: 1, status: 1 }).lean();
  const byKey = new Map(found.map((d) => [d.key, d]));
  const seen = new Set<string>();
  return mails.map((m) => {
    const doc = byKey.get(m.key);
    if (!doc) throw new Error(`raw mail ${m.key} was not stored`);
    const id = String(doc._id);
    const created = inserted.has(id) && !seen.has(id);
    seen.add(id);
    return { id, created, status: doc.status };
  });
}

export function createRawMailRepo(conn: Connection): RawMailRepo {
  const M = rawMailModel(conn);
  const toRecord = (doc: RawMailDoc): RawMailRecord => {
    const rec = withId(doc) as RawMailRecord;
    rec.raw = toBuffer(rec.raw);
    rec.rawHeaders = toBuffer(rec.rawHeaders);
    return rec;
  };
  return {
    storeMany: (mails) => storeMany(M, mails),
    async get(id) {
      if (!Types.ObjectId.isValid(id)) return null;
      const doc = await M.findById(id).lean();
      return doc ? toRecord(doc) : null;
    },
    async findByKey(key) {
      const doc = await M.findOne({ key }).lean();
      return doc ? toRecord(doc) : null;
    },
    async setOutcome(id, status, outcome) {
      await M.updateOne({ _id: id }, { $set: { status, outcome, updatedAt: new Date() } });
    },
    async setLocations(moves) {
      for (let i = 0; i < moves.length; i += CHUNK) {
        await M.bulkWrite(
          moves.slice(i, i + CHUNK).map((m) => ({ updateOne: { filter: { _id: new Types.ObjectId(m.id) }, update: { $set: { location: { folder: m.folder, uidValidity: m.uidValidity, uid: m.uid } } } } })),
          { ordered: false },
        );
      }
    },
    async listUnfinished(olderThan, limit) {
      const docs = await M.find({ status: 'stored', receivedAt: { $lt: olderThan } }, { _id: 1 }).sort({ receivedAt: 1 }).limit(limit).lean();
      return docs.map((d) => String(d._id));
    },
  };
}

/** Lean reads return BSON Binary for Buffer fields; the core wants Buffers. */
function toBuffer(value: unknown): Buffer | undefined {
  if (value === undefined || value === null) return undefined;
  if (Buffer.isBuffer(value)) return value;
  const bin = value as { buffer?: Uint8Array };
  if (bin.buffer instanceof Uint8Array) return Buffer.from(bin.buffer.buffer, bin.buffer.byteOffset, bin.buffer.byteLength);
  throw new TypeError('raw mail bytes are neither a Buffer nor BSON Binary');
}
