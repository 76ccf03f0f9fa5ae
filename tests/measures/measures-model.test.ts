import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { latestImpactLevels, listImpactJudgements, recordImpactJudgement } from "../../app/models/impact.server";
import {
  createMeasure,
  getMeasure,
  listMeasures,
  listMeasuresForRecommendation,
  recordMeasureValue,
  setMeasureRecommendations,
  updateMeasure,
} from "../../app/models/measures.server";
import { NOW } from "../factories";
import { measuresWorld, RE_REFERRALS } from "./world";

let w: Awaited<ReturnType<typeof measuresWorld>>;
beforeEach(async () => {
  w = await measuresWorld();
});

const value = (period: string, periodEnd: string, v: number, comparators: { sn?: number; england?: number } = {}) => ({
  period,
  periodEnd,
  value: v,
  statisticalNeighbours: comparators.sn ?? null,
  england: comparators.england ?? null,
  source: "Mid-year report",
});

async function auditEvents() {
  return getDb().selectFrom("audit_events").select(["entity_type", "entity_id", "event", "authority_id", "user_id"]).where("entity_type", "=", "measure").orderBy("id").execute();
}

async function newMeasure() {
  const created = await createMeasure(w.lead.actor, w.authority.id, RE_REFERRALS, NOW);
  if (!created.ok) throw new Error("not created");
  return created.measureId;
}

describe("measures", () => {
  it("are added by a lead for their own authority only, and audited", async () => {
    const measureId = await newMeasure();
    expect(await createMeasure(w.board.actor, w.authority.id, RE_REFERRALS, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(await createMeasure(w.outsider.actor, w.authority.id, RE_REFERRALS, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(await auditEvents()).toEqual([{ entity_type: "measure", entity_id: measureId, event: "measure.created", authority_id: w.authority.id, user_id: w.lead.id }]);
  });

  it("keep values in period order; a second value for a period end corrects the first", async () => {
    const measureId = await newMeasure();
    await recordMeasureValue(w.lead.actor, measureId, value("2018/19", "2019-03-31", 16.5, { sn: 16.3, england: 22.6 }), NOW);
    await recordMeasureValue(w.lead.actor, measureId, value("2017/18", "2018-03-31", 15.5), NOW);
    await recordMeasureValue(w.lead.actor, measureId, value("2017/18", "2018-03-31", 15.6, { sn: 15, england: 22 }), NOW);
    const measure = await getMeasure(w.board.actor, measureId);
    expect(measure?.values.map((v) => [v.period, v.value, v.statistical_neighbours, v.england])).toEqual([
      ["2017/18", 15.6, 15, 22],
      ["2018/19", 16.5, 16.3, 22.6],
    ]);
    expect((await auditEvents()).map((e) => e.event)).toEqual([
      "measure.created",
      "measure.value_recorded",
      "measure.value_recorded",
      "measure.value_corrected",
    ]);
  });

  it("are changed only by the authority's lead or an administrator", async () => {
    const measureId = await newMeasure();
    const edit = { ...RE_REFERRALS, name: "Re-referrals (12 months)" };
    expect(await updateMeasure(w.manager.actor, measureId, edit, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(await updateMeasure(w.board.actor, measureId, edit, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(await updateMeasure(w.outsider.actor, measureId, edit, NOW)).toEqual({ ok: false, reason: "not_found" });
    expect(await recordMeasureValue(w.outsider.actor, measureId, value("2019", "2019-12-31", 1), NOW)).toEqual({ ok: false, reason: "not_found" });
    expect(await updateMeasure(w.admin.actor, measureId, edit, NOW)).toEqual({ ok: true });
    expect((await getMeasure(w.lead.actor, measureId))?.name).toBe("Re-referrals (12 months)");
    const changed = await getDb().selectFrom("audit_events").select(["before", "after"]).where("event", "=", "measure.changed").executeTakeFirstOrThrow();
    expect(JSON.parse(changed.after!)).toEqual({ name: "Re-referrals (12 months)" });
  });

  it("are listed only for the authorities the person can see", async () => {
    await newMeasure();
    expect((await listMeasures(w.board.actor)).map((m) => m.name)).toEqual([RE_REFERRALS.name]);
    expect(await listMeasures(w.outsider.actor)).toEqual([]);
    expect(await getMeasure(w.outsider.actor, (await listMeasures(w.admin.actor))[0].id)).toBeUndefined();
  });

  it("link to the authority's own recommendations only", async () => {
    const measureId = await newMeasure();
    const [first, second] = w.recommendationIds;
    await setMeasureRecommendations(w.lead.actor, measureId, [first, second, w.otherRecommendationIds[0]], NOW);
    expect((await getMeasure(w.lead.actor, measureId))?.recommendations.map((r) => r.id)).toEqual([first, second]);
    await setMeasureRecommendations(w.lead.actor, measureId, [second], NOW);
    expect((await getMeasure(w.lead.actor, measureId))?.recommendations.map((r) => r.id)).toEqual([second]);
    expect((await listMeasuresForRecommendation(w.board.actor, second)).map((m) => m.id)).toEqual([measureId]);
    expect(await listMeasuresForRecommendation(w.outsider.actor, second)).toEqual([]);
    expect(await setMeasureRecommendations(w.board.actor, measureId, [], NOW)).toEqual({ ok: false, reason: "forbidden" });
    const events = await getDb().selectFrom("audit_events").select("after").where("event", "=", "measure.recommendations_changed").orderBy("id").execute();
    expect(events.map((e) => JSON.parse(e.after!))).toEqual([
      { recommendationIds: [first, second], added: [first, second], removed: [] },
      { recommendationIds: [second], added: [], removed: [first] },
    ]);
  });
});

describe("impact judgements", () => {
  it("keep their history; the latest is current", async () => {
    const [first, second] = w.recommendationIds;
    await recordImpactJudgement(w.lead.actor, { recommendationId: first, level: "none", rationale: "Too early" }, new Date("2024-10-01T09:00:00Z"));
    await recordImpactJudgement(w.lead.actor, { recommendationId: first, level: "emerging", rationale: "Audit: 16 of 20 good" }, new Date("2024-12-01T09:00:00Z"));
    expect((await listImpactJudgements(w.board.actor, first)).map((j) => [j.level, j.rationale, j.judged_by_name])).toEqual([
      ["emerging", "Audit: 16 of 20 good", w.lead.name],
      ["none", "Too early", w.lead.name],
    ]);
    expect(await listImpactJudgements(w.outsider.actor, first)).toEqual([]);
    expect(await latestImpactLevels([first, second])).toEqual({ [first]: "emerging" });
    const events = await getDb().selectFrom("audit_events").select(["entity_type", "entity_id", "event", "before"]).where("entity_type", "=", "recommendation").orderBy("id").execute();
    expect(events.map((e) => [e.entity_type, e.entity_id, e.event, e.before])).toEqual([
      ["recommendation", first, "recommendation.impact_judged", null],
      ["recommendation", first, "recommendation.impact_judged", JSON.stringify({ level: "none" })],
    ]);
  });

  it("are for the authority's lead or an administrator", async () => {
    const [first] = w.recommendationIds;
    const input = { recommendationId: first, level: "strong" as const, rationale: "Feedback" };
    expect(await recordImpactJudgement(w.board.actor, input, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(await recordImpactJudgement(w.manager.actor, input, NOW)).toEqual({ ok: false, reason: "forbidden" });
    expect(await recordImpactJudgement(w.outsider.actor, input, NOW)).toEqual({ ok: false, reason: "not_found" });
    expect(await recordImpactJudgement(w.admin.actor, input, NOW)).toEqual({ ok: true });
  });
});
