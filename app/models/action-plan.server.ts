import type { Actor } from "../domain/permissions";
import { recordAuditEvent } from "./audit.server";
import { changeAction, type ChangeResult, writeAction } from "./action-changes.server";

export interface ActionDetailsInput {
  actionId: number;
  version: number;
  title: string;
  description: string;
  partnerAgency: string | null;
  successMeasure: string;
}

/** A lead rewords an action: title, description, partner agency and what good looks like. */
export async function editActionDetails(actor: Actor, input: ActionDetailsInput, now: Date): Promise<ChangeResult> {
  return changeAction(actor, input.actionId, "manage", input.version, async (trx, action) => {
    const before = await trx
      .selectFrom("actions")
      .select(["title", "description", "partner_agency", "success_measure"])
      .where("id", "=", action.id)
      .executeTakeFirstOrThrow();
    const after = {
      title: input.title,
      description: input.description,
      partner_agency: input.partnerAgency,
      success_measure: input.successMeasure,
    };
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => before[k] !== after[k]);
    if (changed.length === 0) return { ok: false, reason: "invalid", message: "Nothing has changed." };
    await writeAction(trx, action, after, now);
    await recordAuditEvent(trx, {
      userId: actor.id,
      authorityId: action.authorityId,
      entityType: "action",
      entityId: action.id,
      event: "action.details_changed",
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      at: now,
    });
    return { ok: true };
  });
}

/** Takes an action out of the plan without erasing it: it leaves every count and list but keeps its history. */
export async function withdrawAction(
  actor: Actor,
  input: { actionId: number; version: number; reason: string },
  now: Date,
): Promise<ChangeResult> {
  return changeAction(actor, input.actionId, "manage", input.version, async (trx, action) => {
    if (action.status === "signed_off") {
      return {
        ok: false,
        reason: "invalid",
        message: "A signed-off action is part of the record and cannot be withdrawn.",
      };
    }
    await writeAction(trx, action, { withdrawn_at: now.toISOString(), withdrawn_reason: input.reason }, now);
    await recordAuditEvent(trx, {
      userId: actor.id,
      authorityId: action.authorityId,
      entityType: "action",
      entityId: action.id,
      event: "action.withdrawn",
      after: { reason: input.reason },
      at: now,
    });
    return { ok: true };
  });
}

/** Puts a withdrawn action back into the plan, as it was. */
export async function reinstateAction(
  actor: Actor,
  input: { actionId: number; version: number },
  now: Date,
): Promise<ChangeResult> {
  return changeAction(
    actor,
    input.actionId,
    "manage",
    input.version,
    async (trx, action) => {
      if (!action.withdrawnAt) return { ok: false, reason: "invalid", message: "This action is not withdrawn." };
      await writeAction(trx, action, { withdrawn_at: null, withdrawn_reason: null }, now);
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: action.authorityId,
        entityType: "action",
        entityId: action.id,
        event: "action.reinstated",
        before: { withdrawnAt: action.withdrawnAt },
        at: now,
      });
      return { ok: true };
    },
    { allowWithdrawn: true },
  );
}
