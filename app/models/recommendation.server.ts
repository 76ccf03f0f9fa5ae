import { getDb } from "../../db/client";
import type { Actor } from "../domain/permissions";

/** One recommendation with its inspection and authority, if the actor may see it. */
export async function getRecommendation(actor: Actor, recommendationId: number) {
  let query = getDb()
    .selectFrom("recommendations")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .innerJoin("authorities", "authorities.id", "inspections.authority_id")
    .select([
      "recommendations.id",
      "recommendations.reference",
      "recommendations.text",
      "recommendations.due_date",
      "inspections.id as inspection_id",
      "inspections.title as inspection_title",
      "inspections.authority_id",
      "authorities.name as authority_name",
    ])
    .where("recommendations.id", "=", recommendationId);
  if (actor.role !== "admin") query = query.where("inspections.authority_id", "=", actor.authorityId ?? -1);
  return query.executeTakeFirst();
}
