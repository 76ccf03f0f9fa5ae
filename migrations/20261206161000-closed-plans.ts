import type { Kysely } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// A plan (an inspection's actions) is closed when every action is signed off or withdrawn, or when
// a newer inspection supersedes it: it then leaves today's dashboards, lists and board pack and
// stays in the history, readiness and the plan "as at" an earlier date. A lead may reopen it.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("inspections").addColumn("closed_at", "text").execute();
    await trx.schema
      .alterTable("inspections")
      .addColumn("closed_by", "integer", (c) => c.references("users.id"))
      .execute();
    await trx.schema.alterTable("inspections").addColumn("closed_reason", "text").execute();
    await trx.schema
      .alterTable("inspections")
      .addColumn("superseded_by", "integer", (c) => c.references("inspections.id"))
      .execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const column of ["superseded_by", "closed_reason", "closed_by", "closed_at"]) {
      await trx.schema.alterTable("inspections").dropColumn(column).execute();
    }
  });
}
