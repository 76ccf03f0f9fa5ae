/**
 * Normalised lines -> recommendations: a state machine over headings that reads each list
 * by its layout. It tracks which part of the report it is in (for the section), the
 * current list heading, timescale heading, owner and topic sub-heading, and gathers items.
 *
 * Where an item starts and ends is decided by the layout a reader sees: a bullet glyph or
 * a number starts an item; its wrapped lines hang at the text column after the marker;
 * sub-bullets stand further in (or carry another glyph under an item that ends with a
 * colon) and belong to the item above; a line without a marker that starts left of the
 * items' text is not part of the list, so a list whose items carry markers ends at the
 * first such line that is not a sub-heading. Text without a layout (plain text, one line
 * per paragraph) falls back to blank lines and indentation, and a lost bullet is noted.
 */
import { agenciesGivenARole, agenciesNamedInItem, boardAbbreviation, mergeAgencies } from "./agencies";
import {
  classifyHeading as classifyHeadingOnce,
  endsList,
  isBackReference,
  isLeadIn,
  isNegativeStatement,
  isReportSectionHeading,
  readsAsFinding,
} from "./headings";
import {
  isBlank,
  isContentsLine,
  joinPieces,
  onContentsPage,
  STRAY_GLYPH,
  withoutTrailingJoiner,
  type LineShape,
  type ReportLine,
} from "./lines";
import {
  classifyHeading,
  continuesAcrossPageBreak,
  headingLike,
  itemTextAt,
  lineShape,
  nextNonBlank,
  paragraphAt,
  paragraphEnded,
  sameMarker,
  sentenceEnded,
  unmarkedParagraphs,
  type Paragraph,
} from "./list-layout";
import type { ParsedRecommendation, ParseWarning, ReportKind, Section, Timescale } from "./types";

interface OpenItem {
  pieces: string[];
  startLine: number;
  number: string | null;
  /** Line index of the item's last piece. */
  lastLine: number;
  /** The item started with a glyph, a dash or a number (not a lost bullet). */
  marked: boolean;
  marker: string | null;
  kind: LineShape["kind"];
  markerColumn: number;
  textColumn: number;
  /** Its wrapped lines hang at the text column (true) or sit flush with the marker (false); null until seen. */
  hanging: boolean | null;
  /** Column of its wrapped lines, once seen. */
  wrapColumn: number | null;
  /** The item holds sub-bullets; their marker and column. */
  nested: boolean;
  subMarker: string | null;
  subColumn: number | null;
}

interface ListState {
  section: Section;
  /** The heading that opened the list, before any timescale, owner or topic sub-heading. */
  listHeading: string;
  heading: string;
  timescale: Timescale;
  priority: boolean;
  owners: string[];
  /** "What does the local authority need to improve?": items may sit directly under it. */
  container: boolean;
  /** Indentation of the heading the items sit under. */
  headingIndent: number;
}

/** How the list's items are marked, from its first item. */
interface ListStyle {
  kind: "glyph" | "number" | "dash" | "sub";
  marker: string | null;
  markerColumn: number;
  textColumn: number;
  hanging: boolean | null;
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
  let style: ListStyle | null = null;
  let gap = false;
  let itemsInList = 0;
  const firstPageEnds = lines.findIndex((line) => line.pageBreak);
  // The board's abbreviation as its own part of the report writes it ("LSCB", "TSCB").
  let board = options.boardAbbreviation ?? null;
  let boardRead = false;
  // Only SIF-era lists have topic sub-headings (Hull 2015: "The quality of social work practice").
  const topicsAllowed = kind === "sif" || kind === "other";

  const warn = (message: string, line: ReportLine, index = recommendations.length) =>
    warnings.push({ message, recommendationIndex: index, line: line.index });

  const flush = () => {
    const open = item;
    item = null;
    if (!open || !list) return;
    const text = withoutTrailingJoiner(
      joinPieces(open.pieces)
        .replace(STRAY_GLYPH, " ")
        // A footnote number glued to a word ("all cared for children2 receive").
        .replace(/(?<=[a-z][a-z’']{2})\d{1,2}(?=[\s,.;:)]|$)/g, "")
        .replace(/\s+/g, " ")
        .trim(),
    );
    if (text === "" || isNegativeStatement(text) || isBackReference(text)) return;
    // "In order to improve ..., the local authority should take the following action.":
    // the sentence before a list, numbered like the report's paragraphs.
    // A glyph item ending with a colon stays: its sub-bullets may have been read as items.
    if (!open.nested && isLeadIn(text) && (!open.marked || open.kind === "number")) return;
    if (open.marked && open.kind !== null && open.kind !== "sub" && style === null) {
      style = {
        kind: open.kind,
        marker: open.marker,
        markerColumn: open.markerColumn,
        textColumn: open.textColumn,
        hanging: open.hanging,
      };
    } else if (style && style.hanging === null && open.marked) {
      style.hanging = open.hanging;
    }
    const boardName = list.section === "lscb" && board ? board : null;
    itemsInList += 1;
    recommendations.push({
      section: list.section,
      timescale: list.timescale,
      heading: list.heading,
      priority: list.priority,
      text,
      agencies: mergeAgencies(
        boardName ? [boardName] : [],
        list.owners,
        agenciesNamedInItem(text),
        agenciesGivenARole(text),
      ).filter((agency) => !boardName || agency === boardName || !isTheBoard(agency)),
      paragraphNumber: open.number,
      frameworkReferences: frameworkReferences(text),
      sourceLine: open.startLine,
    });
  };

  const endList = () => {
    flush();
    list = null;
    style = null;
    itemsInList = 0;
  };

  const startItem = (shape: LineShape, line: ReportLine, marked: boolean) => {
    item = {
      pieces: [marked ? shape.body : line.text],
      startLine: line.index,
      number: shape.kind === "number" || shape.number ? shape.number : null,
      lastLine: line.index,
      marked,
      marker: marked ? shape.marker : null,
      kind: marked ? shape.kind : null,
      markerColumn: shape.markerColumn,
      textColumn: marked ? shape.textColumn : shape.markerColumn,
      hanging: null,
      wrapColumn: null,
      nested: false,
      subMarker: null,
      subColumn: null,
    };
  };

  const append = (open: OpenItem, text: string, line: ReportLine) => {
    open.pieces.push(text);
    open.lastLine = line.index;
  };

  /** A marked line that belongs to the open item as a sub-bullet. */
  const isSubItem = (shape: LineShape, open: OpenItem, pageTurn: boolean): boolean => {
    if (!open.marked) return false;
    if (shape.kind === "sub") return true;
    if (open.nested && open.subMarker !== null && sameMarker(shape, { kind: shape.kind, marker: open.subMarker })) {
      if (open.subColumn !== null && Math.abs(shape.markerColumn - open.subColumn) <= 2) return true;
    }
    const otherMarker = !sameMarker(shape, open);
    const deeper = shape.markerColumn > open.markerColumn + 1 && shape.markerColumn >= open.textColumn - 1;
    if (deeper && (otherMarker || !pageTurn)) return true;
    // Sub-bullets set flush with their item, told apart by another glyph under an item ending with a colon.
    const introduces = /:$/.test(open.pieces[open.pieces.length - 1] ?? "");
    return (
      introduces && otherMarker && shape.kind !== "number" && Math.abs(shape.markerColumn - open.markerColumn) <= 1
    );
  };

  /** An unmarked line that carries on the open item. */
  const continuesItem = (
    line: ReportLine,
    shape: LineShape,
    afterGap: boolean,
    at: number,
    open: OpenItem,
  ): boolean => {
    const last = open.pieces[open.pieces.length - 1] ?? "";
    if (!afterGap) {
      if (!open.marked) return !paragraphEnded(open.pieces, line);
      if (shape.markerColumn > open.markerColumn) {
        if (open.hanging === null) {
          open.hanging = true;
          open.wrapColumn = shape.markerColumn;
        }
        return true;
      }
      const hanging = open.hanging ?? style?.hanging ?? null;
      if (hanging === true) return false;
      if (hanging === false) return !(headingLike(line.text) && sentenceEnded(last));
      // Its second line: flush with the marker, it is the rest of a sentence or a heading set close under it.
      if (!sentenceEnded(last) && !headingLike(line.text)) {
        open.hanging = false;
        open.wrapColumn = shape.markerColumn;
        return true;
      }
      return false;
    }
    // The next section's heading, however deep it is set ("Findings" level with the items' text).
    if (isReportSectionHeading(line.text)) return false;
    // After a blank line or a page break, a line indented to the item's text is more of it.
    const wrap = Math.min(open.wrapColumn ?? open.textColumn, open.textColumn);
    const hangs = open.marked && shape.markerColumn > open.markerColumn + 1 && shape.markerColumn >= wrap - 1;
    if (line.pageBreak) {
      // A heading at the top of the page, whatever its indentation (margins differ between pages).
      if (startsSection(line, at) || isReportSectionHeading(paragraphAt(lines, at).text)) return false;
      // The sentence runs on over the page, or the item's text does.
      if (!sentenceEnded(last)) return true;
      if (hangs) return true;
      return open.marked && moreOfTheList(at);
    }
    // After a blank line on the same page: an indented paragraph of the item ("(i) ...").
    if (hangs) return true;
    if (!open.marked || open.kind === "dash") {
      if (continuesAcrossPageBreak(joinPieces(open.pieces), shape.body)) {
        warn("may continue the item above across a page break; joined to it", line);
        return true;
      }
    }
    return false;
  };

  /** A heading at the top of a page: short, unpunctuated, and set apart from what follows. */
  const startsSection = (line: ReportLine, at: number): boolean => {
    if (!headingLike(line.text)) return false;
    return isReportSectionHeading(line.text) || isBlank(lines[at + 1]);
  };

  /** The paragraph at `at` is followed by another item of this list before any heading. */
  const moreOfTheList = (at: number): boolean => {
    if (!style) return false;
    const paragraph = paragraphAt(lines, at);
    if (isReportSectionHeading(paragraph.text) || headingLike(paragraph.text)) return false;
    const next = nextNonBlank(lines, paragraph.last + 1);
    if (!next) return false;
    const shape = lineShape(next.line);
    return shape.kind !== null && sameMarker(shape, style) && Math.abs(shape.markerColumn - style.markerColumn) <= 2;
  };

  /** A topic sub-heading inside a list: one short line, then an item of the list's style that asks for something. */
  const isTopicHeading = (paragraph: Paragraph, line: ReportLine): boolean => {
    if (!topicsAllowed || paragraph.lineCount !== 1 || !headingLike(line.text)) return false;
    if (isReportSectionHeading(line.text)) return false;
    const next = nextNonBlank(lines, paragraph.last + 1);
    if (!next) return false;
    const shape = lineShape(next.line);
    if (shape.kind !== "glyph" && shape.kind !== "number") return false;
    if (style && style.kind !== shape.kind) return false;
    return !readsAsFinding(itemTextAt(lines, next.at));
  };

  for (let at = 0; at < lines.length; at++) {
    const line = lines[at];
    if (isBlank(line)) {
      gap = true;
      continue;
    }
    const afterGap = gap || line.pageBreak;
    gap = false;
    if (isContentsLine(line)) continue;

    let heading = classifyHeading(line);
    if (
      !heading &&
      /^(?:section \d+:|(?:review of )?the effectiveness of)/i.test(line.text) &&
      !isBlank(lines[at + 1])
    ) {
      // A part's title wrapped over two lines ("Section 2: The effectiveness of the local safeguarding" / "children board").
      const joined = classifyHeadingOnce({ ...line, text: `${line.text} ${lines[at + 1].text}` });
      if (joined?.type === "part") {
        heading = joined;
        at += 1;
      }
    }
    if (heading && onContentsPage(lines, at)) continue;
    if (heading?.type === "part") {
      // The title block names the LSCB review a SIF report includes; its part starts later.
      const onFirstPage = firstPageEnds === -1 || line.index < lines[firstPageEnds].index;
      if (heading.section === "lscb" && kind === "sif" && onFirstPage) continue;
      endList();
      part = heading.section;
      // The board's part starts here; its abbreviation is read once, from the first such heading on.
      if (part === "lscb" && options.boardAbbreviation === undefined && !boardRead) {
        board = boardAbbreviation(lines.slice(at), lines);
        boardRead = true;
      }
      if (heading.list) {
        list = {
          section: sectionForList(kind, part, listOrdinal++),
          listHeading: heading.list,
          heading: heading.list,
          timescale: null,
          priority: false,
          owners: [],
          container: true,
          headingIndent: line.indent,
        };
      }
      continue;
    }
    if (heading?.type === "list") {
      const current = list as ListState | null;
      if (current?.container) {
        // "Priority and immediate action" under "What does the local authority need to improve?".
        flush();
        list = {
          ...current,
          listHeading: heading.heading,
          heading: heading.heading,
          timescale: heading.timescale,
          priority: heading.priority,
          owners: [],
          container: false,
          headingIndent: line.indent,
        };
        continue;
      }
      endList();
      list = {
        section: sectionForList(kind, part, listOrdinal++),
        listHeading: heading.heading,
        heading: heading.heading,
        timescale: heading.timescale,
        priority: heading.priority,
        owners: [],
        container: false,
        headingIndent: line.indent,
      };
      continue;
    }
    if (!list) continue;
    const current: ListState = list;
    if (heading?.type === "timescale") {
      flush();
      list = {
        ...current,
        heading: heading.heading,
        timescale: heading.timescale,
        owners: [],
        headingIndent: line.indent,
      };
      continue;
    }
    if (heading?.type === "owner") {
      flush();
      list = { ...current, heading: heading.heading, owners: heading.agencies };
      continue;
    }

    // A page number the furniture check left (a page without a running header): never text.
    if (/^\d{1,3}$/.test(line.text) && (line.indent > 40 || afterGap)) continue;
    const shape = lineShape(line);
    const open = item as OpenItem | null;
    if (shape.kind !== null && !(shape.kind === "sub" && !open)) {
      if (open && isSubItem(shape, open, line.pageBreak)) {
        // A sub-bullet's glyph goes; a sub-item's "(i)" is part of the sentence it numbers.
        append(open, shape.kind === "sub" ? line.text : shape.body, line);
        open.nested = true;
        open.subMarker ??= shape.marker;
        open.subColumn ??= shape.markerColumn;
        continue;
      }
      // Text without a layout: a dash after a page break may carry on the item above.
      if (open && afterGap && shape.kind === "dash" && (!open.marked || open.kind === "dash")) {
        if (continuesAcrossPageBreak(joinPieces(open.pieces), shape.body)) {
          append(open, shape.body, line);
          warn("may continue the item above across a page break; joined to it", line);
          continue;
        }
      }
      const listStyle = style as ListStyle | null;
      // A paragraph of another kind where the list's items stand: the findings after the list.
      if (
        listStyle &&
        (listStyle.kind === "glyph" || listStyle.kind === "number") &&
        (shape.kind === "glyph" || shape.kind === "number") &&
        shape.kind !== listStyle.kind &&
        shape.markerColumn <= listStyle.markerColumn + 1
      ) {
        endList();
        continue;
      }
      flush();
      startItem(shape, line, true);
      continue;
    }

    if (open && continuesItem(line, shape, afterGap, at, open)) {
      append(open, shape.kind === "sub" ? shape.body : line.text, line);
      continue;
    }

    // A line that is not part of the open item: a statement about the list, a sub-heading, the end, or an item that lost its bullet.
    const paragraph = paragraphAt(lines, at);
    if (isNegativeStatement(paragraph.text) || isBackReference(paragraph.text)) {
      flush();
      at = paragraph.last;
      continue;
    }
    if (isReportSectionHeading(line.text) || isReportSectionHeading(paragraph.text)) {
      endList();
      continue;
    }
    if (isLeadIn(paragraph.text) && (/:$/.test(paragraph.text) || !readsAsItem(paragraph.text))) {
      flush();
      at = paragraph.last;
      continue;
    }
    if (isTopicHeading(paragraph, line)) {
      flush();
      list = { ...current, heading: line.text, owners: [] };
      continue;
    }
    const listStyle = style as ListStyle | null;
    if (current.container && listStyle === null) {
      endList();
      continue;
    }
    if (listStyle === null && !open && itemsInList === 0 && line.indent <= current.headingIndent) {
      // A list written as plain paragraphs, none with a marker (some 2018 focused-visit letters).
      // One paragraph alone is a comment on the heading ("There are an extremely small number of
      // areas of variability ..."), not a list.
      const paragraphs = unmarkedParagraphs(lines, at);
      if (paragraphs.items.length >= 2) {
        for (const { start, pieces } of paragraphs.items) {
          warn("has no bullet (lost in conversion?); taken as a separate item", lines[start]);
          startItem(lineShape(lines[start]), lines[start], false);
          (item as OpenItem | null)?.pieces.push(...pieces.slice(1));
          flush();
        }
        at = paragraphs.last;
      }
      endList();
      continue;
    }
    if (listStyle && (listStyle.kind === "glyph" || listStyle.kind === "number")) {
      // Every item of this list carries a marker; a line starting left of their text is not one of them.
      if (shape.markerColumn < listStyle.textColumn - 1 || !afterGap) {
        endList();
        continue;
      }
    }
    if (shape.markerColumn <= (listStyle?.markerColumn ?? 0) && endsList(line)) {
      endList();
      continue;
    }
    if (!afterGap && open && !(!open.marked && paragraphEnded(open.pieces, line))) {
      append(open, line.text, line);
      continue;
    }
    flush();
    warn("has no bullet (lost in conversion?); taken as a separate item", line);
    startItem(shape, line, false);
  }
  flush();
  return { recommendations, warnings };
}

/** A paragraph that asks for something itself, whatever its last words. */
function readsAsItem(text: string): boolean {
  return !readsAsFinding(text) && !/\b(?:the following|as follows)\b/i.test(text);
}

/** Names of the safeguarding children board itself, listed once under its abbreviation. */
function isTheBoard(agency: string): boolean {
  return /^(?:the\s+)?board$|safeguarding children(?:['’]s)? (?:board|partnership)|^[A-Z]{0,4}SCB$/i.test(agency);
}
