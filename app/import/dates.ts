/** Dates as printed in Ofsted reports ("12 – 23 September 2011") -> YYYY-MM-DD. */

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

interface DateParts {
  day: number;
  month: number | null; // 1-12
  year: number | null;
}

function monthNumber(word: string): number | null {
  const lower = word.toLowerCase();
  if (lower.length < 3) return null;
  const stem = lower.replace(/\.$/, "");
  const index = MONTHS.findIndex((month) => month === stem || (stem.length >= 3 && month.startsWith(stem)));
  return index === -1 ? null : index + 1;
}

function toIso({ day, month, year }: DateParts): string | null {
  if (month === null || year === null) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** "20 May", "1 June 2012", "26th February 2024", "12" (day only). */
function parseParts(text: string): DateParts | null {
  // "1/06/2015", as some SIF reports print their dates.
  const numeric = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (numeric) return { day: Number(numeric[1]), month: Number(numeric[2]), year: Number(numeric[3]) };
  const match = /^(\d{1,2})(?:st|nd|rd|th)?(?:\s+([A-Za-z]+\.?))?(?:,?\s+(\d{4}|\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  const day = Number(match[1]);
  const month = match[2] === undefined ? null : monthNumber(match[2]);
  if (match[2] !== undefined && month === null) return null;
  let year: number | null = match[3] === undefined ? null : Number(match[3]);
  if (year !== null && year < 100) year += 2000;
  if (day < 1 || day > 31) return null;
  return { day, month, year };
}

/** One full date such as "28 October 2011"; null if the text is not exactly a date. */
export function parseDate(text: string): string | null {
  const parts = parseParts(text);
  return parts ? toIso(parts) : null;
}

/** The first full date ("D Month YYYY") found anywhere in the text. */
export function findDate(text: string): string | null {
  const match = /\b(\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|\d{1,2}\/\d{1,2}\/\d{4})\b/.exec(text);
  return match ? parseDate(match[1].replace(",", "")) : null;
}

function parseRange(text: string): { start: string | null; end: string | null } | null {
  const pieces = text.split(/\s*(?:\s-\s|[\u2013\u2014]|-(?=\s*\d)|\bto\b)\s*/).filter((piece) => piece.trim() !== "");
  if (pieces.length === 1) {
    const only = parseDate(pieces[0]);
    return only ? { start: only, end: only } : null;
  }
  if (pieces.length !== 2) return null;
  const left = parseParts(pieces[0]);
  const right = parseParts(pieces[1]);
  if (!left || !right || right.month === null || right.year === null) return null;
  const month = left.month ?? right.month;
  let year = left.year ?? right.year;
  if (left.year === null && month > right.month) year -= 1;
  return { start: toIso({ day: left.day, month, year }), end: toIso(right) };
}

/**
 * An inspection date range as printed: "12 – 23 September 2011", "20 May-1 June 2012",
 * "1 July 2024 to 12 July 2024", "30 September to 11 October 2024 and 13 to 16 January 2025"
 * (split inspections span from the first block's start to the last block's end).
 */
export function parseDateRange(text: string): { start: string | null; end: string | null } {
  const blocks = text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.;]$/, "")
    .split(/\s+and\s+/);
  const ranges = blocks.map(parseRange);
  const first = ranges[0];
  const last = ranges[ranges.length - 1];
  return { start: first?.start ?? null, end: last?.end ?? null };
}
