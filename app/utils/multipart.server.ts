// Reads a multipart/form-data body (a form with a file) into FormData, within limits.
//
// Remix's parser splits the Content-Disposition header at every ";" and "=", so a file called
// "Audit; March.pdf" or "a=b.pdf" made the whole form unreadable. This one reads the header as
// browsers write it (WHATWG HTML: the name in quotes, with only `"`, CR and LF percent-encoded;
// RFC 7578), and RFC 5987 `filename*=` from other clients. The body is counted as it arrives and
// refused once over the limit, so it is never held in full beyond what the limit allows.

export class MultipartTooLarge extends Error {
  /** The field that was too large, or null when the whole body was. */
  constructor(readonly field: string | null) {
    super(field ? `The field ${field} is too large` : "The form is too large");
  }
}

export class MultipartUnreadable extends Error {}

export interface MultipartLimits {
  /** The whole body. */
  maxBytes: number;
  /** Each file part. */
  maxFileBytes: number;
  /** Each text field. */
  maxFieldBytes: number;
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");
const MAX_HEADER_BYTES = 16 * 1024;

/** The boundary named in a multipart/form-data Content-Type, or null. */
export function multipartBoundary(contentType: string | null): string | null {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : null;
}

async function readBody(request: Request, maxBytes: number): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new MultipartTooLarge(null);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** Splits a header's parameters (`form-data; name="a"; filename="b;c.pdf"`), honouring quotes. */
export function dispositionParameters(header: string): Map<string, string> {
  const parameters = new Map<string, string>();
  let i = header.indexOf(";");
  if (i < 0 || header.slice(0, i).trim().toLowerCase() !== "form-data") throw new MultipartUnreadable();
  while (i < header.length) {
    // At a ";": read "name=value" up to the next ";" outside quotes.
    i += 1;
    while (header[i] === " " || header[i] === "\t") i++;
    const equals = header.indexOf("=", i);
    if (equals < 0) break;
    const name = header.slice(i, equals).trim().toLowerCase();
    i = equals + 1;
    while (header[i] === " " || header[i] === "\t") i++;
    let value: string;
    if (header[i] === '"') {
      // Browsers do not escape backslashes in names (a "\" is a character of the name); the value
      // ends at the next quote, as they percent-encode any quote inside it.
      const close = header.indexOf('"', i + 1);
      if (close < 0) throw new MultipartUnreadable();
      value = header.slice(i + 1, close);
      i = header.indexOf(";", close + 1);
      if (i < 0) i = header.length;
    } else {
      const end = header.indexOf(";", i);
      value = header.slice(i, end < 0 ? header.length : end).trim();
      i = end < 0 ? header.length : end;
    }
    if (name && !parameters.has(name)) parameters.set(name, value);
  }
  return parameters;
}

/** A quoted name as browsers send it: only `"`, CR and LF are percent-encoded. */
function browserName(value: string): string {
  return value.replace(/%22/gi, '"').replace(/%0D/gi, "\r").replace(/%0A/gi, "\n");
}

/** RFC 5987: `UTF-8''Audit%3B%20March.pdf`. */
function extendedName(value: string): string | null {
  const match = /^utf-8'[^']*'(.*)$/i.exec(value);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

interface Part {
  name: string;
  fileName: string | null;
  type: string;
  body: Buffer;
}

function parseHeaders(block: string): Omit<Part, "body"> {
  let disposition: Map<string, string> | null = null;
  let type = "";
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) throw new MultipartUnreadable();
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "content-disposition") disposition = dispositionParameters(value);
    else if (name === "content-type") type = value;
  }
  const fieldName = disposition?.get("name");
  if (!disposition || fieldName === undefined) throw new MultipartUnreadable();
  const extended = disposition.has("filename*") ? extendedName(disposition.get("filename*")!) : null;
  const plain = disposition.get("filename");
  const fileName = extended ?? (plain === undefined ? null : browserName(plain));
  return { name: browserName(fieldName), fileName, type };
}

function* parts(body: Buffer, boundary: string): Generator<Part> {
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  if (at < 0) throw new MultipartUnreadable();
  for (;;) {
    at += delimiter.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return; // "--": the last delimiter
    if (body.indexOf(CRLF, at) !== at) throw new MultipartUnreadable();
    const headersStart = at + CRLF.length;
    const headersEnd = body.indexOf(HEADER_END, headersStart);
    if (headersEnd < 0 || headersEnd - headersStart > MAX_HEADER_BYTES) throw new MultipartUnreadable();
    const head = parseHeaders(body.toString("utf8", headersStart, headersEnd));
    const contentStart = headersEnd + HEADER_END.length;
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), contentStart);
    if (next < 0) throw new MultipartUnreadable();
    yield { ...head, body: body.subarray(contentStart, next) };
    at = next + CRLF.length;
  }
}

/**
 * The request's multipart form. Throws MultipartTooLarge (with the field, when one part is over its
 * limit) or MultipartUnreadable (not multipart, or damaged).
 */
export async function readMultipartForm(request: Request, limits: MultipartLimits): Promise<FormData> {
  const boundary = multipartBoundary(request.headers.get("Content-Type"));
  if (!boundary) throw new MultipartUnreadable();
  const body = await readBody(request, limits.maxBytes);
  const form = new FormData();
  for (const part of parts(body, boundary)) {
    if (part.fileName !== null) {
      if (part.body.length > limits.maxFileBytes) throw new MultipartTooLarge(part.name);
      form.append(
        part.name,
        new File([new Uint8Array(part.body)], part.fileName, { type: part.type || "application/octet-stream" }),
      );
    } else {
      if (part.body.length > limits.maxFieldBytes) throw new MultipartTooLarge(part.name);
      form.append(part.name, part.body.toString("utf8"));
    }
  }
  return form;
}
