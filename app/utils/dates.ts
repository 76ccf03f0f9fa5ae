// Calendar dates cross every boundary as `YYYY-MM-DD` strings. This module is the one place
// that converts them to and from `Date`, formats them for people and reads the clock.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2024-02-30). */
export function isValidIsoDate(s: string): boolean {
  const match = ISO_DATE.exec(s);
  if (!match) return false;
  return isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/**
 * `YYYY-MM-DD` -> a `Date` at local midnight, for date-fns calendar arithmetic.
 * Read it back only with `toIsoDate` (local getters), never `toISOString`.
 */
export function parseIsoDate(s: string): Date {
  const match = ISO_DATE.exec(s);
  if (!match || !isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new Error(`Invalid calendar date "${s}": expected a real date as YYYY-MM-DD`);
  }
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Years 0-99 would otherwise be read as 1900-1999.
  date.setFullYear(Number(match[1]));
  return date;
}

/** A `Date` (read with local getters) -> `YYYY-MM-DD`. */
export function toIsoDate(date: Date): string {
  return isoFromParts(date.getFullYear(), date.getMonth() + 1, date.getDate());
}

function isoFromParts(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
