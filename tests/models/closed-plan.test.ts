import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { listActions, listOwnedActions } from "../../app/models/action.server";
import { buildBoardPack } from "../../app/models/board-pack.server";
import { getBoard } from "../../app/models/board.server";
import { listInspections } from "../../app/models/inspection.server";
import { closePlan, getPlanClosure, reopenPlan } from "../../app/models/plan-closure.server";
import { listOverdueAndDueSoon, summariseAuthorities } from "../../app/models/progress.server";
import { listReadinessByArea } from "../../app/models/readiness-areas.server";
import {
  buildRecommendation,
  buildReport,
  createAuthority,
  createInspection,
  createTestUser,
  setAction,
} from "../factories";

// A closed plan leaves today's dashboards, lists and board pack, stays in the history, readiness
// and the board "as at" a date before it closed; its open actions are carried over or withdrawn.

const TODAY = "2024-09-20";
const AMBER = 14;
const CLOSED_AT = new Date("2024-09-10T10:00:00Z");

async function world() {
  const alpha = await createAuthority("Alpha");
  const beta = await createAuthority("Beta");
  const lead = await createTestUser({ role: "improvement_lead", authorityId: alpha.id });
  const owner = await createTestUser({ role: "service_manager", authorityId: alpha.id });
  const otherLead = await createTestUser({ role: "improvement_lead", authorityId: beta.id });
  const old = await createInspection(
    alpha.id,
    buildReport({
      title: "2012 inspection",
      recommendations: [buildRecommendation(), buildRecommendation({ text: "Improve return home interviews." })],
    }),
  );
  const newer = await createInspection(alpha.id, buildReport({ title: "2024 inspection" }));
  for (const id of [...old.actionIds, ...newer.actionIds]) await setAction(id, { owner_id: owner.id });
  await setAction(old.actionIds[0], { status: "signed_off", target_date: "2012-12-01" });
  await setAction(old.actionIds[1], { status: "in_progress", target_date: "2013-03-01" }); // "4,000 days overdue"
  await setAction(newer.actionIds[0], { status: "in_progress", target_date: "2024-10-30" });
  return { alpha, lead, owner, otherLead, old, newer };
}

let w: Awaited<ReturnType<typeof world>>;
beforeEach(async () => {
  w = await world();
});

const close = (choice: "carry_over" | "withdraw" | null, supersededBy: number | null = w.newer.inspectionId) =>
  closePlan(
    w.lead.actor,
    {
      inspectionId: w.old.inspectionId,
      version: 1,
      reason: "Superseded by the 2024 plan",
      supersededBy,
      openActions: choice,
    },
    CLOSED_AT,
  );

describe("closing a plan", () => {
  it("with open actions needs a newer inspection and a choice for them", async () => {
    expect(await close(null, null)).toMatchObject({ ok: false, reason: "invalid", field: "supersededBy" });
    expect(await close(null)).toMatchObject({ ok: false, reason: "invalid", field: "openActions" });
    expect(
      await closePlan(
        w.otherLead.actor,
        { inspectionId: w.old.inspectionId, version: 1, reason: "x", supersededBy: null, openActions: null },
        CLOSED_AT,
      ),
    ).toEqual({ ok: false, reason: "not_found" });
    const { closed_at } = await getDb()
      .selectFrom("inspections")
      .select("closed_at")
      .where("id", "=", w.old.inspectionId)
      .executeTakeFirstOrThrow();
    expect(closed_at).toBeNull();
  });

  it("closes at once when every action is signed off or withdrawn", async () => {
    await setAction(w.old.actionIds[1], { status: "signed_off" });
    expect(await close(null, null)).toEqual({ ok: true, carried: 0, withdrawn: 0 });
  });

  it("leaves today's dashboard, lists and board, and stays in readiness, history and the board as at before", async () => {
    const before = {
      dashboard: (await summariseAuthorities(w.lead.actor, TODAY, AMBER))[0].total,
      overdue: (await listOverdueAndDueSoon(w.lead.actor, TODAY, AMBER)).map((a) => a.id),
      readiness: JSON.stringify(await listReadinessByArea(w.lead.actor, w.alpha.id, TODAY)),
    };
    expect(before.overdue).toContain(w.old.actionIds[1]);
    expect(await close("withdraw")).toEqual({ ok: true, carried: 0, withdrawn: 1 });

    expect((await summariseAuthorities(w.lead.actor, TODAY, AMBER))[0].total).toBe(before.dashboard - 2);
    expect(await listOverdueAndDueSoon(w.lead.actor, TODAY, AMBER)).toEqual([]);
    const list = await listActions({
      actor: w.lead.actor,
      filters: {},
      sort: "target_date",
      page: 1,
      today: TODAY,
      amberWindowDays: AMBER,
    });
    const sorted = [...w.newer.actionIds].sort();
    expect(list.items.map((a) => a.id).sort()).toEqual(sorted);
    expect((await listOwnedActions(w.owner.actor, TODAY, AMBER)).map((a) => a.id).sort()).toEqual(sorted);
    const board = async (asAt: string) =>
      (await getBoard(w.lead.actor, w.alpha.id, { asAt, today: TODAY, amberWindowDays: AMBER }))!;
    const pack = async (asAt: string) =>
      (await buildBoardPack(w.lead.actor, w.alpha.id, { asAt, amberWindowDays: AMBER }))!;
    expect((await board(TODAY)).inspections.map((i) => Number(i.key))).not.toContain(w.old.inspectionId);
    expect((await pack(TODAY)).inspections.map((i) => i.id)).not.toContain(w.old.inspectionId);
    expect((await board("2024-09-09")).inspections.map((i) => Number(i.key))).toContain(w.old.inspectionId);
    expect((await pack("2024-09-09")).inspections.map((i) => i.id)).toContain(w.old.inspectionId);
    // Still in the inspections' history and readiness.
    expect((await listInspections(w.lead.actor)).map((i) => i.id)).toContain(w.old.inspectionId);
    const readiness = await listReadinessByArea(w.lead.actor, w.alpha.id, TODAY);
    expect(JSON.stringify(readiness)).toContain("Improve return home interviews.");
    // The open action was withdrawn with the reason; the closure says who, when and why.
    const withdrawn = await getDb()
      .selectFrom("actions")
      .select(["withdrawn_reason"])
      .where("id", "=", w.old.actionIds[1])
      .executeTakeFirstOrThrow();
    expect(withdrawn.withdrawn_reason).toBe("Superseded by the 2024 plan");
    const closure = await getPlanClosure(w.lead.actor, w.old.inspectionId);
    expect(closure?.inspection).toMatchObject({
      closed_reason: "Superseded by the 2024 plan",
      superseded_by: w.newer.inspectionId,
    });
  });

  it("carries open actions over to the newer plan with their owner and dates", async () => {
    expect(await close("carry_over")).toEqual({ ok: true, carried: 1, withdrawn: 0 });
    const list = await listActions({
      actor: w.lead.actor,
      filters: {},
      sort: "target_date",
      page: 1,
      today: TODAY,
      amberWindowDays: AMBER,
    });
    const carried = list.items.find((a) => !w.newer.actionIds.includes(a.id))!;
    expect(carried).toMatchObject({
      target_date: "2013-03-01",
      status: "in_progress",
      inspection_id: w.newer.inspectionId,
    });
    const old = await getDb()
      .selectFrom("actions")
      .select("withdrawn_reason")
      .where("id", "=", w.old.actionIds[1])
      .executeTakeFirstOrThrow();
    expect(old.withdrawn_reason).toBe(
      `Carried over to 2024 inspection (action ${carried.id}): Superseded by the 2024 plan`,
    );
  });

  it("is reopened by a lead, and is back in today's plan", async () => {
    await close("withdraw");
    expect(
      await reopenPlan(
        w.lead.actor,
        { inspectionId: w.old.inspectionId, version: 2 },
        new Date("2024-09-15T10:00:00Z"),
      ),
    ).toMatchObject({ ok: true });
    expect((await summariseAuthorities(w.lead.actor, TODAY, AMBER))[0].total).toBe(3);
    const events = await getDb()
      .selectFrom("audit_events")
      .select("event")
      .where("entity_type", "=", "inspection")
      .where("entity_id", "=", w.old.inspectionId)
      .where("event", "!=", "inspection.imported")
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.event)).toEqual(["inspection.closed", "inspection.reopened"]);
  });
});
