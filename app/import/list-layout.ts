/**
 * How a list is laid out on the page, read line by line: a line's heading and shape (each
 * worked out once), paragraphs read ahead, the text of the item a marker starts, and the
 * tests recommendations.ts uses to tell an item's wrapped lines from the next block.
 */
import {
  classifyHeading as classifyHeadingOnce,
  isBackReference,
  isNegativeStatement,
  isReportSectionHeading,
} from "./headings";
import { isBlank, joinPieces, lineShape as lineShapeOnce, type LineShape, type ReportLine } from "./lines";

/** A line's heading and shape are asked for again as paragraphs are read ahead; each is worked out once. */
function memoised<T>(work: (line: ReportLine) => T): (line: ReportLine) => T {
  const known = new WeakMap<ReportLine, T>();
  return (line) => {
    if (known.has(line)) return known.get(line) as T;
    const result = work(line);
    known.set(line, result);
    return result;
  };
}
export const classifyHeading = memoised(classifyHeadingOnce);
export const lineShape = memoised(lineShapeOnce);

/**
 * Words that open a new recommendation. Only for text without a layout: a lower-case
 * dash line after a page break that does not start with one continues the item above.
 */
const ITEM_OPENERS = new Set(
  (
    "ensure improve increase extend review develop define work take strengthen put provide establish make reduce " +
    "implement embed introduce monitor evaluate consider undertake secure address promote raise complete agree " +
    "continue clarify analyse use identify set produce enable support build engage publish record audit maintain " +
    "assess seek widen prioritise share involve collect tackle respond create deliver expand demonstrate " +
    "the there all a an any each every this these those it its their where when how what that"
  ).split(" "),
);

/** The last piece ends a sentence (or a clause a list item may end on). */
export function sentenceEnded(piece: string): boolean {
  const text = piece.trim();
  // "... (paragraph 85)", "... (outcome 1, national framework)": a reference after the sentence.
  return (
    /[.;:!?][’”"')\]]*$/.test(text) ||
    /\((?:paragraphs?|pages?|para|outcome|enabler)\b[^()]*\)$|national framework\)$/i.test(text)
  );
}

/** Text without a layout: the item above ends mid-sentence and the line reads as the rest of it. */
export function continuesAcrossPageBreak(previous: string, next: string): boolean {
  if (/[.;:!?)]$/.test(previous) || /(?:,|\band)$/.test(previous)) return false;
  const firstWord = /^([a-z][a-z-]*)/.exec(next);
  return firstWord !== null && !ITEM_OPENERS.has(firstWord[1]);
}

/** The next line that is not blank, from index `from`. */
export function nextNonBlank(lines: ReportLine[], from: number): { line: ReportLine; at: number } | null {
  for (let at = from; at < lines.length; at++) if (!isBlank(lines[at])) return { line: lines[at], at };
  return null;
}

export interface Paragraph {
  text: string;
  /** Index (in `lines`) of its last line. */
  last: number;
  lineCount: number;
}

/** The unmarked paragraph starting at `from`: lines up to a blank line, a marked line or a heading. */
export function paragraphAt(lines: ReportLine[], from: number): Paragraph {
  const pieces = [lines[from].text];
  let last = from;
  for (let at = from + 1; at < lines.length && at < from + 12; at++) {
    const line = lines[at];
    if (isBlank(line) || line.pageBreak || classifyHeading(line) !== null) break;
    if (lineShape(line).kind !== null) break;
    pieces.push(line.text);
    last = at;
  }
  return { text: joinPieces(pieces), last, lineCount: last - from + 1 };
}

/**
 * Plain paragraphs from `from` until a heading, a marked line or the report's next section:
 * a blank line ends a paragraph, and so does a short line ending a sentence (the last line
 * of a paragraph set without space after it).
 */
export function unmarkedParagraphs(
  lines: ReportLine[],
  from: number,
): { items: { start: number; pieces: string[] }[]; last: number } {
  const items: { start: number; pieces: string[] }[] = [];
  let current: { start: number; pieces: string[] } | null = null;
  let width = 0;
  let last = from;
  const opens = (at: number): boolean => {
    const paragraph = paragraphAt(lines, at);
    return !(
      isReportSectionHeading(paragraph.text) ||
      /^(?:ofsted will take|yours sincerely)\b/i.test(paragraph.text) ||
      (paragraph.lineCount === 1 && headingLike(lines[at].text)) ||
      isNegativeStatement(paragraph.text) ||
      isBackReference(paragraph.text)
    );
  };
  for (let at = from; at < lines.length && at < from + 200; at++) {
    const line = lines[at];
    if (isBlank(line)) {
      current = null;
      continue;
    }
    if (classifyHeading(line) !== null || lineShape(line).kind !== null) break;
    const previous = lines[at - 1];
    const ended =
      current !== null &&
      /[.!?][’”"')]*$/.test(previous?.text ?? "") &&
      /^[A-Z‘'"“]/.test(line.text) &&
      ((previous?.text.length ?? 0) < 0.8 * width || line.pageBreak);
    if (current === null || ended) {
      if (!opens(at)) break;
      current = { start: at, pieces: [line.text] };
      items.push(current);
      width = line.text.length;
    } else {
      current.pieces.push(line.text);
      width = Math.max(width, line.text.length);
    }
    last = at;
  }
  return { items, last };
}

/** The text of the marked item starting at `from`, up to a blank line or the next marked line. */
export function itemTextAt(lines: ReportLine[], from: number): string {
  const pieces = [lineShape(lines[from]).body];
  for (let at = from + 1; at < lines.length && at < from + 10; at++) {
    const line = lines[at];
    if (isBlank(line) || lineShape(line).kind !== null) break;
    pieces.push(line.text);
  }
  return joinPieces(pieces);
}

/** A short unpunctuated line that could be a heading (a topic, or the next section's title). */
export function headingLike(text: string): boolean {
  return text.length <= 100 && /^[A-Z‘'"“(]/.test(text) && !/[.,;:!?]$/.test(text);
}

/**
 * An item that lost its bullet, set tight against the next: its last line ends a sentence
 * well short of the lines above it, and the new line starts a sentence (ragged right).
 */
export function paragraphEnded(pieces: string[], line: ReportLine): boolean {
  const last = pieces[pieces.length - 1] ?? "";
  const widest = Math.max(...pieces.map((piece) => piece.length));
  return (
    pieces.length >= 2 && /[.!?][’”"')]*$/.test(last) && last.length < 0.8 * widest && /^[A-Z‘'"“]/.test(line.text)
  );
}

/** The marker's family: numbers match numbers, glyphs match the same glyph. */
export function sameMarker(
  shape: { kind: LineShape["kind"]; marker: string | null },
  other: { kind: LineShape["kind"]; marker: string | null },
) {
  if (shape.kind !== other.kind) return false;
  return shape.kind === "number" || shape.kind === "sub" || shape.marker === other.marker;
}
