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

/**
 * Where evidence files and visit letters are kept (app/utils/evidence-store.server.ts).
 * SQLite: always `<data directory>/evidence`, as every installation has had it.
 * PostgreSQL: in the database by default (FILE_STORE unset or `database`), so every app server
 * reaches them and a database backup holds them; or FILE_STORE=directory with FILE_STORE_DIR, a
 * folder every server mounts (NFS, for example). `shared` marks that folder: it must already exist,
 * since creating it would quietly write to one server's own disk when the mount is missing.
 * A setting that cannot be honoured is refused with a message rather than ignored.
 */
export type FileStoreSetting = { kind: "database" } | { kind: "directory"; root: string; shared: boolean };

export function fileStoreSetting(
  engine: Engine = databaseEngine(),
  env: Record<string, string | undefined> = process.env,
): FileStoreSetting {
  const choice = env.FILE_STORE?.trim() ?? "";
  const directory = env.FILE_STORE_DIR?.trim() ?? "";
  if (choice !== "" && choice !== "database" && choice !== "directory") {
    throw new Error(`FILE_STORE must be "database" or "directory" (got "${choice}")`);
  }
  if (engine === "sqlite") {
    if (choice !== "" || directory !== "") {
      throw new Error(
        "FILE_STORE and FILE_STORE_DIR apply to PostgreSQL (DATABASE_URL) only: with SQLite, evidence files are kept in the data directory. Unset them.",
      );
    }
    return { kind: "directory", root: path.join(dataDirectory(), "evidence"), shared: false };
  }
  if (choice === "directory") {
    if (!directory) throw new Error("FILE_STORE=directory needs FILE_STORE_DIR: a folder every app server mounts");
    return { kind: "directory", root: path.resolve(directory), shared: true };
  }
  if (directory)
    throw new Error(
      'FILE_STORE_DIR is set but FILE_STORE is not "directory": set FILE_STORE=directory to use it, or unset FILE_STORE_DIR',
    );
  return { kind: "database" };
}
