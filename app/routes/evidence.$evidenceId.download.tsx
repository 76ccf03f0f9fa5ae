import type { LoaderFunctionArgs } from "@remix-run/node";
import { getEvidenceDownload } from "../models/evidence.server";
import { notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { isEvidenceFileType } from "../utils/file-type.server";
import { storedFileDownload } from "../utils/stored-file-download.server";
import { RecordIdParam } from "../utils/record-id";

// Any signed-in user of the action's authority (and administrators) may download its evidence
// files; everyone else gets the same 404 as for evidence that does not exist.

const IdSchema = RecordIdParam;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  const id = IdSchema.safeParse(params.evidenceId);
  if (!id.success) throw notFound();
  const file = await getEvidenceDownload(actor, id.data);
  if (!file || !isEvidenceFileType(file.type))
    throw notFound("There is no evidence file with that number that you can see.");
  return storedFileDownload(
    { ...file, type: file.type },
    "The evidence file is missing from storage. Tell an administrator.",
  );
}
