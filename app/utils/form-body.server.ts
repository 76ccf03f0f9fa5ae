import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";

/** Why a form body was not read: too large (413), or not a form at all (400). */
export type FormBodyRefusal = { ok: false; status: 400 | 413; reason: "too_large" | "unreadable" };

/**
 * The request's form, read only up to `maxBytes` (Remix would read a body of any size into
 * memory): a larger body is refused without being read to the end. Multipart forms keep each
 * file part under `maxFileBytes`.
 */
export async function readFormWithin(
  request: Request,
  maxBytes: number,
  maxFileBytes = maxBytes,
): Promise<{ ok: true; form: FormData } | FormBodyRefusal> {
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, status: 413, reason: "too_large" };
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body) {
    const reader = request.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > maxBytes) {
          await reader.cancel().catch(() => undefined);
          return { ok: false, status: 413, reason: "too_large" };
        }
        chunks.push(value);
      }
    } catch {
      return { ok: false, status: 400, reason: "unreadable" };
    }
  }
  const body = Buffer.concat(chunks);
  const type = request.headers.get("Content-Type") ?? "";
  try {
    if (type.includes("multipart/form-data")) {
      const buffered = new Request(request.url, { method: "POST", headers: request.headers, body });
      const form = await unstable_parseMultipartFormData(
        buffered,
        unstable_createMemoryUploadHandler({ maxPartSize: maxFileBytes }),
      );
      return { ok: true, form };
    }
    const form = new FormData();
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) form.append(key, value);
    return { ok: true, form };
  } catch (error) {
    return error instanceof MaxPartSizeExceededError
      ? { ok: false, status: 413, reason: "too_large" }
      : { ok: false, status: 400, reason: "unreadable" };
  }
}
