import ExcelJS from "exceljs";
import { IMPACT_LABELS } from "../domain/measures";
import { type BoardPack, packActionRows } from "../models/board-pack.server";
import { formatDate } from "../utils/dates";
import { normaliseZip, packInstant } from "./board-pack-zip.server";

// The board pack as an Excel workbook: Summary (with the RAG key), Exceptions, Actions (one row per
// action, the columns of the spreadsheets boards used before) and Measures.

function addSheet(workbook: ExcelJS.Workbook, name: string, header: string[], rows: (string | number)[][], widths: number[]) {
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
      formatDate(a.targetDate, "Not set"),
      formatDate(a.baselineTargetDate, "Not set"),
      a.statusLabel,
      a.ragLabel,
      a.latestUpdate?.body ?? "",
      formatDate(a.latestUpdate?.date ?? null),
      a.evidence.map((e) => `${e.description} (${e.purpose})`).join("\n"),
    ]),
    [30, 8, 12, 10, 50, 20, 8, 40, 20, 14, 14, 16, 8, 50, 14, 40],
  );
  addSheet(
    workbook,
    "Measures",
    ["Recommendation", "Reference", "Measure", "Baseline", "Latest period", "Latest value", "Statistical neighbours", "England", "Target"],
    pack.inspections.flatMap((i) =>
      i.recommendations.flatMap((r) =>
        r.measures.map((m) => [
          r.number,
          r.reference,
          m.name,
          m.baseline,
          m.latest?.period ?? "No values yet",
          m.latest?.value ?? "",
          m.latest?.statisticalNeighbours ?? "",
          m.latest?.england ?? "",
          m.target,
        ]),
      ),
    ),
    [10, 12, 40, 20, 14, 12, 14, 12, 20],
  );
  const buffer = await workbook.xlsx.writeBuffer();
  return normaliseZip(new Uint8Array(buffer as ArrayBuffer), instant);
}
