import { addDays } from "date-fns";

import { parseIsoDate, toIsoDate } from "../utils/dates";
import { BANK_HOLIDAY_TABLE_RANGE, isBankHoliday, isInBankHolidayTableRange } from "./bank-holidays";

/** ILACS: the statement of action is due to Ofsted 70 working days after the report is received. */
export const STATEMENT_OF_ACTION_WORKING_DAYS = 70;
/** Focused visit with areas for priority action: a plan within 20 working days. */
export const PRIORITY_ACTION_PLAN_WORKING_DAYS = 20;

// A missing holiday would silently shift a statutory deadline, so dates the table does not
// cover are an error rather than "probably a working day".
function assertInTableRange(date: string): void {
  if (!isInBankHolidayTableRange(date)) {
    throw new Error(
      `Cannot count working days for ${date}: the bank holiday table covers ${BANK_HOLIDAY_TABLE_RANGE.first}-${BANK_HOLIDAY_TABLE_RANGE.last} only (app/domain/bank-holidays.ts)`,
    );
  }
}

function isWorkingDayUnchecked(date: Date, iso: string): boolean {
  const dayOfWeek = date.getDay();
  return dayOfWeek !== 0 && dayOfWeek !== 6 && !isBankHoliday(iso);
}

/** Monday to Friday and not an England and Wales bank holiday. Throws outside the table range. */
export function isWorkingDay(date: string): boolean {
  const parsed = parseIsoDate(date);
  assertInTableRange(date);
  return isWorkingDayUnchecked(parsed, date);
}

/**
 * The date `days` working days after `start`: day 1 is the first working day after `start`,
 * whatever `start` is (the day of receipt never counts). 0 returns `start` unchanged;
 * negative counts go backwards (day -1 is the last working day before `start`).
 */
export function addWorkingDays(start: string, days: number): string {
  if (!Number.isInteger(days)) throw new Error(`days must be a whole number (got ${days})`);
  let current = parseIsoDate(start);
  assertInTableRange(start);
  const step = days < 0 ? -1 : 1;
  let remaining = Math.abs(days);
  let iso = start;
  while (remaining > 0) {
    current = addDays(current, step);
    iso = toIsoDate(current);
    assertInTableRange(iso);
    if (isWorkingDayUnchecked(current, iso)) remaining--;
  }
  return iso;
}

/**
 * Working days after `from` up to and including `to`; when `to` is earlier, minus the working
 * days from `to` up to but excluding `from`. The inverse of `addWorkingDays`:
 * `workingDaysBetween(from, addWorkingDays(from, n)) === n` for every whole `n`.
 */
export function workingDaysBetween(from: string, to: string): number {
  parseIsoDate(from);
  parseIsoDate(to);
  assertInTableRange(from);
  assertInTableRange(to);
  if (to < from) return -countWorkingDays(addDays(parseIsoDate(to), -1), addDays(parseIsoDate(from), -1));
  return countWorkingDays(parseIsoDate(from), parseIsoDate(to));
}

/** Working days in (after, until]. */
function countWorkingDays(after: Date, until: Date): number {
  const untilIso = toIsoDate(until);
  let count = 0;
  let current = after;
  let iso = toIsoDate(current);
  while (iso < untilIso) {
    current = addDays(current, 1);
    iso = toIsoDate(current);
    if (isWorkingDayUnchecked(current, iso)) count++;
  }
  return count;
}

/**
 * When the written action plan is due to Ofsted: 70 working days after the council received
 * the report, or 20 for a focused visit with areas for priority action.
 */
export function statementOfActionDeadline(receivedDate: string, opts: { priorityAction?: boolean } = {}): string {
  const days = opts.priorityAction ? PRIORITY_ACTION_PLAN_WORKING_DAYS : STATEMENT_OF_ACTION_WORKING_DAYS;
  return addWorkingDays(receivedDate, days);
}
