import type { Kysely } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// A recommendation's section is read from the report by the reader, or chosen by a lead (in the
// import preview, or corrected after import). A section the lead chose decides the readiness area
// over the recommendation's wording (app/domain/readiness-areas.ts); one merely read does not.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .alterTable("recommendations")
      .addColumn("section_set_by_lead", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("recommendations").dropColumn("section_set_by_lead").execute();
  });
}
