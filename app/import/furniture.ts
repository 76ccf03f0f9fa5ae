/**
 * Page furniture: running headers and footers, page numbers and footnotes. They sit at the
 * edges of pages, so in a paged text (form feeds) they can fall inside a list of
 * recommendations. Only paged text is examined; text without page breaks is left alone.
 */
import { isBlank, type ReportLine } from "./lines";

/** How many non-blank lines at the top and bottom of a page can be furniture. */
const EDGE_LINES = 3;
/** A footnote block starts within this many non-blank lines of the page's end. */
const FOOTNOTE_LINES = 10;

function pages(lines: ReportLine[]): ReportLine[][] {
  const result: ReportLine[][] = [[]];
  for (const line of lines) {
    if (line.pageBreak) result.push([]);
    if (!isBlank(line)) result[result.length - 1].push(line);
  }
  return result;
}

/** A line's text with numbers taken out, so "Report title 7" and "Report title 8" compare equal. */
function headerKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\d+/g, "#")
    .replace(/[\s\t]+/g, " ")
    .trim();
}

export function isPageNumber(text: string): boolean {
  return /^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$/i.test(text.trim());
}

/** "1 The sections of this report ..." or a lone "1" marker: the start of a footnote. */
function startsFootnote(line: ReportLine, next: ReportLine | undefined): boolean {
  if (/^\d{1,2}\s+(?:[A-Z‘'"“(]|www\.|https?:)/.test(line.text) && !/^\d{1,2}\s+\d/.test(line.text)) return true;
  return /^\d{1,2}$/.test(line.text) && next !== undefined && /^[A-Z‘'"“(]/.test(next.text);
}

/**
 * Indexes of the lines that are page furniture: page numbers and lines repeated at the
 * edge of at least three pages (running headers and footers), and footnote blocks at a
 * page's foot.
 */
export function findPageFurniture(lines: ReportLine[]): Set<number> {
  const furniture = new Set<number>();
  const paged = pages(lines);
  if (paged.length < 2) return furniture;

  const edgeCounts = new Map<string, number>();
  const edges = paged.map((page) => {
    const edge = [...page.slice(0, EDGE_LINES), ...page.slice(-EDGE_LINES)];
    return [...new Set(edge)];
  });
  for (const edge of edges) {
    for (const key of new Set(edge.map((line) => headerKey(line.text)))) {
      edgeCounts.set(key, (edgeCounts.get(key) ?? 0) + 1);
    }
  }
  const repeats = Math.min(3, Math.max(2, Math.ceil(paged.length / 3)));
  for (const edge of edges) {
    for (const line of edge) {
      const key = headerKey(line.text);
      if (isPageNumber(line.text)) furniture.add(line.index);
      else if ((edgeCounts.get(key) ?? 0) >= repeats && /[a-z]/i.test(key)) furniture.add(line.index);
    }
  }

  for (const page of paged) {
    const body = page.filter((line) => !furniture.has(line.index));
    const from = Math.max(1, body.length - FOOTNOTE_LINES);
    for (let at = from; at < body.length; at++) {
      const line = body[at];
      const before = lines[line.index - 1];
      // Footnotes are set apart from the text above them by space.
      if (!isBlank(before) && !furniture.has(before?.index ?? -1)) continue;
      if (!startsFootnote(line, body[at + 1])) continue;
      for (const rest of body.slice(at)) furniture.add(rest.index);
      break;
    }
  }
  return furniture;
}

/**
 * The lines without page furniture. A removed line's page break passes to the next kept
 * line, and a removed line between two blank-free lines leaves no gap.
 */
export function withoutPageFurniture(lines: ReportLine[]): ReportLine[] {
  const furniture = findPageFurniture(lines);
  if (furniture.size === 0) return lines;
  const kept: ReportLine[] = [];
  let pendingBreak = false;
  for (const line of lines) {
    if (furniture.has(line.index)) {
      pendingBreak ||= line.pageBreak;
      continue;
    }
    kept.push(pendingBreak && !line.pageBreak ? { ...line, pageBreak: true } : line);
    if (!isBlank(line) || line.pageBreak) pendingBreak = false;
  }
  return kept;
}
