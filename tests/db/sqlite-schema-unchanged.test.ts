import fs from "node:fs";
import path from "node:path";
import { FileMigrationProvider, Migrator, type Migration, type MigrationProvider } from "kysely";
import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../../db/client";

// Existing SQLite databases must never notice that the migrations learned PostgreSQL: the landed
// migrations, run on SQLite, must write exactly the schema they wrote before (every CREATE
// statement in sqlite_master, byte for byte). The snapshot was taken from main before the engine
// branch was added; it names the migrations it covers, so migrations landing later (written for
// both engines from the start) do not change what it checks.

interface Snapshot {
  migrations: string[];
  schema: { type: string; name: string; tbl_name: string; sql: string | null }[];
}

const snapshotFile = path.resolve(import.meta.dirname, "sqlite-schema.snapshot.json");
const migrationFolder = path.resolve(import.meta.dirname, "../../migrations");

class OnlyThese implements MigrationProvider {
  constructor(private readonly names: Set<string>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const all = await new FileMigrationProvider({ fs: fs.promises, path, migrationFolder }).getMigrations();
    return Object.fromEntries(Object.entries(all).filter(([name]) => this.names.has(name)));
  }
}

function readSchema(file: string): Snapshot["schema"] {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    return sqlite
      .prepare("select type, name, tbl_name, sql from sqlite_master order by type, name")
      .all() as Snapshot["schema"];
  } finally {
    sqlite.close();
  }
}

describe("SQLite schema of the landed migrations", () => {
  it("is byte for byte the schema main wrote before PostgreSQL", async () => {
    const snapshot = JSON.parse(fs.readFileSync(snapshotFile, "utf8")) as Snapshot;
    const dir = fs.mkdtempSync(path.join(path.resolve("tests/.tmp"), "schema-"));
    const file = path.join(dir, "schema.db");
    const db = openSqliteDatabase(file);
    try {
      const migrator = new Migrator({ db, provider: new OnlyThese(new Set(snapshot.migrations)) });
      const { error, results } = await migrator.migrateToLatest();
      expect(error).toBeUndefined();
      expect(results?.map((r) => r.migrationName)).toEqual(snapshot.migrations);
    } finally {
      await db.destroy();
    }
    try {
      expect(readSchema(file)).toEqual(snapshot.schema);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
