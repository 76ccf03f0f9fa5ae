// What an uploaded evidence file really is, decided from its bytes alone. The browser's declared
// MIME type and the file's name are chosen by the uploader, so neither is ever consulted.

import { ACCEPTED_FILES_TEXT, EVIDENCE_FILE_TYPES, type EvidenceFileType, isEvidenceFileType } from "./evidence-form";

export { ACCEPTED_FILES_TEXT, EVIDENCE_FILE_TYPES, type EvidenceFileType, isEvidenceFileType };

export type FileTypeResult = { ok: true; type: EvidenceFileType } | { ok: false; reason: string };

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const PDF = ascii("%PDF-");
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = ascii("GIF87a");
const GIF89 = ascii("GIF89a");
const RIFF = ascii("RIFF");
const WEBP = ascii("WEBP");
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The type of an uploaded file from its content, or why it is refused. */
export function detectFileType(bytes: Uint8Array): FileTypeResult {
  const refused = { ok: false as const, reason: `is not ${ACCEPTED_FILES_TEXT}` };
  if (bytes.length === 0) return { ok: false, reason: "is empty" };
  if (startsWith(bytes, PDF)) return { ok: true, type: "pdf" };
  if (startsWith(bytes, PNG)) return { ok: true, type: "png" };
  if (startsWith(bytes, JPEG)) return { ok: true, type: "jpeg" };
  if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) return { ok: true, type: "gif" };
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return { ok: true, type: "webp" };
  if (startsWith(bytes, ZIP)) {
    const type = officeOpenXmlType(bytes);
    if (type === "macro")
      return { ok: false, reason: "contains macros, which are not accepted; save it without macros" };
    return type ? { ok: true, type } : refused;
  }
  if (startsWith(bytes, OLE)) {
    const type = legacyOfficeType(bytes);
    return type ? { ok: true, type } : refused;
  }
  const text = textType(bytes);
  return text ? { ok: true, type: text } : refused;
}

/** The names of the entries in a zip file, read from its central directory (nothing is decompressed). */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is in the last 22 bytes plus up to 64 KB of comment.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    if (offset + 46 + nameLength > bytes.length) return null;
    names.push(decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function officeOpenXmlType(bytes: Uint8Array): "docx" | "xlsx" | "pptx" | "macro" | null {
  const names = zipEntryNames(bytes);
  if (!names || !names.includes("[Content_Types].xml")) return null;
  if (names.some((n) => n.toLowerCase().endsWith("vbaproject.bin"))) return "macro";
  if (names.includes("word/document.xml")) return "docx";
  if (names.includes("xl/workbook.xml")) return "xlsx";
  if (names.includes("ppt/presentation.xml")) return "pptx";
  return null;
}

/**
 * Word and Excel 97-2003 files are OLE compound files; which one it is shows in the name of its main
 * stream. Directory entries sit on 128-byte boundaries: a UTF-16 name, its byte length at 64 and the
 * entry type (2 = stream) at 66. Other compound files (installers, Outlook messages) are refused.
 */
function legacyOfficeType(bytes: Uint8Array): "doc" | "xls" | null {
  const streams = new Set<string>();
  for (let at = 512; at + 128 <= bytes.length; at += 128) {
    const nameBytes = bytes[at + 64] | (bytes[at + 65] << 8);
    if (bytes[at + 66] !== 2 || nameBytes < 4 || nameBytes > 64 || nameBytes % 2 !== 0) continue;
    let name = "";
    for (let i = 0; i < nameBytes - 2; i += 2) name += String.fromCharCode(bytes[at + i] | (bytes[at + i + 1] << 8));
    streams.add(name);
  }
  if (streams.has("WordDocument")) return "doc";
  if (streams.has("Workbook") || streams.has("Book")) return "xls";
  return null;
}

/**
 * Plain text is valid UTF-8 without NUL or other control bytes. Markup (HTML, SVG, XML) is refused:
 * a browser could run it. CSV is text whose lines have the same number of commas.
 */
function textType(bytes: Uint8Array): "text" | "csv" | null {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // Tab, line feed, form feed and carriage return are the only control characters real text uses.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return null;
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (/^<[!?a-z/]/i.test(start) || /<script[\s>]/i.test(text)) return null;
  const lines = start.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length >= 2) {
    const commas = lines.map((l) => l.replace(/"[^"]*"/g, "").split(",").length - 1);
    if (commas[0] > 0 && commas.every((c) => c === commas[0])) return "csv";
  }
  return "text";
}

/**
 * The uploaded name made safe to show and to offer on download: no folders, control characters or
 * characters Windows forbids, at most 150 characters, and ending in an extension that matches the
 * detected type (a text file called "report.html" is offered as "report.html.txt").
 */
export function sanitiseFileName(uploaded: string, type: EvidenceFileType): string {
  const base = uploaded.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "")
    .replace(/\s+/g, " ")
    .replace(/^[.\s]+|[.\s]+$/g, "");
  const { extensions } = EVIDENCE_FILE_TYPES[type];
  const stem = cleaned === "" ? "evidence" : cleaned;
  const named = extensions.some((e) => stem.toLowerCase().endsWith(e)) ? stem : `${stem}${extensions[0]}`;
  if (named.length <= 150) return named;
  const extension = named.slice(named.lastIndexOf("."));
  return `${[...named.slice(0, named.lastIndexOf("."))].slice(0, 150 - extension.length).join("")}${extension}`;
}

/** `attachment` with an ASCII fallback name and the real one as RFC 5987 UTF-8. */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
