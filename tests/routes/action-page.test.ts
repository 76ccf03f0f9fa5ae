import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addEvidence } from "../../app/models/evidence.server";
import { action, loader } from "../../app/routes/actions.$actionId";
import { createAuthority, createInspection, createTestUser, setAction } from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";

async function world() {
  const authority = await createAuthority();
  const other = await createAuthority();
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
  const owner = await createTestUser({ role: "service_manager", authorityId: authority.id });
  const colleague = await createTestUser({ role: "service_manager", authorityId: authority.id });
  const board = await createTestUser({ role: "board_member", authorityId: authority.id });
  const outsider = await createTestUser({ role: "improvement_lead", authorityId: other.id });
  const admin = await createTestUser({ role: "admin", authorityId: null });
  const { actionIds } = await createInspection(authority.id);
  const actionId = actionIds[0];
  await setAction(actionId, { owner_id: owner.id });
  return { authority, lead, owner, colleague, board, outsider, admin, actionId };
}

const version = async (id: number) =>
  (await getDb().selectFrom("actions").select("version").where("id", "=", id).executeTakeFirstOrThrow()).version;
const auditCount = async (id: number) =>
  Number(
    (
      await getDb()
        .selectFrom("audit_events")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("entity_type", "=", "action")
        .where("entity_id", "=", id)
        .executeTakeFirstOrThrow()
    ).n,
  );

let w: Awaited<ReturnType<typeof world>>;
beforeEach(async () => {
  w = await world();
});

describe("action page loader", () => {
  it("redirects to sign in without a session", async () => {
    const res = await call(loader, getRequest(`/actions/${w.actionId}`), { actionId: String(w.actionId) });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("shows the action to its authority's users and admins, and 404 to another authority", async () => {
    for (const user of [w.lead, w.owner, w.board, w.admin]) {
      const res = await call(loader, getRequest(`/actions/${w.actionId}`, await sessionCookie(user.id)), { actionId: String(w.actionId) });
      expect(res.status).toBe(200);
    }
    const res = await call(loader, getRequest(`/actions/${w.actionId}`, await sessionCookie(w.outsider.id)), { actionId: String(w.actionId) });
    expect(res.status).toBe(404);
  });

  it("tells the page what the user may do", async () => {
    const caps = async (userId: number) => {
      const res = await call(loader, getRequest(`/actions/${w.actionId}`, await sessionCookie(userId)), { actionId: String(w.actionId) });
      return ((await res.json()) as { can: unknown }).can;
    };
    expect(await caps(w.owner.id)).toEqual({ work: true, manage: false, signOff: false });
    expect(await caps(w.colleague.id)).toEqual({ work: false, manage: false, signOff: false });
    expect(await caps(w.board.id)).toEqual({ work: false, manage: false, signOff: false });
    expect(await caps(w.lead.id)).toEqual({ work: true, manage: true, signOff: true });
  });
});

describe("action page changes", () => {
  const post = async (userId: number, fields: Record<string, string>) =>
    call(action, postRequest(`/actions/${w.actionId}`, fields, await sessionCookie(userId)), { actionId: String(w.actionId) });

  it("lets the owner record progress, which starts the action and is audited", async () => {
    const res = await post(w.owner.id, { intent: "progress", body: "Audit of supervision records completed." });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/actions/${w.actionId}`);
    const row = await getDb().selectFrom("actions").select("status").where("id", "=", w.actionId).executeTakeFirstOrThrow();
    expect(row.status).toBe("in_progress");
    const updates = await getDb().selectFrom("progress_updates").selectAll().where("action_id", "=", w.actionId).execute();
    expect(updates).toHaveLength(1);
    expect(updates[0].author_id).toBe(w.owner.id);
    expect(await auditCount(w.actionId)).toBe(1);
  });

  it("refuses a service manager who does not own the action, and a board member, changing nothing", async () => {
    for (const user of [w.colleague, w.board]) {
      const attempts: Record<string, string>[] = [
        { intent: "progress", body: "x" },
        { intent: "status", version: "1", move: "start" },
        { intent: "risk", version: "1", flag: "at_risk", riskReason: "x" },
        { intent: "owner", version: "1", ownerId: String(user.id) },
        { intent: "target", version: "1", targetDate: "01/01/2030", targetReason: "x" },
      ];
      for (const fields of attempts) {
        const res = await post(user.id, fields);
        expect(res.status, `${user.role} ${fields.intent}`).toBe(403);
      }
    }
    expect(await version(w.actionId)).toBe(1);
    expect(await auditCount(w.actionId)).toBe(0);
    expect(await getDb().selectFrom("progress_updates").selectAll().execute()).toHaveLength(0);
    expect(await getDb().selectFrom("evidence").selectAll().execute()).toHaveLength(0);
  });

  it("refuses another authority's lead with 404, changing nothing", async () => {
    const res = await post(w.outsider.id, { intent: "progress", body: "x" });
    expect(res.status).toBe(404);
    expect(await auditCount(w.actionId)).toBe(0);
  });

  it("does not let the owner assign owners or move target dates", async () => {
    expect((await post(w.owner.id, { intent: "owner", version: "1", ownerId: String(w.colleague.id) })).status).toBe(403);
    expect((await post(w.owner.id, { intent: "target", version: "1", targetDate: "1/1/2030", targetReason: "x" })).status).toBe(403);
  });

  it("needs evidence before submitting, then a different person to sign off", async () => {
    let res = await post(w.owner.id, { intent: "status", version: "1", move: "submit" });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/at least one piece of evidence/);

    // Evidence has its own page now (tests/routes/evidence.test.ts).
    const added = await addEvidence(
      w.owner.actor,
      { actionId: w.actionId, kind: "link", purpose: "completion", description: "Audit report", url: "https://intranet.example.gov.uk/a.pdf", evidenceDate: null, file: null },
      new Date(),
    );
    expect(added.ok).toBe(true);
    res = await post(w.owner.id, { intent: "status", version: "1", move: "submit" });
    expect(res.status).toBe(302);

    res = await post(w.owner.id, { intent: "status", version: "2", move: "sign_off" });
    expect(res.status).toBe(403);

    await setAction(w.actionId, { owner_id: w.lead.id });
    res = await post(w.lead.id, { intent: "status", version: "2", move: "sign_off" });
    expect(res.status).toBe(403);

    await setAction(w.actionId, { owner_id: w.owner.id });
    res = await post(w.admin.id, { intent: "status", version: "2", move: "send_back" });
    expect(res.status).toBe(400);
    res = await post(w.admin.id, { intent: "status", version: "2", move: "sign_off" });
    expect(res.status).toBe(302);
    const row = await getDb().selectFrom("actions").select(["status", "version"]).where("id", "=", w.actionId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "signed_off", version: 3 });
  });

  it("sets the first target date as the baseline", async () => {
    const res = await post(w.lead.id, { intent: "target", version: "1", targetDate: "1/12/2024", targetReason: "Agreed at board" });
    expect(res.status).toBe(302);
    const after = await getDb().selectFrom("actions").select(["target_date", "baseline_target_date"]).where("id", "=", w.actionId).executeTakeFirstOrThrow();
    expect(after).toEqual({ target_date: "2024-12-01", baseline_target_date: "2024-12-01" });
  });

  it("keeps the baseline and records who, when and why when the target date moves", async () => {
    await getDb().updateTable("actions").set({ target_date: "2024-12-01", baseline_target_date: "2024-10-01" }).where("id", "=", w.actionId).execute();
    const before = await getDb().selectFrom("actions").select(["target_date", "baseline_target_date"]).where("id", "=", w.actionId).executeTakeFirstOrThrow();
    const res = await post(w.lead.id, { intent: "target", version: "1", targetDate: "31 March 2025", targetReason: "Recruitment delayed" });
    expect(res.status).toBe(302);
    const after = await getDb().selectFrom("actions").select(["target_date", "baseline_target_date"]).where("id", "=", w.actionId).executeTakeFirstOrThrow();
    expect(after.target_date).toBe("2025-03-31");
    expect(after.baseline_target_date).toBe("2024-10-01");
    const change = await getDb().selectFrom("target_date_changes").selectAll().executeTakeFirstOrThrow();
    expect(change).toMatchObject({ action_id: w.actionId, from_date: before.target_date, to_date: "2025-03-31", reason: "Recruitment delayed", changed_by: w.lead.id });
  });

  it("answers a stale form with 409, who changed it, and the user's input kept", async () => {
    expect((await post(w.lead.id, { intent: "risk", version: "1", flag: "at_risk", riskReason: "Staffing" })).status).toBe(302);
    const res = await post(w.owner.id, { intent: "risk", version: "1", flag: "off_track", riskReason: "My stale reason" });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { conflict: { changedBy: string }; submitted: Record<string, string> };
    expect(body.conflict.changedBy).toBe(w.lead.name);
    expect(body.submitted.riskReason).toBe("My stale reason");
    const row = await getDb().selectFrom("actions").select(["risk_flag", "risk_reason"]).where("id", "=", w.actionId).executeTakeFirstOrThrow();
    expect(row).toEqual({ risk_flag: "at_risk", risk_reason: "Staffing" });
  });

  it("returns field errors for bad input and saves nothing", async () => {
    // A date already set: moving it needs a reason (the first target date does not).
    await setAction(w.actionId, { target_date: "2024-10-01" });
    const cases: [Record<string, string>, string][] = [
      [{ intent: "progress", body: "   " }, "body"],
      [{ intent: "target", version: "1", targetDate: "31/02/2025", targetReason: "x" }, "targetDate"],
      [{ intent: "target", version: "1", targetDate: "1/3/2025", targetReason: "" }, "targetReason"],
      [{ intent: "nonsense" }, "intent"],
      [{ intent: "status", version: "abc", move: "start" }, "version"],
    ];
    for (const [fields, field] of cases) {
      const res = await post(w.lead.id, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const body = (await res.json()) as { errors: Record<string, string> };
      expect(Object.keys(body.errors), JSON.stringify(fields)).toContain(field);
    }
    expect(await auditCount(w.actionId)).toBe(0);
  });
});
