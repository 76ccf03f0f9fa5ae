import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// A spreadsheet plan being imported lives here, on the server, instead of travelling in a hidden
// form field between the steps: the workbook as the reading worker read it (JSON, within the plan
// reader's limits), the inspection it is for, and the lead's choices (worksheet, heading row,
// columns, corrected cells, rows left out, people confirmed, whether starter actions are
// replaced). Later steps post only those choices, with the revision their page was made from; a
// stale tab is refused. A draft belongs to one user (and the authority they were in); it expires
// after a day.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("plan_import_drafts")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("authority_id", "integer", (c) => c.references("authorities.id").onDelete("cascade"))
      .addColumn("inspection_id", "integer", (c) => c.notNull().references("inspections.id").onDelete("cascade"))
      .addColumn("stage", "text", (c) => c.notNull().check(sql`stage in ('mapping', 'preview', 'imported')`))
      .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
      .addColumn("file_name", "text", (c) => c.notNull())
      .addColumn("format", "text", (c) => c.notNull().check(sql`format in ('xlsx', 'csv')`))
      .addColumn("workbook", "text")
      .addColumn("choices", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .execute();
    await trx.schema
      .createIndex("plan_import_drafts_user_id")
      .on("plan_import_drafts")
      .columns(["user_id", "expires_at"])
      .execute();
    await trx.schema
      .createIndex("plan_import_drafts_expires_at")
      .on("plan_import_drafts")
      .column("expires_at")
      .execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropTable("plan_import_drafts").execute();
  });
}
