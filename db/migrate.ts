import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FileMigrationProvider, type Kysely, Migrator } from "kysely";
import { isPostgres } from "./engine/engine";
import { PostgresSchemaPlugin } from "./engine/schema";
import type { DB } from "./schema";

const migrationFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../migrations");

/**
 * Applies every migration not yet applied. On PostgreSQL the migrations run through
 * PostgresSchemaPlugin (column types and generated keys, db/engine/schema.ts), each in its own
 * transaction as on SQLite (every migration opens one; Kysely would otherwise wrap them all in
 * one more, which PostgreSQL cannot nest), and two servers starting at once take turns: Kysely
 * holds a PostgreSQL advisory lock on its connection while migrating (on SQLite, its lock row).
 */
export async function migrateToLatest(db: Kysely<DB>): Promise<void> {
  const postgres = isPostgres(db);
  const migrator = new Migrator({
    db: postgres ? db.withPlugin(new PostgresSchemaPlugin()) : db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder }),
    // Migrations written on parallel branches land in any order; each is still applied once.
    allowUnorderedMigrations: true,
    disableTransactions: postgres,
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === "Error") console.error(`migration failed: ${result.migrationName}`);
  }
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

async function main() {
  const { getDb, closeDb } = await import("./client");
  const { databaseLabel } = await import("./config");
  await migrateToLatest(getDb());
  console.log(`Database migrated: ${databaseLabel()}`);
  await closeDb();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
