import { MONTH_NAMES, parseUkDate } from "../../utils/dates";
import type { SheetCell } from "./types";

/**
 * Target dates as plans write them. Decisions (shown to the lead in the preview, so a wrong guess
 * is seen before anything is saved):
 * - Day first always: 01/07/2024 is 1 July 2024; 07/13/2024 is not a date.
 * - Two-digit years are 20YY: plans are about this century, and Excel's own d/m/yy display
 *   ("1/7/24") turns up in CSV exports.
 * - A month without a day ("July 2024", "Jul-24", "end of July 2024") is the last day of that
 *   month: "by July" means by the end of July. The preview notes the reading.
 * - A quarter of a financial year ("Q2 2024/25", "2024-25 Q4") is the last day of that quarter:
 *   the year runs April to March, so Q2 2024/25 ends on 30 September 2024. A quarter with one year
 *   ("Q2 2024") could be a calendar or a financial quarter, so it is not a date.
 * - Words that mean "no date yet" ("Ongoing", "TBC", "N/A", "Immediately") give no target date,
 *   not an error.
 * - Whole numbers that are plausible Excel serial dates (1 January 1990 to 31 December 2100) are
 *   read as serial dates, whether the cell is a number or a CSV's text.
 */
export type PlanDate =
  | { kind: "date"; date: string; note?: string }
  | { kind: "none"; note: string | null }
  | { kind: "invalid"; text: string };

const NO_DATE_WORDS = new Set([
  "ongoing",
  "on going",
  "tbc",
  "tbd",
  "tba",
  "n/a",
  "na",
  "none",
  "-",
  "immediately",
  "immediate",
  "asap",
  "continuous",
]);

// Serials for 1 January 1990 and 31 December 2100 in the 1900 date system.
const FIRST_PLAUSIBLE_SERIAL = 32874;
const LAST_PLAUSIBLE_SERIAL = 73415;

const MONTHS: ReadonlyMap<string, number> = new Map(
  MONTH_NAMES.flatMap((name, i) => [
    [name.toLowerCase(), i + 1] as const,
    [name.slice(0, 3).toLowerCase(), i + 1] as const,
    ...(name === "September" ? [["sept", i + 1] as const] : []),
  ]),
);

/**
 * An Excel serial date as `YYYY-MM-DD`, or null. In the 1900 system serial 1 is 1 January 1900 and
 * serial 60 is 29 February 1900, a day that never was (Lotus 1-2-3's leap-year bug, which Excel
 * kept), so it has no date and serials after it are one day behind a plain count. In the 1904
 * system serial 0 is 1 January 1904. Any fraction (the time of day) is dropped.
 */
export function excelSerialToIsoDate(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial)) return null;
  const whole = Math.floor(serial);
  let epoch: number;
  if (date1904) {
    if (whole < 0) return null;
    epoch = Date.UTC(1904, 0, 1);
  } else {
    if (whole < 1 || whole === 60) return null;
    // Before the phantom 29 February count from 31 December 1899, after it from 30 December.
    epoch = whole < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  }
  const date = new Date(epoch + whole * 86_400_000);
  if (date.getUTCFullYear() > 9999) return null;
  return date.toISOString().slice(0, 10);
}

function isoFromParts(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

function lastDayOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function fullYear(text: string): number {
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function fromSerial(serial: number, date1904: boolean): PlanDate | null {
  const limit = date1904 ? 1462 : 0; // the 1904 system's serials are 1,462 days smaller
  if (serial < FIRST_PLAUSIBLE_SERIAL - limit || serial > LAST_PLAUSIBLE_SERIAL - limit) return null;
  const date = excelSerialToIsoDate(serial, date1904);
  return date ? { kind: "date", date } : null;
}

const NUMERIC = /^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{2}|\d{4})$/;
const DAY_MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?[\s,-]+(\d{2}|\d{4})$/;
const MONTH_YEAR = /^([a-z]+)\.?[\s,-]+(\d{2}|\d{4})$/;
const QUARTER_FIRST = /^q([1-4])\s*(?:of\s+)?(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})$/;
const QUARTER_LAST = /^(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*(?:,\s*)?q([1-4])$/;
const QUARTER_NAMES = ["first", "second", "third", "fourth"];

/** The last day of quarter `q` of the financial year starting in April of `start`; null when the years do not follow on. */
function financialQuarterEnd(q: number, start: number, endText: string): PlanDate | null {
  const end = endText.length === 2 ? Math.floor(start / 100) * 100 + Number(endText) : Number(endText);
  if (end !== start + 1 && !(endText.length === 2 && end === start + 1 - 100)) return null;
  const [year, month] = q === 4 ? [start + 1, 3] : [start, 3 + 3 * q];
  return {
    kind: "date",
    date: lastDayOfMonth(year, month),
    note: `the end of the ${QUARTER_NAMES[q - 1]} quarter of the financial year ${start}/${String(start + 1).slice(2)}`,
  };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;

function parseDateText(raw: string, date1904: boolean): PlanDate {
  const original = raw.replace(/\s+/g, " ").trim();
  let text = original.toLowerCase();
  if (text === "") return { kind: "none", note: null };
  if (NO_DATE_WORDS.has(text)) return { kind: "none", note: original };
  text = text
    .replace(/^(?:by|due|deadline:?)\s+/, "")
    .replace(/^(?:(?:by\s+)?(?:the\s+)?end\s+(?:of\s+)?)/, "")
    .replace(/\s+\d{1,2}:\d{2}(?::\d{2})?$/, "")
    .trim();

  const iso = ISO.exec(text);
  if (iso) return dateOrInvalid(isoFromParts(Number(iso[1]), Number(iso[2]), Number(iso[3])), original);

  if (/^\d{5}(?:\.\d+)?$/.test(text)) return fromSerial(Number(text), date1904) ?? { kind: "invalid", text: original };

  const numeric = NUMERIC.exec(text);
  if (numeric)
    return dateOrInvalid(isoFromParts(fullYear(numeric[4]), Number(numeric[3]), Number(numeric[1])), original);

  const written = parseUkDate(text);
  if (written) return { kind: "date", date: written };

  const dayMonth = DAY_MONTH_NAME.exec(text);
  if (dayMonth) {
    const month = MONTHS.get(dayMonth[2]);
    return dateOrInvalid(month ? isoFromParts(fullYear(dayMonth[3]), month, Number(dayMonth[1])) : null, original);
  }

  const monthYear = MONTH_YEAR.exec(text);
  if (monthYear) {
    const month = MONTHS.get(monthYear[1]);
    if (month)
      return { kind: "date", date: lastDayOfMonth(fullYear(monthYear[2]), month), note: "the end of that month" };
  }

  const quarter = QUARTER_FIRST.exec(text);
  if (quarter) {
    const read = financialQuarterEnd(Number(quarter[1]), Number(quarter[2]), quarter[3]);
    if (read) return read;
  }
  const quarterAfter = QUARTER_LAST.exec(text);
  if (quarterAfter) {
    const read = financialQuarterEnd(Number(quarterAfter[3]), Number(quarterAfter[1]), quarterAfter[2]);
    if (read) return read;
  }
  return { kind: "invalid", text: original };
}

function dateOrInvalid(date: string | null, text: string): PlanDate {
  return date ? { kind: "date", date } : { kind: "invalid", text };
}

/** A target date cell read as a date, "no date" or unreadable (see the decisions above). */
export function readPlanDate(cell: SheetCell | undefined, date1904 = false): PlanDate {
  if (cell === null || cell === undefined) return { kind: "none", note: null };
  if (typeof cell === "object") return { kind: "date", date: cell.d };
  if (typeof cell === "number") return fromSerial(cell, date1904) ?? { kind: "invalid", text: String(cell) };
  return parseDateText(cell, date1904);
}
