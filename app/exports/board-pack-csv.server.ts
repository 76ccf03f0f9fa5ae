import { IMPACT_LABELS } from "../domain/measures";
import { packActionRows } from "../models/board-pack.server";
import { formatDate } from "../utils/dates";
import { DetailsCursor, type PackSource } from "./board-pack-source.server";
import { csvField } from "./csv.server";
import { textBytes } from "./text-stream.server";

// The board pack as CSV: one row per action of the plans the pack covers, with its
// recommendation's columns repeated, written a row at a time.

const HEADER = [
  "As at",
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
  "Latest update date",
  "Latest update",
  "Evidence",
];

async function* lines(source: PackSource): AsyncGenerator<string> {
  const { pack } = source;
  // A byte-order mark first, so Excel reads the file as UTF-8.
  yield `\uFEFF${HEADER.map(csvField).join(",")}\r\n`;
  const rows = packActionRows(pack);
  const cursor = new DetailsCursor(
    source,
    rows.map((r) => r.action.id),
  );
  for (const { inspection, recommendation: r, action } of rows) {
    const a = await cursor.with(action);
    yield (
      [
        pack.asAt,
        inspection.title,
        r.number,
        r.reference,
        r.paragraph,
        r.text,
        r.impactLevel ? IMPACT_LABELS[r.impactLevel] : "Not yet judged",
        a.number,
        a.title,
        a.owner,
        a.serviceArea,
        a.targetDate,
        a.baselineTargetDate,
        a.statusLabel,
        a.ragLabel,
        a.latestUpdate?.date,
        a.latestUpdate?.body,
        a.evidence.map((e) => `${e.description} (${e.purpose}${e.date ? `, ${formatDate(e.date)}` : ""})`).join("; "),
      ]
        .map(csvField)
        .join(",") + "\r\n"
    );
  }
}

/** The pack as CSV bytes, written while the pack is read. */
export function boardPackCsv(source: PackSource): AsyncGenerator<Uint8Array> {
  return textBytes(lines(source));
}
