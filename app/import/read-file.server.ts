/**
 * Reads a report file into text for the parser. The type is decided by content, not by
 * name: PDF (pdfjs, laid out like `pdftotext -layout`), Word .docx (mammoth) or UTF-8
 * text. Anything else comes back with a reason that reads after "The selected file ".
 *
 * Reading is bounded by READ_LIMITS (pages, unpacked size, text length); the web import runs it
 * in a worker thread that also bounds memory and time (read-in-worker.server.ts).
 */
import fs from "node:fs/promises";

import { docxToText } from "./docx-text.server";
import { checkDocxZip, DOCX_LIMITS, type DocxLimits } from "./docx-zip.server";
import { pdfToText } from "./pdf-text.server";
import { formatCount, READ_LIMITS } from "./read-limits";

/** The largest report file read; real Ofsted reports are well under 5 MB. */
export const MAX_REPORT_FILE_BYTES = READ_LIMITS.fileBytes;

export interface ReadReportLimits {
  pdfPages: number;
  textCharacters: number;
  docx: DocxLimits;
}

export const DEFAULT_READ_LIMITS: ReadReportLimits = {
  pdfPages: READ_LIMITS.pdfPages,
  textCharacters: READ_LIMITS.textCharacters,
  docx: DOCX_LIMITS,
};

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
  docxPassword:
    "is a password-protected Word document, so it cannot be read; remove the password (File, Info, Protect Document) or save it as PDF",
  zip: "is a zip file, not a Word document; choose the report itself (PDF, Word .docx or text)",
  oldWord: "is an old-style Word (.doc) file; save it as .docx or PDF and try again",
  binary: "is a binary file, not a PDF, Word document or text",
  encoding: "is not valid UTF-8 text; save it as UTF-8 text, PDF or Word .docx",
  noText: "has no text in it",
} as const;

/** Reasons that name a limit the file broke, with the file's own figure beside the limit. */
export const LIMIT_REASONS = {
  pdfPages: (pages: number, limit: number) =>
    `is a PDF of ${formatCount(pages)} pages; reports have at most ${formatCount(limit)}, so it was not read`,
  textCharacters: (characters: number, limit: number, atLeast = false) =>
    `has ${atLeast ? "more than " : ""}${formatCount(characters)} characters of text; a report has at most ${formatCount(limit)}, so it was not read`,
} as const;

/** Reasons built from a limit all end like this; the fixed reasons are in REASONS. */
const LIMIT_REASON = /so it was not read$/;

/** Whether a reason is one the reader gives (for tests that feed it damaged files). */
export function isReaderReason(reason: string): boolean {
  return (Object.values(REASONS) as string[]).includes(reason) || LIMIT_REASON.test(reason);
}

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

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** A password-protected .docx is an OLE file holding the encrypted zip as its "EncryptedPackage" stream. */
function isEncryptedOffice(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(
    Buffer.from("EncryptedPackage", "utf16le"),
  );
}

export type ReportClass =
  | { ok: true; format: "pdf" }
  | { ok: true; format: "docx" }
  | { ok: true; format: "text"; text: string }
  | { ok: false; reason: string };

/**
 * What kind of report file this is, from its first bytes (and, for text, whether it decodes):
 * cheap enough to answer at once, before the file is read. PDF and Word files still have to be
 * read to know whether they are damaged, protected or scanned.
 */
export function classifyReport(bytes: Uint8Array): ReportClass {
  if (bytes.byteLength > MAX_REPORT_FILE_BYTES) return { ok: false, reason: REASONS.tooLarge };
  if (bytes.byteLength === 0) return { ok: false, reason: REASONS.empty };
  if (isPdf(bytes)) return { ok: true, format: "pdf" };
  if (isZip(bytes)) return isDocx(bytes) ? { ok: true, format: "docx" as const } : { ok: false, reason: REASONS.zip };
  if (startsWith(bytes, OLE)) {
    return { ok: false, reason: isEncryptedOffice(bytes) ? REASONS.docxPassword : REASONS.oldWord };
  }
  const text = decodeReportBytes(bytes);
  return text.ok ? { ok: true, format: "text", text: text.text } : text;
}

/** A pasted or decoded text longer than a report can be. */
export function textLengthRefusal(text: string, limit: number = READ_LIMITS.textCharacters): string | null {
  return text.length > limit ? LIMIT_REASONS.textCharacters(text.length, limit) : null;
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

/**
 * The text of an uploaded or read report, or why it cannot be read. `fileName` is for messages
 * only. `limits` bound what reading may cost (pages, unpacked size, characters).
 */
export async function readReport(
  bytes: Uint8Array,
  fileName?: string,
  limits: ReadReportLimits = DEFAULT_READ_LIMITS,
): Promise<ReadReportResult> {
  void fileName;
  const kind = classifyReport(bytes);
  if (!kind.ok) return kind;
  let result: ReadReportResult;
  if (kind.format === "pdf") {
    const pdf = await pdfToText(bytes, { maxPages: limits.pdfPages, maxCharacters: limits.textCharacters });
    if (pdf.ok) result = { ok: true, text: pdf.text, format: "pdf" };
    else if (pdf.problem === "too_many_pages")
      return { ok: false, reason: LIMIT_REASONS.pdfPages(pdf.pages, limits.pdfPages) };
    else if (pdf.problem === "too_much_text") {
      return { ok: false, reason: LIMIT_REASONS.textCharacters(limits.textCharacters, limits.textCharacters, true) };
    } else {
      const reason = { password: REASONS.pdfPassword, corrupt: REASONS.pdfCorrupt, no_text: REASONS.pdfNoText }[
        pdf.problem
      ];
      return { ok: false, reason };
    }
  } else if (kind.format === "docx") {
    const check = checkDocxZip(bytes, limits.docx);
    if (!check.ok) return { ok: false, reason: check.damaged ? REASONS.docxCorrupt : check.reason };
    const docx = await docxToText(bytes);
    if (!docx.ok) return { ok: false, reason: REASONS.docxCorrupt };
    if (docx.text.trim() === "") return { ok: false, reason: REASONS.noText };
    result = { ok: true, text: docx.text, format: "docx" };
  } else {
    result = { ok: true, text: kind.text, format: "text" };
  }
  const tooLong = textLengthRefusal(result.text, limits.textCharacters);
  return tooLong ? { ok: false, reason: tooLong } : result;
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
