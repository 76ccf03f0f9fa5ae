import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";

describe("migrations", () => {
  it("creates every table and the default settings row", async () => {
    const db = getDb();
    const tables = (await db.introspection.getTables()).map((t) => t.name);
    for (const name of ["authorities", "inspections", "recommendations", "actions", "audit_events", "sessions"]) {
      expect(tables).toContain(name);
    }
    const settings = await db.selectFrom("settings").selectAll().executeTakeFirstOrThrow();
    expect(settings).toEqual({ id: 1, immediate_grace_days: 28, amber_window_days: 14 });
  });

  it("enforces foreign keys", async () => {
    const db = getDb();
    await expect(
      db
        .insertInto("users")
        .values({ name: "A", email: "a@x", role: "admin", authority_id: 999, password_hash: "x", created_at: "" })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY|foreign key/);
  });
});
