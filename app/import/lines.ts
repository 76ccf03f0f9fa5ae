/**
 * Text -> normalised lines. Every reader (plain text now; PDF/DOCX later) produces text
 * whose lines go through here, so the parser sees one shape whatever the source.
 * Line numbers are preserved: line i here is line i of the input (form feeds are
 * removed from the line they start, not turned into extra lines).
 */

export interface ReportLine {
  /** 0-based index in the normalised text. */
  index: number;
  /** The line with form feed, trailing whitespace and non-breaking spaces normalised; tabs kept. */
  raw: string;
  /** `raw` trimmed, with runs of spaces collapsed (tabs kept for table rows). */
  text: string;
  /** Width of the leading whitespace (a tab counts as one). */
  indent: number;
  /** The line began a new page (a form feed). */
  pageBreak: boolean;
}

export type BulletKind = "glyph" | "dash" | "number" | null;

export interface Bullet {
  kind: BulletKind;
  /** The item's number for numbered items ("27" in "27. Improve ..."). */
  number: string | null;
  /** The line without its bullet or number. */
  body: string;
}

/**
 * Private-use Symbol/Wingdings glyphs and the Unicode bullets seen in Ofsted PDFs, with the
 * dashes and rules used for sub-bullets (U+F02D, U+2212, U+23AF, U+2500, U+F0BE and a
 * combining long stroke, U+0336, that pdfjs leaves on a space).
 */
const GLYPHS =
  "\u2022\u2023\u25AA\u25AB\u25CF\u25E6\u25FB\u25FC\u25A0\u25A1\u2043\u2219\u25C6\u25C7\u25BA\u27A2\u2713\u2714" +
  "\uF0A7\uF0B7\uF06E\uF0D8\uF076\uF0FC\uF02D\uF0BE\uF0A8\uF0D9\uF0E0\uF071\uF075\uF0AE" +
  "\u2212\u23AF\u2500\u2501";
/** The combining long stroke overlay stands alone, outside a character class. */
const GLYPH = `(?:[${GLYPHS}]|\\u0336)`;
const GLYPH_BULLET = new RegExp(`^\\s?${GLYPH}\\s*`);
/** Any bullet glyph, wherever it is: none belongs in an item's text. */
export const STRAY_GLYPH = new RegExp(`\\s*${GLYPH}\\s*`, "g");
const DASH_BULLET = /^[-\u2013\u2014]\s+/;
const NUMBERED = /^(\d{1,3})\.\s+(?=\S)/;
/** "(i)", "(a)", "ii)", "b)": the markers of sub-items inside an item. */
const SUB_ITEM = /^\(?(?:[ivx]{1,4}|[a-h])\)\s+(?=\S)/;

export function normaliseLines(text: string): ReportLine[] {
  const source = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  return source.split("\n").map((line, index) => {
    const pageBreak = line.includes("\f");
    const raw = line
      .replace(/\f/g, "")
      .replace(/[\u00A0\u2007\u202F]/g, " ")
      .trimEnd();
    const indent = raw.length - raw.trimStart().length;
    const text = raw.trim().replace(/ {2,}/g, " ");
    return { index, raw, text, indent, pageBreak };
  });
}

export function isBlank(line: ReportLine | undefined): boolean {
  return line === undefined || line.text === "";
}

/** Splits a bullet glyph, a dash bullet and/or an item number off the start of a line. */
export function parseBullet(text: string): Bullet {
  let body = text.trim();
  let kind: BulletKind = null;
  const glyph = GLYPH_BULLET.exec(body);
  if (glyph) {
    kind = "glyph";
    body = body.slice(glyph[0].length);
  } else {
    const dash = DASH_BULLET.exec(body);
    if (dash) {
      kind = "dash";
      body = body.slice(dash[0].length);
    }
  }
  const numbered = NUMBERED.exec(body);
  if (numbered) {
    return { kind: kind ?? "number", number: numbered[1], body: body.slice(numbered[0].length).trim() };
  }
  return { kind, number: null, body: body.trim() };
}

/** A line as a list reads it: its marker, and where the marker and the text after it stand. */
export interface LineShape {
  kind: BulletKind | "sub";
  /** The glyph or dash itself ("◼", "\uF02D", "-"), "1." for a number, "(i)" for a sub-item. */
  marker: string | null;
  number: string | null;
  body: string;
  /** Column of the marker (of the text, for a line without one). */
  markerColumn: number;
  /** Column where the text after the marker starts. */
  textColumn: number;
}

export function lineShape(line: ReportLine): LineShape {
  const indent = line.raw.length - line.raw.trimStart().length;
  const rest = line.raw.trimStart();
  const bullet = parseBullet(rest);
  if (bullet.kind !== null) {
    const skipped = rest.length - rest.replace(GLYPH_BULLET, "").replace(DASH_BULLET, "").length;
    const afterGlyph = rest.slice(skipped);
    const numbered = bullet.number !== null ? NUMBERED.exec(afterGlyph) : null;
    const marker = bullet.kind === "number" ? `${bullet.number}.` : rest.slice(0, skipped).trim() || "-";
    const before = skipped + (numbered ? numbered[0].length : 0);
    return {
      kind: bullet.kind,
      marker,
      number: bullet.number,
      body: bullet.body.replace(/ {2,}/g, " "),
      markerColumn: indent,
      textColumn: indent + before,
    };
  }
  const sub = SUB_ITEM.exec(rest);
  if (sub) {
    return {
      kind: "sub",
      marker: sub[0].trim(),
      number: null,
      body: rest.slice(sub[0].length).trim().replace(/ {2,}/g, " "),
      markerColumn: indent,
      textColumn: indent + sub[0].length,
    };
  }
  return { kind: null, marker: null, number: null, body: line.text, markerColumn: indent, textColumn: indent };
}

/**
 * A contents-page entry: a label then a page number after a tab, a run of spaces or
 * dot leaders ("Areas for improvement\t8"). Such lines are never headings.
 */
export function isContentsLine(line: ReportLine): boolean {
  // Most lines do not end in a digit; the pattern's runs of spaces are slow on long lines.
  if (!/\d$/.test(line.raw)) return false;
  return /(?:\t|\s{3,}|\.{3,}\s*)\d{1,3}$/.test(line.raw) && /[A-Za-z]/.test(line.raw);
}

/**
 * A line among contents-page entries: an entry whose page number is glued to it
 * ("What does the local authority need to improve?4") or wrapped away from it.
 */
export function onContentsPage(lines: ReportLine[], at: number): boolean {
  const near = (step: number) => {
    for (let other = at + step, seen = 0; other >= 0 && other < lines.length && seen < 2; other += step) {
      if (isBlank(lines[other])) continue;
      seen += 1;
      if (isContentsLine(lines[other])) return true;
    }
    return false;
  };
  return near(-1) && near(1);
}

/** The text of a line with a glued footnote marker removed ("What needs to improve?1"). */
export function withoutFootnoteMarker(text: string): string {
  return text.replace(/([?:A-Za-z])\d{1,2}$/, "$1");
}

/** Joins wrapped pieces of one item with single spaces; a word broken at a hyphen stays hyphenated. */
export function joinPieces(pieces: string[]): string {
  return pieces
    .map((piece) => piece.trim())
    .filter((piece) => piece !== "")
    .reduce((joined, piece) => {
      if (joined === "") return piece;
      if (/[A-Za-z]-$/.test(joined)) return joined + piece;
      return `${joined} ${piece}`;
    }, "")
    .replace(/\s+/g, " ");
}

/** Removes a trailing list joiner (", and", "; and", ", and,") from an item. */
export function withoutTrailingJoiner(text: string): string {
  return text.replace(/\s*[,;]\s*(?:and|or)\s*[,;]?\s*$/i, "").trim();
}
