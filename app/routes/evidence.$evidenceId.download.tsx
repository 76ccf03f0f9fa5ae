import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getEvidenceDownload } from "../models/evidence.server";
import { notFound } from "../utils/auth.server";
import { requireContext } from "../utils/context.server";
import { openEvidenceFile } from "../utils/evidence-store.server";
import { attachmentDisposition, EVIDENCE_FILE_TYPES, isEvidenceFileType } from "../utils/file-type.server";

// Any signed-in user of the action's authority (and administrators) may download its evidence
// files; everyone else gets the same 404 as for evidence that does not exist.

const IdSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/)
  .transform(Number);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireContext(request);
  const id = IdSchema.safeParse(params.evidenceId);
  if (!id.success) throw notFound();
  const file = await getEvidenceDownload(actor, id.data);
  if (!file || !isEvidenceFileType(file.type))
    throw notFound("There is no evidence file with that number that you can see.");
  const stored = await openEvidenceFile(file.sha256);
  if (!stored) throw new Response("The evidence file is missing from storage. Tell an administrator.", { status: 500 });
  return new Response(createReadableStreamFromReadable(stored.stream), {
    headers: {
      "Content-Type":
        EVIDENCE_FILE_TYPES[file.type].mime + (file.type === "text" || file.type === "csv" ? "; charset=utf-8" : ""),
      "Content-Length": String(stored.size),
      "Content-Disposition": attachmentDisposition(file.name),
      "X-Content-Type-Options": "nosniff",
      // Nothing in a download may run as part of this site, even if a browser opens it inline.
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
