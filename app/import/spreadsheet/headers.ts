import { cellText, type ColumnMapping, PLAN_FIELDS, type PlanField, type SheetCell } from "./types";

/** Only the first rows are searched for the column headings: title rows sit above, data below. */
const HEADER_SEARCH_ROWS = 20;

export function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9 ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

// Each field's likely headings, most specific first. An exact heading beats one that only
// contains the words, so "Action owner" goes to owner, not action.
const HEADER_SYNONYMS: Record<PlanField, string[]> = {
  reference: [
    "ofsted paragraph",
    "ofsted para",
    "paragraph",
    "para",
    "report paragraph",
    "ref",
    "reference",
    "rec no",
    "recommendation no",
    "recommendation number",
    "no",
    "number",
  ],
  recommendation: [
    "recommendation",
    "recommendations",
    "ofsted recommendation",
    "area for improvement",
    "areas for improvement",
    "what needs to improve",
    "area for development",
    "areas for development",
    "priority action",
    "improvement area",
  ],
  action: [
    "action",
    "actions",
    "action to be taken",
    "actions to be taken",
    "action required",
    "actions required",
    "planned action",
    "planned actions",
    "key actions",
    "what we will do",
    "task",
    "tasks",
  ],
  owner: [
    "lead",
    "owner",
    "responsible",
    "action owner",
    "lead officer",
    "responsible officer",
    "responsible person",
    "lead manager",
    "accountable",
    "who",
    "by whom",
  ],
  targetDate: [
    "by when",
    "target date",
    "deadline",
    "timescale",
    "timescales",
    "due date",
    "due",
    "completion date",
    "target",
    "date",
    "when",
  ],
  progress: [
    "progress",
    "update",
    "progress update",
    "latest update",
    "progress to date",
    "commentary",
    "comments",
    "current position",
  ],
  rag: ["rag", "rag status", "rag rating", "brag", "status"],
  evidence: [
    "evidence",
    "monitoring and evaluation",
    "evidence of impact",
    "evidence of completion",
    "how will we know",
    "measure of success",
    "measures of success",
    "success measures",
    "impact",
  ],
};

function headerScore(header: string, synonym: string): number {
  if (header === synonym) return 3;
  if (synonym.length >= 3 && ` ${header} `.includes(` ${synonym} `)) return 2;
  return 0;
}

/** A best guess at which column holds each field, from the heading texts. Deterministic. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const candidates: { field: PlanField; column: number; score: number; rank: number }[] = [];
  headers.forEach((raw, column) => {
    const header = normaliseHeader(raw);
    if (header === "") return;
    for (const field of PLAN_FIELDS) {
      HEADER_SYNONYMS[field].forEach((synonym, rank) => {
        const score = headerScore(header, synonym);
        if (score > 0) candidates.push({ field, column, score, rank });
      });
    }
  });
  candidates.sort(
    (a, b) =>
      b.score - a.score ||
      a.rank - b.rank ||
      PLAN_FIELDS.indexOf(a.field) - PLAN_FIELDS.indexOf(b.field) ||
      a.column - b.column,
  );
  const mapping = emptyMapping();
  const usedColumns = new Set<number>();
  for (const c of candidates) {
    if (mapping[c.field] !== null || usedColumns.has(c.column)) continue;
    mapping[c.field] = c.column;
    usedColumns.add(c.column);
  }
  return mapping;
}

export function emptyMapping(): ColumnMapping {
  return Object.fromEntries(PLAN_FIELDS.map((f) => [f, null])) as ColumnMapping;
}

function isTextCell(cell: SheetCell | undefined): boolean {
  return typeof cell === "string" && cellText(cell) !== "" && !/^[\d.,/\s-]+$/.test(cell);
}

/**
 * The 0-based index of the row holding the column headings: the first of the first rows with at
 * least three different text cells (a title row merged across the sheet repeats one text, so it
 * does not count), preferring a row whose cells look like plan headings. 0 for an empty sheet.
 */
export function detectHeaderRow(rows: readonly SheetCell[][]): number {
  const searched = rows.slice(0, HEADER_SEARCH_ROWS);
  const widest = Math.max(0, ...searched.map((row) => distinctTexts(row).size));
  const needed = Math.min(3, widest);
  if (needed === 0) return 0;
  const known = searched.findIndex((row) => distinctTexts(row).size >= needed && recognisedHeadings(row) >= 2);
  if (known >= 0) return known;
  return Math.max(
    0,
    searched.findIndex((row) => distinctTexts(row).size >= needed),
  );
}

function distinctTexts(row: readonly SheetCell[]): Set<string> {
  return new Set(row.filter(isTextCell).map((cell) => cellText(cell).toLowerCase()));
}

function recognisedHeadings(row: readonly SheetCell[]): number {
  const mapping = guessMapping(row.map((cell) => cellText(cell)));
  return PLAN_FIELDS.filter((f) => mapping[f] !== null).length;
}

/** The heading of each column in the header row; blank headings become "Column C". */
export function headerLabels(rows: readonly SheetCell[][], headerRow: number): string[] {
  const header = rows[headerRow] ?? [];
  const width = Math.max(header.length, ...rows.slice(headerRow + 1).map((r) => r.length), 0);
  return Array.from({ length: width }, (_, i) => cellText(header[i]).replace(/\s+/g, " "));
}

/**
 * The worksheet most likely to hold the plan: the visible one whose heading row names the most
 * plan fields (a cover sheet or lookup list names none); the first on a tie.
 */
export function chooseSheet(sheets: readonly { hidden: boolean; rows: SheetCell[][] }[]): number {
  let best = 0;
  let bestScore = -1;
  sheets.forEach((sheet, index) => {
    if (sheet.hidden || sheet.rows.length === 0) return;
    const mapping = guessMapping(headerLabels(sheet.rows, detectHeaderRow(sheet.rows)));
    const score = PLAN_FIELDS.filter((f) => mapping[f] !== null).length;
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}
