import { Schema, type Connection } from 'mongoose';
import type { CursorRepo } from '../app/ports';

/** Where a poller stopped in one mailbox folder: UIDVALIDITY and last stored UID (RFC 9051 section 2.3.1.1). */
interface CursorDoc {
  _id: string;
  uidValidity: string;
  lastUid: number;
  updatedAt: Date;
}

const schema = new Schema<CursorDoc>(
  { _id: String, uidValidity: { type: String, required: true }, lastUid: { type: Number, required: true }, updatedAt: Date },
  { collection: 'mailboxcursors', versionKey: false },
);

export function createCursorRepo(conn: Connection): CursorRepo {
  const M = conn.models.MailboxCursor ?? conn.model<CursorDoc>('MailboxCursor', schema);
  return {
    async get(mailboxId) {
      const doc = await M.findById(mailboxId).lean<CursorDoc>();
      return doc ? { uidValidity: doc.uidValidity, lastUid: doc.lastUid } : null;
    },
    async save(mailboxId, uidValidity, lastUid) {
      await M.updateOne({ _id: mailboxId }, { $set: { uidValidity, lastUid, updatedAt: new Date() } }, { upsert: true });
    },
  };
}
