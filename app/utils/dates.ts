import { addDays } from "date-fns";

// Calendar dates cross every boundary as `YYYY-MM-DD` strings. This module is the one place
// that converts them to and from `Date`, formats them for people and reads the clock.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const LONDON = "Europe/London";

export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

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

const checkedDates = new Set<string>();

/**
 * Throws, as `parseIsoDate` does, unless `s` is a real calendar date written `YYYY-MM-DD`. Dates
 * already checked are remembered: rebuilding a plan's trend checks the same few hundred dates
 * hundreds of thousands of times.
 */
export function assertIsoDate(s: string): void {
  if (checkedDates.has(s)) return;
  parseIsoDate(s);
  if (checkedDates.size >= 10_000) checkedDates.clear();
  checkedDates.add(s);
}

const shiftedDates = new Map<string, string>();

/** `YYYY-MM-DD` moved by `days` calendar days (negative for earlier), as `YYYY-MM-DD`; remembered like `assertIsoDate`. */
export function addDaysIso(date: string, days: number): string {
  const key = `${date}|${days}`;
  let shifted = shiftedDates.get(key);
  if (shifted === undefined) {
    shifted = toIsoDate(addDays(parseIsoDate(date), days));
    if (shiftedDates.size >= 10_000) shiftedDates.clear();
    shiftedDates.set(key, shifted);
  }
  return shifted;
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

/** "1 July 2024" (GOV.UK style). `fallback` (default "") for a missing date; throws on a malformed one. */
export function formatDate(date: string | null | undefined, fallback = ""): string {
  if (date === null || date === undefined || date === "") return fallback;
  const match = ISO_DATE.exec(date);
  if (!match || !isValidIsoDate(date)) throw new Error(`Cannot format "${date}": expected a real date as YYYY-MM-DD`);
  return `${Number(match[3])} ${MONTH_NAMES[Number(match[2]) - 1]} ${Number(match[1])}`;
}

/**
 * An instant (ISO-8601 with offset or Z) as London wall-clock time, GOV.UK style:
 * "1 July 2024 at 2:05pm", "3 January 2025 at 9:30am", and "midday" / "midnight" for 12:00.
 */
export function formatDateTime(isoInstant: string): string {
  const instant = parseInstant(isoInstant);
  const { year, month, day, hour, minute } = londonParts(instant);
  const date = `${day} ${MONTH_NAMES[month - 1]} ${year}`;
  let time: string;
  if (minute === 0 && hour === 12) time = "midday";
  else if (minute === 0 && hour === 0) time = "midnight";
  else time = `${hour % 12 === 0 ? 12 : hour % 12}:${String(minute).padStart(2, "0")}${hour < 12 ? "am" : "pm"}`;
  return `${date} at ${time}`;
}

/** The London calendar date (`YYYY-MM-DD`) of an instant, e.g. when an update was recorded. */
export function londonDateOf(instant: string | Date): string {
  const { year, month, day } = londonParts(typeof instant === "string" ? parseInstant(instant) : instant);
  return isoFromParts(year, month, day);
}

/** Today's date in London as `YYYY-MM-DD`. The only function that reads the clock; routes pass the result down. */
export function todayInLondon(now: Date = new Date()): string {
  return londonDateOf(now);
}

const MONTHS_BY_NAME: ReadonlyMap<string, number> = new Map(
  MONTH_NAMES.flatMap((name, index) => [
    [name.toLowerCase(), index + 1],
    [name.slice(0, 3).toLowerCase(), index + 1],
    ...(name === "September" ? [["sept", index + 1] as [string, number]] : []),
  ]),
);

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
const WEEKDAY_PATTERN = "((?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)";
const NUMERIC_UK = /^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})$/;
const WRITTEN_UK = new RegExp(
  `^(?:${WEEKDAY_PATTERN},?\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+([a-z]+)\\.?,?\\s+(\\d{4})$`,
  "i",
);

/**
 * A date a person typed, as `YYYY-MM-DD`, or null if it is not a real date.
 * Accepts "01/07/2024", "1/7/2024" (also with - or .), "1 July 2024", "1 Jul 2024",
 * "Monday 1st July 2024" and "2024-07-01". Day first always; two-digit years are refused
 * as ambiguous, and a weekday that does not match the date makes it invalid.
 */
export function parseUkDate(input: string): string | null {
  const text = input.trim().replace(/\s+/g, " ");
  if (ISO_DATE.test(text)) return isValidIsoDate(text) ? text : null;

  const numeric = NUMERIC_UK.exec(text);
  if (numeric) return dateFromNumbers(Number(numeric[4]), Number(numeric[3]), Number(numeric[1]));

  const written = WRITTEN_UK.exec(text);
  if (!written) return null;
  const [, weekdayText, day, monthText, year] = written;
  const month = MONTHS_BY_NAME.get(monthText.toLowerCase());
  if (month === undefined) return null;
  const iso = dateFromNumbers(Number(year), month, Number(day));
  if (iso === null || weekdayText === undefined) return iso;
  const weekday = WEEKDAYS[parseIsoDate(iso).getDay()];
  const typed = weekdayText.toLowerCase();
  return weekday.startsWith(typed) ? iso : null;
}

/**
 * The three fields of a GOV.UK date input as `YYYY-MM-DD`, or null if they are not a real date.
 * The month may be a number or a month name ("7", "07", "July", "Jul").
 */
export function parseDateParts(parts: { day: string; month: string; year: string }): string | null {
  const day = parts.day.trim();
  const monthText = parts.month.trim();
  const year = parts.year.trim();
  if (!/^\d{1,2}$/.test(day) || !/^\d{4}$/.test(year)) return null;
  const month = /^\d{1,2}$/.test(monthText) ? Number(monthText) : MONTHS_BY_NAME.get(monthText.toLowerCase());
  if (month === undefined) return null;
  return dateFromNumbers(Number(year), month, Number(day));
}

function dateFromNumbers(year: number, month: number, day: number): string | null {
  return isRealDate(year, month, day) ? isoFromParts(year, month, day) : null;
}

function parseInstant(isoInstant: string): Date {
  // Require an explicit offset: a bare "2024-07-01T14:05" would be read in the server's zone.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(isoInstant)) {
    throw new Error(`Invalid instant "${isoInstant}": expected ISO-8601 with Z or an offset`);
  }
  const instant = new Date(isoInstant);
  if (Number.isNaN(instant.getTime())) throw new Error(`Invalid instant "${isoInstant}"`);
  return instant;
}

const LONDON_PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  hourCycle: "h23",
});

function londonParts(instant: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = Object.fromEntries(LONDON_PARTS.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}
