import type { Kysely } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// Ofsted's dated contacts with an authority between inspections: monitoring visits (after an
// Inadequate judgement, each with a published letter) and annual engagement meetings (every
// authority, with a note or letter). The letter is stored like an evidence file, by the SHA-256 of
// its content. A lead removes an event recorded in error with a reason: the row stays.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("inspection_events")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id"))
      // monitoring_visit | annual_engagement
      .addColumn("kind", "text", (c) => c.notNull())
      // The first (or only) day, and the last day of a visit over several days (null: one day).
      .addColumn("event_date", "text", (c) => c.notNull())
      .addColumn("end_date", "text")
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("summary", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("letter_sha256", "text")
      .addColumn("letter_name", "text")
      .addColumn("letter_size", "integer")
      .addColumn("letter_type", "text")
      .addColumn("created_by", "integer", (c) => c.references("users.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_by", "integer", (c) => c.references("users.id"))
      .addColumn("updated_at", "text")
      .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
      .addColumn("removed_at", "text")
      .addColumn("removed_by", "integer", (c) => c.references("users.id"))
      .addColumn("removed_reason", "text")
      .execute();
    await trx.schema
      .createIndex("inspection_events_by_authority")
      .on("inspection_events")
      .columns(["authority_id", "event_date"])
      .execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropTable("inspection_events").execute();
  });
}
