import fs from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { openPostgresDatabase, openSqliteDatabase } from "../../db/client";
import type { DB } from "../../db/schema";
import { databaseUrlFor, dropDatabase, recreateDatabase, withAdmin } from "../setup/postgres";

// The browser suite runs its server on SQLite (the default) or, with E2E_ENGINE=postgres, on a
// fresh database in the PostgreSQL cluster at TEST_DATABASE_URL (tests/setup/postgres.sh). Tests
// that set up or read rows directly use this module, so they work on whichever engine the server
// uses; child scripts (db/setup.ts, tests/e2e/create-plan.ts, ...) get the same database through
// the ServerDatabase's environment variables.

export type E2EEngine = "sqlite" | "postgres";

/**
 * Where a server's database is, as the environment variables a server or script reads. SQLite:
 * DATABASE_URL is "" (so one set in the developer's shell is never picked up by accident).
 * PostgreSQL: DATABASE_PATH still names the data directory (for anything file-based).
 */
export interface ServerDatabase {
  DATABASE_PATH: string;
  DATABASE_URL: string;
}

export function e2eEngine(): E2EEngine {
  const chosen = process.env.E2E_ENGINE?.trim().toLowerCase() ?? "";
  if (chosen === "" || chosen === "sqlite") return "sqlite";
  if (chosen === "postgres" || chosen === "postgresql") return "postgres";
  throw new Error(`E2E_ENGINE must be "sqlite" or "postgres", not "${process.env.E2E_ENGINE}"`);
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL?.trim();
  if (!url) {
    throw new Error(
      'E2E_ENGINE=postgres needs TEST_DATABASE_URL, a PostgreSQL cluster to create the test database in: eval "$(bash tests/setup/postgres.sh start)"',
    );
  }
  return url;
}

/**
 * A fresh, empty database for a server, in the folder `dataDirectory` (created if missing): an
 * SQLite file there, or on PostgreSQL a new database named `name` (any earlier one of that name is
 * dropped first). `drop` removes the PostgreSQL database; the folder is the caller's to remove.
 */
export async function createServerDatabase(
  dataDirectory: string,
  name: string,
  engine: E2EEngine = e2eEngine(),
): Promise<{ database: ServerDatabase; drop: () => Promise<void> }> {
  fs.mkdirSync(dataDirectory, { recursive: true });
  const file = path.join(dataDirectory, "followthrough.db");
  if (engine === "sqlite") return { database: { DATABASE_PATH: file, DATABASE_URL: "" }, drop: async () => {} };
  const admin = adminUrl();
  const databaseName = `followthrough_e2e_${name}_${process.pid}`.replace(/[^a-z0-9_]/gi, "_").toLowerCase();
  await withAdmin(admin, (client) => recreateDatabase(client, databaseName));
  return {
    database: { DATABASE_PATH: file, DATABASE_URL: databaseUrlFor(admin, databaseName) },
    drop: () => withAdmin(admin, (client) => dropDatabase(client, databaseName)),
  };
}

/** A Kysely on the server's database, whichever the engine. Destroy it when done (or use withDatabase). */
export function openServerDatabase(database: ServerDatabase): Kysely<DB> {
  if (database.DATABASE_URL) return openPostgresDatabase(database.DATABASE_URL, { max: 2 });
  // Never create an empty file where the server's database should be.
  if (!fs.existsSync(database.DATABASE_PATH)) throw new Error(`No database at ${database.DATABASE_PATH}`);
  return openSqliteDatabase(database.DATABASE_PATH);
}

export async function withDatabase<T>(database: ServerDatabase, work: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  const db = openServerDatabase(database);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}
