/**
 * Bench-only workaround, loaded with --require (children) or import (in-process)
 * when BENCH_CHUNK_BULK > 0: splits every mongoose Model.bulkWrite into
 * batches of at most BENCH_CHUNK_BULK operations.
 *
 * Why: FerretDB v1.24.2 (SQLite backend) keeps the query iterator of each
 * matching update statement open until the whole `update` command ends
 * (`defer closer.Close()` inside the statement loop of
 * internal/handler/msg_update.go), and a database has at most 100 SQLite
 * connections (backends/sqlite/metadata/pool/opendb.go). An update command
 * with ~100 matching statements therefore waits forever for a connection its
 * own statements hold, and every later query on that database hangs too.
 * The gateway sends exactly that: RawMailRepo.setLocations after moving a
 * 100-mail IMAP window (src/ingest/sync-mailbox.ts moveOut,
 * src/models/raw-mail.ts setLocations), and storeMany when a window is
 * fetched again. This shim emulates the fix suggested for src/ (chunking in
 * the repository) so the rest of the pipeline can be measured.
 */
import mongoose from 'mongoose';

type BulkResult = { upsertedIds?: Record<number, unknown>; insertedIds?: Record<number, unknown>; [k: string]: unknown };
type BulkWrite = (this: unknown, ops: unknown[], options?: unknown) => Promise<BulkResult>;

const limit = Number(process.env.BENCH_CHUNK_BULK ?? 0);
const model = mongoose.Model as unknown as { bulkWrite: BulkWrite; __benchChunked?: boolean };

if (limit > 0 && !model.__benchChunked) {
  const original = model.bulkWrite;
  model.__benchChunked = true;
  model.bulkWrite = async function chunkedBulkWrite(this: unknown, ops: unknown[], options?: unknown): Promise<BulkResult> {
    if (!Array.isArray(ops) || ops.length <= limit) return original.call(this, ops, options);
    const merged: BulkResult = { upsertedIds: {}, insertedIds: {}, insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0, ok: 1 };
    for (let start = 0; start < ops.length; start += limit) {
      const res = await original.call(this, ops.slice(start, start + limit), options);
      for (const key of ['insertedCount', 'matchedCount', 'modifiedCount', 'deletedCount', 'upsertedCount'] as const) merged[key] = (merged[key] as number) + ((res[key] as number) ?? 0);
      for (const [i, id] of Object.entries(res.upsertedIds ?? {})) merged.upsertedIds![start + Number(i)] = id;
      for (const [i, id] of Object.entries(res.insertedIds ?? {})) merged.insertedIds![start + Number(i)] = id;
    }
    return merged;
  };
}
