import { IMPACT_LABELS } from "../domain/measures";
import { type BoardPack, packActionRows } from "../models/board-pack.server";
import { formatDate } from "../utils/dates";
import { toCsv } from "./csv.server";

// The board pack as CSV: one row per action, with its recommendation's columns repeated.

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

export function boardPackCsv(pack: BoardPack): Uint8Array {
  const csv = toCsv(
    [
      HEADER,
      ...packActionRows(pack).map(({ inspection, recommendation: r, action: a }) => [
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
      ]),
    ],
    { bom: true },
  );
  return new TextEncoder().encode(csv);
}
