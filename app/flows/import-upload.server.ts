/**
 * The first step of importing a report: the upload form. The file (or pasted text) is checked
 * for what can be told at once (nothing in it, too large, not a PDF, Word or text file) and kept
 * as a new draft; reading it happens in a worker once the draft's page asks for it.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { z } from "zod";
import type { Actor } from "../domain/permissions";
import { classifyReport, textLengthRefusal } from "../import/read-file.server";
import { READ_LIMITS } from "../import/read-limits";
import { createImportDraft } from "../models/import-drafts.server";
import { readFormWithin } from "../utils/form-body.server";
import type { FieldErrors } from "../utils/forms";
import { MAX_REPORT_LABEL } from "../utils/upload-limits";
import { failureSentence } from "./import-read.server";

/** The upload form's body: the file plus a pasted text (4 bytes a character at most) and a little more. */
const MAX_UPLOAD_FORM_BYTES = READ_LIMITS.fileBytes + 4 * READ_LIMITS.textCharacters + 64 * 1024;

const UploadSchema = z.object({
  text: z.string().optional().default(""),
});

export type UploadOutcome =
  { ok: true; draftId: number } | { ok: false; status: 400 | 413; errors: FieldErrors; text: string };

const fileName = (name: string) =>
  name
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .slice(0, 255);

/** Reads the upload form and keeps the report as a draft, or says why it cannot be. */
export async function uploadReport(actor: Actor, request: Request, now: Date): Promise<UploadOutcome> {
  const read = await readFormWithin(request, MAX_UPLOAD_FORM_BYTES, READ_LIMITS.fileBytes);
  if (!read.ok) {
    const message =
      read.reason === "too_large"
        ? `The file is larger than ${MAX_REPORT_LABEL}. Choose a smaller file.`
        : "The form could not be read. Try again.";
    return { ok: false, status: read.status, errors: { report: message }, text: "" };
  }
  const { form } = read;
  const parsed = UploadSchema.safeParse({ text: typeof form.get("text") === "string" ? form.get("text") : undefined });
  const text = parsed.success ? parsed.data.text : "";
  const file = form.get("report");
  // A form sent without choosing a file still has the file field, with no name and no bytes.
  if (file instanceof File && (file.name !== "" || file.size > 0)) {
    const name = fileName(file.name);
    if (file.size === 0) {
      return {
        ok: false,
        status: 400,
        errors: {
          report: `The file “${name}” is empty (0 bytes), so there is nothing to read. Choose the report again; if it is still empty, download it from Ofsted again.`,
        },
        text,
      };
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const kind = classifyReport(bytes);
    if (!kind.ok) {
      return {
        ok: false,
        status: 400,
        errors: { report: failureSentence({ kind: "file", fileName: name }, kind.reason) },
        text,
      };
    }
    // Gathering a large upload took a moment, and storing it takes another: let other requests run between.
    await nextTurn();
    return { ok: true, draftId: await createImportDraft(actor, { kind: "file", bytes, fileName: name }, now) };
  }
  if (text.trim() === "") {
    return { ok: false, status: 400, errors: { text: "Paste the report's text or choose a file" }, text };
  }
  const tooLong = textLengthRefusal(text);
  if (tooLong) {
    return { ok: false, status: 413, errors: { text: failureSentence({ kind: "text" }, tooLong) }, text: "" };
  }
  return { ok: true, draftId: await createImportDraft(actor, { kind: "text", text }, now) };
}
