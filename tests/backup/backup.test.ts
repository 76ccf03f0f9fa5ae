import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import SQLite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backupData, BackupError, MANIFEST_NAME, restoreData, verifyBackup } from "../../db/backup-lib";
import {
  createInstallation,
  evidenceBytes,
  type Installation,
  insertWrite,
  rowsOf,
  sha256Of,
  storeFileSync,
  tableNames,
  WRITER_TITLE,
} from "./source";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-backup-"));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function writerNumbers(db: SQLite.Database): number[] {
  return (
    db.prepare("SELECT title FROM actions WHERE title LIKE ? ORDER BY id").pluck().all(`${WRITER_TITLE} %`) as string[]
  ).map((title) => Number(title.slice(WRITER_TITLE.length + 1)));
}

/**
 * The restored installation is the source as it was at one moment: every table holds exactly the
 * first rows (by rowid) the source holds now (but the change tokens, rewritten on each write), the
 * writes in it are 1..N with all four rows of each, and every evidence row's file is in its
 * evidence store with the right hash.
 */
function expectConsistentCopy(source: Installation, restoredDb: string, restoredEvidence: string) {
  const src = new SQLite(source.databaseFile, { readonly: true });
  const dst = new SQLite(restoredDb, { readonly: true });
  try {
    expect(dst.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(dst.pragma("foreign_key_check")).toEqual([]);
    expect(tableNames(dst)).toEqual(tableNames(src));
    for (const table of tableNames(dst)) {
      // Tokens rewritten on every plan write (cache keys, not data): only which rows exist counts.
      if (table === "plan_change_token") {
        expect(rowsOf(dst, table)).toHaveLength(1);
        continue;
      }
      if (table === "authority_change_token") {
        const authorities = dst.prepare("SELECT id FROM authorities ORDER BY id").pluck().all();
        expect(dst.prepare("SELECT authority_id FROM authority_change_token ORDER BY 1").pluck().all()).toEqual(
          authorities,
        );
        continue;
      }
      const restored = rowsOf(dst, table);
      const prefix = rowsOf(src, table, restored.length);
      expect(prefix.length, `source has fewer ${table} rows than the copy`).toBe(restored.length);
      expect(restored, `table ${table}`).toEqual(prefix);
    }
    const writes = writerNumbers(dst);
    const n = writes.length;
    expect(writes).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const count = (sql: string) => dst.prepare(sql).pluck().get() as number;
    expect(count("SELECT count(*) FROM evidence")).toBe(n);
    expect(count("SELECT count(*) FROM progress_updates")).toBe(n);
    expect(count("SELECT count(*) FROM audit_events WHERE event = 'action.evidence_added'")).toBe(n);
    const hashes = dst.prepare("SELECT file_sha256 FROM evidence").pluck().all() as string[];
    for (const sha256 of hashes) {
      const file = path.join(restoredEvidence, sha256.slice(0, 2), sha256);
      expect(fs.existsSync(file), `evidence file ${sha256}`).toBe(true);
      expect(sha256Of(fs.readFileSync(file))).toBe(sha256);
    }
    return { restoredWrites: n, sourceWrites: writerNumbers(src).length };
  } finally {
    src.close();
    dst.close();
  }
}

function waitForOutput(child: ChildProcess, read: () => number, atLeast: number, timeoutMs = 45_000) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`writer did not reach ${atLeast} writes`)), timeoutMs);
    const check = () => {
      if (read() >= atLeast) {
        clearTimeout(timer);
        child.stdout?.off("data", check);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (read() < atLeast) reject(new Error(`writer exited with ${code}`));
    });
    check();
  });
}

describe("backup while the app writes, then restore", () => {
  it("copies one consistent moment when writes land between the backup's steps", async () => {
    const source = await createInstallation(path.join(tmp, "data"));
    const other = new SQLite(source.databaseFile);
    let written = 0;
    let steps = 0;
    const write = () => {
      written += 1;
      const bytes = evidenceBytes(written);
      insertWrite(other, source, written, storeFileSync(source.evidenceDir, bytes), bytes.length);
    };
    write();
    const result = await backupData({
      target: path.join(tmp, "backup"),
      databaseFile: source.databaseFile,
      evidenceDir: source.evidenceDir,
      pagesPerStep: 20,
      // Another connection commits a write after every other step of the copy.
      onStep: () => {
        steps += 1;
        if (steps % 2 === 0) write();
      },
    });
    write();
    other.close();

    expect(steps).toBeGreaterThan(5);
    // A write between steps makes SQLite start the copy again; after three, it finishes in one step.
    expect(result.restarts).toBeGreaterThanOrEqual(3);
    expect(result.missing).toEqual([]);
    const { manifest } = result;
    expect(manifest.evidence.files).toBe(manifest.evidence.fileRows);
    expect(manifest.database.tables.actions).toBeGreaterThan(1500);

    await restoreData({
      source: path.join(tmp, "backup"),
      databaseFile: path.join(tmp, "restored/followthrough.db"),
      evidenceDir: path.join(tmp, "restored/evidence"),
    });
    const { restoredWrites, sourceWrites } = expectConsistentCopy(
      source,
      path.join(tmp, "restored/followthrough.db"),
      path.join(tmp, "restored/evidence"),
    );
    expect(restoredWrites).toBeGreaterThanOrEqual(1);
    expect(sourceWrites).toBe(written);
    expect(restoredWrites).toBeLessThan(written);
    expect(manifest.database.tables.evidence).toBe(restoredWrites);
  });

  // Child processes start slowly on a busy machine, hence the longer limits.
  it("backs up while another process keeps inserting actions and evidence files", { timeout: 90_000 }, async () => {
    const source = await createInstallation(path.join(tmp, "data"));
    // Node itself with tsx's loader, so the "stop" message reaches the writer directly.
    // An SQLite installation's server, whatever engine the suite runs on: its files go to the data
    // directory (on PostgreSQL they would go to the database, out of this backup's reach).
    const { DATABASE_URL: _suiteDatabase, ...env } = process.env;
    const writer = spawn(process.execPath, ["--import", "tsx", "tests/backup/writer.ts", JSON.stringify(source)], {
      cwd: root,
      env: { ...env, DATABASE_PATH: source.databaseFile },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let output = "";
    let errors = "";
    writer.stdout?.on("data", (chunk) => (output += chunk));
    writer.stderr?.on("data", (chunk) => (errors += chunk));
    const writes = () => output.split("\n").filter(Boolean).length;
    try {
      await waitForOutput(writer, writes, 5);
      const before = writes();
      const result = await backupData({
        target: path.join(tmp, "backup"),
        databaseFile: source.databaseFile,
        evidenceDir: source.evidenceDir,
        pagesPerStep: 10,
      });
      expect(result.missing).toEqual([]);
      expect(result.corrupt).toEqual([]);
      // The writer carries on after the backup, so the source ends ahead of the copy.
      await waitForOutput(writer, writes, Math.max(writes(), before) + 5);
    } finally {
      const exited = new Promise((resolve) => writer.once("exit", resolve));
      if (writer.connected) writer.send("stop");
      await exited;
    }
    expect(errors).toBe("");

    await restoreData({
      source: path.join(tmp, "backup"),
      databaseFile: path.join(tmp, "restored/followthrough.db"),
      evidenceDir: path.join(tmp, "restored/evidence"),
    });
    const { restoredWrites, sourceWrites } = expectConsistentCopy(
      source,
      path.join(tmp, "restored/followthrough.db"),
      path.join(tmp, "restored/evidence"),
    );
    expect(restoredWrites).toBeGreaterThanOrEqual(5);
    expect(sourceWrites).toBeGreaterThan(restoredWrites);
  });

  it("runs as npm run backup / restore with DATABASE_PATH", { timeout: 90_000 }, async () => {
    const source = await createInstallation(path.join(tmp, "data"), 10);
    const db = new SQLite(source.databaseFile);
    const bytes = evidenceBytes(1);
    insertWrite(db, source, 1, storeFileSync(source.evidenceDir, bytes), bytes.length);
    db.close();
    const run = promisify(execFile);
    // The commands on an SQLite installation, whatever engine the rest of the suite runs on.
    const { DATABASE_URL: _suiteDatabase, ...sqliteEnv } = process.env;
    const backup = await run(tsx, ["db/backup.ts", path.join(tmp, "backup")], {
      cwd: root,
      env: { ...sqliteEnv, DATABASE_PATH: source.databaseFile },
    });
    expect(backup.stdout).toMatch(/Backed up .* and 1 evidence file\(s\)/);
    const refused = await run(tsx, ["db/backup.ts", path.join(tmp, "backup")], {
      cwd: root,
      env: { ...sqliteEnv, DATABASE_PATH: source.databaseFile },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/is not empty/) });
    const target = path.join(tmp, "elsewhere/followthrough.db");
    const restore = await run(tsx, ["db/restore.ts", path.join(tmp, "backup")], {
      cwd: root,
      env: { ...sqliteEnv, DATABASE_PATH: target },
    });
    expect(restore.stdout).toMatch(/Restored the backup/);
    expectConsistentCopy(source, target, path.join(tmp, "elsewhere/evidence"));
  });
});

describe("refusals", () => {
  async function backedUp() {
    const source = await createInstallation(path.join(tmp, "data"), 10);
    const db = new SQLite(source.databaseFile);
    for (let k = 1; k <= 3; k++) {
      const bytes = evidenceBytes(k);
      insertWrite(db, source, k, storeFileSync(source.evidenceDir, bytes), bytes.length);
    }
    db.close();
    const target = path.join(tmp, "backup");
    const result = await backupData({ target, databaseFile: source.databaseFile, evidenceDir: source.evidenceDir });
    return { source, target, manifest: result.manifest };
  }
  const restoreTo = (target: string, extra: { force?: boolean } = {}) =>
    restoreData({
      source: target,
      databaseFile: path.join(tmp, "restored/followthrough.db"),
      evidenceDir: path.join(tmp, "restored/evidence"),
      ...extra,
    });

  it("writes a backup and a restore only its owner can read, whatever the umask", async () => {
    const before = process.umask(0o022);
    try {
      const { target } = await backedUp();
      await restoreTo(target);
    } finally {
      process.umask(before);
    }
    const modes = (root: string) =>
      fs
        .readdirSync(root, { recursive: true, withFileTypes: true })
        .map((entry) => {
          const file = path.join(entry.parentPath, entry.name);
          return [path.relative(tmp, file), (fs.statSync(file).mode & 0o777).toString(8)];
        })
        .concat([[path.relative(tmp, root), (fs.statSync(root).mode & 0o777).toString(8)]]);
    const all = [...modes(path.join(tmp, "backup")), ...modes(path.join(tmp, "restored"))];
    expect(all.length).toBeGreaterThan(8);
    for (const [file, mode] of all) {
      expect({ file, mode }).toEqual({ file, mode: fs.statSync(path.join(tmp, file)).isDirectory() ? "700" : "600" });
    }
  });

  it("refuses a directory that is not empty unless told to replace the backup in it", async () => {
    const { source, target } = await backedUp();
    const options = { target, databaseFile: source.databaseFile, evidenceDir: source.evidenceDir };
    await expect(backupData(options)).rejects.toThrow(/is not empty/);
    const other = path.join(tmp, "other");
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, "notes.txt"), "mine");
    await expect(backupData({ ...options, target: other })).rejects.toBeInstanceOf(BackupError);
    await backupData({ ...options, overwrite: true });
    await expect(verifyBackup(target)).resolves.toMatchObject({ evidence: { files: 3 } });
  });

  it("refuses a damaged manifest, a changed file or a missing one, and restores nothing", async () => {
    const { target } = await backedUp();
    const manifestFile = path.join(target, MANIFEST_NAME);
    const original = fs.readFileSync(manifestFile, "utf8");

    fs.writeFileSync(manifestFile, original.slice(0, 100));
    await expect(restoreTo(target)).rejects.toThrow(/not valid JSON/);
    const edited = JSON.parse(original);
    edited.database.tables.actions += 1;
    fs.writeFileSync(manifestFile, JSON.stringify(edited));
    await expect(restoreTo(target)).rejects.toThrow(/row counts/);
    edited.database.tables.actions -= 1;
    edited.files[1].path = "../../etc/passwd";
    fs.writeFileSync(manifestFile, JSON.stringify(edited));
    await expect(restoreTo(target)).rejects.toThrow(/unexpected file/);
    fs.writeFileSync(manifestFile, original);

    const evidenceFile = path.join(target, JSON.parse(original).files[2].path);
    const bytes = fs.readFileSync(evidenceFile);
    fs.writeFileSync(evidenceFile, Buffer.concat([bytes.subarray(0, 10), Buffer.from("X"), bytes.subarray(11)]));
    await expect(restoreTo(target)).rejects.toThrow(/does not match the manifest/);
    fs.rmSync(evidenceFile);
    await expect(restoreTo(target)).rejects.toThrow(/missing from the backup/);
    fs.writeFileSync(evidenceFile, bytes);

    const databaseCopy = path.join(target, "followthrough.db");
    const db = fs.readFileSync(databaseCopy);
    db[db.length - 100] ^= 0xff;
    fs.writeFileSync(databaseCopy, db);
    await expect(restoreTo(target)).rejects.toThrow(/does not match the manifest/);

    expect(fs.existsSync(path.join(tmp, "restored"))).toBe(false);
  });

  it("reports evidence rows whose file is missing, and restore wants --force for such a backup", async () => {
    const source = await createInstallation(path.join(tmp, "data"), 10);
    const db = new SQLite(source.databaseFile);
    const bytes = evidenceBytes(1);
    const sha256 = storeFileSync(source.evidenceDir, bytes);
    insertWrite(db, source, 1, sha256, bytes.length);
    db.close();
    fs.rmSync(path.join(source.evidenceDir, sha256.slice(0, 2), sha256));
    const target = path.join(tmp, "backup");
    const result = await backupData({ target, databaseFile: source.databaseFile, evidenceDir: source.evidenceDir });
    expect(result.missing).toEqual([sha256]);
    expect(result.manifest.evidence.missing).toEqual([sha256]);
    await expect(restoreTo(target)).rejects.toThrow(/lacks 1 evidence file/);
    await expect(restoreTo(target, { force: true })).resolves.toMatchObject({ previous: null });
  });

  it("copies the Ofsted letters of visits and meetings, kept in the evidence store, and restores them", async () => {
    const source = await createInstallation(path.join(tmp, "data"), 10);
    const db = new SQLite(source.databaseFile);
    const letter = Buffer.from("%PDF-1.4\nMonitoring visit letter\n%%EOF\n");
    const sha256 = storeFileSync(source.evidenceDir, letter);
    db.prepare(
      "INSERT INTO inspection_events (authority_id, kind, event_date, title, letter_sha256, letter_name, letter_size, letter_type, created_at) VALUES (1, 'monitoring_visit', '2026-10-01', 'Monitoring visit 1', ?, 'letter.pdf', ?, 'pdf', '2026-10-02T09:00:00.000Z')",
    ).run(sha256, letter.length);
    db.close();
    const target = path.join(tmp, "backup");
    const result = await backupData({ target, databaseFile: source.databaseFile, evidenceDir: source.evidenceDir });
    expect(result.missing).toEqual([]);
    expect(fs.readFileSync(path.join(target, "evidence", sha256.slice(0, 2), sha256))).toEqual(letter);
    await restoreTo(target);
    expect(fs.readFileSync(path.join(tmp, "restored", "evidence", sha256.slice(0, 2), sha256))).toEqual(letter);
  });

  it("refuses to restore over a database in use, and keeps the one it replaces", async () => {
    const { target } = await backedUp();
    const existing = await createInstallation(path.join(tmp, "restored"), 7);
    const running = new SQLite(existing.databaseFile);
    running.pragma("journal_mode = WAL");
    running.prepare("SELECT count(*) FROM actions").get();
    await expect(restoreTo(target)).rejects.toThrow(/in use/);
    running.close();

    const now = new Date("2026-11-22T10:00:00Z");
    const result = await restoreData({
      source: target,
      databaseFile: existing.databaseFile,
      evidenceDir: existing.evidenceDir,
      now,
    });
    expect(result.previous).toBe(`${existing.databaseFile}.before-restore-2026-11-22T10-00-00-000Z`);
    const kept = new SQLite(result.previous!, { readonly: true });
    expect(kept.prepare("SELECT count(*) FROM actions").pluck().get()).toBe(7);
    kept.close();
    const restored = new SQLite(existing.databaseFile, { readonly: true });
    expect(restored.prepare("SELECT count(*) FROM actions").pluck().get()).toBe(13);
    restored.close();
  });
});
