import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { isTimeZone } from './care';

/**
 * Managers' part of the desk config: their digests (cron schedules in their
 * own time zone), problem detection and the knowledge suggestions.
 */

const cron = z.string().refine(isCron, { message: 'expected a cron expression such as "0 8 * * 1-5" (minute hour day month weekday)' });

export const digestScheduleSchema = z.strictObject({
  kind: z.enum(['daily', 'weekly']),
  /** When it is sent, in the manager's time zone; it covers the time since the schedule's previous run. */
  cron,
});

export const DEFAULT_DIGESTS = [
  { kind: 'daily' as const, cron: '0 8 * * 1-5' },
  { kind: 'weekly' as const, cron: '30 8 * * 1' },
];

export const managerExtras = {
  /** Default: the desk's time zone. */
  timeZone: z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Bucharest' }).optional(),
  /** An empty list turns digests off for this manager. */
  digests: z.array(digestScheduleSchema).default(DEFAULT_DIGESTS),
};

export const problemsSchema = z
  .strictObject({
    /** Open tickets this recent are compared with a new one. */
    windowHours: z.number().positive().max(24 * 30).default(24),
    /** Similarity (0-1) from which two customers' tickets count as one problem. */
    minScore: z.number().gt(0).lt(1).default(0.4),
    /** Tickets in a problem at which the managers are alerted. */
    alertAt: z.number().int().min(2).max(1000).default(5),
    /** Problem numbers look like PRB-000012. */
    prefix: z.string().regex(/^[A-Z][A-Z0-9]{0,9}$/, 'expected 1-10 capital letters or digits, starting with a letter').default('PRB'),
  })
  .prefault({});

export const knowledgeSchema = z
  .strictObject({
    /** Similar resolved tickets listed in an agent's notification of a new ticket; 0 turns it off. */
    suggestions: z.number().int().min(0).max(10).default(3),
    minScore: z.number().gt(0).lt(1).default(0.3),
  })
  .prefault({});

export function isCron(expression: string): boolean {
  if (expression.trim().split(/\s+/).length !== 5) return false;
  try {
    CronExpressionParser.parse(expression);
    return true;
  } catch {
    return false;
  }
}
