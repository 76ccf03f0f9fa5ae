import { getDb } from "../../db/client";
import type { Actor } from "../domain/permissions";
import { actionReference } from "../domain/references";
import {
  assignActionOwner,
  changeActionServiceArea,
  changeActionTargetDate,
  type ChangeResult,
} from "./action-changes.server";
import { withdrawAction } from "./action-plan.server";

// Bulk changes from the action list: the same change to each chosen action, one action at a
// time, each through the model function its own page uses (so each is checked, versioned and
// audited exactly as a single change). One action's refusal never stops the others.

export type BulkChange =
  | { kind: "owner"; ownerId: number | null }
  | { kind: "target"; targetDate: string; reason: string }
  | { kind: "service_area"; serviceArea: string | null }
  | { kind: "withdraw"; reason: string };

export type BulkOutcome =
  | { actionId: number; outcome: "changed" | "unchanged" }
  | { actionId: number; outcome: "not_found" | "forbidden" | "invalid" | "conflict"; message: string };

/** The most actions one bulk change may name: a page of the list is 25, "select all" a few pages. */
export const BULK_MAX = 200;

export async function bulkChangeActions(
  actor: Actor,
  change: BulkChange,
  items: readonly { actionId: number; version: number }[],
  now: Date,
): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = [];
  for (const { actionId, version } of items) {
    const result = await applyOne(actor, change, actionId, version, now);
    outcomes.push(toOutcome(actionId, change, result));
  }
  return outcomes;
}

function applyOne(actor: Actor, change: BulkChange, actionId: number, version: number, now: Date) {
  switch (change.kind) {
    case "owner":
      return assignActionOwner(actor, { actionId, version, ownerId: change.ownerId }, now);
    case "target":
      return changeActionTargetDate(
        actor,
        { actionId, version, targetDate: change.targetDate, reason: change.reason },
        now,
      );
    case "service_area":
      return changeActionServiceArea(actor, { actionId, version, serviceArea: change.serviceArea }, now);
    case "withdraw":
      return withdrawAction(actor, { actionId, version, reason: change.reason }, now);
  }
}

/** A change that would leave the action as it is counts as done, not as a failure. */
const SAME = ["The new target date is the same as the current one.", "The service area is the same as before."];

function toOutcome(actionId: number, change: BulkChange, result: ChangeResult): BulkOutcome {
  if (result.ok) return { actionId, outcome: "changed" };
  switch (result.reason) {
    case "not_found":
      return { actionId, outcome: "not_found", message: "There is no such action that you can see" };
    case "forbidden":
      return { actionId, outcome: "forbidden", message: result.message };
    case "invalid":
      if (SAME.includes(result.message)) return { actionId, outcome: "unchanged" };
      return {
        actionId,
        outcome: "invalid",
        message:
          change.kind === "target" && result.field === "targetReason"
            ? "Its target date was already set: give the reason the target dates are moving"
            : result.message.replace(/\.$/, ""),
      };
    case "conflict":
      return {
        actionId,
        outcome: "conflict",
        message: `${result.changedBy ?? "Someone"} changed it after the list was opened; open the list again and check it`,
      };
  }
}

/** How the chosen actions are named in a report of what happened: "1.2 Audit strategy meetings". */
export async function labelActions(actor: Actor, actionIds: readonly number[]): Promise<Map<number, string>> {
  if (actionIds.length === 0) return new Map();
  let query = getDb()
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .select(["actions.id", "actions.title", "actions.sequence", "recommendations.position", "inspections.short_name"])
    .where("actions.id", "in", [...actionIds]);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.id, `${actionReference(r.short_name, r.position, r.sequence)} ${r.title}`]));
}
