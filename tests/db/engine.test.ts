import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openPostgresDatabase } from "../../db/client";
import { backupData, restoreData } from "../../db/backup-lib";
import { databaseEngine, databaseLabel, databaseUrl } from "../../db/config";
import { migrateToLatest } from "../../db/migrate";
import { databaseUrlFor, dropDatabase, recreateDatabase, withAdmin } from "../setup/postgres";

const saved = process.env.DATABASE_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
});

describe("choosing the engine", () => {
  it("is SQLite without DATABASE_URL, PostgreSQL with a postgres:// one, and refuses anything else", () => {
    delete process.env.DATABASE_URL;
    expect(databaseEngine()).toBe("sqlite");
    process.env.DATABASE_URL = "  ";
    expect(databaseEngine()).toBe("sqlite");
    process.env.DATABASE_URL = "postgres://app:secret@db.internal:5432/followthrough";
    expect(databaseEngine()).toBe("postgres");
    expect(databaseLabel()).toBe("PostgreSQL db.internal:5432/followthrough");
    expect(databaseLabel()).not.toContain("secret");
    process.env.DATABASE_URL = "postgresql://app@localhost/followthrough?host=/run/postgresql";
    expect(databaseLabel()).toBe("PostgreSQL /run/postgresql/followthrough");
    process.env.DATABASE_URL = "mysql://app@localhost/followthrough";
    expect(() => databaseUrl()).toThrow(/must be a PostgreSQL URL/);
  });
});

describe("the SQLite backup commands on a PostgreSQL installation", () => {
  it("say to use pg_dump and pg_restore instead of looking for a database file", async () => {
    process.env.DATABASE_URL = "postgres://app@db.internal/followthrough";
    await expect(backupData({ target: "/nonexistent/backup" })).rejects.toThrow(/uses PostgreSQL.*pg_dump/);
    await expect(restoreData({ source: "/nonexistent/backup" })).rejects.toThrow(/uses PostgreSQL.*pg_dump/);
  });
});

const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl)("PostgreSQL", () => {
  it("migrates once when two servers start at the same moment (an advisory lock)", async () => {
    const name = `followthrough_race_${process.pid}`;
    await withAdmin(adminUrl!, (client) => recreateDatabase(client, name));
    const url = databaseUrlFor(adminUrl!, name);
    const first = openPostgresDatabase(url, { max: 2 });
    const second = openPostgresDatabase(url, { max: 2 });
    try {
      await Promise.all([migrateToLatest(first), migrateToLatest(second)]);
      const { rows } = await sql<{ name: string; n: number }>`
        select name, count(*) as n from kysely_migration group by name having count(*) > 1`.execute(first);
      expect(rows).toEqual([]);
      const tables = await first.introspection.getTables();
      expect(tables.map((t) => t.name)).toContain("audit_events");
    } finally {
      await first.destroy();
      await second.destroy();
      await withAdmin(adminUrl!, (client) => dropDatabase(client, name));
    }
  });

  it("runs transactions one at a time across servers, as SQLite does, so a read-then-write cannot interleave", async () => {
    const url = process.env.DATABASE_URL!;
    const servers = [openPostgresDatabase(url, { max: 2 }), openPostgresDatabase(url, { max: 2 })];
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    try {
      const first = servers[0].transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        order.push("first begins");
        await held;
        order.push("first ends");
      });
      await expect.poll(() => order).toEqual(["first begins"]);
      const second = servers[1].transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        order.push("second begins");
      });
      // Plain statements outside a transaction are not held up.
      expect((await sql<{ one: number }>`select 1 as one`.execute(servers[1])).rows).toEqual([{ one: 1 }]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      order.push("first released");
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(["first begins", "first released", "first ends", "second begins"]);
    } finally {
      await Promise.all(servers.map((db) => db.destroy()));
    }
  });

  it("returns counts as numbers, like SQLite", async () => {
    const { getDb } = await import("../../db/client");
    const row = await getDb()
      .selectFrom("settings")
      .select((eb) => [eb.fn.countAll().as("n"), eb.fn.sum("amber_window_days").as("total")])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ n: 1, total: 14 });
  });
});
