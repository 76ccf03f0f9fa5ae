/**
 * Normalised lines -> recommendations: a state machine over headings. It tracks which
 * part of the report it is in (for the section), the current list heading, timescale
 * heading and owner sub-heading, and gathers items from bullets, numbers or — where the
 * conversion lost them — from indentation after a blank line.
 */
import { agenciesGivenARole, agenciesNamedInItem, boardAbbreviation, mergeAgencies } from "./agencies";
import { classifyHeading, endsList, isLeadIn, isNegativeStatement } from "./headings";
import { isBlank, isContentsLine, joinPieces, parseBullet, withoutTrailingJoiner, type ReportLine } from "./lines";
import type { ParsedRecommendation, ParseWarning, ReportKind, Section, Timescale } from "./types";

/**
 * Words that open a new recommendation (imperatives and determiners). A lower-case line
 * after a page break that does not start with one continues the item above.
 */
const IMPERATIVE_WORDS =
  "ensure improve increase extend review develop define work take strengthen put provide establish make reduce " +
    "implement embed introduce monitor evaluate consider undertake secure address promote raise complete agree " +
    "continue clarify analyse analyze use identify set produce enable support build engage publish record audit " +
    "maintain assess seek widen prioritise prioritize share involve collect tackle respond create deliver expand " +
    "demonstrate commission revise update plan offer explore challenge coordinate co-ordinate formalise align collate " +
    "check confirm track listen train recruit retain bring give obtain refresh carry hold appoint allocate apply " +
  "achieve strengthen act accelerate adopt capture ascertain conclude determine focus fully further gather hold " +
  "working work";
const IMPERATIVES = new Set(IMPERATIVE_WORDS.split(" "));
const ITEM_OPENERS = new Set(
  `${IMPERATIVE_WORDS} the there all a an any each every this these those it its their where when how what that`.split(" "),
);

/** Headings of the report's own sections, which end a list rather than head a topic within it. */
const REPORT_SECTION =
  /^(?:summary\b|information about|inspection judgements?\b|inspection findings|key strengths|executive summary|what the inspection judgements? mean|contents|next steps|the local authority['’]s strengths|.*\b(?:strengths|weaknesses)$)/i;

interface OpenItem {
  pieces: string[];
  startLine: number;
  number: string | null;
  /** Line index of the item's last piece, to tell wrapped lines from page breaks. */
  lastLine: number;
  /** The item holds sub-bullets. */
  nested?: boolean;
}

interface ListState {
  section: Section;
  /** The heading that opened the list, before any timescale, owner or topic sub-heading. */
  listHeading: string;
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

/** "(outcome 1, national framework)" -> "outcome 1, national framework", as often as they occur. */
export function frameworkReferences(text: string): string[] {
  return [...text.matchAll(/\(([^()]*\bnational framework)\)/gi)].map((match) => match[1].replace(/\s+/g, " ").trim());
}

/** The item above ends mid-sentence and the line reads as the rest of it. */
function continuesAcrossPageBreak(previous: string, next: string): boolean {
  if (/[.;:!?)]$/.test(previous) || /(?:,|\band)$/.test(previous)) return false;
  const firstWord = /^([a-z][a-z-]*)/.exec(next);
  return firstWord !== null && !ITEM_OPENERS.has(firstWord[1]);
}

/** The next line that is not blank, from index `from`. */
function nextNonBlank(lines: ReportLine[], from: number): ReportLine | undefined {
  for (let at = from; at < lines.length; at++) if (!isBlank(lines[at])) return lines[at];
  return undefined;
}

/**
 * A topic sub-heading inside a list (Hull 2015: "The quality of social work practice"
 * under "Priority and immediate action"): a short unpunctuated line followed by an item
 * of the list's own style (a glyph bullet, or the next number in its sequence).
 */
function isTopicHeading(line: ReportLine, next: ReportLine | undefined, style: ItemStyle | null): boolean {
  const text = line.text;
  if (text.length > 90 || !/^[A-Z]/.test(text) || /[.,;:!?)]$/.test(text)) return false;
  if (parseBullet(text).kind !== null || !next || REPORT_SECTION.test(text)) return false;
  const bullet = parseBullet(next.text);
  // Recommendations are instructions: the item under a topic starts with a verb ("Ensure ...").
  const firstWord = /^([A-Za-z-]+)/.exec(bullet.body)?.[1].toLowerCase() ?? "";
  if (!IMPERATIVES.has(firstWord)) return false;
  if (bullet.kind === "glyph") return style === null || style.kind === "glyph";
  if (bullet.kind === "number" && bullet.number) {
    return style === null || (style.kind === "number" && Number(bullet.number) === Number(style.last ?? 0) + 1);
  }
  return false;
}

/** The paragraph starting at `from` (up to a blank line or a bullet) ends with a colon. */
function leadInParagraph(lines: ReportLine[], from: number): boolean {
  let last = "";
  for (let at = from; at < lines.length && at < from + 8; at++) {
    const line = lines[at];
    if (isBlank(line) || (at > from && parseBullet(line.text).kind !== null)) break;
    last = line.text;
  }
  return /:$/.test(last);
}

interface ItemStyle {
  kind: "glyph" | "number";
  last: string | null;
}

export function extractRecommendations(
  lines: ReportLine[],
  kind: ReportKind,
  options: { boardAbbreviation?: string | null } = {},
): RecommendationResult {
  const recommendations: ParsedRecommendation[] = [];
  const warnings: ParseWarning[] = [];
  let part: Section = null;
  let listOrdinal = 0;
  let list: ListState | null = null;
  let item: OpenItem | null = null;
  let style: ItemStyle | null = null;
  let gap = false;
  let inLeadIn = false;
  const firstPageEnds = lines.findIndex((line) => line.pageBreak);
  // The board's abbreviation as its own part of the report writes it ("LSCB", "TSCB").
  let board = options.boardAbbreviation ?? null;

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
          agencies: mergeAgencies(
            list.section === "lscb" && board ? [board] : [],
            list.owners,
            agenciesNamedInItem(text),
            agenciesGivenARole(text),
          ),
          paragraphNumber: item.number,
          frameworkReferences: frameworkReferences(text),
          sourceLine: item.startLine,
        });
      }
    }
    item = null;
  };
  const warn = (message: string, line: ReportLine, index = recommendations.length) =>
    warnings.push({ message, recommendationIndex: index, line: line.index });

  for (const [at, line] of lines.entries()) {
    if (isBlank(line)) {
      gap = true;
      inLeadIn = false;
      continue;
    }
    const afterGap = gap || line.pageBreak;
    gap = false;
    if (isContentsLine(line)) continue;

    const heading = classifyHeading(line);
    if (heading?.type === "part") {
      // The title block names the LSCB review a SIF report includes; its part starts later.
      const onFirstPage = firstPageEnds === -1 || line.index < lines[firstPageEnds].index;
      if (heading.section === "lscb" && kind === "sif" && onFirstPage) continue;
      flush();
      list = null;
      part = heading.section;
      if (part === "lscb" && options.boardAbbreviation === undefined) board = boardAbbreviation(lines.slice(at));
      continue;
    }
    if (heading?.type === "list") {
      flush();
      style = null;
      inLeadIn = false;
      list = {
        section: sectionForList(kind, part, listOrdinal++),
        listHeading: heading.heading,
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
    const lastPiece = item ? item.pieces[item.pieces.length - 1] : "";
    const sentenceEnded = afterGap || /[.;:!?]$/.test(lastPiece);
    if (bullet.kind === null && sentenceEnded && REPORT_SECTION.test(line.text) && line.text.length <= 90) {
      flush();
      list = null;
      continue;
    }
    if (inLeadIn && bullet.kind === null && !afterGap) continue;
    inLeadIn = false;
    if (isNegativeStatement(bullet.body)) {
      flush();
      continue;
    }
    const startsWithVerb = IMPERATIVES.has(/^([A-Za-z-]+)/.exec(bullet.body)?.[1].toLowerCase() ?? "");
    if (bullet.kind === "number" && isLeadIn(bullet.body) && !startsWithVerb) {
      flush();
      inLeadIn = true;
      continue;
    }

    const open: OpenItem | null = item;
    // In a list whose items carry glyphs or numbers, an indented line without one at the top
    // of a page carries on the item above ("... practice." / "However, not all ...").
    if (open && line.pageBreak && bullet.kind === null && style !== null && line.indent > 0 && !isBlank(line)) {
      open.pieces.push(bullet.body);
      open.lastLine = line.index;
      continue;
    }
    const lostBullet = bullet.kind === null && afterGap && line.indent > 0;
    if (bullet.kind !== null || lostBullet) {
      // A glyph or a number always starts an item; a dash or a lost bullet may be a page-break artefact.
      const mayContinue = bullet.kind === "dash" || bullet.kind === null;
      // Sub-bullets under a numbered item that introduces them ("8. Implement the following ...:").
      const nested = open?.number && style?.kind === "number" && /:$/.test(joinPieces(open.pieces));
      if (open && bullet.kind === "glyph" && (nested || open.nested)) {
        open.pieces.push(bullet.body);
        open.lastLine = line.index;
        open.nested = true;
        continue;
      }
      if (open && afterGap && mayContinue && continuesAcrossPageBreak(joinPieces(open.pieces), bullet.body)) {
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
      if (bullet.kind === "glyph" || bullet.kind === "number") style = { kind: bullet.kind, last: bullet.number };
      continue;
    }
    // Only SIF-era lists ("Priority and immediate action", "Areas for improvement") have
    // topic sub-headings, and then the list starts with one (Hull 2015).
    const topics =
      (kind === "sif" || kind === "other") &&
      /^(?:priority and immediate action|areas for improvement)/i.test(list.listHeading) &&
      (style === null || list.heading !== list.listHeading);
    if (open && !afterGap) {
      // A topic sub-heading set close under the item above (Hull 2015 LSCB part).
      const ended = /[.;]$/.test(open.pieces[open.pieces.length - 1] ?? "");
      if (topics && ended && line.indent === 0 && isTopicHeading(line, nextNonBlank(lines, at + 1), style)) {
        flush();
        list = { ...list, heading: line.text, owners: [] };
        continue;
      }
      open.pieces.push(bullet.body);
      open.lastLine = line.index;
      continue;
    }
    // A lead-in paragraph between the heading and the first item ("The areas for improvement
    // continue to be those ...:").
    if (!open && style === null && afterGap && leadInParagraph(lines, at)) {
      inLeadIn = true;
      continue;
    }
    if (endsList(line)) {
      if (topics && isTopicHeading(line, nextNonBlank(lines, at + 1), style)) {
        flush();
        list = { ...list, heading: line.text, owners: [] };
        continue;
      }
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
    if (isLeadIn(bullet.body)) {
      inLeadIn = true;
      continue;
    }
    flush();
    warn("has no bullet (lost in conversion?); taken as a separate item", line);
    item = { pieces: [bullet.body], startLine: line.index, number: null, lastLine: line.index };
  }
  flush();
  return { recommendations, warnings };
}
