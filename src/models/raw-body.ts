import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { derivedId } from './derived-id';

/**
 * A raw mail's unchanged bytes, apart from its record, so updates of the
 * record (outcome, location) never rewrite megabytes. A document may hold at
 * most 16 MiB on MongoDB and FerretDB alike, so bytes beyond `PART_BYTES`
 * go into part documents (like GridFS chunks) whose ids derive from the
 * mail's id and the part's number; the body document then holds the count.
 */
export interface RawBodyDoc {
  _id: Types.ObjectId;
  raw?: Buffer;
  rawHeaders?: Buffer;
  parts?: number;
}

export const PART_BYTES = 8 * 1024 * 1024;

const schema = new Schema<RawBodyDoc>({ raw: Buffer, rawHeaders: Buffer, parts: Number }, { collection: 'rawbodies', versionKey: false });

export function rawBodyModel(conn: Connection): Model<RawBodyDoc> {
  return (conn.models.RawBody as Model<RawBodyDoc> | undefined) ?? conn.model<RawBodyDoc>('RawBody', schema);
}

const partId = (id: Types.ObjectId, n: number) => derivedId('rawpart', `${String(id)}:${n}`);

/** The documents that hold one mail's bytes: parts (if any) first, then the body document. */
export function bodyDocs(id: Types.ObjectId, raw: Buffer | undefined, rawHeaders: Buffer | undefined): { parts: object[]; body: object } {
  if (!raw || raw.length <= PART_BYTES) return { parts: [], body: { _id: id, raw, rawHeaders } };
  const parts: object[] = [];
  for (let n = 0, at = 0; at < raw.length; n++, at += PART_BYTES) parts.push({ _id: partId(id, n), raw: raw.subarray(at, at + PART_BYTES) });
  return { parts, body: { _id: id, rawHeaders, parts: parts.length } };
}

/** Reads a mail's bytes back, joining its parts; null when they were never stored. */
export async function readBody(B: Model<RawBodyDoc>, id: Types.ObjectId, toBuffer: (v: unknown) => Buffer | undefined): Promise<{ raw?: Buffer; rawHeaders?: Buffer } | null> {
  const body = await B.findById(id).lean<RawBodyDoc>();
  if (!body) return null;
  if (!body.parts) return { raw: toBuffer(body.raw), rawHeaders: toBuffer(body.rawHeaders) };
  const chunks: Buffer[] = [];
  for (let n = 0; n < body.parts; n++) {
    const part = await B.findById(partId(id, n)).lean<RawBodyDoc>();
    const bytes = toBuffer(part?.raw);
    if (!bytes) throw new Error(`raw mail ${String(id)}: part ${n} of ${body.parts} is missing`);
    chunks.push(bytes);
  }
  return { raw: Buffer.concat(chunks), rawHeaders: toBuffer(body.rawHeaders) };
}
