import { MultipartTooLarge, MultipartUnreadable, readMultipartForm } from "./multipart.server";

/** Why a form body was not read: too large (413), or not a form at all (400). */
export type FormBodyRefusal = { ok: false; status: 400 | 413; reason: "too_large" | "unreadable" };

async function readUrlEncoded(request: Request, maxBytes: number): Promise<FormData | "too_large"> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return "too_large";
      }
      chunks.push(value);
    }
  }
  const form = new FormData();
  for (const [key, value] of new URLSearchParams(Buffer.concat(chunks, total).toString("utf8"))) {
    form.append(key, value);
  }
  return form;
}

/**
 * The request's form, read only up to `maxBytes` (Remix would read a body of any size into
 * memory): a larger body is refused without being read to the end. Multipart forms (read by
 * app/utils/multipart.server.ts, which also reads file names with `;` or `=` in them) keep each file
 * part under `maxFileBytes`.
 */
export async function readFormWithin(
  request: Request,
  maxBytes: number,
  maxFileBytes = maxBytes,
): Promise<{ ok: true; form: FormData } | FormBodyRefusal> {
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, status: 413, reason: "too_large" };
  try {
    if (/^\s*multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) {
      const form = await readMultipartForm(request, { maxBytes, maxFileBytes, maxFieldBytes: maxBytes });
      return { ok: true, form };
    }
    const form = await readUrlEncoded(request, maxBytes);
    return form === "too_large" ? { ok: false, status: 413, reason: "too_large" } : { ok: true, form };
  } catch (error) {
    if (error instanceof MultipartTooLarge) return { ok: false, status: 413, reason: "too_large" };
    if (error instanceof MultipartUnreadable) return { ok: false, status: 400, reason: "unreadable" };
    return { ok: false, status: 400, reason: "unreadable" };
  }
}
