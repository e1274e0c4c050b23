import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { isTimeZone } from './care';

/**
 * Managers' part of the desk config: their digests (cron schedules in their
 * own time zone), problem detection and the knowledge suggestions.
 */

const cron = z.string().refine(isCron, { message: 'expected a cron expression such as "0 8 * * 1-5" (minute hour day month weekday)' });

// Descriptions live on the schemas so docs/configuration.md is generated from them (npm run docs:config).
export const digestScheduleSchema = z.strictObject({
  kind: z.enum(['daily', 'weekly']).describe('Which digest report is sent.'),
  cron: cron.describe("When it is sent (minute hour day month weekday), in the manager's time zone; it covers the time since the schedule's previous run."),
});

export const DEFAULT_DIGESTS = [
  { kind: 'daily' as const, cron: '0 8 * * 1-5' },
  { kind: 'weekly' as const, cron: '30 8 * * 1' },
];

export const managerExtras = {
  timeZone: z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Bucharest' }).optional().describe("IANA time zone of this manager's digest schedules; default: the desk's time zone."),
  digests: z.array(digestScheduleSchema).default(DEFAULT_DIGESTS).describe('Digest reports by mail, each on its own schedule; an empty list turns digests off for this manager.'),
};

export const problemsSchema = z
  .strictObject({
    windowHours: z.number().positive().max(24 * 30).default(24).describe('Open tickets this recent are compared with a new one.'),
    minScore: z.number().gt(0).lt(1).default(0.4).describe("Similarity (0-1) from which two customers' tickets count as one problem."),
    alertAt: z.number().int().min(2).max(1000).default(5).describe('Tickets in a problem at which the managers are alerted.'),
    prefix: z.string().regex(/^[A-Z][A-Z0-9]{0,9}$/, 'expected 1-10 capital letters or digits, starting with a letter').default('PRB').describe('Problem numbers look like PRB-000012; must differ from desk.ticketPrefix.'),
  })
  .prefault({})
  .describe("Open tickets of different customers with one cause (same category, similar text) are grouped into a problem; an agent's #resolve-problem resolves all of its tickets.");

export const knowledgeSchema = z
  .strictObject({
    suggestions: z.number().int().min(0).max(10).default(3).describe("Similar resolved tickets listed in an agent's notification of a new ticket; 0 turns it off."),
    minScore: z.number().gt(0).lt(1).default(0.3).describe('Similarity (0-1) from which a resolved ticket is suggested.'),
  })
  .prefault({})
  .describe("Suggestions of similar resolved tickets, with their answers, in agents' notifications.");

export function isCron(expression: string): boolean {
  if (expression.trim().split(/\s+/).length !== 5) return false;
  try {
    CronExpressionParser.parse(expression);
    return true;
  } catch {
    return false;
  }
}
