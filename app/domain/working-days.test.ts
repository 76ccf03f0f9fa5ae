import { describe, expect, it } from "vitest";

import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from "./bank-holidays";
import {
  PRIORITY_ACTION_PLAN_WORKING_DAYS,
  STATEMENT_OF_ACTION_WORKING_DAYS,
  addWorkingDays,
  isWorkingDay,
  statementOfActionDeadline,
  workingDaysBetween,
} from "./working-days";

describe("isWorkingDay", () => {
  it("is Monday to Friday except bank holidays", () => {
    expect(isWorkingDay("2024-07-01")).toBe(true); // Monday
    expect(isWorkingDay("2024-07-05")).toBe(true); // Friday
    expect(isWorkingDay("2024-07-06")).toBe(false); // Saturday
    expect(isWorkingDay("2024-07-07")).toBe(false); // Sunday
    expect(isWorkingDay("2024-12-25")).toBe(false);
    expect(isWorkingDay("2024-12-24")).toBe(true); // Christmas Eve is not a bank holiday
    expect(isWorkingDay("2024-03-29")).toBe(false); // Good Friday
    expect(isWorkingDay("2024-04-01")).toBe(false); // Easter Monday
    expect(isWorkingDay("2022-09-19")).toBe(false); // state funeral
    expect(isWorkingDay("2021-12-28")).toBe(false); // substitute Boxing Day
  });

  it("throws outside the bank holiday table rather than guess", () => {
    expect(() => isWorkingDay("2008-12-31")).toThrow(/bank holiday table covers 2009-2030/);
    expect(() => isWorkingDay("2031-01-02")).toThrow(/bank holiday table covers 2009-2030/);
    expect(() => isWorkingDay("2024-02-30")).toThrow(/Invalid calendar date/);
  });
});

describe("addWorkingDays", () => {
  it("counts day 1 as the first working day after the start", () => {
    expect(addWorkingDays("2024-07-01", 1)).toBe("2024-07-02"); // Mon -> Tue
    expect(addWorkingDays("2024-07-05", 1)).toBe("2024-07-08"); // Fri -> Mon
    expect(addWorkingDays("2024-07-06", 1)).toBe("2024-07-08"); // Sat -> Mon
    expect(addWorkingDays("2024-07-01", 5)).toBe("2024-07-08");
    expect(addWorkingDays("2024-07-01", 0)).toBe("2024-07-01");
    expect(addWorkingDays("2024-07-06", 0)).toBe("2024-07-06");
  });

  it("skips Christmas, Boxing Day and New Year", () => {
    expect(addWorkingDays("2024-12-24", 1)).toBe("2024-12-27");
    expect(addWorkingDays("2024-12-20", 5)).toBe("2024-12-31");
    expect(addWorkingDays("2024-12-20", 6)).toBe("2025-01-02"); // across the year end
    // 2021: Christmas and Boxing Day on the weekend, substitute days Mon 27 and Tue 28.
    expect(addWorkingDays("2021-12-24", 1)).toBe("2021-12-29");
    // 2022: New Year's Day on a Sunday, substitute Monday 3 January.
    expect(addWorkingDays("2021-12-31", 1)).toBe("2022-01-04");
  });

  it("skips Easter", () => {
    expect(addWorkingDays("2024-03-28", 1)).toBe("2024-04-02"); // Maundy Thursday -> Tuesday
    expect(addWorkingDays("2025-04-17", 1)).toBe("2025-04-22");
  });

  it("goes backwards for negative counts", () => {
    expect(addWorkingDays("2024-04-02", -1)).toBe("2024-03-28");
    expect(addWorkingDays("2024-07-08", -1)).toBe("2024-07-05");
    expect(addWorkingDays("2024-07-07", -1)).toBe("2024-07-05");
  });

  it("throws when the count runs past the table or is not whole", () => {
    expect(() => addWorkingDays("2030-12-20", 10)).toThrow(/bank holiday table covers 2009-2030/);
    expect(() => addWorkingDays("2009-01-05", -5)).toThrow(/bank holiday table covers 2009-2030/);
    expect(() => addWorkingDays("2008-12-01", 1)).toThrow(/bank holiday table covers 2009-2030/);
    expect(() => addWorkingDays("2024-07-01", 1.5)).toThrow(/whole number/);
  });
});

describe("workingDaysBetween", () => {
  it("counts working days after `from` up to and including `to`", () => {
    expect(workingDaysBetween("2024-07-01", "2024-07-01")).toBe(0);
    expect(workingDaysBetween("2024-07-01", "2024-07-02")).toBe(1);
    expect(workingDaysBetween("2024-07-05", "2024-07-08")).toBe(1);
    expect(workingDaysBetween("2024-07-01", "2024-07-08")).toBe(5);
    expect(workingDaysBetween("2024-12-20", "2025-01-02")).toBe(6);
    expect(workingDaysBetween("2024-07-08", "2024-07-01")).toBe(-5);
  });

  it("counts a whole year's working days (weekdays less weekday bank holidays)", () => {
    // 2024: 262 weekdays, 8 bank holidays all on weekdays.
    expect(workingDaysBetween("2023-12-31", "2024-12-31")).toBe(254);
    // 2022: 260 weekdays, 10 bank holidays (jubilee, funeral, substitutes) all on weekdays.
    expect(workingDaysBetween("2021-12-31", "2022-12-31")).toBe(250);
  });

  it("is the inverse of addWorkingDays (property check over many start dates)", () => {
    for (let i = 0; i < 400; i++) {
      const start = addCalendarDays("2019-06-03", i * 7 + (i % 7));
      for (const n of [-25, -3, -1, 0, 1, 2, 5, 20, 70]) {
        const end = addWorkingDays(start, n);
        expect(workingDaysBetween(start, end), `${start} ${n}`).toBe(n);
        if (n !== 0) expect(isWorkingDay(end), `${start} ${n}`).toBe(true);
      }
    }
  });

  it("agrees with a brute-force count over the whole table", () => {
    const holidays = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS);
    let expected = 0;
    for (let date = "2009-01-01"; date <= "2030-12-31"; date = addCalendarDays(date, 1)) {
      const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (dow !== 0 && dow !== 6 && !holidays.has(date)) expected++;
    }
    // from 2009-01-01 excludes that day, which is a bank holiday anyway.
    expect(workingDaysBetween("2009-01-01", "2030-12-31")).toBe(expected);
  });
});

describe("statementOfActionDeadline", () => {
  it("uses 70 working days, or 20 for priority action", () => {
    expect(STATEMENT_OF_ACTION_WORKING_DAYS).toBe(70);
    expect(PRIORITY_ACTION_PLAN_WORKING_DAYS).toBe(20);
  });

  it("gives 2 December 2024 for a report received on Friday 23 August 2024", () => {
    // By hand: Mon 26 Aug is the summer bank holiday; Tue 27-Fri 30 Aug = 4; thirteen full
    // weeks 2 Sep-29 Nov = 65 (69); Mon 2 Dec = 70.
    expect(statementOfActionDeadline("2024-08-23")).toBe("2024-12-02");
  });

  it("counts across Christmas and New Year for a priority action plan", () => {
    // By hand from Tue 10 Dec 2024: 11-13 Dec = 3; 16-20 = 8; 23-24 = 10; (25, 26 holidays)
    // 27 = 11; 30-31 = 13; (1 Jan holiday) 2-3 Jan = 15; 6-10 Jan = 20.
    expect(statementOfActionDeadline("2024-12-10", { priorityAction: true })).toBe("2025-01-10");
  });

  it("counts across Easter", () => {
    // From Fri 1 Mar 2024: 4-8 Mar = 5; 11-15 = 10; 18-22 = 15; 25-28 = 19 (29 Good Friday,
    // 1 Apr Easter Monday); Tue 2 Apr = 20.
    expect(statementOfActionDeadline("2024-03-01", { priorityAction: true })).toBe("2024-04-02");
  });

  it("counts a 2022 report across the jubilee and the state funeral", () => {
    // From Fri 20 May 2022: 23-27 May = 5; 30 May-1 Jun = 8 (2, 3 Jun jubilee); 6-10 Jun = 13;
    // 13-17 = 18; 20-21 = 20.
    expect(statementOfActionDeadline("2022-05-20", { priorityAction: true })).toBe("2022-06-21");
    // From Fri 9 Sep 2022: 12-16 = 5; (19 funeral) 20-23 = 9; 26-30 = 14; 3-7 Oct = 19; 10 Oct = 20.
    expect(statementOfActionDeadline("2022-09-09", { priorityAction: true })).toBe("2022-10-10");
  });

  it("counts from a report received at the weekend as from that day", () => {
    expect(statementOfActionDeadline("2024-08-24")).toBe("2024-12-02");
    expect(statementOfActionDeadline("2024-08-25")).toBe("2024-12-02");
  });
});

function addCalendarDays(iso: string, days: number): string {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
