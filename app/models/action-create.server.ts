import { getDb } from "../../db/client";
import { type Actor, canManagePlan } from "../domain/permissions";
import { recordAuditEvent } from "./audit.server";
import { normaliseServiceArea } from "../domain/service-area";
import type { ChangeRefusal } from "./action-changes.server";
import { inspectionInPlan } from "./plan-scope.server";

export type AddActionResult = { ok: true; actionId: number } | ChangeRefusal;

/**
 * Adds another action to a recommendation (import creates the first). Only a lead or administrator
 * for the recommendation's authority may do it; the owner, if given, must be assignable there.
 * A target date given now is also the baseline.
 */
export async function addAction(
  actor: Actor,
  input: {
    recommendationId: number;
    title: string;
    description: string;
    ownerId: number | null;
    targetDate: string | null;
    partnerAgency?: string | null;
    serviceArea?: string | null;
    successMeasure?: string;
  },
  now: Date,
): Promise<AddActionResult> {
  const at = now.toISOString();
  return getDb()
    .transaction()
    .execute(async (trx): Promise<AddActionResult> => {
      let query = trx
        .selectFrom("recommendations")
        .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
        .select(["recommendations.id", "inspections.authority_id as authorityId"])
        .where("recommendations.id", "=", input.recommendationId)
        .where(inspectionInPlan);
      if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
      const recommendation = await query.executeTakeFirst();
      if (!recommendation) return { ok: false, reason: "not_found" };
      if (!canManagePlan(actor, recommendation.authorityId)) {
        return {
          ok: false,
          reason: "forbidden",
          message: "Only an improvement lead or administrator can add actions.",
        };
      }
      const title = input.title.trim();
      if (title === "") return { ok: false, reason: "invalid", message: "Enter a title for the action." };
      const serviceArea = normaliseServiceArea(input.serviceArea);
      if (!serviceArea.ok) return { ok: false, reason: "invalid", message: serviceArea.message };
      if (input.ownerId !== null) {
        const owner = await trx
          .selectFrom("users")
          .select("id")
          .where("id", "=", input.ownerId)
          .where("authority_id", "=", recommendation.authorityId)
          .where("active", "=", 1)
          .where("role", "in", ["service_manager", "improvement_lead"])
          .executeTakeFirst();
        if (!owner) return { ok: false, reason: "invalid", message: "Choose an owner from this authority." };
      }
      const { next } = await trx
        .selectFrom("actions")
        .select((eb) => eb(eb.fn.coalesce(eb.fn.max("sequence"), eb.lit(0)), "+", 1).as("next"))
        .where("recommendation_id", "=", recommendation.id)
        .executeTakeFirstOrThrow();
      const { id } = await trx
        .insertInto("actions")
        .values({
          recommendation_id: recommendation.id,
          sequence: Number(next),
          title,
          description: input.description.trim(),
          partner_agency: input.partnerAgency?.trim() || null,
          service_area: serviceArea.value,
          success_measure: input.successMeasure?.trim() ?? "",
          owner_id: input.ownerId,
          target_date: input.targetDate,
          baseline_target_date: input.targetDate,
          status: "not_started",
          created_at: at,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: recommendation.authorityId,
        entityType: "action",
        entityId: id,
        event: "action.created",
        after: {
          recommendationId: recommendation.id,
          sequence: Number(next),
          title,
          ownerId: input.ownerId,
          targetDate: input.targetDate,
          ...(serviceArea.value ? { serviceArea: serviceArea.value } : {}),
        },
        at: now,
      });
      return { ok: true, actionId: id };
    });
}
