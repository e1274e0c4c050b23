import { Schema, type Connection, type Model } from 'mongoose';
import type { MessageRepo, NewMessage } from '../app/ports';
import { insertOnce, isDuplicateKey } from './connection';

const schema = new Schema<NewMessage>(
  {
    key: { type: String, required: true },
    ticketId: { type: String, required: true },
    rawMailId: String,
    outboxId: String,
    kind: String,
    direction: { type: String, required: true },
    from: Schema.Types.Mixed,
    to: [Schema.Types.Mixed],
    cc: [Schema.Types.Mixed],
    subject: String,
    text: String,
    messageId: String,
    at: { type: Date, required: true },
    files: { type: [Schema.Types.Mixed], default: undefined },
  },
  { collection: 'messages', versionKey: false },
);
schema.index({ key: 1 }, { unique: true });
schema.index({ ticketId: 1, at: 1 });
schema.index({ messageId: 1 });

/**
 * Message-ID → tickets, one document per Message-ID with the id as its `_id`:
 * threading reads it for each id in In-Reply-To and References. FerretDB v1
 * answers a read by `_id` without reading the whole collection, and any other
 * filter only by reading it all.
 */
interface MessageIdDoc {
  _id: string;
  tickets: string[];
}

const idSchema = new Schema<MessageIdDoc>({ _id: String, tickets: [String] }, { collection: 'messageids', versionKey: false });

async function addMessageId(I: Model<MessageIdDoc>, messageId: string, ticketId: string) {
  const write = () => I.updateOne({ _id: messageId }, { $addToSet: { tickets: ticketId } }, { upsert: true });
  // Two first writes of one id can race on the upsert's insert: the loser's retry is an update.
  await write().catch((err: unknown) => (isDuplicateKey(err) ? write() : Promise.reject(err)));
}

/** Fills the Message-ID index from the messages once, for a database written before it existed. */
export async function rebuildMessageIds(conn: Connection): Promise<number> {
  const { M, I } = models(conn);
  if ((await I.findOne({}).lean()) || !(await M.findOne({}).lean())) return 0;
  let n = 0;
  for await (const m of M.find({ messageId: { $exists: true } }, { messageId: 1, ticketId: 1 }).lean<NewMessage[]>().cursor({ batchSize: 1000 })) {
    await addMessageId(I, m.messageId!, m.ticketId);
    n++;
  }
  return n;
}

function models(conn: Connection) {
  return {
    M: (conn.models.Message as Model<NewMessage> | undefined) ?? conn.model<NewMessage>('Message', schema),
    I: (conn.models.MessageId as Model<MessageIdDoc> | undefined) ?? conn.model<MessageIdDoc>('MessageId', idSchema),
  };
}

export function createMessageRepo(conn: Connection): MessageRepo {
  const { M, I } = models(conn);
  return {
    async addOnce(message) {
      await insertOnce(M, message);
      if (message.messageId) await addMessageId(I, message.messageId, message.ticketId);
    },
    async ticketsForMessageIds(messageIds) {
      const ids = [...new Set(messageIds)].slice(-50);
      const docs = await Promise.all(ids.map((id) => I.findById(id).lean<MessageIdDoc>()));
      return docs.flatMap((d) => (d ? d.tickets.map((ticketId) => ({ messageId: d._id, ticketId })) : []));
    },
    async listForTicket(ticketId) {
      return M.find({ ticketId }, { _id: 0 }).sort({ at: 1 }).lean<NewMessage[]>();
    },
  };
}
