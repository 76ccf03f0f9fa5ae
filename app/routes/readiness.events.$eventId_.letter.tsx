import type { LoaderFunctionArgs } from "@remix-run/node";
import { getInspectionEventLetter } from "../models/inspection-events.server";
import { notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { isEvidenceFileType } from "../utils/file-type.server";
import { storedFileDownload } from "../utils/stored-file-download.server";
import { RecordIdParam } from "../utils/record-id";

// /readiness/events/:eventId/letter: anyone who can see the event's authority (and administrators)
// may download its letter; everyone else gets the same 404 as for a letter that does not exist.

const IdSchema = RecordIdParam;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  const id = IdSchema.safeParse(params.eventId);
  if (!id.success) throw notFound();
  const letter = await getInspectionEventLetter(actor, id.data);
  if (!letter || !isEvidenceFileType(letter.type))
    throw notFound("There is no letter with that number that you can see.");
  return storedFileDownload(
    { ...letter, type: letter.type },
    "The letter is missing from storage. Tell an administrator.",
  );
}
