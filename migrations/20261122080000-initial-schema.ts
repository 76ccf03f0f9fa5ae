import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("authorities")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("name", "text", (c) => c.notNull().unique())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();

    await trx.schema
      .createTable("users")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("email", "text", (c) => c.notNull().unique())
      .addColumn("role", "text", (c) =>
        c.notNull().check(sql`role in ('admin', 'improvement_lead', 'service_manager', 'board_member')`),
      )
      .addColumn("authority_id", "integer", (c) => c.references("authorities.id"))
      .addColumn("password_hash", "text", (c) => c.notNull())
      .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();

    await trx.schema
      .createTable("sessions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .execute();
    await trx.schema.createIndex("sessions_user_id").on("sessions").column("user_id").execute();

    await trx.schema
      .createTable("inspections")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id"))
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("inspection_start", "text")
      .addColumn("inspection_end", "text")
      .addColumn("published", "text")
      .addColumn("basis_kind", "text", (c) =>
        c.notNull().check(sql`basis_kind in ('publication', 'received', 'inspection_end')`),
      )
      .addColumn("basis_date", "text")
      .addColumn("source_file_name", "text")
      .addColumn("content_hash", "text", (c) => c.notNull().unique())
      .addColumn("extracted_text", "text", (c) => c.notNull())
      .addColumn("imported_by", "integer", (c) => c.references("users.id"))
      .addColumn("imported_at", "text", (c) => c.notNull())
      .execute();
    await trx.schema.createIndex("inspections_authority_id").on("inspections").column("authority_id").execute();

    await trx.schema
      .createTable("judgements")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("inspection_id", "integer", (c) => c.notNull().references("inspections.id"))
      .addColumn("section", "text")
      .addColumn("area", "text", (c) => c.notNull())
      .addColumn("grade", "text", (c) => c.notNull())
      .addColumn("position", "integer", (c) => c.notNull())
      .execute();
    await trx.schema.createIndex("judgements_inspection_id").on("judgements").column("inspection_id").execute();

    await trx.schema
      .createTable("recommendations")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("inspection_id", "integer", (c) => c.notNull().references("inspections.id"))
      .addColumn("reference", "text", (c) => c.notNull())
      .addColumn("section", "text")
      .addColumn("timescale", "text", (c) =>
        c.check(sql`timescale is null or timescale in ('immediately', 'three_months', 'six_months')`),
      )
      .addColumn("heading", "text")
      .addColumn("priority", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("text", "text", (c) => c.notNull())
      .addColumn("agencies", "text", (c) => c.notNull().defaultTo("[]"))
      .addColumn("paragraph_number", "text")
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("source_line", "integer")
      .addColumn("due_date", "text")
      .addColumn("due_date_rule", "text", (c) => c.notNull())
      .addUniqueConstraint("recommendations_inspection_reference", ["inspection_id", "reference"])
      .execute();

    await trx.schema
      .createTable("actions")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("recommendation_id", "integer", (c) => c.notNull().references("recommendations.id"))
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("owner_id", "integer", (c) => c.references("users.id"))
      .addColumn("target_date", "text")
      .addColumn("baseline_target_date", "text")
      .addColumn("status", "text", (c) =>
        c.notNull().check(sql`status in ('not_started', 'in_progress', 'awaiting_sign_off', 'signed_off')`),
      )
      .addColumn("risk_flag", "text", (c) => c.check(sql`risk_flag is null or risk_flag in ('at_risk', 'off_track')`))
      .addColumn("risk_reason", "text")
      .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await trx.schema.createIndex("actions_recommendation_id").on("actions").column("recommendation_id").execute();
    await trx.schema.createIndex("actions_owner_id").on("actions").column("owner_id").execute();
    await trx.schema
      .createIndex("actions_status_target_date")
      .on("actions")
      .columns(["status", "target_date"])
      .execute();

    await trx.schema
      .createTable("progress_updates")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id"))
      .addColumn("author_id", "integer", (c) => c.references("users.id"))
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await trx.schema.createIndex("progress_updates_action_id").on("progress_updates").column("action_id").execute();

    await trx.schema
      .createTable("evidence")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id"))
      .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('note', 'link')`))
      .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('completion', 'impact')`))
      .addColumn("description", "text", (c) => c.notNull())
      .addColumn("url", "text")
      .addColumn("evidence_date", "text")
      .addColumn("added_by", "integer", (c) => c.references("users.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await trx.schema.createIndex("evidence_action_id").on("evidence").column("action_id").execute();

    await trx.schema
      .createTable("target_date_changes")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("action_id", "integer", (c) => c.notNull().references("actions.id"))
      .addColumn("from_date", "text")
      .addColumn("to_date", "text")
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("changed_by", "integer", (c) => c.references("users.id"))
      .addColumn("changed_at", "text", (c) => c.notNull())
      .execute();
    await trx.schema
      .createIndex("target_date_changes_action_id")
      .on("target_date_changes")
      .column("action_id")
      .execute();

    await trx.schema
      .createTable("audit_events")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("user_id", "integer", (c) => c.references("users.id"))
      .addColumn("authority_id", "integer", (c) => c.references("authorities.id"))
      .addColumn("entity_type", "text", (c) => c.notNull())
      .addColumn("entity_id", "integer", (c) => c.notNull())
      .addColumn("event", "text", (c) => c.notNull())
      .addColumn("before", "text")
      .addColumn("after", "text")
      .execute();
    await trx.schema
      .createIndex("audit_events_entity")
      .on("audit_events")
      .columns(["entity_type", "entity_id"])
      .execute();

    await trx.schema
      .createTable("settings")
      .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn("immediate_grace_days", "integer", (c) => c.notNull())
      .addColumn("amber_window_days", "integer", (c) => c.notNull())
      .execute();
    await trx
      .insertInto("settings" as never)
      .values({ id: 1, immediate_grace_days: 28, amber_window_days: 14 } as never)
      .execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of [
      "settings",
      "audit_events",
      "target_date_changes",
      "evidence",
      "progress_updates",
      "actions",
      "recommendations",
      "judgements",
      "inspections",
      "sessions",
      "users",
      "authorities",
    ]) {
      await trx.schema.dropTable(table).execute();
    }
  });
}
