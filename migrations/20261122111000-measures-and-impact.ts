import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// Evidence of impact. Measures are an authority's performance indicators (with a baseline, a
// target and values by period against statistical neighbours and England), linked to the
// recommendations they show the impact of. Impact judgements are the lead's view of whether a
// recommendation is making a difference, kept as an append-only history: the latest is current.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("measures")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("authority_id", "integer", (c) => c.notNull().references("authorities.id").onDelete("cascade"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("unit", "text", (c) => c.notNull())
      .addColumn("higher_is_better", "integer", (c) => c.notNull().check(sql`higher_is_better in (0, 1)`))
      .addColumn("baseline_value", "real")
      .addColumn("baseline_period", "text")
      .addColumn("target_value", "real")
      .addColumn("target_period", "text")
      .addColumn("notes", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await trx.schema.createIndex("measures_authority_id").on("measures").column("authority_id").execute();

    await trx.schema
      .createTable("measure_values")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("measure_id", "integer", (c) => c.notNull().references("measures.id").onDelete("cascade"))
      .addColumn("period", "text", (c) => c.notNull())
      .addColumn("period_end", "text", (c) => c.notNull())
      .addColumn("value", "real", (c) => c.notNull())
      .addColumn("statistical_neighbours", "real")
      .addColumn("england", "real")
      .addColumn("source", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("recorded_by", "integer", (c) => c.references("users.id").onDelete("set null"))
      .addColumn("recorded_at", "text", (c) => c.notNull())
      // One value per measure and period; a correction replaces it (and is audited).
      .addUniqueConstraint("measure_values_measure_period_end", ["measure_id", "period_end"])
      .execute();

    await trx.schema
      .createTable("measure_recommendations")
      .addColumn("measure_id", "integer", (c) => c.notNull().references("measures.id").onDelete("cascade"))
      .addColumn("recommendation_id", "integer", (c) =>
        c.notNull().references("recommendations.id").onDelete("cascade"),
      )
      .addPrimaryKeyConstraint("measure_recommendations_pk", ["measure_id", "recommendation_id"])
      .execute();
    await trx.schema
      .createIndex("measure_recommendations_recommendation_id")
      .on("measure_recommendations")
      .column("recommendation_id")
      .execute();

    await trx.schema
      .createTable("impact_judgements")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("recommendation_id", "integer", (c) =>
        c.notNull().references("recommendations.id").onDelete("cascade"),
      )
      .addColumn("level", "text", (c) => c.notNull().check(sql`level in ('none', 'emerging', 'strong')`))
      .addColumn("rationale", "text", (c) => c.notNull())
      .addColumn("judged_by", "integer", (c) => c.references("users.id").onDelete("set null"))
      .addColumn("judged_at", "text", (c) => c.notNull())
      .execute();
    await trx.schema
      .createIndex("impact_judgements_recommendation_id")
      .on("impact_judgements")
      .columns(["recommendation_id", "judged_at"])
      .execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.dropTable("impact_judgements").execute();
    await trx.schema.dropTable("measure_recommendations").execute();
    await trx.schema.dropTable("measure_values").execute();
    await trx.schema.dropTable("measures").execute();
  });
}
