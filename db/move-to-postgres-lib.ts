import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { FileMigrationProvider, type Kysely, sql, type Transaction } from "kysely";
import { readEvidenceFile, storeEvidenceFile } from "../app/utils/evidence-store.server";
import { openPostgresDatabase } from "./client";
import { fileStoreSetting } from "./config";
import { migrateToLatest } from "./migrate";
import type { DB } from "./schema";

// Moving an SQLite installation (its database and the evidence files in its data directory) into
// an empty PostgreSQL database, which then serves the same app (README, "PostgreSQL").
//
// Refused before anything is written: a source whose migrations differ from this version's (run
// `npm run db:migrate` on it first), a target that holds data, an evidence row whose file is
// missing or damaged. Then the target is migrated with the same migration files, and in ONE
// transaction every table's rows are copied in key order (parents before children; a column naming
// a row of its own table, like inspections.superseded_by, is filled in once the table is copied),
// identity sequences are set past the highest id SQLite ever gave (sqlite_sequence, so an id freed
// by a deletion is not handed out again: audit events still name it), the change tokens are drawn
// afresh, and the evidence files go into the PostgreSQL file store (stored_files, or FILE_STORE_DIR).
// A failure anywhere rolls the copy back, leaving a migrated empty database to try again into.
// Afterwards every table's rows are counted on both sides and every file read back from the new
// store and hashed.
//
// The copy reads the SQLite database in one read transaction (one consistent moment), but writes
// made by a server still running after that moment would be lost: stop the server first.
//
// PostgreSQL's append-only guards on audit_events refuse UPDATE, DELETE and TRUNCATE only: the
// copy inserts. The change-token triggers fire as rows are inserted; the tokens are set afresh at
// the end (they are cache keys: only that they change matters, not their values).

/** Something the person running the command must fix or decide; the message says what. */
export class MoveError extends Error {}

/** Bookkeeping tables not copied as rows: Kysely's own (the target is migrated), SQLite's, and the change tokens. */
const NOT_COPIED = new Set([
  "kysely_migration",
  "kysely_migration_lock",
  "sqlite_sequence",
  "plan_change_token",
  "authority_change_token",
]);

/**
 * Tables the migrations themselves fill: a freshly migrated database holds rows there and is still
 * empty. Their rows are replaced by the source's.
 */
const FILLED_BY_MIGRATIONS = new Set(["settings", "plan_change_token", "kysely_migration", "kysely_migration_lock"]);

const SHA256 = /^[0-9a-f]{64}$/;
const BATCH_ROWS = 500;
/** PostgreSQL allows 65,535 parameters a statement; stay well under. */
const MAX_PARAMETERS = 30_000;
/** Flush a batch early when its values add up to this many bytes (report texts, uploaded drafts). */
const BATCH_BYTES = 8 * 1024 * 1024;

export interface MoveOptions {
  /** The SQLite database to copy. */
  databaseFile: string;
  /** Its evidence folder (`<data directory>/evidence`). */
  evidenceDir: string;
  /** The empty PostgreSQL database (postgres://...). */
  url: string;
  /** Progress lines; nothing by default. */
  log?: (line: string) => void;
}

export interface TableCount {
  table: string;
  sqlite: number;
  postgres: number;
  /** When PostgreSQL should hold another number than SQLite: stored_files, which receives the files. */
  expected?: number;
}

export interface MoveResult {
  tables: TableCount[];
  /** Evidence files and letters copied, each read back from the new store with its SHA-256. */
  files: { sha256: string; size: number; matches: boolean }[];
  /** What did not come out equal: empty when the move is complete. */
  mismatches: string[];
}

const migrationFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../migrations");

async function knownMigrations(): Promise<string[]> {
  const provider = new FileMigrationProvider({ fs: fsp, path, migrationFolder });
  return Object.keys(await provider.getMigrations()).sort();
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface SourceTable {
  name: string;
  columns: string[];
  /** Columns that name a row of the same table: copied as null, then set once the table is in. */
  selfReferences: string[];
  /** Tables whose rows this one's foreign keys name. */
  parents: string[];
  orderBy: string;
}

function sourceTables(source: SQLite.Database): SourceTable[] {
  const names = source
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return names
    .filter((name) => !NOT_COPIED.has(name))
    .map((name) => {
      const info = source.prepare(`PRAGMA table_info(${quoted(name)})`).all() as { name: string; pk: number }[];
      const keys = source.prepare(`PRAGMA foreign_key_list(${quoted(name)})`).all() as {
        table: string;
        from: string;
      }[];
      const primaryKey = info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => quoted(c.name));
      const withoutRowid = /without\s+rowid/i.test(
        (source.prepare("SELECT sql FROM sqlite_schema WHERE name = ?").pluck().get(name) as string) ?? "",
      );
      return {
        name,
        columns: info.map((c) => c.name),
        selfReferences: [...new Set(keys.filter((k) => k.table === name).map((k) => k.from))],
        parents: [...new Set(keys.filter((k) => k.table !== name).map((k) => k.table))],
        // A single integer key is the rowid; otherwise the key's order, or the rowid for a table without one.
        orderBy: primaryKey.length > 0 ? primaryKey.join(", ") : withoutRowid ? "1" : "rowid",
      };
    });
}

/** Parents before children; a cycle between tables (none today) is refused rather than half-copied. */
function inForeignKeyOrder(tables: SourceTable[]): SourceTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: SourceTable[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (table: SourceTable, trail: string[]) => {
    if (state.get(table.name) === "done") return;
    if (state.get(table.name) === "visiting") {
      throw new MoveError(`The tables' foreign keys form a cycle (${[...trail, table.name].join(" -> ")}).`);
    }
    state.set(table.name, "visiting");
    for (const parent of table.parents) {
      const p = byName.get(parent);
      if (p) visit(p, [...trail, table.name]);
    }
    state.set(table.name, "done");
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

/** The files the database names: evidence files and Ofsted letters, each once. */
function namedFiles(source: SQLite.Database): string[] {
  const hashes = new Set<string>();
  const has = (table: string) =>
    source.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table) !== undefined;
  if (has("evidence")) {
    for (const h of source
      .prepare("SELECT DISTINCT file_sha256 FROM evidence WHERE file_sha256 IS NOT NULL")
      .pluck()
      .all())
      hashes.add(h as string);
  }
  if (has("inspection_events")) {
    for (const h of source
      .prepare("SELECT DISTINCT letter_sha256 FROM inspection_events WHERE letter_sha256 IS NOT NULL")
      .pluck()
      .all())
      hashes.add(h as string);
  }
  return [...hashes].sort();
}

const fileOf = (evidenceDir: string, sha256: string) => path.join(evidenceDir, sha256.slice(0, 2), sha256);
const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function readSourceFile(evidenceDir: string, sha256: string): Promise<Buffer | string> {
  if (!SHA256.test(sha256)) return `${sha256}: not a SHA-256, so no file can be found for it`;
  const bytes = await fsp.readFile(fileOf(evidenceDir, sha256)).catch(() => null);
  if (!bytes) return `${sha256}: missing from ${evidenceDir}`;
  if (sha256Of(bytes) !== sha256) return `${sha256}: damaged (its content no longer matches its name)`;
  return bytes;
}

async function postgresTables(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = current_schema() order by tablename`.execute(db);
  return rows.map((r) => r.name);
}

async function countRows(db: Kysely<DB> | Transaction<DB>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0].n);
}

/** Refuses a target holding anything but what the migrations put there. */
async function assertEmpty(db: Kysely<DB>): Promise<void> {
  const occupied: string[] = [];
  for (const table of await postgresTables(db)) {
    if (FILLED_BY_MIGRATIONS.has(table) || table === "authority_change_token") continue;
    const n = await countRows(db, table);
    if (n > 0) occupied.push(`${table} (${n} rows)`);
  }
  if (occupied.length > 0) {
    throw new MoveError(
      `The PostgreSQL database is not empty: ${occupied.slice(0, 8).join(", ")}${occupied.length > 8 ? ", ..." : ""}. Move into a new, empty database (createdb), never over one in use.`,
    );
  }
}

type Row = Record<string, unknown>;

function approximateBytes(row: Row): number {
  let bytes = 0;
  for (const value of Object.values(row)) {
    if (typeof value === "string") bytes += value.length;
    else if (value instanceof Uint8Array) bytes += value.byteLength;
    else bytes += 8;
  }
  return bytes;
}

async function copyTable(
  trx: Transaction<DB>,
  source: SQLite.Database,
  table: SourceTable,
): Promise<{ rows: number; pending: { key: Row; set: Row }[] }> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- every table, by name
  const target = trx as unknown as Transaction<any>;
  const perBatch = Math.max(1, Math.min(BATCH_ROWS, Math.floor(MAX_PARAMETERS / table.columns.length)));
  const pending: { key: Row; set: Row }[] = [];
  let batch: Row[] = [];
  let batchBytes = 0;
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      await target.insertInto(table.name).values(batch).execute();
    } catch (error) {
      const first = batch[0].id ?? JSON.stringify(batch[0]).slice(0, 80);
      throw new MoveError(
        `Could not copy ${table.name} (the batch from ${String(first)}): ${(error as Error).message}`,
      );
    }
    copied += batch.length;
    batch = [];
    batchBytes = 0;
  };
  const statement = source.prepare(
    `SELECT ${table.columns.map(quoted).join(", ")} FROM ${quoted(table.name)} ORDER BY ${table.orderBy}`,
  );
  // Iterating holds the SQLite statement open; only PostgreSQL is awaited in between.
  for (const row of statement.iterate() as Iterable<Row>) {
    if (table.selfReferences.length > 0) {
      const set: Row = {};
      for (const column of table.selfReferences) {
        if (row[column] !== null) set[column] = row[column];
        row[column] = null;
      }
      if (Object.keys(set).length > 0) {
        if (row.id === undefined) throw new MoveError(`${table.name} refers to itself but has no id column.`);
        pending.push({ key: { id: row.id }, set });
      }
    }
    batch.push(row);
    batchBytes += approximateBytes(row);
    if (batch.length >= perBatch || batchBytes >= BATCH_BYTES) await flush();
  }
  await flush();
  return { rows: copied, pending };
}

/**
 * Copies the SQLite installation into the empty PostgreSQL database at `url` and checks the copy.
 * Throws MoveError for a refusal (nothing copied); a completed copy that does not check out is
 * returned with its `mismatches` for the caller to report.
 */
export async function moveToPostgres(options: MoveOptions): Promise<MoveResult> {
  const log = options.log ?? (() => undefined);
  const databaseFile = path.resolve(options.databaseFile);
  const evidenceDir = path.resolve(options.evidenceDir);
  if (!fs.existsSync(databaseFile)) throw new MoveError(`There is no SQLite database at ${databaseFile}.`);
  const source = new SQLite(databaseFile, { readonly: true, fileMustExist: true });
  const target = openPostgresDatabase(options.url, { max: 2 });
  try {
    source.pragma("busy_timeout = 5000");
    // One read transaction: every table and file list as at one moment.
    source.exec("BEGIN");
    const hasMigrations = source
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'kysely_migration'")
      .get();
    if (!hasMigrations) throw new MoveError(`${databaseFile} is not a Followthrough database (it has no migrations).`);

    // 1. The source must be at exactly this version's migrations.
    const applied = (
      source.prepare("SELECT name FROM kysely_migration ORDER BY name").pluck().all() as string[]
    ).sort();
    const known = await knownMigrations();
    const missing = known.filter((m) => !applied.includes(m));
    const unknown = applied.filter((m) => !known.includes(m));
    if (missing.length > 0 || unknown.length > 0) {
      throw new MoveError(
        [
          `The SQLite database is at a different migration version from this copy of Followthrough.`,
          missing.length > 0 ? `Not applied to it: ${missing.join(", ")}.` : "",
          unknown.length > 0 ? `Applied to it but unknown here (a newer version): ${unknown.join(", ")}.` : "",
          missing.length > 0 && unknown.length === 0
            ? "Run `npm run db:migrate` with DATABASE_PATH set to it (and DATABASE_URL unset) first, then move it."
            : "Move it with the version of Followthrough that last ran it.",
        ]
          .filter(Boolean)
          .join(" "),
      );
    }

    // 2. Every file the rows name, present and whole, before anything is written.
    const hashes = namedFiles(source);
    const problems: string[] = [];
    for (const sha256 of hashes) {
      const read = await readSourceFile(evidenceDir, sha256);
      if (typeof read === "string") problems.push(read);
    }
    if (problems.length > 0) {
      throw new MoveError(
        `${problems.length} file(s) named by the database cannot be copied:\n  ${problems.join("\n  ")}\nRestore them (from a backup) into ${evidenceDir} and move again.`,
      );
    }

    // 3. The target: empty, then migrated to the same version.
    await assertEmpty(target);
    log("Migrating the PostgreSQL database...");
    await migrateToLatest(target);
    const tables = inForeignKeyOrder(sourceTables(source));
    const targetTables = new Set((await postgresTables(target)).filter((t) => !NOT_COPIED.has(t)));
    const sourceNames = new Set(tables.map((t) => t.name));
    const differ = [
      ...[...sourceNames].filter((t) => !targetTables.has(t)).map((t) => `${t} only in SQLite`),
      ...[...targetTables].filter((t) => !sourceNames.has(t)).map((t) => `${t} only in PostgreSQL`),
    ];
    for (const table of tables) {
      if (!targetTables.has(table.name)) continue;
      const { rows } = await sql<{ name: string }>`
        select column_name as name from information_schema.columns
        where table_schema = current_schema() and table_name = ${table.name}`.execute(target);
      const columns = new Set(rows.map((r) => r.name));
      for (const c of table.columns) if (!columns.has(c)) differ.push(`${table.name}.${c} only in SQLite`);
      if (columns.size !== table.columns.length)
        differ.push(`${table.name} has ${columns.size} columns in PostgreSQL, ${table.columns.length} in SQLite`);
    }
    if (differ.length > 0) throw new MoveError(`The two schemas differ: ${differ.join("; ")}.`);

    // 4. The copy, in one transaction.
    const sequence = new Map<string, number>();
    if (source.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'").get()) {
      for (const r of source.prepare("SELECT name, seq FROM sqlite_sequence").all() as { name: string; seq: number }[])
        sequence.set(r.name, r.seq);
    }
    const tokenAuthorities = source
      .prepare("SELECT authority_id FROM authority_change_token ORDER BY 1")
      .pluck()
      .all() as number[];
    await target.transaction().execute(async (trx) => {
      for (const table of tables) {
        // Rows the migrations wrote (the settings row) give way to the installation's own.
        if (FILLED_BY_MIGRATIONS.has(table.name)) await sql`delete from ${sql.table(table.name)}`.execute(trx);
      }
      for (const table of tables) {
        const { rows, pending } = await copyTable(trx, source, table);
        for (const { key, set } of pending) {
          // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table's own column, by name
          await (trx as unknown as Transaction<any>)
            .updateTable(table.name)
            .set(set)
            .where("id", "=", key.id)
            .execute();
        }
        log(`  ${table.name}: ${rows} rows`);
      }

      // Identity sequences: past the highest id copied and the highest SQLite ever gave.
      const { rows: identities } = await sql<{ table: string; column: string }>`
        select table_name as table, column_name as column from information_schema.columns
        where table_schema = current_schema() and is_identity = 'YES'`.execute(trx);
      for (const { table, column } of identities) {
        const { rows } = await sql<{ n: number | null }>`
          select max(${sql.ref(column)}) as n from ${sql.table(table)}`.execute(trx);
        const last = Math.max(Number(rows[0].n ?? 0), sequence.get(table) ?? 0);
        if (last > 0) {
          await sql`select setval(pg_get_serial_sequence(${quoted(table)}, ${column}), ${last}, true)`.execute(trx);
        }
      }

      // Change tokens: one plan row and the source's authorities, each drawn afresh.
      await sql`update plan_change_token set token = nextval('change_token_seq')`.execute(trx);
      await sql`delete from authority_change_token`.execute(trx);
      for (const authorityId of tokenAuthorities) {
        await sql`insert into authority_change_token (authority_id, token)
          values (${authorityId}, nextval('change_token_seq'))`.execute(trx);
      }

      // Evidence files and letters into PostgreSQL's store (stored_files, or FILE_STORE_DIR).
      for (const sha256 of hashes) {
        const bytes = await readSourceFile(evidenceDir, sha256);
        if (typeof bytes === "string") throw new MoveError(`While copying files: ${bytes}`);
        const stored = await storeEvidenceFile(bytes, trx);
        if (stored !== sha256) throw new MoveError(`${sha256} changed while it was being copied.`);
      }
      log(`  files: ${hashes.length}`);
    });

    // 5. Check: rows per table, and every file read back from the new store.
    const mismatches: string[] = [];
    const counts: TableCount[] = [];
    const databaseStore = fileStoreSetting("postgres").kind === "database";
    const countIn = (table: string) =>
      source
        .prepare(`SELECT count(*) FROM ${quoted(table)}`)
        .pluck()
        .get() as number;
    for (const table of [...tables.map((t) => t.name), "authority_change_token", "plan_change_token"]) {
      const exists = source.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table);
      if (!exists) continue;
      const count: TableCount = { table, sqlite: countIn(table), postgres: await countRows(target, table) };
      // stored_files is PostgreSQL's file store: it gains one row per file moved out of the folder.
      if (table === "stored_files" && databaseStore) {
        const inSource = source.prepare("SELECT sha256 FROM stored_files").pluck().all() as string[];
        count.expected = new Set([...inSource, ...hashes]).size;
      }
      counts.push(count);
      if ((count.expected ?? count.sqlite) !== count.postgres)
        mismatches.push(
          `${table}: ${count.sqlite} rows in SQLite${count.expected === undefined ? "" : ` (${count.expected} expected with the files)`}, ${count.postgres} in PostgreSQL`,
        );
    }
    const files: MoveResult["files"] = [];
    for (const sha256 of hashes) {
      const bytes = await readEvidenceFile(sha256, target);
      const matches = bytes !== null && sha256Of(bytes) === sha256;
      files.push({ sha256, size: bytes?.length ?? 0, matches });
      if (!matches) mismatches.push(`file ${sha256}: ${bytes === null ? "not in" : "damaged in"} the PostgreSQL store`);
    }
    source.exec("COMMIT");
    return { tables: counts.sort((a, b) => a.table.localeCompare(b.table)), files, mismatches };
  } finally {
    if (source.inTransaction) source.exec("ROLLBACK");
    source.close();
    await target.destroy();
  }
}
