import { CronExpressionParser } from 'cron-parser';
import type { Queue } from 'bullmq';
import type { ManagerSettings } from '../app/desk-settings';

export interface DigestJob {
  manager: string;
  kind: 'daily' | 'weekly';
}

const PREFIX = 'digest:';

/**
 * The period a scheduled digest covers: from the schedule's previous run to
 * its latest one at or before `now`. A retried job computes the same period
 * (and so the same outbox key) as long as the next run has not come yet;
 * a Monday digest of a Mon-Fri schedule covers the weekend too.
 */
export function digestPeriod(cron: string, timeZone: string, now: Date): { from: Date; until: Date } {
  const expr = CronExpressionParser.parse(cron, { currentDate: new Date(now.getTime() + 1000), tz: timeZone });
  const until = expr.prev().toDate();
  const from = expr.prev().toDate();
  return { from, until };
}

/**
 * One BullMQ job scheduler per manager and digest kind, in the manager's time
 * zone. Schedulers of managers or kinds no longer configured are removed, so
 * the desk file stays the truth; several processes upserting the same ids is
 * harmless.
 */
export async function scheduleDigests(queue: Queue, managers: ManagerSettings[], deskTimeZone: string): Promise<number> {
  const wanted = new Map<string, { cron: string; tz: string; job: DigestJob }>();
  for (const m of managers) {
    for (const d of m.digests ?? []) wanted.set(`${PREFIX}${m.email}:${d.kind}`, { cron: d.cron, tz: m.timeZone ?? deskTimeZone, job: { manager: m.email, kind: d.kind } });
  }
  for (const [id, w] of wanted) await queue.upsertJobScheduler(id, { pattern: w.cron, tz: w.tz }, { name: 'digest', data: w.job, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  for (const s of await queue.getJobSchedulers(0, -1)) {
    const id = s.key;
    if (id.startsWith(PREFIX) && !wanted.has(id)) await queue.removeJobScheduler(id);
  }
  return wanted.size;
}
