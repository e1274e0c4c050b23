import { Schema, type Connection } from 'mongoose';
import type { MessageRepo, NewMessage } from '../app/ports';
import { insertOnce } from './connection';

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
      if (messageIds.length === 0) return [];
      return M.find({ messageId: { $in: [...new Set(messageIds)].slice(-50) } }, { _id: 0, messageId: 1, ticketId: 1 }).lean<Array<{ messageId: string; ticketId: string }>>();
    },
    async listForTicket(ticketId) {
      return M.find({ ticketId }, { _id: 0 }).sort({ at: 1 }).lean<NewMessage[]>();
    },
  };
}
