import { type ColumnMapping, PLAN_FIELDS, type PlanField } from "../import/spreadsheet/types";

/** A plan-import draft lasts a day: long enough to check a plan, short enough not to keep old workbooks. */
export const PLAN_DRAFT_LIFETIME_HOURS = 24;
/** A person's open plan drafts beyond this many (the oldest) are dropped when they upload another. */
export const MAX_OPEN_PLAN_DRAFTS = 5;
/** The longest corrected cell: a cell of the sheet holds no more. */
export const MAX_CORRECTION_LENGTH = 5_000;

/** The lead's choices on a plan-import draft: everything later steps post, and nothing else. */
export interface PlanDraftChoices {
  sheet: number;
  /** 0-based row of the column headings. */
  headerRow: number;
  mapping: ColumnMapping;
  /** Cells corrected on the preview, by `correctionKey(row, field)` (app/import/spreadsheet/plan.ts). */
  corrections: Record<string, string>;
  /** Rows (1-based) the lead chose to leave out. */
  leftOut: number[];
  /** Keys of proposed new people the lead chose not to add: their actions get no owner. */
  declinedPeople: string[];
  /** Whether imported actions replace the untouched starter actions of the recommendations they join. */
  replacePlaceholders: boolean;
}

export function initialChoices(sheet: number, headerRow: number, mapping: ColumnMapping): PlanDraftChoices {
  return { sheet, headerRow, mapping, corrections: {}, leftOut: [], declinedPeople: [], replacePlaceholders: true };
}

/** A correction input's name on the preview: `fix:<row>:<field>`. */
export function correctionFieldName(rowNumber: number, field: PlanField): string {
  return `fix:${rowNumber}:${field}`;
}

/**
 * The corrections a preview form posted, checked: only `fix:<row>:<field>` names for real plan
 * fields and rows of the sheet, each value at most MAX_CORRECTION_LENGTH characters (longer ones
 * are refused, not cut). Returns the keys `<row>:<field>` with their values, or the first problem.
 */
export function readCorrections(
  entries: Iterable<[string, string]>,
  rowCount: number,
): { ok: true; corrections: Record<string, string> } | { ok: false; message: string } {
  const corrections: Record<string, string> = {};
  for (const [name, value] of entries) {
    const match = /^fix:([1-9]\d{0,6}):([a-zA-Z]+)$/.exec(name);
    if (!match) continue;
    const row = Number(match[1]);
    const field = match[2] as PlanField;
    if (!PLAN_FIELDS.includes(field) || row > rowCount) continue;
    if (value.length > MAX_CORRECTION_LENGTH) {
      return {
        ok: false,
        message: `The correction to row ${row} is ${value.length.toLocaleString("en-GB")} characters long; a cell holds at most ${MAX_CORRECTION_LENGTH.toLocaleString("en-GB")}`,
      };
    }
    corrections[`${row}:${field}`] = value.replace(/\r\n?/g, "\n");
  }
  return { ok: true, corrections };
}
