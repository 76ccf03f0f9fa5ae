import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { type Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb, openSqliteDatabase } from "../../db/client";
import { isPostgres } from "../../db/engine/engine";
import { migrateToLatest } from "../../db/migrate";
import type { DB } from "../../db/schema";

// The same migrations must give the same schema on both engines: a fresh SQLite file and this file's
// PostgreSQL database (copied from the migrated template) are read back and compared table by
// table: columns with their (normalised) types, nullability, defaults and generated keys; primary
// keys; indexes with their columns, uniqueness and partial condition; foreign keys with their
// ON DELETE; and triggers. Migrations landing later are checked the moment they land. Runs when
// the suite runs on PostgreSQL (TEST_DATABASE_URL); on SQLite alone there is nothing to compare.

interface Column {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
  generated: boolean;
}
interface Index {
  name: string | null;
  columns: string[];
  unique: boolean;
  partial: boolean;
}
interface ForeignKey {
  columns: string[];
  references: string;
  referencedColumns: string[];
  onDelete: string;
}
interface Table {
  columns: Column[];
  primaryKey: string[];
  indexes: Index[];
  foreignKeys: ForeignKey[];
  triggers: string[];
}
type Schema = Record<string, Table>;

const INTERNAL = /^(sqlite_|kysely_)/;

/** SQLite's declared types: INTEGER is 64-bit, REAL an 8-byte float. */
const SQLITE_TYPES: Record<string, string> = { integer: "integer", real: "double", blob: "bytes", text: "text" };
/** PostgreSQL's: bigint (change tokens) is SQLite's INTEGER too; its `real` is a 4-byte float, which SQLite has not. */
const POSTGRES_TYPES: Record<string, string> = {
  integer: "integer",
  bigint: "integer",
  "double precision": "double",
  bytea: "bytes",
  text: "text",
};

/** Literal defaults without PostgreSQL's casts: `'[]'::text` is `'[]'`. */
function normaliseDefault(value: string | null): string | null {
  if (value === null) return null;
  return value.replace(/::[a-z ]+$/i, "");
}

const sorted = <T>(list: T[]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

function readSqlite(file: string): Schema {
  const db = new SQLite(file, { readonly: true });
  try {
    const schema: Schema = {};
    const tables = db.prepare("select name, sql from sqlite_master where type = 'table' order by name").all() as {
      name: string;
      sql: string;
    }[];
    for (const { name, sql: createSql } of tables) {
      if (INTERNAL.test(name)) continue;
      const info = db.prepare(`pragma table_info(${JSON.stringify(name)})`).all() as {
        name: string;
        type: string;
        notnull: number;
        dflt_value: string | null;
        pk: number;
      }[];
      const primaryKey = info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      const columns = info.map((c) => ({
        name: c.name,
        type: SQLITE_TYPES[c.type.toLowerCase()] ?? c.type,
        notNull: c.notnull === 1 || c.pk > 0,
        default: c.dflt_value,
        generated: new RegExp(`"?${c.name}"?\\s+integer\\s+primary key\\s+autoincrement`, "i").test(createSql),
      }));
      const indexes = (
        db.prepare(`pragma index_list(${JSON.stringify(name)})`).all() as {
          name: string;
          unique: number;
          origin: string;
          partial: number;
        }[]
      )
        .filter((i) => i.origin !== "pk")
        .map((i) => ({
          name: i.origin === "c" ? i.name : null,
          columns: (db.prepare(`pragma index_info(${JSON.stringify(i.name)})`).all() as { name: string }[]).map(
            (c) => c.name,
          ),
          unique: i.unique === 1,
          partial: i.partial === 1,
        }));
      const keys = db.prepare(`pragma foreign_key_list(${JSON.stringify(name)})`).all() as {
        id: number;
        table: string;
        from: string;
        to: string;
        on_delete: string;
      }[];
      const foreignKeys = [...new Set(keys.map((k) => k.id))].map((id) => {
        const parts = keys.filter((k) => k.id === id);
        return {
          columns: parts.map((k) => k.from),
          references: parts[0].table,
          referencedColumns: parts.map((k) => k.to),
          onDelete: parts[0].on_delete.toLowerCase(),
        };
      });
      const triggers = (
        db.prepare("select name from sqlite_master where type = 'trigger' and tbl_name = ?").all(name) as {
          name: string;
        }[]
      ).map((t) => t.name);
      schema[name] = {
        columns,
        primaryKey,
        indexes: sorted(indexes),
        foreignKeys: sorted(foreignKeys),
        triggers: triggers.sort(),
      };
    }
    return schema;
  } finally {
    db.close();
  }
}

const ON_DELETE: Record<string, string> = {
  a: "no action",
  r: "restrict",
  c: "cascade",
  n: "set null",
  d: "set default",
};

async function readPostgres(db: Kysely<DB>): Promise<Schema> {
  const schema: Schema = {};
  const columns = (
    await sql<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
      column_default: string | null;
      is_identity: string;
    }>`select table_name, column_name, data_type, is_nullable, column_default, is_identity
       from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`.execute(db)
  ).rows;
  const keys = (
    await sql<{ table: string; columns: string[] }>`
      select c.conrelid::regclass::text as table,
             array(select a.attname from unnest(c.conkey) with ordinality k(n, o)
                   join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o)::text[] as columns
      from pg_constraint c join pg_namespace ns on ns.oid = c.connamespace
      where c.contype = 'p' and ns.nspname = 'public'`.execute(db)
  ).rows;
  const indexes = (
    await sql<{
      table: string;
      name: string;
      unique: boolean;
      partial: boolean;
      constraint: boolean;
      columns: string[];
    }>`
      select t.relname as table, i.relname as name, x.indisunique as unique, x.indpred is not null as partial,
             exists (select 1 from pg_constraint c where c.conindid = x.indexrelid) as constraint,
             array(select a.attname from unnest(x.indkey) with ordinality k(n, o)
                   join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.n order by k.o)::text[] as columns
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
      join pg_namespace ns on ns.oid = t.relnamespace
      where ns.nspname = 'public' and not x.indisprimary`.execute(db)
  ).rows;
  const foreignKeys = (
    await sql<{ table: string; references: string; columns: string[]; referenced: string[]; on_delete: string }>`
      select c.conrelid::regclass::text as table, c.confrelid::regclass::text as references,
             array(select a.attname from unnest(c.conkey) with ordinality k(n, o)
                   join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o)::text[] as columns,
             array(select a.attname from unnest(c.confkey) with ordinality k(n, o)
                   join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.o)::text[] as referenced,
             c.confdeltype as on_delete
      from pg_constraint c join pg_namespace ns on ns.oid = c.connamespace
      where c.contype = 'f' and ns.nspname = 'public'`.execute(db)
  ).rows;
  const triggers = (
    await sql<{ table: string; name: string }>`
      select t.tgrelid::regclass::text as table, t.tgname as name from pg_trigger t where not t.tgisinternal`.execute(
      db,
    )
  ).rows;

  for (const c of columns) {
    if (INTERNAL.test(c.table_name)) continue;
    schema[c.table_name] ??= { columns: [], primaryKey: [], indexes: [], foreignKeys: [], triggers: [] };
    schema[c.table_name].columns.push({
      name: c.column_name,
      type: POSTGRES_TYPES[c.data_type] ?? c.data_type,
      notNull: c.is_nullable === "NO",
      default: normaliseDefault(c.column_default),
      generated: c.is_identity === "YES",
    });
  }
  for (const [name, table] of Object.entries(schema)) {
    table.primaryKey = keys.find((k) => k.table === name)?.columns ?? [];
    table.indexes = sorted(
      indexes
        .filter((i) => i.table === name)
        .map((i) => ({
          // Indexes a UNIQUE constraint made are nameless on both sides (SQLite names them itself).
          name: i.constraint ? null : i.name,
          columns: i.columns,
          unique: i.unique,
          partial: i.partial,
        })),
    );
    table.foreignKeys = sorted(
      foreignKeys
        .filter((k) => k.table === name)
        .map((k) => ({
          columns: k.columns,
          references: k.references,
          referencedColumns: k.referenced,
          onDelete: ON_DELETE[k.on_delete],
        })),
    );
    table.triggers = triggers
      .filter((t) => t.table === name)
      .map((t) => t.name)
      .sort();
  }
  return schema;
}

/** PostgreSQL-only guards: TRUNCATE skips row triggers there (db/engine/triggers.ts). */
const POSTGRES_ONLY_TRIGGERS = /_no_truncate$/;

async function migratedSqlite(): Promise<Schema> {
  const dir = fs.mkdtempSync(path.join(path.resolve("tests/.tmp"), "engines-"));
  const file = path.join(dir, "schema.db");
  const db = openSqliteDatabase(file);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  try {
    return readSqlite(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("the schema on SQLite and on PostgreSQL", () => {
  it("has the same tables, columns, keys, indexes, foreign keys and triggers", async () => {
    const db = getDb();
    expect(isPostgres(db)).toBe(true);
    const sqlite = await migratedSqlite();
    const postgres = await readPostgres(db);

    expect(Object.keys(postgres).sort()).toEqual(Object.keys(sqlite).sort());
    expect(Object.keys(sqlite).length).toBeGreaterThan(30);
    for (const [name, table] of Object.entries(sqlite)) {
      const other = postgres[name];
      const guards = other.triggers.filter((t) => POSTGRES_ONLY_TRIGGERS.test(t));
      expect({ table: name, ...other, triggers: other.triggers.filter((t) => !guards.includes(t)) }).toEqual({
        table: name,
        ...table,
      });
    }
    // Each append-only table is guarded against TRUNCATE on PostgreSQL too.
    expect(postgres.audit_events.triggers).toContain("audit_events_no_truncate");
  });
});
