import type { Connection } from 'mongoose';

interface Event {
  ticketId: string;
  actor: string;
  action: string;
  at: Date;
  detail: Record<string, unknown>;
}

/**
 * A ticket's recorded actions, read the way the gateway keeps them: one
 * timeline document per ticket (src/models/history.ts).
 */
export async function ticketEvents(mongo: Connection, ticketId: string): Promise<Event[]> {
  const doc = await mongo.collection<{ _id: string; events?: Record<string, Event> }>('tickettimelines').findOne({ _id: ticketId });
  return Object.values(doc?.events ?? {}).sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}

/** The first recorded action of this kind on any ticket (a test's small database: reads every timeline). */
export async function findEvent(mongo: Connection, action: string): Promise<Event | undefined> {
  const docs = await mongo.collection<{ events?: Record<string, Event> }>('tickettimelines').find({}).toArray();
  return docs.flatMap((d) => Object.values(d.events ?? {})).find((e) => e.action === action);
}
