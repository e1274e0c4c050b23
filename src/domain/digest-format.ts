/**
 * How the digest writes its numbers for a reader: counts with the
 * language's digit grouping, durations in days, hours and minutes, shares
 * as whole percents and "—" for a figure that does not exist (no ticket
 * measured), which is not the same as zero.
 */
import type { Language } from './types';

export const NONE = '—';

/** Same locales as format.ts: British English, Russian and Romanian conventions. */
const LOCALES: Record<Language, string> = { en: 'en-GB', ru: 'ru-RU', ro: 'ro-RO' };

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export interface DurationUnits {
  days: string;
  hours: string;
  minutes: string;
}

export interface DigestFormat {
  count(n: number): string;
  /** One decimal: 4.3 in English, 4,3 in Russian and Romanian. */
  decimal(n: number | undefined): string;
  duration(ms: number | undefined): string;
  /** Date of an instant in the zone: "1 Dec 2025". */
  day(ms: number): string;
  /** A YYYY-MM-DD calendar day with its weekday: "Mon 1 Dec". */
  calendarDay(date: string): string;
}

export function createDigestFormat(lang: Language, units: DurationUnits, timeZone: string): DigestFormat {
  const locale = LOCALES[lang];
  const counts = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const days = new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short', year: 'numeric' });
  const calendarDays = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
  return {
    count: (n) => counts.format(n),
    decimal: (n) => (n === undefined || !Number.isFinite(n) ? NONE : decimals.format(n)),
    duration: (ms) => formatDuration(ms, units),
    day: (ms) => days.format(ms),
    // Noon UTC of that day names the same calendar day in any locale.
    calendarDay: (date) => calendarDays.format(Date.parse(`${date}T12:00:00Z`)),
  };
}

/**
 * "45 min", "2 h 15 min", "3 d 4 h" (with the language's units): minutes
 * below a day, hours from a day on, each rounded to the nearest; under half
 * a minute reads "< 1 min". A negative duration (clocks out of step) reads
 * as zero.
 */
export function formatDuration(ms: number | undefined, units: DurationUnits): string {
  if (ms === undefined || !Number.isFinite(ms)) return NONE;
  const minutes = Math.round(Math.max(ms, 0) / MINUTE_MS);
  if (minutes === 0) return `< 1 ${units.minutes}`;
  if (minutes < 60) return `${minutes} ${units.minutes}`;
  if (minutes < 24 * 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} ${units.hours}` : `${h} ${units.hours} ${m} ${units.minutes}`;
  }
  const hours = Math.round(ms / HOUR_MS);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h === 0 ? `${d} ${units.days}` : `${d} ${units.days} ${h} ${units.hours}`;
}

/**
 * A share 0..1 as a whole percent, "93%". Rounded to the nearest, except
 * that only a full share reads 100% and only a zero share reads 0%: a
 * compliance of 99.6% must not look perfect.
 */
export function formatShare(share: number | undefined): string {
  if (share === undefined || !Number.isFinite(share)) return NONE;
  let percent = Math.round(share * 100);
  if (percent >= 100 && share < 1) percent = 99;
  if (percent <= 0 && share > 0) percent = 1;
  return `${percent}%`;
}
