import { Schema, type Connection } from 'mongoose';
import type { QuarantineEntry, QuarantineRepo } from '../app/ports';
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
  },
  { collection: 'quarantine', versionKey: false },
);
schema.index({ rawMailId: 1 }, { unique: true });
schema.index({ at: -1 });

export function createQuarantineRepo(conn: Connection): QuarantineRepo {
  const M = conn.models.Quarantine ?? conn.model<QuarantineEntry>('Quarantine', schema);
  return {
    addOnce: (entry) => insertOnce(M, entry),
  };
}
