import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, sql, SqliteDialect, type SqliteDatabase } from "kysely";
import pg from "pg";
import { databasePath, databaseUrl } from "./config";
import { isPostgres } from "./engine/engine";
import { SerialTransactionsPostgresDialect } from "./engine/locks";
import { SqliteNullOrderPlugin } from "./engine/ordering";
import { postgresTypes } from "./engine/types";
import type { DB } from "./schema";

/**
 * The data directory and database hold personal data (staff names and e-mail addresses, sessions,
 * evidence): only the account the server runs as may read them. The directory is created 0700 and
 * the database file 0600 before SQLite opens it; SQLite gives its -wal and -shm files the database
 * file's mode. Files left more open by an older version are tightened.
 */
export function prepareDatabaseFile(file: string): void {
  if (file === ":memory:" || file === "") return;
  const directory = path.dirname(file);
  if (!fs.existsSync(directory)) fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600));
  for (const suffix of ["", "-wal", "-shm"]) tighten(file + suffix, 0o600);
}

/** Removes group and other permissions from a file we own; anything else is left alone. */
export function tighten(file: string, mode: number): void {
  try {
    const stat = fs.statSync(file);
    if ((stat.mode & 0o077) !== 0 && stat.uid === process.getuid?.()) fs.chmodSync(file, mode);
  } catch {
    // Not there (yet), or not ours: nothing to tighten.
  }
}

/** The SQLite database in `file` (the default engine). */
export function openDatabase(file: string): Kysely<DB> {
  return openSqliteDatabase(file);
}

export function openSqliteDatabase(file: string): Kysely<DB> {
  prepareDatabaseFile(file);
  const sqlite = new SQLite(file);
  // Referential integrity is off by default in SQLite.
  sqlite.pragma("foreign_keys = ON");
  // Readers never block the single writer, and a crash mid-write cannot corrupt the file.
  sqlite.pragma("journal_mode = WAL");
  // Wait for a concurrent writer (a second process such as the reminders job) instead of failing at once.
  sqlite.pragma("busy_timeout = 5000");
  // Removed personal data (app/models/redaction.server.ts) must not linger in the file's free space.
  sqlite.pragma("secure_delete = ON");
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh; preparing (parsing and planning the SQL) cost as much as
 * running most of our queries. This keeps the most recently used prepared statements by their SQL
 * text. A statement still being iterated (busy) is never handed out twice: a fresh one is prepared.
 *
 * Kysely opens every transaction with a plain (deferred) BEGIN. With several server processes on
 * one file, a deferred transaction that has read and then writes fails at once with SQLITE_BUSY
 * if another process wrote in between (busy_timeout cannot help: its snapshot is stale). BEGIN
 * IMMEDIATE takes the write lock first, waiting up to busy_timeout for it, so a transaction's
 * reads and writes are one atomic step across processes too (the sign-in throttle relies on it).
 */
export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const sql = /^begin$/i.test(text) ? "begin immediate" : text;
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

/**
 * Copies the write-ahead log into the database file and empties it, so that old versions of
 * changed pages (which may hold text just removed) are no longer on disk. Best effort: while
 * another connection is reading, part of the log may have to wait for the next checkpoint.
 */
export async function checkpointAndTruncateLog(db: Kysely<DB> = getDb()): Promise<void> {
  // PostgreSQL keeps no such log in the app's hands: VACUUM and the server's own checkpoints reclaim it.
  if (isPostgres(db)) return;
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
}

/**
 * A PostgreSQL database through a pool of connections (DATABASE_POOL_SIZE, 10 by default, per
 * server process). An idle connection the server drops (restart, failover) is reported and
 * replaced on next use; it must not stop the process.
 */
export function openPostgresDatabase(url: string, options: { max?: number } = {}): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? (Number(process.env.DATABASE_POOL_SIZE) || 10),
    types: postgresTypes,
  });
  pool.on("error", (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  return new Kysely<DB>({
    dialect: new SerialTransactionsPostgresDialect({ pool }),
    plugins: [new SqliteNullOrderPlugin()],
  });
}

let instance: Kysely<DB> | undefined;

/** The one Kysely instance, opened on first use: PostgreSQL at DATABASE_URL, else SQLite at DATABASE_PATH. */
export function getDb(): Kysely<DB> {
  if (!instance) {
    const url = databaseUrl();
    instance = url ? openPostgresDatabase(url) : openSqliteDatabase(databasePath());
  }
  return instance;
}

export async function closeDb(): Promise<void> {
  await instance?.destroy();
  instance = undefined;
}
