/**
 * Reads a report file into text for the parser. Plain UTF-8 text only for now; PDF and
 * DOCX readers (pdfjs, mammoth) will be added here and produce text the same parser reads.
 */
import fs from "node:fs/promises";

export type ReadReportResult = { ok: true; text: string } | { ok: false; reason: string };

const ERROR_REASONS: Record<string, string> = {
  ENOENT: "file not found",
  EISDIR: "is a directory, not a file",
  EACCES: "permission denied",
  EPERM: "permission denied",
};

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

export async function readReportFile(filePath: string): Promise<ReadReportResult> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(filePath);
  } catch (error) {
    const code = errorCode(error);
    return { ok: false, reason: (code && ERROR_REASONS[code]) ?? `cannot be read (${code ?? String(error)})` };
  }
  return decodeReportBytes(bytes);
}

/** Text from an uploaded or read file, or why it cannot be read; the type is decided by content, not name. */
export function decodeReportBytes(data: Uint8Array): ReadReportResult {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.subarray(0, 5).toString("latin1") === "%PDF-") {
    return {
      ok: false,
      reason: "is a PDF; only plain text reports can be read for now (convert it with pdftotext -layout)",
    };
  }
  if (bytes.subarray(0, 4).toString("latin1") === "PK\u0003\u0004") {
    return { ok: false, reason: "is a Word or zip file; only plain text reports can be read for now" };
  }
  if (bytes.includes(0)) return { ok: false, reason: "is a binary file, not text" };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: "is not valid UTF-8 text" };
  }
  if (text.trim() === "") return { ok: false, reason: "is empty" };
  return { ok: true, text };
}
