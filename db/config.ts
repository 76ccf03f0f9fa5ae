import path from "node:path";

/** Where the SQLite file lives; everything else the app writes sits beside it. */
export function databasePath(): string {
  return path.resolve(process.env.DATABASE_PATH ?? "data/followthrough.db");
}

export function dataDirectory(): string {
  return path.dirname(databasePath());
}
