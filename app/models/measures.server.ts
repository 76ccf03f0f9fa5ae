import type { Kysely, Transaction } from "kysely";
import { getDb } from "../../db/client";
import type { DB } from "../../db/schema";
import { type Actor, canManagePlan } from "../domain/permissions";
import { recordAuditEvent } from "./audit.server";
import { cachedForActor } from "./plan-cache.server";
import { inspectionInPlan } from "./plan-scope.server";

export type MeasureChangeResult<T = object> = ({ ok: true } & T) | { ok: false; reason: "not_found" | "forbidden" };

export interface MeasureInput {
  name: string;
  unit: string;
  higherIsBetter: boolean;
  baselineValue: number | null;
  baselinePeriod: string | null;
  targetValue: number | null;
  targetPeriod: string | null;
  notes: string;
}

export interface MeasureValueInput {
  period: string;
  periodEnd: string;
  value: number;
  statisticalNeighbours: number | null;
  england: number | null;
  source: string;
}

type Db = Kysely<DB> | Transaction<DB>;

/** Measures the actor may see: every authority's for an administrator, their own otherwise. */
function visibleMeasures(db: Db, actor: Actor) {
  let query = db.selectFrom("measures").innerJoin("authorities", "authorities.id", "measures.authority_id");
  if (actor.role !== "admin") query = query.where("measures.authority_id", "=", actor.authorityId ?? -1);
  return query;
}

const MEASURE_COLUMNS = [
  "measures.id",
  "measures.authority_id",
  "authorities.name as authority_name",
  "measures.name",
  "measures.unit",
  "measures.higher_is_better",
  "measures.baseline_value",
  "measures.baseline_period",
  "measures.target_value",
  "measures.target_period",
  "measures.notes",
] as const;

async function valuesFor(db: Db, measureIds: number[]) {
  if (measureIds.length === 0) return [];
  return db
    .selectFrom("measure_values")
    .select(["id", "measure_id", "period", "period_end", "value", "statistical_neighbours", "england", "source"])
    .where("measure_id", "in", measureIds)
    .orderBy("measure_id")
    .orderBy("period_end")
    .execute();
}

async function linksFor(db: Db, measureIds: number[]) {
  if (measureIds.length === 0) return [];
  return db
    .selectFrom("measure_recommendations")
    .innerJoin("recommendations", "recommendations.id", "measure_recommendations.recommendation_id")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .select([
      "measure_recommendations.measure_id",
      "recommendations.id",
      "recommendations.reference",
      "recommendations.text",
      "inspections.title as inspection_title",
    ])
    .where("measure_recommendations.measure_id", "in", measureIds)
    .where(inspectionInPlan)
    .orderBy("inspections.imported_at")
    .orderBy("recommendations.position")
    .execute();
}

/** Every visible measure with its values (oldest first) and linked recommendations, by authority and name. */
export async function listMeasures(actor: Actor, options: { authorityIds?: readonly number[] } = {}) {
  const authorityIds = options.authorityIds;
  if (authorityIds?.length === 0) return [];
  return cachedForActor(actor, authorityIds, ["measures"], () => readMeasures(actor, authorityIds));
}
export type MeasureSummary = Awaited<ReturnType<typeof listMeasures>>[number];

async function readMeasures(actor: Actor, authorityIds: readonly number[] | undefined) {
  const db = getDb();
  let query = visibleMeasures(db, actor);
  if (authorityIds) query = query.where("measures.authority_id", "in", authorityIds);
  const measures = await query.select(MEASURE_COLUMNS).orderBy("authorities.name").orderBy("measures.name").execute();
  const ids = measures.map((m) => m.id);
  const [values, links] = await Promise.all([valuesFor(db, ids), linksFor(db, ids)]);
  return measures.map((m) => ({
    ...m,
    higher_is_better: m.higher_is_better === 1,
    values: values.filter((v) => v.measure_id === m.id),
    recommendations: links.filter((l) => l.measure_id === m.id),
  }));
}

/** One measure with its values and links, if the actor may see it. */
export async function getMeasure(actor: Actor, measureId: number) {
  const db = getDb();
  const measure = await visibleMeasures(db, actor)
    .select(MEASURE_COLUMNS)
    .where("measures.id", "=", measureId)
    .executeTakeFirst();
  if (!measure) return undefined;
  const [values, links] = await Promise.all([valuesFor(db, [measure.id]), linksFor(db, [measure.id])]);
  return { ...measure, higher_is_better: measure.higher_is_better === 1, values, recommendations: links };
}

/** Measures linked to one recommendation, with their values, for the recommendation's page. */
export async function listMeasuresForRecommendation(actor: Actor, recommendationId: number) {
  const db = getDb();
  const measures = await visibleMeasures(db, actor)
    .innerJoin("measure_recommendations", "measure_recommendations.measure_id", "measures.id")
    .select(MEASURE_COLUMNS)
    .where("measure_recommendations.recommendation_id", "=", recommendationId)
    .orderBy("measures.name")
    .execute();
  const values = await valuesFor(
    db,
    measures.map((m) => m.id),
  );
  return measures.map((m) => ({
    ...m,
    higher_is_better: m.higher_is_better === 1,
    values: values.filter((v) => v.measure_id === m.id),
  }));
}

/** The recommendations of an authority's inspections, newest inspection first, for the link checkboxes. */
export async function listLinkableRecommendations(authorityId: number) {
  return getDb()
    .selectFrom("recommendations")
    .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
    .select([
      "recommendations.id",
      "recommendations.reference",
      "recommendations.text",
      "inspections.id as inspection_id",
      "inspections.title as inspection_title",
    ])
    .where("inspections.authority_id", "=", authorityId)
    .where(inspectionInPlan)
    .orderBy("inspections.imported_at", "desc")
    .orderBy("recommendations.position")
    .execute();
}

function measureRow(input: MeasureInput) {
  return {
    name: input.name,
    unit: input.unit,
    higher_is_better: input.higherIsBetter ? 1 : 0,
    baseline_value: input.baselineValue,
    baseline_period: input.baselinePeriod,
    target_value: input.targetValue,
    target_period: input.targetPeriod,
    notes: input.notes,
  };
}

/** A lead (or administrator) adds a measure to an authority they manage. */
export async function createMeasure(
  actor: Actor,
  authorityId: number,
  input: MeasureInput,
  now: Date,
): Promise<MeasureChangeResult<{ measureId: number }>> {
  if (!canManagePlan(actor, authorityId)) return { ok: false, reason: "forbidden" };
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const row = { ...measureRow(input), authority_id: authorityId, created_at: now.toISOString() };
      const { id } = await trx.insertInto("measures").values(row).returning("id").executeTakeFirstOrThrow();
      await recordAuditEvent(trx, {
        userId: actor.id,
        authorityId,
        entityType: "measure",
        entityId: id,
        event: "measure.created",
        after: measureRow(input),
        at: now,
      });
      return { ok: true as const, measureId: id };
    });
}

/** The measure's authority, if the actor may see it, inside a transaction. */
async function scopedMeasure(trx: Db, actor: Actor, measureId: number) {
  return visibleMeasures(trx, actor)
    .select(["measures.id", "measures.authority_id"])
    .where("measures.id", "=", measureId)
    .executeTakeFirst();
}

async function changeMeasure(
  actor: Actor,
  measureId: number,
  change: (trx: Transaction<DB>, authorityId: number) => Promise<void>,
): Promise<MeasureChangeResult> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const measure = await scopedMeasure(trx, actor, measureId);
      if (!measure) return { ok: false as const, reason: "not_found" as const };
      if (!canManagePlan(actor, measure.authority_id)) return { ok: false as const, reason: "forbidden" as const };
      await change(trx, measure.authority_id);
      return { ok: true as const };
    });
}

export async function updateMeasure(
  actor: Actor,
  measureId: number,
  input: MeasureInput,
  now: Date,
): Promise<MeasureChangeResult> {
  return changeMeasure(actor, measureId, async (trx, authorityId) => {
    const before = await trx
      .selectFrom("measures")
      .select([
        "name",
        "unit",
        "higher_is_better",
        "baseline_value",
        "baseline_period",
        "target_value",
        "target_period",
        "notes",
      ])
      .where("id", "=", measureId)
      .where("authority_id", "=", authorityId)
      .executeTakeFirstOrThrow();
    const after = measureRow(input);
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => before[k] !== after[k]);
    if (changed.length === 0) return;
    await trx
      .updateTable("measures")
      .set(after)
      .where("id", "=", measureId)
      .where("authority_id", "=", authorityId)
      .execute();
    await recordAuditEvent(trx, {
      userId: actor.id,
      authorityId,
      entityType: "measure",
      entityId: measureId,
      event: "measure.changed",
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      at: now,
    });
  });
}

/** Records the value for a period; a second value for the same period end replaces the first (audited). */
export async function recordMeasureValue(
  actor: Actor,
  measureId: number,
  input: MeasureValueInput,
  now: Date,
): Promise<MeasureChangeResult> {
  return changeMeasure(actor, measureId, async (trx, authorityId) => {
    const row = {
      period: input.period,
      value: input.value,
      statistical_neighbours: input.statisticalNeighbours,
      england: input.england,
      source: input.source,
      recorded_by: actor.id,
      recorded_at: now.toISOString(),
    };
    const before = await trx
      .selectFrom("measure_values")
      .select(["period", "value", "statistical_neighbours", "england", "source"])
      .where("measure_id", "=", measureId)
      .where("period_end", "=", input.periodEnd)
      .executeTakeFirst();
    await trx
      .insertInto("measure_values")
      .values({ ...row, measure_id: measureId, period_end: input.periodEnd })
      .onConflict((oc) => oc.columns(["measure_id", "period_end"]).doUpdateSet(row))
      .execute();
    await recordAuditEvent(trx, {
      userId: actor.id,
      authorityId,
      entityType: "measure",
      entityId: measureId,
      event: before ? "measure.value_corrected" : "measure.value_recorded",
      before: before ?? null,
      after: {
        period: input.period,
        periodEnd: input.periodEnd,
        value: input.value,
        statisticalNeighbours: input.statisticalNeighbours,
        england: input.england,
        source: input.source,
      },
      at: now,
    });
  });
}

/**
 * Makes the measure's linked recommendations in the plan exactly `recommendationIds`; ids outside
 * the measure's authority are ignored. Links to a removed inspection's recommendations are not on
 * the form and stay as they are, for a restoration to bring back.
 */
export async function setMeasureRecommendations(
  actor: Actor,
  measureId: number,
  recommendationIds: number[],
  now: Date,
): Promise<MeasureChangeResult> {
  return changeMeasure(actor, measureId, async (trx, authorityId) => {
    const allowed =
      recommendationIds.length === 0
        ? []
        : (
            await trx
              .selectFrom("recommendations")
              .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
              .select("recommendations.id")
              .where("inspections.authority_id", "=", authorityId)
              .where(inspectionInPlan)
              .where("recommendations.id", "in", recommendationIds)
              .execute()
          ).map((r) => r.id);
    const current = (
      await trx
        .selectFrom("measure_recommendations")
        .innerJoin("recommendations", "recommendations.id", "measure_recommendations.recommendation_id")
        .innerJoin("inspections", "inspections.id", "recommendations.inspection_id")
        .select("measure_recommendations.recommendation_id")
        .where("measure_recommendations.measure_id", "=", measureId)
        .where(inspectionInPlan)
        .execute()
    ).map((r) => r.recommendation_id);
    const added = allowed.filter((id) => !current.includes(id));
    const removed = current.filter((id) => !allowed.includes(id));
    if (added.length === 0 && removed.length === 0) return;
    if (removed.length > 0) {
      await trx
        .deleteFrom("measure_recommendations")
        .where("measure_id", "=", measureId)
        .where("recommendation_id", "in", removed)
        .execute();
    }
    if (added.length > 0) {
      await trx
        .insertInto("measure_recommendations")
        .values(added.map((recommendation_id) => ({ measure_id: measureId, recommendation_id })))
        .execute();
    }
    await recordAuditEvent(trx, {
      userId: actor.id,
      authorityId,
      entityType: "measure",
      entityId: measureId,
      event: "measure.recommendations_changed",
      before: { recommendationIds: current },
      after: { recommendationIds: allowed, added, removed },
      at: now,
    });
  });
}
