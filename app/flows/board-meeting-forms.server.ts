import { z } from "zod";
import {
  COMMENTARY_MAX,
  EXECUTIVE_SUMMARY_MAX,
  PACK_DETAILS,
  PACK_ORDERS,
  PACK_SECTIONS,
  type PackChoices,
  type PackSection,
} from "../domain/board-pack-options";
import type { Actor } from "../domain/permissions";
import {
  type BoardMeeting,
  markBoardMeetingHeld,
  type MeetingResult,
  saveExceptionCommentary,
  saveExecutiveSummary,
  saveMeetingPackChoices,
} from "../models/board-meetings.server";
import type { FieldErrors } from "../utils/forms";
import { storedInteger } from "../utils/record-id";

// The forms on a board meeting's page, each posting its own intent: what the pack covers, the
// lead's executive summary, the lead's commentary on each exception, and marking the meeting held
// (which freezes the pack). Parsed here, applied by the board meetings model.

/** More than any plan has exceptions; a longer form is refused rather than read. */
const COMMENTARY_ENTRIES_MAX = 5_000;

export type MeetingIntent = "choices" | "summary" | "commentary" | "held";

export type MeetingFormOutcome =
  | { ok: true; message: string }
  | { ok: false; status: 400 | 403 | 404 | 409; intent: MeetingIntent | null; errors: FieldErrors };

const ChoicesSchema = z.object({
  coverage: z.enum(["open", "chosen"], { message: "Choose which plans the pack covers" }),
  inspections: z.array(storedInteger()).max(1000),
  sections: z
    .array(z.enum(PACK_SECTIONS, { message: "Choose the pack's sections from the list" }))
    .min(1, "Choose at least one section"),
  detail: z.enum(PACK_DETAILS, { message: "Choose the level of detail" }),
  order: z.enum(PACK_ORDERS, { message: "Choose the order" }),
});

const SummarySchema = z.object({
  executiveSummary: z
    .string()
    .trim()
    .max(
      EXECUTIVE_SUMMARY_MAX,
      `Keep the executive summary under ${EXECUTIVE_SUMMARY_MAX.toLocaleString("en-GB")} characters`,
    ),
});

const firstErrors = (error: z.ZodError): FieldErrors => {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
};

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
};
const texts = (formData: FormData, name: string) =>
  formData.getAll(name).filter((v): v is string => typeof v === "string");

function parseChoices(formData: FormData): { ok: true; choices: PackChoices } | { ok: false; errors: FieldErrors } {
  const parsed = ChoicesSchema.safeParse({
    coverage: text(formData, "coverage"),
    inspections: texts(formData, "inspections"),
    sections: texts(formData, "sections"),
    detail: text(formData, "detail"),
    order: text(formData, "order"),
  });
  if (!parsed.success) return { ok: false, errors: firstErrors(parsed.error) };
  const { coverage, inspections, sections, detail, order } = parsed.data;
  if (coverage === "chosen" && inspections.length === 0) {
    return { ok: false, errors: { inspections: "Choose at least one inspection, or the open plans" } };
  }
  return {
    ok: true,
    choices: {
      inspectionIds: coverage === "open" ? null : [...new Set(inspections)],
      sections: PACK_SECTIONS.filter((s) => sections.includes(s as PackSection)),
      detail,
      order,
    },
  };
}

function parseCommentary(
  formData: FormData,
): { ok: true; entries: { actionId: number; commentary: string }[] } | { ok: false; errors: FieldErrors } {
  const ids = texts(formData, "actionId");
  if (ids.length > COMMENTARY_ENTRIES_MAX) return { ok: false, errors: { commentary: "Too many actions in one form" } };
  const entries: { actionId: number; commentary: string }[] = [];
  const errors: FieldErrors = {};
  for (const raw of new Set(ids)) {
    const actionId = Number(raw);
    if (!/^\d{1,15}$/.test(raw) || actionId <= 0)
      return { ok: false, errors: { commentary: "The form was not recognised" } };
    const commentary = (text(formData, `commentary-${actionId}`) ?? "").trim();
    if (commentary.length > COMMENTARY_MAX) {
      errors[`commentary-${actionId}`] =
        `Keep the commentary under ${COMMENTARY_MAX.toLocaleString("en-GB")} characters`;
    }
    entries.push({ actionId, commentary });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, entries };
}

const SUCCESS: Record<MeetingIntent, string> = {
  choices: "What the pack covers is saved",
  summary: "Executive summary saved",
  commentary: "Commentary saved",
  held: "Meeting marked held; its pack is frozen",
};

/** Where a refusal's message goes on the page, by intent. */
const REFUSAL_FIELD: Record<MeetingIntent, string> = {
  choices: "coverage",
  summary: "executiveSummary",
  commentary: "commentary",
  held: "held",
};

function refusal(intent: MeetingIntent, result: Exclude<MeetingResult, { ok: true }>): MeetingFormOutcome {
  switch (result.reason) {
    case "not_found":
      return { ok: false, status: 404, intent, errors: {} };
    case "forbidden":
      return { ok: false, status: 403, intent, errors: {} };
    case "invalid":
      return { ok: false, status: 400, intent, errors: { [result.field]: result.message } };
    case "not_yet":
      return {
        ok: false,
        status: 400,
        intent,
        errors: { held: "A meeting can only be marked held on or after its date" },
      };
    case "already_held":
      return {
        ok: false,
        status: 409,
        intent,
        errors: {
          [REFUSAL_FIELD[intent]]:
            intent === "held"
              ? "This meeting has already been marked held"
              : "This meeting has been marked held: its pack is frozen and can no longer change",
        },
      };
  }
}

/** Applies one submitted form from a meeting's page. */
export async function applyMeetingForm(
  actor: Actor,
  meeting: BoardMeeting,
  formData: FormData,
  context: { today: string; amberWindowDays: number },
  now: Date,
): Promise<MeetingFormOutcome> {
  const intent = text(formData, "intent");
  let result: MeetingResult;
  switch (intent) {
    case "choices": {
      const parsed = parseChoices(formData);
      if (!parsed.ok) return { ok: false, status: 400, intent, errors: parsed.errors };
      result = await saveMeetingPackChoices(actor, meeting.id, parsed.choices, now);
      break;
    }
    case "summary": {
      const parsed = SummarySchema.safeParse({ executiveSummary: text(formData, "executiveSummary") ?? "" });
      if (!parsed.success) return { ok: false, status: 400, intent, errors: firstErrors(parsed.error) };
      result = await saveExecutiveSummary(actor, meeting.id, parsed.data.executiveSummary, now);
      break;
    }
    case "commentary": {
      const parsed = parseCommentary(formData);
      if (!parsed.ok) return { ok: false, status: 400, intent, errors: parsed.errors };
      result = await saveExceptionCommentary(actor, meeting.id, parsed.entries, now);
      break;
    }
    case "held":
      result = await markBoardMeetingHeld(actor, meeting.id, context, now);
      break;
    default:
      return { ok: false, status: 400, intent: null, errors: { form: "The form was not recognised; reload the page" } };
  }
  return result.ok ? { ok: true, message: SUCCESS[intent] } : refusal(intent, result);
}
