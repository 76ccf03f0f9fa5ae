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
