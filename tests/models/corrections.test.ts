import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { changeActionTargetDate } from "../../app/models/action-changes.server";
import {
  correctInspection,
  type InspectionCorrection,
  planInspectionCorrection,
} from "../../app/models/inspection-corrections.server";
import { removeInspection } from "../../app/models/inspection-removal.server";
import { planChangeToken } from "../../app/models/plan-cache.server";
import {
  correctRecommendation,
  getRecommendation,
  planRecommendationCorrection,
  type RecommendationCorrection,
} from "../../app/models/recommendation.server";
import { buildRecommendation, buildReport, createAuthority, createInspection, createTestUser, NOW } from "../factories";

// Correcting an inspection (its dates and due-date basis) and a recommendation after import: what
// moves, what is asked first, what is recorded, and every refusal.

const LATER = new Date("2024-09-10T10:00:00Z");
const GRACE = 28;

async function world() {
  const alpha = await createAuthority("Alpha");
  const other = await createAuthority("Beta");
  const lead = await createTestUser({ role: "improvement_lead", authorityId: alpha.id, name: "Lena Lead" });
  const owner = await createTestUser({ role: "service_manager", authorityId: alpha.id });
  const board = await createTestUser({ role: "board_member", authorityId: alpha.id });
  const outsider = await createTestUser({ role: "improvement_lead", authorityId: other.id });
  const admin = await createTestUser({ role: "admin", authorityId: null, name: "Ada Admin" });
  // Published 20 July 2024: three months -> 20 October, six months -> 20 January, immediately -> 17 August.
  const { inspectionId, actionIds } = await createInspection(
    alpha.id,
    buildReport({
      kind: "slac",
      published: "2024-07-20",
      recommendations: [
        buildRecommendation({ section: "safeguarding", timescale: "three_months", text: "Audit supervision." }),
        buildRecommendation({ section: "safeguarding", timescale: "six_months", text: "Review the front door." }),
        buildRecommendation({ section: "safeguarding", timescale: "immediately", text: "Fix case recording." }),
      ],
    }),
  );
  const recommendations = await getDb()
    .selectFrom("recommendations")
    .select(["id", "reference"])
    .where("inspection_id", "=", inspectionId)
    .orderBy("position")
    .execute();
  return {
    alpha,
    lead,
    owner,
    board,
    outsider,
    admin,
    inspectionId,
    actionIds,
    recIds: recommendations.map((r) => r.id),
  };
}

let w: Awaited<ReturnType<typeof world>>;
beforeEach(async () => {
  w = await world();
});

const current: InspectionCorrection = {
  title: "Inspection of Testshire local authority children's services",
  kind: "slac",
  inspection_start: "2024-06-03",
  inspection_end: "2024-06-14",
  published: "2024-07-20",
  received: null,
  basis_kind: "publication",
};

const targetDates = async () =>
  (await getDb().selectFrom("actions").select(["target_date", "baseline_target_date"]).orderBy("id").execute()).map(
    (a) => [a.target_date, a.baseline_target_date],
  );

describe("correcting an inspection", () => {
  it("changes a title alone without touching any due date or target date", async () => {
    const input = {
      inspectionId: w.inspectionId,
      version: 1,
      correction: { ...current, title: "Testshire SLAC 2024" },
    };
    const planned = await planInspectionCorrection(w.lead.actor, input, GRACE);
    expect(planned).toEqual({
      ok: true,
      plan: {
        changes: [{ field: "title", from: current.title, to: "Testshire SLAC 2024" }],
        basisDate: "2024-07-20",
        dueDates: [],
        moves: [],
      },
    });
    const before = await targetDates();
    const result = await correctInspection(w.lead.actor, { ...input, moves: [], reason: "" }, 35, LATER);
    expect(result).toMatchObject({ ok: true, moved: 0 });
    expect(await targetDates()).toEqual(before);
    const row = await getDb()
      .selectFrom("inspections")
      .selectAll()
      .where("id", "=", w.inspectionId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: "Testshire SLAC 2024", version: 2 });
  });

  it("shows which target dates a new basis date would move, and moves only those chosen, each recorded", async () => {
    // One action's target date was already moved by hand: it is offered, not ticked.
    await changeActionTargetDate(
      w.lead.actor,
      { actionId: w.actionIds[1], version: 1, targetDate: "2025-02-28", reason: "Agreed with the board" },
      NOW,
    );
    const input = {
      inspectionId: w.inspectionId,
      version: 1,
      correction: { ...current, received: "2024-08-31", basis_kind: "received" as const },
    };
    const planned = await planInspectionCorrection(w.lead.actor, input, GRACE);
    if (!planned.ok) throw new Error("not planned");
    expect(planned.plan.changes.map((c) => c.field)).toEqual(["received", "basis_kind"]);
    expect(planned.plan.dueDates.map((d) => [d.from, d.to])).toEqual([
      ["2024-10-20", "2024-11-30"],
      ["2025-01-20", "2025-02-28"],
      ["2024-08-17", "2024-09-28"],
    ]);
    expect(planned.plan.moves.map((m) => [m.actionId, m.from, m.to, m.handSet])).toEqual([
      [w.actionIds[0], "2024-10-20", "2024-11-30", false],
      [w.actionIds[2], "2024-08-17", "2024-09-28", false],
    ]);
    // Nothing is written by asking.
    expect(await targetDates()).toEqual([
      ["2024-10-20", "2024-10-20"],
      ["2025-02-28", "2025-01-20"],
      ["2024-08-17", "2024-08-17"],
    ]);

    const result = await correctInspection(
      w.lead.actor,
      { ...input, moves: [{ actionId: w.actionIds[0], from: "2024-10-20" }], reason: "Report received on 31 August" },
      GRACE,
      LATER,
    );
    expect(result).toMatchObject({ ok: true, moved: 1 });
    // The chosen move is made, the baseline kept; the other two stay as they were.
    expect(await targetDates()).toEqual([
      ["2024-11-30", "2024-10-20"],
      ["2025-02-28", "2025-01-20"],
      ["2024-08-17", "2024-08-17"],
    ]);
    const due = await getDb()
      .selectFrom("recommendations")
      .select(["due_date", "due_date_rule"])
      .orderBy("id")
      .execute();
    expect(due.map((d) => d.due_date)).toEqual(["2024-11-30", "2025-02-28", "2024-09-28"]);
    const move = await getDb()
      .selectFrom("target_date_changes")
      .selectAll()
      .where("action_id", "=", w.actionIds[0])
      .executeTakeFirstOrThrow();
    expect(move).toMatchObject({
      from_date: "2024-10-20",
      to_date: "2024-11-30",
      reason: "Report received on 31 August",
      changed_by: w.lead.id,
      changed_at: LATER.toISOString(),
    });
    const events = await getDb()
      .selectFrom("audit_events")
      .select(["entity_type", "entity_id", "event", "before", "after"])
      .where("at", "=", LATER.toISOString())
      .orderBy("id")
      .execute();
    expect(events.map((e) => [e.entity_type, e.entity_id, e.event])).toEqual([
      ["inspection", w.inspectionId, "inspection.corrected"],
      ["action", w.actionIds[0], "action.target_date_changed"],
    ]);
    expect(JSON.parse(events[0].before!)).toEqual({ received: null, basis_kind: "publication" });
    expect(JSON.parse(events[0].after!)).toMatchObject({
      received: "2024-08-31",
      basis_kind: "received",
      dueDates: [
        { reference: "SG-3M-1", from: "2024-10-20", to: "2024-11-30" },
        { reference: "SG-6M-1", from: "2025-01-20", to: "2025-02-28" },
        { reference: "SG-IM-1", from: "2024-08-17", to: "2024-09-28" },
      ],
      targetDatesMoved: 1,
    });
  });

  it("records the publication date a report does not print, and the date received for the statement-of-action clock", async () => {
    const input = {
      inspectionId: w.inspectionId,
      version: 1,
      correction: { ...current, published: "2024-07-22", received: "2024-07-19" },
    };
    const result = await correctInspection(w.lead.actor, { ...input, moves: [], reason: "" }, GRACE, LATER);
    expect(result).toMatchObject({ ok: true });
    const row = await getDb()
      .selectFrom("inspections")
      .selectAll()
      .where("id", "=", w.inspectionId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ published: "2024-07-22", received: "2024-07-19", basis_date: "2024-07-22" });
  });

  it("refuses a stale form, another authority, people who may not shape the plan, and a removed inspection", async () => {
    const input = { inspectionId: w.inspectionId, version: 1, correction: { ...current, title: "New" } };
    expect(await planInspectionCorrection(w.outsider.actor, input, GRACE)).toEqual({ ok: false, reason: "not_found" });
    for (const person of [w.owner, w.board]) {
      expect(await correctInspection(person.actor, { ...input, moves: [], reason: "" }, GRACE, LATER)).toMatchObject({
        ok: false,
        reason: "forbidden",
      });
    }
    await correctInspection(w.admin.actor, { ...input, moves: [], reason: "" }, GRACE, LATER);
    expect(await correctInspection(w.lead.actor, { ...input, moves: [], reason: "" }, GRACE, LATER)).toEqual({
      ok: false,
      reason: "conflict",
      changedBy: "Ada Admin",
      changedAt: LATER.toISOString(),
    });
    await removeInspection(w.lead.actor, { inspectionId: w.inspectionId, version: 2, reason: "Wrong council" }, LATER);
    expect(await planInspectionCorrection(w.lead.actor, { ...input, version: 3 }, GRACE)).toEqual({
      ok: false,
      reason: "removed",
      inspectionId: w.inspectionId,
    });
  });

  it("refuses a move that is no longer offered from the date shown, writing nothing", async () => {
    const input = {
      inspectionId: w.inspectionId,
      version: 1,
      correction: { ...current, published: "2024-08-31" },
    };
    // Someone moves the action after the question was asked.
    await changeActionTargetDate(
      w.lead.actor,
      { actionId: w.actionIds[0], version: 1, targetDate: "2024-12-01", reason: "Staffing" },
      NOW,
    );
    const before = await targetDates();
    const result = await correctInspection(
      w.lead.actor,
      { ...input, moves: [{ actionId: w.actionIds[0], from: "2024-10-20" }], reason: "Published late" },
      GRACE,
      LATER,
    );
    expect(result).toMatchObject({ ok: false, reason: "conflict", changedBy: "Lena Lead" });
    expect(await targetDates()).toEqual(before);
    const row = await getDb()
      .selectFrom("inspections")
      .select(["published", "version"])
      .where("id", "=", w.inspectionId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ published: "2024-07-20", version: 1 });
  });

  it("asks for a reason when target dates move", async () => {
    const result = await correctInspection(
      w.lead.actor,
      {
        inspectionId: w.inspectionId,
        version: 1,
        correction: { ...current, published: "2024-08-31" },
        moves: [{ actionId: w.actionIds[0], from: "2024-10-20" }],
        reason: "  ",
      },
      GRACE,
      LATER,
    );
    expect(result).toMatchObject({ ok: false, reason: "invalid", field: "reason" });
  });
});

describe("correcting a recommendation", () => {
  const base: RecommendationCorrection = {
    text: "Audit supervision.",
    section: "safeguarding",
    timescale: "three_months",
    agencies: [],
    paragraph_number: null,
    due_date: null,
  };

  it("keeps the text as extracted the first time the text is corrected, and audits before and after", async () => {
    const first = await correctRecommendation(
      w.lead.actor,
      {
        recommendationId: w.recIds[0],
        version: 1,
        correction: {
          ...base,
          text: "Audit the supervision of social workers.",
          agencies: ["NHS Trust"],
          paragraph_number: "12",
        },
        moves: [],
        reason: "",
      },
      GRACE,
      LATER,
    );
    expect(first).toMatchObject({ ok: true, moved: 0 });
    await correctRecommendation(
      w.lead.actor,
      {
        recommendationId: w.recIds[0],
        version: 2,
        correction: {
          ...base,
          text: "Audit the supervision of all social workers.",
          agencies: ["NHS Trust"],
          paragraph_number: "12",
        },
        moves: [],
        reason: "",
      },
      GRACE,
      LATER,
    );
    const rec = await getRecommendation(w.lead.actor, w.recIds[0]);
    expect(rec).toMatchObject({
      text: "Audit the supervision of all social workers.",
      extracted_text: "Audit supervision.",
      agencies: ["NHS Trust"],
      paragraph_number: "12",
      version: 3,
    });
    const event = await getDb()
      .selectFrom("audit_events")
      .select(["event", "before", "after", "user_id"])
      .where("entity_type", "=", "recommendation")
      .where("entity_id", "=", w.recIds[0])
      .orderBy("id")
      .executeTakeFirstOrThrow();
    expect(event.event).toBe("recommendation.corrected");
    expect(JSON.parse(event.before!)).toEqual({ text: "Audit supervision.", agencies: [], paragraph_number: null });
    expect(JSON.parse(event.after!)).toEqual({
      text: "Audit the supervision of social workers.",
      agencies: ["NHS Trust"],
      paragraph_number: "12",
    });
  });

  it("renews the authority's change token, so cached boards and counts follow a correction", async () => {
    const before = await planChangeToken(getDb(), w.alpha.id);
    await correctRecommendation(
      w.lead.actor,
      { recommendationId: w.recIds[0], version: 1, correction: { ...base, section: null }, moves: [], reason: "" },
      GRACE,
      LATER,
    );
    const afterRecommendation = await planChangeToken(getDb(), w.alpha.id);
    expect(afterRecommendation).not.toBe(before);
    await correctInspection(
      w.lead.actor,
      { inspectionId: w.inspectionId, version: 1, correction: { ...current, title: "New" }, moves: [], reason: "" },
      GRACE,
      LATER,
    );
    expect(await planChangeToken(getDb(), w.alpha.id)).not.toBe(afterRecommendation);
  });

  it("works the due date out again from a corrected timescale, and asks before moving target dates", async () => {
    const input = {
      recommendationId: w.recIds[0],
      version: 1,
      correction: { ...base, timescale: "six_months" as const },
    };
    const planned = await planRecommendationCorrection(w.lead.actor, input, GRACE);
    expect(planned).toMatchObject({
      ok: true,
      plan: {
        dueDate: { from: "2024-10-20", to: "2025-01-20", rule: "six_months" },
        moves: [{ actionId: w.actionIds[0], from: "2024-10-20", to: "2025-01-20", handSet: false }],
      },
    });
    // Not moving it is a choice too.
    expect(await correctRecommendation(w.lead.actor, { ...input, moves: [], reason: "" }, GRACE, LATER)).toMatchObject({
      ok: true,
      moved: 0,
    });
    expect((await targetDates())[0]).toEqual(["2024-10-20", "2024-10-20"]);
    const rec = await getRecommendation(w.lead.actor, w.recIds[0]);
    expect(rec).toMatchObject({ timescale: "six_months", due_date: "2025-01-20", due_date_rule: "six_months" });
  });

  it("takes a due date the lead sets, keeps it when the basis changes, and gives it back to the rule when cleared", async () => {
    await correctRecommendation(
      w.lead.actor,
      {
        recommendationId: w.recIds[0],
        version: 1,
        correction: { ...base, due_date: "2024-12-31" },
        moves: [{ actionId: w.actionIds[0], from: "2024-10-20" }],
        reason: "Agreed with Ofsted",
      },
      GRACE,
      LATER,
    );
    expect(await getRecommendation(w.lead.actor, w.recIds[0])).toMatchObject({
      due_date: "2024-12-31",
      due_date_rule: "set_by_lead",
    });
    expect((await targetDates())[0]).toEqual(["2024-12-31", "2024-10-20"]);
    // A new basis date recomputes the others, not this one.
    const planned = await planInspectionCorrection(
      w.lead.actor,
      { inspectionId: w.inspectionId, version: 1, correction: { ...current, published: "2024-08-31" } },
      GRACE,
    );
    if (!planned.ok) throw new Error("not planned");
    expect(planned.plan.dueDates.map((d) => d.recommendationId)).toEqual([w.recIds[1], w.recIds[2]]);
    // Cleared: the rule decides again.
    await correctRecommendation(
      w.lead.actor,
      { recommendationId: w.recIds[0], version: 2, correction: base, moves: [], reason: "" },
      GRACE,
      LATER,
    );
    expect(await getRecommendation(w.lead.actor, w.recIds[0])).toMatchObject({
      due_date: "2024-10-20",
      due_date_rule: "three_months",
    });
  });

  it("refuses a stale form, another authority, people who may not shape the plan, and a removed inspection", async () => {
    const input = {
      recommendationId: w.recIds[0],
      version: 1,
      correction: { ...base, text: "New text." },
      moves: [],
      reason: "",
    };
    expect(await correctRecommendation(w.outsider.actor, input, GRACE, LATER)).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await correctRecommendation(w.owner.actor, input, GRACE, LATER)).toMatchObject({
      ok: false,
      reason: "forbidden",
    });
    expect(await correctRecommendation(w.board.actor, input, GRACE, LATER)).toMatchObject({
      ok: false,
      reason: "forbidden",
    });
    expect(await correctRecommendation(w.admin.actor, input, GRACE, LATER)).toMatchObject({ ok: true });
    expect(await correctRecommendation(w.lead.actor, input, GRACE, LATER)).toEqual({
      ok: false,
      reason: "conflict",
      changedBy: "Ada Admin",
      changedAt: LATER.toISOString(),
    });
    await removeInspection(w.lead.actor, { inspectionId: w.inspectionId, version: 1, reason: "Wrong council" }, LATER);
    expect(await correctRecommendation(w.lead.actor, { ...input, version: 2 }, GRACE, LATER)).toMatchObject({
      ok: false,
      reason: "removed",
    });
  });
});
