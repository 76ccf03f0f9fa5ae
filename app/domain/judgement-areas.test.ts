import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildJudgementTimeline, frameworkOf, gradeOrdinal, mapJudgement, normaliseText } from "./judgement-areas";

describe("gradeOrdinal", () => {
  it("compares every framework's wording on one 1-4 scale", () => {
    expect(gradeOrdinal("Outstanding")).toBe(1);
    expect(gradeOrdinal("Good")).toBe(2);
    for (const g of [
      "Adequate",
      "Requires improvement",
      "Require improvement",
      "Requires improvement to be good",
      "Requires Improvement to be good",
      " requires  improvement to be good ",
    ]) {
      expect(gradeOrdinal(g)).toBe(3);
    }
    expect(gradeOrdinal("Inadequate")).toBe(4);
    expect(gradeOrdinal("Not judged")).toBeNull();
  });
});

describe("frameworkOf", () => {
  it("tells ILACS from April 2026 (no overall effectiveness) apart from earlier ILACS", () => {
    expect(frameworkOf("ilacs", "2026-03-31")).toBe("ilacs");
    expect(frameworkOf("ilacs_short", "2026-04-01")).toBe("ilacs_2026");
    expect(frameworkOf("slac", "2012-06-01")).toBe("slac");
    expect(frameworkOf("focused_visit", "2020-01-01")).toBe("other");
  });
});

describe("mapJudgement", () => {
  it("maps older framework areas to the nearest current ILACS area and says so", () => {
    expect(mapJudgement({ framework: "slac", section: "looked_after_children", area: "Staying safe" })).toEqual({
      to: ["children_in_care"],
      explanation: "SLAC 'Staying safe' (looked after children) → Children in care",
    });
    expect(
      mapJudgement({
        framework: "slac",
        section: "safeguarding",
        area: "Children and young people are safe and feel safe",
      }).to,
    ).toEqual(["help_and_protection"]);
    expect(
      mapJudgement({ framework: "slac", section: "safeguarding", area: "Ambition and prioritisation" }).to,
    ).toEqual(["leaders"]);
    expect(mapJudgement({ framework: "sif", section: null, area: "Leadership, management and governance" }).to).toEqual(
      ["leaders"],
    );
    expect(mapJudgement({ framework: "sif", section: null, area: "Adoption performance" }).to).toEqual([
      "children_in_care",
    ]);
    expect(
      mapJudgement({ framework: "sif", section: null, area: "Experiences and progress of care leavers" }).to,
    ).toEqual(["care_leavers"]);
    expect(
      mapJudgement({
        framework: "ilacs",
        section: null,
        area: "The experiences and progress of children in care and care leavers",
      }).to,
    ).toEqual(["children_in_care", "care_leavers"]);
    expect(mapJudgement({ framework: "sif", section: "lscb", area: "Local Safeguarding Children Board" })).toEqual({
      to: [],
      explanation: "SIF 'Local Safeguarding Children Board' (LSCB) → not mapped",
    });
  });

  it("maps every judgement in the real report fixtures, except the LSCB's", () => {
    const files = ["db/fixtures/reports", "db/fixtures/reports/pdf"].flatMap((dir) =>
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".expected.json"))
        .map((f) => path.join(dir, f)),
    );
    const unmapped: string[] = [];
    for (const file of files) {
      const report = JSON.parse(fs.readFileSync(file, "utf8")) as {
        kind: string;
        inspectionEnd: string | null;
        published: string | null;
        judgements?: { section: string | null; area: string; grade: string }[];
      };
      for (const j of report.judgements ?? []) {
        const framework = frameworkOf(report.kind, report.inspectionEnd ?? report.published);
        expect(gradeOrdinal(j.grade), `${file}: ${j.grade}`).not.toBeNull();
        if (mapJudgement({ framework, ...j }).to.length === 0) unmapped.push(normaliseText(j.area));
      }
    }
    expect(new Set(unmapped)).toEqual(new Set(["local safeguarding children board"]));
  });
});

describe("buildJudgementTimeline", () => {
  it("puts a 2012 SLAC and a 2024 ILACS side by side per area, the chart taking each inspection's lowest grade", () => {
    const { areas, unmapped } = buildJudgementTimeline([
      {
        inspectionId: 2,
        kind: "ilacs",
        title: "ILACS",
        date: "2024-07-12",
        section: null,
        area: "The experiences and progress of children in care",
        grade: "Good",
      },
      {
        inspectionId: 1,
        kind: "slac",
        title: "SLAC",
        date: "2012-06-01",
        section: "looked_after_children",
        area: "Staying safe",
        grade: "Good",
      },
      {
        inspectionId: 1,
        kind: "slac",
        title: "SLAC",
        date: "2012-06-01",
        section: "looked_after_children",
        area: "Economic well-being",
        grade: "Adequate",
      },
    ]);
    const inCare = areas.find((a) => a.area === "children_in_care");
    expect(inCare?.entries.map((e) => [e.frameworkLabel, e.grade])).toEqual([
      ["SLAC", "Good"],
      ["SLAC", "Adequate"],
      ["ILACS", "Good"],
    ]);
    expect(inCare?.points).toEqual([
      { inspectionId: 1, date: "2012-06-01", frameworkLabel: "SLAC", ordinal: 3, grades: "Good, Adequate" },
      { inspectionId: 2, date: "2024-07-12", frameworkLabel: "ILACS", ordinal: 2, grades: "Good" },
    ]);
    expect(unmapped).toEqual([]);
  });
});
