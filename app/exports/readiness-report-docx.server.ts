import {
  AREA_READINESS_LABELS,
  AREA_READINESS_RULES,
  READINESS_LABELS,
  READINESS_STATUS_RULES,
} from "../domain/readiness-areas";
import { STATUS_LABELS } from "../domain/rag";
import type { ReadinessReport, ReportArea } from "../models/readiness-report.server";
import { formatDate } from "../utils/dates";
import { bullet, columnWidths, heading, paragraph, run, table, text, WordMedia, wordPackage } from "./wordml.server";
import { documentInstant } from "./xml.server";
import { zipStream } from "./zip-stream.server";
import { inspectionLabel } from "../domain/inspection-label";
import { eventDates, INSPECTION_EVENT_KIND_LABELS } from "../domain/inspection-events";

// The readiness report as a Word document: judgement history and the inspection window up front,
// then per current ILACS area what was asked, what was done, the evidence of impact, what is
// still open and the recurring themes. Written an area at a time, with the authority's protective
// marking and "Page X of Y" on every page; the same report gives the same bytes.

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

function areaSection(area: ReportArea): string {
  const out = [
    heading(area.label, 1),
    text(`${AREA_READINESS_LABELS[area.summary.readiness]}. ${area.summary.explanation}`, { bold: true }),
  ];
  if (area.recommendations.length > 0) {
    out.push(
      heading("What was asked", 2),
      table(
        columnWidths([50, 25, 25]),
        ["Recommendation", "Inspection", "Status"],
        area.recommendations.map((r) => [
          `${r.reference}: ${r.text}`,
          inspectionLabel(r.inspection),
          `${READINESS_LABELS[r.status]} (${r.detail})`,
        ]),
      ),
      heading("What was done", 2),
      table(
        columnWidths([12, 38, 16, 12, 11, 11]),
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
      heading("Evidence of impact", 2),
    );
    const evidence = area.recommendations.flatMap((r) =>
      r.impactEvidence.map((e) => `${r.reference}: ${e.description}${e.date ? ` (${formatDate(e.date)})` : ""}`),
    );
    if (evidence.length === 0) out.push(text("No evidence of impact has been recorded for this area."));
    else out.push(...evidence.map(bullet));
    out.push(heading("Still open", 2));
    const open = area.recommendations.filter(
      (r) => r.status !== "signed_off_with_impact" && r.status !== "signed_off_without_impact",
    );
    if (open.length === 0) out.push(text("Nothing is still open in this area."));
    else out.push(...open.map((r) => bullet(`${r.reference}: ${READINESS_LABELS[r.status]} (${r.detail})`)));
  }
  out.push(heading("Recurring themes", 2));
  if (area.themes.length === 0) out.push(text("No recurring theme touches this area."));
  for (const t of area.themes) out.push(bullet(themeLine(t, area)));
  return out.join("");
}

/** Every visit and meeting, oldest first, with where its letter is downloaded from (`letterBase`: the app's address). */
function eventsSection(report: ReadinessReport, letterBase: string): string {
  const out = [heading("Monitoring visits and annual engagement meetings", 1), ...report.events.lines.map(bullet)];
  if (report.events.all.length > 0) {
    out.push(
      table(
        columnWidths([18, 16, 40, 26]),
        ["Date", "What", "Title and summary", "Letter"],
        report.events.all.map((e) => [
          eventDates(e),
          INSPECTION_EVENT_KIND_LABELS[e.kind],
          e.summary ? `${e.title}\n${e.summary}` : e.title,
          e.letterName ? `${e.letterName}\n${letterBase}/readiness/events/${e.id}/letter` : "No letter uploaded",
        ]),
      ),
    );
  }
  return out.join("");
}

function* body(report: ReadinessReport, letterBase: string): Generator<string> {
  yield (
    paragraph(run(`Readiness report: ${report.authority.name}`), { style: "Title" }) +
    text(
      `Before re-inspection: per current ILACS judgement area, what the inspections asked, what has been done, the evidence of impact and what is still open, as at ${formatDate(report.today)}.`,
    ) +
    heading("Judgement history", 1) +
    table(
      columnWidths([30, 70]),
      ["Area", "Grades, oldest first"],
      report.judgementHistory.map((h) => [h.label, h.grades.length === 0 ? "No judgements" : h.grades.join("\n")]),
    ) +
    heading("Inspection window and deadlines", 1) +
    report.windowLines.map(bullet).join("") +
    eventsSection(report, letterBase) +
    heading("How readiness is judged", 1) +
    [...AREA_READINESS_RULES, ...READINESS_STATUS_RULES].map(bullet).join("")
  );
  for (const area of report.areas) yield areaSection(area);
}

/** The report as a .docx, as bytes written while it is read. */
export function readinessReportDocx(
  report: ReadinessReport,
  protectiveMarking: string,
  letterBase = "",
): AsyncGenerator<Uint8Array> {
  const stamp = documentInstant(report.today);
  const title = `Readiness report: ${report.authority.name}, ${formatDate(report.today)}`;
  return zipStream(
    wordPackage({
      title,
      description: "Readiness for re-inspection",
      stamp,
      furniture: {
        marking: protectiveMarking,
        headerLeft: `Readiness report: ${report.authority.name}`,
        headerRight: formatDate(report.today),
        footerLeft: `As at ${formatDate(report.today)}`,
      },
      body: body(report, letterBase),
      media: new WordMedia(),
    }),
    stamp,
  );
}
