import { describe, expect, it } from "vitest";
import {
  calendarDaysBetween,
  inspectionWindowCountdown,
  statementOfActionDue,
  summariseInspectionWindows,
} from "./deadlines";

describe("statementOfActionDue", () => {
  it("counts 20 working days for a focused visit with priority actions across Christmas and New Year", () => {
    // Friday 13 December 2024: 25, 26 December and 1 January are bank holidays, weekends skipped.
    expect(statementOfActionDue("2024-12-13", { priorityAction: true, today: "2024-12-20" })).toEqual({
      deadline: "2025-01-15",
      workingDays: 20,
      workingDaysRemaining: 15,
      calendarDaysRemaining: 26,
    });
  });

  it("counts across Easter and the early May bank holiday", () => {
    // Good Friday 18 April, Easter Monday 21 April, early May bank holiday 5 May 2025.
    expect(statementOfActionDue("2025-04-10", { priorityAction: true, today: "2025-04-10" })?.deadline).toBe(
      "2025-05-13",
    );
  });

  it("starts counting on the next working day when the report arrives at a weekend, over a year end with substitute days", () => {
    // Saturday 19 December 2026; Boxing Day is substituted to Monday 28 December; 1 January 2027 is a Friday.
    expect(statementOfActionDue("2026-12-19", { priorityAction: true, today: "2026-12-19" })?.deadline).toBe(
      "2027-01-20",
    );
  });

  it("counts 70 working days for an ILACS report, skipping the summer bank holiday", () => {
    // Hackney received its 2024 report on Friday 23 August 2024; 26 August is the summer bank holiday,
    // then 13 whole weeks to Friday 29 November (69) and Monday 2 December (70).
    const due = statementOfActionDue("2024-08-23", { priorityAction: false, today: "2024-08-23" });
    expect(due).toMatchObject({ deadline: "2024-12-02", workingDays: 70, workingDaysRemaining: 70 });
  });

  it("keeps a passed deadline for 60 days, negative days showing how late it is, then drops it", () => {
    expect(statementOfActionDue("2024-12-13", { priorityAction: true, today: "2025-03-16" })).toMatchObject({
      calendarDaysRemaining: -60,
    });
    expect(
      statementOfActionDue("2024-12-13", { priorityAction: true, today: "2025-01-16" })?.workingDaysRemaining,
    ).toBe(-1);
    expect(statementOfActionDue("2024-12-13", { priorityAction: true, today: "2025-03-17" })).toBeNull();
  });

  it("gives nothing for dates outside the bank holiday table rather than a wrong deadline", () => {
    expect(statementOfActionDue("2008-06-02", { priorityAction: false, today: "2008-06-02" })).toBeNull();
  });
});

describe("inspectionWindowCountdown", () => {
  it("counts down to the window opening, across a year end", () => {
    expect(inspectionWindowCountdown("2024-07-12", "2026-11-22")).toEqual({
      window: { opens: "2027-01-12", anniversary: "2027-07-12", closes: "2028-01-12" },
      phase: "before_window",
      days: 51,
      counting: "opens",
    });
  });

  it("counts down to the window closing while in it, and up since it closed after", () => {
    expect(inspectionWindowCountdown("2024-07-12", "2027-01-12")).toMatchObject({
      phase: "in_window",
      days: 365,
      counting: "closes",
    });
    expect(inspectionWindowCountdown("2024-07-12", "2027-12-31")).toMatchObject({
      phase: "in_window",
      days: 12,
      counting: "closes",
    });
    expect(inspectionWindowCountdown("2024-07-12", "2028-01-12")).toMatchObject({ phase: "in_window", days: 0 });
    expect(inspectionWindowCountdown("2024-07-12", "2028-01-13")).toMatchObject({
      phase: "past_window",
      days: 1,
      counting: "closed",
    });
  });

  it("counts calendar days, weekends and bank holidays included", () => {
    expect(calendarDaysBetween("2024-12-24", "2025-01-02")).toBe(9);
    expect(calendarDaysBetween("2025-01-02", "2024-12-24")).toBe(-9);
    expect(calendarDaysBetween("2024-02-28", "2024-03-01")).toBe(2);
  });
});

describe("summariseInspectionWindows", () => {
  it("follows the last ILACS judgement: no window after Inadequate", () => {
    const clock = {
      authorityId: 1,
      authorityName: "Hackney",
      receivedApproximated: false,
      priorityAction: false,
      inspectionId: 1,
      kind: "ilacs",
      title: "2024",
      isIlacs: true,
      inspectionDate: "2024-07-12",
      receivedDate: null,
    };
    const [inadequate] = summariseInspectionWindows([{ ...clock, grade: "inadequate" }], "2027-06-01");
    expect(inadequate.next?.kind).toBe("monitoring");
    expect(inadequate.countdown).toBeNull();
    const [ri] = summariseInspectionWindows([{ ...clock, grade: "requires_improvement" }], "2027-06-01");
    expect(ri.next?.kind).toBe("standard");
    expect(ri.countdown).toMatchObject({ phase: "in_window", counting: "closes" });
  });

  const base = { authorityId: 1, authorityName: "Hackney", receivedApproximated: false, priorityAction: false };
  it("takes the latest ILACS for the window and lists only live statement-of-action deadlines", () => {
    const [summary] = summariseInspectionWindows(
      [
        {
          ...base,
          inspectionId: 1,
          kind: "ilacs",
          title: "2021",
          isIlacs: true,
          inspectionDate: "2021-03-05",
          receivedDate: "2021-04-01",
        },
        {
          ...base,
          inspectionId: 2,
          kind: "ilacs",
          title: "2024",
          isIlacs: true,
          inspectionDate: "2024-07-12",
          receivedDate: "2024-12-13",
        },
        {
          ...base,
          inspectionId: 3,
          kind: "focused_visit",
          title: "FV",
          isIlacs: false,
          inspectionDate: "2024-11-01",
          receivedDate: "2024-12-13",
          receivedApproximated: true,
          priorityAction: true,
        },
        {
          ...base,
          inspectionId: 4,
          kind: "focused_visit",
          title: "FV no priority",
          isIlacs: false,
          inspectionDate: "2024-11-01",
          receivedDate: "2024-12-13",
        },
      ],
      "2024-12-20",
    );
    expect(summary.lastIlacs).toEqual({ inspectionId: 2, title: "2024", date: "2024-07-12", grade: null });
    expect(summary.countdown).toMatchObject({ phase: "before_window", window: { opens: "2027-01-12" } });
    expect(summary.deadlines.map((d) => [d.inspectionId, d.deadline, d.workingDays, d.receivedApproximated])).toEqual([
      [3, "2025-01-15", 20, true],
      [2, "2025-03-26", 70, false],
    ]);
  });
});
