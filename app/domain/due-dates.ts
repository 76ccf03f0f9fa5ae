import { addDays, addMonths } from "date-fns";

import { parseIsoDate, toIsoDate } from "../utils/dates";

/** The timescale an inspection report gives a recommendation; null when it gives none (ILACS, focused visits). */
export type Timescale = "immediately" | "three_months" | "six_months" | null;

export const TIMESCALE_LABELS: Record<Exclude<Timescale, null>, string> = {
  immediately: "Immediately",
  three_months: "Within three months",
  six_months: "Within six months",
};

export const DEFAULT_IMMEDIATE_GRACE_DAYS = 28;

/** What the due-date basis is: publication unless the lead chooses another. */
export type BasisKind = "publication" | "received" | "inspection_end";

export const BASIS_KIND_LABELS: Record<BasisKind, string> = {
  publication: "Publication date",
  received: "Date report received",
  inspection_end: "End of inspection",
};

export const DEFAULT_BASIS_KIND: BasisKind = "publication";

/**
 * Stored beside every due date so it can be explained and recomputed. "set_by_lead": a lead typed
 * the date when correcting the recommendation; it is kept when the basis changes.
 */
export type DueDateRule =
  | "immediately_plus_grace"
  | "three_months"
  | "six_months"
  | "no_timescale"
  | "no_basis"
  | "set_by_lead";

export const DUE_DATE_RULES: readonly DueDateRule[] = [
  "immediately_plus_grace",
  "three_months",
  "six_months",
  "no_timescale",
  "no_basis",
  "set_by_lead",
];

export interface DueDateInput {
  timescale: Timescale;
  /** `YYYY-MM-DD`, or null when the basis date is not yet known. */
  basisDate: string | null;
  immediateGraceDays: number;
}

/**
 * Due date for a recommendation from its timescale and basis date.
 * "Within N months" is N calendar months by date-fns `addMonths`, which clamps to the
 * end of a shorter month (31 Aug + 6 months = 28/29 Feb). No timescale means no due
 * date: the lead sets one, and until then it is shown as a gap.
 */
export function computeDueDate(input: DueDateInput): { dueDate: string | null; rule: DueDateRule } {
  const { timescale, basisDate, immediateGraceDays } = input;
  if (!Number.isInteger(immediateGraceDays) || immediateGraceDays < 0) {
    throw new Error(`immediateGraceDays must be a whole number of days, 0 or more (got ${immediateGraceDays})`);
  }
  if (timescale === null) return { dueDate: null, rule: "no_timescale" };
  if (basisDate === null) return { dueDate: null, rule: "no_basis" };

  const basis = parseIsoDate(basisDate);
  switch (timescale) {
    case "immediately":
      return { dueDate: toIsoDate(addDays(basis, immediateGraceDays)), rule: "immediately_plus_grace" };
    case "three_months":
      return { dueDate: toIsoDate(addMonths(basis, 3)), rule: "three_months" };
    case "six_months":
      return { dueDate: toIsoDate(addMonths(basis, 6)), rule: "six_months" };
    default:
      throw new Error(`Unknown timescale "${String(timescale satisfies never)}"`);
  }
}

/**
 * How a due date was worked out, e.g. "Publication date + 3 months".
 * Without a basis kind the basis is called "Basis date".
 */
export function describeDueDateRule(rule: DueDateRule, immediateGraceDays: number, basisKind?: BasisKind): string {
  const basis = basisKind ? BASIS_KIND_LABELS[basisKind] : "Basis date";
  switch (rule) {
    case "immediately_plus_grace":
      return `${basis} + ${immediateGraceDays} ${immediateGraceDays === 1 ? "day" : "days"} (immediately)`;
    case "three_months":
      return `${basis} + 3 months`;
    case "six_months":
      return `${basis} + 6 months`;
    case "no_timescale":
      return "No timescale in the report: the lead sets a target date";
    case "no_basis":
      return `No due date: ${basis.toLowerCase()} not recorded`;
    case "set_by_lead":
      return "Set by the improvement lead";
    default:
      throw new Error(`Unknown due date rule "${String(rule satisfies never)}"`);
  }
}
