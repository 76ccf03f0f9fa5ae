import { describe, expect, it } from "vitest";

import {
  BANK_HOLIDAY_TABLE_RANGE,
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  isBankHoliday,
  isInBankHolidayTableRange,
} from "./bank-holidays";

// An independent generator: Easter by the anonymous Gregorian computus plus the standing
// England and Wales rules. UTC arithmetic, so it shares no code with the app's date helpers.

function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function plusDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/** Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month, day);
}

function firstMonday(year: number, month: number): Date {
  const first = utc(year, month, 1);
  return plusDays(first, (8 - first.getUTCDay()) % 7);
}

function lastMonday(year: number, month: number): Date {
  const last = utc(year, month + 1, 0);
  return plusDays(last, -((last.getUTCDay() + 6) % 7));
}

function byRules(year: number): string[] {
  const newYear = utc(year, 1, 1);
  const newYearDow = newYear.getUTCDay();
  const newYearObserved = newYearDow === 6 ? plusDays(newYear, 2) : newYearDow === 0 ? plusDays(newYear, 1) : newYear;

  const easter = easterSunday(year);

  // Christmas and Boxing Day: a holiday falling at the weekend moves to the next free weekday.
  const christmasDays: Date[] = [];
  for (const day of [25, 26]) {
    let date = utc(year, 12, day);
    while (
      date.getUTCDay() === 0 ||
      date.getUTCDay() === 6 ||
      christmasDays.some((taken) => taken.getTime() === date.getTime())
    ) {
      date = plusDays(date, 1);
    }
    christmasDays.push(date);
  }

  return [
    newYearObserved,
    plusDays(easter, -2),
    plusDays(easter, 1),
    firstMonday(year, 5),
    lastMonday(year, 5),
    lastMonday(year, 8),
    ...christmasDays,
  ]
    .map(iso)
    .sort();
}

/** Departures from the standing rules, by year. */
const ONE_OFF_CHANGES: Record<number, { removed: string[]; added: string[] }> = {
  2011: { removed: [], added: ["2011-04-29"] }, // royal wedding
  2012: { removed: ["2012-05-28"], added: ["2012-06-04", "2012-06-05"] }, // spring holiday moved; Diamond Jubilee
  2020: { removed: ["2020-05-04"], added: ["2020-05-08"] }, // early May moved to VE Day
  2022: { removed: ["2022-05-30"], added: ["2022-06-02", "2022-06-03", "2022-09-19"] }, // Platinum Jubilee; state funeral
  2023: { removed: [], added: ["2023-05-08"] }, // coronation
};

function tableFor(year: number): string[] {
  return ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((date) => date.startsWith(`${year}-`));
}

const years: number[] = [];
for (let year = BANK_HOLIDAY_TABLE_RANGE.first; year <= BANK_HOLIDAY_TABLE_RANGE.last; year++) years.push(year);

describe("the Easter generator used as a cross-check", () => {
  it("gives the published Easter Sundays", () => {
    const published = [
      "2009-04-12",
      "2010-04-04",
      "2011-04-24",
      "2012-04-08",
      "2013-03-31",
      "2014-04-20",
      "2015-04-05",
      "2016-03-27",
      "2017-04-16",
      "2018-04-01",
      "2019-04-21",
      "2020-04-12",
      "2021-04-04",
      "2022-04-17",
      "2023-04-09",
      "2024-03-31",
      "2025-04-20",
      "2026-04-05",
      "2027-03-28",
      "2028-04-16",
      "2029-04-01",
      "2030-04-21",
    ];
    expect(years.map((year) => iso(easterSunday(year)))).toEqual(published);
  });
});

describe("ENGLAND_AND_WALES_BANK_HOLIDAYS", () => {
  it("covers 2009 to 2030", () => {
    expect(BANK_HOLIDAY_TABLE_RANGE).toEqual({ first: 2009, last: 2030 });
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS[0]).toBe("2009-01-01");
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.at(-1)).toBe("2030-12-26");
  });

  it.each(years.filter((year) => !(year in ONE_OFF_CHANGES)))("matches the standing rules in %i", (year) => {
    expect(tableFor(year)).toEqual(byRules(year));
  });

  it.each(Object.keys(ONE_OFF_CHANGES).map(Number))("matches the rules plus the one-off changes in %i", (year) => {
    const { removed, added } = ONE_OFF_CHANGES[year];
    const expected = [...byRules(year).filter((date) => !removed.includes(date)), ...added].sort();
    expect(tableFor(year)).toEqual(expected);
  });

  it("includes every one-off holiday", () => {
    for (const date of [
      "2011-04-29",
      "2012-06-04",
      "2012-06-05",
      "2020-05-08",
      "2022-06-02",
      "2022-06-03",
      "2022-09-19",
      "2023-05-08",
    ]) {
      expect(isBankHoliday(date), date).toBe(true);
    }
    for (const date of ["2012-05-28", "2020-05-04", "2022-05-30"]) expect(isBankHoliday(date), date).toBe(false);
  });

  it("includes substitute days", () => {
    // Christmas on a Saturday (2010, 2021), a Sunday (2011, 2016, 2022), New Year at the weekend.
    for (const date of [
      "2010-12-27",
      "2010-12-28",
      "2021-12-27",
      "2021-12-28",
      "2011-12-26",
      "2011-12-27",
      "2016-12-27",
      "2022-12-27",
      "2011-01-03",
      "2017-01-02",
      "2022-01-03",
      "2028-01-03",
      "2015-12-28",
      "2020-12-28",
      "2026-12-28",
    ]) {
      expect(isBankHoliday(date), date).toBe(true);
    }
  });

  it("is sorted, has no duplicates and no weekend dates", () => {
    expect([...ENGLAND_AND_WALES_BANK_HOLIDAYS].sort()).toEqual(ENGLAND_AND_WALES_BANK_HOLIDAYS);
    expect(new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS).size).toBe(ENGLAND_AND_WALES_BANK_HOLIDAYS.length);
    for (const date of ENGLAND_AND_WALES_BANK_HOLIDAYS) {
      const [y, m, d] = date.split("-").map(Number);
      expect([0, 6], date).not.toContain(utc(y, m, d).getUTCDay());
    }
  });

  it("has 8 holidays a year, more in years with one-offs", () => {
    const counts = Object.fromEntries(years.map((year) => [year, tableFor(year).length]));
    for (const year of years) {
      const extra = { 2011: 1, 2012: 1, 2022: 2, 2023: 1 }[year] ?? 0;
      expect(counts[year], String(year)).toBe(8 + extra);
    }
  });

  it("cannot be changed at runtime", () => {
    expect(Object.isFrozen(ENGLAND_AND_WALES_BANK_HOLIDAYS)).toBe(true);
  });
});

describe("isInBankHolidayTableRange", () => {
  it("is true only for 2009 to 2030", () => {
    expect(isInBankHolidayTableRange("2008-12-31")).toBe(false);
    expect(isInBankHolidayTableRange("2009-01-01")).toBe(true);
    expect(isInBankHolidayTableRange("2030-12-31")).toBe(true);
    expect(isInBankHolidayTableRange("2031-01-01")).toBe(false);
  });
});
