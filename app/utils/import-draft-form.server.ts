import { z } from "zod";
import { DRAFT_ITEMS_MAX, DRAFT_TEXT_MAX, type DraftItem, parseAgencyList } from "../domain/import-draft";
import type { FieldErrors } from "./forms";

const SECTIONS = ["safeguarding", "looked_after_children", "lscb"] as const;
const TIMESCALES = ["immediately", "three_months", "six_months"] as const;

const MetaSchema = z.object({
  heading: z.string().max(500).nullable(),
  priority: z.boolean(),
  paragraphNumber: z.string().max(20).nullable(),
  frameworkReferences: z.array(z.string().max(200)).max(20),
  sourceLine: z.number().int().min(0).nullable(),
  warnings: z.array(z.string().max(500)).max(20),
  origin: z.enum(["parser", "added"]),
});

/** The form fields for one draft item, as the preview page writes them. */
export function draftFieldNames(index: number) {
  return {
    text: `item-${index}-text`,
    section: `item-${index}-section`,
    timescale: `item-${index}-timescale`,
    agencies: `item-${index}-agencies`,
    excluded: `item-${index}-excluded`,
    meta: `item-${index}-meta`,
  };
}

export function draftMeta(item: DraftItem): string {
  const { heading, priority, paragraphNumber, frameworkReferences, sourceLine, warnings, origin } = item;
  return JSON.stringify({ heading, priority, paragraphNumber, frameworkReferences, sourceLine, warnings, origin });
}

/**
 * Reads the lead's corrected items back from the preview form. Anything tampered with or
 * out of range is an error for that field, never a crash.
 */
export function readDraftFromForm(form: FormData): { items: DraftItem[]; errors: FieldErrors } | null {
  const count = Number(form.get("itemCount"));
  if (!Number.isInteger(count) || count < 0 || count > DRAFT_ITEMS_MAX) return null;
  const errors: FieldErrors = {};
  const items: DraftItem[] = [];
  for (let i = 0; i < count; i++) {
    const names = draftFieldNames(i);
    let meta: z.infer<typeof MetaSchema>;
    try {
      meta = MetaSchema.parse(JSON.parse(String(form.get(names.meta) ?? "")));
    } catch {
      return null;
    }
    const text = String(form.get(names.text) ?? "").trim();
    const excluded = form.get(names.excluded) === "1";
    if (text === "" && !excluded) errors[names.text] = `Enter the text of item ${i + 1}, or exclude it`;
    if (text.length > DRAFT_TEXT_MAX) errors[names.text] = `Item ${i + 1} is longer than ${DRAFT_TEXT_MAX} characters`;
    const section = String(form.get(names.section) ?? "");
    const timescale = String(form.get(names.timescale) ?? "");
    items.push({
      ...meta,
      text,
      excluded,
      section: (SECTIONS as readonly string[]).includes(section) ? (section as DraftItem["section"]) : null,
      timescale: (TIMESCALES as readonly string[]).includes(timescale) ? (timescale as DraftItem["timescale"]) : null,
      agencies: parseAgencyList(String(form.get(names.agencies) ?? "")).slice(0, 20),
    });
  }
  return { items, errors };
}
