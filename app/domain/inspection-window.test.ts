import { describe, expect, it } from "vitest";

import {
  decidingGrade,
  expectedIlacsInspectionWindow,
  expectedNextInspection,
  ilacsGrade,
  inspectionWindowPhase,
} from "./inspection-window";

describe("expectedIlacsInspectionWindow", () => {
  it("is six months either side of the third anniversary", () => {
    expect(expectedIlacsInspectionWindow("2022-03-18")).toEqual({
      opens: "2024-09-18",
      anniversary: "2025-03-18",
      closes: "2025-09-18",
    });
  });

  it("clamps to month ends", () => {
    expect(expectedIlacsInspectionWindow("2021-08-31")).toEqual({
      opens: "2024-02-29",
      anniversary: "2024-08-31",
      closes: "2025-02-28",
    });
    expect(expectedIlacsInspectionWindow("2020-02-29").anniversary).toBe("2023-02-28");
  });

  it("rejects a malformed date", () => {
    expect(() => expectedIlacsInspectionWindow("2022-02-30")).toThrow(/Invalid calendar date/);
  });
});

describe("inspectionWindowPhase", () => {
  const window = expectedIlacsInspectionWindow("2022-03-18");

  it.each([
    ["2024-09-17", "before_window"],
    ["2024-09-18", "in_window"],
    ["2025-03-18", "in_window"],
    ["2025-09-18", "in_window"],
    ["2025-09-19", "past_window"],
  ] as const)("%s is %s", (today, phase) => {
    expect(inspectionWindowPhase(window, today)).toBe(phase);
  });
});

describe("what comes after an inspection, by its judgement", () => {
  it("reads grades as reports print them", () => {
    expect(ilacsGrade("Requires improvement to be good")).toBe("requires_improvement");
    expect(ilacsGrade(" Inadequate ")).toBe("inadequate");
    expect(ilacsGrade("Good")).toBe("good");
    expect(ilacsGrade("Outstanding")).toBe("outstanding");
    expect(ilacsGrade("Adequate")).toBeNull();
    expect(ilacsGrade(null)).toBeNull();
  });

  it("takes the overall effectiveness judgement, or the lowest where the report gives none (from April 2026)", () => {
    expect(
      decidingGrade([
        { area: "The impact of leaders on social work practice with children and families", grade: "Inadequate" },
        { area: "Overall effectiveness", grade: "Requires improvement to be good" },
      ]),
    ).toBe("requires_improvement");
    expect(
      decidingGrade([
        { area: "The experiences and progress of children in care", grade: "Good" },
        { area: "The experiences and progress of care leavers", grade: "Inadequate" },
      ]),
    ).toBe("inadequate");
    expect(decidingGrade([])).toBeNull();
  });

  it("expects a short inspection in the window after Good or Outstanding, a standard one after Requires improvement", () => {
    const good = expectedNextInspection("2024-07-12", "good");
    expect(good).toMatchObject({ kind: "short", window: { opens: "2027-01-12", closes: "2028-01-12" } });
    expect(good.source).toMatch(/Inspecting local authority children's services/);
    expect(expectedNextInspection("2024-07-12", "outstanding").kind).toBe("short");
    expect(expectedNextInspection("2024-07-12", "requires_improvement")).toMatchObject({
      kind: "standard",
      window: { anniversary: "2027-07-12" },
    });
  });

  it("gives no window after Inadequate: monitoring visits, then re-inspection when Ofsted decides", () => {
    const inadequate = expectedNextInspection("2024-07-12", "inadequate");
    expect(inadequate).toMatchObject({ kind: "monitoring", window: null });
    expect(inadequate.expectation).toMatch(/Monitoring visits/);
    expect(inadequate.rule).toMatch(/no three-year window/);
  });

  it("shows the usual window, saying why, when the judgement is not recorded", () => {
    expect(expectedNextInspection("2024-07-12", null)).toMatchObject({
      kind: "unknown",
      window: { opens: "2027-01-12" },
    });
  });
});
