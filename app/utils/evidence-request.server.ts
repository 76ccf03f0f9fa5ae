import type { NewEvidence } from "../models/evidence.server";
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_LABEL, EvidenceFormSchema } from "./evidence-form";
import { FileStoreError, storeEvidenceFile } from "./evidence-store.server";
import { logger } from "./logger.server";
import { ACCEPTED_FILES_TEXT, detectFileType, sanitiseFileName } from "./file-type.server";
import { type FieldErrors, parseForm } from "./forms";
import { MultipartTooLarge, readMultipartForm } from "./multipart.server";

/** Text fields on the evidence form are short; this only stops a huge field filling memory. */
const MAX_FIELD_BYTES = 64 * 1024;

export type EvidenceFormRead =
  { ok: true; form: FormData; upload: File | null } | { ok: false; error: string; status: 400 | 413 };

/** The file, the text fields, and the multipart framing around them. */
const MAX_FORM_BYTES = EVIDENCE_MAX_BYTES + 1024 * 1024;

/** Reads the multipart evidence form: the one file part (up to 25 MB) and the text fields. */
async function readEvidenceForm(request: Request): Promise<EvidenceFormRead> {
  let form: FormData;
  try {
    form = (request.headers.get("Content-Type") ?? "").includes("multipart/form-data")
      ? await readMultipartForm(request, {
          maxBytes: MAX_FORM_BYTES,
          maxFileBytes: EVIDENCE_MAX_BYTES,
          maxFieldBytes: MAX_FIELD_BYTES,
        })
      : await request.formData();
  } catch (error) {
    if (error instanceof MultipartTooLarge) {
      return {
        ok: false,
        status: 413,
        error:
          error.field === "file" || error.field === null
            ? `The selected file must be smaller than ${EVIDENCE_MAX_LABEL}. Choose a smaller file, or add a link to where the document is kept.`
            : "The form is too large to read. Shorten what you typed and try again.",
      };
    }
    return { ok: false, status: 400, error: "The form could not be read. Try again." };
  }
  // Only the "file" field may hold a file; a file under any other name is ignored.
  for (const [name, value] of [...form]) if (name !== "file" && typeof value !== "string") form.delete(name);
  const upload = form.get("file");
  return { ok: true, form, upload: upload instanceof File && upload.size > 0 ? upload : null };
}

type CheckedUpload = { ok: true; bytes: Uint8Array; name: string; type: string } | { ok: false; error: string };

/** Checks an uploaded file's type from its bytes; the declared type and the name play no part. */
async function checkUpload(upload: File): Promise<CheckedUpload> {
  const bytes = new Uint8Array(await upload.arrayBuffer());
  if (bytes.length > EVIDENCE_MAX_BYTES) {
    return { ok: false, error: `The selected file must be smaller than ${EVIDENCE_MAX_LABEL}` };
  }
  const detected = detectFileType(bytes);
  if (!detected.ok) return { ok: false, error: `The selected file ${detected.reason}. Upload ${ACCEPTED_FILES_TEXT}.` };
  return { ok: true, bytes, name: sanitiseFileName(upload.name, detected.type), type: detected.type };
}

/** Shown when the file store fails: nothing was saved, and the user can simply try again. */
export const FILE_NOT_STORED =
  "The file could not be saved just now because the file store is not available. Nothing has been saved: choose the file again and try again in a few minutes.";

export type EvidenceSubmission =
  | { ok: true; evidence: Omit<NewEvidence, "actionId"> }
  | { ok: false; status: 400 | 413 | 503; errors: FieldErrors; submitted: Record<string, string> };

/**
 * Reads and checks a posted evidence form. A file is stored (by hash) only once everything else
 * is valid; every problem comes back at once with what the user typed.
 */
export async function readEvidenceSubmission(request: Request): Promise<EvidenceSubmission> {
  const read = await readEvidenceForm(request);
  if (!read.ok) return { ok: false, status: read.status, errors: { file: read.error }, submitted: {} };
  const submitted = Object.fromEntries(
    [...read.form].filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "file"),
  );
  const parsed = parseForm(EvidenceFormSchema, read.form);
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  let checked: CheckedUpload | null = null;
  if (submitted.kind === "file") {
    checked = read.upload ? await checkUpload(read.upload) : { ok: false, error: "Choose a file to upload" };
    if (!checked.ok) errors.file = checked.error;
  }
  if (!parsed.ok || Object.keys(errors).length > 0) return { ok: false, status: 400, errors, submitted };
  const form = parsed.data;
  let file: Omit<NewEvidence, "actionId">["file"] = null;
  if (form.kind === "file" && checked?.ok) {
    let sha256: string;
    try {
      sha256 = await storeEvidenceFile(checked.bytes);
    } catch (error) {
      if (!(error instanceof FileStoreError)) throw error;
      // The store is out of reach (a database or shared folder down): nothing was saved, and the
      // form comes back with everything typed, for the user to send again.
      logger().warn({ err: error }, "file store failed");
      return { ok: false, status: 503, errors: { file: FILE_NOT_STORED }, submitted };
    }
    file = { sha256, name: checked.name, size: checked.bytes.length, type: checked.type };
  }
  return {
    ok: true,
    evidence: {
      kind: form.kind,
      purpose: form.purpose,
      description: form.description,
      url: form.kind === "link" ? form.url : null,
      evidenceDate: form.evidenceDate,
      file,
    },
  };
}
