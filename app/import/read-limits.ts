// Limits on what reading one uploaded or pasted report may cost. Real Ofsted reports are far
// inside every one of them (the longest of 407 published reports is 58 pages and 160,000
// characters); a file that breaks one is refused with a message naming the limit. Kept free of
// server-only imports because the import pages quote them.

import { MAX_REPORT_BYTES } from "../utils/upload-limits";

export const READ_LIMITS = {
  /** The largest report file accepted (PDF, Word or text). */
  fileBytes: MAX_REPORT_BYTES,
  /** Characters of text in a report, whether pasted or read from a file. */
  textCharacters: 1_000_000,
  /** Pages of a PDF. */
  pdfPages: 300,
  /** Files inside a Word document (a .docx is a zip). */
  docxEntries: 1_000,
  /** Bytes of XML the parts of a Word document unpack to, all parts together (images are never unpacked). */
  docxUnpackedBytes: 12 * 1024 * 1024,
  /** Bytes the document's main part (word/document.xml) unpacks to. */
  docxDocumentBytes: 4 * 1024 * 1024,
  /** XML elements in the document's main part: each costs the Word reader about a kilobyte of memory. */
  docxDocumentElements: 150_000,
  /** Recommendations one report may have. */
  recommendations: 200,
  /** Memory (V8 heap) a reading worker may use. */
  workerHeapMb: 320,
  /** Seconds a reading worker may run before it is stopped. */
  readSeconds: 60,
} as const;

/** "20,000": numbers in messages are written as people read them. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-GB");
}

/** "5.3 MB" */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}
