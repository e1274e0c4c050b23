import { Schema, type Connection, type Model } from 'mongoose';
import type { HistoryRepo, KeyedLock, TicketEvent } from '../app/ports';
import { localKeyedLock } from '../app/keyed-lock';
import { isDuplicateKey } from './connection';

/**
 * The actions that queries across tickets read (learned triage learns from
 * agents' corrections). Only these are also written to the events collection,
 * indexed by action; every action is recorded in the ticket's timeline.
 */
export const CROSS_TICKET_ACTIONS: ReadonlySet<string> = new Set(['command-priority', 'command-category']);

/** Actions that queries across tickets need, indexed by action and time. Before the timelines, every event was written here. */
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
 * The record of every action on a ticket: one document keyed by the ticket
 * id, what an agent's notification lists and a manager reads. FerretDB v1
 * answers `{ticketId}` on an events collection only by reading every event of
 * every ticket (half a second per reply at a few thousand tickets); a read by
 * `_id` costs the same at any size. Writing each event to both collections
 * cost a fifth of the database writes per mail, so only the cross-ticket
 * actions are written twice.
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
        if (CROSS_TICKET_ACTIONS.has(event.action)) await M.create(event);
      } catch (err) {
        // A repeat writes the timeline again (the first run may have died before it): keyed, so it stays one entry.
        if (!isDuplicateKey(err)) throw err;
      }
      await append(event);
    },
    async listByActions(actions, limit) {
      const unindexed = actions.filter((a) => !CROSS_TICKET_ACTIONS.has(a));
      if (unindexed.length > 0) throw new Error(`events of ${unindexed.join(', ')} are kept per ticket only: add them to CROSS_TICKET_ACTIONS`);
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
