import { describe, expect, it } from "vitest";
import { actionTitleFromRecommendation, assignReferences } from "./references";

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
