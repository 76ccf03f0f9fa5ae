import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema";

const keep = new Set(["settings", "kysely_migration", "kysely_migration_lock", "sqlite_sequence"]);

/** Empties every table (settings back to defaults) so each test starts from a known state. */
export async function resetDatabase(db: Kysely<DB>): Promise<void> {
  const tables = await db.introspection.getTables();
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  for (const table of tables) {
    if (keep.has(table.name)) continue;
    await sql`DELETE FROM ${sql.table(table.name)}`.execute(db);
  }
  await db.updateTable("settings").set({ immediate_grace_days: 28, amber_window_days: 14 }).execute();
  await sql`PRAGMA foreign_keys = ON`.execute(db);
}
