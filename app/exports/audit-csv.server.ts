import { setImmediate as nextTurn } from "node:timers/promises";
import { describeAuditEvent } from "../components/audit-text";
import { formatDateTime } from "../utils/dates";
import type { AuditLogRow } from "../models/audit-log.server";
import { csvField } from "./csv.server";
import { textBytes } from "./text-stream.server";

// The audit log as CSV for Excel, written a page of events at a time: every matching entry,
// however many, without holding them all.

const HEADER = [
  "When (UTC, ISO 8601)",
  "When (UK time)",
  "Who",
  "Authority",
  "Entity",
  "Entity ID",
  "Event",
  "Description",
  "Before (JSON)",
  "After (JSON)",
];

const line = (cells: readonly (string | number | null)[]) => `${cells.map(csvField).join(",")}\r\n`;

async function* lines(pages: AsyncIterable<AuditLogRow[]>): AsyncGenerator<string> {
  // A byte-order mark first, so Excel reads the file as UTF-8.
  yield `\uFEFF${line(HEADER)}`;
  for await (const rows of pages) {
    let text = "";
    for (const row of rows) {
      text += line([
        row.at,
        formatDateTime(row.at),
        row.user_name ?? "System",
        row.authority_name ?? "",
        row.entity_type,
        row.entity_id,
        row.event,
        describeAuditEvent(row.event, row.before, row.after),
        row.before ?? "",
        row.after ?? "",
      ]);
    }
    yield text;
    await nextTurn();
  }
}

/** The CSV's bytes, read from the pages of events as the download proceeds. */
export function auditLogCsv(pages: AsyncIterable<AuditLogRow[]>): AsyncGenerator<Uint8Array> {
  return textBytes(lines(pages));
}
