import { type Kysely, sql } from "kysely";
import { isPostgres } from "../../db/engine/engine";
import type { DB } from "../../db/schema";

const keep = new Set(["settings", "kysely_migration", "kysely_migration_lock", "sqlite_sequence"]);

/**
 * Empties every table (settings back to defaults) so each test starts from a known state.
 * SQLite: triggers that guard rows (audit_events refuses DELETE) are dropped while emptying and put
 * back exactly as the migrations created them. PostgreSQL: one TRUNCATE of every table, with the
 * guards that refuse TRUNCATE disabled for that transaction only. Ids carry on from where they were
 * (CONTINUE IDENTITY), as SQLite's AUTOINCREMENT does (sqlite_sequence is kept): a test that looks
 * up an audit event by entity id alone must not find another table's row 1 from the same test.
 */
export async function resetDatabase(db: Kysely<DB>): Promise<void> {
  if (isPostgres(db)) await resetPostgres(db);
  else await resetSqlite(db);
  await db.updateTable("settings").set({ immediate_grace_days: 28, amber_window_days: 14 }).execute();
}

async function resetPostgres(db: Kysely<DB>): Promise<void> {
  const tables = (
    await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db)
  ).rows
    .map((t) => t.name)
    .filter((name) => !keep.has(name));
  if (tables.length === 0) throw new Error("resetDatabase: no tables found (is the database migrated?)");
  await db.transaction().execute(async (trx) => {
    const guards = (
      await sql<{ name: string; table: string }>`
        select tgname as name, tgrelid::regclass::text as table from pg_trigger
        where not tgisinternal and tgname like '%\\_no\\_truncate'`.execute(trx)
    ).rows;
    for (const g of guards) await sql`alter table ${sql.id(g.table)} disable trigger ${sql.id(g.name)}`.execute(trx);
    await sql`truncate table ${sql.join(tables.map((t) => sql.id(t)))} continue identity cascade`.execute(trx);
    for (const g of guards) await sql`alter table ${sql.id(g.table)} enable trigger ${sql.id(g.name)}`.execute(trx);
  });
}

async function resetSqlite(db: Kysely<DB>): Promise<void> {
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
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}
