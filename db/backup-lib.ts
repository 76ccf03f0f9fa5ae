import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import SQLite from "better-sqlite3";
import { z } from "zod";
import { databasePath, databaseUrl, dataDirectory } from "./config";

// Backup and restore of a whole installation: the SQLite database and the evidence files it
// refers to (stored by SHA-256 under <data directory>/evidence/<first two hex>/<sha256>).
//
// The database is copied with SQLite's online backup API while the server keeps writing: the copy
// restarts whenever another connection changes the source between steps, so what lands in the
// backup is the database as it was at one moment. The evidence files named by that copy's rows are
// copied afterwards; files are only ever added under their hash, so a file written after the
// snapshot is simply not needed, and a row whose file is missing is reported as a failure.
//
// The session secret is not part of a backup: a restored installation without it makes everyone
// sign in again, which is better than a backup that can forge sessions.

export const MANIFEST_NAME = "manifest.json";
export const DATABASE_NAME = "followthrough.db";
export const EVIDENCE_DIR_NAME = "evidence";
const FORMAT = "followthrough-backup";
const SHA256 = /^[0-9a-f]{64}$/;

/** Something the person running the command must fix or decide; the message says what. */
export class BackupError extends Error {}

/**
 * The backup and restore commands' arguments: one directory and `--force`. An exit code instead
 * when they are wrong or `--help` was asked for (the usage is printed).
 */
export function parseDirectoryArgs(argv: string[], usage: string): { directory: string; force: boolean } | number {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { force: { type: "boolean", default: false }, help: { type: "boolean", default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help || positionals.length !== 1) {
      console.error(usage);
      return values.help ? 0 : 1;
    }
    return { directory: positionals[0], force: values.force };
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 1;
  }
}

const fileEntry = z.object({
  path: z.string().min(1),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(SHA256),
});

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  createdAt: z.iso.datetime(),
  source: z.object({ database: z.string(), evidence: z.string() }),
  database: z.object({
    path: z.literal(DATABASE_NAME),
    integrity: z.literal("ok"),
    tables: z.record(z.string(), z.number().int().nonnegative()),
  }),
  /** Evidence rows in the copied database, and how many distinct files they name. */
  evidence: z.object({
    rows: z.number().int().nonnegative(),
    fileRows: z.number().int().nonnegative(),
    files: z.number().int().nonnegative(),
    /** Hashes named by rows whose file was not on disk when the backup was taken. */
    missing: z.array(z.string().regex(SHA256)),
  }),
  /** Every file in the backup with its size and SHA-256; the database first. */
  files: z.array(fileEntry),
});

export type Manifest = z.infer<typeof manifestSchema>;

export function evidencePathFor(evidenceDir: string, sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`Not a SHA-256 hex digest: ${sha256}`);
  return path.join(evidenceDir, sha256.slice(0, 2), sha256);
}

export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), size };
}

export const temporaryName = (file: string) =>
  path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);

/**
 * A backup holds everything the database and evidence store hold (personal data included): like the
 * data directory (db/client.ts), only the account that makes it may read it. Directories we create
 * are 0700 and every file we write 0600, whatever the umask.
 */
export const PRIVATE_DIRECTORY = 0o700;
export const PRIVATE_FILE = 0o600;

/** Writes through a temporary file in the same directory, flushed, then renamed into place. */
export async function writeDurably(file: string, data: Uint8Array | string): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: PRIVATE_DIRECTORY });
  const temporary = temporaryName(file);
  const handle = await fs.promises.open(temporary, "wx", PRIVATE_FILE);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(temporary, file);
}

/** Copies a file by way of a temporary name, returning the hash and size of what was copied. */
export async function copyDurably(from: string, to: string): Promise<{ sha256: string; size: number }> {
  const bytes = await fs.promises.readFile(from);
  await writeDurably(to, bytes);
  return { sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length };
}

function integrityOf(db: SQLite.Database): string {
  const rows = db.pragma("integrity_check") as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join("; ");
}

function tableCounts(db: SQLite.Database): Record<string, number> {
  const names = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const counts: Record<string, number> = {};
  for (const name of names) {
    counts[name] = db
      .prepare(`SELECT count(*) FROM "${name.replaceAll('"', '""')}"`)
      .pluck()
      .get() as number;
  }
  return counts;
}

function evidenceSummary(db: SQLite.Database) {
  const hasEvidence = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'evidence'").get();
  if (!hasEvidence) return { rows: 0, fileRows: 0, hashes: [] as string[] };
  const rows = db.prepare("SELECT count(*) FROM evidence").pluck().get() as number;
  const fileRows = db.prepare("SELECT count(*) FROM evidence WHERE file_sha256 IS NOT NULL").pluck().get() as number;
  const hashes = db
    .prepare("SELECT DISTINCT file_sha256 FROM evidence WHERE file_sha256 IS NOT NULL ORDER BY file_sha256")
    .pluck()
    .all() as string[];
  // Ofsted letters (monitoring visits, annual engagement meetings) live in the same store.
  const hasLetters = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'inspection_events'")
    .get();
  if (hasLetters) {
    const letters = db
      .prepare("SELECT DISTINCT letter_sha256 FROM inspection_events WHERE letter_sha256 IS NOT NULL")
      .pluck()
      .all() as string[];
    const known = new Set(hashes);
    for (const sha256 of letters) if (!known.has(sha256)) hashes.push(sha256);
    hashes.sort();
  }
  return { rows, fileRows, hashes };
}

export interface BackupOptions {
  /** The backup directory; created if absent. */
  target: string;
  databaseFile?: string;
  evidenceDir?: string;
  /** Replace an earlier backup in a directory that is not empty. */
  overwrite?: boolean;
  now?: Date;
  /** Database pages copied per step of the online backup (each step lets the event loop run). */
  pagesPerStep?: number;
  /** Called after each step of the online backup, while it is under way. */
  onStep?: (progress: { totalPages: number; remainingPages: number }) => void;
}

export interface BackupResult {
  manifest: Manifest;
  /** Times the online backup started again because another connection wrote to the database. */
  restarts: number;
  /** Hashes named by evidence rows whose file is missing: the backup is incomplete. */
  missing: string[];
  /** Hashes whose stored file no longer matches its name (corrupt on disk): also incomplete. */
  corrupt: string[];
}

/** The PostgreSQL backup's dump (db/backup-postgres.ts). */
export const DUMP_NAME = "followthrough.dump";

/** Entries a backup writes (either engine's), removed before writing over an earlier backup. */
const BACKUP_ENTRIES = [MANIFEST_NAME, DATABASE_NAME, DUMP_NAME, EVIDENCE_DIR_NAME];

export async function prepareTarget(target: string, overwrite: boolean): Promise<void> {
  const stat = await fs.promises.stat(target).catch(() => null);
  if (stat && !stat.isDirectory()) throw new BackupError(`${target} is not a directory.`);
  if (stat) {
    const entries = await fs.promises.readdir(target);
    if (entries.length > 0 && !overwrite) {
      throw new BackupError(
        `${target} is not empty. Choose an empty or new directory, or pass --force to replace the backup in it.`,
      );
    }
    // The manifest goes first: a backup interrupted from here on is never mistaken for a whole one.
    for (const entry of BACKUP_ENTRIES)
      await fs.promises.rm(path.join(target, entry), { recursive: true, force: true });
  }
  await fs.promises.mkdir(target, { recursive: true, mode: PRIVATE_DIRECTORY });
}

/**
 * Copies the database (online, consistent) and the evidence files its rows name into `target`,
 * then writes manifest.json. Throws BackupError for a refusal; an incomplete backup (missing or
 * corrupt evidence files) is written, listed in the manifest and returned for the caller to report.
 */
/** These functions copy an SQLite installation; pointed at PostgreSQL they say so instead of looking for a file. */
function refuseOnPostgres(options: { databaseFile?: string }, command: string) {
  if (options.databaseFile === undefined && databaseUrl()) {
    throw new BackupError(
      `This ${command} copies an SQLite installation; this one uses PostgreSQL (DATABASE_URL), which npm run ${command} backs up with pg_dump and restores with pg_restore (db/backup-postgres.ts).`,
    );
  }
}

export async function backupData(options: BackupOptions): Promise<BackupResult> {
  refuseOnPostgres(options, "backup");
  const target = path.resolve(options.target);
  const databaseFile = path.resolve(options.databaseFile ?? databasePath());
  const evidenceDir = path.resolve(options.evidenceDir ?? path.join(dataDirectory(), EVIDENCE_DIR_NAME));
  const now = options.now ?? new Date();
  if (!fs.existsSync(databaseFile)) throw new BackupError(`There is no database at ${databaseFile}.`);
  if (target === path.dirname(databaseFile) || target.startsWith(evidenceDir + path.sep) || target === evidenceDir) {
    throw new BackupError("The backup directory must not be the data directory or inside the evidence store.");
  }
  await prepareTarget(target, options.overwrite ?? false);

  // 1. The database, online. Each step copies some pages; if another connection (the server)
  // writes in between, SQLite starts the copy again, so the result is one consistent moment.
  const partial = path.join(target, `.${DATABASE_NAME}.partial`);
  await fs.promises.rm(partial, { force: true });
  // Created private before SQLite writes into it (SQLite keeps an existing file's mode).
  await fs.promises.writeFile(partial, "", { mode: PRIVATE_FILE, flag: "wx" });
  const source = new SQLite(databaseFile, { fileMustExist: true });
  let restarts = 0;
  try {
    source.pragma("busy_timeout = 5000");
    const pagesPerStep = options.pagesPerStep ?? 100;
    let previousRemaining = Number.POSITIVE_INFINITY;
    await source.backup(partial, {
      progress: (progress) => {
        if (progress.remainingPages >= previousRemaining) restarts += 1;
        previousRemaining = progress.remainingPages;
        options.onStep?.(progress);
        // A busy server could restart a stepwise copy for ever: after a few restarts copy the
        // rest in one step, which holds a read snapshot (writers carry on under WAL) meanwhile.
        return restarts >= 3 ? 0x7fffffff : pagesPerStep;
      },
    });
  } finally {
    source.close();
  }

  // 2. Check the copy and read what it holds. The copy becomes a single self-contained file.
  const copy = new SQLite(partial, { fileMustExist: true });
  let tables: Record<string, number>;
  let evidence: ReturnType<typeof evidenceSummary>;
  try {
    copy.pragma("journal_mode = DELETE");
    const integrity = integrityOf(copy);
    if (integrity !== "ok") throw new BackupError(`The copied database fails its integrity check: ${integrity}`);
    tables = tableCounts(copy);
    evidence = evidenceSummary(copy);
  } finally {
    copy.close();
  }
  const databaseCopy = path.join(target, DATABASE_NAME);
  await fs.promises.rename(partial, databaseCopy);
  const files: z.infer<typeof fileEntry>[] = [{ path: DATABASE_NAME, ...(await hashFile(databaseCopy)) }];

  // 3. The evidence files the copied rows name, each checked against its hash as it is copied.
  const missing: string[] = [];
  const corrupt: string[] = [];
  for (const sha256 of evidence.hashes) {
    if (!SHA256.test(sha256)) {
      corrupt.push(sha256);
      continue;
    }
    const from = evidencePathFor(evidenceDir, sha256);
    if (!fs.existsSync(from)) {
      missing.push(sha256);
      continue;
    }
    const relative = path.posix.join(EVIDENCE_DIR_NAME, sha256.slice(0, 2), sha256);
    const to = path.join(target, relative);
    const copied = await copyDurably(from, to);
    if (copied.sha256 !== sha256) {
      corrupt.push(sha256);
      await fs.promises.rm(to, { force: true });
      continue;
    }
    files.push({ path: relative, ...copied });
  }

  const manifest: Manifest = {
    format: FORMAT,
    version: 1,
    createdAt: now.toISOString(),
    source: { database: databaseFile, evidence: evidenceDir },
    database: { path: DATABASE_NAME, integrity: "ok", tables },
    evidence: {
      rows: evidence.rows,
      fileRows: evidence.fileRows,
      files: files.length - 1,
      missing: [...missing, ...corrupt.filter((h) => SHA256.test(h))],
    },
    files,
  };
  await writeDurably(path.join(target, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, restarts, missing, corrupt };
}

/** A backup directory's manifest as parsed JSON (either engine's), or a BackupError saying what is wrong. */
export async function readManifestJson(source: string): Promise<{ manifestFile: string; parsed: unknown }> {
  const manifestFile = path.join(source, MANIFEST_NAME);
  const text = await fs.promises.readFile(manifestFile, "utf8").catch(() => null);
  if (text === null)
    throw new BackupError(`${source} has no ${MANIFEST_NAME}: it is not a backup, or an unfinished one.`);
  try {
    return { manifestFile, parsed: JSON.parse(text) as unknown };
  } catch {
    throw new BackupError(`${manifestFile} is not valid JSON: the backup is damaged.`);
  }
}

/** Reads and checks a backup: the manifest, every file's size and hash, and the database copy. */
export async function verifyBackup(directory: string): Promise<Manifest> {
  const source = path.resolve(directory);
  const { manifestFile, parsed } = await readManifestJson(source);
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    throw new BackupError(`${manifestFile} is not a Followthrough backup manifest: ${z.prettifyError(result.error)}`);
  }
  const manifest = result.data;

  if (manifest.files[0]?.path !== DATABASE_NAME)
    throw new BackupError("The manifest does not list the database first.");
  const evidencePaths = new Set<string>();
  for (const entry of manifest.files.slice(1)) {
    // Only evidence/<two hex>/<sha256>, named by its own hash: nothing in a manifest can point elsewhere.
    const expected = path.posix.join(EVIDENCE_DIR_NAME, entry.sha256.slice(0, 2), entry.sha256);
    if (entry.path !== expected) throw new BackupError(`The manifest lists an unexpected file: ${entry.path}`);
    evidencePaths.add(entry.sha256);
  }
  if (evidencePaths.size !== manifest.files.length - 1 || manifest.evidence.files !== evidencePaths.size) {
    throw new BackupError("The manifest's evidence file list does not match its counts.");
  }
  for (const entry of manifest.files) {
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

  const copy = new SQLite(path.join(source, DATABASE_NAME), { readonly: true, fileMustExist: true });
  try {
    const integrity = integrityOf(copy);
    if (integrity !== "ok") throw new BackupError(`The database in the backup fails its integrity check: ${integrity}`);
    const tables = tableCounts(copy);
    if (JSON.stringify(tables) !== JSON.stringify(manifest.database.tables)) {
      throw new BackupError("The database in the backup does not hold the row counts the manifest records.");
    }
    const missing = new Set(manifest.evidence.missing);
    for (const sha256 of evidenceSummary(copy).hashes) {
      if (!evidencePaths.has(sha256) && !missing.has(sha256)) {
        throw new BackupError(`Evidence file ${sha256} is named by the database but not in the backup.`);
      }
    }
  } finally {
    copy.close();
  }
  return manifest;
}

export interface RestoreOptions {
  source: string;
  databaseFile?: string;
  evidenceDir?: string;
  /** Restore even over a database that seems in use, or from a backup with missing evidence. */
  force?: boolean;
  now?: Date;
}

export interface RestoreResult {
  manifest: Manifest;
  databaseFile: string;
  /** Where the database that was there before now is (null when there was none). */
  previous: string | null;
  /** Evidence files written (those already present with the right content are left alone). */
  evidenceWritten: number;
}

/**
 * Refuses when another connection has the database open. Leaving WAL mode needs every other
 * connection closed (a running server keeps one open), and also folds the WAL into the file, so
 * the file that is set aside is whole on its own.
 */
function assertNotInUse(databaseFile: string): void {
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(databaseFile, { fileMustExist: true });
    db.pragma("busy_timeout = 0");
    const mode = db.pragma("journal_mode = DELETE", { simple: true });
    if (mode !== "delete") throw new Error(`journal mode stayed ${String(mode)}`);
    db.exec("BEGIN EXCLUSIVE; ROLLBACK;");
  } catch (error) {
    throw new BackupError(
      `The database at ${databaseFile} is in use (${(error as Error).message}). Stop the server first, or pass --force.`,
    );
  } finally {
    db?.close();
  }
}

const stampOf = (now: Date) => now.toISOString().replace(/[:.]/g, "-");

/**
 * Restores a backup made by backupData: verifies it, writes the evidence files (checking each
 * hash), then puts the database in place. The database that was there is moved aside, never deleted.
 */
export async function restoreData(options: RestoreOptions): Promise<RestoreResult> {
  refuseOnPostgres(options, "restore");
  const source = path.resolve(options.source);
  const databaseFile = path.resolve(options.databaseFile ?? databasePath());
  const evidenceDir = path.resolve(options.evidenceDir ?? path.join(dataDirectory(), EVIDENCE_DIR_NAME));
  const now = options.now ?? new Date();
  const force = options.force ?? false;

  const manifest = await verifyBackup(source);
  if (manifest.evidence.missing.length > 0 && !force) {
    throw new BackupError(
      `This backup lacks ${manifest.evidence.missing.length} evidence file(s) its database names (they were missing or damaged when it was taken). Pass --force to restore it anyway.`,
    );
  }
  const exists = fs.existsSync(databaseFile);
  if (exists && !force) assertNotInUse(databaseFile);

  // Evidence first, so that no restored row ever names a file that is not there yet.
  let evidenceWritten = 0;
  for (const entry of manifest.files.slice(1)) {
    const to = evidencePathFor(evidenceDir, entry.sha256);
    const present = fs.existsSync(to) ? await hashFile(to) : null;
    if (present?.sha256 === entry.sha256) continue;
    if (present) await fs.promises.rename(to, `${to}.damaged-${stampOf(now)}`);
    const copied = await copyDurably(path.join(source, ...entry.path.split("/")), to);
    if (copied.sha256 !== entry.sha256) throw new BackupError(`${entry.path} changed while it was being restored.`);
    evidenceWritten += 1;
  }

  // The database: copied beside its final place, checked, then the old one is set aside.
  const incoming = temporaryName(databaseFile);
  const copied = await copyDurably(path.join(source, DATABASE_NAME), incoming);
  if (copied.sha256 !== manifest.files[0].sha256) {
    await fs.promises.rm(incoming, { force: true });
    throw new BackupError(`${DATABASE_NAME} changed while it was being restored.`);
  }
  let previous: string | null = null;
  if (exists) {
    previous = `${databaseFile}.before-restore-${stampOf(now)}`;
    await fs.promises.rename(databaseFile, previous);
    for (const suffix of ["-wal", "-shm"]) {
      if (fs.existsSync(databaseFile + suffix)) await fs.promises.rename(databaseFile + suffix, previous + suffix);
    }
  }
  await fs.promises.rename(incoming, databaseFile);

  const restored = new SQLite(databaseFile, { fileMustExist: true });
  try {
    const integrity = integrityOf(restored);
    if (integrity !== "ok") throw new BackupError(`The restored database fails its integrity check: ${integrity}`);
  } finally {
    restored.close();
  }
  return { manifest, databaseFile, previous, evidenceWritten };
}
