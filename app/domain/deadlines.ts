import { differenceInCalendarDays } from "date-fns";

import { parseIsoDate } from "../utils/dates";
import { isInBankHolidayTableRange } from "./bank-holidays";
import {
  expectedIlacsInspectionWindow,
  expectedNextInspection,
  type IlacsGrade,
  type InspectionWindow,
  type InspectionWindowPhase,
  inspectionWindowPhase,
  type NextInspection,
} from "./inspection-window";
import { statementOfActionDeadline, workingDaysBetween } from "./working-days";

/** Deadlines that passed longer ago than this drop off the dashboard. */
export const RECENT_DEADLINE_DAYS = 60;

/** Calendar days from `from` to `to` (`YYYY-MM-DD`); negative when `to` is earlier. */
export function calendarDaysBetween(from: string, to: string): number {
  return differenceInCalendarDays(parseIsoDate(to), parseIsoDate(from));
}

export interface WindowCountdown {
  window: InspectionWindow;
  phase: InspectionWindowPhase;
  /** Before the window: days until it opens; in it: days until it closes; past it: days since it closed. */
  days: number;
  /** What `days` counts towards or since. */
  counting: "opens" | "closes" | "closed";
}

/** The expected window after an ILACS inspection on `lastInspectionDate`, and where `today` sits in it. */
export function inspectionWindowCountdown(lastInspectionDate: string, today: string): WindowCountdown {
  return windowCountdown(expectedIlacsInspectionWindow(lastInspectionDate), today);
}

/** Where `today` sits in a window, and how many days to its next edge or since it closed. */
export function windowCountdown(window: InspectionWindow, today: string): WindowCountdown {
  const phase = inspectionWindowPhase(window, today);
  if (phase === "before_window")
    return { window, phase, days: calendarDaysBetween(today, window.opens), counting: "opens" };
  if (phase === "in_window")
    return { window, phase, days: calendarDaysBetween(today, window.closes), counting: "closes" };
  return { window, phase, days: calendarDaysBetween(window.closes, today), counting: "closed" };
}

export interface StatementOfActionDue {
  deadline: string;
  workingDays: 20 | 70;
  /** Working days from today to the deadline (negative once it has passed). */
  workingDaysRemaining: number;
  /** Calendar days from today to the deadline (negative once it has passed). */
  calendarDaysRemaining: number;
}

/**
 * The statement-of-action deadline for a report received on `receivedDate`, with the days left
 * from `today`. Null when it passed more than RECENT_DEADLINE_DAYS ago, or when a date falls
 * outside the bank holiday table (a deadline counted without holidays would be wrong, not approximate).
 */
export function statementOfActionDue(
  receivedDate: string,
  opts: { priorityAction: boolean; today: string },
): StatementOfActionDue | null {
  if (!isInBankHolidayTableRange(receivedDate) || !isInBankHolidayTableRange(opts.today)) return null;
  const deadline = statementOfActionDeadline(receivedDate, { priorityAction: opts.priorityAction });
  if (!isInBankHolidayTableRange(deadline)) return null;
  const calendarDaysRemaining = calendarDaysBetween(opts.today, deadline);
  if (calendarDaysRemaining < -RECENT_DEADLINE_DAYS) return null;
  return {
    deadline,
    workingDays: opts.priorityAction ? 20 : 70,
    workingDaysRemaining: workingDaysBetween(opts.today, deadline),
    calendarDaysRemaining,
  };
}

/** What the dashboard needs to know about one inspection (see listInspectionClocks). */
export interface InspectionClockInput {
  inspectionId: number;
  authorityId: number;
  authorityName: string;
  kind: string;
  title: string;
  isIlacs: boolean;
  inspectionDate: string | null;
  receivedDate: string | null;
  receivedApproximated: boolean;
  priorityAction: boolean;
  /** The judgement that decides the next inspection (see decidingGrade); null when none is recorded. */
  grade?: IlacsGrade | null;
}

export interface InspectionWindowSummary {
  authorityId: number;
  authorityName: string;
  lastIlacs: { inspectionId: number; title: string; date: string; grade: IlacsGrade | null } | null;
  /** What the framework expects next, from the last ILACS judgement. */
  next: NextInspection | null;
  /** Where today sits in the expected window; null when there is none (after an Inadequate judgement). */
  countdown: WindowCountdown | null;
  deadlines: (StatementOfActionDue & {
    inspectionId: number;
    title: string;
    receivedDate: string;
    receivedApproximated: boolean;
    priorityAction: boolean;
  })[];
}

/**
 * Per authority: the latest ILACS inspection and the window for the next one, and every
 * statement-of-action deadline still to come or passed within RECENT_DEADLINE_DAYS. ILACS
 * reports need a statement of action; focused visits only when they found areas for priority action.
 */
export function summariseInspectionWindows(
  clocks: readonly InspectionClockInput[],
  today: string,
): InspectionWindowSummary[] {
  const byAuthority = new Map<number, InspectionWindowSummary>();
  for (const clock of clocks) {
    let summary = byAuthority.get(clock.authorityId);
    if (!summary) {
      summary = {
        authorityId: clock.authorityId,
        authorityName: clock.authorityName,
        lastIlacs: null,
        next: null,
        countdown: null,
        deadlines: [],
      };
      byAuthority.set(clock.authorityId, summary);
    }
    if (
      clock.isIlacs &&
      clock.inspectionDate &&
      (!summary.lastIlacs || clock.inspectionDate > summary.lastIlacs.date)
    ) {
      summary.lastIlacs = {
        inspectionId: clock.inspectionId,
        title: clock.title,
        date: clock.inspectionDate,
        grade: clock.grade ?? null,
      };
    }
    if (clock.receivedDate && (clock.isIlacs || clock.priorityAction)) {
      const due = statementOfActionDue(clock.receivedDate, { priorityAction: clock.priorityAction, today });
      if (due) {
        summary.deadlines.push({
          ...due,
          inspectionId: clock.inspectionId,
          title: clock.title,
          receivedDate: clock.receivedDate,
          receivedApproximated: clock.receivedApproximated,
          priorityAction: clock.priorityAction,
        });
      }
    }
  }
  for (const summary of byAuthority.values()) {
    if (summary.lastIlacs) {
      summary.next = expectedNextInspection(summary.lastIlacs.date, summary.lastIlacs.grade);
      summary.countdown = summary.next.window ? windowCountdown(summary.next.window, today) : null;
    }
    summary.deadlines.sort((a, b) => a.deadline.localeCompare(b.deadline));
  }
  return [...byAuthority.values()];
}
