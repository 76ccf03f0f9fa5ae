import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FileMigrationProvider, type Kysely, Migrator } from "kysely";
import type { DB } from "./schema";

const migrationFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../migrations");

export async function migrateToLatest(db: Kysely<DB>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder }),
    // Migrations written on parallel branches land in any order; each is still applied once.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === "Error") console.error(`migration failed: ${result.migrationName}`);
  }
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

async function main() {
  const { getDb, closeDb } = await import("./client");
  const { databasePath } = await import("./config");
  await migrateToLatest(getDb());
  console.log(`Database migrated: ${databasePath()}`);
  await closeDb();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
