import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// Board meetings and their packs. When a meeting is marked held, its pack is built once as at
// the meeting date and every format's bytes are stored here, so the pack the board saw can be
// downloaded again unchanged however the plan moves on afterwards.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("board_meetings")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id").onDelete("cascade"))
      .addColumn("board_name", "text", (c) => c.notNull())
      .addColumn("meeting_date", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) =>
        c
          .notNull()
          .defaultTo("planned")
          .check(sql`status in ('planned', 'held')`),
      )
      .addColumn("held_at", "text")
      .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await trx.schema
      .createIndex("board_meetings_authority_date")
      .on("board_meetings")
      .columns(["authority_id", "meeting_date"])
      .execute();

    await trx.schema
      .createTable("board_pack_files")
      .addColumn("meeting_id", "integer", (c) => c.notNull().references("board_meetings.id").onDelete("cascade"))
      .addColumn("format", "text", (c) => c.notNull().check(sql`format in ('docx', 'xlsx', 'csv', 'json')`))
      .addColumn("bytes", "blob", (c) => c.notNull())
      .addColumn("sha256", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addUniqueConstraint("board_pack_files_meeting_format", ["meeting_id", "format"])
      .execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropTable("board_pack_files").execute();
    await trx.schema.dropTable("board_meetings").execute();
  });
}
