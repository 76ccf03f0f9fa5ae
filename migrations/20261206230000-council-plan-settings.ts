import type { Kysely } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
//
// The amber window and the grace days for "immediately" belong to each council: a council may set
// its own; null keeps the default in the settings row, which administrators set.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("authorities").addColumn("amber_window_days", "integer").execute();
    await trx.schema.alterTable("authorities").addColumn("immediate_grace_days", "integer").execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema.alterTable("authorities").dropColumn("immediate_grace_days").execute();
    await trx.schema.alterTable("authorities").dropColumn("amber_window_days").execute();
  });
}
