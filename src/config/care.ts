import { z } from 'zod';
import { parseDayHours, WEEKDAYS, type Calendar, type DayHours, type Weekday } from '../domain/business-hours';
import type { CarePolicy, SlaPolicy } from '../domain/care-plan';
import { PRIORITIES, type Priority } from '../domain/types';

/**
 * The desk config sections for time-driven care: the business calendar, SLA
 * policies per priority, pending reminders and the satisfaction survey.
 */

const dayHours = z.string().transform((text, ctx) => {
  try {
    return parseDayHours(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `${(err as Error).message} (expected e.g. 09:00-17:00)` });
    return z.NEVER;
  }
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

const DEFAULT_DAYS = { mon: '09:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-17:00' };

// Descriptions live on the schemas so docs/configuration.md is generated from them (npm run docs:config).
export const businessHoursSchema = z
  .strictObject({
    timeZone: z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Bucharest' }).optional().describe("IANA zone of the working hours; default: the desk's time zone."),
    days: z.partialRecord(z.enum(WEEKDAYS), dayHours).prefault(DEFAULT_DAYS).describe('Working hours per weekday (mon..sun) as HH:MM-HH:MM; a day left out is a day off.'),
    holidays: z.array(isoDate).default([]).describe('Days without work, as YYYY-MM-DD in the time zone above.'),
    onCall: z.email().transform((s) => s.toLowerCase()).optional().describe('Agent who takes P1 tickets that arrive outside working hours (assigned and notified at once); one of the agents.'),
  })
  .refine((b) => Object.keys(b.days).length > 0, { message: 'expected at least one working day', path: ['days'] })
  .prefault({})
  .describe('The business calendar: SLA clocks of `clock: business` run in these hours only.');

const hours = z.number().positive();
const policySchema = z.strictObject({
  firstResponseHours: hours.describe('Hours until the first answer to the customer is due.'),
  resolutionHours: hours.describe('Hours until the ticket should be resolved; not less than firstResponseHours.'),
  checkInHours: hours.describe('A check-in mail to the customer after this many hours without word from the desk.'),
  clock: z.enum(['business', 'always']).default('business').describe('business: the hours count in working hours only; always: around the clock.'),
});

export const DEFAULT_SLA: Record<Priority, SlaPolicy> = {
  P1: { firstResponseHours: 1, resolutionHours: 4, checkInHours: 2, clock: 'always' },
  P2: { firstResponseHours: 4, resolutionHours: 16, checkInHours: 8, clock: 'business' },
  P3: { firstResponseHours: 8, resolutionHours: 40, checkInHours: 24, clock: 'business' },
  P4: { firstResponseHours: 40, resolutionHours: 120, checkInHours: 40, clock: 'business' },
};

export const slaSchema = z
  .strictObject({
    warnAt: z.number().gt(0).lt(1).default(0.75).describe('Share of a target at which the assignee is warned.'),
    ...(Object.fromEntries(PRIORITIES.map((p) => [p, policySchema.default(DEFAULT_SLA[p]).describe(`Targets of ${p} tickets; a priority left out keeps this default.`)])) as Record<Priority, z.ZodDefault<typeof policySchema>>),
  })
  .refine((s) => PRIORITIES.every((p) => s[p].firstResponseHours <= s[p].resolutionHours), { message: 'firstResponseHours must not exceed resolutionHours' })
  .prefault({})
  .describe('Service-level targets per priority (P1 most urgent); the clock stands still while a ticket waits for the customer, and at a breach the ticket moves up one tier and the managers are alerted.');

export const pendingSchema = z
  .strictObject({
    reminderHours: hours.default(16).describe('Working hours between reminders to a customer the desk waits for.'),
    reminders: z.number().int().min(0).max(10).default(2).describe('Reminders sent at most; reminders × reminderHours must come before closeAfterHours.'),
    closeAfterHours: hours.default(40).describe('Working hours after going pending at which the ticket closes without an answer.'),
  })
  .refine((p) => p.reminders * p.reminderHours < p.closeAfterHours, { message: 'reminders × reminderHours must come before closeAfterHours' })
  .prefault({})
  .describe('Tickets waiting for the customer (an agent wrote #status pending): reminders, then closing.');

export const surveySchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Send the survey.'),
    delayMinutes: z.number().min(0).max(7 * 24 * 60).default(60).describe('Minutes after resolution at which the survey is sent.'),
  })
  .prefault({})
  .describe('After resolution the customer is asked to rate the help from 1 to 5, by reply or with a one-click link (the links need PUBLIC_URL).');

type BusinessHoursConfig = z.infer<typeof businessHoursSchema>;

export function calendarOf(hoursConfig: BusinessHoursConfig, deskTimeZone: string): Calendar {
  return { timeZone: hoursConfig.timeZone ?? deskTimeZone, week: hoursConfig.days as Partial<Record<Weekday, DayHours>>, holidays: hoursConfig.holidays };
}

export function carePolicy(c: { businessHours: BusinessHoursConfig; sla: z.infer<typeof slaSchema>; pending: z.infer<typeof pendingSchema>; survey: z.infer<typeof surveySchema> }, deskTimeZone: string, reopenDays: number): CarePolicy {
  const sla = Object.fromEntries(PRIORITIES.map((p) => [p, c.sla[p]])) as Record<Priority, SlaPolicy>;
  return { calendar: calendarOf(c.businessHours, deskTimeZone), sla, warnShare: c.sla.warnAt, pending: c.pending, survey: c.survey, reopenDays };
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The built-in care policy (every section at its defaults), e.g. for tests and tools. */
export function defaultCarePolicy(timeZone: string, reopenDays: number): CarePolicy {
  const sections = { businessHours: businessHoursSchema.parse(undefined), sla: slaSchema.parse(undefined), pending: pendingSchema.parse(undefined), survey: surveySchema.parse(undefined) };
  return carePolicy(sections, timeZone, reopenDays);
}
