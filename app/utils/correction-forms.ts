import { z } from "zod";
import type { BasisKind, Timescale } from "../domain/due-dates";
import { REPORT_KIND_LABELS } from "../domain/import-plan";
import { REMOVAL_REASON_MAX } from "../domain/inspection-removal";
import type { ReportKind, Section } from "../import/types";
import { parseUkDate } from "./dates";
import { storedInteger } from "./record-id";

// The forms that correct an inspection or a recommendation after import, remove an inspection
// imported in error and restore it. Not a .server module: the pages build their fields and limits
// from these too.

export const INSPECTION_TITLE_MAX = 300;
export const RECOMMENDATION_TEXT_MAX = 5000;
export const AGENCY_NAME_MAX = 200;
export const AGENCIES_MAX = 20;
export const PARAGRAPH_NUMBER_MAX = 20;
export const MOVE_REASON_MAX = 1000;
export { REMOVAL_REASON_MAX };

const REPORT_KINDS = Object.keys(REPORT_KIND_LABELS) as [ReportKind, ...ReportKind[]];
const BASIS_KINDS = ["publication", "received", "inspection_end"] as const satisfies readonly BasisKind[];
const SECTIONS = ["safeguarding", "looked_after_children", "lscb", "none"] as const;
const TIMESCALES = ["immediately", "three_months", "six_months", "none"] as const;

const version = storedInteger("Open the page again and resubmit");

/** A date that may be left blank (null); anything typed must be a real date. */
const optionalDate = (example = "20/07/2024") =>
  z
    .string()
    .trim()
    .default("")
    .transform((v, ctx) => {
      if (v === "") return null;
      const iso = parseUkDate(v);
      if (!iso)
        ctx.addIssue({ code: "custom", message: `Enter a real date, for example ${example}, or leave it blank` });
      return iso;
    });

export const InspectionCorrectionSchema = z
  .object({
    version,
    title: z
      .string()
      .trim()
      .min(1, "Enter the inspection's title")
      .max(INSPECTION_TITLE_MAX, `Keep the title under ${INSPECTION_TITLE_MAX} characters`),
    kind: z.enum(REPORT_KINDS, { message: "Choose the kind of report" }),
    inspectionStart: optionalDate("03/06/2024"),
    inspectionEnd: optionalDate("14/06/2024"),
    published: optionalDate(),
    received: optionalDate(),
    basisKind: z.enum(BASIS_KINDS, { message: "Choose which date due dates are counted from" }),
  })
  .refine((v) => !(v.inspectionStart && v.inspectionEnd && v.inspectionEnd < v.inspectionStart), {
    path: ["inspectionEnd"],
    message: "The last day of the inspection must be the same as or after the first day",
    // Checked even when another field is wrong, so every error shows at once.
    when: ({ value }) => {
      const dates = value as { inspectionStart?: unknown; inspectionEnd?: unknown };
      return typeof dates.inspectionStart === "string" && typeof dates.inspectionEnd === "string";
    },
  });
export type InspectionCorrectionForm = z.infer<typeof InspectionCorrectionSchema>;

/** The form's values as the model's columns. */
export function inspectionCorrection(form: InspectionCorrectionForm) {
  return {
    title: form.title,
    kind: form.kind,
    inspection_start: form.inspectionStart,
    inspection_end: form.inspectionEnd,
    published: form.published,
    received: form.received,
    basis_kind: form.basisKind,
  };
}

/** One partner agency per line: blank lines dropped, spaces tidied, each named once. */
const agencyLines = z
  .string()
  .default("")
  .transform((v, ctx) => {
    const names = [
      ...new Set(
        v
          .split(/\r?\n/)
          .map((line) => line.replace(/\s+/g, " ").trim())
          .filter((line) => line !== ""),
      ),
    ];
    if (names.length > AGENCIES_MAX) {
      ctx.addIssue({ code: "custom", message: `Name at most ${AGENCIES_MAX} partner agencies` });
    }
    if (names.some((name) => name.length > AGENCY_NAME_MAX)) {
      ctx.addIssue({ code: "custom", message: `Keep each partner agency's name under ${AGENCY_NAME_MAX} characters` });
    }
    return names;
  });

export const RecommendationCorrectionSchema = z.object({
  version,
  text: z
    .string()
    .trim()
    .min(1, "Enter the recommendation's text")
    .max(RECOMMENDATION_TEXT_MAX, `Keep the text under ${RECOMMENDATION_TEXT_MAX} characters`),
  section: z.enum(SECTIONS, { message: "Choose the section of the report" }),
  timescale: z.enum(TIMESCALES, { message: "Choose the timescale" }),
  agencies: agencyLines,
  paragraphNumber: z
    .string()
    .trim()
    .max(PARAGRAPH_NUMBER_MAX, `Keep the paragraph number under ${PARAGRAPH_NUMBER_MAX} characters`)
    .default(""),
  dueDate: optionalDate("31/03/2025"),
});
export type RecommendationCorrectionForm = z.infer<typeof RecommendationCorrectionSchema>;

/** The form's values as the model's columns. */
export function recommendationCorrection(form: RecommendationCorrectionForm) {
  return {
    text: form.text,
    section: (form.section === "none" ? null : form.section) as Section,
    timescale: (form.timescale === "none" ? null : form.timescale) as Timescale,
    agencies: form.agencies,
    paragraph_number: form.paragraphNumber === "" ? null : form.paragraphNumber,
    due_date: form.dueDate,
  };
}

/** The confirmation step: the target dates ticked to move, each as "<action id>:<date shown or none>", and why. */
export const MovesSchema = z.object({
  moves: z.array(
    z
      .string()
      .regex(/^\d{1,15}:(\d{4}-\d{2}-\d{2}|none)$/, "Choose the target dates to move from the list")
      .transform((v) => {
        const [id, from] = v.split(":");
        return { actionId: Number(id), from: from === "none" ? null : from };
      }),
  ),
  reason: z.string().trim().max(MOVE_REASON_MAX, `Keep the reason under ${MOVE_REASON_MAX} characters`).default(""),
});

/** A move's value in the confirmation form. */
export function moveValue(actionId: number, from: string | null): string {
  return `${actionId}:${from ?? "none"}`;
}

export const RemovalSchema = z.object({
  version,
  reason: z
    .string()
    .trim()
    .min(1, "Say why the inspection is being removed")
    .max(REMOVAL_REASON_MAX, `Keep the reason under ${REMOVAL_REASON_MAX} characters`),
});

export const RestoreSchema = z.object({ intent: z.literal("restore"), version });
