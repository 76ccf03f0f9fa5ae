import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import type { Sheet, SheetCell, Workbook } from "./types";

/** Plans are a few hundred rows; these bounds keep a stray 100,000-row export from filling memory. */
export const MAX_SHEET_ROWS = 5000;
/** An .xlsx is a zip; refusing one that unpacks to more than this keeps a "zip bomb" out of memory. */
export const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;
export const MAX_SHEET_COLUMNS = 60;
export const MAX_CELL_CHARACTERS = 10_000;

export type ReadWorkbookResult =
  { ok: true; workbook: Workbook; format: "xlsx" | "csv" } | { ok: false; reason: string };

const SAVE_AS = "open it in Excel and save it as an Excel Workbook (.xlsx) or CSV";

function startsWith(bytes: Buffer, signature: number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

/**
 * Reads an uploaded plan. The format is decided by content, not the file name: an .xlsx is a zip
 * holding xl/workbook.xml; anything else must be CSV text (UTF-8 with or without a byte order
 * mark, UTF-16 as Excel's "Unicode text", or Windows-1252 as older Excel saves it), with commas,
 * semicolons or tabs between cells. `reason` completes "The selected file ...".
 */
export async function readWorkbook(data: Uint8Array): Promise<ReadWorkbookResult> {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.length === 0) return { ok: false, reason: "is empty" };
  if (bytes.subarray(0, 5).toString("latin1") === "%PDF-")
    return { ok: false, reason: `is a PDF, not a spreadsheet: ${SAVE_AS}` };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return {
      ok: false,
      reason: `is an older Excel (.xls) file or a password-protected workbook: ${SAVE_AS}, without a password`,
    };
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (bytes.includes("xl/workbook.xml")) {
      const unpacked = zipUnpackedSize(bytes);
      if (unpacked === null) return { ok: false, reason: "could not be read as an Excel workbook: it may be damaged" };
      if (unpacked > MAX_UNPACKED_BYTES)
        return { ok: false, reason: "is too large once unpacked: remove the worksheets that are not the plan" };
      return readXlsx(bytes);
    }
    if (bytes.includes("word/document.xml"))
      return { ok: false, reason: "is a Word document: copy the plan’s table into Excel and save it as .xlsx or CSV" };
    if (bytes.includes("opendocument.spreadsheet"))
      return { ok: false, reason: `is an OpenDocument spreadsheet: ${SAVE_AS}` };
    return { ok: false, reason: "is a zip file but not an Excel workbook" };
  }
  const text = decodeText(bytes);
  if (text === null)
    return { ok: false, reason: "is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file" };
  return readCsv(text);
}

/**
 * The total unpacked size the zip's central directory declares, or null if there is no readable
 * directory. Read before the workbook is unpacked. It stops an ordinary zip bomb, which declares
 * its real sizes; one that lies about them is not caught here.
 */
export function zipUnpackedSize(bytes: Buffer): number | null {
  // The end-of-central-directory record is in the last 22 bytes plus up to 64 KB of comment.
  const from = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= from; i -= 1) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n += 1) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) return null;
    const size = bytes.readUInt32LE(offset + 24);
    // 0xFFFFFFFF means a ZIP64 size: far beyond any plan, so refuse it as too large.
    total += size === 0xffffffff ? Number.MAX_SAFE_INTEGER / 2 : size;
    offset += 46 + bytes.readUInt16LE(offset + 28) + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
  return total;
}

function decodeText(bytes: Buffer): string | null {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  if (bytes.includes(0)) return null;
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    // Excel's plain "CSV (Comma delimited)" saves in the Windows code page, not UTF-8.
    return new TextDecoder("windows-1252").decode(body);
  }
}

const DELIMITERS = [",", ";", "\t"] as const;

function parseCsv(text: string, delimiter: string, toLine?: number): string[][] {
  return parse(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    to_line: toLine,
  }) as string[][];
}

/** The delimiter that splits the first lines into the most cells consistently; comma on a tie. */
export function detectDelimiter(text: string): (typeof DELIMITERS)[number] {
  let best: (typeof DELIMITERS)[number] = ",";
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    let rows: string[][];
    try {
      rows = parseCsv(text, delimiter, 30);
    } catch {
      continue;
    }
    const score = rows
      .filter((row) => row.length > 1)
      .reduce((sum, row) => sum + Math.min(row.length, MAX_SHEET_COLUMNS), 0);
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

function readCsv(text: string): ReadWorkbookResult {
  if (text.trim() === "") return { ok: false, reason: "is empty" };
  let rows: string[][];
  try {
    rows = parseCsv(text, detectDelimiter(text));
  } catch {
    return { ok: false, reason: "could not be read as CSV: check that quotation marks are balanced" };
  }
  const sheet = trimSheet({
    name: "CSV",
    hidden: false,
    rows: rows.map((row) => row.map((v) => (v.trim() === "" ? null : v))),
  });
  const tooBig = checkSize(sheet);
  return tooBig
    ? { ok: false, reason: tooBig }
    : { ok: true, workbook: { sheets: [sheet], date1904: false }, format: "csv" };
}

async function readXlsx(bytes: Buffer): Promise<ReadWorkbookResult> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, reason: "could not be read as an Excel workbook: it may be damaged" };
  }
  const sheets: Sheet[] = [];
  for (const worksheet of book.worksheets) {
    const rows: SheetCell[][] = [];
    let tooWide = false;
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (rowNumber > MAX_SHEET_ROWS + 50) return;
      const cells: SheetCell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (col > MAX_SHEET_COLUMNS) {
          if (cellValue(cell) !== null) tooWide = true;
          return;
        }
        cells[col - 1] = cellValue(cell);
      });
      rows[rowNumber - 1] = Array.from(cells, (c) => c ?? null);
    });
    const sheet = trimSheet({
      name: worksheet.name,
      hidden: worksheet.state !== "visible",
      rows: Array.from(rows, (r) => r ?? []),
    });
    const tooBig = tooWide
      ? `has more than ${MAX_SHEET_COLUMNS} columns in the worksheet “${worksheet.name}”`
      : checkSize(sheet);
    if (tooBig) return { ok: false, reason: tooBig };
    sheets.push(sheet);
  }
  if (sheets.every((s) => s.rows.length === 0)) return { ok: false, reason: "has no filled-in cells" };
  return { ok: true, workbook: { sheets, date1904: Boolean(book.properties.date1904) }, format: "xlsx" };
}

function checkSize(sheet: Sheet): string | null {
  if (sheet.rows.length > MAX_SHEET_ROWS) {
    return `has more than ${MAX_SHEET_ROWS.toLocaleString("en-GB")} rows${sheet.name === "CSV" ? "" : ` in the worksheet “${sheet.name}”`}: remove rows that are not part of the plan`;
  }
  if (sheet.rows.some((row) => row.length > MAX_SHEET_COLUMNS)) return `has more than ${MAX_SHEET_COLUMNS} columns`;
  return null;
}

/** A merged cell's value belongs to the rows it spans in its own column only, not the columns beside it. */
function cellValue(cell: ExcelJS.Cell): SheetCell {
  if (cell.isMerged && cell.master.address !== cell.address && cell.master.col !== cell.col) return null;
  return plainValue(cell.value);
}

function plainValue(value: ExcelJS.CellValue): SheetCell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : { d: value.toISOString().slice(0, 10) };
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return text(value);
  if ("richText" in value) return text(value.richText.map((r) => r.text).join(""));
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    return result === undefined || (typeof result === "object" && result !== null && "error" in result)
      ? null
      : plainValue(result as ExcelJS.CellValue);
  }
  if ("hyperlink" in value) {
    const shown = (value as ExcelJS.CellHyperlinkValue).text as unknown;
    if (typeof shown === "string") return text(shown);
    return shown && typeof shown === "object" && "richText" in shown
      ? plainValue(shown as ExcelJS.CellRichTextValue)
      : null;
  }
  return null; // errors (#N/A) and anything unusual
}

function text(value: string): SheetCell {
  const clean = value.replace(/\r\n?/g, "\n").slice(0, MAX_CELL_CHARACTERS);
  return clean.trim() === "" ? null : clean;
}

/** Drops trailing empty cells and rows so the sheet travels between steps as small as it can. */
function trimSheet(sheet: Sheet): Sheet {
  const rows = sheet.rows.map((row) => {
    let end = row.length;
    while (end > 0 && (row[end - 1] === null || row[end - 1] === undefined)) end -= 1;
    return row.slice(0, end).map((c) => (typeof c === "string" ? (text(c) ?? null) : (c ?? null)));
  });
  let last = rows.length;
  while (last > 0 && rows[last - 1].length === 0) last -= 1;
  return { ...sheet, rows: rows.slice(0, last) };
}
