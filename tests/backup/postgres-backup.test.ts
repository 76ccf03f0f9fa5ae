import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type Kysely, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storeEvidenceFile } from "../../app/utils/evidence-store.server";
import { BackupError, MANIFEST_NAME } from "../../db/backup-lib";
import { backupPostgres, restorePostgres } from "../../db/backup-postgres";
import { getDb, openPostgresDatabase } from "../../db/client";
import type { DB } from "../../db/schema";
import { databaseUrlFor, dropDatabase, recreateDatabase, withAdmin } from "../setup/postgres";

// npm run backup / restore on PostgreSQL (pg_dump / pg_restore), while two "servers" keep writing
// to the database: each write is one transaction adding an action, its evidence file (in the
// configured store), the evidence row, a progress update and an audit event. Transactions run one
// at a time on PostgreSQL (db/engine/locks.ts), so ids follow commit order and at any moment each
// table is a prefix (by id) of what it holds later: a restore of one moment is exactly such a prefix.

const adminUrl = process.env.TEST_DATABASE_URL;
const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const run = promisify(execFile);
const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

let tmp: string;
const databases: string[] = [];
const savedEnv = { FILE_STORE: process.env.FILE_STORE, FILE_STORE_DIR: process.env.FILE_STORE_DIR };

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-pgbackup-"));
});
afterEach(async () => {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const name of databases.splice(0)) await withAdmin(adminUrl!, (client) => dropDatabase(client, name));
});

async function newDatabase(label: string): Promise<string> {
  const name = `followthrough_${label}_${process.pid}`;
  await withAdmin(adminUrl!, (client) => recreateDatabase(client, name));
  databases.push(name);
  return databaseUrlFor(adminUrl!, name);
}

const NOW = "2026-11-01T09:00:00.000Z";

async function seed(db: Kysely<DB>, bulk = 300) {
  const authority = await db
    .insertInto("authorities")
    .values({ name: "Backupshire", created_at: NOW })
    .returning("id")
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto("users")
    .values({
      name: "Lena Lead",
      email: "lead@backupshire.example.gov.uk",
      role: "improvement_lead",
      authority_id: authority.id,
      password_hash: "x",
      created_at: NOW,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const inspection = await db
    .insertInto("inspections")
    .values({
      authority_id: authority.id,
      kind: "ilacs",
      title: "Inspection of Backupshire",
      basis_kind: "publication",
      content_hash: "a".repeat(64),
      extracted_text: "text",
      imported_at: NOW,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const recommendation = await db
    .insertInto("recommendations")
    .values({
      inspection_id: inspection.id,
      reference: "1",
      text: "Improve supervision.",
      agencies: "[]",
      position: 1,
      due_date_rule: "none",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("actions")
    .values(
      Array.from({ length: bulk }, (_, i) => ({
        recommendation_id: recommendation.id,
        title: `Bulk action ${i + 1}`,
        description: `Description ${i + 1} `.repeat(40),
        status: "not_started" as const,
        created_at: NOW,
        updated_at: NOW,
      })),
    )
    .execute();
  return { recommendationId: recommendation.id, userId: user.id };
}

/** A server writing until told to stop: write k of writer w is one transaction of four rows and a file. */
function startWriter(url: string, w: number, ids: { recommendationId: number; userId: number }) {
  const db = openPostgresDatabase(url, { max: 2 });
  let committed = 0;
  let stopping = false;
  const done = (async () => {
    for (let k = 1; !stopping; k++) {
      const bytes = Buffer.from(`Evidence ${w}.${k}: ${randomBytes(24).toString("hex")}\n`.repeat(30));
      const at = new Date(Date.UTC(2026, 10, 2, 9, 0, k)).toISOString();
      await db.transaction().execute(async (trx) => {
        const sha256 = await storeEvidenceFile(bytes, trx);
        const action = await trx
          .insertInto("actions")
          .values({
            recommendation_id: ids.recommendationId,
            title: `Writer ${w} ${k}`,
            description: "",
            status: "in_progress",
            created_at: at,
            updated_at: at,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("evidence")
          .values({
            action_id: action.id,
            kind: "file",
            purpose: "completion",
            description: `Audit ${w}.${k}`,
            added_by: ids.userId,
            created_at: at,
            file_sha256: sha256,
            file_name: `audit-${w}-${k}.txt`,
            file_size: bytes.length,
            file_type: "text/plain",
          })
          .execute();
        await trx
          .insertInto("progress_updates")
          .values({ action_id: action.id, author_id: ids.userId, body: `Update ${w}.${k}`, created_at: at })
          .execute();
        await trx
          .insertInto("audit_events")
          .values({
            at,
            user_id: ids.userId,
            entity_type: "action",
            entity_id: action.id,
            event: "action.evidence_added",
            after: JSON.stringify({ sha256 }),
          })
          .execute();
      });
      committed = k;
    }
  })();
  return {
    committed: () => committed,
    async stop() {
      stopping = true;
      await done;
      await db.destroy();
    },
  };
}

const until = async (condition: () => boolean, what: string) => {
  for (const started = Date.now(); !condition(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() - started > 30_000) throw new Error(`timed out waiting for ${what}`);
  }
};

async function tablesOf(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = current_schema() order by 1`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * The restored database is the source as at one moment: each table holds exactly the first rows
 * (by id) the source holds now; each writer's writes are 1..n, whole; every evidence row's file is
 * in the store (stored_files, or the directory given) with its hash.
 */
async function expectConsistentCopy(sourceDb: Kysely<DB>, restoredDb: Kysely<DB>, directory?: string) {
  const tables = await tablesOf(restoredDb);
  expect(tables).toEqual(await tablesOf(sourceDb));
  for (const table of tables) {
    if (["plan_change_token", "authority_change_token", "kysely_migration_lock"].includes(table)) continue;
    // The key first (id, sha256, name) in every table that has rows here.
    const restored = (await sql`select * from ${sql.table(table)} order by 1`.execute(restoredDb)).rows;
    if (table === "stored_files") {
      const source = await sql<{ sha256: string }>`select sha256 from stored_files`.execute(sourceDb);
      const known = new Set(source.rows.map((r) => r.sha256));
      for (const row of restored as { sha256: string; content: Buffer }[]) {
        expect(known.has(row.sha256)).toBe(true);
        expect(sha256Of(row.content)).toBe(row.sha256);
      }
      continue;
    }
    const prefix = (await sql`select * from ${sql.table(table)} order by 1 limit ${restored.length}`.execute(sourceDb))
      .rows;
    expect(restored, `table ${table}`).toEqual(prefix);
  }
  const writes = (
    await sql<{ title: string }>`select title from actions where title like 'Writer %' order by id`.execute(restoredDb)
  ).rows.map((r) => r.title.split(" ").slice(1).map(Number));
  const perWriter = [1, 2].map((w) => writes.filter(([writer]) => writer === w).map(([, k]) => k));
  for (const ks of perWriter) expect(ks).toEqual(Array.from({ length: ks.length }, (_, i) => i + 1));
  const n = writes.length;
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    Number((await query.execute(restoredDb)).rows[0].n);
  expect(await count(sql`select count(*) as n from evidence`)).toBe(n);
  expect(await count(sql`select count(*) as n from progress_updates`)).toBe(n);
  expect(await count(sql`select count(*) as n from audit_events where event = 'action.evidence_added'`)).toBe(n);
  const hashes = (await sql<{ h: string }>`select file_sha256 as h from evidence`.execute(restoredDb)).rows.map(
    (r) => r.h,
  );
  for (const sha256 of hashes) {
    if (directory) {
      const file = path.join(directory, sha256.slice(0, 2), sha256);
      expect(sha256Of(fs.readFileSync(file))).toBe(sha256);
    } else {
      const { rows } = await sql<{ content: Buffer }>`
        select content from stored_files where sha256 = ${sha256}`.execute(restoredDb);
      expect(sha256Of(rows[0].content)).toBe(sha256);
    }
  }
  return n;
}

describe.skipIf(!adminUrl)("PostgreSQL backup and restore while the app writes", () => {
  async function backUpWhileWriting() {
    const url = process.env.DATABASE_URL!;
    const ids = await seed(getDb());
    const writers = [startWriter(url, 1, ids), startWriter(url, 2, ids)];
    const total = () => writers[0].committed() + writers[1].committed();
    let atSnapshot = 0;
    try {
      await until(() => writers.every((w) => w.committed() >= 3), "the first writes");
      const result = await backupPostgres({
        target: path.join(tmp, "backup"),
        url,
        // Writes keep landing between the snapshot and pg_dump's reading: none may reach the dump.
        afterSnapshot: async () => {
          atSnapshot = total();
          await until(() => total() >= atSnapshot + 10, "writes after the snapshot");
        },
      });
      expect(result.missing).toEqual([]);
      await until(() => total() >= atSnapshot + 20, "writes after the backup");
      return { result, atSnapshot, ids };
    } finally {
      for (const w of writers) await w.stop();
    }
  }

  it("restores one consistent moment, files inside the database", { timeout: 120_000 }, async () => {
    const { result, atSnapshot, ids } = await backUpWhileWriting();
    const { manifest } = result;
    expect(manifest.fileStore).toBe("database");
    expect(manifest.files).toEqual([]);
    expect(manifest.tables.evidence).toBe(manifest.evidence.named);
    // The snapshot was taken before the hook ran, so at least the ten writes it waited for (made
    // before pg_dump started) are not in the backup.
    expect(manifest.tables.evidence).toBeGreaterThanOrEqual(6);
    expect(manifest.tables.evidence).toBeLessThanOrEqual(atSnapshot);

    const url = await newDatabase("restored");
    await restorePostgres({ source: path.join(tmp, "backup"), url });
    const restored = openPostgresDatabase(url, { max: 2 });
    try {
      const n = await expectConsistentCopy(getDb(), restored);
      expect(n).toBe(manifest.tables.evidence);
      const sourceWrites = Number(
        (await sql<{ n: number }>`select count(*) as n from evidence`.execute(getDb())).rows[0].n,
      );
      expect(sourceWrites).toBeGreaterThan(n + 15);
      // The restored installation carries on: new ids come after the restored rows.
      const last = await restored
        .selectFrom("actions")
        .select((eb) => eb.fn.max("id").as("id"))
        .executeTakeFirstOrThrow();
      const next = await restored
        .insertInto("actions")
        .values({
          recommendation_id: ids.recommendationId,
          title: "After the restore",
          description: "",
          status: "not_started",
          created_at: NOW,
          updated_at: NOW,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      // Not necessarily last + 1: pg_dump reads a sequence's position outside the snapshot
      // (sequences are not transactional), so ids the writers drew later are skipped, never reused.
      expect(next.id).toBeGreaterThan(Number(last.id));
    } finally {
      await restored.destroy();
    }
  });

  it(
    "copies the files of a shared folder (FILE_STORE=directory) and restores them into another",
    {
      timeout: 120_000,
    },
    async () => {
      process.env.FILE_STORE = "directory";
      process.env.FILE_STORE_DIR = path.join(tmp, "store");
      fs.mkdirSync(process.env.FILE_STORE_DIR);
      const { result } = await backUpWhileWriting();
      expect(result.manifest.fileStore).toBe("directory");
      expect(result.manifest.files.length).toBe(result.manifest.evidence.named);
      expect(result.manifest.files.length).toBe(result.manifest.tables.evidence);

      process.env.FILE_STORE_DIR = path.join(tmp, "store2");
      fs.mkdirSync(process.env.FILE_STORE_DIR);
      const url = await newDatabase("restored_dir");
      const restoredResult = await restorePostgres({ source: path.join(tmp, "backup"), url });
      expect(restoredResult.filesWritten).toBe(result.manifest.files.length);
      const restored = openPostgresDatabase(url, { max: 2 });
      try {
        await expectConsistentCopy(getDb(), restored, path.join(tmp, "store2"));
      } finally {
        await restored.destroy();
      }
    },
  );
});

describe.skipIf(!adminUrl)("npm run backup / restore with DATABASE_URL", () => {
  it(
    "writes a private backup without the password, restores it into an empty database only, and refuses a damaged one",
    {
      timeout: 120_000,
    },
    async () => {
      const ids = await seed(getDb(), 20);
      const action = await getDb().selectFrom("actions").select("id").orderBy("id").executeTakeFirstOrThrow();
      const bytes = Buffer.from("%PDF-1.4\nAudit\n%%EOF\n");
      const sha256 = await storeEvidenceFile(bytes, getDb());
      await getDb()
        .insertInto("evidence")
        .values({
          action_id: action.id,
          kind: "file",
          purpose: "completion",
          description: "Audit",
          added_by: ids.userId,
          created_at: NOW,
          file_sha256: sha256,
          file_name: "audit.pdf",
          file_size: bytes.length,
          file_type: "pdf",
        })
        .execute();
      const { DATABASE_URL: suite, FILE_STORE: _a, FILE_STORE_DIR: _b, ...env } = process.env;
      // A password in the URL (the test cluster trusts its socket and ignores it) reaches no file.
      const withPassword = new URL(suite!);
      withPassword.username = "postgres";
      withPassword.password = "s3cret-pass";
      const backupDir = path.join(tmp, "backup");
      const before = process.umask(0o022);
      let stdout: string;
      try {
        ({ stdout } = await run(tsx, ["db/backup.ts", backupDir], {
          cwd: root,
          env: { ...env, DATABASE_URL: withPassword.toString() },
        }));
      } finally {
        process.umask(before);
      }
      expect(stdout).toMatch(/Backed up PostgreSQL .*1 file\(s\) inside the dump/);
      expect(stdout).not.toContain("s3cret");
      const manifestText = fs.readFileSync(path.join(backupDir, MANIFEST_NAME), "utf8");
      expect(manifestText).not.toContain("s3cret");
      expect(JSON.parse(manifestText)).toMatchObject({
        format: "followthrough-postgres-backup",
        dump: { format: "custom" },
      });
      expect((fs.statSync(backupDir).mode & 0o777).toString(8)).toBe("700");
      for (const name of fs.readdirSync(backupDir))
        expect([name, (fs.statSync(path.join(backupDir, name)).mode & 0o777).toString(8)]).toEqual([name, "600"]);

      const url = await newDatabase("cli");
      const restore = () =>
        run(tsx, ["db/restore.ts", backupDir], { cwd: root, env: { ...env, DATABASE_URL: url } }).catch(
          (error: { code: number; stderr: string }) => error,
        );
      expect(await restore()).toMatchObject({ stdout: expect.stringMatching(/Restored the backup .*counts checked/) });
      const restored = openPostgresDatabase(url, { max: 1 });
      try {
        const { rows } = await sql<{
          content: Buffer;
        }>`select content from stored_files where sha256 = ${sha256}`.execute(restored);
        expect(rows[0].content).toEqual(bytes);
      } finally {
        await restored.destroy();
      }
      // Not empty now: refused, unless --force (which drops the schema and restores again).
      expect(await restore()).toMatchObject({ code: 1, stderr: expect.stringMatching(/is not empty .*--force/s) });
      const forced = await run(tsx, ["db/restore.ts", backupDir, "--force"], {
        cwd: root,
        env: { ...env, DATABASE_URL: url },
      });
      expect(forced.stdout).toMatch(/Dropped the \d+ tables/);

      // A damaged dump is refused before the database is touched.
      const dump = path.join(backupDir, "followthrough.dump");
      const content = fs.readFileSync(dump);
      content[content.length - 50] ^= 0xff;
      fs.writeFileSync(dump, content);
      const emptyUrl = await newDatabase("cli_damaged");
      await expect(restorePostgres({ source: backupDir, url: emptyUrl })).rejects.toThrow(BackupError);
      await expect(restorePostgres({ source: backupDir, url: emptyUrl })).rejects.toThrow(
        /does not match the manifest/,
      );
      const probe = openPostgresDatabase(emptyUrl, { max: 1 });
      try {
        expect(await tablesOf(probe)).toEqual([]);
      } finally {
        await probe.destroy();
      }
    },
  );
});
