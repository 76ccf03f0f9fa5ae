import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// Indexes for the progress pages at scale (npm run bench; ~100k actions in 150 authorities):
// - open actions by target date, covering what the overdue and due-soon list needs to count and
//   order them (status, target date, withdrawn, recommendation, owner), so an administrator's overdue
//   page reads the index instead of every action row;
// - each recommendation's actions with the columns progress counts use, so the dashboard's
//   per-authority counts never read the action rows (titles, descriptions) themselves.
// ANALYZE gives the planner row counts to choose between an authority's actions and the
// target-date range.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createIndex("actions_open_by_target_date")
      .on("actions")
      .columns(["status", "target_date", "withdrawn_at", "recommendation_id", "owner_id"])
      .execute();
    await trx.schema
      .createIndex("actions_recommendation_progress")
      .on("actions")
      .columns(["recommendation_id", "withdrawn_at", "status", "target_date", "risk_flag"])
      .execute();
    await sql`analyze`.execute(trx);
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("actions_recommendation_progress").execute();
  await db.schema.dropIndex("actions_open_by_target_date").execute();
}
