import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { databasePath } from "./config";
import type { DB } from "./schema";

export function openDatabase(file: string): Kysely<DB> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // Referential integrity is off by default in SQLite.
  sqlite.pragma("foreign_keys = ON");
  // Readers never block the single writer, and a crash mid-write cannot corrupt the file.
  sqlite.pragma("journal_mode = WAL");
  // Wait for a concurrent writer (a second process such as the reminders job) instead of failing at once.
  sqlite.pragma("busy_timeout = 5000");
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
}

let instance: Kysely<DB> | undefined;

/** The one Kysely instance, opened on first use at DATABASE_PATH. */
export function getDb(): Kysely<DB> {
  instance ??= openDatabase(databasePath());
  return instance;
}

export async function closeDb(): Promise<void> {
  await instance?.destroy();
  instance = undefined;
}
