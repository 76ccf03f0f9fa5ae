import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { bulkChangeActions } from "../../app/models/action-bulk.server";
import {
  createAuthority,
  createInspection,
  buildReport,
  buildRecommendation,
  createTestUser,
  NOW,
  setAction,
} from "../factories";

async function setUp() {
  const authority = await createAuthority();
  const lead = await createTestUser({ role: "improvement_lead", authorityId: authority.id });
  const manager = await createTestUser({ role: "service_manager", authorityId: authority.id });
  const report = buildReport({ recommendations: [1, 2, 3, 4].map(() => buildRecommendation()) });
  const { actionIds } = await createInspection(authority.id, report);
  const foreign = (await createInspection((await createAuthority()).id)).actionIds[0];
  return { lead, manager, actionIds, foreign };
}
const items = (ids: number[], version = 1) => ids.map((actionId) => ({ actionId, version }));
async function rows(ids: number[]) {
  return getDb().selectFrom("actions").selectAll().where("id", "in", ids).orderBy("id").execute();
}
async function eventsOf(ids: number[]) {
  const r = await getDb()
    .selectFrom("audit_events")
    .select(["entity_id", "event"])
    .where("entity_type", "=", "action")
    .where("entity_id", "in", ids)
    .orderBy("id")
    .execute();
  return r.map((e) => `${e.entity_id} ${e.event}`);
}

describe("bulkChangeActions", () => {
  it("assigns an owner to each chosen action, audited one by one; a stale or foreign one is reported and the others saved", async () => {
    const { lead, manager, actionIds, foreign } = await setUp();
    const [a, b, c, d] = actionIds;
    await setAction(d, { owner_id: lead.id });
    await getDb().updateTable("actions").set({ version: 2 }).where("id", "=", d).execute();
    const outcomes = await bulkChangeActions(
      lead.actor,
      { kind: "owner", ownerId: manager.id },
      [...items([a, b, c, d]), { actionId: foreign, version: 1 }],
      NOW,
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(["changed", "changed", "changed", "conflict", "not_found"]);
    expect((await rows([a, b, c, d])).map((r) => r.owner_id)).toEqual([manager.id, manager.id, manager.id, lead.id]);
    expect(await eventsOf([a, b, c, d])).toEqual([
      `${a} action.owner_changed`,
      `${b} action.owner_changed`,
      `${c} action.owner_changed`,
    ]);
    expect((await rows([foreign]))[0].owner_id).toBeNull();
  });

  it("sets first target dates without a reason and moves dates already set only with one", async () => {
    const { lead, actionIds } = await setUp();
    const [a, b] = actionIds;
    await setAction(b, { target_date: "2026-12-31" });
    await getDb().updateTable("actions").set({ baseline_target_date: "2026-12-31" }).where("id", "=", b).execute();
    const noReason = await bulkChangeActions(
      lead.actor,
      { kind: "target", targetDate: "2027-01-31", reason: "" },
      items([a, b]),
      NOW,
    );
    expect(noReason).toEqual([
      { actionId: a, outcome: "changed" },
      {
        actionId: b,
        outcome: "invalid",
        message: "Its target date was already set: give the reason the target dates are moving",
      },
    ]);
    const withReason = await bulkChangeActions(
      lead.actor,
      { kind: "target", targetDate: "2027-01-31", reason: "Board agreed" },
      [
        { actionId: a, version: 2 },
        { actionId: b, version: 1 },
      ],
      NOW,
    );
    // a already has that date: nothing to do, not a failure.
    expect(withReason.map((o) => o.outcome)).toEqual(["unchanged", "changed"]);
    expect((await rows([a, b])).map((r) => [r.target_date, r.baseline_target_date])).toEqual([
      ["2027-01-31", "2027-01-31"],
      ["2027-01-31", "2026-12-31"],
    ]);
  });

  it("sets a service area and withdraws with one reason; a manager may do neither", async () => {
    const { lead, manager, actionIds } = await setUp();
    const [a, b, c] = actionIds;
    expect(
      (await bulkChangeActions(manager.actor, { kind: "withdraw", reason: "Duplicate" }, items([a]), NOW))[0],
    ).toMatchObject({ outcome: "forbidden" });
    expect(
      (
        await bulkChangeActions(lead.actor, { kind: "service_area", serviceArea: "Early help" }, items([a, b]), NOW)
      ).map((o) => o.outcome),
    ).toEqual(["changed", "changed"]);
    await setAction(c, { status: "signed_off" });
    const withdrawn = await bulkChangeActions(
      lead.actor,
      { kind: "withdraw", reason: "Merged into 1.1" },
      [
        { actionId: b, version: 2 },
        { actionId: c, version: 1 },
      ],
      NOW,
    );
    expect(withdrawn).toEqual([
      { actionId: b, outcome: "changed" },
      { actionId: c, outcome: "invalid", message: "A signed-off action is part of the record and cannot be withdrawn" },
    ]);
    expect((await rows([a, b, c])).map((r) => [r.service_area, r.withdrawn_reason])).toEqual([
      ["Early help", null],
      ["Early help", "Merged into 1.1"],
      [null, null],
    ]);
  });
});
