import { describe, expect, it } from "vitest";
import { excelSerialToIsoDate, readPlanDate } from "./dates";

describe("excelSerialToIsoDate", () => {
  it("reads serials in the 1900 system, including Lotus's phantom 29 February 1900", () => {
    expect(excelSerialToIsoDate(45474)).toBe("2024-07-01");
    expect(excelSerialToIsoDate(45474.75)).toBe("2024-07-01");
    expect(excelSerialToIsoDate(1)).toBe("1900-01-01");
    expect(excelSerialToIsoDate(59)).toBe("1900-02-28");
    expect(excelSerialToIsoDate(60)).toBeNull();
    expect(excelSerialToIsoDate(61)).toBe("1900-03-01");
    expect(excelSerialToIsoDate(0)).toBeNull();
  });

  it("reads serials in the 1904 system", () => {
    expect(excelSerialToIsoDate(0, true)).toBe("1904-01-01");
    expect(excelSerialToIsoDate(45474 - 1462, true)).toBe("2024-07-01");
  });
});

describe("readPlanDate", () => {
  const date = (d: string) => ({ kind: "date", date: d });
  it.each([
    ["01/07/2024", "2024-07-01"],
    ["1/7/2024", "2024-07-01"],
    ["1.7.2024", "2024-07-01"],
    ["1-7-2024", "2024-07-01"],
    ["1/7/24", "2024-07-01"],
    ["31/03/25", "2025-03-31"],
    ["1 July 2024", "2024-07-01"],
    ["1st July 2024", "2024-07-01"],
    ["Monday 1 July 2024", "2024-07-01"],
    ["1 Jul 2024", "2024-07-01"],
    ["01-Jul-24", "2024-07-01"],
    ["1-Jul-2024", "2024-07-01"],
    ["July 2024", "2024-07-31"],
    ["Feb 2024", "2024-02-29"],
    ["Sept 2024", "2024-09-30"],
    ["Jul-24", "2024-07-31"],
    ["end of March 2025", "2025-03-31"],
    ["By 1 July 2024", "2024-07-01"],
    ["by end July 2024", "2024-07-31"],
    ["2024-07-01", "2024-07-01"],
    ["2024-07-01 00:00:00", "2024-07-01"],
    ["01/07/2024 00:00", "2024-07-01"],
    ["45474", "2024-07-01"],
  ])("reads %s", (text, iso) => {
    expect(readPlanDate(text)).toMatchObject(date(iso));
  });

  it("reads Excel date cells and serial numbers", () => {
    expect(readPlanDate({ d: "2024-07-01" })).toEqual(date("2024-07-01"));
    expect(readPlanDate(45474)).toEqual(date("2024-07-01"));
    expect(readPlanDate(45474 - 1462, true)).toEqual(date("2024-07-01"));
  });

  it("treats blanks and 'no date yet' words as no target date", () => {
    expect(readPlanDate(null)).toEqual({ kind: "none", note: null });
    expect(readPlanDate("  ")).toEqual({ kind: "none", note: null });
    expect(readPlanDate("Ongoing")).toEqual({ kind: "none", note: "Ongoing" });
    expect(readPlanDate("TBC")).toEqual({ kind: "none", note: "TBC" });
  });

  it.each(["31/02/2024", "07/13/2024", "next spring", "Q3 2024", "12", "2024", "1/7", "Smarch 2024"])(
    "refuses %s",
    (text) => {
      expect(readPlanDate(text).kind).toBe("invalid");
    },
  );

  it("refuses numbers that are not plausible dates", () => {
    expect(readPlanDate(3).kind).toBe("invalid");
    expect(readPlanDate(2024).kind).toBe("invalid");
  });
});

describe("readPlanDate: quarters and months", () => {
  it("reads a financial quarter as the last day of that quarter, with a note", () => {
    expect(readPlanDate("Q2 2024/25")).toEqual({
      kind: "date",
      date: "2024-09-30",
      note: "the end of the second quarter of the financial year 2024/25",
    });
    expect(readPlanDate("Q4 2024/25")).toMatchObject({ date: "2025-03-31" });
    expect(readPlanDate("q1 2025-2026")).toMatchObject({ date: "2025-06-30" });
    expect(readPlanDate("2024/25 Q3")).toMatchObject({ date: "2024-12-31" });
    expect(readPlanDate("FY 2099/00 Q4")).toMatchObject({ date: "2100-03-31" });
  });

  it("refuses a quarter that could be a calendar or financial one, or whose years do not follow on", () => {
    expect(readPlanDate("Q2 2024")).toEqual({ kind: "invalid", text: "Q2 2024" });
    expect(readPlanDate("Q2 2024/26")).toEqual({ kind: "invalid", text: "Q2 2024/26" });
  });

  it("notes that a month is read as its last day", () => {
    expect(readPlanDate("March 2025")).toEqual({ kind: "date", date: "2025-03-31", note: "the end of that month" });
  });
});
