import { Schema, type Connection } from 'mongoose';
import { isDuplicateKey } from './connection';

interface NumberDoc {
  _id: string;
  ticketId: string;
}

const schema = new Schema<NumberDoc>({ _id: String, ticketId: { type: String, required: true } }, { collection: 'ticketnumbers', versionKey: false });

/**
 * Ticket number → ticket id, one document per number with the number as its
 * `_id`. It is the number's reservation (inserted before the ticket, so two
 * intakes that drew the same number cannot both keep it) and the lookup that
 * threading by subject tag and agents' commands use: a read by `_id`, which
 * FerretDB v1 answers without reading the whole collection.
 */
export function createTicketNumbers(conn: Connection) {
  const M = conn.models.TicketNumber ?? conn.model<NumberDoc>('TicketNumber', schema);
  return {
    /** True when the number is now this ticket's (newly, or already by an earlier attempt). */
    async reserve(number: string, ticketId: string): Promise<boolean> {
      try {
        await M.create({ _id: number, ticketId });
        return true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const doc = await M.findById(number).lean<NumberDoc>();
        return doc?.ticketId === ticketId;
      }
    },
    async ticketId(number: string): Promise<string | undefined> {
      return (await M.findById(number).lean<NumberDoc>())?.ticketId;
    },
  };
}

export type TicketNumbers = ReturnType<typeof createTicketNumbers>;
