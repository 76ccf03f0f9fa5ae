import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { parseReportText } from "~/import/parse-report";

const FIXTURES = path.resolve("db/fixtures/reports");
const expectedFiles = fs.readdirSync(FIXTURES).filter((name) => name.endsWith(".expected.json"));

interface Expected {
  localAuthority: string | null;
  kind: string;
  inspectionStart: string | null;
  inspectionEnd: string | null;
  published: string | null;
  judgements: { section: string | null; area: string; grade: string }[];
  recommendations: { section: string | null; timescale: string | null; text: string; agencies: string[] }[];
}

function readFixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), "utf8");
}

describe("seed reports reproduce their hand-checked extraction", () => {
  it("has the four golden files", () => {
    expect(expectedFiles).toHaveLength(4);
  });

  for (const expectedFile of expectedFiles) {
    const reportFile = expectedFile.replace(/\.expected\.json$/, ".txt");
    const expected = JSON.parse(readFixture(expectedFile)) as Expected;
    const parsed = parseReportText(readFixture(reportFile));

    describe(reportFile, () => {
      it("reads the front matter", () => {
        expect({
          localAuthority: parsed.localAuthority,
          kind: parsed.kind,
          inspectionStart: parsed.inspectionStart,
          inspectionEnd: parsed.inspectionEnd,
          published: parsed.published,
        }).toEqual({
          localAuthority: expected.localAuthority,
          kind: expected.kind,
          inspectionStart: expected.inspectionStart,
          inspectionEnd: expected.inspectionEnd,
          published: expected.published,
        });
      });

      it("reads the judgements in order", () => {
        expect(parsed.judgements.map(({ section, area, grade }) => ({ section, area, grade }))).toEqual(
          expected.judgements.map(({ section, area, grade }) => ({ section, area, grade })),
        );
      });

      it("reads the recommendations in order", () => {
        expect(
          parsed.recommendations.map(({ section, timescale, text, agencies }) => ({
            section,
            timescale,
            text,
            agencies,
          })),
        ).toEqual(
          expected.recommendations.map(({ section, timescale, text, agencies }) => ({
            section,
            timescale,
            text,
            agencies,
          })),
        );
      });

      it("points every recommendation at the line it starts on", () => {
        const lines = readFixture(reportFile).split("\n");
        for (const recommendation of parsed.recommendations) {
          const firstWords = recommendation.text.split(" ").slice(0, 4).join(" ");
          expect(lines[recommendation.sourceLine]).toContain(firstWords);
        }
      });
    });
  }
});

describe("seed report details beyond the golden files", () => {
  it("keeps the literal timescale and owner sub-headings", () => {
    const parsed = parseReportText(readFixture("havering-2011-slac.txt"));
    expect(parsed.recommendations[0].heading).toBe("Immediately:");
    expect(parsed.recommendations[3].heading).toBe("Within three months:");
    expect(parsed.recommendations[7].heading).toBe("NHS Outer North East London should ensure that:");
    expect(parsed.recommendations.every((recommendation) => recommendation.priority === false)).toBe(true);
  });

  it("warns where it joined an item across a page break", () => {
    const parsed = parseReportText(readFixture("havering-2011-slac.txt"));
    const joined = parsed.warnings.filter((warning) => warning.message.includes("page break"));
    expect(joined).toHaveLength(1);
    expect(joined[0].recommendationIndex).toBe(9);
    expect(parsed.recommendations[9].text).toContain("respective health trust safeguarding arrangements");
  });

  it("warns that the 2024 ILACS report prints no publication date", () => {
    const parsed = parseReportText(readFixture("hackney-2024-ilacs.txt"));
    expect(parsed.title).toBe("Inspection of Hackney local authority children's services");
    expect(parsed.recommendations.map((recommendation) => recommendation.heading)).toEqual([
      "What needs to improve?",
      "What needs to improve?",
      "What needs to improve?",
    ]);
    expect(parsed.warnings).toContainEqual({
      message: "no publication date found",
      recommendationIndex: null,
      line: null,
    });
  });

  it("finds no recommendations in the council's mid-year report to members", () => {
    const parsed = parseReportText(readFixture("hackney-2019-midyear-report.txt"));
    expect(parsed.kind).toBe("other");
    expect(parsed.recommendations).toEqual([]);
    expect(parsed.warnings.map((warning) => warning.message)).toContain("no recommendations found");
  });
});
