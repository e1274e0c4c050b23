import { Schema, type Connection, type Model } from 'mongoose';
import type { QuarantineEntry, QuarantineFilter, QuarantineRepo } from '../app/ports';
import { insertOnce } from './connection';

const schema = new Schema<QuarantineEntry>(
  {
    rawMailId: { type: String, required: true },
    reason: { type: String, required: true },
    detail: String,
    mailbox: String,
    messageId: String,
    from: String,
    subject: String,
    size: Number,
    at: { type: Date, required: true },
    retries: { type: [Schema.Types.Mixed], default: undefined },
    releasedAt: Date,
    releasedBy: String,
  },
  { collection: 'quarantine', versionKey: false },
);
schema.index({ rawMailId: 1 }, { unique: true });
schema.index({ at: -1 });

export function createQuarantineRepo(conn: Connection): QuarantineRepo {
  const M = conn.models.Quarantine ?? conn.model<QuarantineEntry>('Quarantine', schema);
  return {
    addOnce: (entry) => insertOnce(M, entry),
    list: (filter) => list(M, filter),
    async recordRetry(rawMailId, retry) {
      const released = retry.action === 'release' ? { $set: { releasedAt: retry.at, releasedBy: retry.by } } : {};
      await M.updateOne({ rawMailId }, { $push: { retries: retry }, ...released });
    },
  };
}

/** Plain filters and a sort only: FerretDB v1 has no $facet, $lookup or collation. */
async function list(M: Model<QuarantineEntry>, filter: QuarantineFilter): Promise<QuarantineEntry[]> {
  const query: Record<string, unknown> = {};
  if (filter.reason) query.reason = filter.reason;
  if (filter.since) query.at = { $gte: filter.since };
  const find = M.find(query, { _id: 0 }).sort({ at: -1, rawMailId: -1 });
  if (filter.limit !== undefined) find.limit(filter.limit);
  return find.lean<QuarantineEntry[]>();
}
