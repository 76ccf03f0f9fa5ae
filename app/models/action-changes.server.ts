import type { Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { ActionUpdate, DB, RiskFlag } from "../../db/schema";
import { type Actor, canManagePlan, canSignOff, canWorkOnAction } from "../domain/permissions";
import { type ActionStatus } from "../domain/rag";
import { normaliseServiceArea } from "../domain/service-area";
import { refuseStatusMove, SIGN_OFF_MOVES, STATUS_MOVES, type StatusMove } from "../domain/workflow";
import { recordAuditEvent } from "./audit.server";
import { afterStatusMove, ownerActed } from "./follow-up.server";
import { notifyPeople } from "./notifications.server";

/** Why a change was not made. `conflict` carries who changed the action since the form was opened. */
export type ChangeRefusal =
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "forbidden"; message: string }
  | {
      ok: false;
      reason: "invalid";
      message: string;
      /** The form field it concerns, when not the form's main one. */ field?: string;
    }
  | { ok: false; reason: "conflict"; changedBy: string | null; changedAt: string | null };
export type ChangeResult = { ok: true } | ChangeRefusal;

export type Permission = "work" | "manage" | "sign_off";

export interface LoadedAction {
  id: number;
  authorityId: number;
  ownerId: number | null;
  status: ActionStatus;
  version: number;
  targetDate: string | null;
  riskFlag: RiskFlag | null;
  recoveryDate: string | null;
  withdrawnAt: string | null;
}

/**
 * Runs a change to one action in a transaction: loads it within the actor's authority, checks the
 * permission, checks the version the form was opened at, then lets `apply` write and audit.
 */
export async function changeAction(
  actor: Actor,
  actionId: number,
  permission: Permission,
  expectedVersion: number | null,
  apply: (trx: Transaction<DB>, action: LoadedAction) => Promise<ChangeResult>,
  options: { allowWithdrawn?: boolean } = {},
): Promise<ChangeResult> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      let query = trx
        .selectFrom("actions")
        .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
        .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
        .select([
          "actions.id",
          "inspections.authority_id as authorityId",
          "actions.owner_id as ownerId",
          "actions.status",
          "actions.version",
          "actions.target_date as targetDate",
          "actions.risk_flag as riskFlag",
          "actions.recovery_date as recoveryDate",
          "actions.withdrawn_at as withdrawnAt",
          "inspections.removed_at as inspectionRemovedAt",
        ])
        .where("actions.id", "=", actionId);
      if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
      const row = await query.executeTakeFirst();
      if (!row) return { ok: false, reason: "not_found" };
      const { inspectionRemovedAt, ...action } = row;

      const allowed =
        permission === "work"
          ? canWorkOnAction(actor, action)
          : permission === "manage"
            ? canManagePlan(actor, action.authorityId)
            : canSignOff(actor, action);
      if (!allowed) return { ok: false, reason: "forbidden", message: PERMISSION_MESSAGES[permission] };

      if (inspectionRemovedAt) {
        return {
          ok: false,
          reason: "invalid",
          message: "This action's inspection has been removed from the plan, so the action cannot be changed.",
        };
      }
      if (action.withdrawnAt && !options.allowWithdrawn) {
        return {
          ok: false,
          reason: "invalid",
          message: "This action has been withdrawn from the plan, so it cannot be changed.",
        };
      }
      if (expectedVersion !== null && action.version !== expectedVersion) {
        const last = await trx
          .selectFrom("audit_events")
          .leftJoin("users", "users.id", "audit_events.user_id")
          .select(["users.name", "audit_events.at"])
          .where("entity_type", "=", "action")
          .where("entity_id", "=", actionId)
          .orderBy("audit_events.id", "desc")
          .executeTakeFirst();
        return { ok: false, reason: "conflict", changedBy: last?.name ?? null, changedAt: last?.at ?? null };
      }
      return apply(trx, action);
    });
}

const PERMISSION_MESSAGES: Record<Permission, string> = {
  work: "Only the action's owner or an improvement lead can update this action.",
  manage: "Only an improvement lead or administrator can change this.",
  sign_off: "Sign-off must be by an improvement lead or administrator who does not own the action.",
};

/** Writes new field values, bumping the version only if nobody else did first. */
export async function writeAction(
  trx: Transaction<DB>,
  action: Pick<LoadedAction, "id" | "version">,
  values: Omit<ActionUpdate, "id" | "version" | "updated_at">,
  now: Date,
): Promise<void> {
  const result = await trx
    .updateTable("actions")
    .set({ ...values, version: action.version + 1, updated_at: now.toISOString() })
    .where("id", "=", action.id)
    .where("version", "=", action.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new Error(`action ${action.id} changed during the transaction`);
}

export async function changeActionStatus(
  actor: Actor,
  input: { actionId: number; version: number; move: StatusMove; reason: string },
  now: Date,
): Promise<ChangeResult> {
  const permission: Permission = SIGN_OFF_MOVES.includes(input.move) ? "sign_off" : "work";
  return changeAction(actor, input.actionId, permission, input.version, async (trx, action) => {
    const { n } = await trx
      .selectFrom("evidence")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("action_id", "=", action.id)
      .where("deleted_at", "is", null)
      .executeTakeFirstOrThrow();
    const refusal = refuseStatusMove(input.move, action.status, { evidenceCount: Number(n), reason: input.reason });
    if (refusal) return { ok: false, reason: "invalid", message: refusal };
    const to = STATUS_MOVES[input.move].to;
    // Signing off or submitting clears an owner's risk flag: the work is done or waiting on someone else.
    const clearsFlag = to === "signed_off" || to === "awaiting_sign_off";
    await writeAction(
      trx,
      action,
      {
        status: to,
        ...(clearsFlag ? { risk_flag: null, risk_reason: null } : {}),
        // Sent back (or reopened) stays visible to the owner until they act; resubmitting is acting.
        ...(input.move === "send_back" || input.move === "reopen" ? { sent_back_at: now.toISOString() } : {}),
        ...(input.move === "submit" ? { sent_back_at: null } : {}),
      },
      now,
    );
    await recordAuditEvent(trx, {
      userId: actor.id,
      authorityId: action.authorityId,
      entityType: "action",
      entityId: action.id,
      event: `action.${input.move}`,
      before: { status: action.status },
      after: { status: to, ...(input.reason.trim() ? { reason: input.reason.trim() } : {}) },
      at: now,
    });
    await afterStatusMove(trx, actor, action, input.move, now);
    return { ok: true };
  });
}

export async function assignActionOwner(
  actor: Actor,
  input: { actionId: number; version: number; ownerId: number | null },
  now: Date,
): Promise<ChangeResult> {
  return changeAction(actor, input.actionId, "manage", input.version, async (trx, action) => {
    let ownerName: string | null = null;
    if (input.ownerId !== null) {
      const owner = await trx
        .selectFrom("users")
        .select("name")
        .where("id", "=", input.ownerId)
        .where("authority_id", "=", action.authorityId)
        .where("active", "=", 1)
        .where("role", "in", ["service_manager", "improvement_lead"])
        .executeTakeFirst();
      if (!owner) return { ok: false, reason: "invalid", message: "Choose an owner from this authority." };
      ownerName = owner.name;
    }
    await writeAction(trx, action, { owner_id: input.ownerId }, now);
    await recordAuditEvent(trx, {
      userId: actor.id,
      authorityId: action.authorityId,
      entityType: "action",
      entityId: action.id,
      event: "action.owner_changed",
      before: { ownerId: action.ownerId },
      after: { ownerId: input.ownerId, ownerName },
      at: now,
    });
    await notifyPeople(trx, {
      userIds: input.ownerId !== action.ownerId ? [input.ownerId] : [],
      authorityId: action.authorityId,
      kind: "assigned",
      actionId: action.id,
      actorId: actor.id,
      now,
    });
    return { ok: true };
  });
}

/**
 * Why a target date change needs more: the first target date of an action is its baseline and needs
 * no reason; moving a date already set does.
 */
export function targetDateReasonRefusal(current: string | null, reason: string): string | null {
  return current !== null && reason.trim() === "" ? "Give the reason the target date is changing" : null;
}

/**
 * Sets the first target date (the baseline, no reason needed) or moves it (with a reason). The
 * baseline stays as it was; who, when and why are kept.
 */
export async function changeActionTargetDate(
  actor: Actor,
  input: { actionId: number; version: number; targetDate: string; reason: string },
  now: Date,
): Promise<ChangeResult> {
  return changeAction(actor, input.actionId, "manage", input.version, async (trx, action) => {
    if (action.targetDate === input.targetDate) {
      return { ok: false, reason: "invalid", message: "The new target date is the same as the current one." };
    }
    const refusal = targetDateReasonRefusal(action.targetDate, input.reason);
    if (refusal) return { ok: false, reason: "invalid", message: refusal, field: "targetReason" };
    await recordTargetDateChange(
      trx,
      actor,
      action,
      { targetDate: input.targetDate, reason: input.reason.trim() },
      now,
    );
    return { ok: true };
  });
}

/**
 * Writes one target date move inside the caller's transaction, as every move is recorded: the
 * baseline stays (or is set, if this is the first target date), and the move is kept with who,
 * when and why, in target_date_changes and the audit log. Also used when a correction of the
 * report moves target dates (app/models/correction-moves.server.ts).
 */
export async function recordTargetDateChange(
  trx: Transaction<DB>,
  actor: Actor,
  action: Pick<LoadedAction, "id" | "authorityId" | "version" | "targetDate">,
  change: { targetDate: string; reason: string },
  now: Date,
): Promise<void> {
  await writeAction(trx, action, { target_date: change.targetDate }, now);
  await recordTargetDateMove(trx, actor, action, change, now);
}

/**
 * The record of a target date change already written to the action (by writeAction): the baseline
 * is set if this is the first target date, and the change kept in target_date_changes and the
 * audit log. For callers that write several of an action's fields at once.
 */
export async function recordTargetDateMove(
  trx: Transaction<DB>,
  actor: Actor,
  action: Pick<LoadedAction, "id" | "authorityId" | "targetDate">,
  change: { targetDate: string; reason: string },
  now: Date,
): Promise<void> {
  // The first target date ever set becomes the baseline.
  await trx
    .updateTable("actions")
    .set({ baseline_target_date: change.targetDate })
    .where("id", "=", action.id)
    .where("baseline_target_date", "is", null)
    .execute();
  await trx
    .insertInto("target_date_changes")
    .values({
      action_id: action.id,
      from_date: action.targetDate,
      to_date: change.targetDate,
      reason: change.reason,
      changed_by: actor.id,
      changed_at: now.toISOString(),
    })
    .execute();
  await recordAuditEvent(trx, {
    userId: actor.id,
    authorityId: action.authorityId,
    entityType: "action",
    entityId: action.id,
    event: "action.target_date_changed",
    before: { targetDate: action.targetDate },
    after: { targetDate: change.targetDate, reason: change.reason },
    at: now,
  });
}

/** The owner's own signal that an action will slip (amber) or has (red), with a reason; null clears it. */
/**
 * The owner's view of whether the action is on track: the flag with its reason, and the date they
 * now expect it done (the recovery date; `undefined` leaves it as it is, null clears it).
 */
export async function flagActionRisk(
  actor: Actor,
  input: { actionId: number; version: number; flag: RiskFlag | null; reason: string; recoveryDate?: string | null },
  now: Date,
): Promise<ChangeResult> {
  return changeAction(actor, input.actionId, "work", input.version, async (trx, action) => {
    if (action.status === "signed_off") {
      return { ok: false, reason: "invalid", message: "A signed-off action cannot be flagged." };
    }
    const recoveryDate = input.recoveryDate === undefined ? action.recoveryDate : input.recoveryDate;
    const recoveryChanged = recoveryDate !== action.recoveryDate;
    await writeAction(
      trx,
      action,
      { risk_flag: input.flag, risk_reason: input.flag ? input.reason : null, recovery_date: recoveryDate },
      now,
    );
    await recordAuditEvent(trx, {
      userId: actor.id,
      authorityId: action.authorityId,
      entityType: "action",
      entityId: action.id,
      event: "action.risk_flag_changed",
      before: { riskFlag: action.riskFlag, ...(recoveryChanged ? { recoveryDate: action.recoveryDate } : {}) },
      after: {
        riskFlag: input.flag,
        reason: input.flag ? input.reason : null,
        ...(recoveryChanged ? { recoveryDate } : {}),
      },
      at: now,
    });
    return { ok: true };
  });
}

/** Progress updates are appended, never edited, so they need no version check. */
export async function addProgressUpdate(
  actor: Actor,
  input: { actionId: number; body: string },
  now: Date,
): Promise<ChangeResult> {
  return changeAction(actor, input.actionId, "work", null, async (trx, action) => {
    const { id } = await trx
      .insertInto("progress_updates")
      .values({ action_id: action.id, author_id: actor.id, body: input.body, created_at: now.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    // Recording progress on an action not yet started means it has started.
    if (action.status === "not_started") await writeAction(trx, action, { status: "in_progress" }, now);
    await recordAuditEvent(trx, {
      userId: actor.id,
      authorityId: action.authorityId,
      entityType: "action",
      entityId: action.id,
      event: "action.progress_added",
      after: {
        progressUpdateId: id,
        ...(action.status === "not_started" ? { status: "in_progress" } : {}),
      },
      before: action.status === "not_started" ? { status: action.status } : null,
      at: now,
    });
    await ownerActed(trx, actor, action.id);
    return { ok: true };
  });
}

/** The action's service area (the board groups by it), for anyone who can see the action; undefined when they cannot. */
export async function getActionServiceArea(actor: Actor, actionId: number): Promise<string | null | undefined> {
  let query = getDb()
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .select("actions.service_area")
    .where("actions.id", "=", actionId);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  const row = await query.executeTakeFirst();
  return row ? row.service_area : undefined;
}

/** A lead sets, changes or clears the service area that delivers an action; the old value is kept in the audit trail. */
export async function changeActionServiceArea(
  actor: Actor,
  input: { actionId: number; version: number; serviceArea: string | null },
  now: Date,
): Promise<ChangeResult> {
  const normalised = normaliseServiceArea(input.serviceArea);
  if (!normalised.ok) return { ok: false, reason: "invalid", message: normalised.message };
  return changeAction(actor, input.actionId, "manage", input.version, async (trx, action) => {
    const { service_area: before } = await trx
      .selectFrom("actions")
      .select("service_area")
      .where("id", "=", action.id)
      .executeTakeFirstOrThrow();
    if (before === normalised.value) {
      return { ok: false, reason: "invalid", message: "The service area is the same as before." };
    }
    await writeAction(trx, action, { service_area: normalised.value }, now);
    await recordAuditEvent(trx, {
      userId: actor.id,
      authorityId: action.authorityId,
      entityType: "action",
      entityId: action.id,
      event: "action.service_area_changed",
      before: { service_area: before },
      after: { service_area: normalised.value },
      at: now,
    });
    return { ok: true };
  });
}
