import { z } from "zod";
import type { Actor } from "../domain/permissions";
import { STATUS_MOVES, type StatusMove } from "../domain/workflow";
import {
  addProgressUpdate,
  assignActionOwner,
  changeActionStatus,
  changeActionTargetDate,
  flagActionRisk,
  type ChangeRefusal,
} from "../models/action-changes.server";
import { editActionDetails, reinstateAction, withdrawAction } from "../models/action-plan.server";
import { actionTextFields } from "./action-form";
import { londonDateOf, parseUkDate } from "./dates";
import { storedInteger } from "./record-id";

export const PROGRESS_UPDATE_MAX = 5000;
export const REASON_MAX = 1000;

const version = storedInteger();
const reason = (message: string) =>
  z.string().trim().min(1, message).max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters`);
const ukDate = (message: string) =>
  z
    .string()
    .trim()
    .min(1, message)
    .transform((v, ctx) => {
      const iso = parseUkDate(v);
      if (!iso) ctx.addIssue({ code: "custom", message: "Enter a real date, for example 31/03/2025 or 31 March 2025" });
      return iso ?? "";
    });

export const ActionChangeSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("status"),
    version,
    move: z.enum(Object.keys(STATUS_MOVES) as [StatusMove, ...StatusMove[]], { message: "Choose what to do" }),
    reason: z.string().trim().max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters`).default(""),
  }),
  z.object({
    intent: z.literal("owner"),
    version,
    ownerId: z.union([z.literal("none"), storedInteger()], { message: "Choose an owner" }),
  }),
  z.object({
    intent: z.literal("target"),
    version,
    targetDate: ukDate("Enter the new target date"),
    // Needed only to move a date already set (the model says so): the first date is the baseline.
    targetReason: z.string().trim().max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters`).default(""),
  }),
  z.object({
    intent: z.literal("risk"),
    version,
    flag: z.enum(["none", "at_risk", "off_track"], { message: "Choose whether the action is on track" }),
    riskReason: z.string().trim().max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters`).default(""),
    // Blank clears it; a form without the field (an older page) leaves it as it is.
    recoveryDate: z
      .string()
      .trim()
      .max(40, "Enter a real date, for example 31/03/2025 or 31 March 2025")
      .optional()
      .transform((v, ctx) => {
        if (v === undefined) return undefined;
        if (v === "") return null;
        const iso = parseUkDate(v);
        if (!iso)
          ctx.addIssue({ code: "custom", message: "Enter a real date, for example 31/03/2025 or 31 March 2025" });
        return iso ?? null;
      }),
  }),
  z.object({
    intent: z.literal("details"),
    version,
    ...actionTextFields,
  }),
  z.object({ intent: z.literal("withdraw"), version, withdrawReason: reason("Say why the action is being withdrawn") }),
  z.object({ intent: z.literal("reinstate"), version }),
  z.object({
    intent: z.literal("progress"),
    body: z
      .string()
      .trim()
      .min(1, "Enter the progress update")
      .max(PROGRESS_UPDATE_MAX, `Keep the update under ${PROGRESS_UPDATE_MAX} characters`),
  }),
]);
export type ActionChange = z.infer<typeof ActionChangeSchema>;

type Outcome = { ok: true; message: string } | (ChangeRefusal & { field?: string });
export type ActionChangeOutcome =
  | { ok: true; message: string }
  | Exclude<ChangeRefusal, { reason: "invalid" }>
  | { ok: false; reason: "invalid"; field: string; message: string };

const SUCCESS: Record<ActionChange["intent"], string> = {
  status: "Status updated",
  owner: "Owner updated",
  target: "Target date changed; the baseline date is kept",
  risk: "Risk flag updated",
  details: "Action details saved",
  withdraw: "Action withdrawn from the plan; it stays in the history",
  reinstate: "Action put back into the plan",
  progress: "Progress update added",
};

/** The field an "invalid" refusal belongs to, for the error summary link. */
const REFUSAL_FIELD: Record<ActionChange["intent"], string> = {
  status: "move",
  owner: "ownerId",
  target: "targetDate",
  risk: "flag",
  details: "title",
  withdraw: "withdrawReason",
  reinstate: "version",
  progress: "body",
};

/** Calls the model function for one submitted form on the action page. */
export async function applyActionChange(
  actor: Actor,
  actionId: number,
  change: ActionChange,
  now: Date,
): Promise<ActionChangeOutcome> {
  const result = await dispatch(actor, actionId, change, now);
  if (result.ok) return { ok: true, message: SUCCESS[change.intent] };
  if (result.reason === "invalid") return { ...result, field: result.field ?? REFUSAL_FIELD[change.intent] };
  return result;
}

async function dispatch(
  actor: Actor,
  actionId: number,
  change: ActionChange,
  now: Date,
): Promise<Outcome | { ok: true }> {
  switch (change.intent) {
    case "status":
      return changeActionStatus(
        actor,
        { actionId, version: change.version, move: change.move, reason: change.reason },
        now,
      );
    case "owner":
      return assignActionOwner(
        actor,
        { actionId, version: change.version, ownerId: change.ownerId === "none" ? null : change.ownerId },
        now,
      );
    case "target":
      return changeActionTargetDate(
        actor,
        { actionId, version: change.version, targetDate: change.targetDate, reason: change.targetReason },
        now,
      );
    case "risk":
      if (change.flag !== "none" && change.riskReason === "") {
        return {
          ok: false,
          reason: "invalid",
          message: "Say why the action is at risk or off track",
          field: "riskReason",
        };
      }
      // A recovery date is a forecast: a new one cannot be in the past.
      if (change.recoveryDate && change.recoveryDate < londonDateOf(now)) {
        return {
          ok: false,
          reason: "invalid",
          message: "The recovery date must be today or later",
          field: "recoveryDate",
        };
      }
      return flagActionRisk(
        actor,
        {
          actionId,
          version: change.version,
          flag: change.flag === "none" ? null : change.flag,
          reason: change.riskReason,
          recoveryDate: change.recoveryDate,
        },
        now,
      );
    case "details":
      return editActionDetails(
        actor,
        {
          actionId,
          version: change.version,
          title: change.title,
          description: change.description,
          partnerAgency: change.partnerAgency || null,
          successMeasure: change.successMeasure,
        },
        now,
      );
    case "withdraw":
      return withdrawAction(actor, { actionId, version: change.version, reason: change.withdrawReason }, now);
    case "reinstate":
      return reinstateAction(actor, { actionId, version: change.version }, now);
    case "progress":
      return addProgressUpdate(actor, { actionId, body: change.body }, now);
  }
}
