import { Schema, type Connection } from 'mongoose';
import type { MessageRepo, NewMessage } from '../app/ports';
import { insertOnce } from './connection';

const schema = new Schema<NewMessage>(
  {
    key: { type: String, required: true },
    ticketId: { type: String, required: true },
    rawMailId: String,
    outboxId: String,
    direction: { type: String, required: true },
    from: Schema.Types.Mixed,
    to: [Schema.Types.Mixed],
    cc: [Schema.Types.Mixed],
    subject: String,
    text: String,
    messageId: String,
    at: { type: Date, required: true },
  },
  { collection: 'messages', versionKey: false },
);
schema.index({ key: 1 }, { unique: true });
schema.index({ ticketId: 1, at: 1 });
// Threading looks messages up by the ids in In-Reply-To and References.
schema.index({ messageId: 1 });

export function createMessageRepo(conn: Connection): MessageRepo {
  const M = conn.models.Message ?? conn.model<NewMessage>('Message', schema);
  return {
    addOnce: (message) => insertOnce(M, message),
    async ticketsForMessageIds(messageIds) {
      // One equality query per id: FerretDB v1 pushes equality down to its index but scans the collection for $in.
      const found = await Promise.all(
        [...new Set(messageIds)].slice(-50).map((messageId) => M.find({ messageId }, { _id: 0, messageId: 1, ticketId: 1 }).lean<Array<{ messageId: string; ticketId: string }>>()),
      );
      return found.flat();
    },
    async listForTicket(ticketId) {
      return M.find({ ticketId }, { _id: 0 }).sort({ at: 1 }).lean<NewMessage[]>();
    },
  };
}
