import { getDb } from "../../db/client";
import type { ImpactLevel } from "../../db/schema";
import { type Actor, canManagePlan } from "../domain/permissions";
import { recordAuditEvent } from "./audit.server";
import { inspectionKept } from "./plan-scope.server";
import { ragExpression } from "./rag-sql.server";

/** The recommendation's authority, if the actor may see it and it is in the plan. */
function visibleRecommendation(actor: Actor, recommendationId: number) {
  let query = getDb()
    .selectFrom("recommendations")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .select(["recommendations.id", "inspections.authority_id"])
    .where("recommendations.id", "=", recommendationId)
    .where(inspectionKept);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  return query.executeTakeFirst();
}

/** Every judgement of a recommendation's impact, newest first, if the actor may see it. */
export async function listImpactJudgements(actor: Actor, recommendationId: number) {
  let query = getDb()
    .selectFrom("impact_judgements")
    .innerJoin("recommendations", "recommendations.id", "impact_judgements.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .leftJoin("users", "users.id", "impact_judgements.judged_by")
    .select([
      "impact_judgements.id",
      "impact_judgements.level",
      "impact_judgements.rationale",
      "impact_judgements.judged_at",
      "users.name as judged_by_name",
    ])
    .where("impact_judgements.recommendation_id", "=", recommendationId)
    .orderBy("impact_judgements.judged_at", "desc")
    .orderBy("impact_judgements.id", "desc");
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  return query.execute();
}

/**
 * The current (latest) impact level of each recommendation that has one. Callers pass ids they
 * have already checked the actor may see (e.g. one inspection's recommendations).
 */
export async function latestImpactLevels(recommendationIds: number[]): Promise<Record<number, ImpactLevel>> {
  if (recommendationIds.length === 0) return {};
  const rows = await getDb()
    .selectFrom("impact_judgements")
    .select(["recommendation_id", "level"])
    .where("recommendation_id", "in", recommendationIds)
    .orderBy("judged_at")
    .orderBy("id")
    .execute();
  const levels: Record<number, ImpactLevel> = {};
  for (const row of rows) levels[row.recommendation_id] = row.level;
  return levels;
}

/** A recommendation's actions (withdrawn ones included, marked), in plan order. */
export async function listRecommendationActions(
  actor: Actor,
  recommendationId: number,
  today: string,
  amberWindowDays: number,
) {
  let query = getDb()
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .leftJoin("users", "users.id", "actions.owner_id")
    .select((eb) => [
      "actions.id",
      "actions.title",
      "actions.sequence",
      "actions.status",
      "actions.target_date",
      "actions.risk_flag",
      "actions.withdrawn_at",
      "recommendations.position",
      "inspections.short_name as inspection_short_name",
      "users.name as owner_name",
      ragExpression(eb, today, amberWindowDays).as("rag"),
    ])
    .where("actions.recommendation_id", "=", recommendationId)
    .orderBy("actions.sequence")
    .orderBy("actions.id");
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  return query.execute();
}

export type ImpactResult = { ok: true } | { ok: false; reason: "not_found" | "forbidden" };

/** A lead records a judgement of impact with the evidence it rests on. Earlier judgements stay. */
export async function recordImpactJudgement(
  actor: Actor,
  input: { recommendationId: number; level: ImpactLevel; rationale: string },
  now: Date,
): Promise<ImpactResult> {
  const recommendation = await visibleRecommendation(actor, input.recommendationId);
  if (!recommendation) return { ok: false, reason: "not_found" };
  if (!canManagePlan(actor, recommendation.authority_id)) return { ok: false, reason: "forbidden" };
  await getDb()
    .transaction()
    .execute(async (trx) => {
      const previous = await trx
        .selectFrom("impact_judgements")
        .select("level")
        .where("recommendation_id", "=", recommendation.id)
        .orderBy("judged_at", "desc")
        .orderBy("id", "desc")
        .executeTakeFirst();
      await trx
        .insertInto("impact_judgements")
        .values({
          recommendation_id: recommendation.id,
          level: input.level,
          rationale: input.rationale,
          judged_by: actor.id,
          judged_at: now.toISOString(),
        })
        .execute();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId: recommendation.authority_id,
        entityType: "recommendation",
        entityId: recommendation.id,
        event: "recommendation.impact_judged",
        before: previous ? { level: previous.level } : null,
        after: { level: input.level, rationale: input.rationale },
        at: now,
      });
    });
  return { ok: true };
}
