import zlib from "node:zlib";
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { z } from "zod";
import type { Workbook } from "../import/spreadsheet/types";
import { MAX_PLAN_BYTES, MAX_PLAN_LABEL } from "./upload-limits";

/** The later steps carry the sheet in a hidden field; their whole request stays under this. */
const MAX_FORM_BYTES = 25 * 1024 * 1024;
/** A decoded sheet larger than this is refused rather than unpacked (it cannot come from a real upload). */
const MAX_DECODED_BYTES = 64 * 1024 * 1024;

export type PlanImportFormRead =
  | { ok: true; form: FormData; upload: { bytes: Uint8Array; fileName: string } | null }
  | { ok: false; error: string; status: 400 | 413 };

const TOO_LARGE = `The file is larger than ${MAX_PLAN_LABEL}. Choose a smaller file, or remove the worksheets that are not the plan.`;

/** Reads the upload step (multipart, with the file) or a later step (the sheet in a hidden field), within size limits. */
export async function readPlanImportForm(request: Request): Promise<PlanImportFormRead> {
  const multipart = (request.headers.get("Content-Type") ?? "").includes("multipart/form-data");
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > MAX_FORM_BYTES + (multipart ? 1024 * 1024 : 0)) return { ok: false, error: TOO_LARGE, status: 413 };
  let form: FormData;
  try {
    form = multipart
      ? await unstable_parseMultipartFormData(
          request,
          unstable_createMemoryUploadHandler({ maxPartSize: MAX_PLAN_BYTES }),
        )
      : await request.formData();
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: TOO_LARGE, status: 413 };
    return { ok: false, error: "The form could not be read. Try again.", status: 400 };
  }
  const file = form.get("plan");
  if (file instanceof File && file.size > 0) {
    return {
      ok: true,
      form,
      upload: { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name.slice(0, 255) },
    };
  }
  return { ok: true, form, upload: null };
}

/** The sheet as it travels between steps: JSON, gzipped, base64. Nothing is stored on the server before confirm. */
export function encodeWorkbook(workbook: Workbook): string {
  return zlib.gzipSync(JSON.stringify(workbook)).toString("base64");
}

const cellSchema = z.union([
  z.string(),
  z.number(),
  z.object({ d: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  z.null(),
]);
const workbookSchema = z.object({
  sheets: z
    .array(z.object({ name: z.string().max(200), hidden: z.boolean(), rows: z.array(z.array(cellSchema)) }))
    .min(1)
    .max(255),
  date1904: z.boolean(),
});

/** The sheet back from its hidden field, or null if it was damaged or tampered with. */
export function decodeWorkbook(encoded: string): Workbook | null {
  try {
    const json = zlib
      .gunzipSync(Buffer.from(encoded, "base64"), { maxOutputLength: MAX_DECODED_BYTES })
      .toString("utf8");
    const parsed = workbookSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
