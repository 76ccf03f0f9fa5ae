import ExcelJS from "exceljs";
import { IMPACT_LABELS } from "../domain/measures";
import { type BoardPack, packActionRows } from "../models/board-pack.server";
import { formatDate } from "../utils/dates";
import { CHART_HEIGHT, CHART_KEY, CHART_WIDTH, chartCache } from "./board-pack-chart.server";
import { normaliseZip, packInstant } from "./board-pack-zip.server";

// A Trend cell fits a chart shown at half size (240 x 100 pixels): about 35 characters wide, 78 points tall.
const CHART_COLUMN_WIDTH = 35;
const CHART_ROW_HEIGHT = 78;

// The board pack as an Excel workbook: Summary (with the RAG key), Exceptions, Actions (one row per
// action, the columns of the spreadsheets boards used before), Measures (with each one's trend chart)
// and Measure values (the figures behind the charts).

function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  header: string[],
  rows: (string | number)[][],
  widths: number[],
) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = header.map((h, i) => ({ header: h, width: widths[i] ?? 20 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.eachRow((row) => {
    row.alignment = { vertical: "top", wrapText: true };
  });
  return sheet;
}

export async function boardPackXlsx(pack: BoardPack): Promise<Uint8Array> {
  const instant = packInstant(pack.asAt);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Followthrough";
  workbook.lastModifiedBy = "Followthrough";
  workbook.title = `Board pack: ${pack.authority.name}, ${formatDate(pack.asAt)}`;
  workbook.created = instant;
  workbook.modified = instant;

  const { summary } = pack;
  addSheet(
    workbook,
    "Summary",
    ["Item", "Value"],
    [
      ["Authority", pack.authority.name],
      ["As at", formatDate(pack.asAt)],
      ["Actions", summary.total],
      ["Signed off", summary.signedOff],
      ["Signed off (%)", summary.percentSignedOff],
      ["Red", summary.red],
      ["Amber", summary.amber],
      ["Green", summary.green],
      ["Blue", summary.blue],
      ["Overdue", summary.overdue],
      ["No target date", summary.noTargetDate],
      ["", ""],
      ["RAG key", ""],
      ...pack.ragKey.map((k) => [k.label, k.definition]),
    ],
    [24, 100],
  );
  addSheet(
    workbook,
    "Exceptions",
    ["Action", "Title", "Owner", "Reason", "Recovery date"],
    pack.exceptions.map((e) => [e.number, e.title, e.owner, e.reason, formatDate(e.recoveryDate, "Not set")]),
    [10, 50, 24, 40, 16],
  );
  addSheet(
    workbook,
    "Actions",
    [
      "Inspection",
      "Recommendation",
      "Reference",
      "Ofsted paragraph",
      "Area for improvement",
      "Impact",
      "Action",
      "Title",
      "Owner",
      "Service area",
      "Target date",
      "Baseline date",
      "Status",
      "RAG",
      "Latest update",
      "Latest update date",
      "Evidence",
    ],
    packActionRows(pack).map(({ inspection, recommendation: r, action: a }) => [
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
      formatDate(a.targetDate, "Not set"),
      formatDate(a.baselineTargetDate, "Not set"),
      a.statusLabel,
      a.ragLabel,
      a.latestUpdate?.body ?? "",
      formatDate(a.latestUpdate?.date ?? null),
      a.evidence.map((e) => `${e.description} (${e.purpose})`).join("\n"),
    ]),
    [30, 8, 12, 10, 50, 20, 8, 40, 20, 20, 14, 14, 16, 8, 50, 14, 40],
  );
  const measureRows = pack.inspections.flatMap((i) =>
    i.recommendations.flatMap((r) => r.measures.map((m) => ({ r, m }))),
  );
  const measures = addSheet(
    workbook,
    "Measures",
    [
      "Recommendation",
      "Reference",
      "Measure",
      "Baseline",
      "Latest period",
      "Latest value",
      "Statistical neighbours",
      "England",
      "Target",
      "Trend",
    ],
    measureRows.map(({ r, m }) => [
      r.number,
      r.reference,
      m.name,
      m.baseline,
      m.latest?.period ?? "No values yet",
      m.latest?.value ?? "",
      m.latest?.statisticalNeighbours ?? "",
      m.latest?.england ?? "",
      m.target,
      m.values.length === 0 ? "No values yet" : "",
    ]),
    [10, 12, 40, 20, 14, 12, 14, 12, 20, CHART_COLUMN_WIDTH],
  );
  // Each measure's trend chart sits in its row's Trend cell; a measure linked to several
  // recommendations is stored once and shown in each of its rows.
  const imageIds = new Map<number, number>();
  const chart = chartCache();
  measureRows.forEach(({ m }, index) => {
    const png = chart(m);
    if (!png) return;
    let imageId = imageIds.get(m.id);
    if (imageId === undefined) {
      imageId = workbook.addImage({ buffer: Buffer.from(png) as unknown as ExcelJS.Buffer, extension: "png" });
      imageIds.set(m.id, imageId);
    }
    const rowNumber = index + 2; // after the header
    measures.getRow(rowNumber).height = CHART_ROW_HEIGHT;
    measures.addImage(imageId, {
      tl: { col: 9, row: rowNumber - 1 },
      ext: { width: CHART_WIDTH / 2, height: CHART_HEIGHT / 2 },
      editAs: "oneCell",
    });
  });
  if (imageIds.size > 0) measures.getCell(1, 11).value = CHART_KEY;

  // The figures the charts are drawn from: every period of every measure in the pack.
  const seen = new Set<number>();
  addSheet(
    workbook,
    "Measure values",
    ["Measure", "Unit", "Period", "Value", "Statistical neighbours", "England", "Target"],
    measureRows.flatMap(({ m }) => {
      if (seen.has(m.id)) return [];
      seen.add(m.id);
      return m.values.map((v) => [
        m.name,
        m.unit,
        v.period,
        v.value,
        v.statisticalNeighbours ?? "",
        v.england ?? "",
        m.target,
      ]);
    }),
    [40, 20, 14, 12, 14, 12, 20],
  );
  const buffer = await workbook.xlsx.writeBuffer();
  return normaliseZip(new Uint8Array(buffer as ArrayBuffer), instant);
}
