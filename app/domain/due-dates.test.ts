import { describe, expect, it } from "vitest";

import {
  BASIS_KIND_LABELS,
  DEFAULT_IMMEDIATE_GRACE_DAYS,
  DUE_DATE_RULES,
  computeDueDate,
  describeDueDateRule,
  type Timescale,
} from "./due-dates";

const grace = DEFAULT_IMMEDIATE_GRACE_DAYS;

function due(timescale: Timescale, basisDate: string | null, immediateGraceDays = grace) {
  return computeDueDate({ timescale, basisDate, immediateGraceDays });
}

describe("computeDueDate", () => {
  it("defaults the immediate grace to 28 days", () => {
    expect(DEFAULT_IMMEDIATE_GRACE_DAYS).toBe(28);
  });

  it.each([
    // [basis, timescale, expected]
    ["2024-08-31", "six_months", "2025-02-28"], // clamps to the end of February
    ["2023-08-31", "six_months", "2024-02-29"], // leap year
    ["2024-08-30", "six_months", "2025-02-28"],
    ["2024-11-30", "three_months", "2025-02-28"],
    ["2023-11-30", "three_months", "2024-02-29"],
    ["2024-11-29", "three_months", "2025-02-28"],
    ["2024-05-31", "three_months", "2024-08-31"],
    ["2024-03-31", "three_months", "2024-06-30"],
    ["2024-01-15", "three_months", "2024-04-15"],
    ["2024-10-15", "three_months", "2025-01-15"], // across a year end
    ["2024-07-01", "six_months", "2025-01-01"],
    ["2012-02-29", "six_months", "2012-08-29"],
  ] as const)("%s %s -> %s", (basis, timescale, expected) => {
    expect(due(timescale, basis).dueDate).toBe(expected);
  });

  it("adds calendar months the way date-fns addMonths does: 31 Jan + 1 month is the end of February", () => {
    // No recommendation has a one-month timescale, but the clamp is the same one the
    // three- and six-month rules rely on: 31 Oct + 3 months lands on 31 Jan, 30 Nov on 28/29 Feb.
    expect(due("three_months", "2023-10-31").dueDate).toBe("2024-01-31");
    expect(due("three_months", "2023-11-30").dueDate).toBe("2024-02-29");
    expect(due("six_months", "2023-08-31").dueDate).toBe("2024-02-29");
    expect(due("six_months", "2099-08-31").dueDate).toBe("2100-02-28"); // 2100 is not a leap year
    expect(due("six_months", "2399-08-31").dueDate).toBe("2400-02-29"); // 2400 is
  });

  it("gives immediately basis + grace days, across month and year ends", () => {
    expect(due("immediately", "2024-07-01")).toEqual({ dueDate: "2024-07-29", rule: "immediately_plus_grace" });
    expect(due("immediately", "2024-01-31").dueDate).toBe("2024-02-28");
    expect(due("immediately", "2024-02-15").dueDate).toBe("2024-03-14"); // 29 Feb counted
    expect(due("immediately", "2023-02-15").dueDate).toBe("2023-03-15");
    expect(due("immediately", "2024-12-20").dueDate).toBe("2025-01-17");
    expect(due("immediately", "2024-12-20", 14).dueDate).toBe("2025-01-03");
    expect(due("immediately", "2024-12-20", 0).dueDate).toBe("2024-12-20");
  });

  it("is not thrown by clock changes (BST starts 31 Mar 2024, ends 27 Oct 2024)", () => {
    expect(due("immediately", "2024-03-30", 1).dueDate).toBe("2024-03-31");
    expect(due("immediately", "2024-03-31", 1).dueDate).toBe("2024-04-01");
    expect(due("immediately", "2024-10-26", 2).dueDate).toBe("2024-10-28");
    expect(due("three_months", "2024-12-31").dueDate).toBe("2025-03-31");
  });

  it("records the rule used", () => {
    expect(due("three_months", "2024-01-15").rule).toBe("three_months");
    expect(due("six_months", "2024-01-15").rule).toBe("six_months");
  });

  it("gives no due date when the report gives no timescale, whatever the basis", () => {
    expect(due(null, "2024-07-01")).toEqual({ dueDate: null, rule: "no_timescale" });
    expect(due(null, null)).toEqual({ dueDate: null, rule: "no_timescale" });
  });

  it("gives no due date when the basis date is unknown", () => {
    expect(due("immediately", null)).toEqual({ dueDate: null, rule: "no_basis" });
    expect(due("three_months", null)).toEqual({ dueDate: null, rule: "no_basis" });
    expect(due("six_months", null)).toEqual({ dueDate: null, rule: "no_basis" });
  });

  it("rejects an invalid basis date or grace", () => {
    expect(() => due("three_months", "2024-02-30")).toThrow(/Invalid calendar date/);
    expect(() => due("three_months", "1/7/2024")).toThrow(/Invalid calendar date/);
    expect(() => due("immediately", "2024-07-01", -1)).toThrow(/immediateGraceDays/);
    expect(() => due("immediately", "2024-07-01", 1.5)).toThrow(/immediateGraceDays/);
  });

  it("never moves a due date earlier than the basis, and months land on the same day or the month end", () => {
    for (let year = 2009; year <= 2030; year++) {
      for (let month = 1; month <= 12; month++) {
        for (const day of [1, 15, 28, 29, 30, 31]) {
          const basis = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
          const jsDate = new Date(year, month - 1, day);
          if (jsDate.getMonth() !== month - 1) continue; // not a real date
          for (const [timescale, months] of [
            ["three_months", 3],
            ["six_months", 6],
          ] as const) {
            const result = due(timescale, basis).dueDate!;
            expect(result > basis).toBe(true);
            const [y, m, d] = result.split("-").map(Number);
            expect((y - year) * 12 + (m - month)).toBe(months);
            const lastDayOfTargetMonth = new Date(y, m, 0).getDate();
            expect(d).toBe(Math.min(day, lastDayOfTargetMonth));
          }
        }
      }
    }
  });
});

describe("describeDueDateRule", () => {
  it("describes each rule without a basis kind", () => {
    expect(describeDueDateRule("immediately_plus_grace", 28)).toBe("Basis date + 28 days (immediately)");
    expect(describeDueDateRule("immediately_plus_grace", 1)).toBe("Basis date + 1 day (immediately)");
    expect(describeDueDateRule("three_months", 28)).toBe("Basis date + 3 months");
    expect(describeDueDateRule("six_months", 28)).toBe("Basis date + 6 months");
    expect(describeDueDateRule("no_timescale", 28)).toBe("No timescale in the report: the lead sets a target date");
    expect(describeDueDateRule("no_basis", 28)).toBe("No due date: basis date not recorded");
  });

  it("names the basis when given", () => {
    expect(describeDueDateRule("three_months", 28, "publication")).toBe("Publication date + 3 months");
    expect(describeDueDateRule("six_months", 28, "received")).toBe("Date report received + 6 months");
    expect(describeDueDateRule("immediately_plus_grace", 14, "inspection_end")).toBe(
      "End of inspection + 14 days (immediately)",
    );
    expect(describeDueDateRule("no_basis", 28, "publication")).toBe("No due date: publication date not recorded");
  });

  it("has a description for every rule and a label for every basis kind", () => {
    for (const rule of DUE_DATE_RULES) expect(describeDueDateRule(rule, 28).length).toBeGreaterThan(0);
    expect(Object.keys(BASIS_KIND_LABELS).sort()).toEqual(["inspection_end", "publication", "received"]);
  });
});
