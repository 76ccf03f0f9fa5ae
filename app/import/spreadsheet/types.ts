/**
 * A spreadsheet read into plain JSON, small enough to travel between the import steps in a
 * hidden form field. Text cells are strings, number cells numbers, and cells Excel stores as
 * dates `{ d: "YYYY-MM-DD" }` (time of day dropped). Trailing empty cells and rows are trimmed.
 */
export type SheetCell = string | number | { d: string } | null;

export interface Sheet {
  name: string;
  /** Hidden worksheets are listed but never chosen by default. */
  hidden: boolean;
  rows: SheetCell[][];
}

export interface Workbook {
  sheets: Sheet[];
  /** Workbooks made on old Macs count serial dates from 1904 instead of 1900. */
  date1904: boolean;
}

/** The columns a plan row can be read from. */
export const PLAN_FIELDS = [
  "reference",
  "recommendation",
  "action",
  "owner",
  "targetDate",
  "progress",
  "rag",
  "evidence",
] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

export const PLAN_FIELD_LABELS: Record<PlanField, string> = {
  reference: "Ofsted paragraph or recommendation number",
  recommendation: "Recommendation or area for improvement",
  action: "Action",
  owner: "Lead or owner",
  targetDate: "Target date",
  progress: "Progress",
  rag: "RAG status",
  evidence: "Evidence",
};

/** For each field, the 0-based column it is read from, or null when the sheet has no such column. */
export type ColumnMapping = Record<PlanField, number | null>;

/** The text of a cell as a person would read it: dates as YYYY-MM-DD, whitespace collapsed. */
export function cellText(cell: SheetCell | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return String(cell);
  if (typeof cell === "object") return cell.d;
  return cell.replace(/[ \t\u00a0]+/g, " ").trim();
}

export function isBlankCell(cell: SheetCell | undefined): boolean {
  return cellText(cell) === "";
}

/** "A", "B", ... "Z", "AA" for a 0-based column index, as Excel labels columns. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
