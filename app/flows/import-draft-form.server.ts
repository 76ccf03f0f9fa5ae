/**
 * Reading the import preview's form: the fixed fields (zod), each item the page sent under its
 * key, the due-date basis and the edit asked for; and, for a stale page, what it sent in words.
 */
import { z } from "zod";
import { BASIS_KIND_LABELS, type BasisKind } from "../domain/due-dates";
import { type DraftEdit, type DraftItem, type ItemFields, itemFieldId, parseAgencyList } from "../domain/import-draft";
import type { ImportBasis } from "../domain/import-plan";
import type { Section, Timescale } from "../import/types";
import type { ImportDraft } from "../models/import-drafts.server";
import { parseUkDate } from "../utils/dates";
import type { FieldErrors } from "../utils/forms";
import { storedInteger } from "../utils/record-id";

const SECTIONS = ["safeguarding", "looked_after_children", "lscb"] as const;
const TIMESCALES = ["immediately", "three_months", "six_months"] as const;

export const DraftFormSchema = z.object({
  revision: storedInteger(),
  op: z.string().max(40).default("save"),
  basisKind: z.string().max(40).default("publication"),
  basisDate: z.string().max(40).default(""),
  authorityId: z.string().max(20).default(""),
  newAuthorityName: z.string().max(500).default(""),
  addFrom: z.string().max(20).default(""),
  addTo: z.string().max(20).default(""),
  addAfter: z.string().max(20).default(""),
  confirmAuthority: z.string().max(500).default(""),
});

const ItemSchema = z.object({
  text: z.string().max(50_000).default(""),
  section: z.string().max(40).default(""),
  timescale: z.string().max(40).default(""),
  agencies: z.string().max(20_000).default(""),
  excluded: z.string().max(10).optional(),
});

/** The first value of each field (a repeated field is not a second answer). */
export function firstValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && !(key in values)) values[key] = value;
  return values;
}

/** What the lead typed into one item, as posted: shown again after a refusal. */
export interface PostedItem {
  text: string;
  section: string;
  timescale: string;
  agencies: string;
  excluded: boolean;
}

export interface Posted {
  items: Record<string, PostedItem>;
  basisKind: string;
  basisDate: string;
  authorityId: string;
  newAuthorityName: string;
  addFrom: string;
  addTo: string;
  addAfter: string;
  confirmAuthority: boolean;
}

export type DraftForm = z.infer<typeof DraftFormSchema>;

/**
 * Items the page posted, by key: each posts a "shown" marker with its fields (items the lead did
 * not change may be left out). Keys the draft no longer has are kept apart, for a stale page's
 * conflict notice.
 */
export function readPostedItems(values: Record<string, string>, items: DraftItem[]) {
  const known = new Set(items.map((i) => i.key));
  const posted = new Map<string, ItemFields>();
  const gone = new Map<string, ItemFields>();
  const raw: Record<string, PostedItem> = {};
  const errors: FieldErrors = {};
  const keys = Object.keys(values)
    .map((name) => /^item-(k\d{1,6})-shown$/.exec(name)?.[1])
    .filter((key): key is string => key !== undefined);
  for (const key of keys) {
    const field = (name: string) => values[`item-${key}-${name}`];
    const parsed = ItemSchema.safeParse({
      text: field("text"),
      section: field("section"),
      timescale: field("timescale"),
      agencies: field("agencies"),
      excluded: field("excluded"),
    });
    if (!parsed.success) {
      if (known.has(key))
        errors[itemFieldId(key, "text")] = "This item's fields are too long. Shorten the text and try again.";
      continue;
    }
    const { text, section, timescale, agencies, excluded } = parsed.data;
    const fields: ItemFields = {
      text,
      section: (SECTIONS as readonly string[]).includes(section) ? (section as Section) : null,
      timescale: (TIMESCALES as readonly string[]).includes(timescale) ? (timescale as Timescale) : null,
      agencies: parseAgencyList(agencies),
      excluded: excluded === "1",
    };
    if (!known.has(key)) {
      gone.set(key, fields);
      continue;
    }
    raw[key] = { text, section, timescale, agencies, excluded: excluded === "1" };
    posted.set(key, fields);
  }
  return { posted, gone, raw, errors };
}

export function readBasis(form: Pick<DraftForm, "basisKind" | "basisDate">, errors: FieldErrors): ImportBasis {
  const kind: BasisKind = form.basisKind in BASIS_KIND_LABELS ? (form.basisKind as BasisKind) : "publication";
  const input = form.basisDate.trim();
  if (input === "") {
    if (kind === "received") errors.basisDate = "Enter the date the report was received";
    return { kind, date: null };
  }
  const date = parseUkDate(input);
  if (!date) errors.basisDate = "Enter a real date, for example 23/08/2024";
  return { kind, date };
}

export function readEdit(op: string, form: DraftForm, errors: FieldErrors): DraftEdit | "confirm" | null {
  const [kind, key = ""] = op.split(":");
  if (kind === "confirm") return "confirm";
  if (kind === "save") return { kind: "save" };
  if (kind === "exclude-repeats") return { kind: "exclude_repeats" };
  if ((kind === "merge" || kind === "split") && /^k\d{1,6}$/.test(key)) return { kind, key };
  if (kind === "add") {
    const fromLine = Number(form.addFrom.trim());
    const toLine = form.addTo.trim() === "" ? fromLine : Number(form.addTo.trim());
    if (form.addFrom.trim() === "" || !Number.isInteger(fromLine) || !Number.isInteger(toLine)) {
      errors.addFrom = "Enter the line numbers of the missing item, for example 120 to 123";
      return null;
    }
    return {
      kind: "add",
      fromLine,
      toLine,
      afterKey: form.addAfter === "" || form.addAfter === "start" ? null : form.addAfter,
    };
  }
  errors.items = "That button is not one this page has. Reload the page and try again.";
  return null;
}

/** What the lead sent that was not saved, in words, for the conflict notice (items numbered as they are now). */
export function describeUnsaved(
  draft: ImportDraft,
  posted: Map<string, ItemFields>,
  gone: Map<string, ItemFields>,
  op: string,
): string[] {
  const lines: string[] = [];
  draft.items.forEach((item, index) => {
    const fields = posted.get(item.key);
    if (!fields) return;
    const n = `Item ${index + 1}`;
    if (fields.text.trim() !== item.text) lines.push(`${n} text: “${fields.text.trim()}”`);
    if (fields.excluded !== item.excluded) lines.push(`${n} ${fields.excluded ? "excluded" : "included again"}`);
    if (fields.timescale !== item.timescale) lines.push(`${n} timescale changed`);
    if (fields.section !== item.section) lines.push(`${n} section changed`);
    if (fields.agencies.join("; ") !== item.agencies.join("; ")) {
      lines.push(`${n} partner agencies: ${fields.agencies.join("; ") || "none"}`);
    }
  });
  for (const fields of gone.values()) {
    lines.push(`An item since merged, split or removed in the other window: “${fields.text.trim()}”`);
  }
  const [kind] = op.split(":");
  const button = {
    confirm: "Confirm and import",
    merge: "Merge",
    split: "Split",
    add: "Add item",
    "exclude-repeats": "Exclude the repeated items",
  }[kind];
  if (button) lines.push(`The button you chose (${button}) was not carried out`);
  return lines;
}
