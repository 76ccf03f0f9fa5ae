import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { z } from "zod";
import {
  BackupError,
  copyDurably,
  DUMP_NAME,
  EVIDENCE_DIR_NAME,
  evidencePathFor,
  hashFile,
  MANIFEST_NAME,
  prepareTarget,
  PRIVATE_FILE,
  readManifestJson,
  writeDurably,
} from "./backup-lib";
import { type FileStoreSetting, fileStoreSetting } from "./config";

// Backup and restore of a PostgreSQL installation, by the standard tools: `npm run backup DIR`
// and `npm run restore DIR` with DATABASE_URL set (db/backup.ts, db/restore.ts).
//
// Backup: one connection opens a REPEATABLE READ transaction and exports its snapshot; pg_dump
// (--format=custom) dumps exactly that snapshot, while the app keeps writing, and the same
// transaction counts each table's rows and lists the files the rows name. Files kept in the
// database (stored_files, the default) are inside the dump; with FILE_STORE=directory the named
// files are copied from FILE_STORE_DIR into the backup, each checked against its hash (files are
// only ever added under their hash, so one written after the snapshot is simply not needed). The
// manifest holds the dump's SHA-256, the counts and the files; it is written last, so an
// interrupted backup is never taken for a whole one. Everything is private (0700/0600).
//
// Restore: the manifest and every hash are checked first; the target database must hold no tables
// (--force drops and recreates its schema); pg_restore runs in one transaction (all or nothing);
// the files go back into FILE_STORE_DIR; then every table's rows are counted against the manifest.
//
// The password never appears on a command line (where `ps` shows it) or in the manifest: it goes
// to pg_dump and pg_restore in PGPASSWORD.

const FORMAT = "followthrough-postgres-backup";
const SHA256 = /^[0-9a-f]{64}$/;

const fileEntry = z.object({
  path: z.string().min(1),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(SHA256),
});

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  createdAt: z.iso.datetime(),
  /** The server and database, without user or password. */
  source: z.object({ database: z.string() }),
  dump: z.object({
    path: z.literal(DUMP_NAME),
    format: z.literal("custom"),
    size: z.number().int(),
    sha256: z.string().regex(SHA256),
  }),
  tables: z.record(z.string(), z.number().int().nonnegative()),
  /** Where the files were: inside the dump (stored_files) or copied beside it from FILE_STORE_DIR. */
  fileStore: z.enum(["database", "directory"]),
  evidence: z.object({
    /** Distinct files the rows name. */
    named: z.number().int().nonnegative(),
    /** Named files that were not in the store (or not whole) when the backup was taken. */
    missing: z.array(z.string().regex(SHA256)),
  }),
  /** Files copied beside the dump (FILE_STORE=directory only). */
  files: z.array(fileEntry),
});

export type PostgresManifest = z.infer<typeof manifestSchema>;

/** The server and database of a postgres:// URL, for messages and manifests: never the user or password. */
export function postgresLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `PostgreSQL ${parsed.searchParams.get("host") ?? parsed.host}${parsed.pathname}`;
  } catch {
    return "PostgreSQL";
  }
}

/** The URL without its password, and the password for PGPASSWORD. */
function splitPassword(url: string): { url: string; password: string | undefined } {
  const parsed = new URL(url);
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.password = "";
  return { url: parsed.toString(), password };
}

/**
 * pg_dump or pg_restore: PG_BIN's, else Debian's newest (/usr/lib/postgresql/<n>/bin), else on PATH.
 * pg_dump must be at least as new as the server, hence the newest.
 */
export function postgresTool(tool: "pg_dump" | "pg_restore", env: NodeJS.ProcessEnv = process.env): string {
  if (env.PG_BIN) return path.join(env.PG_BIN, tool);
  const debian = "/usr/lib/postgresql";
  const versions = fs.existsSync(debian)
    ? fs
        .readdirSync(debian)
        .filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(debian, v, "bin", tool)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions.length > 0 ? path.join(debian, versions[0], "bin", tool) : tool;
}

function runTool(tool: string, args: string[], password: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.PGPASSWORD;
    if (password !== undefined) env.PGPASSWORD = password;
    const child = spawn(tool, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", (error) => {
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      reject(
        new BackupError(
          missing
            ? `${tool} was not found: install PostgreSQL's client tools (apt-get install postgresql-client) or set PG_BIN to their folder.`
            : `${tool} could not be started: ${error.message}`,
        ),
      );
    });
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${path.basename(tool)} failed (exit ${code}): ${stderr.trim().slice(0, 2000)}`));
    });
  });
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function tableCounts(client: pg.Client): Promise<Record<string, number>> {
  const { rows } = await client.query<{ name: string }>(
    "select tablename as name from pg_tables where schemaname = current_schema() order by tablename",
  );
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    counts[name] = (await client.query<{ n: number }>(`select count(*)::int as n from ${quoted(name)}`)).rows[0].n;
  }
  return counts;
}

/** Files named by the rows: evidence files and Ofsted letters. */
async function namedFiles(client: pg.Client, counts: Record<string, number>): Promise<string[]> {
  const hashes = new Set<string>();
  if ("evidence" in counts) {
    for (const r of (await client.query("select distinct file_sha256 as h from evidence where file_sha256 is not null"))
      .rows)
      hashes.add(r.h);
  }
  if ("inspection_events" in counts) {
    for (const r of (
      await client.query("select distinct letter_sha256 as h from inspection_events where letter_sha256 is not null")
    ).rows)
      hashes.add(r.h);
  }
  return [...hashes].sort();
}

export interface PostgresBackupOptions {
  target: string;
  url: string;
  overwrite?: boolean;
  now?: Date;
  /** Where the app keeps files (db/config.ts), FILE_STORE and FILE_STORE_DIR by default. */
  fileStore?: FileStoreSetting;
  /** Awaited once the snapshot is taken, before pg_dump starts (tests write meanwhile). */
  afterSnapshot?: () => Promise<void>;
}

export interface PostgresBackupResult {
  manifest: PostgresManifest;
  /** Named files missing from the store or damaged there: the backup is incomplete. */
  missing: string[];
}

export async function backupPostgres(options: PostgresBackupOptions): Promise<PostgresBackupResult> {
  const target = path.resolve(options.target);
  const now = options.now ?? new Date();
  const store = options.fileStore ?? fileStoreSetting("postgres");
  if (store.kind === "directory" && (target === store.root || target.startsWith(store.root + path.sep))) {
    throw new BackupError("The backup directory must not be inside the file store (FILE_STORE_DIR).");
  }
  await prepareTarget(target, options.overwrite ?? false);
  const { url, password } = splitPassword(options.url);

  const client = await connect(options.url);
  let counts: Record<string, number>;
  let hashes: string[];
  let missing: string[] = [];
  const files: z.infer<typeof fileEntry>[] = [];
  const dumpFile = path.join(target, DUMP_NAME);
  const partial = path.join(target, `.${DUMP_NAME}.partial`);
  try {
    // One snapshot for pg_dump, the counts and the file list.
    await client.query("begin isolation level repeatable read read only");
    const snapshot = (await client.query<{ id: string }>("select pg_export_snapshot() as id")).rows[0].id;
    counts = await tableCounts(client);
    if (!("kysely_migration" in counts)) {
      throw new BackupError(`${postgresLabel(options.url)} is not a Followthrough database (it has no migrations).`);
    }
    hashes = await namedFiles(client, counts);

    // Created private before pg_dump writes into it (it keeps an existing file's mode).
    await fs.promises.rm(partial, { force: true });
    await fs.promises.writeFile(partial, "", { mode: PRIVATE_FILE, flag: "wx" });
    await options.afterSnapshot?.();
    await runTool(
      postgresTool("pg_dump"),
      ["--format=custom", `--snapshot=${snapshot}`, "--no-password", `--file=${partial}`, `--dbname=${url}`],
      password,
    );

    // Files kept in the database are in the dump: check each named one is there and whole.
    if (store.kind === "database" && "stored_files" in counts) {
      for (const sha256 of hashes) {
        const { rows } = await client.query<{ ok: boolean }>(
          "select encode(sha256(content), 'hex') = sha256 as ok from stored_files where sha256 = $1",
          [sha256],
        );
        if (!rows[0]?.ok) missing.push(sha256);
      }
    }
    await client.query("commit");
  } finally {
    await client.end();
  }
  await fs.promises.rename(partial, dumpFile);
  const dumped = await hashFile(dumpFile);

  if (store.kind === "directory") {
    for (const sha256 of hashes) {
      const from = SHA256.test(sha256) ? evidencePathFor(store.root, sha256) : null;
      if (!from || !fs.existsSync(from)) {
        missing.push(sha256);
        continue;
      }
      const relative = path.posix.join(EVIDENCE_DIR_NAME, sha256.slice(0, 2), sha256);
      const copied = await copyDurably(from, path.join(target, relative));
      if (copied.sha256 !== sha256) {
        missing.push(sha256);
        await fs.promises.rm(path.join(target, relative), { force: true });
        continue;
      }
      files.push({ path: relative, ...copied });
    }
  }
  missing = missing.filter((h) => SHA256.test(h));

  const manifest: PostgresManifest = {
    format: FORMAT,
    version: 1,
    createdAt: now.toISOString(),
    source: { database: postgresLabel(options.url) },
    dump: { path: DUMP_NAME, format: "custom", ...dumped },
    tables: counts,
    fileStore: store.kind,
    evidence: { named: hashes.length, missing },
    files,
  };
  await writeDurably(path.join(target, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, missing };
}

/** Reads a PostgreSQL backup's manifest and checks the dump's and every file's size and SHA-256. */
export async function verifyPostgresBackup(directory: string): Promise<PostgresManifest> {
  const source = path.resolve(directory);
  const { manifestFile, parsed } = await readManifestJson(source);
  if ((parsed as { format?: unknown })?.format === "followthrough-backup") {
    throw new BackupError(
      "This is a backup of an SQLite installation. Restore it without DATABASE_URL (to DATABASE_PATH), then move it with npm run db:move-to-postgres.",
    );
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    throw new BackupError(
      `${manifestFile} is not a Followthrough PostgreSQL backup manifest: ${z.prettifyError(result.error)}`,
    );
  }
  const manifest = result.data;
  for (const entry of manifest.files) {
    const expected = path.posix.join(EVIDENCE_DIR_NAME, entry.sha256.slice(0, 2), entry.sha256);
    if (entry.path !== expected) throw new BackupError(`The manifest lists an unexpected file: ${entry.path}`);
  }
  for (const entry of [manifest.dump, ...manifest.files]) {
    const file = path.join(source, ...entry.path.split("/"));
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat?.isFile()) throw new BackupError(`${entry.path} is missing from the backup.`);
    const actual = await hashFile(file);
    if (actual.size !== entry.size || actual.sha256 !== entry.sha256) {
      throw new BackupError(
        `${entry.path} does not match the manifest (size or SHA-256 differs): the backup is damaged.`,
      );
    }
  }
  return manifest;
}

export interface PostgresRestoreOptions {
  source: string;
  url: string;
  /** Drop and recreate the target's schema when it holds tables; restore a backup that lacks files. */
  force?: boolean;
  fileStore?: FileStoreSetting;
}

export interface PostgresRestoreResult {
  manifest: PostgresManifest;
  /** Whether a schema holding tables was dropped first (--force). */
  replaced: string[];
  filesWritten: number;
}

export async function restorePostgres(options: PostgresRestoreOptions): Promise<PostgresRestoreResult> {
  const source = path.resolve(options.source);
  const force = options.force ?? false;
  const store = options.fileStore ?? fileStoreSetting("postgres");
  const manifest = await verifyPostgresBackup(source);
  if (manifest.fileStore !== store.kind) {
    throw new BackupError(
      manifest.fileStore === "database"
        ? "This backup keeps its files in the database (stored_files), but FILE_STORE=directory is set here: unset FILE_STORE and FILE_STORE_DIR to restore it."
        : "This backup's files were kept in a folder (FILE_STORE=directory): set FILE_STORE=directory and FILE_STORE_DIR to the folder to restore them into.",
    );
  }
  if (manifest.evidence.missing.length > 0 && !force) {
    throw new BackupError(
      `This backup lacks ${manifest.evidence.missing.length} file(s) its database names (they were missing or damaged when it was taken). Pass --force to restore it anyway.`,
    );
  }

  const client = await connect(options.url);
  let replaced: string[] = [];
  try {
    const { rows } = await client.query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = current_schema() order by tablename",
    );
    replaced = rows.map((r) => r.name);
    if (replaced.length > 0) {
      if (!force) {
        throw new BackupError(
          `${postgresLabel(options.url)} is not empty (${replaced.length} tables, ${replaced.slice(0, 5).join(", ")}${replaced.length > 5 ? ", ..." : ""}). Restore into a new, empty database (createdb), or pass --force to DROP its schema and everything in it first. Stop every server first.`,
        );
      }
      const schema = (await client.query<{ s: string }>("select current_schema() as s")).rows[0].s;
      await client.query(`drop schema ${quoted(schema)} cascade`);
      await client.query(`create schema ${quoted(schema)}`);
    }
  } finally {
    await client.end();
  }

  // Files first, so that no restored row names a file that is not there yet.
  let filesWritten = 0;
  if (store.kind === "directory") {
    if (!(await fs.promises.stat(store.root).catch(() => null))?.isDirectory()) {
      throw new BackupError(`FILE_STORE_DIR ${store.root} does not exist (is it mounted?).`);
    }
    for (const entry of manifest.files) {
      const to = evidencePathFor(store.root, entry.sha256);
      const present = fs.existsSync(to) ? await hashFile(to) : null;
      if (present?.sha256 === entry.sha256) continue;
      const copied = await copyDurably(path.join(source, ...entry.path.split("/")), to);
      if (copied.sha256 !== entry.sha256) throw new BackupError(`${entry.path} changed while it was being restored.`);
      filesWritten += 1;
    }
  }

  const { url, password } = splitPassword(options.url);
  await runTool(
    postgresTool("pg_restore"),
    [
      "--single-transaction",
      "--exit-on-error",
      "--no-owner",
      "--no-privileges",
      "--no-password",
      `--dbname=${url}`,
      path.join(source, DUMP_NAME),
    ],
    password,
  );

  const check = await connect(options.url);
  try {
    const counts = await tableCounts(check);
    if (JSON.stringify(counts) !== JSON.stringify(manifest.tables)) {
      const differ = Object.keys({ ...counts, ...manifest.tables })
        .filter((t) => counts[t] !== manifest.tables[t])
        .map((t) => `${t}: ${manifest.tables[t] ?? "absent"} in the backup, ${counts[t] ?? "absent"} restored`);
      throw new BackupError(`The restored database does not hold the rows the manifest records: ${differ.join("; ")}`);
    }
  } finally {
    await check.end();
  }
  return { manifest, replaced, filesWritten };
}
