import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// What a board secretary needs to send a pack unchanged:
// - each authority's protective marking, printed in the header and footer of its Word files
//   ("OFFICIAL" unless a lead or administrator sets another);
// - an action's recovery date: the date its owner now expects it done, given when flagging it
//   off track or when it is overdue (the exceptions' "recovery date"; null when not given);
// - per board meeting, what its pack covers (inspections, sections, level of detail, order), the
//   lead's executive summary, and the lead's commentary on each exception.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .alterTable("authorities")
      .addColumn("protective_marking", "text", (c) => c.notNull().defaultTo("OFFICIAL"))
      .execute();
    await trx.schema.alterTable("actions").addColumn("recovery_date", "text").execute();

    // null: the open plans as at the pack's date; otherwise a JSON array of inspection ids.
    await trx.schema.alterTable("board_meetings").addColumn("pack_inspection_ids", "text").execute();
    // JSON array of section names; null: every section.
    await trx.schema.alterTable("board_meetings").addColumn("pack_sections", "text").execute();
    await trx.schema
      .alterTable("board_meetings")
      .addColumn("pack_detail", "text", (c) =>
        c
          .notNull()
          .defaultTo("full")
          .check(sql`pack_detail in ('summary', 'exceptions', 'full')`),
      )
      .execute();
    await trx.schema
      .alterTable("board_meetings")
      .addColumn("pack_order", "text", (c) =>
        c
          .notNull()
          .defaultTo("plan")
          .check(sql`pack_order in ('plan', 'rag', 'target')`),
      )
      .execute();
    await trx.schema
      .alterTable("board_meetings")
      .addColumn("executive_summary", "text", (c) => c.notNull().defaultTo(""))
      .execute();

    await trx.schema
      .createTable("board_meeting_commentary")
      .addColumn("meeting_id", "integer", (c) => c.notNull().references("board_meetings.id").onDelete("cascade"))
      .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id").onDelete("cascade"))
      .addColumn("commentary", "text", (c) => c.notNull())
      .addColumn("updated_by", "integer", (c) => c.references("users.id").onDelete("set null"))
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("board_meeting_commentary_pk", ["meeting_id", "action_id"])
      .execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropTable("board_meeting_commentary").execute();
    for (const column of ["executive_summary", "pack_order", "pack_detail", "pack_sections", "pack_inspection_ids"]) {
      await trx.schema.alterTable("board_meetings").dropColumn(column).execute();
    }
    await trx.schema.alterTable("actions").dropColumn("recovery_date").execute();
    await trx.schema.alterTable("authorities").dropColumn("protective_marking").execute();
  });
}
