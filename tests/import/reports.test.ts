/**
 * The development set of real Ofsted PDFs (db/fixtures/reports/pdf): every one reads and
 * parses through the PDF path; those with an expected.json match it as
 * ../shared/reports/check_expected.py reads them (text after whitespace normalisation,
 * timescale, section, agencies, heading, priority, plus front matter and judgements).
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

import { parseReportText } from "~/import/parse-report";
import { readReport } from "~/import/read-file.server";
import type { ParsedReport } from "~/import/types";

const FIXTURES = path.resolve("db/fixtures/reports/pdf");
const pdfs = fs.readdirSync(FIXTURES).filter((name) => name.endsWith(".pdf")).sort();

interface Expected {
  localAuthority: string | null;
  kind: string;
  inspectionStart: string | null;
  inspectionEnd: string | null;
  published: string | null;
  judgements: { section: string | null; area: string; grade: string }[];
  recommendations: {
    section: string | null;
    timescale: string | null;
    heading: string;
    priority: boolean;
    text: string;
    agencies: string[];
  }[];
}

/** Recommendation counts the set's README gives for the PDFs without an expected.json. */
const COUNTS: Record<string, number> = {
  "02_slough_2014_sif.pdf": 27,
  "06_norfolk_2015_sif.pdf": 25,
  "08_somerset_2018_sif_reinspection.pdf": 13,
  "11_east_riding_2020_ilacs_short.pdf": 12,
  "12_north_lincolnshire_2022_ilacs_short.pdf": 0,
  "14_devon_2025_ilacs.pdf": 6,
  "16_portsmouth_2026_ilacs_short.pdf": 1,
  "18_nottinghamshire_2018_fv.pdf": 10,
  "19_harrow_2018_fv.pdf": 3,
  "23_stockton_on_tees_2024_fv.pdf": 1,
};

const normalise = (text: string) => text.replace(/\s+/g, " ").trim();

const parsed = new Map<string, ParsedReport>();
beforeAll(async () => {
  for (const name of pdfs) {
    const read = await readReport(new Uint8Array(fs.readFileSync(path.join(FIXTURES, name))));
    if (!read.ok) throw new Error(`${name}: ${read.reason}`);
    expect(read.format).toBe("pdf");
    parsed.set(name, parseReportText(read.text));
  }
}, 120_000);

describe("real reports through the PDF path", () => {
  it("has the 24 development PDFs", () => {
    expect(pdfs).toHaveLength(24);
  });

  for (const name of pdfs) {
    const expectedFile = path.join(FIXTURES, name.replace(/\.pdf$/, ".expected.json"));
    if (!fs.existsSync(expectedFile)) {
      it(`${name}: reads and finds the counted recommendations`, () => {
        const report = parsed.get(name)!;
        expect(report.recommendations).toHaveLength(COUNTS[name]);
        expect(report.recommendations.every((r) => r.text.length > 10)).toBe(true);
      });
      continue;
    }
    const expected = JSON.parse(fs.readFileSync(expectedFile, "utf8")) as Expected;
    describe(name, () => {
      it("matches the expected recommendations", () => {
        const report = parsed.get(name)!;
        expect(
          report.recommendations.map(({ section, timescale, heading, priority, text, agencies }) => ({
            section,
            timescale,
            heading,
            priority,
            text: normalise(text),
            agencies,
          })),
        ).toEqual(expected.recommendations.map((r) => ({ ...r, text: normalise(r.text) })));
      });

      it("matches the expected kind, authority and dates", () => {
        const report = parsed.get(name)!;
        const { localAuthority, kind, inspectionStart, inspectionEnd } = report;
        expect({ localAuthority, kind, inspectionStart, inspectionEnd }).toEqual({
          localAuthority: expected.localAuthority,
          kind: expected.kind,
          inspectionStart: expected.inspectionStart,
          inspectionEnd: expected.inspectionEnd,
        });
      });

      it("matches the printed publication date, or says there is none (ILACS reports print none)", () => {
        const report = parsed.get(name)!;
        if (report.published !== null) {
          expect(report.published).toBe(expected.published);
        } else {
          expect(report.kind).toMatch(/^ilacs/);
          expect(report.warnings.map((warning) => warning.message)).toContain("no publication date found");
        }
      });

      it("matches the expected judgements", () => {
        const report = parsed.get(name)!;
        expect(report.judgements.map(({ section, area, grade }) => ({ section, area, grade }))).toEqual(
          expected.judgements,
        );
      });
    });
  }
});
