import { z } from "zod";
import type { Actor } from "../domain/permissions";
import { type BulkChange, bulkChangeActions, BULK_MAX, labelActions } from "../models/action-bulk.server";
import { REASON_MAX } from "../utils/action-change.server";
import { serviceAreaField } from "../utils/action-form";
import { forbidden, notFound } from "../utils/auth.server";
import { parseUkDate } from "../utils/dates";
import { parseForm, submittedValues } from "../utils/forms";
import { storedInteger } from "../utils/record-id";

// The action list's bulk form (app/routes/actions._index.tsx): which actions were chosen, the one
// change to make to them, and what to tell the person about each that could not be changed.

const BulkSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("owner"),
      ownerId: z.union([z.literal("none"), storedInteger()], { message: "Choose the new owner" }),
    }),
    z.object({
      intent: z.literal("target"),
      targetDate: z
        .string()
        .trim()
        .min(1, "Enter the new target date")
        .max(40, "Enter a real date, for example 31/03/2027")
        .transform((v, ctx) => {
          const iso = parseUkDate(v);
          if (!iso) ctx.addIssue({ code: "custom", message: "Enter a real date, for example 31/03/2027" });
          return iso ?? "";
        }),
      targetReason: z.string().trim().max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters`).default(""),
    }),
    z.object({ intent: z.literal("service_area"), serviceArea: serviceAreaField }),
    z.object({
      intent: z.literal("withdraw"),
      withdrawReason: z
        .string()
        .trim()
        .min(1, "Say why the actions are being withdrawn")
        .max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters`),
    }),
  ],
  { message: "Choose a change to make" },
);

export interface BulkResponse {
  errors: Partial<Record<string, string>>;
  submitted: Record<string, string>;
  /** The actions that were ticked, so they stay ticked. */
  chosen: number[];
  done: number;
  failures: { actionId: number; label: string; message: string }[];
}

export type BulkSubmission =
  { kind: "done"; message: string } | { kind: "shown"; status: 200 | 400; body: BulkResponse };

const DONE: Record<BulkChange["kind"], (n: string) => string> = {
  owner: (n) => `Owner changed on ${n}`,
  target: (n) => `Target date set or moved on ${n}`,
  service_area: (n) => `Service area set on ${n}`,
  withdraw: (n) => `${n} withdrawn from the plan; they stay in the history`,
};

/**
 * One bulk change: checked as a form, then made to each chosen action in turn. Every one changed:
 * a message for the flash. Otherwise the form comes back with the choices kept and a line for
 * each action that could not be changed: 200 when some were, 400 when none were. Thrown 403 for
 * someone who may not shape a plan, 404 when none of the chosen actions can be seen.
 */
export async function submitBulkChange(actor: Actor, formData: FormData, now: Date): Promise<BulkSubmission> {
  const submitted = submittedValues(formData);
  const chosen = [
    ...new Set(
      formData
        .getAll("actionId")
        .filter((v): v is string => typeof v === "string" && /^[1-9]\d{0,9}$/.test(v))
        .map(Number),
    ),
  ];
  if (actor.role !== "admin" && actor.role !== "improvement_lead") {
    // Another authority's actions are not there at all (404); one's own may be seen, not changed (403).
    const visible = await labelActions(actor, chosen.slice(0, BULK_MAX));
    if (visible.size === 0) throw notFound("There are no such actions that you can see.");
    throw forbidden("Only an improvement lead or administrator can change several actions at once.");
  }
  const body: BulkResponse = { errors: {}, submitted, chosen, done: 0, failures: [] };
  const parsed = parseForm(BulkSchema, formData);
  if (!parsed.ok) body.errors = { ...parsed.errors };
  if (chosen.length === 0) body.errors.chosen = "Choose at least one action in the table";
  if (chosen.length > BULK_MAX) body.errors.chosen = `Choose at most ${BULK_MAX} actions at a time`;
  if (!parsed.ok || Object.keys(body.errors).length > 0) return { kind: "shown", status: 400, body };

  const data = parsed.data;
  const change: BulkChange =
    data.intent === "owner"
      ? { kind: "owner", ownerId: data.ownerId === "none" ? null : data.ownerId }
      : data.intent === "target"
        ? { kind: "target", targetDate: data.targetDate, reason: data.targetReason }
        : data.intent === "service_area"
          ? { kind: "service_area", serviceArea: data.serviceArea }
          : { kind: "withdraw", reason: data.withdrawReason };
  const items = chosen.map((actionId) => {
    const version = formData.get(`version-${actionId}`);
    return { actionId, version: typeof version === "string" && /^[1-9]\d{0,9}$/.test(version) ? Number(version) : 0 };
  });
  const outcomes = await bulkChangeActions(actor, change, items, now);
  if (outcomes.every((o) => o.outcome === "not_found")) throw notFound("There are no such actions that you can see.");
  if (outcomes.every((o) => o.outcome === "forbidden")) throw forbidden("You cannot change these actions.");

  const done = outcomes.filter((o) => o.outcome === "changed" || o.outcome === "unchanged").length;
  const failed = outcomes.filter((o) => "message" in o);
  if (failed.length === 0) {
    return { kind: "done", message: DONE[change.kind](done === 1 ? "1 action" : `${done} actions`) };
  }
  const labels = await labelActions(
    actor,
    failed.map((f) => f.actionId),
  );
  body.done = done;
  body.chosen = failed.map((f) => f.actionId);
  body.failures = failed.map((f) => ({
    actionId: f.actionId,
    label: labels.get(f.actionId) ?? `Action ${f.actionId}`,
    message: "message" in f ? f.message : "",
  }));
  body.errors = Object.fromEntries(body.failures.map((f) => [`choose-${f.actionId}`, `${f.label}: ${f.message}`]));
  return { kind: "shown", status: done > 0 ? 200 : 400, body };
}
