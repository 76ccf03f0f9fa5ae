import { type ExpressionBuilder, sql, type SqlBool } from "kysely";
import { getDb } from "../../db/client";
import { antiJoinAsNotExists } from "../../db/engine/planner";
import type { DB } from "../../db/schema";
import { inspectionsRemovedAsAt, REMOVAL_EVENTS } from "../domain/inspection-removal";

// The one rule every plan query shares: an inspection removed as imported in error (see
// app/models/inspection-removal.server.ts), or whose plan was closed (app/domain/plan-closure.ts),
// is not part of today's plan. Its rows all stay, for its own
// pages, the audit log and the plan "as at" a date before the removal; everything that reads the
// plan of today leaves it out with one of these. tests/models/removed-inspection.test.ts proves
// each surface does.

/**
 * For a query that joins `inspections`: the inspection is in today's plan (not removed, and its
 * plan not closed: app/domain/plan-closure.ts).
 */
export const inspectionInPlan = sql<SqlBool>`(${sql.ref("inspections.removed_at")} is null and ${sql.ref("inspections.closed_at")} is null)`;

/**
 * For a query that joins `inspections`: the inspection is kept (not removed as imported in error),
 * closed or not. The history, readiness, judgements and themes read every plan kept, closed ones too.
 */
export const inspectionKept = sql<SqlBool>`${sql.ref("inspections.removed_at")} is null`;

/**
 * For a query from `actions` that does not join the inspection (the lists paged from the actions
 * table alone): the action's inspection is in the plan. On SQLite the recommendations of removed
 * inspections (few or none) are an uncorrelated subquery run once; on PostgreSQL a NOT EXISTS.
 */
export function actionInPlan(eb: ExpressionBuilder<DB, "actions">) {
  const outOfPlan = eb
    .selectFrom("recommendations as out_recommendations")
    .innerJoin("inspections as out_inspections", "out_inspections.id", "out_recommendations.inspection_id")
    .where((o) =>
      o.or([o("out_inspections.removed_at", "is not", null), o("out_inspections.closed_at", "is not", null)]),
    );
  // Each engine's planner wants this written its own way (db/engine/planner.ts).
  if (antiJoinAsNotExists(getDb())) {
    return eb.not(
      eb.exists(
        outOfPlan.select(sql.lit(1).as("one")).whereRef("out_recommendations.id", "=", "actions.recommendation_id"),
      ),
    );
  }
  return eb("actions.recommendation_id", "not in", outOfPlan.select("out_recommendations.id"));
}

/**
 * The inspections of one authority that were out of the plan at the end of London day `asAt`,
 * from the audit log's removals and restorations (for boards and packs "as at" a date).
 */
export async function removedInspectionsAsAt(authorityId: number, asAt: string): Promise<Set<number>> {
  const events = await removalHistory(authorityId);
  return inspectionsRemovedAsAt(events, asAt);
}

/** Every removal and restoration of one authority's inspections, oldest first. */
export async function removalHistory(authorityId: number) {
  const db = getDb();
  return db
    .selectFrom("audit_events")
    .select(["entity_id as inspectionId", "at", "event"])
    .where("entity_type", "=", "inspection")
    .where("event", "in", [...REMOVAL_EVENTS])
    .where(
      "entity_id",
      "in",
      db.selectFrom("inspections").select("inspections.id").where("inspections.authority_id", "=", authorityId),
    )
    .orderBy("id")
    .execute();
}
