import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { type Kysely, sql } from "kysely";
import { getDb } from "../../db/client";
import { type FileStoreSetting, dataDirectory, databaseEngine, fileStoreSetting } from "../../db/config";
import { engineOf } from "../../db/engine/engine";
import type { DB } from "../../db/schema";

// Evidence files and visit letters, named by the SHA-256 of their content and nothing else: the
// uploaded name never reaches the store, so no name can escape it, and the same file uploaded twice
// is stored once. Where they are kept is db/config.ts's fileStoreSetting:
// - a directory, `<root>/<first two hex>/<sha256>`: on SQLite the data directory's `evidence`
//   folder (as always); on PostgreSQL a folder every app server mounts (FILE_STORE=directory);
// - the database's stored_files table (PostgreSQL's default), so every app server reaches them and
//   a database backup holds them. A download reads it a slice at a time: a 25 MB file is never
//   held whole in memory to be served.
// Every function takes the database it works with (the app's by default): which store it is
// follows that database's engine. A store that cannot do what is asked throws FileStoreError,
// which says where and why; callers report it and keep what the user typed.

const SHA256 = /^[0-9a-f]{64}$/;

/** How much of a file stored in the database one query reads. */
const READ_SLICE_BYTES = 1024 * 1024;

export class FileStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FileStoreError";
  }
}

export function isSha256(value: string): boolean {
  return SHA256.test(value);
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The data directory's evidence folder: the SQLite installation's store. */
export function evidenceRoot(): string {
  return path.join(dataDirectory(), "evidence");
}

/** Where the file with this hash is (or would be) kept in a directory store. Throws for anything but a SHA-256. */
export function evidenceFilePath(sha256: string, root: string = evidenceRoot()): string {
  if (!isSha256(sha256)) throw new Error("Not a SHA-256 hex digest");
  return path.join(root, sha256.slice(0, 2), sha256);
}

export interface StoredFile {
  stream: Readable;
  size: number;
}

interface FileStore {
  store(sha256: string, bytes: Uint8Array): Promise<void>;
  open(sha256: string): Promise<StoredFile | null>;
  has(sha256: string): Promise<boolean>;
  remove(sha256: string): Promise<void>;
}

/**
 * The store for this database (the app's when none is given). A directory store never opens the
 * database: a process that only stores files (SQLite's) touches nothing else.
 */
function storeFor(db: Kysely<DB> | undefined): FileStore {
  const setting: FileStoreSetting = fileStoreSetting(db ? engineOf(db) : databaseEngine());
  return setting.kind === "database" ? databaseStore(db ?? getDb()) : directoryStore(setting.root, setting.shared);
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

function checked(sha256: string): string {
  if (!isSha256(sha256)) throw new Error("Not a SHA-256 hex digest");
  return sha256;
}

/** Stores the bytes under their hash (once per content) and returns the hash. */
export async function storeEvidenceFile(bytes: Uint8Array, db?: Kysely<DB>): Promise<string> {
  const sha256 = sha256Of(bytes);
  await storeFor(db).store(sha256, bytes);
  return sha256;
}

/** A read stream of a stored file and its size, or null when the store does not hold it. */
export async function openEvidenceFile(sha256: string, db?: Kysely<DB>): Promise<StoredFile | null> {
  return storeFor(db).open(checked(sha256));
}

/** Whether the store holds the file with this hash. */
export async function isFileStored(sha256: string, db?: Kysely<DB>): Promise<boolean> {
  return storeFor(db).has(checked(sha256));
}

/** A stored file's bytes, whole (tests and small files only; downloads use openEvidenceFile's stream). */
export async function readEvidenceFile(sha256: string, db?: Kysely<DB>): Promise<Buffer | null> {
  const stored = await openEvidenceFile(sha256, db);
  if (!stored) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stored.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Removes the file's content from the store; nothing happens when it is not there. */
export async function removeEvidenceFile(sha256: string, db?: Kysely<DB>): Promise<void> {
  await storeFor(db).remove(checked(sha256));
}

/**
 * Removes the file inside the caller's transaction when files are kept in the database, so the
 * removal and what caused it are saved together or not at all; true when done. False for a folder
 * store, which no transaction covers: the caller removes the file once its transaction is committed.
 */
export async function removeEvidenceFileInTransaction(trx: Kysely<DB>, sha256: string): Promise<boolean> {
  if (fileStoreSetting(engineOf(trx)).kind !== "database") return false;
  await databaseStore(trx).remove(checked(sha256));
  return true;
}

// ---------------------------------------------------------------------------------------------
// A directory: written to a temporary file in the same folder, flushed, then renamed, so a crash
// leaves at most a stray temporary file, never a partial file under the final name.

function directoryStore(root: string, shared: boolean): FileStore {
  const where = shared ? `the shared folder ${root} (FILE_STORE_DIR)` : `the evidence folder ${root}`;
  const fail = (what: string, error: unknown) =>
    new FileStoreError(`Could not ${what} in ${where}: ${reason(error)}`, { cause: error });

  async function statFile(sha256: string) {
    const stat = await fs.promises.stat(evidenceFilePath(sha256, root)).catch(() => null);
    return stat !== null && stat.isFile() ? stat : null;
  }

  return {
    async store(sha256, bytes) {
      const target = evidenceFilePath(sha256, root);
      if ((await statFile(sha256))?.size === bytes.length) return;
      // A shared folder that is not there is a mount that failed: creating it would put the file
      // on this server's own disk, out of the other servers' reach.
      if (shared && !(await fs.promises.stat(root).catch(() => null))?.isDirectory()) {
        throw new FileStoreError(`Could not store the file: ${where} does not exist (is it mounted?)`);
      }
      let temporary: string | null = null;
      try {
        // Evidence may hold personal data: only the server's own account may read it.
        await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
        temporary = path.join(path.dirname(target), `.${sha256}.${randomBytes(8).toString("hex")}.tmp`);
        const handle = await fs.promises.open(temporary, "wx", 0o600);
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        // Rename replaces atomically; a concurrent upload of the same content writes the same bytes.
        await fs.promises.rename(temporary, target);
      } catch (error) {
        if (temporary) await fs.promises.rm(temporary, { force: true }).catch(() => undefined);
        throw fail("store the file", error);
      }
    },
    async open(sha256) {
      const stat = await statFile(sha256);
      if (!stat) {
        // Missing from a shared folder that is not there at all: the mount failed, not the file.
        if (shared && !(await fs.promises.stat(root).catch(() => null))?.isDirectory()) {
          throw new FileStoreError(`Could not read the file: ${where} does not exist (is it mounted?)`);
        }
        return null;
      }
      return { stream: fs.createReadStream(evidenceFilePath(sha256, root)), size: stat.size };
    },
    async has(sha256) {
      return (await statFile(sha256)) !== null;
    },
    async remove(sha256) {
      try {
        await fs.promises.rm(evidenceFilePath(sha256, root), { force: true });
      } catch (error) {
        throw fail("remove the file", error);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The database: one stored_files row per content.

function databaseStore(db: Kysely<DB>): FileStore {
  const fail = (what: string, error: unknown) =>
    new FileStoreError(`Could not ${what} in the database (table stored_files): ${reason(error)}`, { cause: error });

  async function sizeOf(sha256: string): Promise<number | null> {
    try {
      const row = await db.selectFrom("stored_files").select("size").where("sha256", "=", sha256).executeTakeFirst();
      return row?.size ?? null;
    } catch (error) {
      throw fail("read the file", error);
    }
  }

  return {
    async store(sha256, bytes) {
      // Already there: nothing is sent again (the hash names the content).
      if ((await sizeOf(sha256)) === bytes.length) return;
      const content = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      try {
        await db
          .insertInto("stored_files")
          .values({ sha256, size: bytes.length, content })
          // Two servers storing the same content at once: the second writes nothing. A row whose
          // size disagrees with its name (damaged) is replaced by the real content.
          .onConflict((oc) =>
            oc
              .column("sha256")
              .doUpdateSet({ size: bytes.length, content })
              .where("stored_files.size", "!=", bytes.length),
          )
          .execute();
      } catch (error) {
        throw fail("store the file", error);
      }
    },
    async open(sha256) {
      const size = await sizeOf(sha256);
      if (size === null) return null;
      async function* slices(): AsyncGenerator<Buffer> {
        for (let offset = 0; offset < size!; offset += READ_SLICE_BYTES) {
          let slice: Uint8Array | null | undefined;
          try {
            // substr on a blob/bytea counts bytes, from 1, on both engines.
            const result = await sql<{ slice: Uint8Array | null }>`
              select substr(content, ${offset + 1}, ${READ_SLICE_BYTES}) as slice
              from stored_files where sha256 = ${sha256}`.execute(db);
            slice = result.rows[0]?.slice;
          } catch (error) {
            throw fail("read the file", error);
          }
          if (!slice || slice.length === 0) throw new FileStoreError("The file was removed while it was being read");
          yield Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength);
        }
      }
      // Not object mode: the stream reads ahead one slice at most.
      return { stream: Readable.from(slices(), { objectMode: false }), size };
    },
    async has(sha256) {
      return (await sizeOf(sha256)) !== null;
    },
    async remove(sha256) {
      try {
        await db.deleteFrom("stored_files").where("sha256", "=", sha256).execute();
      } catch (error) {
        throw fail("remove the file", error);
      }
    },
  };
}
