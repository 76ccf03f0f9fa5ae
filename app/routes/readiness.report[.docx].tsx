import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { downloadHeaders, fileSlug, streamedDownload } from "../exports/board-pack-files.server";
import { readinessReportDocx } from "../exports/readiness-report-docx.server";
import { listVisibleAuthorities } from "../models/authority.server";
import { getProtectiveMarking } from "../models/protective-marking.server";
import { buildReadinessReport } from "../models/readiness-report.server";
import { notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { requestBaseUrl } from "../utils/mailer.server";
import { storedInteger } from "../utils/record-id";

// /readiness/report.docx: the readiness report as a Word document, for the chosen authority.

const QuerySchema = z.object({ authority: storedInteger().optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, today } = await requireContext(request);
  const { authority } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const authorities = await listVisibleAuthorities(actor);
  const authorityId = authority ?? authorities[0]?.id;
  if (authorityId === undefined || !authorities.some((a) => a.id === authorityId)) throw notFound();
  const report = await buildReadinessReport(actor, authorityId, today);
  if (!report) throw notFound();
  const name = `${fileSlug(report.authority.name, "authority")}-readiness-report-${today}`;
  return streamedDownload(
    readinessReportDocx(report, await getProtectiveMarking(authorityId), requestBaseUrl(request)),
    downloadHeaders("application/vnd.openxmlformats-officedocument.wordprocessingml.document", `${name}.docx`),
  );
}
