/**
 * Normalised lines -> recommendations: a state machine over headings. It tracks which
 * part of the report it is in (for the section), the current list heading, timescale
 * heading and owner sub-heading, and gathers items from bullets, numbers or — where the
 * conversion lost them — from indentation after a blank line.
 */
import { agenciesNamedInItem, mergeAgencies } from "./agencies";
import { classifyHeading, endsList, isLeadIn, isNegativeStatement } from "./headings";
import { isBlank, isContentsLine, joinPieces, parseBullet, withoutTrailingJoiner, type ReportLine } from "./lines";
import type { ParsedRecommendation, ParseWarning, ReportKind, Section, Timescale } from "./types";

/**
 * Words that open a new recommendation (imperatives and determiners). A lower-case line
 * after a page break that does not start with one continues the item above.
 */
const ITEM_OPENERS = new Set(
  (
    "ensure improve increase extend review develop define work take strengthen put provide establish make reduce " +
    "implement embed introduce monitor evaluate consider undertake secure address promote raise complete agree " +
    "continue clarify analyse analyze use identify set produce enable support build engage publish record audit " +
    "maintain assess seek widen prioritise prioritize share involve collect tackle respond create deliver expand " +
    "demonstrate commission revise update plan offer explore challenge coordinate co-ordinate formalise align collate " +
    "check confirm track listen train recruit retain bring give obtain refresh carry hold appoint allocate apply " +
    "achieve strengthen act accelerate adopt capture ascertain conclude determine focus fully further gather " +
    "the there all a an any each every this these those it its their where when how what that"
  ).split(" "),
);

interface OpenItem {
  pieces: string[];
  startLine: number;
  number: string | null;
  /** Line index of the item's last piece, to tell wrapped lines from page breaks. */
  lastLine: number;
}

interface ListState {
  section: Section;
  heading: string;
  timescale: Timescale;
  priority: boolean;
  owners: string[];
}

export interface RecommendationResult {
  recommendations: ParsedRecommendation[];
  warnings: ParseWarning[];
}

function sectionForList(kind: ReportKind, part: Section, listOrdinal: number): Section {
  switch (kind) {
    case "slac":
      return part ?? (listOrdinal === 0 ? "safeguarding" : "looked_after_children");
    case "lac_2013":
      return "looked_after_children";
    case "sif":
    case "other":
      return part === "lscb" ? "lscb" : null;
    default:
      return null;
  }
}

/** The item above ends mid-sentence and the line reads as the rest of it. */
function continuesAcrossPageBreak(previous: string, next: string): boolean {
  if (/[.;:!?)]$/.test(previous) || /(?:,|\band)$/.test(previous)) return false;
  const firstWord = /^([a-z][a-z-]*)/.exec(next);
  return firstWord !== null && !ITEM_OPENERS.has(firstWord[1]);
}

export function extractRecommendations(lines: ReportLine[], kind: ReportKind): RecommendationResult {
  const recommendations: ParsedRecommendation[] = [];
  const warnings: ParseWarning[] = [];
  let part: Section = null;
  let listOrdinal = 0;
  let list: ListState | null = null;
  let item: OpenItem | null = null;
  let gap = false;

  const flush = () => {
    if (item && list) {
      const text = withoutTrailingJoiner(joinPieces(item.pieces));
      if (text !== "") {
        recommendations.push({
          section: list.section,
          timescale: list.timescale,
          heading: list.heading,
          priority: list.priority,
          text,
          agencies: mergeAgencies(list.owners, agenciesNamedInItem(text)),
          paragraphNumber: item.number,
          sourceLine: item.startLine,
        });
      }
    }
    item = null;
  };
  const warn = (message: string, line: ReportLine, index = recommendations.length) =>
    warnings.push({ message, recommendationIndex: index, line: line.index });

  for (const line of lines) {
    if (isBlank(line)) {
      gap = true;
      continue;
    }
    const afterGap = gap || line.pageBreak;
    gap = false;
    if (isContentsLine(line)) continue;

    const heading = classifyHeading(line);
    if (heading?.type === "part") {
      flush();
      list = null;
      part = heading.section;
      continue;
    }
    if (heading?.type === "list") {
      flush();
      list = {
        section: sectionForList(kind, part, listOrdinal++),
        heading: heading.heading,
        timescale: heading.timescale,
        priority: heading.priority,
        owners: [],
      };
      continue;
    }
    if (!list) continue;
    if (heading?.type === "timescale") {
      flush();
      list = { ...list, heading: heading.heading, timescale: heading.timescale, owners: [] };
      continue;
    }
    if (heading?.type === "owner") {
      flush();
      list = { ...list, heading: heading.heading, owners: heading.agencies };
      continue;
    }

    const bullet = parseBullet(line.text);
    if (isNegativeStatement(bullet.body)) {
      flush();
      continue;
    }
    if (bullet.kind === "number" && isLeadIn(bullet.body)) {
      flush();
      continue;
    }

    const open: OpenItem | null = item;
    const lostBullet = bullet.kind === null && afterGap && line.indent > 0;
    if (bullet.kind !== null || lostBullet) {
      if (open && afterGap && continuesAcrossPageBreak(joinPieces(open.pieces), bullet.body)) {
        open.pieces.push(bullet.body);
        open.lastLine = line.index;
        warn("may continue the item above across a page break; joined to it", line);
        continue;
      }
      flush();
      if (lostBullet) warn("has no bullet (lost in conversion?); taken as a separate item", line);
      item = {
        pieces: [bullet.body],
        startLine: line.index,
        number: bullet.kind === "number" || bullet.number ? bullet.number : null,
        lastLine: line.index,
      };
      continue;
    }
    if (open && !afterGap) {
      open.pieces.push(bullet.body);
      open.lastLine = line.index;
      continue;
    }
    if (endsList(line)) {
      flush();
      list = null;
      continue;
    }
    if (open && continuesAcrossPageBreak(joinPieces(open.pieces), bullet.body)) {
      open.pieces.push(bullet.body);
      open.lastLine = line.index;
      warn("may continue the item above across a page break; joined to it", line);
      continue;
    }
    if (isLeadIn(bullet.body)) continue;
    flush();
    warn("has no bullet (lost in conversion?); taken as a separate item", line);
    item = { pieces: [bullet.body], startLine: line.index, number: null, lastLine: line.index };
  }
  flush();
  return { recommendations, warnings };
}
