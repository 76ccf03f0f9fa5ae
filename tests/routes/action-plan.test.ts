import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { summariseAuthorities } from "../../app/models/progress.server";
import { action as actionPage } from "../../app/routes/actions.$actionId";
import { loader as myActionsLoader } from "../../app/routes/my-actions";
import { action as newAction, loader as newActionLoader } from "../../app/routes/recommendations.$recommendationId.actions.new";
import { createAuthority, createInspection, createTestUser, setAction, TODAY } from "../factories";
import { call, getRequest, postRequest, sessionCookie } from "../helpers/requests";

let w: Awaited<ReturnType<typeof world>>;
async function world() {
  const authority = await createAuthority();
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
  const manager = await createTestUser({ role: "service_manager", authorityId: authority.id });
  const board = await createTestUser({ role: "board_member", authorityId: authority.id });
  const outsider = await createTestUser({ role: "improvement_lead", authorityId: (await createAuthority()).id });
  const { inspectionId, actionIds } = await createInspection(authority.id);
  const recommendationId = (
    await getDb().selectFrom("recommendations").select("id").where("inspection_id", "=", inspectionId).orderBy("position").executeTakeFirstOrThrow()
  ).id;
  return { authority, lead, manager, board, outsider, actionIds, recommendationId };
}
beforeEach(async () => {
  w = await world();
});

const post = async (userId: number, actionId: number, fields: Record<string, string>) =>
  call(actionPage, postRequest(`/actions/${actionId}`, fields, await sessionCookie(userId)), { actionId: String(actionId) });

describe("adding actions to a recommendation", () => {
  it("numbers them 1.1, 1.2 with owner, partner agency, success measure and target date as baseline", async () => {
    const params = { recommendationId: String(w.recommendationId) };
    const cookie = await sessionCookie(w.lead.id);
    expect((await call(newActionLoader, getRequest(`/recommendations/${w.recommendationId}/actions/new`, cookie), params)).status).toBe(200);
    const res = await call(
      newAction,
      postRequest(
        `/recommendations/${w.recommendationId}/actions/new`,
        { title: "Joint audit with health", ownerId: String(w.manager.id), targetDate: "31/03/2025", partnerAgency: "NHS North East London", successMeasure: "90% of audited plans good or better" },
        cookie,
      ),
      params,
    );
    expect(res.status).toBe(302);
    const rows = await getDb().selectFrom("actions").select(["sequence", "title", "partner_agency", "success_measure", "target_date", "baseline_target_date", "owner_id"]).where("recommendation_id", "=", w.recommendationId).orderBy("sequence").execute();
    expect(rows.map((r) => r.sequence)).toEqual([1, 2]);
    expect(rows[1]).toMatchObject({ partner_agency: "NHS North East London", success_measure: "90% of audited plans good or better", target_date: "2025-03-31", baseline_target_date: "2025-03-31", owner_id: w.manager.id });
  });

  it("is refused to managers and board members (403) and hidden from other authorities (404)", async () => {
    const params = { recommendationId: String(w.recommendationId) };
    for (const user of [w.manager, w.board]) {
      const res = await call(newAction, postRequest("/x", { title: "x", ownerId: "none" }, await sessionCookie(user.id)), params);
      expect(res.status).toBe(403);
    }
    expect((await call(newAction, postRequest("/x", { title: "x", ownerId: "none" }, await sessionCookie(w.outsider.id)), params)).status).toBe(404);
    expect(await getDb().selectFrom("actions").selectAll().where("recommendation_id", "=", w.recommendationId).execute()).toHaveLength(1);
  });

  it("explains bad input", async () => {
    const res = await call(newAction, postRequest("/x", { title: " ", ownerId: "none", targetDate: "30/02/2025" }, await sessionCookie(w.lead.id)), { recommendationId: String(w.recommendationId) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Record<string, string> };
    expect(Object.keys(body.errors).sort()).toEqual(["targetDate", "title"]);
  });
});

describe("editing, withdrawing and reinstating", () => {
  it("lets a lead edit the details, audited with only the changed fields", async () => {
    const res = await post(w.lead.id, w.actionIds[0], { intent: "details", version: "1", title: "New title", description: "", partnerAgency: "Police", successMeasure: "Fewer repeat referrals" });
    expect(res.status).toBe(302);
    const event = await getDb().selectFrom("audit_events").select(["event", "before", "after"]).where("event", "=", "action.details_changed").executeTakeFirstOrThrow();
    expect(JSON.parse(event.after!)).toEqual({ title: "New title", partner_agency: "Police", success_measure: "Fewer repeat referrals" });
    expect((await post(w.manager.id, w.actionIds[0], { intent: "details", version: "2", title: "x" })).status).toBe(403);
  });

  it("takes a withdrawn action out of every count but keeps it, refuses changes to it, and can reinstate it", async () => {
    const before = (await summariseAuthorities(w.lead.actor, TODAY, 14))[0].total;
    expect((await post(w.lead.id, w.actionIds[0], { intent: "withdraw", version: "1", withdrawReason: "" })).status).toBe(400);
    expect((await post(w.lead.id, w.actionIds[0], { intent: "withdraw", version: "1", withdrawReason: "Duplicate of 2.1" })).status).toBe(302);
    expect((await summariseAuthorities(w.lead.actor, TODAY, 14))[0].total).toBe(before - 1);
    const progress = await post(w.lead.id, w.actionIds[0], { intent: "progress", body: "More work" });
    expect(progress.status).toBe(400);
    expect(JSON.stringify(await progress.json())).toMatch(/withdrawn/);
    expect((await post(w.lead.id, w.actionIds[0], { intent: "reinstate", version: "2" })).status).toBe(302);
    expect((await summariseAuthorities(w.lead.actor, TODAY, 14))[0].total).toBe(before);
    const events = await getDb().selectFrom("audit_events").select("event").where("entity_id", "=", w.actionIds[0]).orderBy("id").execute();
    expect(events.map((e) => e.event)).toEqual(["action.withdrawn", "action.reinstated"]);
  });

  it("does not withdraw a signed-off action", async () => {
    await setAction(w.actionIds[0], { status: "signed_off" });
    const res = await post(w.lead.id, w.actionIds[0], { intent: "withdraw", version: "1", withdrawReason: "x" });
    expect(res.status).toBe(400);
  });
});

describe("my actions", () => {
  it("lists only the signed-in person's actions, worst RAG first, soonest first", async () => {
    await setAction(w.actionIds[0], { owner_id: w.manager.id, target_date: "2030-01-01" });
    await setAction(w.actionIds[1], { owner_id: w.manager.id, target_date: "2000-01-01" });
    const res = await call(myActionsLoader, getRequest("/my-actions", await sessionCookie(w.manager.id)));
    const body = (await res.json()) as { actions: { id: number; rag: string }[] };
    expect(body.actions.map((a) => a.id)).toEqual([w.actionIds[1], w.actionIds[0]]);
    expect(body.actions.map((a) => a.rag)).toEqual(["red", "green"]);
    const lead = (await (await call(myActionsLoader, getRequest("/my-actions", await sessionCookie(w.lead.id)))).json()) as { actions: unknown[] };
    expect(lead.actions).toEqual([]);
  });
});
