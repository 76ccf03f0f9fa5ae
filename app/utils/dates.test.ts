import { describe, expect, it } from "vitest";

import { addDays } from "date-fns";
import {
  addDaysIso,
  assertIsoDate,
  formatDate,
  formatDateTime,
  isValidIsoDate,
  londonDateOf,
  parseDateParts,
  parseIsoDate,
  parseUkDate,
  toIsoDate,
  todayInLondon,
} from "./dates";

describe("isValidIsoDate", () => {
  it("accepts real dates written YYYY-MM-DD", () => {
    expect(isValidIsoDate("2024-07-01")).toBe(true);
    expect(isValidIsoDate("2024-02-29")).toBe(true);
    expect(isValidIsoDate("2000-02-29")).toBe(true);
  });

  it.each([
    "2023-02-29",
    "1900-02-29",
    "2024-02-30",
    "2024-04-31",
    "2024-13-01",
    "2024-00-10",
    "2024-07-00",
    "2024-7-1",
    "01/07/2024",
    "2024-07-01T00:00:00Z",
    " 2024-07-01",
    "",
  ])("rejects %j", (input) => {
    expect(isValidIsoDate(input)).toBe(false);
  });
});

describe("parseIsoDate and toIsoDate", () => {
  it("round-trip every day of 2009-2030", () => {
    const date = parseIsoDate("2009-01-01");
    let count = 0;
    while (date.getFullYear() <= 2030) {
      const iso = toIsoDate(date);
      expect(toIsoDate(parseIsoDate(iso))).toBe(iso);
      date.setDate(date.getDate() + 1);
      count++;
    }
    expect(count).toBe(8035);
  });

  it("throws on a malformed date", () => {
    expect(() => parseIsoDate("2024-02-30")).toThrow(/Invalid calendar date "2024-02-30"/);
  });
});

describe("assertIsoDate and addDaysIso (remembered answers)", () => {
  it("rejects a bad date every time it is asked, and accepts a real one every time", () => {
    for (let i = 0; i < 3; i++) {
      expect(() => assertIsoDate("2024-02-30")).toThrow(/Invalid calendar date/);
      expect(() => assertIsoDate("2024-2-3")).toThrow(/Invalid calendar date/);
      expect(() => assertIsoDate("2024-02-29")).not.toThrow();
    }
  });

  it("moves a date by calendar days as date-fns does, across months, years and clock changes", () => {
    const cases: [string, number][] = [
      ["2024-01-31", 1],
      ["2024-02-28", 1],
      ["2023-12-31", 1],
      ["2025-03-30", 0],
      ["2025-03-29", 1],
      ["2025-10-25", 2],
      ["2025-01-10", -14],
      ["2024-03-01", -1],
    ];
    for (const [date, days] of cases) {
      const expected = toIsoDate(addDays(parseIsoDate(date), days));
      expect(addDaysIso(date, days)).toBe(expected);
      expect(addDaysIso(date, days)).toBe(expected);
    }
    expect(() => addDaysIso("2025-02-29", 1)).toThrow(/Invalid calendar date/);
  });
});

describe("formatDate", () => {
  it.each([
    ["2024-07-01", "1 July 2024"],
    ["2024-12-25", "25 December 2024"],
    ["2009-01-09", "9 January 2009"],
    ["2024-02-29", "29 February 2024"],
    ["2030-09-30", "30 September 2030"],
  ])("%s -> %s", (input, expected) => {
    expect(formatDate(input)).toBe(expected);
  });

  it("uses the fallback for a missing date", () => {
    expect(formatDate(null)).toBe("");
    expect(formatDate(undefined, "No date set")).toBe("No date set");
    expect(formatDate("", "Not set")).toBe("Not set");
  });

  it("throws on a malformed date rather than print nonsense", () => {
    expect(() => formatDate("2024-02-30")).toThrow(/Cannot format/);
    expect(() => formatDate("1/7/2024")).toThrow(/Cannot format/);
  });
});

describe("formatDateTime", () => {
  it.each([
    ["2024-07-01T13:05:00Z", "1 July 2024 at 2:05pm"], // BST
    ["2024-01-03T09:30:00Z", "3 January 2024 at 9:30am"], // GMT
    ["2024-07-01T11:00:00Z", "1 July 2024 at midday"],
    ["2024-01-01T00:00:00Z", "1 January 2024 at midnight"],
    ["2024-06-30T23:30:00Z", "1 July 2024 at 12:30am"], // after midnight in London, still 30 June in UTC
    ["2024-07-01T12:59:59.999Z", "1 July 2024 at 1:59pm"],
    ["2024-07-01T14:05:00+01:00", "1 July 2024 at 2:05pm"],
    ["2024-03-31T00:59:00Z", "31 March 2024 at 12:59am"], // last GMT minute before the clocks go forward
    ["2024-03-31T01:00:00Z", "31 March 2024 at 2:00am"],
    ["2024-10-27T00:30:00Z", "27 October 2024 at 1:30am"], // BST
    ["2024-10-27T01:30:00Z", "27 October 2024 at 1:30am"], // GMT, after the clocks go back
  ])("%s -> %s", (input, expected) => {
    expect(formatDateTime(input)).toBe(expected);
  });

  it("refuses an instant without a zone or offset", () => {
    expect(() => formatDateTime("2024-07-01T14:05:00")).toThrow(/Invalid instant/);
    expect(() => formatDateTime("2024-07-01")).toThrow(/Invalid instant/);
    expect(() => formatDateTime("not a date")).toThrow(/Invalid instant/);
  });
});

describe("todayInLondon and londonDateOf", () => {
  it("gives the London calendar date, not the UTC one", () => {
    expect(todayInLondon(new Date("2024-06-30T23:30:00Z"))).toBe("2024-07-01"); // BST
    expect(todayInLondon(new Date("2024-12-31T23:30:00Z"))).toBe("2024-12-31"); // GMT
    expect(todayInLondon(new Date("2025-01-01T00:00:00Z"))).toBe("2025-01-01");
    expect(londonDateOf("2024-03-30T23:59:59Z")).toBe("2024-03-30");
    expect(londonDateOf("2024-10-26T23:30:00Z")).toBe("2024-10-27");
  });

  it("reads the clock when not given a time", () => {
    expect(isValidIsoDate(todayInLondon())).toBe(true);
  });
});

describe("parseUkDate", () => {
  it.each([
    ["01/07/2024", "2024-07-01"],
    ["1/7/2024", "2024-07-01"],
    ["1-7-2024", "2024-07-01"],
    ["1.7.2024", "2024-07-01"],
    [" 01 / 07 / 2024 ", "2024-07-01"],
    ["1 July 2024", "2024-07-01"],
    ["1 Jul 2024", "2024-07-01"],
    ["1 jul. 2024", "2024-07-01"],
    ["1st July 2024", "2024-07-01"],
    ["22nd September 2023", "2023-09-22"],
    ["22 Sept 2023", "2023-09-22"],
    ["3 June, 2024", "2024-06-03"],
    ["Monday 1 July 2024", "2024-07-01"],
    ["Mon, 1 July 2024", "2024-07-01"],
    ["Tues 2 July 2024", "2024-07-02"],
    ["2024-07-01", "2024-07-01"],
    ["29/02/2024", "2024-02-29"],
    ["31/12/2030", "2030-12-31"],
  ])("%j -> %s", (input, expected) => {
    expect(parseUkDate(input)).toBe(expected);
  });

  it.each([
    "31/02/2024",
    "29/02/2023",
    "2024-02-30",
    "31 April 2024",
    "13/13/2024",
    "0/7/2024",
    "1/7/24", // two-digit year: ambiguous
    "07/01/2024x",
    "1/7-2024", // mixed separators
    "1 Julember 2024",
    "July 1 2024", // month first is US order
    "Tuesday 1 July 2024", // 1 July 2024 was a Monday
    "Monfoo 1 July 2024",
    "",
    "   ",
    "today",
  ])("rejects %j", (input) => {
    expect(parseUkDate(input)).toBeNull();
  });

  it("round-trips every formatted date", () => {
    for (let month = 1; month <= 12; month++) {
      for (let day = 1; day <= 31; day++) {
        const iso = `2024-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
        if (!isValidIsoDate(iso)) {
          expect(parseUkDate(`${day}/${month}/2024`), iso).toBeNull();
          continue;
        }
        expect(parseUkDate(formatDate(iso)), iso).toBe(iso);
        expect(parseUkDate(`${day}/${month}/2024`), iso).toBe(iso);
      }
    }
  });
});

describe("parseDateParts", () => {
  it("reads a GOV.UK date input", () => {
    expect(parseDateParts({ day: "1", month: "7", year: "2024" })).toBe("2024-07-01");
    expect(parseDateParts({ day: " 01 ", month: "07", year: "2024" })).toBe("2024-07-01");
    expect(parseDateParts({ day: "1", month: "July", year: "2024" })).toBe("2024-07-01");
    expect(parseDateParts({ day: "1", month: "jul", year: "2024" })).toBe("2024-07-01");
  });

  it("rejects incomplete or impossible dates", () => {
    expect(parseDateParts({ day: "31", month: "2", year: "2024" })).toBeNull();
    expect(parseDateParts({ day: "", month: "7", year: "2024" })).toBeNull();
    expect(parseDateParts({ day: "1", month: "7", year: "24" })).toBeNull();
    expect(parseDateParts({ day: "1", month: "Julember", year: "2024" })).toBeNull();
  });
});
