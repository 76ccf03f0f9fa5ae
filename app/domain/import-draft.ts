import { joinPieces, normaliseLines, parseBullet, withoutTrailingJoiner } from "../import/lines";
import type { ParsedRecommendation, ParsedReport, Section, Timescale } from "../import/types";

/**
 * The lead's working copy of a report's recommendations on the preview page. It travels in the
 * form between requests (so corrections work without JavaScript) and nothing is saved until
 * the lead confirms.
 */
export interface DraftItem {
  text: string;
  section: Section;
  timescale: Timescale;
  agencies: string[];
  heading: string | null;
  priority: boolean;
  paragraphNumber: string | null;
  frameworkReferences: string[];
  sourceLine: number | null;
  excluded: boolean;
  /** The parser's warnings about this item, kept beside it through every correction. */
  warnings: string[];
  /** "added" for items the lead picked from the report text. */
  origin: "parser" | "added";
}

export const DRAFT_TEXT_MAX = 5000;
export const DRAFT_ITEMS_MAX = 200;
export const SPLIT_MARKER = "---";

export function draftFromReport(report: ParsedReport): DraftItem[] {
  return report.recommendations.map((rec, index) => ({
    text: rec.text,
    section: rec.section,
    timescale: rec.timescale,
    agencies: rec.agencies,
    heading: rec.heading,
    priority: rec.priority,
    paragraphNumber: rec.paragraphNumber,
    frameworkReferences: (rec as Partial<ParsedRecommendation> & { frameworkReferences?: string[] }).frameworkReferences ?? [],
    sourceLine: rec.sourceLine,
    excluded: false,
    warnings: report.warnings.filter((w) => w.recommendationIndex === index).map((w) => w.message),
    origin: "parser",
  }));
}

export type DraftEdit =
  | { kind: "merge"; index: number }
  | { kind: "split"; index: number }
  | { kind: "add"; fromLine: number; toLine: number; after: number };

/** Why an edit cannot be made, or the edited items. Edits never lose text. */
export function applyDraftEdit(
  items: DraftItem[],
  edit: DraftEdit,
  reportText: string,
): { ok: true; items: DraftItem[] } | { ok: false; field: string; message: string } {
  switch (edit.kind) {
    case "merge": {
      if (edit.index <= 0 || edit.index >= items.length) {
        return { ok: false, field: `item-${edit.index}-text`, message: "The first item has nothing above it to merge with." };
      }
      const above = items[edit.index - 1];
      const item = items[edit.index];
      const merged: DraftItem = {
        ...above,
        text: joinPieces([withoutTrailingJoiner(above.text), item.text]),
        agencies: [...new Set([...above.agencies, ...item.agencies])],
        frameworkReferences: [...new Set([...above.frameworkReferences, ...item.frameworkReferences])],
        warnings: above.warnings,
        excluded: above.excluded && item.excluded,
      };
      return { ok: true, items: [...items.slice(0, edit.index - 1), merged, ...items.slice(edit.index + 1)] };
    }
    case "split": {
      const item = items[edit.index];
      if (!item) return { ok: false, field: "items", message: "That item no longer exists." };
      const parts = item.text
        .split(/^\s*-{3,}\s*$/m)
        .map((part) => part.replace(/\s+/g, " ").trim())
        .filter((part) => part !== "");
      if (parts.length < 2) {
        return {
          ok: false,
          field: `item-${edit.index}-text`,
          message: `To split an item, put a line with just ${SPLIT_MARKER} where it should break, then choose Split.`,
        };
      }
      const pieces = parts.map((text, i) => ({ ...item, text, warnings: i === 0 ? item.warnings : [] }));
      return { ok: true, items: [...items.slice(0, edit.index), ...pieces, ...items.slice(edit.index + 1)] };
    }
    case "add": {
      const lines = normaliseLines(reportText);
      const { fromLine, toLine } = edit;
      if (!(fromLine >= 1 && toLine >= fromLine && toLine <= lines.length)) {
        return { ok: false, field: "addFrom", message: `Enter line numbers between 1 and ${lines.length}, the first no later than the last.` };
      }
      if (toLine - fromLine > 60) return { ok: false, field: "addTo", message: "Pick at most 60 lines for one item." };
      const text = withoutTrailingJoiner(
        joinPieces(lines.slice(fromLine - 1, toLine).map((line) => parseBullet(line.text).body)),
      );
      if (text === "") return { ok: false, field: "addFrom", message: "Those lines are blank. Pick the lines of the missing item." };
      if (items.length >= DRAFT_ITEMS_MAX) return { ok: false, field: "addFrom", message: `A report can have at most ${DRAFT_ITEMS_MAX} items.` };
      const neighbour = items[Math.min(Math.max(edit.after, 0), items.length - 1)];
      const added: DraftItem = {
        text,
        section: neighbour?.section ?? null,
        timescale: neighbour?.timescale ?? null,
        agencies: [],
        heading: neighbour?.heading ?? null,
        priority: false,
        paragraphNumber: null,
        frameworkReferences: [],
        sourceLine: fromLine - 1,
        excluded: false,
        warnings: [],
        origin: "added",
      };
      const at = Math.min(Math.max(edit.after + 1, 0), items.length);
      return { ok: true, items: [...items.slice(0, at), added, ...items.slice(at)] };
    }
  }
}

/** The recommendations a confirmed draft saves: every item not excluded, in order. */
export function recommendationsFromDraft(items: DraftItem[]): ParsedRecommendation[] {
  return items
    .filter((item) => !item.excluded)
    .map((item) => ({
      section: item.section,
      timescale: item.timescale,
      heading: item.heading,
      priority: item.priority,
      text: item.text,
      agencies: item.agencies,
      paragraphNumber: item.paragraphNumber,
      frameworkReferences: item.frameworkReferences,
      sourceLine: item.sourceLine ?? 0,
    }));
}

/** Agencies as the lead types them: separated by semicolons or new lines (names may contain commas). */
export function parseAgencyList(input: string): string[] {
  return [...new Set(input.split(/[;\n]/).map((a) => a.replace(/\s+/g, " ").trim()).filter((a) => a !== ""))];
}
