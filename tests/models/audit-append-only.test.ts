import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { isPostgres } from "../../db/engine/engine";
import { recordAuditEvent } from "../../app/models/audit.server";
import { NOW } from "../factories";

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

/** The one module that may rewrite an event's snapshots: removing personal data entered by mistake. */
const REDACTION_MODULE = path.join("app", "models", "redaction.server.ts");

describe("the audit log is append-only", () => {
  it("has no update or delete path in the application or database code, but the redaction module's", () => {
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
    expect(offenders).toEqual([REDACTION_MODULE]);
    // And it never deletes an event, nor updates anything but the snapshots.
    const redaction = fs.readFileSync(REDACTION_MODULE, "utf8");
    expect(redaction).not.toMatch(/deleteFrom\(\s*["'`]audit_events/);
    const updates = [...redaction.matchAll(/updateTable\(\s*"audit_events"\s*\)\s*\.set\(\{([^}]*)\}/g)].map((m) =>
      m[1].replace(/\s+/g, " ").trim(),
    );
    expect(updates).toEqual(["before: before ?? event.before, after: after ?? event.after"]);
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

  it("lets an event's snapshots change only once a redaction is recorded against it, and nothing else ever", async () => {
    const db = getDb();
    const event = (after: string) =>
      recordAuditEvent(db, {
        userId: null,
        authorityId: null,
        entityType: "action",
        entityId: 1,
        event: "action.progress_added",
        after: { body: after },
        at: NOW,
      });
    await event("named a child");
    await event("another");
    const [first, second] = await db.selectFrom("audit_events").select("id").orderBy("id").execute();
    await expect(sql`update audit_events set after = '{}' where id = ${first.id}`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    const { id: redactionId } = await db
      .insertInto("redactions")
      .values({
        kind: "progress_update",
        target_id: 1,
        subject_type: "action",
        subject_id: 1,
        authority_id: null,
        reason: "named a child",
        notice: "Removed",
        redacted_by: null,
        redacted_at: NOW.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("audit_scrubs").values({ audit_event_id: first.id, redaction_id: redactionId }).execute();
    await sql`update audit_events set after = '{"body":"Removed"}' where id = ${first.id}`.execute(db);
    // Only the snapshots, and only of the event the redaction names.
    for (const change of [sql`event = 'x'`, sql`at = '2000-01-01'`, sql`entity_id = 2`, sql`user_id = 5`]) {
      await expect(sql`update audit_events set ${change} where id = ${first.id}`.execute(db)).rejects.toThrow(
        /append-only/,
      );
    }
    await expect(sql`update audit_events set after = '{}' where id = ${second.id}`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_events where id = ${first.id}`.execute(db)).rejects.toThrow(/append-only/);
    const rows = await db.selectFrom("audit_events").select(["event", "after"]).orderBy("id").execute();
    expect(rows).toEqual([
      { event: "action.progress_added", after: '{"body":"Removed"}' },
      { event: "action.progress_added", after: '{"body":"another"}' },
    ]);
  });

  it("is emptied between tests, with its guards back in place", async () => {
    const db = getDb();
    expect(await db.selectFrom("audit_events").selectAll().execute()).toEqual([]);
    const triggers = isPostgres(db)
      ? await sql<{
          name: string;
        }>`select tgname as name from pg_trigger where not tgisinternal and tgenabled = 'O'`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'trigger' order by name`.execute(db);
    expect(triggers.rows.map((t) => t.name)).toEqual(
      expect.arrayContaining(["audit_events_no_delete", "audit_events_no_update"]),
    );
  });
});
