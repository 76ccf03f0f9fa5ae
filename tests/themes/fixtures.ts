import fs from "node:fs";
import type { ThemeInput } from "../../app/domain/themes";
import { buildRecommendation, buildReport, createInspection } from "../factories";

interface ExpectedReport {
  kind: string;
  inspectionStart: string | null;
  inspectionEnd: string | null;
  published: string | null;
  recommendations: { text: string }[];
}

/** The recommendation texts of a repo fixture (db/fixtures/reports[/pdf]/NAME.expected.json). */
export function fixtureReport(name: string): ExpectedReport {
  const file = fs.existsSync(`db/fixtures/reports/${name}.expected.json`)
    ? `db/fixtures/reports/${name}.expected.json`
    : `db/fixtures/reports/pdf/${name}.expected.json`;
  return JSON.parse(fs.readFileSync(file, "utf8")) as ExpectedReport;
}

/** A fixture's recommendations imported as an inspection of the authority, through the ordinary import. */
export async function importFixture(authorityId: number, name: string, kind: "slac" | "ilacs") {
  const report = fixtureReport(name);
  return createInspection(
    authorityId,
    buildReport({
      kind,
      inspectionStart: report.inspectionStart,
      inspectionEnd: report.inspectionEnd,
      published: report.published,
      recommendations: report.recommendations.map((r) => buildRecommendation({ text: r.text })),
    }),
  );
}

export function fixtureTexts(name: string): string[] {
  return fixtureReport(name).recommendations.map((r) => r.text);
}

/** One fixture as theme input: ids counted on from firstId, one inspection per fixture. */
export function fixtureInputs(name: string, inspectionId: number, firstId: number, label = name): ThemeInput[] {
  const report = fixtureReport(name);
  const date = report.inspectionEnd ?? report.inspectionStart ?? report.published;
  return report.recommendations.map((r, i) => ({
    id: firstId + i,
    inspectionId,
    inspectionLabel: label,
    inspectionDate: date,
    text: r.text,
  }));
}

/** Hackney's 2012 SLAC and 2024 ILACS recommendations, as the seed imports them. */
export function hackneyInputs(): ThemeInput[] {
  return [
    ...fixtureInputs("hackney-2012-slac", 1, 1, "SLAC 2012"),
    ...fixtureInputs("hackney-2024-ilacs", 2, 101, "ILACS 2024"),
  ];
}
