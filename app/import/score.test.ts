import { describe, expect, it } from "vitest";

import { scoreReport, summariseScores } from "./score";
import type { ParsedRecommendation } from "./types";

const found = (text: string, overrides: Partial<ParsedRecommendation> = {}): ParsedRecommendation => ({
  section: null,
  timescale: null,
  heading: "What needs to improve?",
  priority: false,
  text,
  agencies: [],
  paragraphNumber: null,
  frameworkReferences: [],
  sourceLine: 0,
  ...overrides,
});

describe("scoreReport", () => {
  it("matches items by their text whatever the spacing, and counts what is missing and extra", () => {
    const score = scoreReport(
      [
        { text: "The quality  of plans.", heading: "What needs to improve?", agencies: [] },
        { text: "Supervision.", heading: "What needs to improve?", agencies: [] },
      ],
      [found("The quality of plans."), found("Findings prose swept in.")],
    );
    expect(score).toMatchObject({
      expected: 2,
      found: 2,
      matched: 1,
      missing: ["Supervision."],
      extra: ["Findings prose swept in."],
    });
  });

  it("compares only the fields the expected item gives, and lists disagreements", () => {
    const score = scoreReport(
      [{ text: "Work with the police.", agencies: [], timescale: "immediately" }],
      [found("Work with the police.", { agencies: ["police"], timescale: "immediately", heading: "Anything" })],
    );
    expect(score.fields.heading.compared).toBe(0);
    expect(score.fields.timescale).toEqual({ compared: 1, agreed: 1 });
    expect(score.fields.agencies).toEqual({ compared: 1, agreed: 0 });
    expect(score.mismatches).toEqual([
      { text: "Work with the police.", field: "agencies", expected: [], found: ["police"] },
    ]);
  });

  it("does not match one found item twice", () => {
    const score = scoreReport([{ text: "Same." }, { text: "Same." }], [found("Same.")]);
    expect(score.matched).toBe(1);
    expect(score.missing).toEqual(["Same."]);
  });
});

describe("summariseScores", () => {
  it("gives precision, recall and F1 over all reports, and each field's agreement", () => {
    const summary = summariseScores([
      scoreReport([{ text: "A." }, { text: "B." }], [found("A."), found("B."), found("C.")]),
      scoreReport([{ text: "D.", agencies: ["LSCB"] }], [found("D.", { agencies: ["LSCB"] })]),
    ]);
    expect(summary.precision).toBeCloseTo(3 / 4);
    expect(summary.recall).toBe(1);
    expect(summary.f1).toBeCloseTo((2 * 0.75) / 1.75);
    expect(summary.agencies).toBe(1);
  });

  it("counts a report with nothing expected and nothing found as perfect", () => {
    expect(summariseScores([scoreReport([], [])])).toMatchObject({ precision: 1, recall: 1, f1: 1 });
  });
});
