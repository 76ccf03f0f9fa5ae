import { createReadableStreamFromReadable } from "@remix-run/node";
import { FileStoreError, openEvidenceFile, type StoredFile } from "./evidence-store.server";
import { logger } from "./logger.server";
import { attachmentDisposition, EVIDENCE_FILE_TYPES, type EvidenceFileType } from "./file-type.server";

/**
 * A stored file (an evidence file, a visit's letter) as a download, streamed from the store (a
 * slice at a time from the database, app/utils/evidence-store.server.ts): never
 * shown as part of this site, never cached. A file its row names but the store lacks is a 500 that
 * says so (`missing` is the message).
 */
export async function storedFileDownload(
  file: { sha256: string; type: EvidenceFileType; name: string },
  missing: string,
): Promise<Response> {
  let stored: StoredFile | null;
  try {
    stored = await openEvidenceFile(file.sha256);
  } catch (error) {
    if (!(error instanceof FileStoreError)) throw error;
    logger().warn({ err: error }, "file store failed");
    throw new Response("The file store is not available just now. Try again in a few minutes.", { status: 503 });
  }
  if (!stored) throw new Response(missing, { status: 500 });
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
