import path from "node:path";

/** Where the SQLite file lives; everything else the app writes sits beside it. */
export function databasePath(): string {
  return path.resolve(process.env.DATABASE_PATH ?? "data/followthrough.db");
}

export function dataDirectory(): string {
  return path.dirname(databasePath());
}

export type Engine = "sqlite" | "postgres";

/**
 * The PostgreSQL server to use, from DATABASE_URL (postgres://user:password@host:port/database, or
 * ?host=/socket/folder for a Unix socket). Unset or empty: the SQLite file at DATABASE_PATH, the
 * default. Any other scheme is refused rather than silently ignored.
 */
export function databaseUrl(): string | null {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) return null;
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new Error("DATABASE_URL must be a PostgreSQL URL (postgres://...); unset it to use SQLite (DATABASE_PATH)");
  }
  return url;
}

export function databaseEngine(): Engine {
  return databaseUrl() ? "postgres" : "sqlite";
}

/** Where the database is, for messages: the SQLite file, or the PostgreSQL server and database without password. */
export function databaseLabel(): string {
  const url = databaseUrl();
  if (!url) return databasePath();
  try {
    const parsed = new URL(url);
    const socket = parsed.searchParams.get("host");
    return `PostgreSQL ${socket ?? parsed.host}${parsed.pathname}`;
  } catch {
    return "PostgreSQL";
  }
}
