// CSV as RFC 4180 describes it, for spreadsheets people open in Excel.

export type CsvCell = string | number | null | undefined;

/**
 * A cell a spreadsheet would read as a formula (starting = + - @, or a tab or carriage return that
 * Excel strips before looking) gets a leading apostrophe, so opening an export never runs anything.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * One field: quoted when it holds a comma, a semicolon (Excel in some locales, and anyone choosing
 * ";" when importing, splits on it), a quote, or a line break; quotes doubled.
 */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  const text = neutraliseFormula(typeof cell === "number" ? String(cell) : cell);
  return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Rows as CSV text with CRLF line endings. With `bom`, a byte-order mark first, so Excel reads the
 * file as UTF-8 (names with accents, curly quotes) rather than the Windows code page.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[], options: { bom?: boolean } = {}): string {
  const body = rows.map((row) => row.map(csvField).join(",")).join("\r\n");
  return `${options.bom ? "\uFEFF" : ""}${body}${rows.length > 0 ? "\r\n" : ""}`;
}
