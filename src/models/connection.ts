import mongoose, { type Connection, type Model } from 'mongoose';

/**
 * One mongoose connection per process. Works against MongoDB and FerretDB v1
 * alike: no transactions, TTL indexes, $lookup, $facet, collation or $text.
 */
export async function connectMongo(url: string): Promise<Connection> {
  const conn = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: 10_000,
    // No retryable writes: FerretDB v1 has no sessions for them. A write that fails in an outage fails its job,
    // which BullMQ retries with backoff; every write is keyed, so a retry doubles nothing.
    retryWrites: false,
    autoIndex: false,
    maxPoolSize: 20,
  });
  await conn.asPromise();
  return conn;
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/** Converts a lean document's ObjectId `_id` into a string `id`. */
export function withId<T extends { _id: unknown }>(doc: T): Omit<T, '_id'> & { id: string } {
  const { _id, ...rest } = doc;
  return { ...rest, id: String(_id) };
}

/** Inserts a document whose unique key may already exist: the first write wins, a repeat is a no-op. */
export async function insertOnce<T>(model: Model<T>, doc: T): Promise<void> {
  try {
    await model.create(doc);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
