// Limits on what reading one uploaded spreadsheet plan may cost. Real plans are far inside every
// one of them (a council's plan is tens to a few hundred rows, a few hundred kilobytes unpacked);
// a file that breaks one is refused with a message naming the limit. Kept free of server-only
// imports because the plan import pages quote them.

import { MAX_PLAN_BYTES } from "../../utils/upload-limits";

export const PLAN_READ_LIMITS = {
  /** The largest plan file accepted (.xlsx or .csv). */
  fileBytes: MAX_PLAN_BYTES,
  /** Rows of a worksheet (or of a CSV file), counted to the last filled row, as Excel numbers them. */
  rows: 5_000,
  /** Columns of a worksheet, counted to the last filled column. */
  columns: 60,
  /** Characters in one cell: the longest text the plan keeps (a progress update) is 5,000 characters. */
  cellCharacters: 5_000,
  /** Filled cells in the whole workbook, every worksheet together. */
  cells: 200_000,
  /** Characters of text in the whole workbook, every worksheet together. */
  textCharacters: 10_000_000,
  /** Worksheets in a workbook. */
  sheets: 50,
  /** Files inside an .xlsx (a zip). */
  zipEntries: 1_000,
  /** Bytes the workbook's XML parts unpack to, all parts together (pictures are never unpacked). */
  unpackedBytes: 16 * 1024 * 1024,
} as const;

export type PlanReadLimits = { -readonly [K in keyof typeof PLAN_READ_LIMITS]: number };
