/** Why a form body was not read: too large (413), or not a form at all (400). */
export type FormBodyRefusal = { ok: false; status: 400 | 413; reason: "too_large" | "unreadable" };

const CRLF = Buffer.from("\r\n");
const HEADERS_END = Buffer.from("\r\n\r\n");

/** A header parameter (`name="report"`), quoted or not. */
function parameter(header: string, name: string): string | null {
  const match = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, "i").exec(header);
  if (!match) return null;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : match[2].trim();
}

/**
 * multipart/form-data, parsed with native buffer searches: a 20 MB upload is split in a few
 * milliseconds, where a byte-by-byte parser held the server's only thread for a second or more.
 */
function parseMultipart(body: Buffer, boundary: string, maxFileBytes: number): FormData | "too_large" | null {
  const delimiter = Buffer.from(`--${boundary}`);
  const form = new FormData();
  let at = body.indexOf(delimiter);
  if (at < 0) return null;
  for (;;) {
    at += delimiter.length;
    // "--" after a delimiter ends the form.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return form;
    if (!body.subarray(at, at + 2).equals(CRLF)) return null;
    const headersEnd = body.indexOf(HEADERS_END, at + 2);
    if (headersEnd < 0) return null;
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), headersEnd + 4);
    if (next < 0) return null;
    const headers = body
      .subarray(at + 2, headersEnd)
      .toString("utf8")
      .split("\r\n");
    const header = (name: string) =>
      headers
        .find((h) => h.toLowerCase().startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim() ?? "";
    const disposition = header("content-disposition");
    const name = parameter(disposition, "name");
    const data = body.subarray(headersEnd + 4, next);
    if (name !== null) {
      // Browsers escape a quote and line breaks in a file's name (HTML's multipart encoding).
      const fileName = parameter(disposition, "filename")?.replace(/%(22|0D|0A)/gi, (_, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      );
      if (fileName !== undefined) {
        if (data.length > maxFileBytes) return "too_large";
        form.append(name, new File([new Uint8Array(data)], fileName, { type: header("content-type") }));
      } else {
        form.append(name, data.toString("utf8"));
      }
    }
    at = next + CRLF.length;
  }
}

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
  if (/^multipart\/form-data/i.test(type)) {
    const boundary = parameter(type.slice(type.indexOf(";") + 1), "boundary");
    const form = boundary ? parseMultipart(body, boundary, maxFileBytes) : null;
    if (form === "too_large") return { ok: false, status: 413, reason: "too_large" };
    return form ? { ok: true, form } : { ok: false, status: 400, reason: "unreadable" };
  }
  const form = new FormData();
  for (const [key, value] of new URLSearchParams(body.toString("utf8"))) form.append(key, value);
  return { ok: true, form };
}
