import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, type SqliteDatabase } from "kysely";
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
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh; preparing (parsing and planning the SQL) cost as much as
 * running most of our queries. This keeps the most recently used prepared statements by their SQL
 * text. A statement still being iterated (busy) is never handed out twice: a fresh one is prepared.
 */
export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) {
        // Most recently used last, so the oldest is evicted first.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (!cached) {
        statements.set(sql, statement);
        if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      return statement;
    },
  };
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
