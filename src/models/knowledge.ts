import { Schema, type Connection } from 'mongoose';
import type { KnowledgeEntry, KnowledgeRepo } from '../app/ports';

type KnowledgeDoc = Omit<KnowledgeEntry, 'ticketId'> & { _id: string };

/** Keyed by the ticket id (`_id`), the one filter FerretDB v1 answers without a scan. */
const schema = new Schema<KnowledgeDoc>(
  {
    _id: String,
    number: { type: String, required: true },
    subject: { type: String, default: '' },
    category: String,
    language: { type: String, required: true },
    question: { type: String, default: '' },
    answer: { type: String, default: '' },
    terms: { type: [String], default: [] },
    resolvedAt: { type: Date, required: true },
  },
  { collection: 'knowledge', versionKey: false, minimize: false },
);
schema.index({ resolvedAt: 1 });

export function createKnowledgeRepo(conn: Connection): KnowledgeRepo {
  const M = conn.models.Knowledge ?? conn.model<KnowledgeDoc>('Knowledge', schema);
  return {
    async put(entry) {
      const { ticketId, ...rest } = entry;
      await M.replaceOne({ _id: ticketId }, rest, { upsert: true });
    },
    async listSince(since, limit) {
      const docs = await M.find(since ? { resolvedAt: { $gte: since } } : {}).sort({ resolvedAt: 1 }).limit(limit).lean<KnowledgeDoc[]>();
      return docs.map(({ _id, ...rest }) => ({ ...rest, ticketId: _id, terms: rest.terms ?? [] }));
    },
  };
}
