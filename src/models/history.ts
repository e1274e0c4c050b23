import { Schema, type Connection } from 'mongoose';
import type { HistoryRepo, TicketEvent } from '../app/ports';
import { insertOnce } from './connection';

/** Every action on a ticket, in its own collection so a busy ticket's document stays small. */
const schema = new Schema<TicketEvent>(
  {
    key: { type: String, required: true },
    ticketId: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    detail: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'ticketevents', versionKey: false, minimize: false },
);
schema.index({ key: 1 }, { unique: true });
schema.index({ ticketId: 1, at: 1 });
schema.index({ action: 1, at: -1 });

export function createHistoryRepo(conn: Connection): HistoryRepo {
  const M = conn.models.TicketEvent ?? conn.model<TicketEvent>('TicketEvent', schema);
  return {
    recordOnce: (event) => insertOnce(M, event),
    async listByActions(actions, limit) {
      return M.find({ action: { $in: actions } }, { _id: 0 }).sort({ at: -1 }).limit(limit).lean<TicketEvent[]>();
    },
    async listForTicket(ticketId) {
      return M.find({ ticketId }, { _id: 0 }).sort({ at: 1 }).lean<TicketEvent[]>();
    },
  };
}
