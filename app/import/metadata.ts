/** Title, kind, local authority and dates from the front of a report. */
import { findDate, parseDate, parseDateRange } from "./dates";
import { isBlank, type ReportLine } from "./lines";
import { formalAuthorityName } from "./local-authorities";
import type { ReportKind } from "./types";

/** How far into the report the title block can be (non-blank lines). */
const FRONT_MATTER_LINES = 60;

const TITLE_START =
  /^(?:inspection of|re-?inspection of|review of|focused visit|monitoring visit|joint targeted area inspection)\b/i;

export interface ReportMetadata {
  title: string | null;
  titleLines: [number, number] | null;
  localAuthority: string | null;
  kind: ReportKind;
  inspectionStart: string | null;
  inspectionEnd: string | null;
  published: string | null;
}

function frontMatter(lines: ReportLine[]): ReportLine[] {
  return lines.filter((line) => !isBlank(line)).slice(0, FRONT_MATTER_LINES);
}

/**
 * The title, joined across a wrap ("Inspection of Trafford local authority" / "children's
 * services"; "Inspection of Rotherham Metropolitan" / "Borough Council local authority" /
 * "children's services").
 */
function findTitle(front: ReportLine[]): { title: string; first: number; last: number } | null {
  const at = front.findIndex((line) => TITLE_START.test(line.text));
  if (at === -1) return null;
  let title = front[at].text;
  let last = at;
  // An ILACS title runs on until it names the children's services it inspected.
  const unfinished = () =>
    /^inspection of (?!services\b|local authority\b)/i.test(title) && !/\bchildren|\btrust\b/i.test(title);
  while (
    last + 1 < front.length &&
    front[last + 1].index === front[last].index + 1 &&
    (/^[a-z]/.test(front[last + 1].text) || (unfinished() && last - at < 3 && !/\d|:/.test(front[last + 1].text)))
  ) {
    last += 1;
    title = `${title} ${front[last].text}`;
  }
  return { title, first: at, last };
}

function detectKind(frontText: string, span: number | null): ReportKind {
  const text = frontText.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, " ");
  if (/safeguarding and looked after children services/.test(text)) return "slac";
  if (/inspection of looked after children services/.test(text)) return "lac_2013";
  if (/inspection of services for children in need of help and\s+protection/.test(text)) return "sif";
  if (/joint targeted area inspection/.test(text)) return "jtai";
  if (/\bfocused visit\b/.test(text)) return "focused_visit";
  if (/\bmonitoring visit\b/.test(text)) return "monitoring_visit";
  if (
    /local authority children's services|children's social care services/.test(text) ||
    /^inspection of .{2,80}?\b(?:children's services|children and families trust|children's trust)\b/.test(text)
  ) {
    // Short ILACS inspections take one week on site, standard ones two.
    return span !== null && span <= 7 ? "ilacs_short" : "ilacs";
  }
  return "other";
}

/** "... focused visit to Sefton children's services on 10 and 11 March 2021." */
function visitDates(front: ReportLine[]): { start: string | null; end: string | null } {
  const text = front.map((line) => line.text).join(" ");
  const day = String.raw`\d{1,2}(?:st|nd|rd|th)?`;
  const month = String.raw`[A-Z][a-z]{2,8}`;
  const match = new RegExp(
    String.raw`\b(?:visit|inspection|inspected)\b[^.]*?\b(?:on|between|from)\s+(${day}(?:\s+${month})?(?:\s+\d{4})?(?:\s*(?:and|to|-|–)\s*${day}(?:\s+${month})?)?\s+\d{4})`,
  ).exec(text);
  if (match) {
    // "10 and 11 March" is one two-day visit.
    return parseDateRange(match[1].replace(/\s+and\s+/, " to "));
  }
  // "... on 13 and 14 July." with the year left to the letter's date.
  const noYear = new RegExp(
    String.raw`\b(?:visit|inspection|inspected)\b[^.]*?\b(?:on|between|from)\s+(${day}(?:\s+${month})?(?:\s*(?:and|to|-|–)\s*${day})?\s+${month})\b`,
  ).exec(text);
  const year = letterDate(front)?.slice(0, 4);
  if (!noYear || !year) return { start: null, end: null };
  return parseDateRange(`${noYear[1].replace(/\s+and\s+/, " to ")} ${year}`);
}

/** The letter's date: a line that is only a date, above "Dear ...". */
function letterDate(front: ReportLine[]): string | null {
  for (const line of front) {
    if (/^dear\b/i.test(line.text)) break;
    const date = parseDate(line.text.replace(",", ""));
    if (date) return date;
  }
  return null;
}

function daysBetween(start: string | null, end: string | null): number | null {
  if (!start || !end) return null;
  return (Date.parse(end) - Date.parse(start)) / 86_400_000;
}

function findLocalAuthority(front: ReportLine[], title: ReturnType<typeof findTitle>): string | null {
  if (title) {
    const named =
      /^inspection of (?!services\b|local authority\b)(.+?)(?: local authority)? children['’]s services/i.exec(
        title.title,
      );
    if (named) return formalAuthorityName(named[1]);
    const visited = /^focused visit to (.+?)(?: local authority)? children['’]s services/i.exec(title.title);
    // "Focused visit to Durham’s children’s services": the place, not its possessive.
    if (visited) return formalAuthorityName(visited[1].replace(/['’]s$/, ""));
  }
  const isDetail = (line: ReportLine) =>
    /^(?:inspection dates?|reporting inspector|lead inspector|age group|published)\b/i.test(line.text);
  // Above the title (SIF, early ILACS: "Knowsley Council" then "Inspection of ...").
  if (title && title.first > 0) {
    const above = front.slice(0, title.first).filter((line) => !isDetail(line));
    if (above.length > 0 && above.length <= 3) return formalAuthorityName(above.map((line) => line.text).join(" "));
  }
  // Below it (SLAC, 2013: "Inspection of ..." then "London Borough of Havering").
  const below = title ? front[title.last + 1] : undefined;
  if (below && !isDetail(below)) return formalAuthorityName(below.text);
  return null;
}

export function extractMetadata(lines: ReportLine[]): ReportMetadata {
  const front = frontMatter(lines);
  const title = findTitle(front);

  let inspectionStart: string | null = null;
  let inspectionEnd: string | null = null;
  const datesLine = lines.find((line) => /^inspection dates?\s*:?\s*\d/i.test(line.text));
  if (datesLine) {
    const range = parseDateRange(datesLine.text.replace(/^inspection dates?\s*:?\s*/i, ""));
    inspectionStart = range.start;
    inspectionEnd = range.end;
  }
  const publishedLine = lines.find((line) => /^(?:report )?published\s*:?\s*\d/i.test(line.text));
  let published = publishedLine ? findDate(publishedLine.text) : null;

  // The kind is read from the title and the lines just after it (a SIF title runs on with
  // "and Review of the effectiveness of the Local Safeguarding Children Board").
  const titleBlock = title
    ? front
        .slice(title.first, title.last + 6)
        .map((line) => line.text)
        .join(" ")
    : "";
  const kind = detectKind(titleBlock, daysBetween(inspectionStart, inspectionEnd));
  if (kind === "focused_visit" || kind === "monitoring_visit" || kind === "jtai") {
    // Letters: the visit's dates are in the prose, and the letter's own date heads it.
    if (!inspectionStart) {
      const visit = visitDates(front);
      inspectionStart = visit.start;
      inspectionEnd = visit.end;
    }
    published ??= letterDate(front);
  }
  return {
    title: title?.title ?? null,
    titleLines: title ? [front[title.first].index, front[title.last].index] : null,
    localAuthority: findLocalAuthority(front, title),
    kind,
    inspectionStart,
    inspectionEnd,
    published,
  };
}
