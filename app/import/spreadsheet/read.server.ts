import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { formatCount } from "../read-limits";
import { PLAN_READ_LIMITS, type PlanReadLimits } from "./limits";
import { columnLetter, type Sheet, type SheetCell, type Workbook } from "./types";
import { checkXlsxZip } from "./xlsx-zip.server";

export const MAX_SHEET_ROWS = PLAN_READ_LIMITS.rows;
export const MAX_SHEET_COLUMNS = PLAN_READ_LIMITS.columns;
export const MAX_CELL_CHARACTERS = PLAN_READ_LIMITS.cellCharacters;

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
export async function readWorkbook(
  data: Uint8Array,
  limits: PlanReadLimits = PLAN_READ_LIMITS,
): Promise<ReadWorkbookResult> {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.length === 0) return { ok: false, reason: "is empty" };
  if (bytes.length > limits.fileBytes) {
    return {
      ok: false,
      reason: `is larger than ${formatCount(Math.round(limits.fileBytes / 1024 / 1024))} MB, the limit for a plan: remove the worksheets that are not the plan`,
    };
  }
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
      const check = checkXlsxZip(bytes, limits);
      if (!check.ok) return check;
      return readXlsx(bytes, limits);
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
  return readCsv(text, limits);
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

/** Thrown from inside the CSV reader to stop it at the first broken limit. */
class LimitBroken extends Error {}

function tooManyRows(limits: PlanReadLimits, where: string): string {
  return `has more than ${formatCount(limits.rows)} rows${where}; a plan has at most ${formatCount(limits.rows)}, so it was not read: remove the rows that are not part of the plan`;
}

function cellTooLong(limits: PlanReadLimits, ref: string, length: number): string {
  return `has a cell (${ref}) of ${formatCount(length)} characters; a cell of a plan holds at most ${formatCount(limits.cellCharacters)}, so it was not read: shorten it, or keep the long text elsewhere`;
}

/**
 * Reads CSV text record by record, stopping at the first record past a limit (rows to the last
 * filled one, columns, characters a cell): a 50,000-row file is refused at row 5,001, not after
 * all of it has been read.
 */
function readCsv(text: string, limits: PlanReadLimits): ReadWorkbookResult {
  if (text.trim() === "") return { ok: false, reason: "is empty" };
  const rows: SheetCell[][] = [];
  let characters = 0;
  try {
    parse(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      on_record: (record: string[]) => {
        const row = rows.length + 1;
        const cells = record.map((v) => (v.trim() === "" ? null : v));
        const filled = cells.some((c) => c !== null);
        if (filled && row > limits.rows) throw new LimitBroken(tooManyRows(limits, ""));
        cells.forEach((cell, i) => {
          if (cell === null) return;
          if (cell.length > limits.cellCharacters) {
            throw new LimitBroken(cellTooLong(limits, `${columnLetter(i)}${row}`, cell.length));
          }
          if (i >= limits.columns) {
            throw new LimitBroken(
              `has a filled cell (${columnLetter(i)}${row}) beyond column ${formatCount(limits.columns)}; a plan has at most ${formatCount(limits.columns)} columns, so it was not read`,
            );
          }
          characters += cell.length;
        });
        if (characters > limits.textCharacters) {
          throw new LimitBroken(
            `holds more than ${formatCount(limits.textCharacters)} characters of text; a plan has at most ${formatCount(limits.textCharacters)}, so it was not read`,
          );
        }
        // Empty rows past the limit are not kept: only a filled one counts.
        if (row <= limits.rows) rows.push(cells);
        else rows.push([]);
        return null;
      },
    });
  } catch (error) {
    if (error instanceof LimitBroken) return { ok: false, reason: error.message };
    return { ok: false, reason: "could not be read as CSV: check that quotation marks are balanced" };
  }
  const sheet = trimSheet({ name: "CSV", hidden: false, rows });
  return { ok: true, workbook: { sheets: [sheet], date1904: false }, format: "csv" };
}

/**
 * Reads a workbook the zip check has found inside every limit (rows, columns, cells, characters),
 * so the reader never builds more than those limits allow; the same limits are checked again,
 * cell by cell, as the rows are copied out.
 */
async function readXlsx(bytes: Buffer, limits: PlanReadLimits): Promise<ReadWorkbookResult> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, reason: "could not be read as an Excel workbook: it may be damaged" };
  }
  const sheets: Sheet[] = [];
  let characters = 0;
  for (const worksheet of book.worksheets) {
    const rows: SheetCell[][] = [];
    const where = ` in the worksheet “${worksheet.name}”`;
    let refusal: string | null = null;
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (refusal) return;
      const cells: SheetCell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (refusal) return;
        const value = cellValue(cell);
        if (value === null) return;
        const length = typeof value === "string" ? value.length : 0;
        if (length > limits.cellCharacters) refusal = cellTooLong(limits, `${cell.address}${where}`, length);
        else if (col > limits.columns)
          refusal = `has more than ${formatCount(limits.columns)} columns${where}; a plan has at most ${formatCount(limits.columns)}, so it was not read`;
        characters += length;
        cells[col - 1] = value;
      });
      if (!refusal && cells.length > 0 && rowNumber > limits.rows) refusal = tooManyRows(limits, where);
      if (!refusal && characters > limits.textCharacters)
        refusal = `holds more than ${formatCount(limits.textCharacters)} characters of text; a plan workbook has at most ${formatCount(limits.textCharacters)}, so it was not read`;
      if (!refusal) rows[rowNumber - 1] = Array.from(cells, (c) => c ?? null);
    });
    if (refusal) return { ok: false, reason: refusal };
    sheets.push(
      trimSheet({
        name: worksheet.name,
        hidden: worksheet.state !== "visible",
        rows: Array.from(rows, (r) => r ?? []),
      }),
    );
  }
  if (sheets.every((s) => s.rows.length === 0)) return { ok: false, reason: "has no filled-in cells" };
  return { ok: true, workbook: { sheets, date1904: Boolean(book.properties.date1904) }, format: "xlsx" };
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
  const clean = value.replace(/\r\n?/g, "\n");
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
