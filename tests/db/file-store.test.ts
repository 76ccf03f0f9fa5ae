import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb, openPostgresDatabase, openSqliteDatabase } from "../../db/client";
import { databasePath, fileStoreSetting } from "../../db/config";
import { isPostgres } from "../../db/engine/engine";
import type { DB } from "../../db/schema";
import {
  evidenceFilePath,
  FileStoreError,
  isFileStored,
  openEvidenceFile,
  readEvidenceFile,
  removeEvidenceFile,
  sha256Of,
  storeEvidenceFile,
} from "../../app/utils/evidence-store.server";
import { breakFileStore, storedCopies } from "../helpers/stored-files";

// The file store on the engine the suite runs on: SQLite's data directory, PostgreSQL's
// stored_files table (the default there) or a shared folder (FILE_STORE=directory). Run with and
// without TEST_DATABASE_URL. "Another app server" is a second Kysely instance on the same database,
// with its own connections, as a second server process has.

const postgres = isPostgres(getDb());

/** A second app instance on this test file's database. */
function anotherServer(): Kysely<DB> {
  return postgres ? openPostgresDatabase(process.env.DATABASE_URL!, { max: 2 }) : openSqliteDatabase(databasePath());
}

const content = (size = 200) => new Uint8Array(Buffer.concat([Buffer.from(`${Date.now()} `), randomBytes(size)]));

let other: Kysely<DB>;
beforeEach(() => {
  other = anotherServer();
});
afterEach(async () => {
  await other.destroy();
});

describe("the file store of this engine", () => {
  it("is the data directory on SQLite and the database on PostgreSQL, unless told otherwise", () => {
    expect(fileStoreSetting(postgres ? "postgres" : "sqlite")).toEqual(
      postgres
        ? { kind: "database" }
        : { kind: "directory", root: path.join(path.dirname(databasePath()), "evidence"), shared: false },
    );
  });

  it("stores, reads, answers whether it holds, and removes a file, keeping one copy per content", async () => {
    const bytes = content();
    const sha256 = await storeEvidenceFile(bytes);
    expect(sha256).toBe(sha256Of(bytes));
    expect(await isFileStored(sha256)).toBe(true);
    expect(new Uint8Array((await readEvidenceFile(sha256))!)).toEqual(bytes);
    expect(await storeEvidenceFile(bytes)).toBe(sha256);
    expect(await storedCopies(sha256)).toBe(1);

    await removeEvidenceFile(sha256);
    expect(await isFileStored(sha256)).toBe(false);
    expect(await openEvidenceFile(sha256)).toBeNull();
    expect(await readEvidenceFile(sha256)).toBeNull();
    expect(await storedCopies(sha256)).toBe(0);
    // Removing what is not there is not an error.
    await removeEvidenceFile(sha256);
  });

  it("keeps files in the database on PostgreSQL, and where they always were on SQLite", async () => {
    const bytes = content();
    const sha256 = await storeEvidenceFile(bytes);
    const file = path.join(path.dirname(databasePath()), "evidence", sha256.slice(0, 2), sha256);
    const rows = await getDb().selectFrom("stored_files").select(["sha256", "size", "content"]).execute();
    if (postgres) {
      expect(rows.map((r) => [r.sha256, r.size, new Uint8Array(r.content)])).toEqual([[sha256, bytes.length, bytes]]);
      expect(fs.existsSync(file)).toBe(false);
    } else {
      expect(new Uint8Array(fs.readFileSync(file))).toEqual(bytes);
      expect(rows).toEqual([]);
    }
  });

  it("streams a large file in slices, exactly", async () => {
    const bytes = new Uint8Array(randomBytes(3 * 1024 * 1024 + 123));
    const sha256 = await storeEvidenceFile(bytes);
    const opened = await openEvidenceFile(sha256);
    expect(opened!.size).toBe(bytes.length);
    const chunks: Buffer[] = [];
    for await (const chunk of opened!.stream) chunks.push(chunk as Buffer);
    expect(sha256Of(Buffer.concat(chunks))).toBe(sha256);
    // From the database, one slice (1 MB) a query: never the whole file at once.
    if (postgres) expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(1024 * 1024);
  });

  it("refuses anything but a SHA-256 as a name", async () => {
    for (const name of ["../../../etc/passwd", "A".repeat(64), "", `${"a".repeat(63)}/`]) {
      await expect(isFileStored(name)).rejects.toThrow(/SHA-256/);
      await expect(openEvidenceFile(name)).rejects.toThrow(/SHA-256/);
      await expect(removeEvidenceFile(name)).rejects.toThrow(/SHA-256/);
    }
  });

  it("reports a store out of reach as a FileStoreError that says where, and stores nothing", async () => {
    const bytes = content();
    const restore = await breakFileStore();
    try {
      const failure = await storeEvidenceFile(bytes).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(FileStoreError);
      expect((failure as Error).message).toMatch(postgres ? /stored_files/ : /evidence folder/);
    } finally {
      await restore();
    }
    expect(await isFileStored(sha256Of(bytes))).toBe(false);
  });
});

describe("several app servers on one database", () => {
  it("a file stored through one server is read and removed through another", async () => {
    const bytes = content(5000);
    const sha256 = await storeEvidenceFile(bytes, getDb());
    expect(await isFileStored(sha256, other)).toBe(true);
    expect(new Uint8Array((await readEvidenceFile(sha256, other))!)).toEqual(bytes);

    // Both store the same content at once: one copy.
    const again = content(5000);
    const hashes = await Promise.all([storeEvidenceFile(again, getDb()), storeEvidenceFile(again, other)]);
    expect(hashes[0]).toBe(hashes[1]);
    expect(await storedCopies(hashes[0])).toBe(1);

    await removeEvidenceFile(sha256, other);
    expect(await isFileStored(sha256, getDb())).toBe(false);
  });
});

describe.runIf(postgres)("a shared folder on PostgreSQL (FILE_STORE=directory)", () => {
  let folder: string;
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-shared-"));
    process.env.FILE_STORE = "directory";
    process.env.FILE_STORE_DIR = folder;
  });
  afterEach(() => {
    delete process.env.FILE_STORE;
    delete process.env.FILE_STORE_DIR;
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("keeps files in the folder, not the database, where every server reads them", async () => {
    const bytes = content();
    const sha256 = await storeEvidenceFile(bytes, getDb());
    expect(new Uint8Array(fs.readFileSync(evidenceFilePath(sha256, folder)))).toEqual(bytes);
    expect(fs.statSync(evidenceFilePath(sha256, folder)).mode & 0o077).toBe(0);
    expect(await getDb().selectFrom("stored_files").select("sha256").execute()).toEqual([]);
    expect(new Uint8Array((await readEvidenceFile(sha256, other))!)).toEqual(bytes);
    await removeEvidenceFile(sha256, other);
    expect(fs.existsSync(evidenceFilePath(sha256, folder))).toBe(false);
  });

  it("refuses to write when the folder is not there (a mount that failed), creating nothing", async () => {
    fs.rmSync(folder, { recursive: true });
    const bytes = content();
    await expect(storeEvidenceFile(bytes)).rejects.toThrow(/does not exist \(is it mounted\?\)/);
    expect(fs.existsSync(folder)).toBe(false);
    await expect(openEvidenceFile(sha256Of(bytes))).rejects.toBeInstanceOf(FileStoreError);
  });
});

describe("choosing the store", () => {
  const choose = (engine: "sqlite" | "postgres", env: Record<string, string>) => () => fileStoreSetting(engine, env);

  it("takes the database or a shared folder on PostgreSQL", () => {
    expect(choose("postgres", {})()).toEqual({ kind: "database" });
    expect(choose("postgres", { FILE_STORE: "database" })()).toEqual({ kind: "database" });
    expect(choose("postgres", { FILE_STORE: "directory", FILE_STORE_DIR: "/mnt/evidence" })()).toEqual({
      kind: "directory",
      root: "/mnt/evidence",
      shared: true,
    });
  });

  it("refuses settings it cannot honour rather than ignoring them", () => {
    expect(choose("postgres", { FILE_STORE: "s3" })).toThrow(/FILE_STORE must be "database" or "directory"/);
    expect(choose("postgres", { FILE_STORE: "directory" })).toThrow(/needs FILE_STORE_DIR/);
    expect(choose("postgres", { FILE_STORE_DIR: "/mnt/evidence" })).toThrow(/FILE_STORE is not "directory"/);
    expect(choose("sqlite", { FILE_STORE: "database" })).toThrow(/PostgreSQL \(DATABASE_URL\) only/);
    expect(choose("sqlite", { FILE_STORE_DIR: "/mnt/evidence" })).toThrow(/PostgreSQL \(DATABASE_URL\) only/);
  });
});
