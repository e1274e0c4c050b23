import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { ContactRepo } from '../app/ports';
import type { Language } from '../domain/types';
import { isDuplicateKey } from './connection';
import { derivedId } from './derived-id';

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

/** A contact's `_id` is derived from the address: every lookup is a read by `_id`. */
const contactIdFor = (email: string) => derivedId('contact', email);

/**
 * Upserts by the derived `_id`. A duplicate key means either a racing first
 * mail from the same person (the retry as a plain update finds it) or a
 * contact stored before ids were derived (unique on the address): that one is
 * moved to the derived id once, so later reads by `_id` find it.
 */
async function upsertById(M: Model<ContactDoc>, email: string, set: Partial<ContactDoc>, onInsert: Partial<ContactDoc>): Promise<ContactDoc> {
  const _id = contactIdFor(email);
  try {
    const doc = await M.findOneAndUpdate({ _id }, { $set: set, $setOnInsert: { email, ...onInsert } }, { upsert: true, returnDocument: 'after', lean: true });
    if (doc) return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const raced = await M.findOneAndUpdate({ _id }, { $set: set }, { returnDocument: 'after', lean: true });
  if (raced) return raced;
  const legacy = await M.findOne({ email }).lean<ContactDoc>();
  if (!legacy) throw new Error(`contact ${email} vanished during upsert`);
  await M.deleteOne({ _id: legacy._id });
  const moved = { ...legacy, ...set, _id };
  await M.collection.insertOne(moved).catch((err: unknown) => {
    if (!isDuplicateKey(err)) throw err;
  });
  return moved;
}

export function createContactRepo(conn: Connection): ContactRepo {
  const M = conn.models.Contact ?? conn.model<ContactDoc>('Contact', schema);
  return {
    async upsert(contact, language, seenAt) {
      // Writing to us proves the address works again: clear any bounce mark.
      const set: Partial<ContactDoc> = { lastSeenAt: seenAt, language, undeliverable: null };
      if (contact.name) set.name = contact.name;
      const doc = await upsertById(M, contact.address, set, { firstSeenAt: seenAt });
      return { id: String(doc._id), email: doc.email, name: doc.name, language: doc.language };
    },
    async markUndeliverable(email, reason, at) {
      await upsertById(M, email, { undeliverable: { reason, at } }, { language: 'en', firstSeenAt: at, lastSeenAt: at });
    },
    async isUndeliverable(email) {
      const doc = await M.findById(contactIdFor(email), { undeliverable: 1 }).lean<ContactDoc>();
      return Boolean(doc?.undeliverable);
    },
  };
}
