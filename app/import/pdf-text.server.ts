/**
 * PDF -> text laid out the way the parser expects (much like `pdftotext -layout`): text
 * items grouped into lines by their baseline, gaps turned into spaces by position, the
 * left margin kept as indentation, larger vertical gaps as blank lines and every page
 * after the first starting with a form feed.
 *
 * pdfjs runs in this process (its "fake worker"): no worker thread, no network, no eval.
 */
import type * as PdfJsModule from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextItem } from "pdfjs-dist/types/src/display/api";

type PdfJs = typeof PdfJsModule;

let pdfjsPromise: Promise<PdfJs> | null = null;

/** Loads pdfjs once, with its worker code on the main thread (set before the first document). */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= (async () => {
    const globals = globalThis as { pdfjsWorker?: unknown };
    // The worker module ships without types; pdfjs only reads its WorkerMessageHandler.
    const workerPath: string = "pdfjs-dist/legacy/build/pdf.worker.mjs";
    globals.pdfjsWorker ??= (await import(/* @vite-ignore */ workerPath)) as unknown;
    return import("pdfjs-dist/legacy/build/pdf.mjs");
  })();
  return pdfjsPromise;
}

export type PdfTextResult =
  | { ok: true; text: string; pages: number }
  | { ok: false; problem: "password" | "corrupt" | "no_text" }
  | { ok: false; problem: "too_many_pages"; pages: number }
  | { ok: false; problem: "too_much_text"; characters: number };

/** Limits on what one PDF may cost to read; a PDF past one is refused before (or while) its pages are read. */
export interface PdfTextLimits {
  maxPages?: number;
  maxCharacters?: number;
}

interface Piece {
  /** The text; " " for a whitespace item, which only marks a space between its neighbours. */
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

interface Line {
  y: number;
  size: number;
  pieces: Piece[];
}

function toPieces(items: TextItem[]): Piece[] {
  const pieces: Piece[] = [];
  for (const item of items) {
    if (item.str === "") continue;
    const [a, b, , d, x, y] = item.transform as number[];
    // Rotated or vertical text (margin notes, watermarks) is not part of the reading order;
    // italic text is only skewed (a non-zero third entry) and stays.
    if (Math.abs(b) > Math.abs(a) * 0.1) continue;
    const size = Math.abs(d) || Math.abs(a) || item.height || 10;
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(size)) continue;
    const str = item.str.trim() === "" ? " " : item.str;
    pieces.push({ str, x, y, width: Math.max(0, item.width || 0), size });
  }
  return pieces;
}

/**
 * A raised footnote marker ("improve?1") or ordinal suffix ("18th"): a short run of digits
 * or asterisks, or "st", "nd", "rd", "th", in smaller type.
 */
function isMarker(piece: Piece): boolean {
  return /^(?:[\d*†]{1,3}|st|nd|rd|th)$/.test(piece.str.trim());
}

/**
 * Groups pieces into lines by baseline. Pieces of clearly different sizes are not put on
 * one line by closeness alone (a large page number beside a two-line running header),
 * except footnote markers, which join the line they are raised above.
 */
function groupLines(pieces: Piece[]): Line[] {
  const sorted = [...pieces].sort((p, q) => q.y - p.y || p.x - q.x);
  const lines: Line[] = [];
  const markers: Piece[] = [];
  const sameSize = (p: number, q: number) => Math.min(p, q) >= 0.8 * Math.max(p, q);
  for (const piece of sorted) {
    const line = lines[lines.length - 1];
    if (piece.str === " ") {
      // A space only separates pieces of a line that already has text.
      if (line && Math.abs(line.y - piece.y) <= 0.45 * line.size) line.pieces.push(piece);
      continue;
    }
    if (
      line &&
      sameSize(line.size, piece.size) &&
      Math.abs(line.y - piece.y) <= 0.45 * Math.min(line.size, piece.size)
    ) {
      line.pieces.push(piece);
      continue;
    }
    if (isMarker(piece) && line && piece.size < 0.8 * line.size) {
      markers.push(piece);
      continue;
    }
    // Other lines with a baseline this close but another type size (a page number beside a header).
    const near = lines.find(
      (other) =>
        sameSize(other.size, piece.size) && Math.abs(other.y - piece.y) <= 0.45 * Math.min(other.size, piece.size),
    );
    if (near) {
      near.pieces.push(piece);
      continue;
    }
    if (isMarker(piece)) {
      markers.push(piece);
      continue;
    }
    lines.push({ y: piece.y, size: piece.size, pieces: [piece] });
  }
  for (const marker of markers) {
    // The line whose text the marker is raised above (or sits on), else a line of its own.
    let best: Line | null = null;
    for (const line of lines) {
      const rise = marker.y - line.y;
      if (rise < -0.3 * line.size || rise > 0.75 * line.size) continue;
      if (!best || Math.abs(rise) < Math.abs(marker.y - best.y)) best = line;
    }
    if (best) best.pieces.push(marker);
    else lines.push({ y: marker.y, size: marker.size, pieces: [marker] });
  }
  lines.sort((p, q) => q.y - p.y);
  for (const line of lines) line.pieces.sort((p, q) => p.x - q.x);
  return lines;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((p, q) => p - q);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One line of text: pieces placed at columns derived from their x position. */
function layoutLine(line: Line, left: number, charWidth: number): string {
  let out = "";
  let end: number | null = null;
  let space = false;
  for (const piece of line.pieces) {
    if (piece.str === " ") {
      space = true;
      continue;
    }
    const column = Math.max(0, Math.round((piece.x - left) / charWidth));
    if (end === null) {
      out = " ".repeat(column);
    } else {
      const gap = piece.x - end;
      const em = Math.max(piece.size, 1);
      if (gap > 1.2 * em) {
        // A wide gap separates table cells: at least two spaces, more to reach the column.
        out += " ".repeat(Math.max(2, column - out.length));
      } else if ((space || gap > 0.15 * em) && !out.endsWith(" ") && !piece.str.startsWith(" ")) {
        out += " ";
      }
    }
    out += piece.str;
    end = piece.x + piece.width;
    space = false;
  }
  return out.replace(/\s+$/, "");
}

interface PageLines {
  lines: Line[];
  /** The left edge of the page's text (not a page number or marker further out), or null if it has none. */
  left: number | null;
  charWidth: number;
}

function pageLines(items: TextItem[]): PageLines {
  const pieces = toPieces(items);
  const text = pieces.filter((piece) => piece.str !== " ");
  if (text.length === 0) return { lines: [], left: null, charWidth: 5 };
  const lines = groupLines(pieces);
  const lineStarts = lines
    .map((line) => line.pieces.find((piece) => piece.str !== " "))
    .filter((first): first is Piece => first !== undefined);
  const bodyStarts = lines
    .filter((line) => line.pieces.reduce((count, piece) => count + piece.str.trim().length, 0) >= 15)
    .map((line) => line.pieces.find((piece) => piece.str !== " ")?.x ?? Infinity);
  const left = Math.min(...(bodyStarts.length > 0 ? bodyStarts : lineStarts.map((piece) => piece.x)));
  const charWidth =
    median(text.filter((piece) => piece.str.length >= 4).map((piece) => piece.width / piece.str.length)) ||
    median(text.map((piece) => piece.size)) * 0.5 ||
    5;
  return { lines, left: Number.isFinite(left) ? left : null, charWidth };
}

/**
 * The left margin of the document's text: the one most pages share. A page whose every
 * line is indented (a page of bullets) then keeps its indentation, so columns mean the
 * same on every page and a list's wrapped lines line up across a page break.
 */
function documentLeft(pages: PageLines[]): number | null {
  const counts = new Map<number, number>();
  for (const page of pages) {
    if (page.left === null) continue;
    const key = Math.round(page.left);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best: number | null = null;
  for (const [left, count] of counts) {
    if (best === null || count > counts.get(best)! || (count === counts.get(best)! && left < best)) best = left;
  }
  return best;
}

function layoutPage(page: PageLines, documentMargin: number | null, charWidth: number): string[] {
  if (page.lines.length === 0 || page.left === null) return [];
  // Text further left than the document's margin (a wide table) keeps the page's own.
  const left = documentMargin !== null && page.left >= documentMargin - 1 ? documentMargin : page.left;
  const out: string[] = [];
  let previous: Line | null = null;
  for (const line of page.lines) {
    if (previous) {
      const spacing = previous.y - line.y;
      if (spacing > 1.75 * Math.max(previous.size, line.size)) out.push("");
    }
    out.push(layoutLine(line, left, charWidth));
    previous = line;
  }
  return out;
}

/** The text of a PDF, or why there is none. */
export async function pdfToText(data: Uint8Array, limits: PdfTextLimits = {}): Promise<PdfTextResult> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // pdfjs may transfer (detach) the buffer it is given; keep the caller's intact.
    data: new Uint8Array(data),
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
  });
  try {
    let doc;
    try {
      doc = await task.promise;
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      return { ok: false, problem: name === "PasswordException" ? "password" : "corrupt" };
    }
    if (limits.maxPages !== undefined && doc.numPages > limits.maxPages) {
      return { ok: false, problem: "too_many_pages", pages: doc.numPages };
    }
    const laidOut: PageLines[] = [];
    // The text as it comes off the pages, counted before it is laid out, so a PDF of far too much
    // text is refused while its pages are read rather than after all of them are held.
    let read = 0;
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number);
      const content = await page.getTextContent();
      const items = content.items.filter((item): item is TextItem => "str" in item);
      for (const item of items) read += item.str.length + 1;
      if (limits.maxCharacters !== undefined && read > limits.maxCharacters) {
        return { ok: false, problem: "too_much_text", characters: read };
      }
      laidOut.push(pageLines(items));
      page.cleanup();
    }
    const margin = documentLeft(laidOut);
    // One character width for the document too, so a column is the same on every page.
    const charWidth = median(laidOut.filter((page) => page.left !== null).map((page) => page.charWidth)) || 5;
    const pages: string[] = [];
    let characters = 0;
    let length = 0;
    for (const page of laidOut) {
      const lines = layoutPage(page, margin, charWidth);
      characters += lines.join("").replace(/\s/g, "").length;
      pages.push(lines.join("\n"));
      length += pages[pages.length - 1].length + 2;
      if (limits.maxCharacters !== undefined && length > limits.maxCharacters) {
        return { ok: false, problem: "too_much_text", characters: length };
      }
    }
    // A scanned report has pages but (almost) no text: page numbers at most.
    if (characters < 20 * Math.max(1, Math.min(doc.numPages, 5)) && characters < 200) {
      return { ok: false, problem: "no_text" };
    }
    return { ok: true, text: pages.join("\n\f"), pages: doc.numPages };
  } catch {
    return { ok: false, problem: "corrupt" };
  } finally {
    await task.destroy().catch(() => undefined);
  }
}
