import { Schema, type Connection, type Model } from 'mongoose';
import type { HistoryRepo, KeyedLock, TicketEvent } from '../app/ports';
import { localKeyedLock } from '../app/keyed-lock';
import { isDuplicateKey } from './connection';

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

/**
 * A ticket's events again, in one document keyed by the ticket id: what an
 * agent's notification lists. FerretDB v1 answers `{ticketId}` on the events
 * only by reading every event of every ticket (half a second per reply at a
 * few thousand tickets); a read by `_id` costs the same at any size. The
 * events collection stays the record; this is its per-ticket index.
 */
interface TimelineDoc {
  _id: string;
  /** Keyed by the event's key (base64url: field names may not hold dots): writing an event twice writes it once. */
  events: Record<string, TicketEvent>;
}

const timelineSchema = new Schema<TimelineDoc>({ _id: String, events: Schema.Types.Mixed }, { collection: 'tickettimelines', versionKey: false, minimize: false });
const field = (key: string) => `events.${Buffer.from(key).toString('base64url')}`;

export function createHistoryRepo(conn: Connection, lock: KeyedLock = localKeyedLock()): HistoryRepo {
  const M = (conn.models.TicketEvent as Model<TicketEvent> | undefined) ?? conn.model<TicketEvent>('TicketEvent', schema);
  const T = (conn.models.TicketTimeline as Model<TimelineDoc> | undefined) ?? conn.model<TimelineDoc>('TicketTimeline', timelineSchema);
  // FerretDB v1 rewrites the whole document on an update, so two pushes at once could lose one: the lock serialises them.
  const append = (e: TicketEvent) => lock(`timeline:${e.ticketId}`, () => T.updateOne({ _id: e.ticketId }, { $set: { [field(e.key)]: e } }, { upsert: true }));
  return {
    async recordOnce(event) {
      try {
        await M.create(event);
      } catch (err) {
        // A repeat writes the timeline again (the first run may have died before it): keyed, so it stays one entry.
        if (!isDuplicateKey(err)) throw err;
      }
      await append(event);
    },
    async listByActions(actions, limit) {
      return M.find({ action: { $in: actions } }, { _id: 0 }).sort({ at: -1 }).limit(limit).lean<TicketEvent[]>();
    },
    async listForTicket(ticketId) {
      const timeline = await T.findById(ticketId).lean<TimelineDoc>();
      // Tickets whose events predate the timelines are read from the events.
      const events = timeline ? Object.values(timeline.events ?? {}) : await M.find({ ticketId }, { _id: 0 }).lean<TicketEvent[]>();
      return [...events].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
    },
  };
}
