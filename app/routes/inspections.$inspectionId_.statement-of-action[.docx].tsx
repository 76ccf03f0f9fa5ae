import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { downloadHeaders, fileSlug, streamedDownload } from "../exports/board-pack-files.server";
import { statementOfActionDocx } from "../exports/statement-of-action-docx.server";
import { buildStatementOfAction } from "../models/statement-of-action.server";
import { notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { storedInteger } from "../utils/record-id";

// /inspections/:inspectionId/statement-of-action.docx: the statement of action for the
// inspection's plan as it stands today, as Word, for anyone who may see the inspection.

const ParamsSchema = z.object({ inspectionId: storedInteger() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, today } = await requireContext(request);
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const statement = await buildStatementOfAction(actor, parsed.data.inspectionId, today);
  if (!statement) throw notFound();
  const name = `${fileSlug(statement.authority.name, "authority")}-statement-of-action-${today}.docx`;
  return streamedDownload(
    statementOfActionDocx(statement),
    downloadHeaders("application/vnd.openxmlformats-officedocument.wordprocessingml.document", name),
  );
}
