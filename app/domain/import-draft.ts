import { joinPieces, normaliseLines, parseBullet, withoutTrailingJoiner } from "../import/lines";
import type { ParsedRecommendation, ParsedReport, Section, Timescale } from "../import/types";

/**
 * The lead's working copy of a report's recommendations on the preview page. It is kept on the
 * server (one draft per upload); the page posts the lead's corrections and an edit, and nothing
 * reaches the plan until the lead confirms.
 */
export interface DraftItem {
  /** Stable while the item exists ("k7"), so a posted field always names the item it was typed into. */
  key: string;
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
  /**
   * True once the lead changed the item's section on the preview: a section the lead chose decides
   * the readiness area over the wording (app/domain/readiness-areas.ts). Absent: the reader's.
   */
  sectionSetByLead?: boolean;
}

/** What the lead can change in one item on the page. */
export interface ItemFields {
  text: string;
  section: Section;
  timescale: Timescale;
  agencies: string[];
  excluded: boolean;
}

/** A draft nobody has touched for this long is gone. */
export const DRAFT_LIFETIME_DAYS = 7;
/** A person's imports in progress; starting another lets go of the oldest (each may hold a 20 MB upload). */
export const MAX_OPEN_DRAFTS = 10;
export const DRAFT_TEXT_MAX = 5000;
export const DRAFT_ITEMS_MAX = 200;
export const DRAFT_AGENCIES_MAX = 20;
export const DRAFT_AGENCY_MAX = 200;
/** Lines the lead may pick for one added item. */
export const ADD_LINES_MAX = 60;
export const SPLIT_MARKER = "---";

/** The id of an item's field on the page: the error summary links to it. */
export const itemFieldId = (key: string, field: keyof ItemFields) => `item-${key}-${field}`;

const keyOf = (n: number) => `k${n}`;

export function draftFromReport(report: ParsedReport): { items: DraftItem[]; nextKey: number } {
  const items = report.recommendations.map((rec, index): DraftItem => ({
    key: keyOf(index + 1),
    text: rec.text,
    section: rec.section,
    timescale: rec.timescale,
    agencies: rec.agencies,
    heading: rec.heading,
    priority: rec.priority,
    paragraphNumber: rec.paragraphNumber,
    frameworkReferences: rec.frameworkReferences ?? [],
    sourceLine: rec.sourceLine,
    excluded: false,
    warnings: report.warnings.filter((w) => w.recommendationIndex === index).map((w) => w.message),
    origin: "parser",
  }));
  return { items, nextKey: items.length + 1 };
}

/** Agencies as the lead types them: separated by semicolons or new lines (names may contain commas). */
export function parseAgencyList(input: string): string[] {
  return [
    ...new Set(
      input
        .split(/[;\n]/)
        .map((a) => a.replace(/\s+/g, " ").trim())
        .filter((a) => a !== ""),
    ),
  ];
}

/**
 * The lead's corrections to the items they were shown. Items the page did not post keep what
 * they had. Every problem is an error on the field it concerns; the items come back either way,
 * so the page can show what was typed.
 */
export function applyItemFields(
  items: DraftItem[],
  posted: ReadonlyMap<string, ItemFields>,
): { items: DraftItem[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const corrected = items.map((item, index) => {
    const fields = posted.get(item.key);
    if (!fields) return item;
    const n = index + 1;
    const text = fields.text.trim();
    if (text === "" && !fields.excluded)
      errors[itemFieldId(item.key, "text")] = `Enter the text of item ${n}, or exclude it`;
    if (text.length > DRAFT_TEXT_MAX) {
      errors[itemFieldId(item.key, "text")] =
        `Item ${n} is longer than ${DRAFT_TEXT_MAX.toLocaleString("en-GB")} characters`;
    }
    if (fields.agencies.length > DRAFT_AGENCIES_MAX) {
      errors[itemFieldId(item.key, "agencies")] = `Item ${n} can name at most ${DRAFT_AGENCIES_MAX} partner agencies`;
    } else if (fields.agencies.some((a) => a.length > DRAFT_AGENCY_MAX)) {
      errors[itemFieldId(item.key, "agencies")] =
        `Each partner agency of item ${n} must be at most ${DRAFT_AGENCY_MAX} characters`;
    }
    const sectionSetByLead = item.sectionSetByLead || fields.section !== item.section;
    return { ...item, ...fields, text, ...(sectionSetByLead ? { sectionSetByLead: true } : {}) };
  });
  return { items: corrected, errors };
}

/** Text compared for repeats: case, spacing and end punctuation do not count. */
function comparable(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, "");
}

/**
 * Items whose text repeats an earlier item's word for word (the same text pasted twice, or a
 * report whose list the reader found twice): each repeat's key, with the position (0-based) of the
 * item it repeats.
 */
export function findRepeats(items: DraftItem[]): Map<string, number> {
  const first = new Map<string, number>();
  const repeats = new Map<string, number>();
  items.forEach((item, index) => {
    const text = comparable(item.text);
    if (text === "") return;
    const earlier = first.get(text);
    if (earlier === undefined) first.set(text, index);
    else repeats.set(item.key, earlier);
  });
  return repeats;
}

export type DraftEdit =
  | { kind: "save" }
  | { kind: "merge"; key: string }
  | { kind: "split"; key: string }
  | { kind: "add"; fromLine: number; toLine: number; afterKey: string | null }
  | { kind: "exclude_repeats" };

export type DraftEditResult =
  | { ok: true; items: DraftItem[]; nextKey: number; message: string; focusKey: string | null }
  | { ok: false; field: string; message: string };

/** The items after an edit, or why it cannot be made. Edits never lose text. */
export function applyDraftEdit(
  items: DraftItem[],
  edit: DraftEdit,
  reportText: string,
  nextKey: number,
): DraftEditResult {
  switch (edit.kind) {
    case "save":
      return { ok: true, items, nextKey, message: "Corrections saved and due dates recalculated", focusKey: null };
    case "merge": {
      const index = items.findIndex((i) => i.key === edit.key);
      if (index < 0) return { ok: false, field: "items", message: "That item no longer exists. Check the list below." };
      if (index === 0) {
        return {
          ok: false,
          field: itemFieldId(edit.key, "text"),
          message: "The first item has nothing above it to merge with.",
        };
      }
      const above = items[index - 1];
      const item = items[index];
      const merged: DraftItem = {
        ...above,
        text: joinPieces([withoutTrailingJoiner(above.text), item.text]),
        agencies: [...new Set([...above.agencies, ...item.agencies])],
        frameworkReferences: [...new Set([...above.frameworkReferences, ...item.frameworkReferences])],
        warnings: [...new Set([...above.warnings, ...item.warnings])],
        excluded: above.excluded && item.excluded,
      };
      return {
        ok: true,
        items: [...items.slice(0, index - 1), merged, ...items.slice(index + 1)],
        nextKey,
        message: `Item ${index + 1} merged into item ${index}`,
        focusKey: above.key,
      };
    }
    case "split": {
      const index = items.findIndex((i) => i.key === edit.key);
      if (index < 0) return { ok: false, field: "items", message: "That item no longer exists. Check the list below." };
      const item = items[index];
      const parts = item.text
        .split(/^\s*-{3,}\s*$/m)
        .map((part) => part.replace(/\s+/g, " ").trim())
        .filter((part) => part !== "");
      if (parts.length < 2) {
        return {
          ok: false,
          field: itemFieldId(item.key, "text"),
          message: `To split item ${index + 1}, put a line with just ${SPLIT_MARKER} where it should break, then choose Split.`,
        };
      }
      if (items.length + parts.length - 1 > DRAFT_ITEMS_MAX) {
        return {
          ok: false,
          field: itemFieldId(item.key, "text"),
          message: `A report can have at most ${DRAFT_ITEMS_MAX} items.`,
        };
      }
      // The first piece keeps the item's key; the others are new items.
      const pieces = parts.map((text, i): DraftItem => ({
        ...item,
        key: i === 0 ? item.key : keyOf(nextKey + i - 1),
        text,
        warnings: i === 0 ? item.warnings : [],
      }));
      return {
        ok: true,
        items: [...items.slice(0, index), ...pieces, ...items.slice(index + 1)],
        nextKey: nextKey + parts.length - 1,
        message: `Item ${index + 1} split into ${parts.length} items`,
        focusKey: item.key,
      };
    }
    case "add": {
      const lines = normaliseLines(reportText);
      const { fromLine, toLine } = edit;
      if (!(fromLine >= 1 && toLine >= fromLine && toLine <= lines.length)) {
        return {
          ok: false,
          field: "addFrom",
          message: `Enter line numbers between 1 and ${lines.length}, the first no later than the last.`,
        };
      }
      if (toLine - fromLine >= ADD_LINES_MAX)
        return { ok: false, field: "addTo", message: `Pick at most ${ADD_LINES_MAX} lines for one item.` };
      const text = withoutTrailingJoiner(
        joinPieces(lines.slice(fromLine - 1, toLine).map((line) => parseBullet(line.text).body)),
      );
      if (text === "")
        return { ok: false, field: "addFrom", message: "Those lines are blank. Pick the lines of the missing item." };
      if (items.length >= DRAFT_ITEMS_MAX)
        return { ok: false, field: "addFrom", message: `A report can have at most ${DRAFT_ITEMS_MAX} items.` };
      const afterIndex = edit.afterKey === null ? -1 : items.findIndex((i) => i.key === edit.afterKey);
      if (edit.afterKey !== null && afterIndex < 0) {
        return {
          ok: false,
          field: "addAfter",
          message: "That item no longer exists. Choose where to put the new item.",
        };
      }
      const neighbour = items[Math.max(afterIndex, 0)];
      const added: DraftItem = {
        key: keyOf(nextKey),
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
      const at = afterIndex + 1;
      const after = [...items.slice(0, at), added, ...items.slice(at)];
      return {
        ok: true,
        items: after,
        nextKey: nextKey + 1,
        message: `Item ${at + 1} added from line${fromLine === toLine ? ` ${fromLine}` : `s ${fromLine} to ${toLine}`}`,
        focusKey: added.key,
      };
    }
    case "exclude_repeats": {
      const repeats = findRepeats(items);
      const newlyExcluded = items.filter((i) => repeats.has(i.key) && !i.excluded).length;
      if (newlyExcluded === 0)
        return { ok: false, field: "items", message: "No item repeats an earlier one, so nothing was excluded." };
      return {
        ok: true,
        items: items.map((i) => (repeats.has(i.key) ? { ...i, excluded: true } : i)),
        nextKey,
        message: `${newlyExcluded} repeated item${newlyExcluded === 1 ? "" : "s"} excluded; the first of each is kept`,
        focusKey: null,
      };
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
      ...(item.sectionSetByLead ? { sectionSetByLead: true } : {}),
    }));
}
