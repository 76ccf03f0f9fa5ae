import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { auditEventPagesForExport } from "../../app/models/audit-log.server";
import { loader as csvLoader } from "../../app/routes/audit[.csv]";
import { createAuthority, createTestUser } from "../factories";
import { call, getRequest, sessionCookie } from "../helpers/requests";

// The audit CSV is read a page of events at a time (newest first, each page starting after the
// last event of the one before), so a log of any length is written without holding it all; no
// event is lost or repeated at a page boundary, even among events recorded at the same instant.

async function log(authorityId: number, userId: number, count: number) {
  const rows = Array.from({ length: count }, (_, i) => ({
    // Bursts of three events at the same instant, as one transaction records them.
    at: new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 3) * 60_000).toISOString(),
    user_id: userId,
    authority_id: authorityId,
    entity_type: "action",
    entity_id: i,
    event: "action.progress_added",
    before: null,
    after: JSON.stringify({ progressUpdateId: i }),
  }));
  for (let i = 0; i < rows.length; i += 500)
    await getDb()
      .insertInto("audit_events")
      .values(rows.slice(i, i + 500))
      .execute();
}

describe("the audit CSV", () => {
  it("pages through every matching event, newest first, none lost or repeated where instants tie", async () => {
    const authority = await createAuthority("Testshire");
    const other = await createAuthority("Otherborough");
    const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
    await log(authority.id, lead.id, 100);
    await log(other.id, lead.id, 10);
    const ids: number[] = [];
    let pages = 0;
    for await (const page of auditEventPagesForExport(lead.actor, {}, 7)) {
      pages += 1;
      expect(page.length).toBeLessThanOrEqual(7);
      ids.push(...page.map((e) => e.entity_id));
    }
    expect(pages).toBe(15);
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => 99 - i));
  });

  it("downloads a long log whole as CSV, in order", async () => {
    const authority = await createAuthority("Testshire");
    const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
    await log(authority.id, lead.id, 2_345);
    const response = await call(csvLoader, getRequest("/audit.csv", await sessionCookie(lead.id)));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    // A byte-order mark first, so Excel reads UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    const rows: Record<string, string>[] = parse(text, { columns: true, bom: true });
    expect(rows).toHaveLength(2_345);
    expect(rows.map((r) => Number(r["Entity ID"]))).toEqual(Array.from({ length: 2_345 }, (_, i) => 2_344 - i));
  });
});
