/**
 * What no correct extraction can contain. `parse-report --audit DIR` runs the reader over
 * a folder of reports and lists these per file: the reader's own rules decide where items
 * start and end, and this checks the result from the outside, with no gold to compare
 * against, so that a whole corpus can be read for the layouts the reader gets wrong.
 */
import { classifyHeading } from "./headings";
import { isBlank, isContentsLine, onContentsPage, type ReportLine } from "./lines";
import type { ParsedReport, ReportKind } from "./types";

export type AuditKind =
  | "negative"
  | "back-reference"
  | "findings-prose"
  | "glyph"
  | "split"
  | "fragment"
  | "empty-list"
  | "count"
  | "length"
  | "agency"
  | "duplicate"
  | "furniture"
  | "heading"
  | "section"
  | "heading-as-item"
  | "trailing-heading"
  | "footnote";

export interface AuditFinding {
  kind: AuditKind;
  /** 0-based index of the item concerned, if one. */
  item: number | null;
  message: string;
}

/** The most items a report of each kind has been seen to hold; more means a list never ended. */
const MOST_ITEMS: Record<ReportKind, number> = {
  slac: 45,
  lac_2013: 30,
  sif: 50,
  ilacs: 16,
  ilacs_short: 12,
  focused_visit: 10,
  monitoring_visit: 12,
  jtai: 12,
  other: 50,
};

/** Longer than any recommendation seen, or too short to ask for anything ("PA capacity." is real). */
const LONGEST_ITEM = 1200;
const SHORTEST_ITEM = 10;
/** More sentences than any recommendation holds. */
const MOST_SENTENCES = 8;

/**
 * The checker's own idea of a statement that a list is empty and of a sentence that only
 * points back to earlier recommendations, kept apart from the reader's rules so that it
 * checks them rather than repeats them.
 */
const NEGATIVE = [
  /^(?:\d+\.\s*)?there (?:are|is|were|was|have been|has been) no\b/i,
  /^no (?:areas?|priority|immediate|further|additional|recommendations?|actions?)\b/i,
  /\b(?:did|does|do|has|have) not (?:find|identify|found|identified|highlight|raise)\b.*\b(?:areas?|priorit(?:y|ies)|recommendations?|actions?)\b/i,
  /\bnone (?:were|was|have been|has been) identified\b/i,
];
const BACK_REFERENCE = [
  /\b(?:continue to be|remain|are still|are) (?:those|the same as those|as) (?:that were |which were )?(?:identified|set out|set|made|reported|outlined)\b/i,
  /^(?:the )?(?:areas? for (?:priority action|improvement)|recommendations|priority actions)\b.{0,120}\b(?:continue to be|remain|are unchanged)\b/i,
];
const isNegativeStatement = (text: string) =>
  text.length < 300 && NEGATIVE.some((pattern) => pattern.test(text.replace(/^\d{1,3}\.\s*/, "")));
const isBackReference = (text: string) => text.length < 400 && BACK_REFERENCE.some((pattern) => pattern.test(text));

/** Bullet glyphs and private-use symbols that no item's text keeps. */
const GLYPH = /[\uE000-\uF8FF\u2022\u2023\u25AA\u25AB\u25CF\u25E6\u25FB\u25FC\u25A0\u2043\u2212\u23AF\u2500]|\u0336/;

/** Prose that reports what inspectors found, never a recommendation. */
const FINDINGS = [
  // A judgement heading swept into a list ("... help and protection: outstanding").
  /:\s*(?:outstanding|good|adequate|inadequate|requires? improvement(?: to be good)?)\.?$/i,
  /\b(?:protection|care leavers|permanence|families|children in care) (?:are|is) (?:outstanding|good|adequate|inadequate|requires? improvement(?: to be good)?)\.?$/i,
  /^(?:the experiences and progress of|the impact of leaders on|overall effectiveness\b)/i,
  /^(?:\d+\.\s*)?inspectors (?:found|saw|considered|reviewed|looked|met|spoke|identified|have)\b/i,
  /\b(?:this|the) (?:focused )?visit (?:found|identified)\b/i,
  /^(?:findings|headline findings|main findings)\b/i,
];

/** Words that end a sentence only when cut off: an item ending on one was split. */
const DANGLING = /(?:\b(?:and|or|the|of|to|for|with|in|on|by|a|an|that|which|including|such as)|,|-)$/i;

/** Organisation words: an agency made only of ordinary words is a misread sentence. */
const ORGANISATION =
  /\b(?:police|constabulary|health|NHS|CCG|ICB|trust|board|council|partnership|service|services|commissioners?|providers?|hospital|school|schools|college|court|CAFCASS|probation|authority|agency|agencies|team|panel|forum|department|group|unit|office|academy|academies|safeguarding|executive|partners)\b/i;
const ABBREVIATION = /\b[A-Z][A-Z&]+[a-z]?\b/;
/** Words that open a sentence, never an organisation's name. */
const SENTENCE_OPENER =
  /^(?:The|This|These|It|All|Each|Where|When|Leaders|Managers|Ensure|Continue|Work|Improve|Develop)\b/;

/** A running header or footer left inside an item. */
const FURNITURE = [
  /\binspection of .{2,60}?(?:local authority )?children['’]s (?:social care )?services\b/i,
  /\b\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+(?: \d{4})? (?:to|[–-]) \d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+ \d{2,4}\b/,
  /\bwww\.|\bgov\.uk\b|©|crown copyright/i,
];

function sentences(text: string): number {
  return text.split(/[.!?](?:\s+|$)(?=[A-Z‘'"“(]|$)/).filter((part) => part.trim() !== "").length;
}

/**
 * Under the heading, one paragraph of prose and then the report's next section ("There are
 * an extremely small number of areas of variability ..." in an outstanding inspection):
 * a comment on the heading, so an empty list is right.
 */
function isCommentOnly(lines: ReportLine[], from: number, end: number): boolean {
  let at = from;
  while (at < end && isBlank(lines[at])) at += 1;
  const first = at;
  while (at < end && !isBlank(lines[at])) at += 1;
  if (at === first || /^\s*(?:[\u2022\u25FC\uF0B7\uF06E\uF0A7-]|\d{1,3}\.)\s/.test(lines[first].raw)) return false;
  while (at < end && isBlank(lines[at])) at += 1;
  const next = lines
    .slice(at, at + 2)
    .map((line) => line.text)
    .join(" ");
  return /^the (?:experiences and progress|impact of leaders)|:\s*(?:outstanding|good|inadequate|requires? improvement(?: to be good)?)$/i.test(
    next,
  );
}

/** How many list headings the body holds (not counting a contents page). */
function headingCount(lines: ReportLine[]): number {
  return lines.filter(
    (line, at) => !isContentsLine(line) && !onContentsPage(lines, at) && classifyHeading(line)?.type === "list",
  ).length;
}

export function auditReport(report: ParsedReport, lines: ReportLine[]): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const items = report.recommendations;
  const add = (kind: AuditKind, item: number | null, message: string) => findings.push({ kind, item, message });
  const quote = (text: string) => JSON.stringify(text.length > 90 ? `${text.slice(0, 87)}...` : text);

  items.forEach((item, index) => {
    const text = item.text;
    if (isNegativeStatement(text)) add("negative", index, `a negative statement: ${quote(text)}`);
    if (isBackReference(text))
      add("back-reference", index, `only points back to earlier recommendations: ${quote(text)}`);
    const prose = FINDINGS.find((pattern) => pattern.test(text));
    if (prose || sentences(text) > MOST_SENTENCES)
      add("findings-prose", index, `reads as findings prose: ${quote(text)}`);
    if (GLYPH.test(text)) add("glyph", index, `a bullet glyph left in the text: ${quote(text)}`);
    if (FURNITURE.some((pattern) => pattern.test(text)))
      add("furniture", index, `a running header or footer inside: ${quote(text)}`);
    if (item.heading && (item.heading.length > 110 || /[.!]\s/.test(item.heading))) {
      add("heading", index, `its heading reads as a sentence: ${JSON.stringify(item.heading)}`);
    }
    if (text.length > LONGEST_ITEM) add("length", index, `${text.length} characters long: ${quote(text)}`);
    if (text.length < SHORTEST_ITEM) add("fragment", index, `only ${text.length} characters: ${quote(text)}`);
    // The items around it end sentences; this one is a short unpunctuated line: a heading read as an item.
    const siblings = items.filter((other) => other !== item && other.heading === item.heading);
    const punctuated = siblings.filter((other) => /[.;:!?)]$/.test(other.text)).length;
    if (
      siblings.length >= 2 &&
      punctuated === siblings.length &&
      !/[.;:!?)]$/.test(text) &&
      text.length <= 80 &&
      /^[A-Z]/.test(text)
    ) {
      add("heading-as-item", index, `reads as a sub-heading taken for an item: ${quote(text)}`);
    }
    // "... is maintained. Leadership, management and governance": the next heading glued on.
    if (punctuated === siblings.length && siblings.length >= 2 && /[.!?]\s+[A-Z][^.!?;:()]{3,80}$/.test(text)) {
      add("trailing-heading", index, `ends with a heading after its last sentence: ${quote(text)}`);
    }
    if (/[a-z]{3}\d{1,2}(?=[\s,.;:]|$)/.test(text)) add("footnote", index, `a footnote number left in: ${quote(text)}`);
    const next = items[index + 1];
    if (next && next.heading === item.heading) {
      // An item ending mid-sentence and one starting in lower case, in a list whose items are sentences.
      const sentenceLike = siblings.filter((other) => /^[A-Z]/.test(other.text) && /[.;:!?)]$/.test(other.text));
      if (!/[.;:!?)]$/.test(text) && /^[a-z]/.test(next.text) && sentenceLike.length >= 0.8 * siblings.length) {
        add("split", index, `one item split in two: ${quote(text)} / ${quote(next.text)}`);
      }
      if (DANGLING.test(text) && !/[.;:!?)]$/.test(text)) {
        add(
          "split",
          index,
          `ends mid-sentence and the next item may be its rest: ${quote(text)} / ${quote(next.text)}`,
        );
      } else if (/:$/.test(text) && next.text.length < 120 && /^[a-z]/.test(next.text)) {
        add("split", index + 1, `a sub-bullet of the item above taken as an item: ${quote(next.text)}`);
      }
    }
    if (items.findIndex((other) => other.text === text) !== index)
      add("duplicate", index, `the same text twice: ${quote(text)}`);
    for (const agency of item.agencies) {
      if ((!ORGANISATION.test(agency) && !ABBREVIATION.test(agency)) || SENTENCE_OPENER.test(agency)) {
        add("agency", index, `agency ${JSON.stringify(agency)} is not an organisation (item ${quote(text)})`);
      }
    }
  });

  // A SIF report's LSCB part has its own list; none of its items read as the board's.
  if (
    report.kind === "sif" &&
    report.judgements.some((judgement) => judgement.section === "lscb") &&
    items.length > 0 &&
    !items.some((item) => item.section === "lscb") &&
    headingCount(lines) >= 2
  ) {
    add("section", null, "the report reviews its LSCB, but no item is in the LSCB part");
  }

  if (items.length > MOST_ITEMS[report.kind]) {
    add("count", null, `${items.length} items, more than a ${report.kind} report holds`);
  }

  // A list heading in the body with nothing under it: neither an item nor a negative statement.
  const headingAt = lines
    .map((line, at) => ({
      line,
      at,
      heading: isContentsLine(line) || onContentsPage(lines, at) ? null : classifyHeading(line),
    }))
    .filter((entry) => entry.heading?.type === "list");
  headingAt.forEach(({ line, at }, index) => {
    const end = headingAt[index + 1]?.at ?? lines.length;
    const firstLine = lines[at].index;
    const lastLine = end < lines.length ? lines[end].index : Infinity;
    if (items.some((item) => item.sourceLine > firstLine && item.sourceLine < lastLine)) return;
    const below = lines.slice(at + 1, Math.min(end, at + 12)).filter((other) => !isBlank(other));
    if (below.length === 0) return;
    // The heading of a sub-list ("Priority and immediate action") directly above another.
    if (below[0] && classifyHeading(below[0])?.type === "list") return;
    const said = below
      .slice(0, 4)
      .map((other) => other.text)
      .join(" ");
    if (isNegativeStatement(said) || isBackReference(said)) return;
    if (isCommentOnly(lines, at + 1, end)) return;
    add("empty-list", null, `list heading ${JSON.stringify(line.text)} (line ${line.index + 1}) has no items under it`);
  });
  return findings;
}
