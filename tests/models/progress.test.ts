import { describe, expect, it } from "vitest";
import { listActions } from "../../app/models/action.server";
import { listOverdueAndDueSoon, summariseAuthorities } from "../../app/models/progress.server";
import { buildRecommendation, buildReport, createAuthority, createInspection, createTestUser, setAction, TODAY } from "../factories";

async function plan() {
  const authority = await createAuthority("Alpha");
  const other = await createAuthority("Beta");
  const owner = await createTestUser({ role: "service_manager", authorityId: authority.id, name: "Sam Owner" });
  const report = buildReport({
    recommendations: [
      buildRecommendation({ section: "safeguarding", timescale: "immediately" }),
      buildRecommendation({ section: "safeguarding", timescale: "three_months" }),
      buildRecommendation({ section: "safeguarding", timescale: "three_months" }),
      buildRecommendation({ section: "looked_after_children", timescale: "six_months" }),
      buildRecommendation({ section: null, timescale: null }),
    ],
  });
  const { actionIds } = await createInspection(authority.id, report);
  await setAction(actionIds[0], { status: "signed_off", target_date: "2024-08-01", owner_id: owner.id });
  await setAction(actionIds[1], { status: "in_progress", target_date: "2024-08-20", owner_id: owner.id }); // red, overdue 13 days
  await setAction(actionIds[2], { status: "in_progress", target_date: "2024-09-10" }); // amber, due soon
  await setAction(actionIds[3], { status: "not_started", target_date: "2025-01-31" }); // green
  await setAction(actionIds[4], { status: "not_started", target_date: null }); // amber, no target
  const otherPlan = await createInspection(other.id);
  await setAction(otherPlan.actionIds[0], { target_date: "2024-01-01" });
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
  const admin = await createTestUser({ role: "admin", authorityId: null });
  return { authority, actionIds, owner, lead, admin };
}

describe("progress queries", () => {
  it("summarise an authority's plan, scoped to the user's authority", async () => {
    const { lead, admin } = await plan();
    const [alpha] = await summariseAuthorities(lead.actor, TODAY, 14);
    expect(alpha).toMatchObject({ name: "Alpha", total: 5, signed_off: 1, overdue: 1, due_soon: 1, no_target_date: 1, red: 1, amber: 1, grey: 1, green: 1, blue: 1 });
    expect((await summariseAuthorities(lead.actor, TODAY, 14)).map((a) => a.name)).toEqual(["Alpha"]);
    expect((await summariseAuthorities(admin.actor, TODAY, 14)).map((a) => a.name)).toEqual(["Alpha", "Beta"]);
  });

  it("list overdue and due-soon actions in target-date order", async () => {
    const { lead, actionIds } = await plan();
    const rows = await listOverdueAndDueSoon(lead.actor, TODAY, 14);
    expect(rows.map((r) => r.id)).toEqual([actionIds[1], actionIds[2]]);
    expect(rows.map((r) => r.rag)).toEqual(["red", "amber"]);
  });

  it("filter, sort and paginate the action list", async () => {
    const { lead, actionIds, owner } = await plan();
    const list = (filters: Parameters<typeof listActions>[0]["filters"], sort: "target_date" | "reference" = "target_date", page = 1) =>
      listActions({ actor: lead.actor, filters, sort, page, today: TODAY, amberWindowDays: 14 });
    expect((await list({})).total).toBe(5);
    expect((await list({ rag: "amber" })).items.map((i) => i.id)).toEqual([actionIds[2]]);
    expect((await list({ rag: "grey" })).items.map((i) => i.id)).toEqual([actionIds[4]]);
    expect((await list({ overdue: true })).items.map((i) => i.id)).toEqual([actionIds[1]]);
    expect((await list({ owner: owner.id })).total).toBe(2);
    expect((await list({ owner: "none" })).total).toBe(3);
    expect((await list({ timescale: "none" })).items.map((i) => i.id)).toEqual([actionIds[4]]);
    expect((await list({ section: "looked_after_children" })).items.map((i) => i.id)).toEqual([actionIds[3]]);
    expect((await list({ status: "signed_off" })).total).toBe(1);
    expect((await list({ open: true })).total).toBe(4);
    // No target date first, then soonest.
    expect((await list({})).items.map((i) => i.id)).toEqual([actionIds[4], actionIds[0], actionIds[1], actionIds[2], actionIds[3]]);
    expect((await list({}, "reference")).items.map((i) => i.id)).toEqual(actionIds);
  });

  it("paginates 25 to a page", async () => {
    const authority = await createAuthority();
    const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
    await createInspection(authority.id, buildReport({ recommendations: Array.from({ length: 30 }, () => buildRecommendation()) }));
    const page2 = await listActions({ actor: lead.actor, filters: {}, sort: "reference", page: 2, today: TODAY, amberWindowDays: 14 });
    expect(page2).toMatchObject({ total: 30, page: 2, pageCount: 2 });
    expect(page2.items).toHaveLength(5);
  });
});
