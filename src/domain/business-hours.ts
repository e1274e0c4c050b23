/**
 * Working-time arithmetic for SLA clocks: "4 working hours after this mail".
 *
 * Everything is computed day by day in the calendar's LOCAL dates: each local
 * day's window is converted to real (UTC) instants on its own, so a day on
 * which the clocks change is simply shorter or longer in real time (a
 * 00:00–24:00 window lasts 23 h in spring, 25 h in autumn).
 *
 * Wall times the zone does not have are resolved like this (see wallToUtc):
 * - a time inside the spring-forward gap maps FORWARD to the first real instant
 *   after the gap (02:30 on a 02:00→03:00 night becomes 03:00);
 * - an ambiguous time in the autumn overlap maps to the EARLIER instant (the
 *   first time the clock shows it).
 * A window whose both ends fall into the same gap is empty that day.
 *
 * Only Intl and Date are used: the domain core stays free of I/O and libraries.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Working window of one day, minutes after local midnight: start inclusive, end exclusive; 0 <= start < end <= 1440. */
export interface DayHours {
  start: number;
  end: number;
}

export interface Calendar {
  /** IANA zone, e.g. 'Europe/Chisinau'. */
  timeZone: string;
  /** A day absent = not a working day. */
  week: Partial<Record<Weekday, DayHours>>;
  /** Local dates 'YYYY-MM-DD', no work at all that day. */
  holidays: string[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;
/** A search that crosses this many local days without a working window gives up instead of looping forever. */
const MAX_IDLE_DAYS = 400;

const ALL_DAY: DayHours = { start: 0, end: MINUTES_PER_DAY };

/** Every minute counts: for SLA policies that run around the clock. */
export const ALWAYS: Calendar = {
  timeZone: 'UTC',
  week: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
  holidays: [],
};

/** Parses '09:00-18:00' (also '9:00-17:30', end may be '24:00') into a DayHours; throws RangeError otherwise. */
export function parseDayHours(text: string): DayHours {
  // An en dash is accepted too, so the output of describeWeek can be pasted back.
  const m = /^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!m) throw new RangeError(`Invalid working hours "${text}": expected HH:MM-HH:MM, e.g. 09:00-18:00`);
  const start = clockMinutes(Number(m[1]), Number(m[2]), text);
  const end = clockMinutes(Number(m[3]), Number(m[4]), text);
  const hours = { start, end };
  checkDayHours(hours, `"${text}"`);
  return hours;
}

function clockMinutes(hour: number, minute: number, text: string): number {
  if (hour > 24 || minute > 59 || (hour === 24 && minute !== 0)) {
    throw new RangeError(`Invalid working hours "${text}": ${hour}:${String(minute).padStart(2, '0')} is not a time of day`);
  }
  return hour * 60 + minute;
}

function checkDayHours(h: DayHours, label: string): void {
  const ok = Number.isInteger(h.start) && Number.isInteger(h.end) && h.start >= 0 && h.end <= MINUTES_PER_DAY;
  if (!ok) throw new RangeError(`Invalid working hours ${label}: minutes must be whole numbers within 0..1440`);
  if (h.start >= h.end) throw new RangeError(`Invalid working hours ${label}: start must be before end`);
}

/** True when `at` falls inside a working window (start inclusive, end exclusive). */
export function isBusinessTime(cal: Calendar, at: Date): boolean {
  const ctx = prepare(cal);
  const t = instant(at, 'at');
  if (ctx.roundTheClock) return true;
  // A day's window lies within that local day, so only the day of `at` can hold it.
  const w = windowOf(ctx, localDay(ctx.fmt, t));
  return w !== undefined && w.start <= t && t < w.end;
}

/** `at` itself when inside working time, else the start of the next working window. */
export function nextBusinessStart(cal: Calendar, at: Date): Date {
  const ctx = prepare(cal);
  const t = instant(at, 'at');
  if (ctx.roundTheClock) return at;
  for (const w of windowsFrom(ctx, t)) {
    return w.start <= t ? at : new Date(w.start);
  }
  throw noWorkingTime(cal); // unreachable: windowsFrom either yields or throws
}

/**
 * The instant at which `ms` milliseconds of working time have passed since `from`.
 * ms=0 returns `from` unchanged (even outside working time); ms<0 throws RangeError.
 * A deadline that uses up a window exactly lands on that window's end (Friday
 * 18:00, not Monday 09:00): "due by close of business".
 */
export function addBusinessTime(cal: Calendar, from: Date, ms: number): Date {
  const ctx = prepare(cal);
  const t = instant(from, 'from');
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Working time to add must be a finite number >= 0, got ${ms}`);
  if (ms === 0) return from;
  if (ctx.roundTheClock) return new Date(t + ms);
  let left = ms;
  for (const w of windowsFrom(ctx, t)) {
    const start = Math.max(w.start, t);
    if (left <= w.end - start) return new Date(start + left);
    left -= w.end - start;
  }
  throw noWorkingTime(cal); // unreachable: windowsFrom never ends without `lastDay`
}

/** Working time in ms between two instants; 0 when to <= from. */
export function businessTimeBetween(cal: Calendar, from: Date, to: Date): number {
  const ctx = prepare(cal);
  const f = instant(from, 'from');
  const t = instant(to, 'to');
  if (t <= f) return 0;
  if (ctx.roundTheClock) return t - f;
  let total = 0;
  // Bounded by the local day of `to`: later days' windows all start after it.
  for (const w of windowsFrom(ctx, f, localDay(ctx.fmt, t))) {
    if (w.start >= t) break;
    total += Math.min(w.end, t) - Math.max(w.start, f);
  }
  return total;
}

/**
 * Short human description for mails, e.g. 'Mon–Fri 09:00–18:00; Sat 10:00–14:00'.
 * Days with identical hours share one entry (consecutive days as a range, others
 * listed with commas); entries are separated by '; ' since commas are taken.
 * The time zone and holidays are left to the caller.
 */
export function describeWeek(cal: Calendar): string {
  const groups = new Map<string, number[]>(); // Map keeps the order of each group's first day
  WEEKDAYS.forEach((day, i) => {
    const h = cal.week[day];
    if (!h) return;
    const key = `${clock(h.start)}–${clock(h.end)}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  if (groups.size === 0) return 'no working hours';
  if (groups.size === 1 && groups.get('00:00–24:00')?.length === 7) return '24/7';
  return [...groups].map(([hours, days]) => `${dayRanges(days)} ${hours}`).join('; ');
}

/** [0,1,2,4] → 'Mon–Wed, Fri'. */
function dayRanges(days: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
    parts.push(i === j ? dayName(days[i]) : `${dayName(days[i])}–${dayName(days[j])}`);
    i = j + 1;
  }
  return parts.join(', ');
}

function dayName(i: number): string {
  const d = WEEKDAYS[i];
  return d.charAt(0).toUpperCase() + d.slice(1);
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- internals

interface Window {
  /** UTC ms, inclusive. */
  start: number;
  /** UTC ms, exclusive. */
  end: number;
}

interface Context {
  cal: Calendar;
  fmt: Intl.DateTimeFormat;
  holidays: Set<string>;
  /** Every day 00:00–24:00 and no holidays: every instant counts, whatever the zone's DST. */
  roundTheClock: boolean;
}

/** Validates the calendar once per call, so a typo fails loudly instead of silently never matching. */
function prepare(cal: Calendar): Context {
  const fmt = formatterFor(cal.timeZone);
  for (const day of WEEKDAYS) {
    const h = cal.week[day];
    if (h) checkDayHours(h, `for ${day}`);
  }
  for (const d of cal.holidays) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new RangeError(`Invalid holiday "${d}": expected a local date YYYY-MM-DD`);
  }
  const roundTheClock = cal.holidays.length === 0 && WEEKDAYS.every((d) => cal.week[d]?.start === 0 && cal.week[d]?.end === MINUTES_PER_DAY);
  return { cal, fmt, holidays: new Set(cal.holidays), roundTheClock };
}

function instant(d: Date, name: string): number {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError(`Invalid date for ${name}`);
  return t;
}

function noWorkingTime(cal: Calendar): Error {
  return new Error(`The calendar has no working time: no working window within ${MAX_IDLE_DAYS} days (zone ${cal.timeZone})`);
}

/**
 * Working windows that end after `at`, in order, starting with the local day
 * before `at`'s (a cheap margin for zones whose midnight moves). Stops after
 * `lastDay` when given; throws rather than spin on a calendar without work.
 */
function* windowsFrom(ctx: Context, at: number, lastDay = Infinity): Generator<Window> {
  let idle = 0;
  for (let day = localDay(ctx.fmt, at) - 1; day <= lastDay; day++) {
    const w = windowOf(ctx, day);
    if (w && w.end > at) {
      idle = 0;
      yield w;
    } else if (++idle > MAX_IDLE_DAYS) {
      throw noWorkingTime(ctx.cal);
    }
  }
}

/** The working window of a local day (days since 1970-01-01), or undefined when none. */
function windowOf(ctx: Context, day: number): Window | undefined {
  const date = new Date(day * DAY);
  if (ctx.holidays.has(date.toISOString().slice(0, 10))) return undefined;
  const hours = ctx.cal.week[WEEKDAYS[(date.getUTCDay() + 6) % 7]];
  if (!hours) return undefined;
  const start = cachedWallToUtc(ctx.cal.timeZone, day * DAY + hours.start * MINUTE);
  const end = cachedWallToUtc(ctx.cal.timeZone, day * DAY + hours.end * MINUTE); // 1440 = next local midnight
  return end > start ? { start, end } : undefined;
}

// Creating an Intl.DateTimeFormat costs far more than using one: one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    // Fixed locale, calendar and digits: the host's defaults (e.g. a Buddhist calendar) must not leak in.
    // An unknown zone throws a RangeError here, which is the error we want.
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, calendar: 'gregory', numberingSystem: 'latn', hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, fmt);
  }
  return fmt;
}

/** The local wall-clock reading of `t`, expressed as if it were UTC ms. */
function wallClock(fmt: Intl.DateTimeFormat, t: number): number {
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(t)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const d = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0..99 as 1900..1999.
  d.setUTCFullYear(p.year, p.month - 1, p.day);
  // Some ICU versions print midnight as 24 even with h23.
  d.setUTCHours(p.hour % 24, p.minute, p.second, ((t % 1000) + 1000) % 1000);
  return d.getTime();
}

function offsetAt(fmt: Intl.DateTimeFormat, t: number): number {
  return wallClock(fmt, t) - t;
}

/** Local day number (days since 1970-01-01 in local dates) of instant `t`. */
function localDay(fmt: Intl.DateTimeFormat, t: number): number {
  return Math.floor(wallClock(fmt, t) / DAY);
}

// Each conversion costs several formatToParts calls, and SLA sweeps convert the
// same few opening and closing times for many tickets: remember them, bounded.
const utcByWall = new Map<string, Map<number, number>>();
const MAX_CACHED_PER_ZONE = 20_000;

function cachedWallToUtc(timeZone: string, wall: number): number {
  let cache = utcByWall.get(timeZone);
  if (!cache) utcByWall.set(timeZone, (cache = new Map()));
  let t = cache.get(wall);
  if (t === undefined) {
    if (cache.size >= MAX_CACHED_PER_ZONE) cache.clear();
    t = wallToUtc(formatterFor(timeZone), wall);
    cache.set(wall, t);
  }
  return t;
}

/**
 * The instant at which the zone's clock shows `wall` (local wall time as UTC ms).
 * Offsets are sampled a day either side: any transition that makes `wall`
 * missing or doubled lies between them. Each offset that reproduces `wall` is a
 * solution; with two (autumn overlap) the earlier wins; with none (spring gap)
 * the answer is the first instant whose clock reads `wall` or later.
 */
function wallToUtc(fmt: Intl.DateTimeFormat, wall: number): number {
  const offsets = [...new Set([offsetAt(fmt, wall - DAY), offsetAt(fmt, wall), offsetAt(fmt, wall + DAY)])];
  const solutions = offsets.map((o) => wall - o).filter((t) => wallClock(fmt, t) === wall);
  if (solutions.length > 0) return Math.min(...solutions);
  // Inside a gap: the clock is below `wall` at lo and beyond it at hi; bisect for the jump.
  let lo = wall - Math.max(...offsets);
  let hi = wall - Math.min(...offsets);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClock(fmt, mid) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Local wall time → UTC ms; `minuteOfDay` may be 1440 (next local midnight). Gap and overlap rules as above. */
export function zonedToUtc(year: number, month: number, day: number, minuteOfDay: number, timeZone: string): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return cachedWallToUtc(timeZone, d.getTime() + minuteOfDay * MINUTE);
}
