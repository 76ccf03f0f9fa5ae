import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditLogCsv } from "../exports/audit-csv.server";
import { downloadHeaders, streamedDownload } from "../exports/board-pack-files.server";
import { auditEventPagesForExport, canViewAuditLog } from "../models/audit-log.server";
import { parseAuditQuery } from "../utils/audit-filters";
import { forbidden } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";

// /audit.csv: the audit log with the page's filters, every matching entry, for Excel; written a
// page of events at a time as it is downloaded.

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
  return streamedDownload(
    auditLogCsv(auditEventPagesForExport(actor, filters)),
    downloadHeaders("text/csv; charset=utf-8", `audit-log-${today}.csv`),
  );
}
