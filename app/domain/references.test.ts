import { describe, expect, it } from "vitest";
import {
  actionNumber,
  actionReference,
  actionTitleFromRecommendation,
  assignReferences,
  inspectionShortName,
} from "./references";

describe("assignReferences", () => {
  it("counts within section and timescale, in report order", () => {
    expect(
      assignReferences([
        { section: "safeguarding", timescale: "immediately", priority: false },
        { section: "safeguarding", timescale: "three_months", priority: false },
        { section: "safeguarding", timescale: "three_months", priority: false },
        { section: "looked_after_children", timescale: "three_months", priority: false },
        { section: null, timescale: null, priority: false },
        { section: null, timescale: null, priority: true },
        { section: "lscb", timescale: null, priority: false },
      ]),
    ).toEqual(["SG-IM-1", "SG-3M-1", "SG-3M-2", "LAC-3M-1", "R-1", "PA-1", "LSCB-1"]);
  });
});

describe("actionTitleFromRecommendation", () => {
  it("capitalises and keeps the first sentence", () => {
    expect(actionTitleFromRecommendation("ensure that plans are clear. Ensure that they are recorded.")).toBe(
      "Ensure that plans are clear.",
    );
  });
  it("cuts a long sentence at a word", () => {
    const title = actionTitleFromRecommendation("word ".repeat(60), 30);
    expect(title.length).toBeLessThanOrEqual(30);
    expect(title.endsWith("…")).toBe(true);
  });
});

describe("inspectionShortName and actionReference", () => {
  const at = "2026-12-06T09:00:00.000Z";
  it("names an inspection by its kind and the year it was published, else inspected, else imported", () => {
    const none = new Set<string>();
    expect(
      inspectionShortName(
        { kind: "focused_visit", published: "2024-03-01", inspectionEnd: null, inspectionStart: null, importedAt: at },
        none,
      ),
    ).toBe("FV24");
    expect(
      inspectionShortName(
        { kind: "ilacs", published: null, inspectionEnd: "2023-02-10", inspectionStart: "2023-01-30", importedAt: at },
        none,
      ),
    ).toBe("ILACS23");
    expect(
      inspectionShortName(
        { kind: "ilacs_short", published: null, inspectionEnd: null, inspectionStart: null, importedAt: at },
        none,
      ),
    ).toBe("ILACS26");
    expect(
      inspectionShortName(
        { kind: "slac", published: "2011-05-01", inspectionEnd: null, inspectionStart: null, importedAt: at },
        none,
      ),
    ).toBe("SLAC11");
    expect(
      inspectionShortName(
        { kind: "other", published: "2015-05-01", inspectionEnd: null, inspectionStart: null, importedAt: at },
        none,
      ),
    ).toBe("REP15");
  });
  it("tells apart two inspections of the same kind and year in one plan", () => {
    const fv = {
      kind: "focused_visit",
      published: "2024-03-01",
      inspectionEnd: null,
      inspectionStart: null,
      importedAt: at,
    };
    expect(inspectionShortName(fv, new Set(["FV24"]))).toBe("FV24b");
    expect(inspectionShortName(fv, new Set(["FV24", "FV24b"]))).toBe("FV24c");
    expect(inspectionShortName(fv, new Set(["ILACS24"]))).toBe("FV24");
  });
  it("puts the short name before the action's number", () => {
    expect(actionReference("FV24", 0, 1)).toBe("FV24 1.1");
    expect(actionReference("ILACS25", 1, 3)).toBe("ILACS25 2.3");
    expect(actionNumber(1, 3)).toBe("2.3");
  });
});
