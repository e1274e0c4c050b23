import { readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import type { Db } from 'mongodb';
import type { Stack } from '../support/stack';
import type { FaultMail } from './corpus';

/**
 * What a stuck fault run needs to show: each mail without an outcome (or never
 * stored), the state of its intake job in BullMQ, and the gateway's log lines
 * about it. Printed in the failure, so a CI log alone says where it stopped.
 */
export async function explainUnfinished(db: Db, stack: Stack, prefix: string, mails: FaultMail[], logFile: string): Promise<string> {
  const raws = await db.collection<{ _id: unknown; messageId?: string; status: string; receivedAt?: Date }>('rawmails').find({}, { projection: { messageId: 1, status: 1, receivedAt: 1 } }).toArray();
  const byMid = new Map(raws.filter((r) => r.messageId).map((r) => [r.messageId!, r]));
  const missing = mails.filter((m) => !byMid.has(m.messageId)).map((m) => m.messageId);
  const stuck = raws.filter((r) => r.status === 'stored');
  const log = readLog(logFile);
  const queue = new Queue('intake', { connection: { url: stack.REDIS_URL, maxRetriesPerRequest: null }, prefix });
  const lines = [`  never stored: ${missing.length}${missing.length ? ` (${missing.slice(0, 10).join(', ')})` : ''}`, `  stored without an outcome: ${stuck.length}`];
  try {
    for (const r of stuck.slice(0, 10)) {
      const id = String(r._id);
      const job = await queue.getJob(id);
      const state = job ? await job.getState() : 'no job';
      lines.push(`  - ${id} ${r.messageId ?? ''} received ${r.receivedAt?.toISOString() ?? '?'}: job ${state}, attempts ${job?.attemptsMade ?? '-'}, stalls ${job?.stalledCounter ?? '-'}, reason ${job?.failedReason ?? '-'}`);
      for (const l of log.filter((x) => x.includes(id)).slice(-15)) lines.push(`      ${l.slice(0, 400)}`);
    }
  } finally {
    await queue.close();
  }
  const counts = await queue.getJobCounts().catch(() => ({}));
  lines.push(`  intake queue: ${JSON.stringify(counts)}`);
  lines.push('  last log lines:', ...log.slice(-25).map((l) => `      ${l.slice(0, 400)}`));
  return lines.join('\n');
}

function readLog(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
