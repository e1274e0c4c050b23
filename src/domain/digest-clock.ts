/**
 * Local calendar day and hour of instants in one IANA time zone, for the
 * digest's by-hour and by-day counts. Intl is the only source of zone rules,
 * but formatting 100,000 dates one by one is slow, so the zone's offset is
 * asked once per UTC hour boundary: an hour whose two boundaries have the
 * same offset has it throughout (no zone changes its offset twice within an
 * hour), and every instant in it is shifted by arithmetic. An hour with a
 * change inside (Newfoundland changes at half past) has its instants
 * formatted one by one, so the shortcut never changes an answer. The caches
 * hold one entry per hour and per day used: about 1,500 for 62 days.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface LocalTime {
  /** YYYY-MM-DD on the zone's calendar. */
  date: string;
  /** 0..23 on the zone's clock. */
  hour: number;
}

export interface ZoneClock {
  local(ms: number): LocalTime;
  /**
   * Every calendar day that has a moment in [fromMs, toMs), in order.
   * Throws RangeError when there are more than `limit`.
   */
  days(fromMs: number, toMs: number, limit: number): string[];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone for the process: creating one costs far more than using it. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-US with h23 gives plain ASCII digits and hours 0..23 (never "24").
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws RangeError for a zone Intl does not know. */
export function createZoneClock(timeZone: string): ZoneClock {
  const formatter = formatterFor(timeZone);
  const atBoundary = new Map<number, number>();
  const perHour = new Map<number, number | null>();
  const dates = new Map<number, string>();

  const offsetAt = (ms: number) => zoneOffset(formatter, ms);
  const boundary = (hour: number): number => {
    let offset = atBoundary.get(hour);
    if (offset === undefined) atBoundary.set(hour, (offset = offsetAt(hour * HOUR_MS)));
    return offset;
  };

  /** The offset at this instant: the hour's own when constant, else asked exactly. */
  const offsetOf = (ms: number): number => {
    const hour = Math.floor(ms / HOUR_MS);
    let offset = perHour.get(hour);
    if (offset === undefined) perHour.set(hour, (offset = boundary(hour) === boundary(hour + 1) ? boundary(hour) : null));
    return offset ?? offsetAt(ms);
  };

  const local = (ms: number): LocalTime => {
    const wall = ms + offsetOf(ms);
    const day = Math.floor(wall / DAY_MS);
    let date = dates.get(day);
    if (date === undefined) dates.set(day, (date = isoDate(new Date(day * DAY_MS))));
    return { date, hour: Math.floor((wall - day * DAY_MS) / HOUR_MS) };
  };

  return { local, days: (fromMs, toMs, limit) => (toMs > fromMs ? calendarDays(local(fromMs).date, local(toMs - 1).date, limit) : []) };
}

/** Local wall-clock time minus UTC at this instant, whole seconds. */
function zoneOffset(formatter: Intl.DateTimeFormat, ms: number): number {
  const second = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(second)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - second;
}

/** first..last (YYYY-MM-DD) inclusive, walked in UTC where every day has 24 hours. */
function calendarDays(first: string, last: string, limit: number): string[] {
  const days: string[] = [];
  for (let day = Date.parse(`${first}T00:00:00Z`); ; day += DAY_MS) {
    const date = isoDate(new Date(day));
    days.push(date);
    if (days.length > limit) throw new RangeError(`the period covers more than ${limit} days`);
    if (date >= last) return days;
  }
}

/** YYYY-MM-DD of the date's UTC fields (years 0..9999). */
function isoDate(date: Date): string {
  const y = String(date.getUTCFullYear()).padStart(4, '0');
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
