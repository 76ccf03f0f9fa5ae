import { addMonths, addYears } from "date-fns";

import { parseIsoDate, toIsoDate } from "../utils/dates";

/** ILACS standard and short inspections come about three years apart. */
export const ILACS_INSPECTION_CYCLE_YEARS = 3;
/** The next inspection is expected within this many months either side of the anniversary. */
export const ILACS_WINDOW_MONTHS_EITHER_SIDE = 6;

export interface InspectionWindow {
  /** `YYYY-MM-DD`, inclusive. */
  opens: string;
  /** The third anniversary of the last inspection. */
  anniversary: string;
  /** `YYYY-MM-DD`, inclusive. */
  closes: string;
}

export type InspectionWindowPhase = "before_window" | "in_window" | "past_window";

export const INSPECTION_WINDOW_PHASE_LABELS: Record<InspectionWindowPhase, string> = {
  before_window: "Before the expected inspection window",
  in_window: "In the expected inspection window",
  past_window: "Past the expected inspection window",
};

/**
 * When the next ILACS inspection is expected: six months either side of the third
 * anniversary of the last one (calendar months, clamped like the due-date rules, so a
 * 29 February anniversary falls on 28 February).
 */
export function expectedIlacsInspectionWindow(lastInspectionDate: string): InspectionWindow {
  const anniversary = addYears(parseIsoDate(lastInspectionDate), ILACS_INSPECTION_CYCLE_YEARS);
  return {
    opens: toIsoDate(addMonths(anniversary, -ILACS_WINDOW_MONTHS_EITHER_SIDE)),
    anniversary: toIsoDate(anniversary),
    closes: toIsoDate(addMonths(anniversary, ILACS_WINDOW_MONTHS_EITHER_SIDE)),
  };
}

/** Where `today` (`YYYY-MM-DD`) sits relative to the window; both ends count as in it. */
export function inspectionWindowPhase(window: InspectionWindow, today: string): InspectionWindowPhase {
  parseIsoDate(today);
  if (today < window.opens) return "before_window";
  if (today > window.closes) return "past_window";
  return "in_window";
}

/** The judgement an ILACS inspection left, as far as what comes next depends on it. */
export type IlacsGrade = "outstanding" | "good" | "requires_improvement" | "inadequate";

/** A grade as reports print it ("Requires improvement to be good", "Inadequate"), or null. */
export function ilacsGrade(printed: string | null | undefined): IlacsGrade | null {
  const text = (printed ?? "").trim().toLowerCase();
  if (text.startsWith("outstanding")) return "outstanding";
  if (text.startsWith("good")) return "good";
  if (text.startsWith("requires improvement")) return "requires_improvement";
  if (text.startsWith("inadequate")) return "inadequate";
  return null;
}

/** Worst first: the judgement that decides what comes next when a report gives no overall one. */
const GRADE_ORDER: readonly IlacsGrade[] = ["inadequate", "requires_improvement", "good", "outstanding"];

/**
 * The grade that decides the next inspection: the overall effectiveness judgement where the report
 * gives one, otherwise (reports from April 2026 give none) the lowest of its judgements.
 */
export function decidingGrade(judgements: readonly { area: string; grade: string }[]): IlacsGrade | null {
  const overall = judgements.find((j) => /^overall effectiveness/i.test(j.area.trim()));
  if (overall) return ilacsGrade(overall.grade);
  const grades = judgements.map((j) => ilacsGrade(j.grade)).filter((g): g is IlacsGrade => g !== null);
  if (grades.length === 0) return null;
  return GRADE_ORDER.find((g) => grades.includes(g)) ?? null;
}

export type NextInspectionKind = "short" | "standard" | "monitoring" | "unknown";

export interface NextInspection {
  kind: NextInspectionKind;
  /** What is expected next, in a sentence. */
  expectation: string;
  /** The rule applied, as the framework puts it. */
  rule: string;
  /** Where the rule comes from. */
  source: string;
  /** The window, where the framework gives one (not after an Inadequate judgement). */
  window: InspectionWindow | null;
}

/**
 * What Ofsted's framework for inspecting local authority children's services (ILACS) expects
 * after an inspection, by its judgement. The framework ("Inspecting local authority children's
 * services", Ofsted, first published November 2017, updated to April 2025; "Frequency and timing
 * of inspections"): a local authority judged good or outstanding has a short inspection, and one
 * judged requires improvement to be good a standard inspection, usually between six months before
 * and six months after the third anniversary of the last; a local authority judged inadequate is
 * subject to monitoring visits and is re-inspected when Ofsted judges it ready (no window: the
 * re-inspection is usually a standard inspection, typically two to three years on, preceded by
 * quarterly monitoring visits whose letters are published). Annual engagement meetings and
 * focused visits come between inspections whatever the judgement.
 */
export function expectedNextInspection(lastInspectionDate: string, grade: IlacsGrade | null): NextInspection {
  const source =
    "Ofsted, Inspecting local authority children's services (ILACS framework, 2018 onwards, as updated April 2025): frequency and timing of inspections";
  const window = expectedIlacsInspectionWindow(lastInspectionDate);
  switch (grade) {
    case "outstanding":
    case "good":
      return {
        kind: "short",
        expectation: "A short inspection (one week on site)",
        rule: "Judged good or outstanding: a short inspection, usually six months either side of the third anniversary of the last inspection.",
        source,
        window,
      };
    case "requires_improvement":
      return {
        kind: "standard",
        expectation: "A standard inspection (two weeks on site)",
        rule: "Judged requires improvement to be good: a standard inspection, usually six months either side of the third anniversary of the last inspection.",
        source,
        window,
      };
    case "inadequate":
      return {
        kind: "monitoring",
        expectation: "Monitoring visits, then a re-inspection when Ofsted decides",
        rule: "Judged inadequate: Ofsted monitors progress through monitoring visits (usually every three months) and re-inspects when it judges the local authority ready; there is no three-year window.",
        source,
        window: null,
      };
    default:
      return {
        kind: "unknown",
        expectation: "A short or standard inspection, depending on the last judgement",
        rule: "The last inspection's judgement is not recorded, so the usual window is shown: six months either side of the third anniversary. After an Inadequate judgement there is no window.",
        source,
        window,
      };
  }
}
