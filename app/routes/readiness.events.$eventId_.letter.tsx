import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getInspectionEventLetter } from "../models/inspection-events.server";
import { notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { openEvidenceFile } from "../utils/evidence-store.server";
import { attachmentDisposition, EVIDENCE_FILE_TYPES, isEvidenceFileType } from "../utils/file-type.server";

// /readiness/events/:eventId/letter: anyone who can see the event's authority (and administrators)
// may download its letter; everyone else gets the same 404 as for a letter that does not exist.

const IdSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/)
  .transform(Number);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  const id = IdSchema.safeParse(params.eventId);
  if (!id.success) throw notFound();
  const letter = await getInspectionEventLetter(actor, id.data);
  if (!letter || !isEvidenceFileType(letter.type))
    throw notFound("There is no letter with that number that you can see.");
  const stored = await openEvidenceFile(letter.sha256);
  if (!stored) throw new Response("The letter is missing from storage. Tell an administrator.", { status: 500 });
  return new Response(createReadableStreamFromReadable(stored.stream), {
    headers: {
      "Content-Type": EVIDENCE_FILE_TYPES[letter.type].mime,
      "Content-Length": String(stored.size),
      "Content-Disposition": attachmentDisposition(letter.name),
      "X-Content-Type-Options": "nosniff",
      // Nothing in a download may run as part of this site, even if a browser opens it inline.
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
