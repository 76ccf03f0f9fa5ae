import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { readReport } from "../import/read-file.server";
import { MAX_REPORT_BYTES, MAX_REPORT_LABEL } from "./upload-limits";

export type ImportFormRead =
  | { ok: true; form: FormData; text: string | null; fileName: string | null }
  | { ok: false; form: FormData | null; error: string; status: 400 | 413 };

/**
 * Reads the import form: pasted text, or an uploaded file (which wins when both are given).
 * The file's type is decided by its content; anything unreadable comes back as a clear message.
 */
export async function readImportForm(request: Request): Promise<ImportFormRead> {
  let form: FormData;
  try {
    form = (request.headers.get("Content-Type") ?? "").includes("multipart/form-data")
      ? await unstable_parseMultipartFormData(
          request,
          unstable_createMemoryUploadHandler({ maxPartSize: MAX_REPORT_BYTES }),
        )
      : await request.formData();
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return {
        ok: false,
        form: null,
        error: `The file is larger than ${MAX_REPORT_LABEL}. Choose a smaller file.`,
        status: 413,
      };
    }
    return { ok: false, form: null, error: "The form could not be read. Try again.", status: 400 };
  }
  const file = form.get("report");
  if (file instanceof File && file.size > 0) {
    const read = await readReport(new Uint8Array(await file.arrayBuffer()), file.name);
    if (!read.ok) return { ok: false, form, error: `The selected file ${read.reason}.`, status: 400 };
    return { ok: true, form, text: read.text, fileName: file.name.slice(0, 255) || null };
  }
  const pasted = form.get("text");
  const text = typeof pasted === "string" && pasted.trim() !== "" ? pasted : null;
  if (text && text.length > MAX_REPORT_BYTES) {
    return { ok: false, form, error: `The pasted text is longer than ${MAX_REPORT_LABEL}.`, status: 413 };
  }
  const fileName = form.get("fileName");
  return { ok: true, form, text, fileName: typeof fileName === "string" && fileName ? fileName.slice(0, 255) : null };
}
