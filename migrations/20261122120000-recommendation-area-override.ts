import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// Each recommendation is placed under a current ILACS judgement area by a rule (from its section
// and wording, computed, not stored). A lead may disagree: the override, who set it and when are
// kept here; clearing it returns the recommendation to the rule. Changes are audited.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .alterTable("recommendations")
      .addColumn("area_override", "text", (c) =>
        c.check(sql`area_override in ('help_and_protection', 'children_in_care', 'care_leavers', 'leaders')`),
      )
      .execute();
    await trx.schema
      .alterTable("recommendations")
      .addColumn("area_override_by", "integer", (c) => c.references("users.id").onDelete("set null"))
      .execute();
    await trx.schema.alterTable("recommendations").addColumn("area_override_at", "text").execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("recommendations").dropColumn("area_override_at").execute();
    await trx.schema.alterTable("recommendations").dropColumn("area_override_by").execute();
    await trx.schema.alterTable("recommendations").dropColumn("area_override").execute();
  });
}
