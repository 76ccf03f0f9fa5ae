import fs from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { action, loader } from "../../app/routes/import_.plan";
import { verifyLogin } from "../../app/models/user.server";
import { createAuthority, createTestUser } from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";
import { createPlanInspection, createPlanPeople, hackneyStylePlan } from "./plans";

type Body = Record<string, unknown> & { stage: string; errors: Record<string, string> };
type Mapping = Body & {
  workbook: string;
  sheet: number;
  headerRow: number;
  mapping: Record<string, number | null>;
  fileName: string;
};
type PlannedRow = {
  rowNumber: number;
  kind: string;
  title: string;
  errors: string[];
  warnings: string[];
  recommendation: { reference: string; method: string } | null;
  owner: { kind: string; name?: string };
  targetDate: string | null;
  status: string;
  riskFlag: string | null;
};
type Preview = Mapping & {
  rows: PlannedRow[];
  summary: { actions: number; withErrors: number; newOwners: { name: string }[]; matchedOwners: string[] };
};

const count = async (table: "actions" | "progress_updates" | "evidence" | "users" | "audit_events") =>
  Number(
    (
      await getDb()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

function uploadRequest(cookie: string, bytes: Uint8Array | string, name: string, inspectionId: number | string) {
  const form = new FormData();
  form.set("intent", "upload");
  form.set("inspectionId", String(inspectionId));
  form.set("plan", new File([bytes as BlobPart], name));
  return new Request("http://localhost/import/plan", { method: "POST", body: form, headers: { Cookie: cookie } });
}

/** The fields a step's form posts back: the hidden state and the chosen columns. */
function stateFields(step: Mapping, extra: Record<string, string> = {}): Record<string, string> {
  const fields: Record<string, string> = {
    inspectionId: String((step.inspection as { id: number }).id),
    fileName: step.fileName,
    workbook: step.workbook,
    sheet: String(step.sheet),
    headerRow: String(step.headerRow),
  };
  for (const [field, column] of Object.entries(step.mapping))
    fields[`col_${field}`] = column === null ? "" : String(column);
  return { ...fields, ...extra };
}

function postWith(cookie: string, fields: Record<string, string>, leaveOut: number[] = []) {
  const body = new URLSearchParams(fields);
  for (const row of leaveOut) body.append("leaveOut", String(row));
  return new Request("http://localhost/import/plan", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: body.toString(),
  });
}

let authorityId: number;
let lead: Awaited<ReturnType<typeof createTestUser>>;
let cookie: string;
let inspectionId: number;
beforeEach(async () => {
  authorityId = (await createAuthority("London Borough of Hackney")).id;
  lead = await createTestUser({ role: "improvement_lead", authorityId, name: "Lead Person" });
  cookie = await sessionCookie(lead.id);
  ({ inspectionId } = await createPlanInspection(authorityId));
  await createPlanPeople(authorityId, "hackney.gov.uk");
});

async function uploadAndMap(bytes: Uint8Array | string, name: string): Promise<Mapping> {
  const res = await call(action, uploadRequest(cookie, bytes, name, inspectionId));
  expect(res.status).toBe(200);
  return (await res.json()) as Mapping;
}

async function preview(step: Mapping, leaveOut: number[] = []): Promise<Preview> {
  const res = await call(action, postWith(cookie, stateFields(step, { intent: "preview" }), leaveOut));
  expect(res.status).toBe(200);
  return (await res.json()) as Preview;
}

describe("importing a spreadsheet plan", () => {
  it("reads an .xlsx: finds the plan sheet and its headings under the title, and guesses the columns", async () => {
    const step = await uploadAndMap(await hackneyStylePlan(), "Hackney improvement plan.xlsx");
    expect(step.stage).toBe("mapping");
    expect(step.sheets).toEqual([
      { index: 0, name: "Cover", hidden: false, rowCount: 2 },
      { index: 1, name: "Action plan", hidden: false, rowCount: 11 },
      { index: 2, name: "Lookups", hidden: true, rowCount: 5 },
    ]);
    expect(step.sheet).toBe(1);
    expect(step.headerRow).toBe(4);
    expect(step.mapping).toEqual({
      reference: 0,
      recommendation: 1,
      owner: 2,
      action: 3,
      targetDate: 4,
      progress: 5,
      rag: 6,
      evidence: 8,
    });
    expect(await count("actions")).toBe(5); // only the starter actions from the report
  });

  it("previews every row with what it will create and its errors, saving nothing", async () => {
    const body = await preview(await uploadAndMap(await hackneyStylePlan(), "plan.xlsx"));
    expect(body.stage).toBe("preview");
    const byRow = Object.fromEntries(body.rows.map((r) => [r.rowNumber, r]));
    expect(byRow[5]).toMatchObject({
      recommendation: { reference: "SG-IM-1", method: "reference" },
      owner: { kind: "existing", name: "Jane Smith" },
      targetDate: "2024-07-01",
      status: "signed_off",
      errors: [],
    });
    expect(byRow[6]).toMatchObject({
      recommendation: { reference: "SG-IM-1" },
      owner: { kind: "existing", name: "Jane Smith" },
      targetDate: "2024-07-01",
      status: "in_progress",
      errors: [],
    });
    expect(byRow[7]).toMatchObject({
      recommendation: { reference: "SG-3M-1", method: "paragraph" },
      owner: { kind: "new", name: "Sam Newperson" },
      title: "Publish a complaints leaflet for parents",
      targetDate: "2024-07-01",
    });
    expect(byRow[8]).toMatchObject({
      recommendation: { reference: "SG-3M-2", method: "paragraph" },
      owner: { kind: "new", name: "J Smith" },
      targetDate: "2024-07-31",
      riskFlag: "off_track",
    });
    expect(byRow[9]).toMatchObject({
      recommendation: { reference: "LAC-3M-1", method: "position" },
      owner: { kind: "existing", name: "Tom Ward" },
      targetDate: "2025-03-31",
      status: "signed_off",
    });
    expect(byRow[10]).toMatchObject({
      recommendation: { reference: "LAC-6M-1", method: "text" },
      targetDate: null,
      status: "not_started",
      warnings: ["No target date (“TBC”)"],
    });
    expect(byRow[11].errors).toHaveLength(3);
    expect(byRow[11].errors.join(" ")).toMatch(/No recommendation .* matches .*SG-9M-9.*not a date.*not recognised/);
    expect(body.summary).toMatchObject({ actions: 6, withErrors: 1, matchedOwners: ["Jane Smith", "Tom Ward"] });
    expect(body.summary.newOwners.map((o) => o.name)).toEqual(["Sam Newperson", "J Smith", "Priya Patel"]);
    expect(await count("actions")).toBe(5);
    expect(await count("users")).toBe(3);
  });

  it("refuses to confirm while rows have errors unless the lead chooses to leave them out", async () => {
    const body = await preview(await uploadAndMap(await hackneyStylePlan(), "plan.xlsx"));
    const res = await call(action, postWith(cookie, stateFields(body, { intent: "confirm" })));
    expect(res.status).toBe(400);
    const refused = (await res.json()) as Preview;
    expect(refused.stage).toBe("preview");
    expect(refused.errors.skipErrors).toMatch(/1 row has errors: tick the box/);
    expect(await count("actions")).toBe(5);
    expect(await count("users")).toBe(3);
  });

  it("confirms in one transaction: actions, progress, evidence, pending users and audit events", async () => {
    const body = await preview(await uploadAndMap(await hackneyStylePlan(), "Hackney plan.xlsx"));
    const auditBefore = Number(
      (
        await getDb()
          .selectFrom("audit_events")
          .select((eb) => eb.fn.max("id").as("id"))
          .executeTakeFirstOrThrow()
      ).id ?? 0,
    );
    const res = await call(action, postWith(cookie, stateFields(body, { intent: "confirm", skipErrors: "yes" })));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/inspections/${inspectionId}`);

    const db = getDb();
    const imported = await db
      .selectFrom("actions")
      .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
      .leftJoin("users", "users.id", "actions.owner_id")
      .select([
        "recommendations.reference",
        "actions.title",
        "actions.description",
        "actions.status",
        "actions.risk_flag",
        "actions.risk_reason",
        "actions.target_date",
        "actions.baseline_target_date",
        "users.name as owner",
      ])
      .where("actions.created_at", "!=", "2024-09-02T09:00:00.000Z")
      .orderBy("actions.id")
      .execute();
    expect(imported).toHaveLength(6);
    expect(imported[0]).toMatchObject({
      reference: "SG-IM-1",
      status: "signed_off",
      target_date: "2024-07-01",
      baseline_target_date: "2024-07-01",
      owner: "Jane Smith",
    });
    expect(imported[2]).toMatchObject({
      reference: "SG-3M-1",
      title: "Publish a complaints leaflet for parents",
      description: expect.stringMatching(/^Translate it into the five most common/),
      status: "in_progress",
      owner: "Sam Newperson",
    });
    expect(imported[3]).toMatchObject({
      reference: "SG-3M-2",
      status: "in_progress",
      risk_flag: "off_track",
      risk_reason: "Imported as Red from the spreadsheet plan",
      target_date: "2024-07-31",
      owner: "J Smith",
    });
    expect(imported[5]).toMatchObject({
      reference: "LAC-6M-1",
      status: "not_started",
      target_date: null,
      owner: "Priya Patel",
    });

    const progress = await db.selectFrom("progress_updates").select(["body", "author_id"]).orderBy("id").execute();
    expect(progress).toEqual([
      { body: "All files checked in June", author_id: lead.id },
      { body: "Draft agreed with communications", author_id: lead.id },
    ]);
    const evidence = await db
      .selectFrom("evidence")
      .select(["kind", "purpose", "description", "added_by"])
      .orderBy("id")
      .execute();
    expect(evidence).toEqual([
      { kind: "note", purpose: "completion", description: "HR audit report, June 2024", added_by: lead.id },
      { kind: "note", purpose: "completion", description: "Draft leaflet", added_by: lead.id },
    ]);

    const pending = await db
      .selectFrom("users")
      .select(["name", "email", "role", "authority_id", "active", "pending"])
      .where("pending", "=", 1)
      .orderBy("id")
      .execute();
    expect(pending.map((p) => p.name)).toEqual(["Sam Newperson", "J Smith", "Priya Patel"]);
    for (const user of pending) {
      expect(user).toMatchObject({ role: "service_manager", authority_id: authorityId, active: 0 });
      expect(user.email).toMatch(/@followthrough\.invalid$/);
      expect(await verifyLogin(user.email, "!pending")).toBeUndefined();
    }

    const events = await db
      .selectFrom("audit_events")
      .select(["event", "user_id"])
      .where("id", ">", auditBefore)
      .execute();
    const tally = events.reduce<Record<string, number>>((t, e) => ({ ...t, [e.event]: (t[e.event] ?? 0) + 1 }), {});
    expect(tally).toEqual({
      "user.pending_created": 3,
      "action.imported": 6,
      "action.progress_imported": 2,
      "action.evidence_imported": 2,
      "inspection.plan_imported": 1,
    });
    expect(events.every((e) => e.user_id === lead.id)).toBe(true);
  });

  it("leaves out rows the lead excludes, and importing the same plan again adds nothing", async () => {
    const body = await preview(await uploadAndMap(await hackneyStylePlan(), "plan.xlsx"), [10]);
    expect(body.summary.actions).toBe(5);
    expect(body.summary.newOwners.map((o) => o.name)).toEqual(["Sam Newperson", "J Smith"]);
    const res = await call(action, postWith(cookie, stateFields(body, { intent: "confirm", skipErrors: "yes" }), [10]));
    expect(res.status).toBe(302);
    expect(await count("actions")).toBe(10);
    expect(await count("users")).toBe(5);

    const again = await preview(await uploadAndMap(await hackneyStylePlan(), "plan.xlsx"));
    const rows = again.rows.filter((r) => r.kind === "action");
    expect(rows.filter((r) => r.errors.some((e) => /already in the plan/.test(e))).map((r) => r.rowNumber)).toEqual([
      5, 6, 7, 8, 9,
    ]);
    // The person created as pending last time is matched now, not created twice.
    expect(rows.find((r) => r.rowNumber === 10)?.owner).toMatchObject({ kind: "new", name: "Priya Patel" });
    expect(again.summary.matchedOwners).toEqual([]);
    const confirm = await call(action, postWith(cookie, stateFields(again, { intent: "confirm", skipErrors: "yes" })));
    expect(confirm.status).toBe(302);
    expect(await count("actions")).toBe(11);
    expect(await count("users")).toBe(6);
  });

  it("reads a semicolon CSV with a byte order mark, a title row and a two-line cell", async () => {
    const csv = fs.readFileSync("tests/fixtures/plans/havering-plan-semicolon.csv");
    const step = await uploadAndMap(new Uint8Array(csv), "plan.csv");
    expect(step.headerRow).toBe(3);
    expect(step.mapping).toMatchObject({
      recommendation: 0,
      action: 1,
      owner: 2,
      targetDate: 3,
      progress: 4,
      rag: 5,
      evidence: 6,
    });
    const body = await preview(step);
    expect(
      body.rows.map((r) => [r.rowNumber, r.recommendation?.reference ?? null, r.targetDate, r.errors.length]),
    ).toEqual([
      [4, "SG-IM-1", "2024-07-01", 0],
      [5, "SG-IM-1", "2024-07-01", 0],
      [6, "SG-3M-1", "2024-07-31", 0],
      [7, "SG-3M-2", "2024-07-01", 0],
      [8, null, null, 3],
    ]);
    expect(body.rows[1]).toMatchObject({
      title: "Add a six-month destruction check to the HR calendar",
      owner: { kind: "new", name: "jane.smith@havering.gov.uk" },
    });
    const res = await call(action, postWith(cookie, stateFields(body, { intent: "confirm", skipErrors: "yes" })));
    expect(res.status).toBe(302);
    expect(await count("actions")).toBe(9);
    const pending = await getDb()
      .selectFrom("users")
      .select(["name", "email"])
      .where("pending", "=", 1)
      .orderBy("id")
      .execute();
    expect(pending).toEqual([
      { name: "jane.smith@havering.gov.uk", email: "jane.smith@havering.gov.uk" },
      { name: "Sam Newperson", email: expect.stringMatching(/@followthrough\.invalid$/) },
      { name: "J Smith", email: expect.stringMatching(/@followthrough\.invalid$/) },
    ]);
  });

  it("never reveals whether an e-mail address has an account in another council", async () => {
    const elsewhere = await createAuthority("Elsewhere Council");
    const other = await createTestUser({ role: "service_manager", authorityId: elsewhere.id, name: "Kim Other" });
    await getDb().updateTable("users").set({ email: "kim@elsewhere.gov.uk" }).where("id", "=", other.id).execute();
    const csv = (owner: string) =>
      [
        "Recommendation,Action,Lead,Target date",
        `SG-IM-1,Remove certificates from staff files,${owner},31/03/2025`,
      ].join("\r\n");
    const taken = await preview(await uploadAndMap(csv("Kim Other <kim@elsewhere.gov.uk>"), "plan.csv"));
    const free = await preview(await uploadAndMap(csv("Kim Other <kim@nowhere.gov.uk>"), "plan.csv"));
    // The two previews differ only in the address itself.
    const shown = (body: Preview) =>
      JSON.stringify({ rows: body.rows, summary: body.summary, errors: body.errors }).replaceAll(
        /kim@\w+\.gov\.uk/g,
        "ADDRESS",
      );
    expect(shown(taken)).toBe(shown(free));
    expect(JSON.stringify(taken)).not.toMatch(/already|outside|another|elsewhere council/i);

    const res = await call(action, postWith(cookie, stateFields(taken, { intent: "confirm" })));
    expect(res.status).toBe(302);
    const pending = await getDb()
      .selectFrom("users")
      .select(["name", "email", "authority_id"])
      .where("pending", "=", 1)
      .execute();
    // The other council's account is untouched; the new person here gets a placeholder address.
    expect(pending).toEqual([
      { name: "Kim Other", email: expect.stringMatching(/@followthrough\.invalid$/), authority_id: authorityId },
    ]);
    expect(
      await getDb()
        .selectFrom("users")
        .select(["authority_id", "pending"])
        .where("id", "=", other.id)
        .executeTakeFirst(),
    ).toEqual({ authority_id: elsewhere.id, pending: 0 });
  });

  it("goes back to the mapping with the lead's choices, and asks for the columns it needs", async () => {
    const step = await uploadAndMap(await hackneyStylePlan(), "plan.xlsx");
    const back = await call(action, postWith(cookie, stateFields(step, { intent: "mapping", col_progress: "" })));
    expect(((await back.json()) as Mapping).mapping.progress).toBeNull();
    const missing = await call(
      action,
      postWith(
        cookie,
        stateFields(step, { intent: "preview", col_action: "", col_reference: "", col_recommendation: "" }),
      ),
    );
    expect(missing.status).toBe(400);
    const errors = ((await missing.json()) as Mapping).errors;
    expect(errors).toEqual({
      col_action: "Choose the column that holds the actions",
      col_reference: "Choose the column that says which recommendation each action is for",
    });
    const otherSheet = await call(
      action,
      postWith(cookie, stateFields(step, { intent: "columns", sheet: "0", shownSheet: "1" })),
    );
    const cover = (await otherSheet.json()) as Mapping;
    expect(cover).toMatchObject({ sheet: 0, headerRow: 1 });
    const badRow = await call(action, postWith(cookie, stateFields(step, { intent: "columns", headerRow: "99" })));
    expect(badRow.status).toBe(400);
    expect(((await badRow.json()) as Mapping).errors.headerRow).toMatch(/from 1 to 11/);
  });

  it("explains files it cannot read and saves nothing", async () => {
    const cases: [Uint8Array | string, RegExp][] = [
      ["%PDF-1.7\n...", /is a PDF, not a spreadsheet/],
      [new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), /older Excel \(\.xls\) file/],
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), /is not a spreadsheet/],
    ];
    for (const [bytes, message] of cases) {
      const res = await call(action, uploadRequest(cookie, bytes, "plan.xlsx", inspectionId));
      expect(res.status).toBe(400);
      expect(((await res.json()) as Body).errors.plan).toMatch(message);
    }
    const noFile = new FormData();
    noFile.set("intent", "upload");
    const empty = await call(
      action,
      new Request("http://localhost/import/plan", { method: "POST", body: noFile, headers: { Cookie: cookie } }),
    );
    expect(((await empty.json()) as Body).errors).toEqual({
      inspectionId: "Choose the inspection this plan is for",
      plan: "Choose an Excel (.xlsx) or CSV file",
    });
    const tampered = await call(
      action,
      postRequest(
        "/import/plan",
        { intent: "preview", inspectionId: String(inspectionId), workbook: "bm90IGd6aXA=" },
        cookie,
      ),
    );
    expect(tampered.status).toBe(400);
    expect(await count("actions")).toBe(5);
  });

  it("refuses an oversized file with 413", async () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 10).fill(0x61);
    const res = await call(action, uploadRequest(cookie, big, "plan.csv", inspectionId));
    expect(res.status).toBe(413);
    expect(((await res.json()) as Body).errors.plan).toMatch(/larger than 20 MB/);
    expect(await count("actions")).toBe(5);
  });
});

describe("who may import a plan", () => {
  it("is refused to service managers and board members", async () => {
    for (const role of ["service_manager", "board_member"] as const) {
      const user = await createTestUser({ role, authorityId });
      const userCookie = await sessionCookie(user.id);
      expect((await call(loader, getRequest("/import/plan", userCookie))).status).toBe(403);
      expect(
        (await call(action, uploadRequest(userCookie, "Action,Lead\nA,B\n", "plan.csv", inspectionId))).status,
      ).toBe(403);
    }
  });

  it("lists only the lead's own authority's inspections; another authority's inspection is 404", async () => {
    const other = await createAuthority("London Borough of Havering");
    const { inspectionId: otherInspection } = await createPlanInspection(other.id);
    const res = await call(loader, getRequest("/import/plan", cookie));
    const data = (await res.json()) as { inspections: { id: number }[] };
    expect(data.inspections.map((i) => i.id)).toEqual([inspectionId]);

    expect((await call(action, uploadRequest(cookie, "Action,Lead\nA,B\n", "plan.csv", otherInspection))).status).toBe(
      404,
    );
    const step = await uploadAndMap(await hackneyStylePlan(), "plan.xlsx");
    const confirm = await call(
      action,
      postWith(
        cookie,
        stateFields(step, { intent: "confirm", skipErrors: "yes", inspectionId: String(otherInspection) }),
      ),
    );
    expect(confirm.status).toBe(404);
    expect(await count("actions")).toBe(10);
  });

  it("lets an administrator import into any authority's inspection", async () => {
    const admin = await createTestUser({ role: "admin", authorityId: null });
    const adminCookie = await sessionCookie(admin.id);
    const data = (await (await call(loader, getRequest("/import/plan", adminCookie))).json()) as {
      inspections: { id: number }[];
    };
    expect(data.inspections.map((i) => i.id)).toEqual([inspectionId]);
    const res = await call(
      action,
      uploadRequest(
        adminCookie,
        fs.readFileSync("tests/fixtures/plans/havering-plan-semicolon.csv").toString(),
        "plan.csv",
        inspectionId,
      ),
    );
    expect(res.status).toBe(200);
  });
});
