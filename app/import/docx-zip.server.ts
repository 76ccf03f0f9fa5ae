/**
 * Checks a Word document's zip before the Word reader sees it. A .docx of 17 KB can hold
 * megabytes of XML (XML compresses a thousandfold), and the reader builds an object for every
 * XML element, so a small upload could need gigabytes of memory. Here the sizes the zip
 * declares are checked first, then every XML part the reader would parse is unpacked with a
 * cap on its output (a zip can lie about its sizes), and the main part's elements are counted.
 * Images are never unpacked: the text reader does not use them.
 */
import zlib from "node:zlib";

import { formatCount, formatMegabytes, READ_LIMITS } from "./read-limits";

export interface DocxLimits {
  entries: number;
  unpackedBytes: number;
  documentBytes: number;
  documentElements: number;
}

export const DOCX_LIMITS: DocxLimits = {
  entries: READ_LIMITS.docxEntries,
  unpackedBytes: READ_LIMITS.docxUnpackedBytes,
  documentBytes: READ_LIMITS.docxDocumentBytes,
  documentElements: READ_LIMITS.docxDocumentElements,
};

/** A reason reads after "The file …": "is …" or "unpacks to …". */
export type DocxCheck = { ok: true } | { ok: false; reason: string; damaged?: true };

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

const DAMAGED: DocxCheck = { ok: false, reason: "damaged", damaged: true };

function centralDirectory(bytes: Uint8Array, maxEntries: number): Entry[] | DocxCheck {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  // The end record sits in the last 22 bytes plus up to 64 KB of comment.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return DAMAGED;
  const count = view.getUint16(end + 10, true);
  if (count > maxEntries) {
    return {
      ok: false,
      reason: `holds ${formatCount(count)} files inside it; a Word document has at most ${formatCount(maxEntries)}, so it was not read`,
    };
  }
  let offset = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return DAMAGED;
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    if (offset + 46 + nameLength > bytes.length) return DAMAGED;
    entries.push({
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      flags: view.getUint16(offset + 8, true),
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      declaredSize: view.getUint32(offset + 24, true),
      localOffset: view.getUint32(offset + 42, true),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The parts the Word reader parses: XML and relationship files. */
const isXmlPart = (name: string) => /\.(?:xml|rels)$/i.test(name);

function tooLarge(what: string, bytes: number, limit: number): DocxCheck {
  return {
    ok: false,
    reason: `unpacks to ${what} of ${formatMegabytes(bytes)}; a Word report has at most ${formatMegabytes(limit)}, so it was not read`,
  };
}

/** The bytes of one entry, unpacked with a cap; null when damaged, "too large" past the cap. */
function unpack(bytes: Uint8Array, entry: Entry, cap: number): Buffer | "too large" | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) return null;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.length) return null;
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data.length > cap ? "too large" : Buffer.from(data);
  if (entry.method !== 8) return null;
  try {
    const out = zlib.inflateRawSync(data, { maxOutputLength: cap + 1 });
    return out.length > cap ? "too large" : out;
  } catch (error) {
    return (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" ? "too large" : null;
  }
}

/** Whether the Word document is within the limits, checked without building anything from its XML. */
export function checkDocxZip(bytes: Uint8Array, limits: DocxLimits = DOCX_LIMITS): DocxCheck {
  const entries = centralDirectory(bytes, limits.entries);
  if (!Array.isArray(entries)) return entries;
  // Encrypted zip entries: Word never writes them, and the reader cannot open them.
  if (entries.some((e) => (e.flags & 1) === 1)) return DAMAGED;
  const parts = entries.filter((e) => isXmlPart(e.name));
  const main = parts.find((e) => e.name === "word/document.xml");
  if (!main) return DAMAGED;
  if (main.declaredSize > limits.documentBytes) return tooLarge("text (XML)", main.declaredSize, limits.documentBytes);
  const declared = parts.reduce((sum, e) => sum + e.declaredSize, 0);
  if (declared > limits.unpackedBytes) return tooLarge("XML", declared, limits.unpackedBytes);

  let unpacked = 0;
  for (const part of parts) {
    const isMain = part === main;
    const cap = isMain ? limits.documentBytes : limits.unpackedBytes - unpacked;
    const data = unpack(bytes, part, cap);
    if (data === null) return DAMAGED;
    if (data === "too large") {
      return isMain
        ? tooLarge("text (XML)", cap + 1, limits.documentBytes)
        : tooLarge("XML", limits.unpackedBytes + 1, limits.unpackedBytes);
    }
    // A zip whose parts unpack to other sizes than it declares is damaged (or made to mislead).
    if (data.length !== part.declaredSize) return DAMAGED;
    unpacked += data.length;
    if (isMain) {
      let elements = 0;
      for (let i = 0; i < data.length - 1; i++) {
        // "<" then a letter opens an element; closing tags, comments and declarations do not count.
        if (data[i] === 0x3c) {
          const next = data[i + 1] | 0x20;
          if (next >= 0x61 && next <= 0x7a) elements++;
        }
      }
      if (elements > limits.documentElements) {
        return {
          ok: false,
          reason: `holds ${formatCount(elements)} pieces of formatting (XML elements); a Word report has at most ${formatCount(limits.documentElements)}, so it was not read`,
        };
      }
    }
  }
  return { ok: true };
}
