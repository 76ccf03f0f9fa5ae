import { PACK_DETAIL_LABELS, PACK_ORDER_LABELS } from "../domain/board-pack-options";
import { IMPACT_LABELS } from "../domain/measures";
import { RAG_LABELS } from "../domain/rag";
import { type BoardPackFrame, packActionRows } from "../models/board-pack.server";
import { formatDate, londonDateOf } from "../utils/dates";
import {
  CHART_HEIGHT,
  CHART_KEY,
  CHART_WIDTH,
  measureChartPng,
  measureTrendDescription,
} from "./board-pack-chart.server";
import { NOT_GIVEN, packTitle } from "./board-pack-docx.server";
import { DetailsCursor, type PackSource } from "./board-pack-source.server";
import { type CellInput, type Column, type Sheet, type SheetPicture, workbookPackage } from "./spreadsheetml.server";
import { documentInstant } from "./xml.server";
import { zipStream } from "./zip-stream.server";

// The board pack as an Excel workbook: Summary (with the RAG key), Exceptions, Changes since the
// last board, Actions (one row per action: the columns of the spreadsheets boards used before),
// Measures (each with its trend chart) and Measure values (the figures behind the charts). Every
// action of the plans the pack covers is listed, whatever the Word pack's level of detail: a
// spreadsheet is for sorting and filtering.

/** A chart shown at half size (240 x 100 pixels) fits a Trend cell about 36 characters wide and 78 points tall. */
const CHART_COLUMN_WIDTH = 36;
const CHART_ROW_HEIGHT = 78;

const ragLabel = (rag: string) => (RAG_LABELS as Record<string, string>)[rag] ?? rag;

function summarySheet(pack: BoardPackFrame): Sheet {
  const { summary: s } = pack;
  const rows: CellInput[][] = [
    ["Authority", pack.authority.name],
    ["Protective marking", pack.authority.protectiveMarking],
  ];
  if (pack.meeting) rows.push(["Board meeting", `${pack.meeting.boardName}, ${formatDate(pack.meeting.meetingDate)}`]);
  rows.push(
    ["As at", pack.asAt],
    [
      "Covers",
      pack.coverage
        .filter((c) => c.included)
        .map((c) => c.title)
        .join("; ") || "No inspection",
    ],
    ["Level of detail (Word pack)", PACK_DETAIL_LABELS[pack.choices.detail].label],
    ["Order", PACK_ORDER_LABELS[pack.choices.order]],
    ["Actions", s.total],
    ["Signed off", s.signedOff],
    ["Signed off (%)", s.total === 0 ? 0 : s.signedOff / s.total],
    ["Red", s.red],
    ["Amber", s.amber],
    ["Green", s.green],
    ["Blue", s.blue],
    ["Not scheduled", s.grey],
    ["Overdue", s.overdue],
    ["No target date", s.noTargetDate],
  );
  if (pack.executiveSummary) rows.push(["Executive summary", pack.executiveSummary]);
  rows.push(["RAG key", ""], ...pack.ragKey.map((k) => [k.label, k.definition]));
  // The value column holds dates, counts and text, so each cell's kind is chosen from its label.
  const kinds = new Map<string, Column["kind"]>([
    ["As at", "date"],
    ["Signed off (%)", "percent"],
    ...pack.ragKey.map((k) => [k.label, "text"] as [string, Column["kind"]]),
  ]);
  return {
    name: "Summary",
    table: false,
    columns: [
      { header: "Item", width: 26, kind: "label" },
      { header: "Value", width: 70, kind: "text" },
    ],
    rows: rows.map(([label, value]) => [label, value]),
    cellKinds: rows.map(([label, value]) => [
      pack.ragKey.some((k) => k.label === label) ? "rag" : "label",
      typeof value === "number" ? (kinds.get(String(label)) ?? "integer") : (kinds.get(String(label)) ?? "text"),
    ]),
  };
}

function exceptionsSheet(pack: BoardPackFrame): Sheet {
  return {
    name: "Exceptions",
    columns: [
      { header: "Action", width: 8, kind: "text" },
      { header: "Title", width: 50, kind: "text" },
      { header: "Owner", width: 22, kind: "text" },
      { header: "Why it is Red", width: 36, kind: "text" },
      { header: "Target date", width: 17, kind: "date" },
      { header: "Recovery date", width: 17, kind: "date" },
      { header: "Lead's commentary", width: 50, kind: "text" },
    ],
    rows: pack.exceptions.map((e) => [
      e.number,
      e.title,
      e.owner,
      e.reason,
      e.targetDate ?? "Not set",
      e.recoveryDate ?? NOT_GIVEN,
      e.commentary ?? "",
    ]),
  };
}

function changesSheet(pack: BoardPackFrame): Sheet {
  const c = pack.changes!;
  const rows: CellInput[][] = [
    ...c.newlySignedOff.map((a) => ["Newly signed off", a.reference, a.title, "", "", "", null]),
    ...c.newlyOverdue.map((a) => ["Newly overdue", a.reference, a.title, "", "", "", null]),
    ...c.ragChanges.map((a) => ["RAG changed", a.reference, a.title, ragLabel(a.from), ragLabel(a.to), "", null]),
    ...c.targetDatesMoved.map((m) => [
      "Target date moved",
      m.reference,
      m.title,
      formatDate(m.from, "Not set"),
      formatDate(m.to, "Not set"),
      `${m.reason}${m.by ? ` (${m.by})` : ""}`,
      londonDateOf(m.at),
    ]),
    ...c.newRecommendations.map((r) => [
      "New recommendation",
      r.reference,
      r.text,
      "",
      "",
      r.inspectionTitle,
      londonDateOf(r.importedAt),
    ]),
    ...c.newEvidence.map((e) => [
      "New evidence",
      e.reference,
      e.title,
      "",
      "",
      e.description,
      londonDateOf(e.createdAt),
    ]),
  ];
  return {
    name: "Changes",
    columns: [
      { header: "Change", width: 20, kind: "text" },
      { header: "Recommendation", width: 16, kind: "text" },
      { header: "Action or recommendation", width: 50, kind: "text" },
      { header: "From", width: 17, kind: "text" },
      { header: "To", width: 17, kind: "text" },
      { header: "Detail", width: 40, kind: "text" },
      { header: "Date", width: 17, kind: "date" },
    ],
    rows: [
      [
        "Period",
        "",
        c.previousMeeting
          ? `From the end of ${formatDate(c.previousMeeting.meetingDate)} (the last board) to the end of ${formatDate(c.until)}`
          : "No earlier held board meeting to compare with",
        "",
        "",
        "",
        null,
      ],
      ...rows,
    ],
  };
}

async function* actionRows(source: PackSource): AsyncGenerator<CellInput[]> {
  const rows = packActionRows(source.pack);
  const cursor = new DetailsCursor(
    source,
    rows.map((r) => r.action.id),
  );
  for (const { inspection, recommendation: r, action } of rows) {
    const a = await cursor.with(action);
    yield [
      inspection.title,
      r.number,
      r.reference,
      r.paragraph ?? "",
      r.text,
      r.impactLevel ? IMPACT_LABELS[r.impactLevel] : "Not yet judged",
      a.number,
      a.title,
      a.owner,
      a.serviceArea ?? "Not set",
      a.targetDate ?? "Not set",
      a.baselineTargetDate ?? "Not set",
      a.statusLabel,
      a.ragLabel,
      a.latestUpdate?.body ?? "",
      a.latestUpdate?.date ?? "",
      a.evidence.map((e) => `${e.description} (${e.purpose})`).join("\n"),
    ];
  }
}

function actionsSheet(source: PackSource): Sheet {
  return {
    name: "Actions",
    columns: [
      { header: "Inspection", width: 28, kind: "text" },
      { header: "Recommendation", width: 9, kind: "integer" },
      { header: "Reference", width: 12, kind: "text" },
      { header: "Ofsted paragraph", width: 10, kind: "text" },
      { header: "Area for improvement", width: 50, kind: "text" },
      { header: "Impact", width: 14, kind: "text" },
      { header: "Action", width: 8, kind: "text" },
      { header: "Title", width: 40, kind: "text" },
      { header: "Owner", width: 20, kind: "text" },
      { header: "Service area", width: 18, kind: "text" },
      { header: "Target date", width: 17, kind: "date" },
      { header: "Baseline date", width: 17, kind: "date" },
      { header: "Status", width: 16, kind: "text" },
      { header: "RAG", width: 8, kind: "rag" },
      { header: "Latest update", width: 50, kind: "text" },
      { header: "Latest update date", width: 17, kind: "date" },
      { header: "Evidence", width: 40, kind: "text" },
    ],
    rows: actionRows(source),
  };
}

function measuresSheets(pack: BoardPackFrame): Sheet[] {
  const pictures: SheetPicture[] = [];
  const rowHeights = new Map<number, number>();
  pack.measures.forEach((m, index) => {
    const png = measureChartPng(m);
    if (!png) return;
    rowHeights.set(index, CHART_ROW_HEIGHT);
    pictures.push({
      col: 10,
      row: index + 1, // after the header
      widthPx: CHART_WIDTH / 2,
      heightPx: CHART_HEIGHT / 2,
      png,
      description: measureTrendDescription(m),
    });
  });
  return [
    {
      name: "Measures",
      columns: [
        { header: "Measure", width: 36, kind: "text" },
        { header: "Unit", width: 12, kind: "text" },
        { header: "Linked recommendations", width: 22, kind: "text" },
        { header: "Baseline", width: 18, kind: "text" },
        { header: "Latest period", width: 12, kind: "text" },
        { header: "Latest value", width: 11, kind: "number" },
        { header: "Statistical neighbours", width: 12, kind: "number" },
        { header: "England", width: 11, kind: "number" },
        { header: "Target", width: 18, kind: "text" },
        { header: "Higher is better", width: 9, kind: "text" },
        { header: "Trend", width: CHART_COLUMN_WIDTH, kind: "text" },
      ],
      rows: pack.measures.map((m) => [
        m.name,
        m.unit,
        m.recommendations.join(", "),
        m.baseline,
        m.latest?.period ?? "No values yet",
        m.latest?.value,
        m.latest?.statisticalNeighbours,
        m.latest?.england,
        m.target,
        m.higherIsBetter ? "Yes" : "No",
        m.values.length === 0 ? "No values yet" : CHART_KEY,
      ]),
      rowHeights,
      pictures,
    },
    {
      name: "Measure values",
      columns: [
        { header: "Measure", width: 36, kind: "text" },
        { header: "Unit", width: 12, kind: "text" },
        { header: "Period", width: 12, kind: "text" },
        { header: "Value", width: 11, kind: "number" },
        { header: "Statistical neighbours", width: 12, kind: "number" },
        { header: "England", width: 11, kind: "number" },
        { header: "Target", width: 18, kind: "text" },
      ],
      rows: pack.measures.flatMap((m) =>
        m.values.map((v) => [m.name, m.unit, v.period, v.value, v.statisticalNeighbours, v.england, m.target]),
      ),
    },
  ];
}

/** The pack as an .xlsx, as bytes written while the pack is read. */
export function boardPackXlsx(source: PackSource): AsyncGenerator<Uint8Array> {
  const { pack } = source;
  const stamp = documentInstant(pack.asAt);
  const sheets: Sheet[] = [summarySheet(pack), exceptionsSheet(pack)];
  if (pack.changes) sheets.push(changesSheet(pack));
  sheets.push(actionsSheet(source), ...measuresSheets(pack));
  return zipStream(
    workbookPackage({
      title: packTitle(pack),
      description: "Improvement plan board pack",
      stamp,
      print: { marking: pack.authority.protectiveMarking, title: packTitle(pack) },
      sheets,
    }),
    stamp,
  );
}
