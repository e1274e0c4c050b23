import { strict as assert } from 'node:assert';
import {
  ALWAYS,
  addBusinessTime,
  businessTimeBetween,
  describeWeek,
  isBusinessTime,
  nextBusinessStart,
  parseDayHours,
  zonedToUtc,
  type Calendar,
  type DayHours,
} from '../../src/domain/business-hours';

const H = 3_600_000;
const MIN = 60_000;
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

// Europe/Chisinau: UTC+2 in winter, UTC+3 in summer; 2027-03-28 02:00→03:00, 2026-10-25 03:00→02:00.
const TZ = 'Europe/Chisinau';
const NINE_TO_SIX: DayHours = { start: 9 * 60, end: 18 * 60 };
const ALL_DAY: DayHours = { start: 0, end: 1440 };
const office: Calendar = {
  timeZone: TZ,
  week: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX },
  holidays: [],
};
const roundTheClock: Calendar = {
  timeZone: TZ,
  week: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
  holidays: [],
};

describe('business hours', () => {
  describe('parseDayHours', () => {
    it('reads HH:MM-HH:MM, one-digit hours and a 24:00 end', () => {
      assert.deepEqual(parseDayHours('09:00-18:00'), { start: 540, end: 1080 });
      assert.deepEqual(parseDayHours('9:00-17:30'), { start: 540, end: 1050 });
      assert.deepEqual(parseDayHours('00:00-24:00'), { start: 0, end: 1440 });
      assert.deepEqual(parseDayHours(' 08:15 – 12:45 '), { start: 495, end: 765 });
    });

    it('rejects bad formats and empty or reversed windows with a RangeError', () => {
      for (const bad of ['', '9-17', '09:00', '09:00-18', '9h-18h', '09:60-10:00', '25:00-26:00', '09:00-24:30', '24:00-24:00']) {
        assert.throws(() => parseDayHours(bad), RangeError, bad);
      }
      assert.throws(() => parseDayHours('09:00-09:00'), /start must be before end/);
      assert.throws(() => parseDayHours('18:00-09:00'), /start must be before end/);
      assert.throws(() => parseDayHours('nine to five'), /expected HH:MM-HH:MM/);
    });
  });

  describe('Mon–Fri 09:00–18:00 in Chisinau (winter, UTC+2)', () => {
    it('carries work over the weekend: Friday 16:00 + 4 h is Monday 11:00', () => {
      assert.equal(iso(addBusinessTime(office, at('2026-11-27T14:00:00Z'), 4 * H)), '2026-11-30T09:00:00.000Z');
    });

    it('counts from Monday 09:00 when started on a Saturday', () => {
      assert.equal(iso(addBusinessTime(office, at('2026-11-28T08:00:00Z'), 3 * H)), '2026-11-30T10:00:00.000Z');
    });

    it('lands on the close of business when the day is used up exactly', () => {
      assert.equal(iso(addBusinessTime(office, at('2026-11-27T14:00:00Z'), 2 * H)), '2026-11-27T16:00:00.000Z');
      // Started at closing time, the next hour is Monday's first.
      assert.equal(iso(addBusinessTime(office, at('2026-11-27T16:00:00Z'), H)), '2026-11-30T08:00:00.000Z');
    });

    it('counts from opening time when started before it', () => {
      assert.equal(iso(addBusinessTime(office, at('2026-11-30T05:00:00Z'), 90 * MIN)), '2026-11-30T08:30:00.000Z');
    });

    it('returns `from` for zero, and rejects negative or non-numeric durations', () => {
      const saturday = at('2026-11-28T08:00:00Z');
      assert.equal(addBusinessTime(office, saturday, 0), saturday);
      assert.throws(() => addBusinessTime(office, saturday, -1), RangeError);
      assert.throws(() => addBusinessTime(office, saturday, NaN), RangeError);
      assert.throws(() => addBusinessTime(office, new Date(NaN), H), RangeError);
    });
  });

  describe('holidays', () => {
    const withHolidays: Calendar = { ...office, holidays: ['2026-12-25', '2027-01-01'] };

    it('skips a holiday Friday', () => {
      // Thursday 17:00 local + 2 h: 1 h on Thursday, Christmas Friday off, 1 h on Monday.
      assert.equal(iso(addBusinessTime(withHolidays, at('2026-12-24T15:00:00Z'), 2 * H)), '2026-12-28T08:00:00.000Z');
      assert.equal(iso(addBusinessTime(withHolidays, at('2026-12-31T15:00:00Z'), 2 * H)), '2027-01-04T08:00:00.000Z');
      assert.equal(isBusinessTime(withHolidays, at('2026-12-25T10:00:00Z')), false);
      assert.equal(isBusinessTime(office, at('2026-12-25T10:00:00Z')), true);
      assert.equal(businessTimeBetween(withHolidays, at('2026-12-24T00:00:00Z'), at('2026-12-29T00:00:00Z')), 18 * H);
    });

    it('rejects a malformed holiday instead of never matching it', () => {
      assert.throws(() => isBusinessTime({ ...office, holidays: ['2026-12-5'] }, at('2026-12-05T10:00:00Z')), /Invalid holiday/);
    });
  });

  describe('daylight saving time', () => {
    it('makes a local 00:00–24:00 day 23 h long in spring and 25 h in autumn', () => {
      assert.equal(businessTimeBetween(roundTheClock, at('2027-03-27T22:00:00Z'), at('2027-03-28T21:00:00Z')), 23 * H);
      assert.equal(businessTimeBetween(roundTheClock, at('2026-10-24T21:00:00Z'), at('2026-10-25T22:00:00Z')), 25 * H);
    });

    it('measures each day window separately when the calendar is not round the clock', () => {
      // Saturday off, so only the changeover Sunday counts between Saturday and Monday midnight.
      const noSaturday: Calendar = { ...roundTheClock, week: { ...roundTheClock.week, sat: undefined } };
      assert.equal(businessTimeBetween(noSaturday, at('2027-03-26T22:00:00Z'), at('2027-03-28T21:00:00Z')), 23 * H);
      assert.equal(businessTimeBetween(noSaturday, at('2026-10-23T21:00:00Z'), at('2026-10-25T22:00:00Z')), 25 * H);
      assert.equal(iso(addBusinessTime(noSaturday, at('2027-03-27T10:00:00Z'), 23 * H)), '2027-03-28T21:00:00.000Z');
    });

    it('lands on the right local hour after a weekend with a clock change', () => {
      // Friday 14:00 +02 + 9 h: 4 h on Friday, 5 h on Monday → 14:00 +03 (11:00Z).
      assert.equal(iso(addBusinessTime(office, at('2027-03-26T12:00:00Z'), 9 * H)), '2027-03-29T11:00:00.000Z');
      // Friday 14:00 +03 + 9 h → Monday 14:00 +02 (12:00Z).
      assert.equal(iso(addBusinessTime(office, at('2026-10-23T11:00:00Z'), 9 * H)), '2026-10-26T12:00:00.000Z');
    });

    it('moves a start inside the spring gap forward to the first instant after it', () => {
      const earlySunday: Calendar = { timeZone: TZ, week: { sun: { start: 150, end: 360 } }, holidays: [] }; // 02:30–06:00
      assert.equal(iso(nextBusinessStart(earlySunday, at('2027-03-27T22:30:00Z'))), '2027-03-28T00:00:00.000Z'); // 03:00 +03
      assert.equal(isBusinessTime(earlySunday, at('2027-03-27T23:59:59.999Z')), false);
      assert.equal(isBusinessTime(earlySunday, at('2027-03-28T00:00:00Z')), true);
      assert.equal(businessTimeBetween(earlySunday, at('2027-03-27T00:00:00Z'), at('2027-03-29T00:00:00Z')), 3 * H);
      assert.equal(zonedToUtc(2027, 3, 28, 150, TZ), Date.parse('2027-03-28T00:00:00Z'));
    });

    it('takes the earlier instant for an ambiguous autumn time', () => {
      const earlySunday: Calendar = { timeZone: TZ, week: { sun: { start: 150, end: 360 } }, holidays: [] };
      // 02:30 happens at 23:30Z (+03) and again at 00:30Z (+02): the first one counts.
      assert.equal(iso(nextBusinessStart(earlySunday, at('2026-10-24T21:00:00Z'))), '2026-10-24T23:30:00.000Z');
      assert.equal(businessTimeBetween(earlySunday, at('2026-10-24T00:00:00Z'), at('2026-10-26T00:00:00Z')), 4.5 * H);
    });
  });

  describe('businessTimeBetween', () => {
    const busy: Calendar = { ...office, week: { ...office.week, sat: { start: 600, end: 840 } }, holidays: ['2026-12-25', '2027-01-01'] };

    it('is the inverse of addBusinessTime, across weekends, holidays and clock changes', () => {
      let seed = 20261127; // fixed Park–Miller generator: the same "random" cases on every run
      const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
      const base = Date.parse('2026-10-01T00:00:00Z');
      for (let i = 0; i < 60; i++) {
        const from = new Date(base + Math.floor(next() * 200 * 24 * H));
        const ms = Math.floor(next() * 60 * H);
        assert.equal(businessTimeBetween(busy, from, addBusinessTime(busy, from, ms)), ms, `${iso(from)} + ${ms}`);
        // The other way round holds for any end inside working time.
        const to = new Date(from.getTime() + Math.floor(next() * 10 * 24 * H));
        const worked = businessTimeBetween(busy, from, to);
        if (worked > 0 && isBusinessTime(busy, to)) assert.equal(iso(addBusinessTime(busy, from, worked)), iso(to));
      }
    });

    it('counts only working time over a weekend', () => {
      // Friday 17:00 to Monday 10:00 local: one hour each side.
      assert.equal(businessTimeBetween(office, at('2026-11-27T15:00:00Z'), at('2026-11-30T08:00:00Z')), 2 * H);
      assert.equal(businessTimeBetween(office, at('2026-11-28T08:00:00Z'), at('2026-11-29T20:00:00Z')), 0);
    });

    it('is 0 for reversed or empty ranges', () => {
      assert.equal(businessTimeBetween(office, at('2026-11-30T10:00:00Z'), at('2026-11-30T09:00:00Z')), 0);
      assert.equal(businessTimeBetween(office, at('2026-11-30T10:00:00Z'), at('2026-11-30T10:00:00Z')), 0);
    });
  });

  describe('isBusinessTime and nextBusinessStart', () => {
    it('includes the opening minute and excludes the closing one', () => {
      assert.equal(isBusinessTime(office, at('2026-11-30T07:00:00Z')), true); // 09:00 local
      assert.equal(isBusinessTime(office, at('2026-11-30T06:59:59.999Z')), false);
      assert.equal(isBusinessTime(office, at('2026-11-30T15:59:59.999Z')), true);
      assert.equal(isBusinessTime(office, at('2026-11-30T16:00:00Z')), false); // 18:00 local
      assert.equal(isBusinessTime(office, at('2026-11-28T10:00:00Z')), false); // Saturday
    });

    it('returns `at` itself inside working time, else the next opening', () => {
      const inside = at('2026-11-30T08:00:00Z');
      assert.equal(nextBusinessStart(office, inside), inside);
      assert.equal(iso(nextBusinessStart(office, at('2026-11-30T05:00:00Z'))), '2026-11-30T07:00:00.000Z');
      assert.equal(iso(nextBusinessStart(office, at('2026-11-27T16:00:00Z'))), '2026-11-30T07:00:00.000Z');
      assert.equal(iso(nextBusinessStart(office, at('2026-11-28T12:00:00Z'))), '2026-11-30T07:00:00.000Z');
    });
  });

  describe('ALWAYS', () => {
    it('is plain arithmetic', () => {
      const from = at('2026-11-28T23:30:00Z');
      assert.equal(iso(addBusinessTime(ALWAYS, from, 90 * MIN)), '2026-11-29T01:00:00.000Z');
      assert.equal(addBusinessTime(ALWAYS, from, 3650 * 24 * H).getTime(), from.getTime() + 3650 * 24 * H);
      assert.equal(businessTimeBetween(ALWAYS, from, at('2027-11-28T23:30:00Z')), 365 * 24 * H);
      assert.equal(isBusinessTime(ALWAYS, from), true);
      assert.equal(nextBusinessStart(ALWAYS, from), from);
    });
  });

  describe('calendars without working time', () => {
    it('throws instead of hanging', () => {
      const closed: Calendar = { timeZone: 'UTC', week: {}, holidays: [] };
      assert.throws(() => nextBusinessStart(closed, at('2026-11-27T15:00:00Z')), /no working time/);
      assert.throws(() => addBusinessTime(closed, at('2026-11-27T15:00:00Z'), H), /no working time/);
      assert.equal(isBusinessTime(closed, at('2026-11-27T15:00:00Z')), false);
      assert.equal(businessTimeBetween(closed, at('2026-11-27T15:00:00Z'), at('2026-11-30T15:00:00Z')), 0);
    });

    it('rejects an unknown zone or invalid day hours', () => {
      assert.throws(() => isBusinessTime({ ...office, timeZone: 'Mars/Olympus' }, at('2026-11-27T15:00:00Z')), RangeError);
      assert.throws(() => isBusinessTime({ ...office, week: { mon: { start: 600, end: 540 } } }, at('2026-11-27T15:00:00Z')), /start must be before end/);
    });
  });

  describe('describeWeek', () => {
    it('groups days with identical hours into ranges', () => {
      const cal: Calendar = { ...office, week: { ...office.week, sat: parseDayHours('10:00-14:00') } };
      assert.equal(describeWeek(cal), 'Mon–Fri 09:00–18:00; Sat 10:00–14:00');
      assert.equal(describeWeek(office), 'Mon–Fri 09:00–18:00');
    });

    it('lists non-adjacent days and names the special cases', () => {
      const h = parseDayHours('8:00-12:00');
      assert.equal(describeWeek({ ...office, week: { mon: h, wed: h, thu: h, sun: NINE_TO_SIX } }), 'Mon, Wed–Thu 08:00–12:00; Sun 09:00–18:00');
      assert.equal(describeWeek(ALWAYS), '24/7');
      assert.equal(describeWeek({ timeZone: 'UTC', week: {}, holidays: [] }), 'no working hours');
    });
  });
});
