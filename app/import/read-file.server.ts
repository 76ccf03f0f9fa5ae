/**
 * Reads a report file into text for the parser. The type is decided by content, not by
 * name: PDF (pdfjs, laid out like `pdftotext -layout`), Word .docx (mammoth) or UTF-8
 * text. Anything else comes back with a reason that reads after "The selected file ".
 */
import fs from "node:fs/promises";

import { docxToText } from "./docx-text.server";
import { pdfToText } from "./pdf-text.server";

/** The largest report file read; real Ofsted reports are well under 5 MB. */
export const MAX_REPORT_FILE_BYTES = 20 * 1024 * 1024;

export type ReportFormat = "pdf" | "docx" | "text";

export type ReadReportResult = { ok: true; text: string; format: ReportFormat } | { ok: false; reason: string };

export type DecodeTextResult = { ok: true; text: string } | { ok: false; reason: string };

const ERROR_REASONS: Record<string, string> = {
  ENOENT: "file not found",
  EISDIR: "is a directory, not a file",
  EACCES: "permission denied",
  EPERM: "permission denied",
};

export const REASONS = {
  tooLarge: "is larger than 20 MB; choose a smaller file",
  empty: "is empty",
  pdfPassword:
    "is a password-protected PDF, so it cannot be read; remove the password or ask Ofsted for an unprotected copy",
  pdfCorrupt: "is a PDF that is damaged or incomplete, so it cannot be opened; download the report again",
  pdfNoText:
    "is a scanned PDF with no text layer, so it cannot be read; ask Ofsted for the accessible version or paste the text",
  docxCorrupt: "is a damaged Word document that cannot be opened; save it again as .docx or PDF",
  zip: "is a zip file, not a Word document; choose the report itself (PDF, Word .docx or text)",
  oldWord: "is an old-style Word (.doc) file; save it as .docx or PDF and try again",
  binary: "is a binary file, not a PDF, Word document or text",
  encoding: "is not valid UTF-8 text; save it as UTF-8 text, PDF or Word .docx",
  noText: "has no text in it",
} as const;

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

/** "%PDF-" within the first kilobyte (PDF readers allow leading junk). */
function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString("latin1");
  return head.includes("%PDF-");
}

function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
}

/** A .docx is a zip holding word/document.xml (its name is stored uncompressed in the local headers). */
function isDocx(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes("word/", 0, "latin1");
}

/** Plain text from bytes: UTF-8 (with or without a BOM), never binary. */
export function decodeReportBytes(data: Uint8Array): DecodeTextResult {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.includes(0)) return { ok: false, reason: REASONS.binary };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: REASONS.encoding };
  }
  if (text.trim() === "") return { ok: false, reason: REASONS.empty };
  return { ok: true, text };
}

/** The text of an uploaded or read report, or why it cannot be read. `fileName` is for messages only. */
export async function readReport(bytes: Uint8Array, fileName?: string): Promise<ReadReportResult> {
  void fileName;
  if (bytes.byteLength > MAX_REPORT_FILE_BYTES) return { ok: false, reason: REASONS.tooLarge };
  if (bytes.byteLength === 0) return { ok: false, reason: REASONS.empty };
  if (isPdf(bytes)) {
    const pdf = await pdfToText(bytes);
    if (pdf.ok) return { ok: true, text: pdf.text, format: "pdf" };
    const reason = { password: REASONS.pdfPassword, corrupt: REASONS.pdfCorrupt, no_text: REASONS.pdfNoText }[pdf.problem];
    return { ok: false, reason };
  }
  if (isZip(bytes)) {
    if (!isDocx(bytes)) return { ok: false, reason: REASONS.zip };
    const docx = await docxToText(bytes);
    if (!docx.ok) return { ok: false, reason: REASONS.docxCorrupt };
    if (docx.text.trim() === "") return { ok: false, reason: REASONS.noText };
    return { ok: true, text: docx.text, format: "docx" };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { ok: false, reason: REASONS.oldWord };
  const text = decodeReportBytes(bytes);
  return text.ok ? { ok: true, text: text.text, format: "text" } : text;
}

export async function readReportFile(filePath: string): Promise<ReadReportResult> {
  let bytes: Buffer;
  try {
    const stat = await fs.stat(filePath);
    if (stat.isFile() && stat.size > MAX_REPORT_FILE_BYTES) return { ok: false, reason: REASONS.tooLarge };
    bytes = await fs.readFile(filePath);
  } catch (error) {
    const code = errorCode(error);
    return { ok: false, reason: (code && ERROR_REASONS[code]) ?? `cannot be read (${code ?? String(error)})` };
  }
  return readReport(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
