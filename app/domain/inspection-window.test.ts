import { describe, expect, it } from "vitest";

import { expectedIlacsInspectionWindow, inspectionWindowPhase } from "./inspection-window";

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
