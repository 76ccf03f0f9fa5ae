import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addAction } from "../../app/models/action-create.server";
import { createAuthority, createInspection, createTestUser, NOW } from "../factories";

async function recommendationIds(inspectionId: number) {
  const rows = await getDb()
    .selectFrom("recommendations")
    .select("id")
    .where("inspection_id", "=", inspectionId)
    .orderBy("position")
    .execute();
  return rows.map((r) => r.id);
}

describe("addAction", () => {
  it("adds a second action to a recommendation with owner, baseline and an audit event", async () => {
    const authority = await createAuthority();
    const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
    const manager = await createTestUser({ role: "service_manager", authorityId: authority.id });
    const { inspectionId } = await createInspection(authority.id);
    const [recommendationId] = await recommendationIds(inspectionId);

    const result = await addAction(
      lead.actor,
      {
        recommendationId,
        title: "  Commission more places ",
        description: "",
        ownerId: manager.id,
        targetDate: "2024-12-31",
      },
      NOW,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    const action = await getDb()
      .selectFrom("actions")
      .selectAll()
      .where("id", "=", result.actionId)
      .executeTakeFirstOrThrow();
    expect(action).toMatchObject({
      recommendation_id: recommendationId,
      title: "Commission more places",
      owner_id: manager.id,
      target_date: "2024-12-31",
      baseline_target_date: "2024-12-31",
      status: "not_started",
    });
    const count = await getDb()
      .selectFrom("actions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("recommendation_id", "=", recommendationId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
    const audit = await getDb()
      .selectFrom("audit_events")
      .selectAll()
      .where("entity_type", "=", "action")
      .where("entity_id", "=", result.actionId)
      .execute();
    expect(audit.map((a) => a.event)).toEqual(["action.created"]);
    expect(audit[0].user_id).toBe(lead.id);
  });

  it("refuses service managers, other authorities and owners from elsewhere", async () => {
    const authority = await createAuthority();
    const other = await createAuthority();
    const manager = await createTestUser({ role: "service_manager", authorityId: authority.id });
    const otherLead = await createTestUser({ role: "improvement_lead", authorityId: other.id });
    const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
    const { inspectionId } = await createInspection(authority.id);
    const [recommendationId] = await recommendationIds(inspectionId);
    const input = { recommendationId, title: "Extra", description: "", ownerId: null, targetDate: null };

    expect(await addAction(manager.actor, input, NOW)).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await addAction(otherLead.actor, input, NOW)).toMatchObject({ ok: false, reason: "not_found" });
    expect(await addAction(lead.actor, { ...input, ownerId: otherLead.id }, NOW)).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(await addAction(lead.actor, { ...input, title: "  " }, NOW)).toMatchObject({ ok: false, reason: "invalid" });
  });
});
