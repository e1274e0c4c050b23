import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { TicketRecord } from '../app/ports';
import type { DigestTicket } from '../domain/digest-stats';

/**
 * Compact snapshots of each ticket's reporting fields, for the digests.
 *
 * FerretDB v1 (SQLite) answers any filter but `_id` equality by reading every
 * document of a collection, and even an update by `_id` costs a read of the
 * whole collection (measured: 1.8 ms at 10 documents, 21 ms at 5,000, 72 ms
 * at 20,000). So rows are never updated: every ticket write inserts a new
 * snapshot (an insert costs the same at any size), a digest keeps the latest
 * snapshot of each ticket, and an hourly compaction deletes superseded
 * snapshots and those of tickets closed and quiet for longer than the
 * longest digest period. A digest then reads about one small row per
 * recently active or open ticket, never the ticket documents themselves.
 */
type RowDoc = Omit<DigestTicket, 'number'> & { _id: Types.ObjectId; ticketId: string; number: string; open: boolean; activeAt: Date; at: Date };

const schema = new Schema<RowDoc>(
  {
    number: String, subject: String, priority: String, tier: String, category: String, status: String, requester: String, assignee: String,
    createdAt: Date, firstRespondedAt: Date, resolvedAt: Date, firstResponseDueAt: Date, resolutionDueAt: Date,
    firstResponseBreachedAt: Date, resolutionBreachedAt: Date, escalations: Number, lastEscalatedAt: Date,
    satisfaction: { type: Schema.Types.Mixed }, open: Boolean, activeAt: Date, ticketId: String, at: Date,
  },
  { collection: 'digestrows', versionKey: false },
);

const OPEN = new Set(['new', 'open', 'pending']);
const DATES = ['createdAt', 'firstRespondedAt', 'resolvedAt', 'firstResponseBreachedAt', 'resolutionBreachedAt', 'lastEscalatedAt'] as const;

/** The row of a ticket: what a digest counts, and when the ticket last did something countable. */
export function rowOf(t: TicketRecord): Omit<RowDoc, '_id' | 'at' | 'ticketId'> {
  const dates = [...DATES.map((k) => t[k]), t.satisfaction?.at].filter((d): d is Date => d instanceof Date);
  return {
    number: t.number, subject: t.subject.slice(0, 200), priority: t.priority, tier: t.tier, category: t.category, status: t.status, requester: t.requester.address,
    assignee: t.assignee, createdAt: t.createdAt, firstRespondedAt: t.firstRespondedAt, resolvedAt: t.resolvedAt, firstResponseDueAt: t.firstResponseDueAt,
    resolutionDueAt: t.resolutionDueAt, firstResponseBreachedAt: t.firstResponseBreachedAt, resolutionBreachedAt: t.resolutionBreachedAt,
    escalations: t.escalations, lastEscalatedAt: t.lastEscalatedAt, satisfaction: t.satisfaction ? { score: t.satisfaction.score, at: t.satisfaction.at } : undefined,
    open: OPEN.has(t.status), activeAt: new Date(Math.max(...dates.map((d) => d.getTime()))),
  };
}

/** Most ticket writes (timers, participants, threading ids) change nothing a digest counts: no snapshot then. */
export function reportingChanged(before: TicketRecord, after: TicketRecord): boolean {
  return JSON.stringify(rowOf(before)) !== JSON.stringify(rowOf(after));
}

function snapshot(ticket: TicketRecord, at: Date) {
  return { ...Object.fromEntries(Object.entries(rowOf(ticket)).filter(([, v]) => v !== undefined)), ticketId: ticket.id, at };
}

export interface DigestRowStore {
  put(ticket: TicketRecord, at: Date): Promise<void>;
  /** Snapshots stamped with each ticket's last write (a rebuild): a later real write still wins. */
  putMany(tickets: TicketRecord[]): Promise<void>;
  /** Every ticket that can count in a digest from `from` on, as its latest snapshot. */
  scan(from: Date): AsyncIterable<DigestTicket>;
  /** Drops superseded snapshots and those of closed tickets quiet since before `before`; returns how many. */
  compact(before: Date): Promise<number>;
}

type Latest = Pick<RowDoc, '_id' | 'at'>;
const newer = (a: Latest, b: Latest) => a.at > b.at || (a.at.getTime() === b.at.getTime() && String(a._id) > String(b._id));

/**
 * FerretDB v1 deletes the matched documents in one SQL statement with a
 * variable per document, and SQLite refuses more than 32,766: so a large
 * deletion goes in time slices of at most DELETE_SLICE snapshots.
 */
const DELETE_SLICE = 20_000;

export function deleteSlices(stamps: number[], cutoff: Date): Array<[Date, Date]> {
  const sorted = [...stamps].sort((a, b) => a - b);
  const slices: Array<[Date, Date]> = [];
  let from = new Date(0);
  for (let i = DELETE_SLICE; i < sorted.length; i += DELETE_SLICE) {
    const to = new Date(sorted[i]);
    if (to > from) slices.push([from, to]);
    from = to > from ? to : from;
  }
  slices.push([from, cutoff]);
  return slices;
}

/** Rows of tickets active this recently, or open, stay in the hot collection a daily or weekly digest reads. */
const HOT_DAYS = 8;
const DAY = 24 * 3_600_000;

function strip(d: RowDoc): DigestTicket {
  const { _id: _i, ticketId: _t, at: _a, open: _o, activeAt: _x, ...row } = d;
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)) as unknown as DigestTicket;
}

async function latestOf(models: Array<Model<RowDoc>>, filter: Record<string, unknown>, stamps?: number[]): Promise<Map<string, RowDoc>> {
  const latest = new Map<string, RowDoc>();
  for (const M of models) {
    for await (const d of M.find(filter).lean<RowDoc>().cursor({ batchSize: 2000 })) {
      stamps?.push(d.at.getTime());
      const seen = latest.get(d.ticketId);
      if (!seen || newer(d, seen)) latest.set(d.ticketId, d);
    }
  }
  return latest;
}

/** Re-inserts the rows to keep, stamped `at`, then deletes everything older than `cutoff` (see compact). */
async function rewrite(M: Model<RowDoc>, keep: RowDoc[], at: Date, stamps: number[], cutoff: Date) {
  const copies = keep.map(({ _id: _i, ...d }) => ({ ...d, at }));
  for (let i = 0; i < copies.length; i += 1000) await M.collection.insertMany(copies.slice(i, i + 1000), { ordered: false });
  for (const [from, to] of deleteSlices(stamps, cutoff)) await M.deleteMany({ at: { $gte: from, $lt: to } });
}

export function createDigestRowStore(conn: Connection): DigestRowStore {
  const hot: Model<RowDoc> = conn.models.DigestRow ?? conn.model<RowDoc>('DigestRow', schema);
  const warm: Model<RowDoc> = conn.models.DigestRowWarm ?? conn.model<RowDoc>('DigestRowWarm', schema.clone().set('collection', 'digestrows_warm'));
  return {
    async put(ticket, at) {
      await hot.collection.insertOne(snapshot(ticket, at));
    },
    async putMany(tickets) {
      if (tickets.length > 0) await hot.collection.insertMany(tickets.map((t) => snapshot(t, t.updatedAt ?? t.createdAt)), { ordered: false });
    },
    async *scan(from) {
      // Compaction keeps every row active within HOT_DAYS of its run in the hot collection, so a
      // period starting within HOT_DAYS of now needs no other; a longer one reads the warm rows too.
      const models = from.getTime() >= Date.now() - HOT_DAYS * DAY ? [hot] : [hot, warm];
      for (const d of (await latestOf(models, {})).values()) if (d.open || d.activeAt >= from) yield strip(d);
    },
    async compact(before) {
      // Deletes on FerretDB v1 read the whole collection once per command, whatever the filter:
      // so the snapshots to keep are inserted again, stamped `cutoff`, and a deleteMany on `at`
      // removes everything older. A write more than a minute old when the scan starts has been
      // inserted by then and is seen; later writes are stamped after `cutoff` and win.
      const cutoff = new Date(Date.now() - 60_000);
      const hotSince = new Date(Date.now() - HOT_DAYS * DAY);
      const hotStamps: number[] = [];
      const inHot = await latestOf([hot], { at: { $lt: cutoff } }, hotStamps);
      const rows = [...inHot.values()];
      const staysHot = (d: RowDoc) => d.open || d.activeAt >= hotSince;
      const cooled = rows.filter((d) => !staysHot(d) && d.activeAt >= before);
      const warmStamps: number[] = [];
      const inWarm = [...(await latestOf([warm], { at: { $lt: cutoff } }, warmStamps)).values()].filter((d) => !inHot.has(d.ticketId) && d.activeAt >= before);
      // Warm copies one millisecond older than the hot ones: a ticket never ties between the two.
      await rewrite(warm, [...inWarm, ...cooled], new Date(cutoff.getTime() - 1), warmStamps, cutoff);
      await rewrite(hot, rows.filter(staysHot), cutoff, hotStamps, cutoff);
      return hotStamps.length + warmStamps.length - rows.filter(staysHot).length - cooled.length - inWarm.length;
    },
  };
}
