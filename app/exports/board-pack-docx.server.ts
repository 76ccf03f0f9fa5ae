import { Document, HeadingLevel, ImageRun, Packer, PageOrientation, Paragraph, type Table } from "docx";
import { formatMeasureValue, IMPACT_LABELS } from "../domain/measures";
import type { BoardPack, PackAction, PackMeasure } from "../models/board-pack.server";
import { formatDate } from "../utils/dates";
import { CHART_HEIGHT, CHART_KEY, CHART_WIDTH, chartCache, measureTrendDescription } from "./board-pack-chart.server";
import { normaliseZip, packInstant } from "./board-pack-zip.server";
import { coreXml, heading, table, text } from "./docx-parts.server";

// The board pack as a Word document: cover summary, RAG key, exceptions, then each recommendation
// with its actions and linked measures. Built from the pack object only, so it is the same for the
// same pack.

function actionRow(action: PackAction): (string | Paragraph[])[] {
  return [
    action.number,
    action.title,
    action.serviceArea ? `${action.owner} (${action.serviceArea})` : action.owner,
    formatDate(action.targetDate, "Not set"),
    formatDate(action.baselineTargetDate, "Not set"),
    action.statusLabel,
    action.ragLabel,
    action.latestUpdate ? `${formatDate(action.latestUpdate.date)}: ${action.latestUpdate.body}` : "No update yet",
    action.evidence.length === 0
      ? [text("None")]
      : action.evidence.map((e) => text(`${e.description} (${e.purpose}${e.date ? `, ${formatDate(e.date)}` : ""})`)),
  ];
}

/**
 * A measure's trend chart (with alt text), the key, and the figures it is drawn from; nothing when
 * it has no values yet. `imageId` numbers the drawing uniquely within the document.
 */
function measureTrend(measure: PackMeasure, imageId: number, png: Uint8Array | null): (Paragraph | Table)[] {
  if (!png) return [];
  const f = (value: number | null) => (value === null ? "Not published" : formatMeasureValue(value, measure.unit));
  return [
    text(`Trend: ${measure.name}`, true),
    new Paragraph({
      children: [
        new ImageRun({
          type: "png",
          data: png,
          // 480 x 200 pixels shown at three quarters size: about 12.7 x 5.3 cm.
          transformation: { width: (CHART_WIDTH * 3) / 4, height: (CHART_HEIGHT * 3) / 4 },
          altText: {
            id: String(imageId),
            name: `Trend chart ${imageId}`,
            title: `Trend: ${measure.name}`,
            description: measureTrendDescription(measure),
          },
        }),
      ],
    }),
    text(CHART_KEY),
    table(
      ["Period", "Value", "Statistical neighbours", "England"],
      measure.values.map((v) => [v.period, f(v.value), f(v.statisticalNeighbours), f(v.england)]),
    ),
  ];
}

export async function boardPackDocx(pack: BoardPack): Promise<Uint8Array> {
  let images = 0;
  const chart = chartCache();
  const { summary } = pack;
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: `Board pack: ${pack.authority.name}`, heading: HeadingLevel.TITLE }),
    text(`The improvement plan as at ${formatDate(pack.asAt)}.`),
    heading("Summary", HeadingLevel.HEADING_1),
    table(
      ["Measure", "Value"],
      [
        ["Actions", String(summary.total)],
        ["Signed off", `${summary.signedOff} (${summary.percentSignedOff}%)`],
        ["Red", String(summary.red)],
        ["Amber", String(summary.amber)],
        ["Green", String(summary.green)],
        ["Blue", String(summary.blue)],
        ["Overdue", String(summary.overdue)],
        ["No target date", String(summary.noTargetDate)],
      ],
    ),
    heading("RAG key", HeadingLevel.HEADING_1),
    table(
      ["Rating", "Meaning"],
      pack.ragKey.map((k) => [k.label, k.definition]),
    ),
    heading("Exceptions", HeadingLevel.HEADING_1),
    pack.exceptions.length === 0
      ? text("No actions are Red.")
      : table(
          ["Action", "Title", "Owner", "Reason", "Recovery date"],
          pack.exceptions.map((e) => [e.number, e.title, e.owner, e.reason, formatDate(e.recoveryDate, "Not set")]),
        ),
  ];
  for (const inspection of pack.inspections) {
    children.push(
      heading(
        inspection.published ? `${inspection.title} (published ${formatDate(inspection.published)})` : inspection.title,
        HeadingLevel.HEADING_1,
      ),
    );
    for (const r of inspection.recommendations) {
      children.push(heading(`Recommendation ${r.number} (${r.reference})`, HeadingLevel.HEADING_2));
      children.push(text(`Source: ${r.paragraph ? `paragraph ${r.paragraph}` : "report"}; ${r.section}`));
      children.push(text(r.text));
      children.push(text(`Impact: ${r.impactLevel ? IMPACT_LABELS[r.impactLevel] : "Not yet judged"}`));
      children.push(
        r.actions.length === 0
          ? text("No actions yet.")
          : table(
              [
                "No.",
                "Action",
                "Owner (service area)",
                "Target date",
                "Baseline date",
                "Status",
                "RAG",
                "Latest update",
                "Evidence",
              ],
              r.actions.map(actionRow),
            ),
      );
      if (r.measures.length > 0) {
        children.push(text("Performance measures", true));
        children.push(
          table(
            ["Measure", "Baseline", "Latest", "Statistical neighbours", "England", "Target"],
            r.measures.map((m) => [
              m.name,
              m.baseline,
              m.latest ? `${m.latest.value} (${m.latest.period})` : "No values yet",
              m.latest?.statisticalNeighbours?.toString() ?? "",
              m.latest?.england?.toString() ?? "",
              m.target,
            ]),
          ),
        );
        for (const m of r.measures) children.push(...measureTrend(m, (images += 1), chart(m)));
      }
    }
  }

  const instant = packInstant(pack.asAt);
  const document = new Document({
    creator: "Followthrough",
    lastModifiedBy: "Followthrough",
    title: `Board pack: ${pack.authority.name}, ${formatDate(pack.asAt)}`,
    description: "Improvement plan board pack",
    sections: [{ properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } }, children }],
  });
  const stamp = instant.toISOString().replace(/\.\d{3}Z$/, "Z");
  const bytes = await Packer.toBuffer(document, false, [
    {
      path: "docProps/core.xml",
      data: coreXml({
        title: `Board pack: ${pack.authority.name}, ${formatDate(pack.asAt)}`,
        description: "Improvement plan board pack",
        stamp,
      }),
    },
  ]);
  return normaliseZip(bytes, instant);
}
