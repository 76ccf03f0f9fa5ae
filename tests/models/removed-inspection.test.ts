import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { planDigests } from "../../db/reminders";
import { listActionOwners, listActions, listInspectionOptions, listOwnedActions } from "../../app/models/action.server";
import { changeActionStatus } from "../../app/models/action-changes.server";
import { recordAuditEvent } from "../../app/models/audit.server";
import { getMeetingChanges } from "../../app/models/board-changes.server";
import { buildBoardPack } from "../../app/models/board-pack.server";
import { getBoard } from "../../app/models/board.server";
import { listCalendarActions } from "../../app/models/calendar-feed.server";
import { contentHash, importInspection, listInspections } from "../../app/models/inspection.server";
import {
  getInspectionRemoval,
  listRemovedInspections,
  removeInspection,
  restoreInspection,
} from "../../app/models/inspection-removal.server";
import {
  getMeasure,
  listLinkableRecommendations,
  listMeasures,
  setMeasureRecommendations,
} from "../../app/models/measures.server";
import { getPlanImportTarget, listPlanImportInspections } from "../../app/models/plan-import.server";
import {
  listOverdueAndDueSoon,
  pageAuthoritiesWithPlans,
  pageOverdueAndDueSoon,
  summariseAuthorities,
} from "../../app/models/progress.server";
import { listReadinessByArea } from "../../app/models/readiness-areas.server";
import { buildReadinessReport } from "../../app/models/readiness-report.server";
import { listInspectionClocks, listJudgementHistory } from "../../app/models/readiness.server";
import { listRecurringThemes, listThemeInputs } from "../../app/models/themes.server";
import { listUsers } from "../../app/models/user.server";
import {
  buildRecommendation,
  buildReport,
  createAuthority,
  createInspection,
  createTestMeasure,
  createTestUser,
  setAction,
} from "../factories";

// An inspection removed as imported in error leaves every surface that reads today's plan, stays
// in the plan "as at" dates before its removal, and comes back exactly as it was when restored.

const TODAY = "2024-09-20";
const AMBER = 14;
const REMOVED_AT = new Date("2024-09-10T10:00:00Z");
const RESTORED_AT = new Date("2024-09-18T10:00:00Z");
const SHARED_THEME = "Improve the quality and frequency of supervision for social workers.";

async function world() {
  const alpha = await createAuthority("Alpha");
  const lead = await createTestUser({ role: "improvement_lead", authorityId: alpha.id, name: "Lena Lead" });
  const owner = await createTestUser({ role: "service_manager", authorityId: alpha.id, name: "Sam Owner" });
  const board = await createTestUser({ role: "board_member", authorityId: alpha.id });
  const admin = await createTestUser({ role: "admin", authorityId: null, name: "Ada Admin" });
  // Alpha's own inspection, which stays.
  const kept = await createInspection(
    alpha.id,
    buildReport({
      kind: "ilacs",
      judgements: [{ section: null, area: "Overall effectiveness", grade: "Requires improvement to be good" }],
      recommendations: [buildRecommendation({ text: SHARED_THEME }), buildRecommendation()],
    }),
  );
  // Another council's focused visit, imported by mistake into Alpha's plan.
  const wrong = await createInspection(
    alpha.id,
    buildReport({
      kind: "focused_visit",
      title: "Focused visit to Betashire",
      judgements: [{ section: null, area: "Overall effectiveness", grade: "Inadequate" }],
      recommendations: [
        buildRecommendation({ priority: true, text: SHARED_THEME }),
        buildRecommendation({ text: "Strengthen the oversight of private fostering arrangements." }),
        buildRecommendation({ text: "Improve return home interviews." }),
      ],
    }),
  );
  for (const id of [...kept.actionIds, ...wrong.actionIds]) await setAction(id, { owner_id: owner.id });
  await setAction(kept.actionIds[0], { status: "in_progress", target_date: "2024-09-01" }); // overdue
  await setAction(kept.actionIds[1], { status: "not_started", target_date: "2024-09-25" }); // due soon
  await setAction(wrong.actionIds[0], { status: "in_progress", target_date: "2024-09-05" }); // overdue
  await setAction(wrong.actionIds[1], { status: "awaiting_sign_off", target_date: "2024-12-01" });
  await setAction(wrong.actionIds[2], { status: "in_progress", target_date: "2024-09-30" }); // sent back, below
  await recordAuditEvent(getDb(), {
    userId: lead.id,
    authorityId: alpha.id,
    entityType: "action",
    entityId: wrong.actionIds[2],
    event: "action.send_back",
    before: { status: "awaiting_sign_off" },
    after: { status: "in_progress", reason: "More evidence" },
    at: new Date("2024-09-03T10:00:00Z"),
  });
  await getDb()
    .insertInto("evidence")
    .values({
      action_id: wrong.actionIds[0],
      kind: "note",
      purpose: "impact",
      description: "Audit of return home interviews",
      url: null,
      evidence_date: null,
      added_by: owner.id,
      created_at: "2024-09-04T10:00:00.000Z",
    })
    .execute();
  const measure = await createTestMeasure(alpha.id);
  const recommendationIds = async (inspectionId: number) =>
    (
      await getDb()
        .selectFrom("recommendations")
        .select("id")
        .where("inspection_id", "=", inspectionId)
        .orderBy("position")
        .execute()
    ).map((r) => r.id);
  const keptRecs = await recommendationIds(kept.inspectionId);
  const wrongRecs = await recommendationIds(wrong.inspectionId);
  await getDb()
    .insertInto("measure_recommendations")
    .values([
      { measure_id: measure.id, recommendation_id: keptRecs[0] },
      { measure_id: measure.id, recommendation_id: wrongRecs[0] },
    ])
    .execute();
  const { id: meetingId } = await getDb()
    .insertInto("board_meetings")
    .values({
      authority_id: alpha.id,
      board_name: "Improvement Board",
      meeting_date: "2024-09-19",
      held_at: null,
      created_by: null,
      created_at: "2024-09-01T00:00:00.000Z",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { alpha, lead, owner, board, admin, kept, wrong, keptRecs, wrongRecs, measure, meetingId };
}

type World = Awaited<ReturnType<typeof world>>;

/** Everything each surface shows, as the ids of inspections, recommendations and actions it names. */
async function surfaces(w: World) {
  const { lead, owner, admin, alpha } = w;
  const boardToday = await getBoard(lead.actor, alpha.id, { asAt: TODAY, today: TODAY, amberWindowDays: AMBER });
  const pack = await buildBoardPack(lead.actor, alpha.id, { asAt: TODAY, amberWindowDays: AMBER });
  const readiness = await listReadinessByArea(lead.actor, alpha.id, TODAY);
  const report = await buildReadinessReport(lead.actor, alpha.id, TODAY);
  const changes = await getMeetingChanges(lead.actor, w.meetingId, { today: TODAY, amberWindowDays: AMBER });
  const actionsList = await listActions({
    actor: lead.actor,
    filters: {},
    sort: "target_date",
    page: 1,
    today: TODAY,
    amberWindowDays: AMBER,
  });
  const adminActions = await listActions({
    actor: admin.actor,
    filters: { overdue: true },
    sort: "target_date",
    page: 1,
    today: TODAY,
    amberWindowDays: AMBER,
  });
  const digests = await planDigests(TODAY, "https://followthrough.example");
  return {
    boardInspections: boardToday!.inspections.map((i) => Number(i.key)),
    boardTotals: boardToday!.totals,
    boardOwners: boardToday!.byOwner.map((o) => [o.label, o.total]),
    packInspections: pack!.inspections.map((i) => i.id),
    packActions: pack!.inspections.flatMap((i) => i.recommendations.flatMap((r) => r.actions.map((a) => a.id))),
    packSummary: pack!.summary,
    readiness: readiness!.flatMap((a) => a.recommendations.map((r) => r.id)),
    readinessReportAreas: report!.areas.flatMap((a) => a.recommendations.map((r) => r.id)),
    readinessReportHistory: report!.judgementHistory,
    readinessReportWindow: report!.windowLines,
    themes: (await listRecurringThemes(lead.actor, alpha.id)).map((t) => t.recommendations.map((r) => r.id)),
    themeInputs: (await listThemeInputs(lead.actor, alpha.id)).map((t) => t.id),
    judgementHistory: (await listJudgementHistory(lead.actor, alpha.id)).map((j) => j.inspectionId),
    clocks: (await listInspectionClocks(admin.actor, { authorityIds: [alpha.id] })).map((c) => c.inspectionId),
    dashboard: await summariseAuthorities(lead.actor, TODAY, AMBER),
    dashboardAdmin: await summariseAuthorities(admin.actor, TODAY, AMBER, [alpha.id]),
    authoritiesWithPlans: (await pageAuthoritiesWithPlans(admin.actor, 1)).authorities.map((a) => a.id),
    actions: actionsList.items.map((a) => a.id),
    actionsTotal: actionsList.total,
    adminOverdueActions: adminActions.items.map((a) => a.id),
    overdue: (await listOverdueAndDueSoon(lead.actor, TODAY, AMBER)).map((a) => a.id),
    overduePage: await pageOverdueAndDueSoon(admin.actor, TODAY, AMBER, { page: 1 }),
    myActions: (await listOwnedActions(owner.actor, TODAY, AMBER)).map((a) => a.id),
    calendar: (await listCalendarActions(owner.actor)).map((a) => a.id),
    digests: digests.map((d) => [d.recipient.id, d.kind, d.digest.text]),
    owners: await listActionOwners(lead.actor),
    inspectionOptions: (await listInspectionOptions(lead.actor)).map((i) => i.id),
    inspectionsPage: (await listInspections(lead.actor)).map((i) => i.id),
    measures: (await listMeasures(lead.actor)).flatMap((m) => m.recommendations.map((r) => r.id)),
    measure: (await getMeasure(lead.actor, w.measure.id))!.recommendations.map((r) => r.id),
    linkable: (await listLinkableRecommendations(alpha.id)).map((r) => r.id),
    planImport: (await listPlanImportInspections(lead.actor)).map((i) => i.id),
    planImportTarget: (await getPlanImportTarget(lead.actor, w.wrong.inspectionId))?.inspection.id ?? null,
    users: (await listUsers({ authorityId: alpha.id })).map((u) => [u.name, u.open_actions]),
    changes: changes
      ? {
          recommendations: changes.newRecommendations.map((r) => r.reference + r.inspectionTitle),
          overdue: changes.newlyOverdue.map((a) => a.actionId),
          evidence: changes.newEvidence.map((e) => e.actionId),
        }
      : null,
  };
}

let w: World;
beforeEach(async () => {
  w = await world();
});

describe("an inspection removed as imported in error", () => {
  it("is on every surface before it is removed (the checks below can fail)", async () => {
    const before = await surfaces(w);
    expect(before.boardInspections).toContain(w.wrong.inspectionId);
    expect(before.packInspections).toContain(w.wrong.inspectionId);
    expect(before.readiness).toEqual(expect.arrayContaining(w.wrongRecs));
    expect(before.readinessReportAreas).toEqual(expect.arrayContaining(w.wrongRecs));
    expect(before.themes.flat()).toContain(w.wrongRecs[0]);
    expect(before.themeInputs).toEqual(expect.arrayContaining(w.wrongRecs));
    expect(before.judgementHistory).toContain(w.wrong.inspectionId);
    expect(before.clocks).toContain(w.wrong.inspectionId);
    expect(before.dashboard[0].total).toBe(5);
    expect(before.actions).toEqual(expect.arrayContaining(w.wrong.actionIds));
    expect(before.adminOverdueActions).toContain(w.wrong.actionIds[0]);
    expect(before.overdue).toContain(w.wrong.actionIds[0]);
    expect(before.overduePage.items.map((i) => i.id)).toContain(w.wrong.actionIds[0]);
    expect(before.myActions).toEqual(expect.arrayContaining(w.wrong.actionIds));
    expect(before.calendar).toEqual(expect.arrayContaining(w.wrong.actionIds));
    expect(before.digests.map((d) => d[2]).join("\n")).toMatch(/sent back/i);
    expect(before.inspectionOptions).toContain(w.wrong.inspectionId);
    expect(before.inspectionsPage).toContain(w.wrong.inspectionId);
    expect(before.measures).toContain(w.wrongRecs[0]);
    expect(before.linkable).toEqual(expect.arrayContaining(w.wrongRecs));
    expect(before.planImport).toContain(w.wrong.inspectionId);
    expect(before.planImportTarget).toBe(w.wrong.inspectionId);
    expect(before.changes!.recommendations.some((r) => r.includes("Betashire"))).toBe(true);
  });

  it("leaves every surface of today's plan, and comes back exactly as it was when restored", async () => {
    const before = await surfaces(w);
    const removed = await removeInspection(
      w.lead.actor,
      { inspectionId: w.wrong.inspectionId, version: 1, reason: "Another council's focused visit" },
      REMOVED_AT,
    );
    expect(removed).toEqual({ ok: true });

    const after = await surfaces(w);
    // Each surface names inspections, recommendations or actions: none may be the removed one's.
    const kinds = {
      inspections: [
        "boardInspections",
        "packInspections",
        "judgementHistory",
        "clocks",
        "inspectionOptions",
        "inspectionsPage",
        "planImport",
      ],
      recommendations: ["readiness", "readinessReportAreas", "themeInputs", "measures", "measure", "linkable"],
      actions: ["packActions", "actions", "adminOverdueActions", "overdue", "myActions", "calendar"],
    } as const;
    const removedIds = {
      inspections: new Set([w.wrong.inspectionId]),
      recommendations: new Set(w.wrongRecs),
      actions: new Set(w.wrong.actionIds),
    };
    for (const kind of Object.keys(kinds) as (keyof typeof kinds)[]) {
      for (const key of kinds[kind]) {
        const shown = after[key] as number[];
        expect(
          shown.filter((id) => removedIds[kind].has(id)),
          key,
        ).toEqual([]);
        expect(shown.length, `${key} still shows the inspection that stays`).toBeGreaterThan(0);
      }
    }
    expect(after.themes).toEqual([]); // the only recurring theme was shared with the removed visit
    expect(after.planImportTarget).toBeNull();
    expect(after.overduePage.items.map((i) => i.id)).toEqual([w.kept.actionIds[0], w.kept.actionIds[1]]);
    expect(after.overduePage.overdueCount).toBe(1);
    expect(after.boardTotals).toMatchObject({ total: 2, overdue: 1 });
    expect(after.packSummary).toMatchObject({ total: 2, overdue: 1 });
    expect(after.dashboard).toEqual([
      expect.objectContaining({ id: w.alpha.id, total: 2, overdue: 1, awaiting_sign_off: 0 }),
    ]);
    expect(after.dashboardAdmin).toEqual(after.dashboard);
    expect(after.actionsTotal).toBe(2);
    expect(after.users).toContainEqual(["Sam Owner", 2]);
    expect(after.readinessReportHistory.map((h) => h.grades.join(" ")).join(" ")).not.toContain("Inadequate");
    expect(after.readinessReportWindow.join(" ")).not.toContain("Betashire");
    // Reminders: no digest mentions its actions (the send-back, the sign-off asked of the lead).
    expect(after.digests.map((d) => d[2]).join("\n")).not.toMatch(/sent back/i);
    expect(after.digests.some((d) => d[1] === "lead_digest")).toBe(false);
    expect(after.changes!.recommendations.some((r) => r.includes("Betashire"))).toBe(false);
    expect(after.changes!.evidence).toEqual([]);

    // Listed apart, with who removed it, when and why.
    expect(await listRemovedInspections(w.lead.actor)).toEqual([
      expect.objectContaining({
        id: w.wrong.inspectionId,
        removed_reason: "Another council's focused visit",
        removed_by_name: "Lena Lead",
      }),
    ]);
    expect(await getInspectionRemoval(w.board.actor, w.wrong.inspectionId)).toMatchObject({
      removedBy: "Lena Lead",
      reason: "Another council's focused visit",
    });

    const restored = await restoreInspection(
      w.admin.actor,
      { inspectionId: w.wrong.inspectionId, version: 2 },
      RESTORED_AT,
    );
    expect(restored).toEqual({ ok: true });
    expect(await surfaces(w)).toEqual(before);
    expect(await listRemovedInspections(w.lead.actor)).toEqual([]);
  });

  it("stays in boards and packs as at a date before its removal, and not after", async () => {
    await removeInspection(
      w.lead.actor,
      { inspectionId: w.wrong.inspectionId, version: 1, reason: "Wrong council" },
      REMOVED_AT,
    );
    const board = async (asAt: string) =>
      (await getBoard(w.lead.actor, w.alpha.id, { asAt, today: TODAY, amberWindowDays: AMBER }))!;
    const pack = async (asAt: string) =>
      (await buildBoardPack(w.lead.actor, w.alpha.id, { asAt, amberWindowDays: AMBER }))!;

    expect((await board("2024-09-09")).inspections.map((i) => Number(i.key))).toContain(w.wrong.inspectionId);
    expect((await board("2024-09-09")).totals.total).toBe(5);
    expect((await pack("2024-09-09")).inspections.map((i) => i.id)).toContain(w.wrong.inspectionId);
    expect((await board("2024-09-10")).inspections.map((i) => Number(i.key))).not.toContain(w.wrong.inspectionId);
    expect((await pack("2024-09-10")).inspections.map((i) => i.id)).not.toContain(w.wrong.inspectionId);
    // The trend counts it at its points before the removal only.
    const trend = (await board(TODAY)).trend;
    const total = (p: { red: number; amber: number; green: number; blue: number }) =>
      p.red + p.amber + p.green + p.blue;
    expect(trend.map(total).at(-1)).toBe(2);

    // Restored on the 18th: back from then on; the days it was out stay out.
    await restoreInspection(w.admin.actor, { inspectionId: w.wrong.inspectionId, version: 2 }, RESTORED_AT);
    expect((await board("2024-09-15")).totals.total).toBe(2);
    expect((await board("2024-09-18")).totals.total).toBe(5);
    expect((await pack("2024-09-09")).inspections.map((i) => i.id)).toContain(w.wrong.inspectionId);
  });

  it("is followed by cached boards, counts and lists, on removal and on restoration", async () => {
    const counts = () => summariseAuthorities(w.lead.actor, TODAY, AMBER).then((c) => c[0].total);
    const board = () =>
      getBoard(w.lead.actor, w.alpha.id, { asAt: TODAY, today: TODAY, amberWindowDays: AMBER }).then(
        (b) => b!.totals.total,
      );
    const list = () =>
      listActions({
        actor: w.admin.actor,
        filters: {},
        sort: "target_date",
        page: 1,
        today: TODAY,
        amberWindowDays: AMBER,
      }).then((l) => l.total);
    const overdue = () => pageOverdueAndDueSoon(w.lead.actor, TODAY, AMBER, { page: 1 }).then((p) => p.overdueCount);
    // Asked twice, so each answer is in the cache before the removal.
    for (let i = 0; i < 2; i++)
      expect([await counts(), await board(), await list(), await overdue()]).toEqual([5, 5, 5, 2]);
    await removeInspection(
      w.lead.actor,
      { inspectionId: w.wrong.inspectionId, version: 1, reason: "Wrong council" },
      REMOVED_AT,
    );
    expect([await counts(), await board(), await list(), await overdue()]).toEqual([2, 2, 2, 1]);
    await restoreInspection(w.admin.actor, { inspectionId: w.wrong.inspectionId, version: 2 }, RESTORED_AT);
    expect([await counts(), await board(), await list(), await overdue()]).toEqual([5, 5, 5, 2]);
  });

  it("refuses changes to its actions, and keeps its measure links while a measure's links are saved", async () => {
    await removeInspection(
      w.lead.actor,
      { inspectionId: w.wrong.inspectionId, version: 1, reason: "Wrong council" },
      REMOVED_AT,
    );
    const result = await changeActionStatus(
      w.lead.actor,
      { actionId: w.wrong.actionIds[1], version: 1, move: "sign_off", reason: "" },
      REMOVED_AT,
    );
    expect(result).toMatchObject({
      ok: false,
      reason: "invalid",
      message: expect.stringMatching(/removed from the plan/),
    });

    // The measure form lists only recommendations in the plan; saving it keeps the hidden link.
    await setMeasureRecommendations(w.lead.actor, w.measure.id, [w.keptRecs[1]], REMOVED_AT);
    const links = await getDb()
      .selectFrom("measure_recommendations")
      .select("recommendation_id")
      .where("measure_id", "=", w.measure.id)
      .orderBy("recommendation_id")
      .execute();
    expect(links.map((l) => l.recommendation_id)).toEqual([w.keptRecs[1], w.wrongRecs[0]].sort((a, b) => a - b));
  });
});

describe("removing and restoring", () => {
  it("is for the authority's lead or an administrator, with a version check; restoring is for administrators", async () => {
    const other = await createTestUser({ role: "improvement_lead", authorityId: (await createAuthority("Gamma")).id });
    const input = { inspectionId: w.wrong.inspectionId, version: 1, reason: "Wrong council" };
    expect(await removeInspection(other.actor, input, REMOVED_AT)).toEqual({ ok: false, reason: "not_found" });
    expect(await removeInspection(w.owner.actor, input, REMOVED_AT)).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await removeInspection(w.board.actor, input, REMOVED_AT)).toMatchObject({ ok: false, reason: "forbidden" });
    expect(await removeInspection(w.lead.actor, { ...input, version: 7 }, REMOVED_AT)).toMatchObject({
      ok: false,
      reason: "conflict",
    });
    expect(await removeInspection(w.admin.actor, input, REMOVED_AT)).toEqual({ ok: true });
    expect(await removeInspection(w.admin.actor, { ...input, version: 2 }, REMOVED_AT)).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    const restore = { inspectionId: w.wrong.inspectionId, version: 2 };
    expect(await restoreInspection(w.lead.actor, restore, RESTORED_AT)).toMatchObject({
      ok: false,
      reason: "forbidden",
    });
    expect(await restoreInspection(other.actor, restore, RESTORED_AT)).toEqual({ ok: false, reason: "not_found" });
    expect(await restoreInspection(w.admin.actor, { ...restore, version: 1 }, RESTORED_AT)).toMatchObject({
      ok: false,
      reason: "conflict",
      changedBy: "Ada Admin",
    });
    expect(await restoreInspection(w.admin.actor, restore, RESTORED_AT)).toEqual({ ok: true });
  });

  it("is audited, with the reason and what it was before", async () => {
    await removeInspection(
      w.lead.actor,
      { inspectionId: w.wrong.inspectionId, version: 1, reason: "Wrong council" },
      REMOVED_AT,
    );
    await restoreInspection(w.admin.actor, { inspectionId: w.wrong.inspectionId, version: 2 }, RESTORED_AT);
    const events = await getDb()
      .selectFrom("audit_events")
      .select(["event", "user_id", "before", "after", "at"])
      .where("entity_type", "=", "inspection")
      .where("entity_id", "=", w.wrong.inspectionId)
      .where("event", "in", ["inspection.removed", "inspection.restored"])
      .orderBy("id")
      .execute();
    expect(events.map((e) => [e.event, e.user_id, e.at])).toEqual([
      ["inspection.removed", w.lead.id, REMOVED_AT.toISOString()],
      ["inspection.restored", w.admin.id, RESTORED_AT.toISOString()],
    ]);
    expect(JSON.parse(events[0].after!)).toEqual({ title: "Focused visit to Betashire", reason: "Wrong council" });
    expect(JSON.parse(events[1].before!)).toMatchObject({ reason: "Wrong council", removedBy: w.lead.id });
  });

  it("lets the same document be imported again, and then refuses to restore the first copy", async () => {
    const text = "Focused visit to Betashire\nStrengthen the oversight of private fostering arrangements.";
    const report = buildReport({ recommendations: [buildRecommendation()] });
    const first = await importInspection({
      report,
      text,
      sourceFileName: "visit.pdf",
      authority: { id: w.alpha.id },
      basis: { kind: "publication", date: null },
      immediateGraceDays: 28,
      userId: null,
      now: REMOVED_AT,
    });
    const again = () =>
      importInspection({
        report,
        text,
        sourceFileName: "visit.pdf",
        authority: { id: w.alpha.id },
        basis: { kind: "publication", date: null },
        immediateGraceDays: 28,
        userId: null,
        now: REMOVED_AT,
      });
    expect(await again()).toEqual({ status: "duplicate", inspectionId: first.inspectionId });
    await removeInspection(
      w.lead.actor,
      { inspectionId: first.inspectionId, version: 1, reason: "Wrong council" },
      REMOVED_AT,
    );
    const second = await again();
    expect(second.status).toBe("imported");
    expect(second.inspectionId).not.toBe(first.inspectionId);
    expect(
      await restoreInspection(w.admin.actor, { inspectionId: first.inspectionId, version: 2 }, RESTORED_AT),
    ).toMatchObject({
      ok: false,
      reason: "invalid",
      message: expect.stringContaining(`inspection ${second.inspectionId}`),
    });
    // With the second copy removed instead, the first comes back with its own hash.
    await removeInspection(
      w.lead.actor,
      { inspectionId: second.inspectionId, version: 1, reason: "Duplicate" },
      RESTORED_AT,
    );
    expect(
      await restoreInspection(w.admin.actor, { inspectionId: first.inspectionId, version: 2 }, RESTORED_AT),
    ).toEqual({ ok: true });
    const row = await getDb()
      .selectFrom("inspections")
      .select("content_hash")
      .where("id", "=", first.inspectionId)
      .executeTakeFirstOrThrow();
    expect(row.content_hash).toBe(`${w.alpha.id}:${contentHash(text)}`);
  });
});
