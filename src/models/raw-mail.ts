import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { NewRawMail, RawMailRecord, RawMailRepo, RawMailState, RawStatus } from '../app/ports';
import type { IntakeOutcome } from '../domain/types';
import { withId } from './connection';
import { derivedId } from './derived-id';
import { bodyDocs, rawBodyModel, readBody, type RawBodyDoc } from './raw-body';

interface RawMailDoc extends NewRawMail {
  _id: Types.ObjectId;
  status: RawStatus;
  outcome?: IntakeOutcome;
  location?: { folder: string; uidValidity: string; uid: number };
  releasedAt?: Date;
  releasedBy?: string;
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
    releasedAt: Date,
    releasedBy: String,
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

/** A raw mail's `_id` is derived from its key (Message-ID and content hash): storing twice inserts once. */
export const rawMailIdFor = (key: string) => derivedId('raw', key);

/**
 * Inserts in chunks: FerretDB v1.24 holds a SQLite connection (of a pool of
 * 100) per statement of one command until the command ends, so a bulk of 100
 * statements can deadlock it.
 */
const CHUNK = 50;

type Stored = { id: string; created: boolean; status: RawStatus };

async function storeMany(M: Model<RawMailDoc>, B: Model<RawBodyDoc>, mails: NewRawMail[]): Promise<Stored[]> {
  const out: Stored[] = [];
  for (let i = 0; i < mails.length; i += CHUNK) out.push(...(await storeChunk(M, B, mails.slice(i, i + CHUNK))));
  return out;
}

/**
 * Bytes first, then the record: a crash between the two leaves bytes without
 * a record (stored again with the next fetch), never a record without bytes.
 * A duplicate `_id` means the mail was stored before (or twice in this
 * window); only those are read back, by `_id`.
 */
async function storeChunk(M: Model<RawMailDoc>, B: Model<RawBodyDoc>, mails: NewRawMail[]): Promise<Stored[]> {
  if (mails.length === 0) return [];
  const ids = mails.map((m) => rawMailIdFor(m.key));
  const bodies = mails.map((m, i) => bodyDocs(ids[i], m.raw, m.rawHeaders));
  // One mail's parts at a time: a part is up to 8 MiB, and the driver's batches stay small.
  for (const b of bodies) if (b.parts.length > 0) for (const part of b.parts) await insertIgnoringDuplicates(B, [part]);
  await insertIgnoringDuplicates(B, bodies.map((b) => b.body));
  const now = new Date();
  const records = mails.map((m, i) => {
    const { raw: _raw, rawHeaders: _headers, ...meta } = m;
    return { ...meta, _id: ids[i], status: 'stored' as const, updatedAt: now };
  });
  const duplicates = await insertIgnoringDuplicates(M, records);
  return Promise.all(mails.map(async (m, i): Promise<Stored> => {
    if (!duplicates.has(i)) return { id: String(ids[i]), created: true, status: 'stored' };
    // Stored before, or (before ids were derived from keys) stored under another id.
    const doc = (await M.findById(ids[i], { status: 1 }).lean()) ?? (await M.findOne({ key: m.key }, { status: 1 }).lean());
    if (!doc) throw new Error(`raw mail ${m.key} was not stored`);
    return { id: String(doc._id), created: false, status: doc.status };
  }));
}

/** Inserts every document it can; returns the positions refused as duplicates (E11000). Any other error is thrown. */
async function insertIgnoringDuplicates<T>(M: Model<T>, docs: object[]): Promise<Set<number>> {
  try {
    await M.collection.insertMany(docs, { ordered: false });
    return new Set();
  } catch (err) {
    const raw = (err as { writeErrors?: unknown }).writeErrors;
    const errors = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Array<{ index: number; code: number }>;
    if (errors.length === 0 || errors.some((e) => e.code !== 11000)) throw err;
    return new Set(errors.map((e) => e.index));
  }
}

export function createRawMailRepo(conn: Connection): RawMailRepo {
  const M = rawMailModel(conn);
  const B = rawBodyModel(conn);
  // Records stored before the bytes had their own collection carry them inline.
  const toRecord = async (doc: RawMailDoc): Promise<RawMailRecord> => {
    const rec = withId(doc) as RawMailRecord;
    const body = rec.raw || rec.rawHeaders ? undefined : await readBody(B, doc._id, toBuffer);
    rec.raw = toBuffer(rec.raw) ?? body?.raw;
    rec.rawHeaders = toBuffer(rec.rawHeaders) ?? body?.rawHeaders;
    return rec;
  };
  return {
    storeMany: (mails) => storeMany(M, B, mails),
    async get(id) {
      if (!Types.ObjectId.isValid(id)) return null;
      const doc = await M.findById(id).lean();
      return doc ? toRecord(doc) : null;
    },
    async findByKey(key) {
      const doc = (await M.findById(rawMailIdFor(key)).lean()) ?? (await M.findOne({ key }).lean());
      return doc ? toRecord(doc) : null;
    },
    async setOutcome(id, status, outcome) {
      await M.updateOne({ _id: id }, { $set: { status, outcome, updatedAt: new Date() } });
    },
    setLocations: (moves) => setLocations(M, moves),
    async listUnfinished(olderThan, limit) {
      const docs = await M.find({ status: 'stored', receivedAt: { $lt: olderThan } }, { _id: 1 }).sort({ receivedAt: 1 }).limit(limit).lean();
      return docs.map((d) => String(d._id));
    },
    listMisfiled: (folders, limit) => listMisfiled(M, folders, limit),
    getStates: (ids) => getStates(M, ids),
    reopenQuarantined: (id, release) => reopenQuarantined(M, id, release),
  };
}

/** Where each mail sits now, in bulk writes of CHUNK. */
async function setLocations(M: Model<RawMailDoc>, moves: Array<{ id: string; folder: string; uidValidity: string; uid: number }>): Promise<void> {
  for (let i = 0; i < moves.length; i += CHUNK) {
    await M.bulkWrite(
      moves.slice(i, i + CHUNK).map((m) => ({ updateOne: { filter: { _id: new Types.ObjectId(m.id) }, update: { $set: { location: { folder: m.folder, uidValidity: m.uidValidity, uid: m.uid } } } } })),
      { ordered: false },
    );
  }
}

/** See RawMailRepo.listMisfiled: one query for quarantined mail and for done mail in a quarantine folder, checked per mailbox. */
async function listMisfiled(M: Model<RawMailDoc>, quarantineFolders: Record<string, string>, limit: number): Promise<string[]> {
  const folders = [...new Set(Object.values(quarantineFolders))];
  const filter = { 'source.kind': 'imap' as const, 'location.folder': { $exists: true }, $or: [{ status: 'quarantined' as const }, { status: 'done' as const, 'location.folder': { $in: folders } }] };
  const out: string[] = [];
  type Row = { _id: unknown; status: string; mailbox: string; location: { folder: string } };
  for await (const d of M.find(filter, { _id: 1, status: 1, mailbox: 1, location: 1 }).lean<Row[]>().cursor({ batchSize: 1000 })) {
    const q = quarantineFolders[d.mailbox];
    if (q && (d.status === 'quarantined') !== (d.location.folder === q)) out.push(String(d._id));
    if (out.length >= limit) break;
  }
  return out;
}

/** One `_id` read per mail: the only filter FerretDB v1 answers without scanning the collection. */
async function getStates(M: Model<RawMailDoc>, ids: string[]): Promise<Map<string, RawMailState>> {
  const out = new Map<string, RawMailState>();
  for (const id of new Set(ids)) {
    if (!Types.ObjectId.isValid(id)) continue;
    const doc = await M.findById(id, { status: 1, outcome: 1, releasedAt: 1, releasedBy: 1 }).lean();
    if (doc) out.set(id, { id, status: doc.status, outcome: doc.outcome, releasedAt: doc.releasedAt, releasedBy: doc.releasedBy });
  }
  return out;
}

/** The status in the filter makes it a compare-and-set: of two concurrent reopens, one matches. */
async function reopenQuarantined(M: Model<RawMailDoc>, id: string, release?: { at: Date; by: string }): Promise<boolean> {
  if (!Types.ObjectId.isValid(id)) return false;
  const $set = { status: 'stored', updatedAt: new Date(), ...(release ? { releasedAt: release.at, releasedBy: release.by } : {}) };
  const res = await M.updateOne({ _id: id, status: 'quarantined' }, { $set, $unset: { outcome: 1 } });
  return res.modifiedCount === 1;
}

/** Lean reads return BSON Binary for Buffer fields; the core wants Buffers. */
function toBuffer(value: unknown): Buffer | undefined {
  if (value === undefined || value === null) return undefined;
  if (Buffer.isBuffer(value)) return value;
  const bin = value as { buffer?: Uint8Array };
  if (bin.buffer instanceof Uint8Array) return Buffer.from(bin.buffer.buffer, bin.buffer.byteOffset, bin.buffer.byteLength);
  throw new TypeError('raw mail bytes are neither a Buffer nor BSON Binary');
}
