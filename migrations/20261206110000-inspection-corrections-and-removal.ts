import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// Correcting an inspection and its recommendations after import, and removing an inspection
// imported in error:
// - inspections.received: the date the council received the report, typed by the lead (ILACS
//   PDFs print no publication date; the statement-of-action clock runs from receipt). Backfilled
//   from the basis date where the lead chose "date received" at import.
// - inspections.removed_at / removed_by / removed_reason: an inspection imported in error leaves
//   the plan but keeps every row (history, the audit log, "as at" boards before the removal); an
//   administrator can restore it. Its content_hash is prefixed while removed (see db/schema.ts).
// - inspections.version, recommendations.version: optimistic-concurrency counters for the
//   correction forms, as actions.version is for the action page.
// - recommendations.extracted_text: the text as the report reader extracted it, kept when the
//   text is first corrected (null while it never was: the text is then as extracted).
// The tables are already watched by the change-token triggers (20261122124000, 20261122170000):
// every update of these columns renews the plan's and the authority's tokens.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("inspections").addColumn("received", "text").execute();
    await trx.schema.alterTable("inspections").addColumn("removed_at", "text").execute();
    await trx.schema
      .alterTable("inspections")
      .addColumn("removed_by", "integer", (c) => c.references("users.id").onDelete("set null"))
      .execute();
    await trx.schema.alterTable("inspections").addColumn("removed_reason", "text").execute();
    await trx.schema
      .alterTable("inspections")
      .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
      .execute();
    await trx.schema.alterTable("recommendations").addColumn("extracted_text", "text").execute();
    await trx.schema
      .alterTable("recommendations")
      .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
      .execute();
    await sql`update inspections set received = basis_date where basis_kind = 'received' and basis_date is not null`.execute(
      trx,
    );
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("recommendations").dropColumn("version").execute();
    await trx.schema.alterTable("recommendations").dropColumn("extracted_text").execute();
    await trx.schema.alterTable("inspections").dropColumn("version").execute();
    await trx.schema.alterTable("inspections").dropColumn("removed_reason").execute();
    await trx.schema.alterTable("inspections").dropColumn("removed_by").execute();
    await trx.schema.alterTable("inspections").dropColumn("removed_at").execute();
    await trx.schema.alterTable("inspections").dropColumn("received").execute();
  });
}
