import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getInspection } from "../../app/models/inspection.server";
import { readEvidenceFile } from "../../app/utils/evidence-store.server";
import { getDb } from "../../db/client";
import { moveToPostgres } from "../../db/move-to-postgres-lib";
import { databaseUrlFor, dropDatabase, recreateDatabase, withAdmin } from "../setup/postgres";

// Moving an SQLite installation (the demo data, plus evidence files and an Ofsted letter) into
// PostgreSQL: into this test file's own database (migrated and emptied by the suite's setup, as a
// database someone ran `npm run db:migrate` on would be), then read through the app's models.

const adminUrl = process.env.TEST_DATABASE_URL;
const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const run = promisify(execFile);

let tmp: string;
let databaseFile: string;
let evidenceDir: string;
const stored: { sha256: string; bytes: Buffer }[] = [];

const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function storeFile(bytes: Buffer): string {
  const sha256 = sha256Of(bytes);
  const file = path.join(evidenceDir, sha256.slice(0, 2), sha256);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  stored.push({ sha256, bytes });
  return sha256;
}

/** An SQLite installation made by the product's own setup (npm start's demo data), whatever engine the suite runs on. */
async function createSqliteInstallation(dir: string) {
  const file = path.join(dir, "followthrough.db");
  const { DATABASE_URL: _suite, ...env } = process.env;
  await run(tsx, ["db/setup.ts"], { cwd: root, env: { ...env, DATABASE_PATH: file } });
  return file;
}

const tableNames = (db: SQLite.Database) =>
  (
    db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[]
  ).filter(
    (t) => !["kysely_migration", "kysely_migration_lock", "plan_change_token", "authority_change_token"].includes(t),
  );

describe.skipIf(!adminUrl)("moving an SQLite installation to PostgreSQL", () => {
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "followthrough-move-"));
    databaseFile = await createSqliteInstallation(path.join(tmp, "data"));
    evidenceDir = path.join(tmp, "data", "evidence");
    const db = new SQLite(databaseFile);
    try {
      const action = db
        .prepare("SELECT id, owner_id FROM actions WHERE owner_id IS NOT NULL ORDER BY id LIMIT 1")
        .get() as {
        id: number;
        owner_id: number;
      };
      for (let k = 1; k <= 3; k++) {
        const bytes = Buffer.concat([Buffer.from(`Audit ${k}\n`), randomBytes(200_000 * k)]);
        db.prepare(
          "INSERT INTO evidence (action_id, kind, purpose, description, added_by, created_at, file_sha256, file_name, file_size, file_type) VALUES (?, 'file', 'completion', ?, ?, '2024-08-01T09:00:00.000Z', ?, ?, ?, 'pdf')",
        ).run(action.id, `Audit ${k}`, action.owner_id, storeFile(bytes), `audit-${k}.pdf`, bytes.length);
      }
      const letter = Buffer.from("%PDF-1.4\nMonitoring visit letter\n%%EOF\n");
      db.prepare(
        "UPDATE inspection_events SET letter_sha256 = ?, letter_name = 'letter.pdf', letter_size = ?, letter_type = 'pdf' WHERE id = (SELECT min(id) FROM inspection_events)",
      ).run(storeFile(letter), letter.length);
      // An id freed by a deletion is never given again (SQLite's AUTOINCREMENT): nor after the move.
      const extra = db
        .prepare(
          "INSERT INTO actions (recommendation_id, title, description, status, created_at, updated_at) SELECT recommendation_id, 'Made in error', '', 'not_started', created_at, updated_at FROM actions LIMIT 1",
        )
        .run().lastInsertRowid;
      db.prepare("DELETE FROM actions WHERE id = ?").run(extra);
    } finally {
      db.close();
    }
  }, 120_000);

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("copies every row and file, checks them, and the app carries on from there", { timeout: 120_000 }, async () => {
    const url = process.env.DATABASE_URL!;
    const result = await moveToPostgres({ databaseFile, evidenceDir, url });
    expect(result.mismatches).toEqual([]);

    const source = new SQLite(databaseFile, { readonly: true });
    const db = getDb();
    try {
      // Counts, as the command reports them, and every row of every table equal.
      const tables = tableNames(source);
      expect(result.tables.map((t) => t.table)).toEqual(
        [...tables, "authority_change_token", "plan_change_token"].sort(),
      );
      for (const count of result.tables) {
        // The files move into stored_files (PostgreSQL's default store): one row each.
        if (count.table === "stored_files") expect(count).toMatchObject({ sqlite: 0, expected: 4, postgres: 4 });
        else expect(count.postgres, count.table).toBe(count.sqlite);
      }
      expect(result.tables.find((t) => t.table === "audit_events")!.sqlite).toBeGreaterThan(100);
      for (const table of tables.filter((t) => t !== "stored_files")) {
        const order = table === "board_pack_files" ? "rowid" : "1";
        const before = source.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`).all();
        const after = await sql`select * from ${sql.table(table)} order by 1`.execute(db);
        expect(after.rows, table).toEqual(before);
      }
      const tokens = await sql<{ authority_id: number }>`
          select authority_id from authority_change_token order by 1`.execute(db);
      expect(tokens.rows.map((r) => r.authority_id)).toEqual(
        source.prepare("SELECT authority_id FROM authority_change_token ORDER BY 1").pluck().all(),
      );

      // Every file, read back through the app's store with its hash.
      expect(result.files).toHaveLength(4);
      expect(result.files.every((f) => f.matches)).toBe(true);
      for (const { sha256, bytes } of stored) expect(await readEvidenceFile(sha256, db)).toEqual(bytes);

      // The app's models read the moved plan: the live inspection's actions, as SQLite holds them.
      const lead = source
        .prepare(
          "SELECT id, role, authority_id AS authorityId FROM users WHERE role = 'improvement_lead' ORDER BY id LIMIT 1",
        )
        .get() as { id: number; role: "improvement_lead"; authorityId: number };
      const inspectionId = source
        .prepare("SELECT max(id) FROM inspections WHERE authority_id = ?")
        .pluck()
        .get(lead.authorityId) as number;
      const inspection = await getInspection(lead, inspectionId, "2024-09-02", 14);
      const titles = inspection!.recommendations.flatMap((r) => r.actions.map((a) => a.title)).sort();
      const expected = (
        source
          .prepare(
            "SELECT a.title FROM actions a JOIN recommendations r ON r.id = a.recommendation_id WHERE r.inspection_id = ?",
          )
          .pluck()
          .all(inspectionId) as string[]
      ).sort();
      expect(titles.length).toBeGreaterThan(3);
      expect(titles).toEqual(expected);

      // Ids carry on past the highest SQLite ever gave (the deleted action's included).
      const last = source.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'actions'").pluck().get() as number;
      expect(last).toBeGreaterThan(source.prepare("SELECT max(id) FROM actions").pluck().get() as number);
      const inserted = await db
        .insertInto("actions")
        .values({
          recommendation_id: inspection!.recommendations[0].id,
          title: "Added after the move",
          description: "",
          status: "not_started",
          created_at: "2024-09-02T09:00:00.000Z",
          updated_at: "2024-09-02T09:00:00.000Z",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      expect(inserted.id).toBe(last + 1);

      // A second move into the same, now used, database is refused and changes nothing.
      await expect(moveToPostgres({ databaseFile, evidenceDir, url })).rejects.toThrow(/is not empty: actions/);
      const count = await db
        .selectFrom("actions")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirst();
      expect(count!.n).toBe((source.prepare("SELECT count(*) FROM actions").pluck().get() as number) + 1);
    } finally {
      source.close();
    }
  });

  it("refuses a source at another migration version, or with a missing file, before writing anything", async () => {
    const name = `followthrough_move_${process.pid}`;
    await withAdmin(adminUrl!, (client) => recreateDatabase(client, name));
    const url = databaseUrlFor(adminUrl!, name);
    const tablesIn = async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query("select count(*)::int as n from pg_tables where schemaname = 'public'")).rows[0].n;
      } finally {
        await client.end();
      }
    };
    try {
      const older = path.join(tmp, "older.db");
      fs.copyFileSync(databaseFile, older);
      const db = new SQLite(older);
      db.prepare("DELETE FROM kysely_migration WHERE name = (SELECT max(name) FROM kysely_migration)").run();
      db.close();
      await expect(moveToPostgres({ databaseFile: older, evidenceDir, url })).rejects.toThrow(
        /different migration version.*Not applied to it: .*npm run db:migrate/s,
      );
      expect(await tablesIn()).toBe(0);

      const gone = stored[0];
      const file = path.join(evidenceDir, gone.sha256.slice(0, 2), gone.sha256);
      fs.renameSync(file, `${file}.away`);
      try {
        await expect(moveToPostgres({ databaseFile, evidenceDir, url })).rejects.toThrow(
          new RegExp(`1 file\\(s\\) named by the database cannot be copied:\\n  ${gone.sha256}: missing`),
        );
      } finally {
        fs.renameSync(`${file}.away`, file);
      }
      expect(await tablesIn()).toBe(0);
    } finally {
      await withAdmin(adminUrl!, (client) => dropDatabase(client, name));
    }
  });

  it(
    "runs as npm run db:move-to-postgres, printing each table's counts, into a new database",
    { timeout: 120_000 },
    async () => {
      const name = `followthrough_move_cli_${process.pid}`;
      await withAdmin(adminUrl!, (client) => recreateDatabase(client, name));
      try {
        const { DATABASE_URL: _suite, ...env } = process.env;
        const { stdout } = await run(tsx, ["db/move-to-postgres.ts"], {
          cwd: root,
          env: { ...env, DATABASE_PATH: databaseFile, DATABASE_URL: databaseUrlFor(adminUrl!, name) },
        });
        expect(stdout).toMatch(/^audit_events +\d+ +\d+$/m);
        expect(stdout).toMatch(/Files: 4 of 4 read back/);
        expect(stdout).toMatch(/Moved: every table's rows and every file match/);
        const again = await run(tsx, ["db/move-to-postgres.ts"], {
          cwd: root,
          env: { ...env, DATABASE_PATH: databaseFile, DATABASE_URL: databaseUrlFor(adminUrl!, name) },
        }).catch((error: { code: number; stderr: string }) => error);
        expect(again).toMatchObject({ code: 1, stderr: expect.stringMatching(/is not empty/) });
      } finally {
        await withAdmin(adminUrl!, (client) => dropDatabase(client, name));
      }
    },
  );
});
