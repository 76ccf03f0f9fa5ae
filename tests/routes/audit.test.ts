import { parse } from "csv-parse/sync";
import { beforeEach, describe, expect, it } from "vitest";
import { type AuditEntry, recordAuditEvent } from "../../app/models/audit.server";
import { londonDayStart } from "../../app/models/audit-log.server";
import { loader as auditLoader } from "../../app/routes/audit";
import { loader as csvLoader } from "../../app/routes/audit[.csv]";
import { getDb } from "../../db/client";
import { createAuthority, createTestUser } from "../factories";
import { call, getRequest, sessionCookie } from "../helpers/requests";

async function world() {
  const authority = await createAuthority("Testshire");
  const other = await createAuthority("Otherborough");
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id, name: "Lee Lead" });
  const manager = await createTestUser({ role: "service_manager", authorityId: authority.id, name: "Sam Manager" });
  const board = await createTestUser({ role: "board_member", authorityId: authority.id });
  const otherLead = await createTestUser({ role: "improvement_lead", authorityId: other.id, name: "Olu Other" });
  const admin = await createTestUser({ role: "admin", authorityId: null, name: "Ada Admin" });
  return { authority, other, lead, manager, board, otherLead, admin };
}

let w: Awaited<ReturnType<typeof world>>;
beforeEach(async () => {
  w = await world();
});

const record = (entry: Partial<AuditEntry> & { at: Date }) =>
  recordAuditEvent(getDb(), {
    userId: w.lead.id,
    authorityId: w.authority.id,
    entityType: "action",
    entityId: 1,
    event: "action.progress_added",
    after: { progressUpdateId: 1 },
    ...entry,
  });

interface AuditPage {
  items: {
    id: number;
    at: string;
    event: string;
    entity_id: number;
    user_name: string | null;
    authority_name: string | null;
  }[];
  total: number;
  page: number;
  pageCount: number;
  errors: Record<string, string>;
  options: { events: string[]; users: { id: number; name: string }[] };
}

async function auditPage(userId: number, query = "") {
  const res = await call(auditLoader, getRequest(`/audit${query}`, await sessionCookie(userId)));
  expect(res.status).toBe(200);
  return (await res.json()) as AuditPage;
}

async function auditCsv(userId: number, query = "") {
  const res = await call(csvLoader, getRequest(`/audit.csv${query}`, await sessionCookie(userId)));
  // Response.text() would drop a byte-order mark; the test needs to see it.
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
}

describe("who may read the audit log", () => {
  it("is refused to service managers and board members, page and CSV alike", async () => {
    for (const user of [w.manager, w.board]) {
      expect((await call(auditLoader, getRequest("/audit", await sessionCookie(user.id)))).status).toBe(403);
      expect((await auditCsv(user.id)).res.status).toBe(403);
    }
    const signedOut = await call(auditLoader, getRequest("/audit"));
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toMatch(/^\/login/);
  });

  it("shows a lead only their own authority, whatever they ask for; admins see every authority", async () => {
    await record({ at: new Date("2024-07-01T10:00:00Z"), event: "action.created" });
    await record({ at: new Date("2024-07-02T10:00:00Z"), authorityId: w.other.id, userId: w.otherLead.id });
    await record({
      at: new Date("2024-07-03T10:00:00Z"),
      authorityId: null,
      userId: w.admin.id,
      entityType: "user",
      event: "user.created",
    });

    let page = await auditPage(w.lead.id, `?authority=${w.other.id}`);
    expect(page.items.map((i) => i.event)).toEqual(["action.created"]);
    expect(page.options.users.map((u) => u.name)).toEqual(["Lee Lead"]);
    page = await auditPage(w.otherLead.id);
    expect(page.items.map((i) => i.authority_name)).toEqual(["Otherborough"]);

    page = await auditPage(w.admin.id);
    expect(page.items.map((i) => i.event)).toEqual(["user.created", "action.progress_added", "action.created"]);
    page = await auditPage(w.admin.id, `?authority=${w.other.id}`);
    expect(page.items.map((i) => i.authority_name)).toEqual(["Otherborough"]);
  });
});

describe("filtering and paging", () => {
  it("filters by entity, event, person, action number and London dates", async () => {
    await record({ at: new Date("2024-06-30T22:30:00Z"), entityId: 7 }); // 30 June, 11:30pm in London
    await record({ at: new Date("2024-06-30T23:30:00Z"), entityId: 8 }); // 1 July, 12:30am in London
    await record({
      at: new Date("2024-07-01T13:05:00Z"),
      entityId: 8,
      userId: w.admin.id,
      event: "action.evidence_added",
    });
    await record({
      at: new Date("2024-07-02T09:00:00Z"),
      entityType: "inspection",
      entityId: 8,
      event: "inspection.imported",
    });

    const ids = async (query: string) => (await auditPage(w.lead.id, query)).items.map((i) => i.at);
    expect(await ids("?entity=inspection")).toEqual(["2024-07-02T09:00:00.000Z"]);
    expect(await ids("?event=action.evidence_added")).toEqual(["2024-07-01T13:05:00.000Z"]);
    expect(await ids(`?user=${w.admin.id}`)).toEqual(["2024-07-01T13:05:00.000Z"]);
    // Action 8 means the action, not inspection 8.
    expect(await ids("?action=8")).toEqual(["2024-07-01T13:05:00.000Z", "2024-06-30T23:30:00.000Z"]);
    expect(await ids("?from=1/7/2024&to=1 July 2024")).toEqual([
      "2024-07-01T13:05:00.000Z",
      "2024-06-30T23:30:00.000Z",
    ]);
    expect(await ids("?to=30/06/2024")).toEqual(["2024-06-30T22:30:00.000Z"]);
    expect(await ids("?from=2/7/2024&entity=action")).toEqual([]);
  });

  it("reports filters it cannot read and leaves them out", async () => {
    await record({ at: new Date("2024-07-01T10:00:00Z") });
    const page = await auditPage(w.lead.id, "?from=31/02/2024&action=abc&to=");
    expect(Object.keys(page.errors).sort()).toEqual(["action", "from"]);
    expect(page.total).toBe(1);
    const backwards = await auditPage(w.lead.id, "?from=2/7/2024&to=1/7/2024");
    expect(backwards.errors.to).toMatch(/same as or after/);
  });

  it("pages 50 at a time, newest first", async () => {
    const start = Date.parse("2024-01-01T09:00:00Z");
    for (let i = 0; i < 120; i++) await record({ at: new Date(start + i * 60_000), entityId: i });
    const first = await auditPage(w.lead.id);
    expect(first).toMatchObject({ total: 120, page: 1, pageCount: 3 });
    expect(first.items).toHaveLength(50);
    expect(first.items[0].entity_id).toBe(119);
    const last = await auditPage(w.lead.id, "?page=3");
    expect(last.items.map((i) => i.entity_id)).toEqual(Array.from({ length: 20 }, (_, i) => 19 - i));
    expect((await auditPage(w.lead.id, "?page=99")).page).toBe(3);
  });

  it("finds the first instant of a London day in summer and winter", () => {
    expect(londonDayStart("2024-07-01")).toBe("2024-06-30T23:00:00.000Z");
    expect(londonDayStart("2024-12-01")).toBe("2024-12-01T00:00:00.000Z");
    expect(londonDayStart("2024-03-31")).toBe("2024-03-31T00:00:00.000Z");
    expect(londonDayStart("2024-10-27")).toBe("2024-10-26T23:00:00.000Z");
  });
});

describe("the CSV download", () => {
  it("has the agreed columns, RFC 4180 escaping and no runnable formulas", async () => {
    await getDb()
      .updateTable("users")
      .set({ name: '=HYPERLINK("http://evil")' })
      .where("id", "=", w.admin.id)
      .execute();
    await record({
      at: new Date("2024-07-01T13:05:00Z"),
      userId: w.admin.id,
      entityId: 42,
      event: "action.target_date_changed",
      before: { targetDate: "2024-09-01" },
      after: { targetDate: "2024-12-01", reason: 'Staff "vacancies", and sickness\n+ recruitment' },
    });
    await record({ at: new Date("2024-06-01T09:00:00Z"), event: "action.created", after: null });

    const { res, text } = await auditCsv(w.lead.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text).toContain("\r\n");

    const rows = parse(text, { bom: true }) as string[][];
    expect(rows[0]).toEqual([
      "When (UTC, ISO 8601)",
      "When (UK time)",
      "Who",
      "Authority",
      "Entity",
      "Entity ID",
      "Event",
      "Description",
      "Before (JSON)",
      "After (JSON)",
    ]);
    expect(rows).toHaveLength(3);
    const [at, uk, who, authority, entity, entityId, event, description, before, after] = rows[1];
    expect([at, uk, authority, entity, entityId, event]).toEqual([
      "2024-07-01T13:05:00.000Z",
      "1 July 2024 at 2:05pm",
      "Testshire",
      "action",
      "42",
      "action.target_date_changed",
    ]);
    expect(who).toBe('\'=HYPERLINK("http://evil")');
    expect(description).toBe(
      'Target date moved from 1 September 2024 to 1 December 2024: “Staff "vacancies", and sickness\n+ recruitment”',
    );
    expect(JSON.parse(before)).toEqual({ targetDate: "2024-09-01" });
    expect(JSON.parse(after).reason).toBe('Staff "vacancies", and sickness\n+ recruitment');
    expect(rows[2].slice(6)).toEqual(["action.created", "Action created", "", ""]);
  });

  it("applies the same filters as the page, and refuses ones it cannot read", async () => {
    await record({ at: new Date("2024-07-01T10:00:00Z"), event: "action.created" });
    await record({ at: new Date("2024-07-02T10:00:00Z") });
    await record({ at: new Date("2024-07-02T11:00:00Z"), authorityId: w.other.id });
    const { text } = await auditCsv(w.lead.id, "?from=2/7/2024");
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows.slice(1).map((r) => [r[0], r[3]])).toEqual([["2024-07-02T10:00:00.000Z", "Testshire"]]);
    const admin = parse((await auditCsv(w.admin.id, "?event=action.progress_added")).text, { bom: true }) as string[][];
    expect(admin.slice(1).map((r) => r[3])).toEqual(["Otherborough", "Testshire"]);
    expect((await auditCsv(w.lead.id, "?from=yesterday")).res.status).toBe(400);
  });
});
