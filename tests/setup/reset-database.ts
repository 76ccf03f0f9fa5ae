import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema";

const keep = new Set(["settings", "kysely_migration", "kysely_migration_lock", "sqlite_sequence"]);

/**
 * Empties every table (settings back to defaults) so each test starts from a known state.
 * Triggers that guard rows (audit_events refuses DELETE) are dropped while emptying and put back
 * exactly as the migrations created them.
 */
export async function resetDatabase(db: Kysely<DB>): Promise<void> {
  const tables = await db.introspection.getTables();
  const triggers = (
    await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger'`.execute(db)
  ).rows;
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      for (const trigger of triggers) await sql`DROP TRIGGER ${sql.id(trigger.name)}`.execute(trx);
      for (const table of tables) {
        if (keep.has(table.name)) continue;
        await sql`DELETE FROM ${sql.table(table.name)}`.execute(trx);
      }
      for (const trigger of triggers) await sql.raw(trigger.sql).execute(trx);
    });
    await db.updateTable("settings").set({ immediate_grace_days: 28, amber_window_days: 14 }).execute();
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}
