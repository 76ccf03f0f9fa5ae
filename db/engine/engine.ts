import { type Kysely, PostgresAdapter, SqliteAdapter } from "kysely";
import type { Engine } from "../config";

// Which engine a Kysely instance (or a migration's transaction) talks to, read from its dialect's
// adapter: migrations receive only the instance, and must not read the environment (a test migrates
// an SQLite file while the suite itself runs on PostgreSQL).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database's instance
type AnyKysely = Kysely<any>;

export function engineOf(db: AnyKysely): Engine {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return "postgres";
  if (adapter instanceof SqliteAdapter) return "sqlite";
  // Two copies of Kysely loaded side by side (a bundler): fall back to the class name.
  const name = adapter.constructor.name;
  if (name === "PostgresAdapter") return "postgres";
  if (name === "SqliteAdapter") return "sqlite";
  throw new Error(`Unsupported database adapter: ${name}`);
}

export const isPostgres = (db: AnyKysely): boolean => engineOf(db) === "postgres";
