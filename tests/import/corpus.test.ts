/**
 * Hand-checked extractions of reports from the wider corpus (db/fixtures/reports/corpus),
 * chosen for the layouts the reader once got wrong: SIF lists under topic sub-headings
 * whose first item is not an instruction, negative statements, nested sub-bullets,
 * numbered sub-items, lists that never ended at a wrapped judgement heading or an
 * indented "Findings", back-references, lead-ins, lists written as plain paragraphs,
 * board abbreviations and partners merely involved. Each is read through the PDF path and
 * must match its expected.json exactly, as tests/import/reports.test.ts does for the
 * development set; the set as a whole must also score F1 1.000 with the project's scorer.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

import { parseReportText } from "~/import/parse-report";
import { readReport } from "~/import/read-file.server";
import { scoreReport, summariseScores, type ExpectedRecommendation } from "~/import/score";
import type { ParsedReport } from "~/import/types";

const FIXTURES = path.resolve("db/fixtures/reports/corpus");
const pdfs = fs
  .readdirSync(FIXTURES)
  .filter((name) => name.endsWith(".pdf"))
  .sort();

interface Expected {
  localAuthority: string | null;
  kind: string;
  inspectionStart: string | null;
  inspectionEnd: string | null;
  published: string | null;
  judgements: { section: string | null; area: string; grade: string }[];
  recommendations: (ExpectedRecommendation & { heading: string; priority: boolean; agencies: string[] })[];
}

const expectedFor = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, name.replace(/\.pdf$/, ".expected.json")), "utf8")) as Expected;

const parsed = new Map<string, ParsedReport>();
beforeAll(async () => {
  for (const name of pdfs) {
    const read = await readReport(new Uint8Array(fs.readFileSync(path.join(FIXTURES, name))));
    if (!read.ok) throw new Error(`${name}: ${read.reason}`);
    parsed.set(name, parseReportText(read.text));
  }
}, 180_000);

describe("hand-checked corpus reports through the PDF path", () => {
  it("has an expected extraction beside every PDF, in every year range and format", () => {
    expect(pdfs.length).toBeGreaterThanOrEqual(25);
    for (const name of pdfs)
      expect(fs.existsSync(path.join(FIXTURES, name.replace(/\.pdf$/, ".expected.json")))).toBe(true);
    const kinds = new Set(pdfs.map((name) => expectedFor(name).kind));
    expect([...kinds].sort()).toEqual(["focused_visit", "ilacs", "ilacs_short", "sif"]);
  });

  for (const name of pdfs) {
    describe(name, () => {
      it("matches the expected recommendations", () => {
        const expected = expectedFor(name);
        expect(
          parsed.get(name)!.recommendations.map(({ section, timescale, heading, priority, text, agencies }) => ({
            section,
            timescale,
            heading,
            priority,
            text,
            agencies,
          })),
        ).toEqual(expected.recommendations);
      });

      it("matches the expected front matter and judgements", () => {
        const expected = expectedFor(name);
        const { localAuthority, kind, inspectionStart, inspectionEnd, published, judgements } = parsed.get(name)!;
        expect({ localAuthority, kind, inspectionStart, inspectionEnd, published }).toEqual({
          localAuthority: expected.localAuthority,
          kind: expected.kind,
          inspectionStart: expected.inspectionStart,
          inspectionEnd: expected.inspectionEnd,
          published: expected.published,
        });
        expect(judgements.map(({ section, area, grade }) => ({ section, area, grade }))).toEqual(expected.judgements);
      });
    });
  }

  it("scores F1 1.000 with every field agreeing over the whole set", () => {
    const summary = summariseScores(
      pdfs.map((name) => scoreReport(expectedFor(name).recommendations, parsed.get(name)!.recommendations)),
    );
    expect(summary).toMatchObject({ precision: 1, recall: 1, f1: 1, agencies: 1 });
    expect(Object.values(summary.fieldsAgree).every((share) => share === 1)).toBe(true);
  });
});
