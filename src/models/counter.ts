import { Schema, type Connection } from 'mongoose';

interface CounterDoc {
  _id: string;
  seq: number;
}

const schema = new Schema<CounterDoc>({ _id: String, seq: { type: Number, default: 0 } }, { collection: 'counters', versionKey: false });

/** Atomic sequences: `$inc` on one document is atomic on MongoDB and FerretDB alike. */
export function createCounters(conn: Connection): { next(name: string): Promise<number> } {
  const M = conn.models.Counter ?? conn.model<CounterDoc>('Counter', schema);
  return {
    async next(name) {
      const doc = await M.findOneAndUpdate({ _id: name }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after', lean: true }).catch(async (err: { code?: number }) => {
        // Two first-ever increments can race on the upsert; the loser retries as an update.
        if (err.code !== 11000) throw err;
        return M.findOneAndUpdate({ _id: name }, { $inc: { seq: 1 } }, { returnDocument: 'after', lean: true });
      });
      if (!doc) throw new Error(`counter ${name} vanished`);
      return doc.seq;
    },
  };
}
