/**
 * Checks an .xlsx before the Excel reader sees it. A 3 MB workbook can unpack to hundreds of
 * megabytes of XML, and the reader builds objects for every row and cell it holds, so the sizes
 * the zip declares are checked first, then every XML part is unpacked with a cap on its output (a
 * zip can lie about its sizes), and each worksheet's filled rows, columns, cells and text are
 * counted from its XML. Only a workbook inside every limit reaches the reader. Pictures and other
 * binary parts are never unpacked.
 */
import zlib from "node:zlib";
import { formatCount, formatMegabytes } from "../read-limits";
import type { PlanReadLimits } from "./limits";

/** A reason reads after "The selected file ...". */
export type XlsxCheck = { ok: true } | { ok: false; reason: string };

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

const DAMAGED = "could not be read as an Excel workbook: it may be damaged";

function refuse(reason: string): XlsxCheck {
  return { ok: false, reason };
}

function centralDirectory(bytes: Buffer): Entry[] | null {
  let end = -1;
  // The end record sits in the last 22 bytes plus up to 64 KB of comment.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) return null;
    const nameLength = bytes.readUInt16LE(offset + 28);
    if (offset + 46 + nameLength > bytes.length) return null;
    entries.push({
      name: bytes.subarray(offset + 46, offset + 46 + nameLength).toString("utf8"),
      flags: bytes.readUInt16LE(offset + 8),
      method: bytes.readUInt16LE(offset + 10),
      compressedSize: bytes.readUInt32LE(offset + 20),
      declaredSize: bytes.readUInt32LE(offset + 24),
      localOffset: bytes.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
  return entries;
}

/** One entry's bytes, unpacked with a cap; null when damaged, "too large" past the cap. */
function unpack(bytes: Buffer, entry: Entry, cap: number): Buffer | "too large" | null {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== 0x04034b50) return null;
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  if (start + entry.compressedSize > bytes.length) return null;
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data.length > cap ? "too large" : Buffer.from(data);
  if (entry.method !== 8) return null;
  try {
    const out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, cap + 1) });
    return out.length > cap ? "too large" : out;
  } catch (error) {
    return (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" ? "too large" : null;
  }
}

const isXmlPart = (name: string) => /\.(?:xml|rels)$/i.test(name);

function tooLarge(limits: PlanReadLimits): XlsxCheck {
  return refuse(
    `unpacks to more than ${formatMegabytes(limits.unpackedBytes)} of spreadsheet data (the limit for a plan), so it was not read: remove the worksheets and pictures that are not the plan`,
  );
}

function attribute(tag: string, name: string): string | null {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
}

function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi, (_, dec, hex, named: string) =>
    dec
      ? String.fromCodePoint(Number(dec) % 0x110000)
      : hex
        ? String.fromCodePoint(parseInt(hex, 16) % 0x110000)
        : ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[named.toLowerCase()],
  );
}

/** The characters of text an <si> or <is> element holds: its <t> elements, entities decoded. */
function textLength(xml: string): number {
  let total = 0;
  for (const match of xml.matchAll(/<(?:\w+:)?t\b[^>]*>([^<]*)<\/(?:\w+:)?t>/g))
    total += decodeEntities(match[1]).length;
  return total;
}

/** "B7" to a 1-based column and row. */
function cellPosition(ref: string | null): { column: number; row: number } | null {
  const match = ref ? /^([A-Z]{1,3})(\d{1,7})$/.exec(ref) : null;
  if (!match) return null;
  let column = 0;
  for (const letter of match[1]) column = column * 26 + (letter.charCodeAt(0) - 64);
  return { column, row: Number(match[2]) };
}

interface SheetPart {
  name: string;
  path: string;
}

/** The worksheets in workbook order with the zip paths of their XML, from workbook.xml and its relationships. */
function sheetParts(workbookXml: string, relsXml: string): SheetPart[] {
  const targets = new Map<string, string>();
  for (const [tag] of relsXml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = attribute(tag, "Id");
    const target = attribute(tag, "Target");
    if (id && target) {
      const path = target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`;
      targets.set(id, path.replace(/[^/]+\/\.\.\//g, ""));
    }
  }
  const sheets: SheetPart[] = [];
  for (const [tag] of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const id = attribute(tag, "r:id") ?? /\s[\w]+:id="([^"]*)"/.exec(tag)?.[1] ?? null;
    const path = id ? targets.get(id) : undefined;
    if (path) sheets.push({ name: decodeEntities(attribute(tag, "name") ?? ""), path });
  }
  return sheets;
}

/** Whether the workbook is inside every limit, judged from its zip and XML without building any cell. */
export function checkXlsxZip(bytes: Buffer, limits: PlanReadLimits): XlsxCheck {
  const entries = centralDirectory(bytes);
  if (!entries) return refuse(DAMAGED);
  if (entries.length > limits.zipEntries) {
    return refuse(
      `holds ${formatCount(entries.length)} files inside it; a workbook has at most ${formatCount(limits.zipEntries)}, so it was not read`,
    );
  }
  // Encrypted zip entries: Excel never writes them (a password-protected workbook is not a zip).
  if (entries.some((e) => (e.flags & 1) === 1)) return refuse(DAMAGED);
  const parts = entries.filter((e) => isXmlPart(e.name));
  const declared = parts.reduce((sum, e) => sum + e.declaredSize, 0);
  if (declared > limits.unpackedBytes || parts.some((e) => e.declaredSize === 0xffffffff)) return tooLarge(limits);

  const xml = new Map<string, string>();
  let unpacked = 0;
  for (const part of parts) {
    const data = unpack(bytes, part, limits.unpackedBytes - unpacked);
    if (data === null) return refuse(DAMAGED);
    if (data === "too large") return tooLarge(limits);
    // A zip whose parts unpack to other sizes than it declares is damaged (or made to mislead).
    if (data.length !== part.declaredSize) return refuse(DAMAGED);
    unpacked += data.length;
    if (
      /^xl\/(?:workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|worksheets\/[^/]+\.xml)$/i.test(part.name)
    ) {
      xml.set(part.name.toLowerCase(), data.toString("utf8"));
    }
  }
  const workbookXml = xml.get("xl/workbook.xml");
  if (workbookXml === undefined) return refuse(DAMAGED);
  const sheets = sheetParts(workbookXml, xml.get("xl/_rels/workbook.xml.rels") ?? "");
  if (sheets.length > limits.sheets) {
    return refuse(
      `has ${formatCount(sheets.length)} worksheets; a plan workbook has at most ${formatCount(limits.sheets)}, so it was not read: remove the worksheets that are not the plan`,
    );
  }

  // Shared strings longer than a cell may hold: which cells use them is found below.
  const longStrings = new Set<number>();
  const sharedLengths: number[] = [];
  const shared = xml.get("xl/sharedstrings.xml") ?? "";
  let index = 0;
  for (const match of shared.matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g)) {
    const length = match[1] ? textLength(match[1]) : 0;
    sharedLengths.push(length);
    if (length > limits.cellCharacters) longStrings.add(index);
    index += 1;
  }

  let cells = 0;
  let characters = 0;
  for (const sheet of sheets) {
    const body = xml.get(sheet.path.toLowerCase());
    if (body === undefined) continue; // a chart sheet or a missing part: the reader lists it empty
    const where = `in the worksheet “${sheet.name}”`;
    let rowNumber = 0;
    for (const rowMatch of body.matchAll(/<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g)) {
      const r = Number(attribute(rowMatch[0].slice(0, rowMatch[0].indexOf(">") + 1), "r"));
      rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
      const content = rowMatch[2];
      if (!content) continue;
      let column = 0;
      let filled = false;
      for (const cellMatch of content.matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
        const tag = cellMatch[0].slice(0, cellMatch[0].indexOf(">") + 1);
        const position = cellPosition(attribute(tag, "r"));
        column = position?.column ?? column + 1;
        const inner = cellMatch[2] ?? "";
        const value = /<(?:\w+:)?v\b[^>]*>([^<]*)</.exec(inner)?.[1];
        const inline = /<(?:\w+:)?is\b/.test(inner) ? textLength(inner) : null;
        if (value === undefined && inline === null) continue;
        filled = true;
        cells += 1;
        const type = attribute(tag, "t");
        const length =
          inline ?? (type === "s" ? (sharedLengths[Number(value)] ?? 0) : decodeEntities(value ?? "").length);
        const ref = attribute(tag, "r") ?? `row ${formatCount(rowNumber)}`;
        if (length > limits.cellCharacters || (type === "s" && longStrings.has(Number(value)))) {
          return refuse(
            `has a cell (${ref} ${where}) of ${formatCount(length)} characters; a cell of a plan holds at most ${formatCount(limits.cellCharacters)}, so it was not read: shorten it, or keep the long text elsewhere`,
          );
        }
        characters += length;
        if (column > limits.columns) {
          return refuse(
            `has a filled cell (${ref}) beyond column ${formatCount(limits.columns)} ${where}; a plan has at most ${formatCount(limits.columns)} columns, so it was not read: delete the columns that are not part of the plan`,
          );
        }
      }
      if (filled && rowNumber > limits.rows) {
        return refuse(
          `has more than ${formatCount(limits.rows)} rows ${where} (a filled cell in row ${formatCount(rowNumber)}); a plan has at most ${formatCount(limits.rows)}, so it was not read: remove the rows that are not part of the plan`,
        );
      }
      if (cells > limits.cells) {
        return refuse(
          `has more than ${formatCount(limits.cells)} filled cells; a plan workbook has at most ${formatCount(limits.cells)}, so it was not read: remove the worksheets that are not the plan`,
        );
      }
      if (characters > limits.textCharacters) {
        return refuse(
          `holds more than ${formatCount(limits.textCharacters)} characters of text; a plan workbook has at most ${formatCount(limits.textCharacters)}, so it was not read: remove the worksheets that are not the plan`,
        );
      }
    }
  }
  return { ok: true };
}
