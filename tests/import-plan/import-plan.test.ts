import fs from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { action, loader } from "../../app/routes/import_.plan";
import { action as stepAction, loader as stepLoader } from "../../app/routes/import_.plan_.$draftId";
import { verifyLogin } from "../../app/models/user.server";
import { createAuthority, createTestUser } from "../factories";
import { call, getRequest, sessionCookie } from "../helpers/requests";
import { createPlanInspection, createPlanPeople, hackneyStylePlan } from "./plans";

type Body = Record<string, unknown> & { stage: string; errors: Record<string, string> };
type Mapping = Body & {
  draftId: number;
  revision: number;
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
  badCells: string[];
  cells: Record<string, string>;
  recommendation: { reference: string; method: string } | null;
  owner: { kind: string; name?: string };
  targetDate: string | null;
  status: string;
  riskFlag: string | null;
};
type Preview = Mapping & {
  rows: PlannedRow[];
  summary: { actions: number; withErrors: number; newOwners: { name: string }[]; matchedOwners: string[] };
  people: { key: string; name: string; confirmed: boolean; rows: number[] }[];
  starters: { id: number; reference: string }[];
  replacePlaceholders: boolean;
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
  form.set("inspectionId", String(inspectionId));
  form.set("plan", new File([bytes as BlobPart], name));
  return new Request("http://localhost/import/plan", { method: "POST", body: form, headers: { Cookie: cookie } });
}

/** The columns step's fields as its form posts them. */
function mappingFields(step: Mapping): Record<string, string> {
  const fields: Record<string, string> = { sheet: String(step.sheet), headerRow: String(step.headerRow) };
  for (const [field, column] of Object.entries(step.mapping))
    fields[`col_${field}`] = column === null ? "" : String(column);
  return fields;
}

type Fields = Record<string, string | string[]>;

function stepRequest(cookie: string, draftId: number, fields: Fields) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  return new Request(`http://localhost/import/plan/${draftId}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: body.toString(),
  });
}

/** The preview form's fields as a browser posts them: every offered person ticked unless declined. */
function previewFields(step: Preview, extra: Fields = {}): Fields {
  const fields: Fields = {
    revision: String(step.revision),
    personOffered: step.people.map((p) => p.key),
    person: step.people.filter((p) => p.confirmed).map((p) => p.key),
  };
  if (step.starters.length > 0) {
    fields.replaceOffered = "yes";
    if (step.replacePlaceholders) fields.replacePlaceholders = "yes";
  }
  return { ...fields, ...extra };
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

async function page<T = Mapping>(draftId: number, as = cookie): Promise<T> {
  const res = await call(stepLoader, getRequest(`/import/plan/${draftId}`, as), { draftId: String(draftId) });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function post(draftId: number, fields: Fields, as = cookie): Promise<Response> {
  return call(stepAction, stepRequest(as, draftId, fields), { draftId: String(draftId) });
}

async function uploadAndMap(bytes: Uint8Array | string, name: string): Promise<Mapping> {
  const res = await call(action, uploadRequest(cookie, bytes, name, inspectionId));
  expect(res.status, await res.clone().text()).toBe(302);
  const draftId = Number(/^\/import\/plan\/(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
  return page(draftId);
}

async function preview(step: Mapping, extra: Fields = {}): Promise<Preview> {
  if (step.stage === "mapping") {
    const res = await post(step.draftId, {
      intent: "preview",
      revision: String(step.revision),
      ...mappingFields(step),
    });
    expect(res.status, await res.clone().text()).toBe(302);
  }
  const shown = await page<Preview>(step.draftId);
  if (Object.keys(extra).length === 0) return shown;
  const updated = await post(step.draftId, previewFields(shown, { intent: "update", ...extra }));
  expect(updated.status, await updated.clone().text()).toBe(302);
  return page<Preview>(step.draftId);
}

async function confirm(step: Preview, extra: Fields = {}): Promise<Response> {
  return post(step.draftId, previewFields(step, { intent: "confirm", ...extra }));
}

describe("importing a spreadsheet plan", () => {
  it("reads an .xlsx: finds the plan sheet and its headings under the title, and guesses the columns", async () => {
    const step = await uploadAndMap(await hackneyStylePlan(), "Hackney improvement plan.xlsx");
    expect(step.stage).toBe("mapping");
    // The sheet stays on the server: nothing of it travels in the page's form.
    expect(step).not.toHaveProperty("workbook");
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
    const res = await confirm(body);
    expect(res.status).toBe(400);
    const refused = (await res.json()) as Preview;
    expect(refused.stage).toBe("preview");
    expect(refused.errors.skipErrors).toMatch(/1 row has errors: correct them in the table, or tick the box/);
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
    expect(body.starters.map((s) => s.reference)).toEqual(["SG-IM-1", "SG-3M-1", "SG-3M-2", "LAC-3M-1", "LAC-6M-1"]);
    const res = await confirm(body, { skipErrors: "yes" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/inspections/${inspectionId}`);

    const db = getDb();
    const imported = await db
      .selectFrom("actions")
      .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
      .leftJoin("users", "users.id", "actions.owner_id")
      .select([
        "recommendations.reference",
        "actions.sequence",
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
    // The starter actions were replaced, so the imported actions are the whole plan, numbered from 1.
    expect(await count("actions")).toBe(6);
    expect(imported.map((a) => `${a.reference} ${a.sequence}`)).toEqual([
      "SG-IM-1 1",
      "SG-IM-1 2",
      "SG-3M-1 1",
      "SG-3M-2 1",
      "LAC-3M-1 1",
      "LAC-6M-1 1",
    ]);
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
      "action.replaced_by_import": 5,
      "action.imported": 6,
      "action.progress_imported": 2,
      "action.evidence_imported": 2,
      "inspection.plan_imported": 1,
    });
    expect(events.every((e) => e.user_id === lead.id)).toBe(true);
  });

  it("leaves out rows the lead excludes, and importing the same plan again adds nothing", async () => {
    const body = await preview(await uploadAndMap(await hackneyStylePlan(), "plan.xlsx"), { leaveOut: "10" });
    expect(body.leftOut).toEqual([10]);
    expect(body.summary.actions).toBe(5);
    expect(body.summary.newOwners.map((o) => o.name)).toEqual(["Sam Newperson", "J Smith"]);
    // LAC-6M-1 gets nothing now, so its starter action stays.
    expect(body.starters.map((s) => s.reference)).toEqual(["SG-IM-1", "SG-3M-1", "SG-3M-2", "LAC-3M-1"]);
    const res = await confirm(body, { skipErrors: "yes", leaveOut: "10" });
    expect(res.status).toBe(302);
    expect(await count("actions")).toBe(6);
    expect(await count("users")).toBe(5);

    const again = await preview(await uploadAndMap(await hackneyStylePlan(), "plan.xlsx"));
    const rows = again.rows.filter((r) => r.kind === "action");
    expect(rows.filter((r) => r.errors.some((e) => /already in the plan/.test(e))).map((r) => r.rowNumber)).toEqual([
      5, 6, 7, 8, 9,
    ]);
    // The person created as pending last time is matched now, not created twice.
    expect(rows.find((r) => r.rowNumber === 10)?.owner).toMatchObject({ kind: "new", name: "Priya Patel" });
    expect(again.summary.matchedOwners).toEqual([]);
    const confirmed = await confirm(again, { skipErrors: "yes" });
    expect(confirmed.status).toBe(302);
    expect(await count("actions")).toBe(6);
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
    const res = await confirm(body, { skipErrors: "yes" });
    expect(res.status).toBe(302);
    expect(await count("actions")).toBe(6);
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

    const res = await confirm(taken);
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

  it("keeps the lead's column choices, asks for the columns it needs, and re-reads another worksheet", async () => {
    const step = await uploadAndMap(await hackneyStylePlan(), "plan.xlsx");
    const columns = (fields: Record<string, string>, revision: number) =>
      post(step.draftId, { intent: "columns", revision: String(revision), ...mappingFields(step), ...fields });
    expect((await columns({ col_progress: "" }, step.revision)).status).toBe(302);
    const kept = await page(step.draftId);
    expect(kept.mapping.progress).toBeNull();
    const missing = await post(step.draftId, {
      intent: "preview",
      revision: String(kept.revision),
      ...mappingFields(kept),
      col_action: "",
      col_reference: "",
      col_recommendation: "",
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Mapping).errors).toEqual({
      col_action: "Choose the column that holds the actions",
      col_reference: "Choose the column that says which recommendation each action is for",
    });
    const badRow = await columns({ headerRow: "99" }, kept.revision);
    expect(badRow.status).toBe(400);
    expect(((await badRow.json()) as Mapping).errors.headerRow).toMatch(/from 1 to 11/);
    expect((await columns({ sheet: "0", shownSheet: "1" }, kept.revision)).status).toBe(302);
    expect(await page(step.draftId)).toMatchObject({ sheet: 0, headerRow: 1 });
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

const actionsOf = (reference: string) =>
  getDb()
    .selectFrom("actions")
    .innerJoin("recommendations", "recommendations.id", "actions.recommendation_id")
    .leftJoin("users", "users.id", "actions.owner_id")
    .select(["actions.id", "actions.sequence", "actions.title", "actions.target_date", "users.name as owner"])
    .where("recommendations.reference", "=", reference)
    .where("recommendations.inspection_id", "=", inspectionId)
    .orderBy("actions.sequence")
    .execute();

const threeActionsCsv = [
  "Recommendation,Action,Lead,Target date",
  "SG-3M-2,Audit 50 case files for chronologies,Jane Smith (Head of Service),31/03/2025",
  ",Train team managers on chronologies,TBC,30/04/2025",
  ",Report chronology compliance to the board,Head of Service (interim),31/05/2025",
].join("\r\n");

describe("numbering, starter actions and owners", () => {
  it("numbers several actions under one recommendation 1, 2, 3 in place of its untouched starter action", async () => {
    const body = await preview(await uploadAndMap(threeActionsCsv, "plan.csv"));
    expect(body.starters.map((s) => s.reference)).toEqual(["SG-3M-2"]);
    expect(body.replacePlaceholders).toBe(true);
    expect((await confirm(body)).status).toBe(302);
    expect((await actionsOf("SG-3M-2")).map((a) => [a.sequence, a.title, a.owner])).toEqual([
      [1, "Audit 50 case files for chronologies", "Jane Smith"],
      [2, "Train team managers on chronologies", null],
      [3, "Report chronology compliance to the board", null],
    ]);
    // The other recommendations keep their starter actions.
    expect((await actionsOf("SG-3M-1")).map((a) => a.sequence)).toEqual([1]);
    const replaced = await getDb()
      .selectFrom("audit_events")
      .select(["before"])
      .where("event", "=", "action.replaced_by_import")
      .execute();
    expect(replaced).toHaveLength(1);
  });

  it("keeps the starter action when the lead unticks the choice, and numbers after it", async () => {
    const body = await preview(await uploadAndMap(threeActionsCsv, "plan.csv"));
    expect((await confirm(body, { replacePlaceholders: [] })).status).toBe(302);
    expect((await actionsOf("SG-3M-2")).map((a) => a.sequence)).toEqual([1, 2, 3, 4]);
  });

  it("never replaces a starter action someone has worked on, and numbers after the actions already there", async () => {
    const [starter] = await actionsOf("SG-3M-2");
    await getDb()
      .insertInto("progress_updates")
      .values({ action_id: starter.id, author_id: lead.id, body: "Started", created_at: "2024-10-01T09:00:00.000Z" })
      .execute();
    const body = await preview(await uploadAndMap(threeActionsCsv, "plan.csv"));
    expect(body.starters).toEqual([]);
    expect((await confirm(body)).status).toBe(302);
    expect((await actionsOf("SG-3M-2")).map((a) => a.sequence)).toEqual([1, 2, 3, 4]);
    expect(await count("progress_updates")).toBe(1);
  });

  it("offers each new person to confirm; one the lead unticks is not added and their actions have no owner", async () => {
    const csv = [
      "Recommendation,Action,Lead,Target date",
      "SG-IM-1,Remove certificates,Ruth Evans (Head of Service),31/03/2025",
      "SG-3M-1,Publish a leaflet,Omar Khan,31/03/2025",
      "SG-3M-2,Audit files,Vacant,31/03/2025",
    ].join("\r\n");
    const body = await preview(await uploadAndMap(csv, "plan.csv"));
    expect(body.people.map((p) => [p.name, p.confirmed, p.rows])).toEqual([
      ["Ruth Evans", true, [2]],
      ["Omar Khan", true, [3]],
    ]);
    const declined = await preview(body, { person: ["ruth evans"] });
    expect(declined.people.map((p) => [p.name, p.confirmed])).toEqual([
      ["Ruth Evans", true],
      ["Omar Khan", false],
    ]);
    expect(declined.rows.find((r) => r.rowNumber === 3)?.owner).toEqual({ kind: "none" });
    expect((await confirm(declined, { person: ["ruth evans"] })).status).toBe(302);
    const pending = await getDb().selectFrom("users").select("name").where("pending", "=", 1).execute();
    expect(pending).toEqual([{ name: "Ruth Evans" }]);
    expect((await actionsOf("SG-3M-1")).map((a) => a.owner)).toEqual([null]);
    expect((await actionsOf("SG-3M-2")).map((a) => a.owner)).toEqual([null]);
  });
});

describe("correcting cells on the preview", () => {
  it("corrects a bad cell without a new upload, re-checks it, and imports what the preview showed", async () => {
    const body = await preview(await uploadAndMap(await hackneyStylePlan(), "plan.xlsx"));
    const bad = body.rows.find((r) => r.rowNumber === 11)!;
    expect(bad.badCells.sort()).toEqual(["rag", "reference", "targetDate"]);
    expect(bad.cells).toEqual({ reference: "SG-9M-9", targetDate: "next spring", rag: "Purple" });

    // A correction that is still wrong stays as typed, with its error.
    const still = await preview(body, { "fix:11:targetDate": "Summer 2025", "fix:11:reference": "SG-3M-2" });
    const row = still.rows.find((r) => r.rowNumber === 11)!;
    expect(row.errors).toEqual([
      "The target date “Summer 2025” is not a date: use a date like 01/07/2024 or 1 July 2024",
      "The RAG status “Purple” is not recognised: use Blue, Green, Amber or Red",
    ]);
    expect(row.cells).toEqual({ targetDate: "Summer 2025", rag: "Purple" });

    const fixed = await preview(still, { "fix:11:targetDate": "Q2 2025/26", "fix:11:rag": "Green" });
    const good = fixed.rows.find((r) => r.rowNumber === 11)!;
    expect(good).toMatchObject({
      errors: [],
      recommendation: { reference: "SG-3M-2" },
      targetDate: "2025-09-30",
      status: "in_progress",
    });
    expect(good.warnings).toContain(
      "Target date “Q2 2025/26” read as 30 September 2025, the end of the second quarter of the financial year 2025/26",
    );
    expect(fixed.summary.withErrors).toBe(0);
    // No row has errors now, so no "skip" is needed.
    expect((await confirm(fixed)).status).toBe(302);
    expect((await actionsOf("SG-3M-2")).map((a) => [a.title, a.target_date])).toEqual([
      ["Audit 50 case files for chronologies", "2024-07-31"],
      ["Do something", "2025-09-30"],
    ]);
  });

  it("refuses a correction longer than a cell may be, and a form from a stale tab, saving nothing", async () => {
    const body = await preview(await uploadAndMap(await hackneyStylePlan(), "plan.xlsx"));
    const long = await post(
      body.draftId,
      previewFields(body, { intent: "update", "fix:11:reference": "x".repeat(60_000) }),
    );
    expect(long.status).toBe(400);
    expect(((await long.json()) as Preview).errors.corrections).toMatch(
      /60,000 characters long; a cell holds at most 5,000/,
    );

    expect((await post(body.draftId, previewFields(body, { intent: "update", leaveOut: "5" }))).status).toBe(302);
    const stale = await post(body.draftId, previewFields(body, { intent: "confirm", skipErrors: "yes" }));
    expect(stale.status).toBe(409);
    const shown = (await stale.json()) as Preview;
    expect(shown.errors.form).toMatch(/changed in another tab or window/);
    expect(shown.leftOut).toEqual([5]);
    expect(await count("actions")).toBe(5);
  });

  it("ignores a workbook, rows or limits posted by the browser: only the draft's sheet is read", async () => {
    const body = await preview(await uploadAndMap(threeActionsCsv, "plan.csv"));
    const forged = Array.from({ length: 6_000 }, (_, i) => `SG-IM-1,Forged ${i},,`).join("\n");
    const res = await confirm(body, {
      workbook: forged,
      rows: forged,
      "fix:9999:action": "Forged",
      "fix:4:progress": "p".repeat(4_000),
      "fix:4:action": "Report chronology compliance to the board each month",
    });
    expect(res.status).toBe(302);
    expect(await count("actions")).toBe(5 - 1 + 3);
    // Row 4's action was corrected; the sheet has no progress column, so nothing else was.
    expect((await actionsOf("SG-3M-2")).map((a) => a.title)).toEqual([
      "Audit 50 case files for chronologies",
      "Train team managers on chronologies",
      "Report chronology compliance to the board each month",
    ]);
    expect(await count("progress_updates")).toBe(0);
  });
});

describe("whose draft it is", () => {
  it("shows a draft to nobody but the lead who made it: another lead, even of the same council, gets 404", async () => {
    const step = await uploadAndMap(threeActionsCsv, "plan.csv");
    const colleague = await createTestUser({ role: "improvement_lead", authorityId });
    const colleagueCookie = await sessionCookie(colleague.id);
    const otherCouncil = await createAuthority("Elsewhere");
    const stranger = await sessionCookie(
      (await createTestUser({ role: "improvement_lead", authorityId: otherCouncil.id })).id,
    );
    for (const as of [colleagueCookie, stranger]) {
      const seen = await call(stepLoader, getRequest(`/import/plan/${step.draftId}`, as), {
        draftId: String(step.draftId),
      });
      expect(seen.status).toBe(404);
      const posted = await post(
        step.draftId,
        { intent: "confirm", revision: String(step.revision), skipErrors: "yes" },
        as,
      );
      expect(posted.status).toBe(404);
    }
    const manager = await sessionCookie((await createTestUser({ role: "service_manager", authorityId })).id);
    expect((await post(step.draftId, { intent: "confirm", revision: "1" }, manager)).status).toBe(403);
    expect(await count("actions")).toBe(5);
  });

  it("is gone once imported: the page answers 404 and confirming again adds nothing", async () => {
    const body = await preview(await uploadAndMap(threeActionsCsv, "plan.csv"));
    expect((await confirm(body)).status).toBe(302);
    const again = await confirm({ ...body, revision: body.revision + 1 });
    expect(again.status).toBe(404);
    expect(await count("actions")).toBe(7);
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
    // A draft posts no inspection: one named in the form is ignored.
    const step = await preview(await uploadAndMap(await hackneyStylePlan(), "plan.xlsx"));
    const confirmed = await confirm(step, { skipErrors: "yes", inspectionId: String(otherInspection) });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe(`/inspections/${inspectionId}`);
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
    expect(res.status).toBe(302);
  });
});
