import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .alterTable("actions")
      .addColumn("sequence", "integer", (c) => c.notNull().defaultTo(1))
      .execute();
    await trx.schema.alterTable("actions").addColumn("partner_agency", "text").execute();
    await trx.schema
      .alterTable("actions")
      .addColumn("success_measure", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await trx.schema.alterTable("actions").addColumn("withdrawn_at", "text").execute();
    await trx.schema.alterTable("actions").addColumn("withdrawn_reason", "text").execute();
    // Existing actions are numbered in the order they were created within their recommendation.
    await sql`update actions set sequence = (
      select count(*) from actions as earlier
      where earlier.recommendation_id = actions.recommendation_id and earlier.id <= actions.id
    )`.execute(trx);
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const column of ["withdrawn_reason", "withdrawn_at", "success_measure", "partner_agency", "sequence"]) {
      await trx.schema.alterTable("actions").dropColumn(column).execute();
    }
  });
}
