import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { recordAuditEvent } from "../../app/models/audit.server";
import { NOW } from "../factories";

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

describe("the audit log is append-only", () => {
  it("has no update or delete path in the application or database code", () => {
    const offenders: string[] = [];
    // Any way of naming the table to Kysely's update/delete builders, or in raw SQL.
    const patterns = [
      /(updateTable|deleteFrom)\(\s*["'`]audit_events/,
      /\b(update|delete\s+from)\s+["'`]?audit_events\b/i,
    ];
    for (const file of [...sourceFiles("app"), ...sourceFiles("db")]) {
      const text = fs.readFileSync(file, "utf8");
      if (patterns.some((p) => p.test(text))) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });

  it("refuses UPDATE and DELETE in the database itself", async () => {
    const db = getDb();
    await recordAuditEvent(db, {
      userId: null,
      authorityId: null,
      entityType: "user",
      entityId: 1,
      event: "user.created",
      at: NOW,
    });
    await expect(sql`update audit_events set event = 'rewritten'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(db)).rejects.toThrow(/append-only/);
    const rows = await db.selectFrom("audit_events").select("event").execute();
    expect(rows).toEqual([{ event: "user.created" }]);
  });

  it("is emptied between tests, with its guards back in place", async () => {
    const db = getDb();
    expect(await db.selectFrom("audit_events").selectAll().execute()).toEqual([]);
    const triggers = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'trigger' order by name`.execute(db);
    expect(triggers.rows.map((t) => t.name)).toEqual(
      expect.arrayContaining(["audit_events_no_delete", "audit_events_no_update"]),
    );
  });
});
