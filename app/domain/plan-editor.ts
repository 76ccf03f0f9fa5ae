import { z } from "zod";
import { actionTextFields, serviceAreaField } from "../utils/action-form";
import { parseUkDate } from "../utils/dates";
import { storedInteger } from "../utils/record-id";

// The plan editor's rows (app/routes/inspections.$inspectionId_.plan.tsx): one per action, as
// typed. A row's fields are named `<key>-<field>`; the key is `a<action id>` for an action already
// in the plan and `n<recommendation id>x<k>` for a new one, so a field's name is also its id and
// the error summary links straight to it. Pure: no I/O.

export const ROW_FIELDS = ["title", "ownerId", "targetDate", "partnerAgency", "serviceArea", "successMeasure"] as const;
export type RowField = (typeof ROW_FIELDS)[number];
export type RowValues = Record<RowField, string>;

/** The most rows one submission may carry: a whole plan, with room to spare. */
export const MAX_ROWS = 400;

const KEY =
  /^(a[1-9]\d{0,9}|n[1-9]\d{0,9}x[1-9]\d{0,3})-(title|ownerId|targetDate|partnerAgency|serviceArea|successMeasure|version|seen)$/;

export interface SubmittedRow {
  key: string;
  /** For an action in the plan: its id, the version and fingerprint the page was drawn with. */
  actionId: number | null;
  version: number | null;
  seen: string | null;
  /** For a new row: the recommendation it adds to. */
  recommendationId: number | null;
  values: RowValues;
}

export const newRowKey = (recommendationId: number, k: number) => `n${recommendationId}x${k}`;
export const fieldId = (key: string, field: RowField | "version" | "seen") => `${key}-${field}`;

/**
 * The rows in a submitted form, in the order their first field came. Fields that belong to no row
 * are ignored; a field sent twice keeps its first value. Null when there are more than MAX_ROWS.
 */
export function readRows(entries: Iterable<[string, string]>): SubmittedRow[] | null {
  const rows = new Map<string, SubmittedRow>();
  const given = new Set<string>();
  for (const [name, value] of entries) {
    const match = KEY.exec(name);
    if (!match) continue;
    const [, key, field] = match;
    let row = rows.get(key);
    if (!row) {
      if (rows.size >= MAX_ROWS) return null;
      const existing = key.startsWith("a");
      row = {
        key,
        actionId: existing ? Number(key.slice(1)) : null,
        version: null,
        seen: null,
        recommendationId: existing ? null : Number(key.slice(1, key.indexOf("x"))),
        values: { title: "", ownerId: "none", targetDate: "", partnerAgency: "", serviceArea: "", successMeasure: "" },
      };
      rows.set(key, row);
    }
    if (field === "version") {
      if (row.version === null && /^[1-9]\d{0,9}$/.test(value)) row.version = Number(value);
    } else if (field === "seen") {
      row.seen ??= value;
    } else if (!given.has(name)) {
      row.values[field as RowField] = value;
      given.add(name);
    }
  }
  return [...rows.values()];
}

/** A new row nobody typed in: left out, never an error. */
export function isBlankRow(row: SubmittedRow): boolean {
  return (
    row.actionId === null &&
    (["title", "targetDate", "partnerAgency", "serviceArea", "successMeasure"] as const).every(
      (f) => row.values[f].trim() === "",
    ) &&
    (row.values.ownerId === "none" || row.values.ownerId === "")
  );
}

const RowSchema = z.object({
  title: actionTextFields.title,
  ownerId: z.union([z.literal("none"), z.literal(""), storedInteger()], {
    message: "Choose an owner from the list",
  }),
  targetDate: z
    .string()
    .trim()
    .max(40, "Enter a real date, for example 31/03/2027")
    .transform((v, ctx) => {
      if (v === "") return null;
      const iso = parseUkDate(v);
      if (!iso) ctx.addIssue({ code: "custom", message: "Enter a real date, for example 31/03/2027" });
      return iso;
    }),
  partnerAgency: actionTextFields.partnerAgency,
  serviceArea: serviceAreaField,
  successMeasure: actionTextFields.successMeasure,
});

/** A row's values as they would be saved. */
export interface RowData {
  title: string;
  ownerId: number | null;
  targetDate: string | null;
  partnerAgency: string | null;
  serviceArea: string | null;
  successMeasure: string;
}

/** A row checked field by field: its values, or each field's error (the first per field). */
export function checkRow(
  values: RowValues,
): { ok: true; data: RowData } | { ok: false; errors: Partial<Record<RowField, string>> } {
  const parsed = RowSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Partial<Record<RowField, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as RowField;
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const d = parsed.data;
  return {
    ok: true,
    data: {
      title: d.title,
      ownerId: typeof d.ownerId === "number" ? d.ownerId : null,
      targetDate: d.targetDate,
      partnerAgency: d.partnerAgency === "" ? null : d.partnerAgency,
      serviceArea: d.serviceArea,
      successMeasure: d.successMeasure,
    },
  };
}

/**
 * A row's values as they would be saved, without requiring anything (a starter action's title is
 * empty until written); null when a value cannot be read at all. For telling whether a row was
 * touched before checking it.
 */
export function rowDataAsTyped(values: RowValues): RowData | null {
  const targetDate = values.targetDate.trim() === "" ? null : parseUkDate(values.targetDate.trim());
  if (targetDate === undefined || (values.targetDate.trim() !== "" && targetDate === null)) return null;
  const owner = values.ownerId === "none" || values.ownerId === "" ? null : Number(values.ownerId);
  if (owner !== null && !(Number.isInteger(owner) && owner > 0)) return null;
  const serviceArea = values.serviceArea.replace(/\s+/g, " ").trim();
  return {
    title: values.title.trim(),
    ownerId: owner,
    targetDate,
    partnerAgency: values.partnerAgency.trim() === "" ? null : values.partnerAgency.trim(),
    serviceArea: serviceArea === "" ? null : serviceArea,
    successMeasure: values.successMeasure.trim(),
  };
}

/**
 * A short fingerprint of a row's values as saved. The page carries the fingerprint of each action
 * as drawn; a row whose values still have it was not touched by the person submitting, so a change
 * someone else made meanwhile is neither a conflict nor overwritten. (FNV-1a: not a secret, only a
 * comparison.)
 */
export function rowFingerprint(data: RowData): string {
  const text = JSON.stringify([
    data.title.trim(),
    data.ownerId,
    data.targetDate,
    data.partnerAgency?.trim() || null,
    data.serviceArea,
    data.successMeasure.trim(),
  ]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** A calendar date as the editor shows it for typing: 31/01/2027. */
export function dateForTyping(iso: string | null): string {
  if (!iso) return "";
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}
