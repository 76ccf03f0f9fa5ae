import { Document, HeadingLevel, Packer, PageOrientation, Paragraph, type Table } from "docx";
import {
  AREA_READINESS_LABELS,
  AREA_READINESS_RULES,
  READINESS_LABELS,
  READINESS_STATUS_RULES,
} from "../domain/readiness-areas";
import { STATUS_LABELS } from "../domain/rag";
import type { ReadinessReport, ReportArea } from "../models/readiness-report.server";
import { formatDate } from "../utils/dates";
import { normaliseZip, packInstant } from "./board-pack-zip.server";
import { coreXml, heading, table, text } from "./docx-parts.server";

// The readiness report as a Word document: judgement history and the inspection window up front,
// then per current ILACS area what was asked, what was done, the evidence of impact, what is
// still open and the recurring themes. Built from the report object only, so the same report
// gives the same bytes.

const bullet = (value: string) => new Paragraph({ text: value, bullet: { level: 0 } });

/** "Care leavers' accommodation: recurs in SLAC 2012 (1 June 2012); ILACS 2024 (12 July 2024). Why (LAC-3M-1, WNI-1)" */
export function themeLine(
  theme: { label: string; why: string; inspections: string[]; recommendationIds: number[] },
  area: { recommendations: { id: number; reference: string }[] },
): string {
  const refs = theme.recommendationIds
    .map((id) => area.recommendations.find((r) => r.id === id)?.reference)
    .filter(Boolean)
    .join(", ");
  return `${theme.label}: recurs in ${theme.inspections.join("; ")}. ${theme.why}${refs ? ` (${refs})` : ""}`;
}

const inspectionLabel = (i: { title: string; published: string | null }) =>
  i.published ? `${i.title} (published ${formatDate(i.published)})` : i.title;

function areaSection(area: ReportArea): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    heading(area.label, HeadingLevel.HEADING_1),
    text(`${AREA_READINESS_LABELS[area.summary.readiness]}. ${area.summary.explanation}`, true),
  ];
  if (area.recommendations.length > 0) {
    out.push(
      heading("What was asked", HeadingLevel.HEADING_2),
      table(
        ["Recommendation", "Inspection", "Status"],
        area.recommendations.map((r) => [
          `${r.reference}: ${r.text}`,
          inspectionLabel(r.inspection),
          `${READINESS_LABELS[r.status]} (${r.detail})`,
        ]),
      ),
      heading("What was done", HeadingLevel.HEADING_2),
      table(
        ["Recommendation", "Action", "Owner", "Status", "Target date", "Signed off"],
        area.recommendations.flatMap((r) =>
          r.actions.length === 0
            ? [[r.reference, "No actions yet", "", "", "", ""]]
            : r.actions.map((a) => [
                r.reference,
                a.title,
                a.ownerName ?? "Not assigned",
                STATUS_LABELS[a.status],
                formatDate(a.targetDate, "Not set"),
                a.status === "signed_off" ? formatDate(a.signedOffOn, "Date not recorded") : "",
              ]),
        ),
      ),
      heading("Evidence of impact", HeadingLevel.HEADING_2),
    );
    const evidence = area.recommendations.flatMap((r) =>
      r.impactEvidence.map((e) => `${r.reference}: ${e.description}${e.date ? ` (${formatDate(e.date)})` : ""}`),
    );
    if (evidence.length === 0) out.push(text("No evidence of impact has been recorded for this area."));
    else out.push(...evidence.map(bullet));
    out.push(heading("Still open", HeadingLevel.HEADING_2));
    const open = area.recommendations.filter(
      (r) => r.status !== "signed_off_with_impact" && r.status !== "signed_off_without_impact",
    );
    if (open.length === 0) out.push(text("Nothing is still open in this area."));
    else out.push(...open.map((r) => bullet(`${r.reference}: ${READINESS_LABELS[r.status]} (${r.detail})`)));
  }
  out.push(heading("Recurring themes", HeadingLevel.HEADING_2));
  if (area.themes.length === 0) out.push(text("No recurring theme touches this area."));
  for (const t of area.themes) out.push(bullet(themeLine(t, area)));
  return out;
}

export async function readinessReportDocx(report: ReadinessReport): Promise<Uint8Array> {
  const title = `Readiness report: ${report.authority.name}, ${formatDate(report.today)}`;
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: `Readiness report: ${report.authority.name}`, heading: HeadingLevel.TITLE }),
    text(
      `Before re-inspection: per current ILACS judgement area, what the inspections asked, what has been done, the evidence of impact and what is still open, as at ${formatDate(report.today)}.`,
    ),
    heading("Judgement history", HeadingLevel.HEADING_1),
    table(
      ["Area", "Grades, oldest first"],
      report.judgementHistory.map((h) => [
        h.label,
        h.grades.length === 0 ? "No judgements" : h.grades.map((g) => text(g)),
      ]),
    ),
    heading("Inspection window and deadlines", HeadingLevel.HEADING_1),
    ...report.windowLines.map(bullet),
    heading("How readiness is judged", HeadingLevel.HEADING_1),
    ...[...AREA_READINESS_RULES, ...READINESS_STATUS_RULES].map(bullet),
  ];
  for (const area of report.areas) children.push(...areaSection(area));

  const instant = packInstant(report.today);
  const document = new Document({
    creator: "Followthrough",
    lastModifiedBy: "Followthrough",
    title,
    description: "Readiness for re-inspection",
    sections: [{ properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } }, children }],
  });
  // The document properties carry the clock unless replaced: stamp them with the report's date.
  const stamp = instant.toISOString().replace(/\.\d{3}Z$/, "Z");
  const bytes = await Packer.toBuffer(document, false, [
    { path: "docProps/core.xml", data: coreXml({ title, description: "Readiness for re-inspection", stamp }) },
  ]);
  return normaliseZip(bytes, instant);
}
