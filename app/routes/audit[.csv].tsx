import type { LoaderFunctionArgs } from "@remix-run/node";
import { describeAuditEvent } from "../components/audit-text";
import { toCsv } from "../exports/csv.server";
import { canViewAuditLog, listAuditEventsForExport } from "../models/audit-log.server";
import { parseAuditQuery } from "../utils/audit-filters";
import { forbidden } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { formatDateTime } from "../utils/dates";

// /audit.csv: the audit log with the page's filters, every matching entry, for Excel.

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

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, today } = await requireContext(request);
  if (!canViewAuditLog(actor)) throw forbidden("The audit log is for improvement leads and administrators.");
  const { filters, errors } = parseAuditQuery(new URL(request.url).searchParams);
  if (Object.keys(errors).length > 0) {
    throw new Response(Object.values(errors).join("\n"), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const rows = await listAuditEventsForExport(actor, filters);
  const csv = toCsv(
    [
      HEADER,
      ...rows.map((row) => [
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
      ]),
    ],
    { bom: true },
  );
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${today}.csv"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
