import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { getDb } from "../../db/client";
import { cachedByPlan, planChangeToken, planScope } from "../../app/models/plan-cache.server";
import { listActions } from "../../app/models/action.server";
import {
  pageAuthoritiesWithPlans,
  pageOverdueAndDueSoon,
  summariseAuthorities,
} from "../../app/models/progress.server";
import { listInspectionClocks } from "../../app/models/readiness.server";
import { getBoard } from "../../app/models/board.server";
import { createAuthority, createInspection, createTestMeasure, createTestUser, setAction, TODAY } from "../factories";

describe("answers cached by plan change token", () => {
  it("reuses an answer while the plan is unchanged, and recomputes after any write to it", async () => {
    const authority = await createAuthority("Alpha");
    let calls = 0;
    const compute = async () => ({ calls: ++calls });
    expect(await cachedByPlan(null, "k", compute)).toEqual({ calls: 1 });
    const again = await cachedByPlan(null, "k", compute);
    expect(again).toEqual({ calls: 1 });
    again.calls = 99; // each caller gets its own copy
    expect(await cachedByPlan(null, "k", compute)).toEqual({ calls: 1 });
    expect(await cachedByPlan(null, "other", compute)).toEqual({ calls: 2 });

    const before = await planChangeToken();
    await getDb().updateTable("authorities").set({ name: "Alpha Council" }).where("id", "=", authority.id).execute();
    expect(await planChangeToken()).not.toBe(before);
    expect(await cachedByPlan(null, "k", compute)).toEqual({ calls: 3 });

    // Sessions are not part of the plan: signing in does not throw the cache away.
    const token = await planChangeToken();
    await getDb().deleteFrom("sessions").execute();
    expect(await planChangeToken()).toBe(token);
  });

  it("caches nothing while the token is unknown", async () => {
    await sql`delete from plan_change_token`.execute(getDb());
    expect(await planChangeToken()).toBeNull();
    let calls = 0;
    await cachedByPlan(null, "k", async () => ++calls);
    await cachedByPlan(null, "k", async () => ++calls);
    expect(calls).toBe(2);

    const authority = await createAuthority("Alpha");
    expect(await planChangeToken(getDb(), authority.id)).not.toBeNull();
    await sql`delete from authority_change_token`.execute(getDb());
    expect(await planChangeToken(getDb(), authority.id)).toBeNull();
    await cachedByPlan(authority.id, "k", async () => ++calls);
    await cachedByPlan(authority.id, "k", async () => ++calls);
    expect(calls).toBe(4);
  });

  it("gives counts that follow every change to the plan", async () => {
    const authority = await createAuthority("Alpha");
    const { actionIds } = await createInspection(authority.id);
    const admin = await createTestUser({ role: "admin", authorityId: null });
    const list = () =>
      listActions({
        actor: admin.actor,
        filters: { rag: "red" },
        sort: "target_date",
        page: 1,
        today: TODAY,
        amberWindowDays: 14,
      });
    await setAction(actionIds[0], { status: "not_started", target_date: "2030-01-01", risk_flag: null });
    const red = (await list()).total;
    const [summary] = await summariseAuthorities(admin.actor, TODAY, 14);
    expect(summary.red).toBe(red);
    await setAction(actionIds[0], { status: "in_progress", target_date: "2024-01-01", risk_flag: null });
    const after = (await list()).total;
    expect(after).toBe(red + 1);
    const [summaryAfter] = await summariseAuthorities(admin.actor, TODAY, 14);
    expect(summaryAfter.red).toBe(after);
    expect(summaryAfter.overdue).toBeGreaterThanOrEqual(1);
  });

  it("gives list pages that follow every change to their rows and to the day", async () => {
    const authority = await createAuthority("Alpha");
    const { actionIds } = await createInspection(authority.id);
    const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
    const owner = await createTestUser({ role: "service_manager", authorityId: authority.id, name: "Sam Owner" });
    await setAction(actionIds[0], { status: "in_progress", target_date: "2024-08-01", risk_flag: null });
    const actionsPage = async (today = TODAY) =>
      (
        await listActions({ actor: lead.actor, filters: {}, sort: "updated", page: 1, today, amberWindowDays: 14 })
      ).items.find((row) => row.id === actionIds[0])!;
    const overduePage = async (today = TODAY) =>
      (await pageOverdueAndDueSoon(lead.actor, today, 14, { page: 1 })).items.find((row) => row.id === actionIds[0]);

    expect(await actionsPage()).toMatchObject({ owner_name: null, rag: "red" });
    expect(await overduePage()).toMatchObject({ owner_name: null, rag: "red" });
    await setAction(actionIds[0], { owner_id: owner.id });
    await getDb().updateTable("actions").set({ title: "Renamed action" }).where("id", "=", actionIds[0]).execute();
    expect(await actionsPage()).toMatchObject({ owner_name: "Sam Owner", title: "Renamed action" });
    expect(await overduePage()).toMatchObject({ owner_name: "Sam Owner", title: "Renamed action" });
    await getDb().updateTable("users").set({ name: "Sam Renamed" }).where("id", "=", owner.id).execute();
    expect(await actionsPage()).toMatchObject({ owner_name: "Sam Renamed" });
    expect(await overduePage()).toMatchObject({ owner_name: "Sam Renamed" });
    // Another day is another answer: the RAG is the day's, with no write in between.
    expect(await actionsPage("2024-07-01")).toMatchObject({ rag: "green" });
    expect(await overduePage("2024-07-01")).toBeUndefined();
    await setAction(actionIds[0], { status: "signed_off" });
    expect(await actionsPage()).toMatchObject({ status: "signed_off" });
    expect(await overduePage()).toBeUndefined();
  });

  it("gives the dashboard's authority pages and inspection clocks that follow new plans", async () => {
    const admin = await createTestUser({ role: "admin", authorityId: null });
    const alpha = await createAuthority("Alpha");
    const { actionIds } = await createInspection(alpha.id);
    const names = async () => (await pageAuthoritiesWithPlans(admin.actor, 1)).authorities.map((a) => a.name);
    const clocks = async () => (await listInspectionClocks(admin.actor)).map((c) => c.authorityName);
    expect(await names()).toEqual(["Alpha"]);
    expect(await clocks()).toEqual(["Alpha"]);

    const beta = await createAuthority("Beta");
    await createInspection(beta.id);
    expect(await names()).toEqual(["Alpha", "Beta"]);
    expect(await clocks()).toEqual(["Alpha", "Beta"]);
    await getDb()
      .updateTable("actions")
      .set({ withdrawn_at: "2024-09-01T00:00:00Z" })
      .where("id", "in", actionIds)
      .execute();
    expect(await names()).toEqual(["Beta"]);
  });

  it("renews an authority's own token on every write to its plan, and no other authority's", async () => {
    const alpha = await createAuthority("Alpha");
    const beta = await createAuthority("Beta");
    const { inspectionId, actionIds } = await createInspection(alpha.id);
    await createInspection(beta.id);
    const manager = await createTestUser({ role: "service_manager", authorityId: alpha.id });
    const db = getDb();
    const [recommendation] = await db
      .selectFrom("recommendations")
      .select("id")
      .where("inspection_id", "=", inspectionId)
      .execute();
    let measureId = 0;
    const measureValue = (value: number) =>
      db.insertInto("measure_values").values({
        measure_id: measureId,
        period: "2023-24",
        period_end: "2024-03-31",
        value,
        statistical_neighbours: null,
        england: null,
        recorded_by: null,
        recorded_at: "2024-09-02T09:00:00.000Z",
      });
    const writes: [string, () => Promise<unknown>][] = [
      [
        "authority",
        () => db.updateTable("authorities").set({ name: "Alpha Council" }).where("id", "=", alpha.id).execute(),
      ],
      [
        "inspection",
        () => db.updateTable("inspections").set({ title: "Renamed" }).where("id", "=", inspectionId).execute(),
      ],
      [
        "recommendation",
        () => db.updateTable("recommendations").set({ heading: "H" }).where("id", "=", recommendation.id).execute(),
      ],
      ["action", () => setAction(actionIds[0], { status: "in_progress" })],
      [
        "target date change",
        () =>
          db
            .insertInto("target_date_changes")
            .values({
              action_id: actionIds[0],
              from_date: null,
              to_date: "2025-01-01",
              reason: "r",
              changed_by: null,
              changed_at: "2024-09-02T09:00:00.000Z",
            })
            .execute(),
      ],
      [
        "evidence",
        () =>
          db
            .insertInto("evidence")
            .values({
              action_id: actionIds[0],
              kind: "note",
              purpose: "completion",
              description: "d",
              url: null,
              evidence_date: null,
              added_by: null,
              created_at: "2024-09-02T09:00:00.000Z",
            })
            .execute(),
      ],
      ["user", () => db.updateTable("users").set({ name: "Renamed" }).where("id", "=", manager.id).execute()],
      [
        "audit event",
        () =>
          db
            .insertInto("audit_events")
            .values({
              at: "2024-09-02T09:00:00.000Z",
              user_id: null,
              authority_id: alpha.id,
              entity_type: "action",
              entity_id: actionIds[0],
              event: "action.progress_added",
              before: null,
              after: null,
            })
            .execute(),
      ],
      ["measure", async () => (measureId = (await createTestMeasure(alpha.id)).id)],
      ["measure value", () => measureValue(21).execute()],
      ["measure value changed", () => db.updateTable("measure_values").set({ value: 20 }).execute()],
      [
        "measure value corrected (an upsert, as the app writes it)",
        () =>
          measureValue(19)
            .onConflict((oc) => oc.columns(["measure_id", "period_end"]).doUpdateSet({ value: 19 }))
            .execute(),
      ],
      [
        "measure linked",
        () =>
          db
            .insertInto("measure_recommendations")
            .values({ measure_id: measureId, recommendation_id: recommendation.id })
            .execute(),
      ],
      ["measure unlinked", () => db.deleteFrom("measure_recommendations").execute()],
      ["measure value deleted", () => db.deleteFrom("measure_values").execute()],
      ["measure deleted", () => db.deleteFrom("measures").where("id", "=", measureId).execute()],
      ["action deleted", () => db.deleteFrom("actions").where("id", "=", actionIds[1]).execute()],
    ];
    for (const [what, write] of writes) {
      const [alphaBefore, betaBefore, everyBefore] = await Promise.all([
        planChangeToken(db, alpha.id),
        planChangeToken(db, beta.id),
        planChangeToken(db),
      ]);
      await write();
      expect(await planChangeToken(db, alpha.id), what).not.toBe(alphaBefore);
      expect(await planChangeToken(db, beta.id), what).toBe(betaBefore);
      expect(await planChangeToken(db), what).not.toBe(everyBefore);
    }

    // A user with no authority (an administrator) may appear in any plan: every token is renewed.
    const admin = await createTestUser({ role: "admin", authorityId: null });
    const [alphaBefore, betaBefore] = await Promise.all([planChangeToken(db, alpha.id), planChangeToken(db, beta.id)]);
    await db.updateTable("users").set({ name: "Admin Renamed" }).where("id", "=", admin.id).execute();
    expect(await planChangeToken(db, alpha.id)).not.toBe(alphaBefore);
    expect(await planChangeToken(db, beta.id)).not.toBe(betaBefore);
  });

  it("keeps one council's cached answers through a write in another's", async () => {
    const alpha = await createAuthority("Alpha");
    const beta = await createAuthority("Beta");
    const alphaPlan = await createInspection(alpha.id);
    const betaPlan = await createInspection(beta.id);
    const alphaLead = await createTestUser({ authorityId: alpha.id });
    const betaLead = await createTestUser({ authorityId: beta.id });
    const admin = await createTestUser({ role: "admin", authorityId: null });
    expect(planScope(alphaLead.actor)).toBe(alpha.id);
    expect(planScope(admin.actor)).toBeNull();
    expect(planScope(admin.actor, beta.id)).toBe(beta.id);

    const input = { asAt: TODAY, today: TODAY, amberWindowDays: 14 };
    const alphaBoard = await getBoard(alphaLead.actor, alpha.id, input);
    const betaBoard = await getBoard(betaLead.actor, beta.id, input);
    await setAction(betaPlan.actionIds[0], { status: "in_progress", target_date: "2024-01-01" });
    // Alpha's board is served from the cache; Beta's is computed again and shows the change.
    expect(await getBoard(alphaLead.actor, alpha.id, input)).toBe(alphaBoard);
    const betaAfter = await getBoard(betaLead.actor, beta.id, input);
    expect(betaAfter).not.toBe(betaBoard);
    expect(betaAfter!.totals.red).toBe(betaBoard!.totals.red + 1);

    // The same for counts: Alpha's lead's is kept, the administrator's across both is not.
    let calls = 0;
    const count = (actor: typeof admin.actor) =>
      cachedByPlan(planScope(actor), JSON.stringify(["n", planScope(actor)]), async () => ++calls);
    await count(alphaLead.actor);
    await count(admin.actor);
    await setAction(betaPlan.actionIds[1], { status: "in_progress" });
    expect(await count(alphaLead.actor)).toBe(1);
    expect(await count(admin.actor)).toBe(3);
    await setAction(alphaPlan.actionIds[0], { status: "in_progress" });
    expect(await count(alphaLead.actor)).toBe(4);
  });
});
