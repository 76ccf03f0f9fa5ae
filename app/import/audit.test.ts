import { describe, expect, it } from "vitest";

import { auditReport } from "./audit";
import { normaliseLines } from "./lines";
import type { ParsedRecommendation, ParsedReport } from "./types";

const item = (text: string, overrides: Partial<ParsedRecommendation> = {}): ParsedRecommendation => ({
  section: null,
  timescale: null,
  heading: "Areas for improvement",
  priority: false,
  text,
  agencies: [],
  paragraphNumber: null,
  frameworkReferences: [],
  sourceLine: 10,
  ...overrides,
});

const report = (recommendations: ParsedRecommendation[], overrides: Partial<ParsedReport> = {}): ParsedReport => ({
  title: null,
  localAuthority: "Testshire",
  kind: "sif",
  inspectionStart: null,
  inspectionEnd: null,
  published: null,
  judgements: [],
  recommendations,
  warnings: [],
  ...overrides,
});

const kinds = (found: ReturnType<typeof auditReport>) => found.map((finding) => [finding.kind, finding.item]);

describe("auditReport", () => {
  it("lists nothing for a list no correct extraction would differ from", () => {
    const items = [
      item("Ensure that plans are reviewed."),
      item("Improve the quality of supervision."),
      item("Hackney Borough Council to ensure that records are up to date.", { agencies: ["Hackney Borough Council"] }),
    ];
    expect(auditReport(report(items), normaliseLines("Areas for improvement\n"))).toEqual([]);
  });

  it("finds negative statements, back-references, findings prose and glyphs", () => {
    const items = [
      item("The inspection did not find any areas for priority and immediate action."),
      item("The areas for improvement continue to be those identified at the last inspection."),
      item("The experiences and progress of children who need help and protection: outstanding"),
      item("The quality of plans \uF0A7 and of supervision."),
    ];
    expect(kinds(auditReport(report(items), []))).toEqual([
      ["negative", 0],
      ["back-reference", 1],
      ["findings-prose", 2],
      ["glyph", 3],
    ]);
  });

  it("finds one item split in two, a sub-bullet read as an item and a sub-heading read as an item", () => {
    const split = [item("Ensure that assessments of"), item("children are timely."), item("Improve plans.")];
    expect(kinds(auditReport(report(split), []))).toContainEqual(["split", 0]);
    const sub = [
      item("Improve the quality of pathway planning by:"),
      item("ensuring plans are updated"),
      item("Review."),
    ];
    expect(kinds(auditReport(report(sub), []))).toContainEqual(["split", 1]);
    const heading = [
      item("Ensure that plans are reviewed."),
      item("Planning for children"),
      item("Improve supervision."),
    ];
    expect(kinds(auditReport(report(heading), []))).toContainEqual(["heading-as-item", 1]);
    const glued = [
      item("Ensure that plans are reviewed."),
      item("Ensure that the adoption service improves. Leadership, management and governance"),
      item("Improve supervision."),
    ];
    expect(kinds(auditReport(report(glued), []))).toContainEqual(["trailing-heading", 1]);
  });

  it("finds agencies that are ordinary words and counts no list could hold", () => {
    const agencies = [item("Continue to ensure that recording is good.", { agencies: ["Continue"] })];
    expect(kinds(auditReport(report(agencies), []))).toEqual([["agency", 0]]);
    const many = Array.from({ length: 11 }, (_, index) => item(`The quality of area ${index + 1}.`));
    expect(kinds(auditReport(report(many, { kind: "focused_visit" }), []))).toEqual([["count", null]]);
  });

  it("finds a list heading with nothing under it, unless the report says the list is empty", () => {
    const lines = normaliseLines(
      [
        "Areas for priority action",
        "",
        "There are no priority actions.",
        "",
        "What needs to improve in this area of social work practice",
        "",
        "In locality teams, many assessments do not describe the changes in families.",
      ].join("\n"),
    );
    const found = auditReport(report([], { kind: "focused_visit" }), lines);
    expect(found.map((finding) => finding.kind)).toEqual(["empty-list"]);
    expect(found[0].message).toContain("line 5");
  });

  it("takes one paragraph of comment under the heading, then the next section, for an empty list", () => {
    const lines = normaliseLines(
      [
        "What needs to improve?",
        "",
        "There are an extremely small number of areas of variability in what is otherwise an",
        "exceptional practice.",
        "",
        "The experiences and progress of children who need help and",
        "protection: outstanding",
      ].join("\n"),
    );
    expect(auditReport(report([], { kind: "ilacs_short" }), lines)).toEqual([]);
  });
});
