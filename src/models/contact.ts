import { Schema, Types, type Connection } from 'mongoose';
import type { ContactRepo } from '../app/ports';
import type { Language } from '../domain/types';

interface ContactDoc {
  _id: Types.ObjectId;
  email: string;
  name?: string;
  language: Language;
  firstSeenAt: Date;
  lastSeenAt: Date;
  undeliverable?: { reason: string; at: Date } | null;
}

const schema = new Schema<ContactDoc>(
  { email: { type: String, required: true }, name: String, language: { type: String, required: true }, firstSeenAt: Date, lastSeenAt: Date, undeliverable: Schema.Types.Mixed },
  { collection: 'contacts', versionKey: false },
);
schema.index({ email: 1 }, { unique: true });

export function createContactRepo(conn: Connection): ContactRepo {
  const M = conn.models.Contact ?? conn.model<ContactDoc>('Contact', schema);
  return {
    async upsert(contact, language, seenAt) {
      // Writing to us proves the address works again: clear any bounce mark.
      const set: Partial<ContactDoc> = { lastSeenAt: seenAt, language, undeliverable: null };
      if (contact.name) set.name = contact.name;
      // Upsert on the unique e-mail: concurrent first mails from one person make one contact.
      const doc = await M.findOneAndUpdate(
        { email: contact.address },
        { $set: set, $setOnInsert: { email: contact.address, firstSeenAt: seenAt } },
        { upsert: true, returnDocument: 'after', lean: true },
      ).catch(async (err: { code?: number }) => {
        if (err.code !== 11000) throw err;
        return M.findOneAndUpdate({ email: contact.address }, { $set: set }, { returnDocument: 'after', lean: true });
      });
      if (!doc) throw new Error(`contact ${contact.address} vanished during upsert`);
      return { id: String(doc._id), email: doc.email, name: doc.name, language: doc.language };
    },
    async markUndeliverable(email, reason, at) {
      await M.updateOne({ email }, { $set: { undeliverable: { reason, at } }, $setOnInsert: { email, language: 'en', firstSeenAt: at, lastSeenAt: at } }, { upsert: true });
    },
    async isUndeliverable(email) {
      const doc = await M.findOne({ email }, { undeliverable: 1 }).lean<ContactDoc>();
      return Boolean(doc?.undeliverable);
    },
  };
}
