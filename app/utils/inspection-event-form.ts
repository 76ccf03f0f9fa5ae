import { z } from "zod";
import {
  EVENT_REMOVAL_REASON_MAX,
  EVENT_SUMMARY_MAX,
  EVENT_TITLE_MAX,
  INSPECTION_EVENT_KINDS,
} from "../domain/inspection-events";
import { parseUkDate } from "./dates";

// The form that records or changes a monitoring visit or annual engagement meeting. The letter is
// checked on the server (size while reading, type from its content: PDF or Word only).

export const LETTER_MAX_BYTES = 10 * 1024 * 1024;
export const LETTER_MAX_LABEL = "10 MB";
/** The letter types accepted, as detected by app/utils/file-type.server.ts. */
export const LETTER_FILE_TYPES = ["pdf", "docx", "doc"] as const;
export const LETTER_ACCEPT = ".pdf,.docx,.doc";
export const LETTER_ACCEPTED_TEXT = "a PDF or Word (.docx or .doc) file";

const dateField = (missing: string) =>
  z
    .string()
    .trim()
    .default("")
    .transform((v, ctx) => {
      if (v === "") {
        ctx.addIssue({ code: "custom", message: missing });
        return z.NEVER;
      }
      const iso = parseUkDate(v);
      if (!iso) {
        ctx.addIssue({ code: "custom", message: "Enter a real date, for example 5/3/2024" });
        return z.NEVER;
      }
      return iso;
    });

export const InspectionEventSchema = z.object({
  kind: z.enum(INSPECTION_EVENT_KINDS as [string, ...string[]], {
    message: "Choose a monitoring visit or an annual engagement meeting",
  }),
  date: dateField("Enter the date of the visit or meeting"),
  endDate: z
    .string()
    .trim()
    .default("")
    .transform((v, ctx) => {
      if (v === "") return null;
      const iso = parseUkDate(v);
      if (!iso) ctx.addIssue({ code: "custom", message: "Enter a real date for the last day, or leave it blank" });
      return iso;
    }),
  title: z
    .string()
    .trim()
    .min(1, "Enter a title, for example 'Monitoring visit 3: children in care'")
    .max(EVENT_TITLE_MAX, `Keep the title under ${EVENT_TITLE_MAX} characters`),
  summary: z
    .string()
    .trim()
    .max(EVENT_SUMMARY_MAX, `Keep the summary under ${EVENT_SUMMARY_MAX.toLocaleString("en-GB")} characters`)
    .default(""),
});

export const RemoveInspectionEventSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1, "Say why this visit or meeting is being removed")
    .max(
      EVENT_REMOVAL_REASON_MAX,
      `Keep the reason under ${EVENT_REMOVAL_REASON_MAX.toLocaleString("en-GB")} characters`,
    ),
});
