import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// The lead's working copy of a report being imported lives here, on the server, instead of
// travelling in hidden form fields: the upload (until a worker has read it), the text and what the
// parser found, the recommendations as the lead has corrected them, and a revision that every
// change moves on, so a form from a stale tab is refused rather than silently overwriting.
// A draft belongs to one user (and the authority they were in); it expires after a week.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("import_drafts")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("authority_id", "integer", (c) => c.references("authorities.id").onDelete("cascade"))
      .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('reading', 'ready', 'failed', 'imported')`))
      .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
      .addColumn("source_kind", "text", (c) => c.notNull().check(sql`source_kind in ('file', 'text')`))
      .addColumn("file_name", "text")
      .addColumn("upload", "blob")
      .addColumn("read_attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("failure", "text")
      .addColumn("format", "text")
      .addColumn("text", "text")
      .addColumn("content_hash", "text")
      .addColumn("details", "text")
      .addColumn("items", "text")
      .addColumn("choices", "text")
      .addColumn("next_key", "integer", (c) => c.notNull().defaultTo(1))
      .addColumn("inspection_id", "integer", (c) => c.references("inspections.id").onDelete("set null"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .execute();
    await trx.schema
      .createIndex("import_drafts_user_id")
      .on("import_drafts")
      .columns(["user_id", "expires_at"])
      .execute();
    await trx.schema.createIndex("import_drafts_expires_at").on("import_drafts").column("expires_at").execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropTable("import_drafts").execute();
  });
}
